//! Public pages: log in, log out, and the first-run setup that creates the
//! first coach while no coach exists.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{forms, render, see_other, Chrome, FieldErrors, Form, PublicPage};
use crate::auth::client;
use crate::auth::password::{self};
use crate::auth::rate_limit::Refusal;
use crate::auth::return_to::after_login;
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::user::{validate_email, validate_name, Role, User};

/// The longest email address the login form reads.
const MAX_EMAIL: usize = 254;

#[derive(Template)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(
    page: PublicPage,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = after_login(query.next.as_deref());
    if page.logged_in()? {
        return Ok(see_other(&next));
    }
    render(
        StatusCode::OK,
        &LoginPage {
            chrome: page.chrome()?,
            email: String::new(),
            next,
            error: String::new(),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    req: HttpRequest,
    page: PublicPage,
    state: web::Data<crate::state::AppState>,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let (limiter, gate) = (&state.limiter, &state.gate);
    let now = page.now;
    let client = client::address(&req);
    let account_key = format!("account:{}", form.email.trim().to_lowercase());
    let keys = [format!("ip:{client}"), account_key.clone()];
    // Counted before the password is checked, so parallel guesses cannot
    // all slip under the cap.
    let attempt = match limiter.reserve(&keys, now) {
        Ok(attempt) => attempt,
        Err(Refusal::Locked { retry_after_secs }) => {
            tracing::warn!(%client, "login rate limit reached");
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        Err(Refusal::Crowded) => {
            return Err(AppError::Busy {
                retry_after_secs: password::BUSY_RETRY_SECS,
            })
        }
    };

    // Bounded before anything is looked up or hashed: an over-long value
    // cannot match an account.
    let email = form.email.chars().take(MAX_EMAIL + 1).collect::<String>();
    let given = form
        .password
        .chars()
        .take(password::MAX_LEN + 1)
        .collect::<String>();
    let checked = async {
        let user = page
            .read(move |conn| Ok(User::find_by_email(conn, &email)?))
            .await?;
        gate.run(move || match user {
            Some(user) => password::verify(&given, &user.password_hash).then_some(user),
            None => {
                password::verify_dummy(&given);
                None
            }
        })
        .await
    }
    .await;
    let verified = match checked {
        Ok(verified) => verified,
        Err(e) => {
            // No password was checked: the attempt does not count.
            attempt.hand_back();
            return Err(e);
        }
    };

    let error = match verified {
        Some(user) if user.active => {
            attempt.succeeded(&account_key);
            page.session.log_in(&user, now.timestamp())?;
            tracing::info!(user_id = user.id, %client, "logged in");
            return Ok(see_other(&after_login(form.next.as_deref())));
        }
        Some(user) => {
            attempt.hand_back();
            tracing::info!(user_id = user.id, %client, "refused a login to a disabled account");
            "This account is disabled. Ask your coach to turn it back on."
        }
        None => {
            attempt.failed();
            // Debug quotes and escapes what was typed, so it cannot forge lines.
            let account: String = form.email.trim().chars().take(100).collect();
            tracing::info!(%client, ?account, "failed login");
            "That email and password do not match an account."
        }
    };
    render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &LoginPage {
            chrome: page.chrome()?,
            email: form.email.chars().take(MAX_EMAIL).collect(),
            next: after_login(form.next.as_deref()),
            error: error.to_string(),
        },
    )
}

pub async fn logout(page: PublicPage) -> HttpResponse {
    page.session.purge();
    let mut response = see_other("/login");
    // The browser drops every cookie of this site, whatever else it kept.
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("clear-site-data"),
        actix_web::http::header::HeaderValue::from_static("\"cookies\""),
    );
    response
}

#[derive(Template)]
#[template(path = "auth/setup.html")]
pub struct SetupPage {
    chrome: Chrome,
    form: SetupForm,
    errors: FieldErrors,
    /// Every zone chrono-tz knows, for the list.
    time_zones: Vec<&'static str>,
    /// A fresh form: static/app.js may preselect the browser's zone.
    preselect_zone: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupForm {
    /// The token the server printed at start-up (`auth::setup_token`).
    setup_token: String,
    department: String,
    name: String,
    email: String,
    password: String,
    confirm: String,
    /// The department's time zone (empty: keep the one configured).
    time_zone: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupQuery {
    token: String,
}

/// GET /setup, or /setup?token=... as the server's log prints it (the
/// token is then filled in).
pub async fn setup_form(
    page: PublicPage,
    query: web::Query<SetupQuery>,
) -> Result<HttpResponse, AppError> {
    if page.read(|conn| Ok(User::any_coach(conn)?)).await? {
        return Ok(see_other("/login"));
    }
    render(
        StatusCode::OK,
        &SetupPage {
            chrome: page.chrome()?,
            form: SetupForm {
                setup_token: query.into_inner().token,
                department: page.department.name.clone(),
                time_zone: page.department.tz().name().to_string(),
                ..SetupForm::default()
            },
            errors: FieldErrors::default(),
            time_zones: forms::time_zones(),
            preselect_zone: true,
        },
    )
}

pub const SETUP_TOKEN_NEEDED: &str = "Enter the setup token the server printed when it started.";

const SETUP_DONE: &str =
    "Setup is already done: this department has a coach. Log in, or ask a coach for an account.";

pub async fn setup(
    page: PublicPage,
    state: web::Data<crate::state::AppState>,
    Form(mut form): Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let gate = &state.gate;
    if page.read(|conn| Ok(User::any_coach(conn)?)).await? {
        return Err(AppError::Forbidden(SETUP_DONE));
    }
    let mut errors = FieldErrors::default();
    if !state.setup_token.accepts(&form.setup_token) {
        errors.add("setup_token", SETUP_TOKEN_NEEDED);
    }
    errors.check("department", validate_name(&form.department));
    errors.check("name", validate_name(&form.name));
    errors.check("email", validate_email(&form.email));
    errors.check(
        "password",
        password::validate_new(&form.password, &form.confirm),
    );
    let tz = match form.time_zone.trim() {
        "" => page.department.tz(),
        zone => forms::listed_time_zone(zone).unwrap_or_else(|| {
            errors.add(
                "time_zone",
                "Choose the department's time zone from the list.",
            );
            page.department.tz()
        }),
    };
    if !errors.is_empty() {
        form.password.clear();
        form.confirm.clear();
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SetupPage {
                chrome: page.chrome()?,
                form,
                errors,
                time_zones: forms::time_zones(),
                preselect_zone: false,
            },
        );
    }
    let pw = form.password.clone();
    let hash = gate.run(move || password::hash(&pw)).await??;
    let units = page.department.units();
    let (user, department) = page
        .write(move |conn| {
            // Checked again inside the write lock: two racing setups make one coach.
            if User::any_coach(conn)? {
                return Err(AppError::Forbidden(SETUP_DONE));
            }
            Department::save_general(conn, &form.department, tz, units)?;
            let user = User::create(conn, &form.email, &form.name, &hash, Role::Coach)?;
            Ok((user, Department::get(conn)?))
        })
        .await?;
    page.settings_saved(department);
    page.session.log_in(&user, page.now.timestamp())?;
    page.session
        .set_flash("Welcome to Bridgework. Check the department settings below.")?;
    tracing::info!(user_id = user.id, "first coach created");
    Ok(see_other("/settings"))
}

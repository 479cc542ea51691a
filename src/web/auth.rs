//! Public pages: log in, log out, and the first-run setup that creates the
//! first coach while no coach exists.

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::{render, see_other, Chrome, FieldErrors};
use crate::auth::password::HashGate;
use crate::auth::rate_limit::{LoginLimiter, Refusal};
use crate::auth::return_to::after_login;
use crate::auth::{client, password, AppSession, CurrentUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::user::{validate_email, validate_name, Role, User};

#[derive(Template, WebTemplate)]
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
    req: HttpRequest,
    session: AppSession,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = after_login(query.next.as_deref());
    if CurrentUser::extract(&req).await.is_ok() {
        return Ok(see_other(&next));
    }
    render(
        StatusCode::OK,
        &LoginPage {
            chrome: Chrome::public(&session)?,
            email: String::new(),
            next,
            error: String::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    req: HttpRequest,
    session: AppSession,
    pool: web::Data<DbPool>,
    limiter: web::Data<LoginLimiter>,
    gate: web::Data<HashGate>,
    clock: web::Data<Clock>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let now = clock.now();
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

    let email = form.email.clone();
    let given = form.password.clone();
    let checked = async {
        let user = db::run(&pool, move |conn| Ok(User::find_by_email(conn, &email)?)).await?;
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
            session.log_in(&user, now.timestamp())?;
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
            chrome: Chrome::public(&session)?,
            email: form.email,
            next: after_login(form.next.as_deref()),
            error: error.to_string(),
        },
    )
}

pub async fn logout(session: AppSession) -> HttpResponse {
    session.purge();
    see_other("/login")
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/setup.html")]
pub struct SetupPage {
    chrome: Chrome,
    form: SetupForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct SetupForm {
    department: String,
    name: String,
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn coach_exists(pool: &DbPool) -> Result<bool, AppError> {
    db::run(pool, |conn| Ok(User::any_coach(conn)?)).await
}

pub async fn setup_form(
    session: AppSession,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    if coach_exists(&pool).await? {
        return Ok(see_other("/login"));
    }
    let department = db::run(&pool, |conn| Ok(Department::get(conn)?)).await?;
    render(
        StatusCode::OK,
        &SetupPage {
            chrome: Chrome::public(&session)?,
            form: SetupForm {
                department: department.name,
                ..SetupForm::default()
            },
            errors: FieldErrors::default(),
        },
    )
}

const SETUP_DONE: &str =
    "Setup is already done: this department has a coach. Log in, or ask a coach for an account.";

pub async fn setup(
    session: AppSession,
    pool: web::Data<DbPool>,
    gate: web::Data<HashGate>,
    clock: web::Data<Clock>,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    if coach_exists(&pool).await? {
        return Err(AppError::Forbidden(SETUP_DONE));
    }
    let mut errors = FieldErrors::default();
    errors.check("department", validate_name(&form.department));
    errors.check("name", validate_name(&form.name));
    errors.check("email", validate_email(&form.email));
    errors.check(
        "password",
        password::validate_new(&form.password, &form.confirm),
    );
    if !errors.is_empty() {
        form.password.clear();
        form.confirm.clear();
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SetupPage {
                chrome: Chrome::public(&session)?,
                form,
                errors,
            },
        );
    }
    let pw = form.password.clone();
    let hash = gate.run(move || password::hash(&pw)).await??;
    let user = db::write(&pool, move |conn| {
        // Checked again inside the write lock: two racing setups make one coach.
        if User::any_coach(conn)? {
            return Err(AppError::Forbidden(SETUP_DONE));
        }
        let department = Department::get(conn)?;
        Department::save_general(conn, &form.department, department.tz(), department.units())?;
        Ok(User::create(
            conn,
            &form.email,
            &form.name,
            &hash,
            Role::Coach,
        )?)
    })
    .await?;
    session.log_in(&user, clock.now().timestamp())?;
    session.set_flash("Welcome to Bridgework. Check the department settings below.")?;
    tracing::info!(user_id = user.id, "first coach created");
    Ok(see_other("/settings"))
}

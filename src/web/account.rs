//! The account page: anyone logged in changes their own password. The
//! current password is required; once the new one is saved every other
//! session of the account ends, and this one continues under a new key.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{render, see_other, Chrome, FieldErrors, Form, UserPage};
use crate::auth::password::{self};
use crate::auth::rate_limit::Refusal;
use crate::error::AppError;
use crate::models::user::User;

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

pub async fn password_form(page: UserPage) -> Result<HttpResponse, AppError> {
    let user = page.user().await?;
    render(
        StatusCode::OK,
        &PasswordPage {
            chrome: page.chrome(&user)?,
            errors: FieldErrors::default(),
        },
    )
}

pub async fn change_password(
    page: UserPage,
    state: web::Data<crate::state::AppState>,
    Form(form): Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let (limiter, gate) = (&state.limiter, &state.gate);
    let user = page.user().await?;
    // The current password is guessed no faster than a login.
    let key = [format!("account:{}", user.email.to_lowercase())];
    let attempt = match limiter.reserve(&key, page.now) {
        Ok(attempt) => attempt,
        Err(Refusal::Locked { retry_after_secs }) => {
            return Err(AppError::TooManyRequests { retry_after_secs })
        }
        Err(Refusal::Crowded) => {
            return Err(AppError::Busy {
                retry_after_secs: password::BUSY_RETRY_SECS,
            })
        }
    };
    let mut errors = FieldErrors::default();
    errors.check(
        "password",
        password::validate_new(&form.password, &form.confirm),
    );
    let current = form
        .current
        .chars()
        .take(password::MAX_LEN + 1)
        .collect::<String>();
    let stored = user.password_hash.clone();
    let matches = match gate.run(move || password::verify(&current, &stored)).await {
        Ok(matches) => matches,
        Err(e) => {
            attempt.hand_back();
            return Err(e);
        }
    };
    if matches {
        attempt.hand_back();
    } else {
        attempt.failed();
        tracing::warn!(user_id = user.id, "password change: wrong current password");
        errors.add("current", "That is not your current password.");
    }
    if !errors.is_empty() {
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                chrome: page.chrome(&user)?,
                errors,
            },
        );
    }
    let new = form.password;
    let hash = gate.run(move || password::hash(&new)).await??;
    let (user, ()) = page
        .write(move |conn, user| Ok(User::set_password(conn, user.id, &hash)?))
        .await?;
    page.forget_sessions(user.id);
    page.session.log_in(&user, page.now.timestamp())?;
    page.session
        .set_flash("Password changed. Your other devices are logged out.")?;
    tracing::info!(user_id = user.id, "password changed");
    Ok(see_other("/"))
}

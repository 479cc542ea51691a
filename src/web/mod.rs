//! The pages: one module per page group, each with its handlers and view
//! structs. This file wires the routes and holds what every page shares.

pub mod assets;
pub mod auth;
pub mod catalog;
pub mod charts;
pub mod crew;
pub mod forms;
pub mod health;
pub mod home;
pub mod invites;
pub mod progress;
pub mod range_tests;
pub mod roster;
pub mod settings;
pub mod variations;
pub mod workout;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::auth::{AppSession, CurrentUser};
use crate::error::AppError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(health::healthz)))
        .service(web::resource("/static/{file}").route(web::get().to(assets::serve)))
        .service(
            web::resource("/login")
                .route(web::get().to(auth::login_form))
                .route(web::post().to(auth::login)),
        )
        .service(web::resource("/logout").route(web::post().to(auth::logout)))
        .service(
            web::resource("/setup")
                .route(web::get().to(auth::setup_form))
                .route(web::post().to(auth::setup)),
        )
        .service(web::resource("/").route(web::get().to(home::home)))
        .service(
            web::resource("/settings")
                .route(web::get().to(settings::show))
                .route(web::post().to(settings::save)),
        )
        .service(
            web::resource("/settings/rotation")
                .route(web::get().to(settings::rotation_form))
                .route(web::post().to(settings::save_rotation)),
        )
        .service(web::resource("/crew").route(web::get().to(crew::list)))
        .service(
            web::resource("/crew/new")
                .route(web::get().to(crew::new_form))
                .route(web::post().to(crew::create)),
        )
        .service(web::resource("/crew/{id}").route(web::get().to(crew::show)))
        .service(
            web::resource("/crew/{id}/edit")
                .route(web::get().to(crew::edit_form))
                .route(web::post().to(crew::update)),
        )
        .service(web::resource("/crew/{id}/deactivate").route(web::post().to(crew::deactivate)))
        .service(web::resource("/crew/{id}/reactivate").route(web::post().to(crew::reactivate)))
        .service(web::resource("/crew/{id}/invite").route(web::post().to(invites::invite_member)))
        .service(web::resource("/crew/{id}/stage").route(web::post().to(progress::change_stage)))
        .service(
            web::resource("/crew/{id}/variations")
                .route(web::post().to(variations::save_variations)),
        )
        .service(
            web::resource("/crew/{id}/auto-advance")
                .route(web::post().to(variations::save_auto_advance)),
        )
        .service(
            web::resource("/crew/{id}/dose")
                .route(web::get().to(progress::dose_form))
                .route(web::post().to(progress::save_dose)),
        )
        .service(
            web::resource("/assign")
                .route(web::get().to(progress::assign_form))
                .route(web::post().to(progress::assign)),
        )
        .service(web::resource("/log").route(web::post().to(workout::member_log)))
        .service(web::resource("/history").route(web::get().to(workout::history)))
        .service(web::resource("/sessions/{id}").route(web::get().to(workout::result)))
        .service(
            web::resource("/crew/{id}/log")
                .route(web::get().to(workout::coach_log_form))
                .route(web::post().to(workout::coach_log)),
        )
        .service(
            web::resource("/crew/{id}/flags/{flag}/resolve")
                .route(web::post().to(progress::resolve_flag)),
        )
        .service(web::resource("/catalog").route(web::get().to(catalog::list)))
        .service(web::resource("/catalog/{n}").route(web::get().to(catalog::stage)))
        .service(web::resource("/coaches").route(web::get().to(invites::coaches)))
        .service(web::resource("/coaches/invite").route(web::post().to(invites::invite_coach)))
        .service(
            web::resource("/invite/{token}")
                .route(web::get().to(invites::accept_form))
                .route(web::post().to(invites::accept)),
        )
        .configure(range_tests::routes);
}

/// What the layout needs on every page: who is logged in, the CSRF token for
/// its forms (the logout button is one), and a one-shot message.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub user_name: Option<String>,
    pub is_coach: bool,
    pub department: String,
    pub csrf: String,
    pub flash: Option<String>,
}

impl Chrome {
    /// For a page shown to someone logged in.
    pub fn new(session: &AppSession, current: &CurrentUser) -> Result<Chrome, AppError> {
        Ok(Chrome {
            user_name: Some(current.user.name.clone()),
            is_coach: current.is_coach(),
            department: current.department.name.clone(),
            csrf: session.csrf_token()?,
            flash: session.take_flash(),
        })
    }

    /// For a public page with forms (login, setup, invitations).
    pub fn public(session: &AppSession) -> Result<Chrome, AppError> {
        Ok(Chrome {
            csrf: session.csrf_token()?,
            flash: session.take_flash(),
            ..Chrome::default()
        })
    }

    /// For error pages, which have no session at hand.
    pub fn anonymous() -> Chrome {
        Chrome::default()
    }
}

/// Renders a page with a given status (a form shown again with its errors is
/// 422, so scripts and tests can tell it from a success).
pub fn render<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Redirect after a successful POST (303, so the browser follows with GET).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A field's error message, shown beside it.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn check(&mut self, field: &'static str, result: Result<(), impl Into<String>>) {
        if let Err(message) = result {
            self.add(field, message);
        }
    }

    /// The message for a field, or "" (templates test `!= ""`).
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The status of a page showing this form: 422 when it has errors.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

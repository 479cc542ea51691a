//! The pages: one module per page group, each with its handlers and view
//! structs. This file wires the routes and holds what every page shares.

pub mod assets;
pub mod auth;
pub mod charts;
pub mod health;
pub mod home;
pub mod range_tests;
pub mod settings;

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

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

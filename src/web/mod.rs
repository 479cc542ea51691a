//! The pages: one module per page group, each with its handlers and view
//! structs. This file wires the routes and holds what every page shares.

pub mod access_record;
pub mod account;
pub mod assets;
pub mod attention;
pub mod auth;
pub mod catalog;
pub mod coaches;
pub mod crew;
pub mod erase;
pub mod errors;
pub mod exports;
pub mod feeds;
pub mod forms;
pub mod head;
pub mod health;
pub mod home;
pub mod invites;
pub mod member_data;
pub mod page;
pub mod print;
pub mod program;
pub mod progress;
pub mod range_tests;
pub mod reassign;
pub mod roster;
pub mod settings;
pub mod setup_demo;
pub mod statement;
pub mod variations;
pub mod workout;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

pub use forms::{FieldErrors, Form};
pub use page::{render, CoachPage, CoachingPage, MemberPage, OfficerPage, PublicPage, UserPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The home page first: routes are tried in order, and it is the one
    // opened most (a member's today page, a coach's roster).
    cfg.service(web::resource("/").route(web::get().to(home::home)))
        .service(web::resource("/roster").route(web::get().to(roster::dashboard)))
        .service(
            web::resource("/attention/{member}/{reason}").route(web::post().to(attention::decide)),
        )
        .service(web::resource("/healthz").route(web::get().to(health::healthz)))
        .service(web::resource("/static/{file}").route(web::get().to(assets::serve)))
        .service(web::resource("/sw.js").route(web::get().to(assets::service_worker)))
        .service(
            web::resource("/login")
                .route(web::get().to(auth::login_form))
                .route(web::post().to(auth::login)),
        )
        .service(web::resource("/logout").route(web::post().to(auth::logout)))
        .service(
            web::resource("/account/password")
                .route(web::get().to(account::password_form))
                .route(web::post().to(account::change_password)),
        )
        .service(
            web::resource("/setup")
                .route(web::get().to(auth::setup_form))
                .route(web::post().to(auth::setup)),
        )
        .service(web::resource("/setup/demo").route(web::post().to(setup_demo::explore)))
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
        .service(
            web::resource("/settings/statement").route(web::post().to(settings::save_statement)),
        )
        .service(
            web::resource("/statement")
                .route(web::get().to(statement::show))
                .route(web::post().to(statement::acknowledge)),
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
        .service(
            web::resource("/crew/{id}/deactivate")
                .route(web::get().to(reassign::confirm_deactivate))
                .route(web::post().to(crew::deactivate)),
        )
        .service(
            web::resource("/crew/{id}/reassign")
                .route(web::get().to(reassign::form))
                .route(web::post().to(reassign::save)),
        )
        .service(
            web::resource("/crew/{id}/erase")
                .route(web::get().to(erase::confirm))
                .route(web::post().to(erase::erase)),
        )
        .service(web::resource("/crew/{id}/reactivate").route(web::post().to(crew::reactivate)))
        .service(web::resource("/crew/{id}/invite").route(web::post().to(invites::invite_member)))
        .service(
            web::resource("/crew/{id}/reset-password")
                .route(web::post().to(invites::reset_member_password)),
        )
        .service(web::resource("/crew/{id}/stage").route(web::post().to(progress::change_stage)))
        .service(web::resource("/crew/{id}/hold").route(web::post().to(progress::hold)))
        .service(web::resource("/crew/{id}/hold/end").route(web::post().to(progress::end_hold)))
        .service(
            web::resource("/crew/{id}/variations")
                .route(web::post().to(variations::save_variations)),
        )
        .service(
            web::resource("/crew/{id}/single-leg")
                .route(web::post().to(variations::add_single_leg)),
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
        .service(web::resource("/log").route(web::post().to(workout::log::member_log)))
        .service(web::resource("/history").route(web::get().to(workout::history::history)))
        .service(web::resource("/history/data.json").route(web::get().to(member_data::mine)))
        .service(web::resource("/history/data.zip").route(web::get().to(member_data::mine_zip)))
        .service(
            web::resource("/crew/{id}/data.json").route(web::get().to(member_data::for_member)),
        )
        .service(
            web::resource("/crew/{id}/data.zip").route(web::get().to(member_data::for_member_zip)),
        )
        .service(web::resource("/sessions/{id}").route(web::get().to(workout::result::result)))
        .service(web::resource("/sessions/{id}/undo").route(web::post().to(workout::result::undo)))
        .service(web::resource("/sessions/{id}/void").route(web::post().to(workout::result::void)))
        .service(
            web::resource("/crew/{id}/log")
                .route(web::get().to(workout::today::coach_log_form))
                .route(web::post().to(workout::log::coach_log)),
        )
        .service(
            web::resource("/crew/{id}/flags/{flag}/resolve")
                .route(web::post().to(progress::resolve_flag)),
        )
        .service(web::resource("/catalog").route(web::get().to(catalog::list)))
        .service(web::resource("/catalog/{n}").route(web::get().to(catalog::stage)))
        .service(
            web::resource("/catalog/{n}/demonstration/video")
                .route(web::post().to(catalog::save_video)),
        )
        .service(
            web::resource("/catalog/{n}/demonstration/image")
                .route(web::post().to(catalog::save_image)),
        )
        .service(
            web::resource("/catalog/{n}/demonstration/image/remove")
                .route(web::post().to(catalog::remove_image)),
        )
        .service(
            web::resource("/catalog/{n}/demonstration.img").route(web::get().to(catalog::image)),
        )
        .service(web::resource("/coaches").route(web::get().to(coaches::list)))
        .service(
            web::resource("/coaches/{id}/deactivate").route(web::post().to(coaches::deactivate)),
        )
        .service(
            web::resource("/coaches/{id}/reactivate").route(web::post().to(coaches::reactivate)),
        )
        .service(
            web::resource("/coaches/{id}/stations").route(web::post().to(coaches::save_stations)),
        )
        .service(
            web::resource("/coaches/invites/{id}/revoke")
                .route(web::post().to(coaches::revoke_invite)),
        )
        .service(web::resource("/coaches/invite").route(web::post().to(invites::invite_coach)))
        .service(web::resource("/invites/email").route(web::post().to(invites::email_link)))
        .service(
            web::resource("/invite/{token}")
                .route(web::get().to(invites::accept_form))
                .route(web::post().to(invites::accept)),
        )
        .service(web::resource("/history/calendar").route(web::post().to(feeds::member_link)))
        .service(
            web::resource("/calendar")
                .route(web::get().to(feeds::department_page))
                .route(web::post().to(feeds::department_link)),
        )
        .service(web::resource("/feeds/{token}.ics").route(web::get().to(feeds::feed)))
        .service(web::resource("/roster/print").route(web::get().to(print::sheet)))
        .service(web::resource("/program").route(web::get().to(program::program)))
        .service(web::resource("/access-record").route(web::get().to(access_record::record)))
        .service(web::resource("/exports/roster.csv").route(web::get().to(exports::roster_csv)))
        .service(web::resource("/exports/sessions.csv").route(web::get().to(exports::sessions_csv)))
        .service(
            web::resource("/exports/range-tests.csv")
                .route(web::get().to(exports::range_tests_csv)),
        )
        .configure(range_tests::routes);
}

/// What the layout needs on every page: who is logged in, the CSRF token for
/// its forms (the logout button is one), and a one-shot message. Built by the
/// page context (`Page::chrome`, `PublicPage::chrome`).
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub user_name: Option<String>,
    /// The coordinator or a peer fitness trainer.
    pub is_coach: bool,
    pub role: Option<crate::models::user::Role>,
    pub department: String,
    pub csrf: String,
    pub flash: Option<String>,
    /// For a coach: how many members have an open pain report (the
    /// navigation shows it); `None` for everyone else.
    pub open_pain: Option<i64>,
}

impl Chrome {
    /// For error pages, which have no session at hand.
    pub fn anonymous() -> Chrome {
        Chrome::default()
    }

    /// The fitness coordinator (the pages that run the program).
    pub fn is_coordinator(&self) -> bool {
        self.role == Some(crate::models::user::Role::Coach)
    }

    pub fn is_officer(&self) -> bool {
        self.role == Some(crate::models::user::Role::Officer)
    }

    /// The role as the header names it.
    pub fn role_label(&self) -> &'static str {
        self.role.map(|r| r.label()).unwrap_or("")
    }
}

/// Redirect after a successful POST (303, so the browser follows with GET).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

//! Invitations: a coach makes a one-time link (with a QR code to scan at the
//! station) for a crew member or another coach; the person opens it, sets a
//! password and is logged in. Also the coaches' list.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{render, see_other, Chrome, CoachPage, FieldErrors, Form, PublicPage};
use crate::app::notify::LinkEmail;
use crate::auth::password::{self};
use crate::domain::Named;
use crate::error::AppError;
use crate::mail::Queued;
use crate::models::invite::{Invite, InviteProblem, VALID_DAYS};
use crate::models::member::Member;
use crate::models::user::{validate_email, validate_name, Role, User};

#[derive(Template)]
#[template(path = "invites/created.html")]
struct CreatedPage {
    chrome: Chrome,
    name: String,
    role: &'static str,
    link: String,
    qr_svg: String,
    valid_days: i64,
    back: String,
    /// The link's token, for the "Email the link" form (it is in the link
    /// shown beside it anyway).
    token: String,
    /// Whether email is set up: the form is offered only then.
    email_on: bool,
    /// The address to email the link to, as known or as typed.
    email: String,
    errors: FieldErrors,
    /// What became of an email of the link.
    sent: Option<String>,
}

/// A link just made (or being emailed), with what its page shows.
struct LinkMade {
    token: String,
    name: String,
    role: Role,
    back: String,
    /// The address to offer for "Email the link": the account's, for a reset.
    email: String,
}

/// The full link, from the configured public address (never from the
/// request's Host or forwarding headers, which the client chooses).
fn link_for(req: &HttpRequest, token: &str) -> String {
    let base = crate::state::AppState::of(req)
        .map(|s| s.public_base.0.clone())
        .unwrap_or_default();
    format!("{base}/invite/{token}")
}

fn qr_svg(link: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(link.as_bytes()).map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    // Inline in HTML, an XML declaration is an error: keep the <svg> only.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

fn created_page(
    req: &HttpRequest,
    page: &CoachPage,
    user: &User,
    made: LinkMade,
    errors: FieldErrors,
    sent: Option<String>,
) -> Result<HttpResponse, AppError> {
    let link = link_for(req, &made.token);
    let email_on = crate::state::AppState::of(req).is_some_and(|s| s.mailer.is_on());
    render(
        errors.status(),
        &CreatedPage {
            chrome: page.chrome(user)?,
            qr_svg: qr_svg(&link)?,
            link,
            name: made.name,
            role: made.role.label(),
            valid_days: VALID_DAYS,
            back: made.back,
            token: made.token,
            email_on,
            email: made.email,
            errors,
            sent,
        },
    )
}

/// POST /crew/{id}/invite: a link for a member who has no account yet.
pub async fn invite_member(
    req: HttpRequest,
    page: CoachPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    member_link(&req, &page, path.into_inner(), false).await
}

/// POST /crew/{id}/reset-password: a one-time link that sets a new password
/// for a member who already has an account (a forgotten password); the link
/// replaces any earlier one, and using it ends the member's other sessions.
pub async fn reset_member_password(
    req: HttpRequest,
    page: CoachPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    member_link(&req, &page, path.into_inner(), true).await
}

/// A member's link: a new account (`reset` false, the member has none yet)
/// or a new password for their account (`reset` true). A deactivated member,
/// or one in the other case, gets a message on their page instead.
async fn member_link(
    req: &HttpRequest,
    page: &CoachPage,
    id: i32,
    reset: bool,
) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let (user, (member, token, email)) = page
        .write(move |conn, user| {
            let member = Member::find(conn, id)?;
            // A reset goes to the account's own address, if emailed.
            let email = match (reset, member.user_id) {
                (true, Some(account)) => User::find(conn, account)?.email,
                _ => String::new(),
            };
            let token = match (member.active, member.user_id, reset) {
                (true, None, false) => Some(Invite::create(
                    conn,
                    Role::Member,
                    Some(id),
                    &member.name,
                    user.id,
                    now,
                )?),
                (true, Some(account), true) => Some(Invite::create_reset(
                    conn,
                    id,
                    account,
                    &member.name,
                    user.id,
                    now,
                )?),
                _ => None,
            };
            Ok((member, token, email))
        })
        .await?;
    let Some(token) = token else {
        page.session.set_flash(match (member.active, reset) {
            (false, false) => "Reactivate the member before inviting them.",
            (false, true) => "Reactivate the member before resetting their password.",
            (true, false) => "This member already has an account.",
            (true, true) => "This member has no account yet: make an invitation link instead.",
        })?;
        return Ok(see_other(&format!("/crew/{id}")));
    };
    if reset {
        tracing::info!(member_id = id, "password reset link made");
    }
    created_page(
        req,
        page,
        &user,
        LinkMade {
            token,
            name: member.name,
            role: Role::Member,
            back: format!("/crew/{id}"),
            email,
        },
        FieldErrors::default(),
        None,
    )
}

// ------------------------------------------------------------------ coaches

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CoachInviteForm {
    name: String,
    /// coach (the fitness coordinator), trainer or officer; none given is
    /// a coordinator, as the form was before it named the role.
    role: String,
}

/// The roles a staff invitation may name.
pub const STAFF_ROLES: [Role; 3] = [Role::Coach, Role::Trainer, Role::Officer];

pub async fn invite_coach(
    req: HttpRequest,
    page: CoachPage,
    Form(form): Form<CoachInviteForm>,
) -> Result<HttpResponse, AppError> {
    let name = form.name;
    let role = match form.role.trim() {
        "" => Some(Role::Coach),
        r => Role::parse(r).filter(|r| STAFF_ROLES.contains(r)),
    };
    let mut errors = FieldErrors::default();
    errors.check("name", validate_name(&name));
    if role.is_none() {
        errors.add(
            "role",
            "Choose fitness coordinator, peer fitness trainer or officer.",
        );
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        return super::coaches::coaches_page(&page, name, form.role, errors).await;
    };
    let now = page.now.naive_utc();
    let invited = name.trim().to_string();
    let (user, token) = page
        .write(move |conn, user| Ok(Invite::create(conn, role, None, &invited, user.id, now)?))
        .await?;
    created_page(
        &req,
        &page,
        &user,
        LinkMade {
            token,
            name: name.trim().to_string(),
            role,
            back: "/coaches".to_string(),
            email: String::new(),
        },
        FieldErrors::default(),
        None,
    )
}

// ------------------------------------------------------------ emailing one

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailLinkForm {
    token: String,
    email: String,
}

/// POST /invites/email: a coach emails a link they have just made (its
/// page sends the token) to the address typed. The email is queued, never
/// waited on; the page says whether it was, and shows the link again.
pub async fn email_link(
    req: HttpRequest,
    page: CoachPage,
    Form(form): Form<EmailLinkForm>,
) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let token = form.token.trim().to_string();
    let lookup = token.clone();
    let (user, found) = page
        .read(move |conn, _| Ok(Invite::usable(conn, &lookup, now)?))
        .await?;
    let invite = match found {
        Ok(invite) => invite,
        Err(InviteProblem::Unknown) => return Err(AppError::NotFound),
        Err(_) => {
            page.session.set_flash(
                "That link can no longer be used (used, expired or withdrawn): make a new one.",
            )?;
            return Ok(see_other("/"));
        }
    };
    let email = form.email.trim().to_string();
    let made = LinkMade {
        token,
        name: invite.name.clone(),
        role: invite.role,
        back: match invite.member_id {
            Some(id) => format!("/crew/{id}"),
            None => "/coaches".to_string(),
        },
        email: email.clone(),
    };
    let mut errors = FieldErrors::default();
    errors.check(
        "email",
        validate_email(&email).and_then(|()| crate::mail::check_address(&email)),
    );
    if !errors.is_empty() {
        return created_page(&req, &page, &user, made, errors, None);
    }
    let state = crate::state::AppState::of(&req)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("app state missing")))?;
    let link = link_for(&req, &made.token);
    let message = LinkEmail {
        to: &email,
        name: &invite.name,
        from_coach: &user.name,
        department: &page.department.name,
        link: &link,
        valid_days: VALID_DAYS,
        reset: invite.reset_user_id.is_some(),
    }
    .email()
    .map_err(AppError::internal)?;
    // Queued in the outbox in a write of its own, so a restart loses none.
    let mailer = state.mailer.clone();
    let about = invite.member_id;
    let (_, queued) = page
        .write(move |conn, _| Ok(mailer.queue(conn, &message, about, now)?))
        .await?;
    state.mailer.wake();
    let sent = match queued {
        Queued::Yes => {
            tracing::info!(invite_id = invite.id, "invitation link emailed");
            format!("Emailed to {email} (queued for sending; check with them that it arrived).")
        }
        Queued::Off => {
            "Email is not set up on this server: copy the link or show the code instead."
                .to_string()
        }
    };
    created_page(&req, &page, &user, made, errors, Some(sent))
}

// --------------------------------------------------------------- accepting

#[derive(Template)]
#[template(path = "invites/accept.html")]
struct AcceptPage {
    chrome: Chrome,
    token: String,
    /// A password reset for an existing account (no email to choose).
    reset: bool,
    name: String,
    email: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "invites/unusable.html")]
struct UnusablePage {
    chrome: Chrome,
    title: &'static str,
    message: &'static str,
}

fn unusable(page: &PublicPage, problem: InviteProblem) -> Result<HttpResponse, AppError> {
    let (status, title, message) = match problem {
        InviteProblem::Unknown => (
            StatusCode::NOT_FOUND,
            "Link not recognised",
            "This invitation link is not valid. Check that the whole link was copied, or ask your coach for a new one.",
        ),
        InviteProblem::Used => (
            StatusCode::GONE,
            "Link already used",
            "This invitation has already been used to set a password. Log in with that email and password, or ask your coach for a new link.",
        ),
        InviteProblem::Expired => (
            StatusCode::GONE,
            "Link expired",
            "This invitation link has expired (links last 7 days, and a newer link replaces an older one). Ask your coach for a new link.",
        ),
        InviteProblem::Withdrawn => (
            StatusCode::GONE,
            "Link withdrawn",
            "This link is no longer valid: it was withdrawn, the crew record it was for is deactivated or already has an account, or the coach who made it can no longer log in. Ask a coach for a new one.",
        ),
    };
    render(
        status,
        &UnusablePage {
            chrome: page.chrome()?,
            title,
            message,
        },
    )
}

pub async fn accept_form(
    page: PublicPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = page.now.naive_utc();
    let lookup = token.clone();
    match page
        .read(move |conn| Ok(Invite::usable(conn, &lookup, now)?))
        .await?
    {
        Err(problem) => unusable(&page, problem),
        Ok(invite) => render(
            StatusCode::OK,
            &AcceptPage {
                chrome: page.chrome()?,
                token,
                reset: invite.reset_user_id.is_some(),
                name: invite.name,
                email: String::new(),
                errors: FieldErrors::default(),
            },
        ),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AcceptForm {
    email: String,
    password: String,
    confirm: String,
}

enum Accepted {
    Done(User),
    Unusable(InviteProblem),
    EmailTaken(String),
}

pub async fn accept(
    page: PublicPage,
    state: web::Data<crate::state::AppState>,
    path: web::Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let (gate, sessions) = (&state.gate, &state.sessions);
    let token = path.into_inner();
    let now = page.now.naive_utc();
    let mut errors = FieldErrors::default();
    errors.check(
        "password",
        password::validate_new(&form.password, &form.confirm),
    );
    let lookup = token.clone();
    let invite = page
        .read(move |conn| Ok(Invite::usable(conn, &lookup, now)?))
        .await?;
    let invite = match invite {
        Err(problem) => return unusable(&page, problem),
        Ok(invite) => invite,
    };
    let reset = invite.reset_user_id.is_some();
    if !reset {
        errors.check("email", validate_email(&form.email));
    }
    let show_again = |errors: FieldErrors, name: String| -> Result<HttpResponse, AppError> {
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AcceptPage {
                chrome: page.chrome()?,
                token: token.clone(),
                reset,
                name,
                email: form.email.clone(),
                errors,
            },
        )
    };
    if !errors.is_empty() {
        return show_again(errors, invite.name);
    }
    let pw = form.password.clone();
    let hash = gate.run(move || password::hash(&pw)).await??;
    let email = form.email.trim().to_string();
    let lookup = token.clone();
    let result = page
        .write(move |conn| {
            // Checked again under the write lock: a link works exactly once.
            let invite = match Invite::usable(conn, &lookup, now)? {
                Ok(invite) => invite,
                Err(problem) => return Ok(Accepted::Unusable(problem)),
            };
            if let Some(user_id) = invite.reset_user_id {
                // A reset: the account's new password; its other sessions end.
                User::set_password(conn, user_id, &hash)?;
                invite.mark_used(conn, now)?;
                return Ok(Accepted::Done(User::find(conn, user_id)?));
            }
            if User::find_by_email(conn, &email)?.is_some() {
                return Ok(Accepted::EmailTaken(invite.name));
            }
            let user = User::create(conn, &email, &invite.name, &hash, invite.role)?;
            if let Some(member_id) = invite.member_id {
                Member::link_user(conn, member_id, user.id)?;
            }
            invite.mark_used(conn, now)?;
            Ok(Accepted::Done(user))
        })
        .await?;
    match result {
        Accepted::Done(user) => {
            sessions.forget_user(user.id);
            page.session.log_in(&user, page.now.timestamp())?;
            page.session
                .set_flash("Your password is set and you are logged in.")?;
            Ok(see_other("/"))
        }
        Accepted::Unusable(problem) => unusable(&page, problem),
        Accepted::EmailTaken(name) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "email",
                "That email already has an account. Use another, or log in with it.",
            );
            show_again(errors, name)
        }
    }
}

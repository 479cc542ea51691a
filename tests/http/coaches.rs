//! Coach accounts: turning another coach's login off (never one's own, never
//! the last active coach) and withdrawing an unused invitation.

use bridgework::models::user::Role;
use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn a_coach_turns_another_coachs_login_off_but_never_the_last_or_their_own() {
    let app = spawn_app().await;
    let me = app.coach().await;
    let pat = app
        .create_user("pat@station.test", "Pat Trainer", Role::Coach)
        .await;
    let pats_browser = app.other_browser();
    assert_redirect(&pats_browser.login(&pat.email).await, "/");

    // Their own row has no button; trying anyway is refused with a message.
    let doc = app.get_html("/coaches").await;
    assert_eq!(
        count(
            &doc,
            &format!("form[action='/coaches/{}/deactivate']", me.id)
        ),
        0
    );
    let refused = app
        .submit("/coaches", &format!("/coaches/{}/deactivate", me.id), &[])
        .await;
    assert_redirect(&refused, "/coaches");
    let doc = app.get_html("/coaches").await;
    assert_eq!(
        text(&doc, ".flash"),
        "You cannot turn off your own login; ask another coach."
    );

    let done = app
        .submit("/coaches", &format!("/coaches/{}/deactivate", pat.id), &[])
        .await;
    assert_redirect(&done, "/coaches");
    assert_eq!(
        location(&pats_browser.get("/crew").await),
        "/login?next=%2Fcrew",
        "Pat's session ended at once"
    );

    // Pat, back on, turns me off; Pat is then the last active coach, and
    // the last active coach cannot be turned off.
    let back = app
        .submit("/coaches", &format!("/coaches/{}/reactivate", pat.id), &[])
        .await;
    assert_redirect(&back, "/coaches");
    assert_redirect(&pats_browser.login(&pat.email).await, "/");
    let off = pats_browser
        .submit("/coaches", &format!("/coaches/{}/deactivate", me.id), &[])
        .await;
    assert_redirect(&off, "/coaches");
    // Now Pat is the last active coach; no one can turn Pat off.
    let mut conn = app.pool.get().unwrap();
    assert_eq!(
        bridgework::models::user::User::active_coaches(&mut conn).unwrap(),
        1
    );
    drop(conn);
    let last = pats_browser
        .submit("/coaches", &format!("/coaches/{}/deactivate", pat.id), &[])
        .await;
    assert_redirect(&last, "/coaches");
    let doc = pats_browser.get_html("/coaches").await;
    assert_eq!(
        text(&doc, ".flash"),
        "You cannot turn off your own login; ask another coach."
    );

    // A member id is not a coach: 404.
    let member = app
        .create_user("riley@station.test", "Riley", Role::Member)
        .await;
    let response = pats_browser
        .submit(
            "/coaches",
            &format!("/coaches/{}/deactivate", member.id),
            &[],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_withdrawn_coach_invitation_stops_working() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    let doc = html(response).await;
    let link = attr(&doc, "input.invite-link", "value").unwrap();
    let path = link[link.find("/invite/").unwrap()..].to_string();

    let doc = app.get_html("/coaches").await;
    assert_eq!(texts(&doc, "li.pending").len(), 1);
    let form = attr(&doc, "li.pending form", "action").unwrap();
    assert_redirect(&app.submit("/coaches", &form, &[]).await, "/coaches");
    let doc = app.get_html("/coaches").await;
    assert_eq!(count(&doc, "li.pending"), 0);

    let phone = app.other_browser();
    let response = phone.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    // Withdrawing twice, or an unknown id: 404.
    let again = app.submit("/coaches", &form, &[]).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

/// The path of the link shown on an invitation page.
async fn link_path(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    let link = attr(&html(response).await, "input.invite-link", "value").unwrap();
    link[link.find("/invite/").unwrap()..].to_string()
}

/// A crew member with an account, as a reset link needs.
async fn member_with_account(app: &TestApp) -> (bridgework::models::member::Member, i32) {
    let member = create_crew_member(app, "Riley Ortiz", "Station 1", None);
    let user = app
        .create_user("riley@station.test", "Riley Ortiz", Role::Member)
        .await;
    let mut conn = app.pool.get().unwrap();
    bridgework::models::member::Member::link_user(&mut conn, member.id, user.id).unwrap();
    (member, user.id)
}

/// Opens `path` in a fresh browser and tries to use it as its form would:
/// it must answer 410 with the "withdrawn" page and log no one in.
async fn assert_link_dead(app: &TestApp, path: &str) {
    let phone = app.other_browser();
    let response = phone.get(path).await;
    assert_eq!(response.status(), StatusCode::GONE, "GET {path}");
    assert_eq!(text(&html(response).await, "h1"), "Link withdrawn");
    let token = phone.csrf_token("/login").await;
    let used = phone
        .post_raw(
            path,
            &[
                ("csrf_token", &token),
                ("email", "sam@station.test"),
                ("password", "a fresh long passphrase"),
                ("confirm", "a fresh long passphrase"),
            ],
        )
        .await;
    assert_eq!(used.status(), StatusCode::GONE, "POST {path}");
    assert!(
        location(&phone.get("/crew").await).starts_with("/login"),
        "no one is logged in through {path}"
    );
}

/// A second coach, Pat, and the links Pat made while active: a coach
/// invitation and a password reset for Riley (a member with an account).
struct PatsLinks {
    pat: bridgework::models::user::User,
    riley: i32,
    invitation: String,
    reset: String,
}

async fn pats_links(app: &TestApp) -> PatsLinks {
    app.coach().await;
    let pat = app
        .create_user("pat@station.test", "Pat Trainer", Role::Coach)
        .await;
    let pats_browser = app.other_browser();
    assert_redirect(&pats_browser.login(&pat.email).await, "/");
    let (member, riley) = member_with_account(app).await;
    let invitation = link_path(
        pats_browser
            .submit("/coaches", "/coaches/invite", &[("name", "Sam Sidekick")])
            .await,
    )
    .await;
    let page = format!("/crew/{}", member.id);
    let reset = link_path(
        pats_browser
            .submit(&page, &format!("/crew/{}/reset-password", member.id), &[])
            .await,
    )
    .await;
    PatsLinks {
        pat,
        riley,
        invitation,
        reset,
    }
}

#[actix_web::test]
async fn turning_a_coach_off_withdraws_every_unused_link_they_made() {
    let app = spawn_app().await;
    let PatsLinks {
        pat,
        riley,
        invitation,
        reset,
    } = pats_links(&app).await;

    // Another coach turns Pat's login off.
    let off = app
        .submit("/coaches", &format!("/coaches/{}/deactivate", pat.id), &[])
        .await;
    assert_redirect(&off, "/coaches");
    assert_link_dead(&app, &invitation).await;
    assert_link_dead(&app, &reset).await;

    // Turning Pat back on does not bring the links back.
    let on = app
        .submit("/coaches", &format!("/coaches/{}/reactivate", pat.id), &[])
        .await;
    assert_redirect(&on, "/coaches");
    assert_link_dead(&app, &invitation).await;
    assert_link_dead(&app, &reset).await;

    // No account was made and Riley's password is unchanged.
    use diesel::prelude::*;
    let mut conn = app.pool.get().unwrap();
    let accounts: i64 = bridgework::schema::users::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(accounts, 3, "the two coaches and Riley");
    drop(conn);
    let riley = bridgework::models::user::User::find(&mut app.pool.get().unwrap(), riley).unwrap();
    assert_redirect(&app.other_browser().login(&riley.email).await, "/");
}

#[actix_web::test]
async fn a_link_works_only_while_its_maker_is_active() {
    let app = spawn_app().await;
    let PatsLinks {
        pat,
        invitation,
        reset,
        ..
    } = pats_links(&app).await;

    // Pat's account is turned off by a path that withdraws nothing (an
    // operator's edit, a restore): the links still refuse at use time.
    use bridgework::schema::users;
    use diesel::prelude::*;
    diesel::update(users::table.find(pat.id))
        .set(users::active.eq(false))
        .execute(&mut app.pool.get().unwrap())
        .unwrap();
    assert_link_dead(&app, &invitation).await;
    assert_link_dead(&app, &reset).await;
}

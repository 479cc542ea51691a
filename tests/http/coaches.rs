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

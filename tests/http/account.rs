//! Changing one's own password: the current one is required, and every
//! other session of the account ends.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let user = app.member("riley@station.test", "Riley").await;
    let tablet = app.other_browser();
    assert_redirect(&tablet.login(&user.email).await, "/");

    let wrong = app
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", "not my password"),
                ("password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(wrong).await;
    assert_eq!(
        texts(&doc, ".field-error"),
        ["That is not your current password."]
    );
    assert_eq!(
        tablet.get("/").await.status(),
        StatusCode::OK,
        "nothing changed"
    );

    let done = app
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_redirect(&done, "/");
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::OK,
        "this browser stays in"
    );
    assert_eq!(
        location(&tablet.get("/history").await),
        "/login?next=%2Fhistory",
        "the other session ended"
    );
    let fresh = app.other_browser();
    assert_eq!(
        fresh.login(&user.email).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password no longer works"
    );
    assert_redirect(
        &fresh
            .login_with(&user.email, "a brand new passphrase")
            .await,
        "/",
    );
}

#[actix_web::test]
async fn a_coach_resets_a_members_password_with_a_one_time_link() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Riley Ortiz", "Station 1", None);
    let user = app
        .create_user(
            "riley@station.test",
            "Riley Ortiz",
            bridgework::models::user::Role::Member,
        )
        .await;
    {
        let mut conn = app.pool.get().unwrap();
        bridgework::models::member::Member::link_user(&mut conn, member.id, user.id).unwrap();
    }
    let old_phone = app.other_browser();
    assert_redirect(&old_phone.login(&user.email).await, "/");

    let page = format!("/crew/{}", member.id);
    let doc = app.get_html(&page).await;
    assert_eq!(count(&doc, "form[action$='/invite']"), 0, "has an account");
    let made = app
        .submit(&page, &format!("/crew/{}/reset-password", member.id), &[])
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let link = attr(&html(made).await, "input.invite-link", "value").unwrap();
    let path = link[link.find("/invite/").unwrap()..].to_string();

    let new_phone = app.other_browser();
    let doc = new_phone.get_html(&path).await;
    assert_eq!(text(&doc, "h1"), "New password for Riley Ortiz");
    assert_eq!(count(&doc, "input[name=email]"), 0, "the account is known");
    let token = attr(&doc, "input[name=csrf_token]", "value").unwrap();
    let set = new_phone
        .post_raw(
            &path,
            &[
                ("csrf_token", &token),
                ("password", "a fresh long passphrase"),
                ("confirm", "a fresh long passphrase"),
            ],
        )
        .await;
    assert_redirect(&set, "/");
    assert_eq!(new_phone.get("/").await.status(), StatusCode::OK);
    assert!(
        location(&old_phone.get("/history").await).starts_with("/login"),
        "the old session ended"
    );
    let fresh = app.other_browser();
    assert_eq!(
        fresh.login(&user.email).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_redirect(
        &fresh
            .login_with(&user.email, "a fresh long passphrase")
            .await,
        "/",
    );
    // The link works once; still one account.
    assert_eq!(
        app.other_browser().get(&path).await.status(),
        StatusCode::GONE
    );
    let mut conn = app.pool.get().unwrap();
    use diesel::prelude::*;
    let accounts: i64 = bridgework::schema::users::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(accounts, 2, "the coach and Riley");
}

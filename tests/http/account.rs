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

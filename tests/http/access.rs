//! The access matrix: every route that names a member, a session, a range
//! test, an invitation or a flag, tried by a client that must not use it: a
//! member on a coach route, another member, a deactivated user's old cookie
//! and an anonymous client. Each gets 403, 404 or the login page, and the
//! database is the same afterwards.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::access_helpers::fingerprint;
use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Client {
    /// A member on a coach route (their own record).
    OwnMember,
    /// A member trying another member's things.
    OtherMember,
    /// A cookie from before the account was deactivated.
    Deactivated,
    Anonymous,
}

/// At each hour where the UTC date and the department's differ (a range
/// test dated "today" was once refused there, and the matrix ran on a 404).
#[actix_web::test]
async fn no_one_reaches_what_is_not_theirs_and_nothing_changes() {
    for (at, instant) in awkward_instants() {
        println!("access matrix starting at {at}");
        access_matrix_from(instant).await;
    }
}

async fn access_matrix_from(instant: DateTime<Utc>) {
    let app = spawn_app_at(instant).await;
    let coach = app.coach().await;
    let (phone_a, a) = member_at(&app, "riley@station.test", 1, false).await;
    let session_id = location(&done_as_prescribed(&phone_a).await)
        .trim_start_matches("/sessions/")
        .to_string();
    // A pain report opens a coach flag.
    app.clock.advance(chrono::Duration::days(2));
    log_sets(
        &phone_a,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "2"), ("pain", "lower_back")],
    )
    .await;
    // Two days on, the coach's idle limit has passed: log in again.
    assert_redirect(&app.login(&coach.email).await, "/");
    let flag: i32 = {
        use bridgework::schema::coach_flags;
        coach_flags::table
            .select(coach_flags::id)
            .first(&mut app.pool.get().unwrap())
            .unwrap()
    };
    let today = app.today().to_string();
    let new_test = format!("/crew/{}/range-tests/new", a.id);
    let test_fields = [
        ("tested_on", today.as_str()),
        ("double_leg", "8"),
        ("ninety_left", "6"),
        ("ninety_right", "6"),
        ("hugged_left", "4"),
        ("hugged_right", "4"),
        ("pain", "no"),
    ];
    let recorded = app.submit(&new_test, &new_test, &test_fields).await;
    assert_eq!(
        recorded.status(),
        StatusCode::SEE_OTHER,
        "a range test dated the department's today ({today}) is kept"
    );
    let test_id = location(&recorded)
        .trim_start_matches("/range-tests/")
        .to_string();
    let d = create_crew_member(&app, "Drew", "Station 2", None);
    let invite = app
        .submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    assert_eq!(invite.status(), StatusCode::OK);
    let invite_id: i32 = {
        use bridgework::schema::invites;
        invites::table
            .select(invites::id)
            .first(&mut app.pool.get().unwrap())
            .unwrap()
    };

    let (phone_b, _) = member_at(&app, "sam@station.test", 1, false).await;
    let (phone_c, c) = member_at(&app, "casey@station.test", 1, false).await;
    let token_c = phone_c.csrf_token("/").await;
    let off = app
        .submit("/crew", &format!("/crew/{}/deactivate", c.id), &[])
        .await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    let anonymous = app.other_browser();
    let token_anon = anonymous.csrf_token("/login").await;
    let token_a = phone_a.csrf_token("/").await;
    let token_b = phone_b.csrf_token("/").await;

    let id = a.id;
    let member_routes = [
        format!("/sessions/{session_id}"),
        format!("/range-tests/{test_id}"),
    ];
    let coach_gets = [
        format!("/crew/{id}"),
        format!("/crew/{id}/edit"),
        format!("/crew/{id}/dose"),
        format!("/crew/{id}/log"),
        format!("/crew/{id}/range-tests"),
        format!("/crew/{id}/range-tests/new"),
        format!("/range-tests/{test_id}/edit"),
        format!("/range-tests/{test_id}/delete"),
        format!("/exports/sessions.csv?member={id}"),
        format!("/exports/range-tests.csv?member={id}"),
        "/exports/roster.csv".to_string(),
        "/roster/print?station=Station+1".to_string(),
        "/calendar".to_string(),
    ];
    let coach_posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/crew/{id}/edit"),
            vec![("name", "Hacked"), ("start_date", "2026-01-05")],
        ),
        (format!("/crew/{id}/deactivate"), vec![]),
        (format!("/crew/{}/reactivate", c.id), vec![]),
        (format!("/crew/{}/invite", d.id), vec![]),
        (format!("/crew/{id}/stage"), vec![("action", "advance")]),
        (format!("/crew/{id}/dose"), vec![("action", "reset")]),
        (
            format!("/crew/{id}/variations"),
            vec![("variation", "banded")],
        ),
        (
            format!("/crew/{id}/auto-advance"),
            vec![("auto_advance", "on")],
        ),
        (format!("/crew/{id}/single-leg"), vec![]),
        (
            format!("/crew/{id}/log"),
            vec![("action", "prescribed"), ("key", "matrix")],
        ),
        (format!("/crew/{id}/flags/{flag}/resolve"), vec![]),
        (new_test.clone(), test_fields.to_vec()),
        (format!("/range-tests/{test_id}/edit"), test_fields.to_vec()),
        (format!("/range-tests/{test_id}/delete"), vec![]),
        (format!("/coaches/{}/deactivate", coach.id), vec![]),
        (format!("/coaches/invites/{invite_id}/revoke"), vec![]),
        ("/calendar".to_string(), vec![]),
        (format!("/crew/{id}/reset-password"), vec![]),
        (
            "/assign".to_string(),
            vec![
                ("member_ids", "1"),
                ("stage", "3"),
                ("sessions_per_week", "2"),
                ("start_date", "2026-11-24"),
            ],
        ),
    ];

    let before = fingerprint(&app);
    let mut cells = 0;
    let clients = [
        (Client::OwnMember, &phone_a, token_a.as_str()),
        (Client::OtherMember, &phone_b, token_b.as_str()),
        (Client::Deactivated, &phone_c, token_c.as_str()),
        (Client::Anonymous, &anonymous, token_anon.as_str()),
    ];
    for (client, browser, token) in clients {
        let login_page = |r: &reqwest::Response| {
            r.status() == StatusCode::SEE_OTHER && location(r).starts_with("/login")
        };
        let refused = |r: &reqwest::Response, member_route: bool| match client {
            Client::OwnMember => r.status() == StatusCode::FORBIDDEN,
            Client::OtherMember if member_route => r.status() == StatusCode::NOT_FOUND,
            Client::OtherMember => r.status() == StatusCode::FORBIDDEN,
            // A dead session has no CSRF token either: 403 on a form.
            Client::Deactivated | Client::Anonymous => {
                login_page(r) || r.status() == StatusCode::FORBIDDEN
            }
        };
        for path in &member_routes {
            if client == Client::OwnMember {
                continue; // their own session and test are theirs to see
            }
            let r = browser.get(path).await;
            assert!(refused(&r, true), "{client:?} GET {path}: {}", r.status());
            cells += 1;
        }
        for path in &coach_gets {
            let r = browser.get(path).await;
            assert!(refused(&r, false), "{client:?} GET {path}: {}", r.status());
            cells += 1;
        }
        for (path, fields) in &coach_posts {
            let mut all = vec![("csrf_token", token)];
            all.extend(fields.iter().copied());
            let r = browser.post_raw(path, &all).await;
            assert!(refused(&r, false), "{client:?} POST {path}: {}", r.status());
            cells += 1;
        }
    }
    assert_eq!(fingerprint(&app), before, "nothing changed");
    println!("access matrix: {cells} cells refused");
    assert!(cells >= 80);
    // The same request from the coach does change it: the check can fail.
    let stage = format!("/crew/{id}/stage");
    let moved = app
        .submit(&format!("/crew/{id}"), &stage, &[("action", "advance")])
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    assert_ne!(fingerprint(&app), before);
}

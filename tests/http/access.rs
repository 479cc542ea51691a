//! The access matrix: every route that names a member, a session, a range
//! test, an invitation or a flag, tried by a client that must not use it: a
//! member on a coach route, another member, a deactivated user's old cookie
//! and an anonymous client. Each gets 403, 404 or the login page, and the
//! database is the same afterwards.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::access_helpers::{access_lines, fingerprint};
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
    let (coach, phone_a, a, session_id, flag) = a_member_with_a_pain_flag(&app).await;
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

/// Who asks, in the role table.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// The coach: the fitness coordinator, who sees everyone.
    Coordinator,
    /// A peer fitness trainer of Station 2 (the member is at Station 1).
    OtherTrainer,
    Officer,
    /// The member whose data the routes name.
    Member,
    /// A crew member trying someone else's data.
    OtherMember,
    Anonymous,
}

/// What a route is, for the table.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A coach page about one member (theirs: Riley at Station 1).
    Individual,
    /// A page about one member that the member may open too (a session, a
    /// range test result).
    Shared,
    /// A list or an export over members: a trainer's leaves out other
    /// stations' members.
    List,
    /// The coordinator's own pages (settings, coaches, the record of access).
    Coordinator,
    /// The officer's numbers (the coordinator may open them too).
    Program,
    /// A crew member's own pages.
    MemberOnly,
}

type Route<'a> = (&'static str, String, Vec<(&'a str, &'a str)>, Kind);

fn get<'a>(path: String, kind: Kind) -> Route<'a> {
    ("GET", path, Vec::new(), kind)
}

fn post<'a>(path: String, fields: Vec<(&'a str, &'a str)>, kind: Kind) -> Route<'a> {
    ("POST", path, fields, kind)
}

/// What the table expects.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Ok,
    /// 200, without the member's name or id.
    OkWithout,
    NotFound,
    Forbidden,
    /// The login page, or 403 (a form posted without a session's token).
    Login,
}

fn expect(role: Role, kind: Kind) -> Expect {
    use Expect::*;
    match (role, kind) {
        (Role::Anonymous, _) => Login,
        (Role::Coordinator, Kind::MemberOnly) => Forbidden,
        (Role::Coordinator, _) => Ok,
        (Role::OtherTrainer, Kind::Individual | Kind::Shared) => NotFound,
        (Role::OtherTrainer, Kind::List) => OkWithout,
        (Role::OtherTrainer, _) => Forbidden,
        (Role::Officer, Kind::Program) => Ok,
        (Role::Officer, _) => Forbidden,
        (Role::Member, Kind::Shared | Kind::MemberOnly) => Ok,
        (Role::Member, _) => Forbidden,
        (Role::OtherMember, Kind::Shared) => NotFound,
        (Role::OtherMember, Kind::MemberOnly) => Ok,
        (Role::OtherMember, _) => Forbidden,
    }
}

/// The role table: every route, for the coordinator, a peer fitness trainer
/// of another station, an officer, the member, another member and an
/// anonymous client. Nothing refused changes the database or writes to the
/// record of access.
#[actix_web::test]
async fn each_role_reaches_only_what_it_may() {
    use bridgework::models::user::Role as R;
    let app = spawn_app().await;
    let (coach, phone_a, a, session_id, flag) = a_member_with_a_pain_flag(&app).await;
    let today = app.today().to_string();
    let id = a.id;
    let new_test = format!("/crew/{id}/range-tests/new");
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
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    let test_id = location(&recorded)
        .trim_start_matches("/range-tests/")
        .to_string();
    // Station 2 has its own member and its trainer.
    let drew = create_crew_member(&app, "Drew Station Two", "Station 2", None);
    let trainer = app
        .create_user("pft@station.test", "Pat Trainer", R::Trainer)
        .await;
    {
        let mut conn = app.pool.get().unwrap();
        bridgework::models::trainer_station::set(
            &mut conn,
            trainer.id,
            &["Station 2".to_string()].into(),
        )
        .unwrap();
    }
    let officer = app
        .create_user("chief@station.test", "Chief Officer", R::Officer)
        .await;
    let trainer_b = app.other_browser();
    assert_redirect(&trainer_b.login(&trainer.email).await, "/");
    let officer_b = app.other_browser();
    assert_redirect(&officer_b.login(&officer.email).await, "/");
    let (phone_b, _) = member_at(&app, "sam@station.test", 1, false).await;
    let anonymous = app.other_browser();

    let test_posts: Vec<(&str, &str)> = test_fields.to_vec();
    let member_ids = id.to_string();
    let routes: Vec<Route> = vec![
        get(format!("/crew/{id}"), Kind::Individual),
        get(format!("/crew/{id}/edit"), Kind::Coordinator),
        get(format!("/crew/{id}/dose"), Kind::Individual),
        get(format!("/crew/{id}/log"), Kind::Individual),
        get(format!("/crew/{id}/range-tests"), Kind::Individual),
        get(new_test.clone(), Kind::Individual),
        get(format!("/range-tests/{test_id}/edit"), Kind::Individual),
        get(format!("/range-tests/{test_id}/delete"), Kind::Individual),
        get(format!("/sessions/{session_id}"), Kind::Shared),
        get(format!("/range-tests/{test_id}"), Kind::Shared),
        get(
            format!("/exports/sessions.csv?member={id}"),
            Kind::Individual,
        ),
        get(
            format!("/exports/range-tests.csv?member={id}"),
            Kind::Individual,
        ),
        get(format!("/crew/{id}/reassign"), Kind::Individual),
        get(format!("/crew/{id}/deactivate"), Kind::Coordinator),
        get(format!("/crew/{id}/erase"), Kind::Coordinator),
        get(format!("/crew/{id}/data.json"), Kind::Coordinator),
        get(format!("/crew/{id}/data.zip"), Kind::Coordinator),
        get("/history/data.json".to_string(), Kind::MemberOnly),
        get("/history/data.zip".to_string(), Kind::MemberOnly),
        get("/roster".to_string(), Kind::List),
        get("/crew".to_string(), Kind::List),
        get("/assign".to_string(), Kind::List),
        get("/exports/roster.csv".to_string(), Kind::List),
        get("/exports/sessions.csv".to_string(), Kind::List),
        get("/exports/range-tests.csv".to_string(), Kind::List),
        get("/roster/print?station=Station+1".to_string(), Kind::List),
        get("/catalog".to_string(), Kind::List),
        get("/crew/new".to_string(), Kind::Coordinator),
        get("/coaches".to_string(), Kind::Coordinator),
        get("/settings".to_string(), Kind::Coordinator),
        get("/settings/rotation".to_string(), Kind::Coordinator),
        get("/settings/thresholds".to_string(), Kind::Coordinator),
        get("/calendar".to_string(), Kind::Coordinator),
        get("/access-record".to_string(), Kind::Coordinator),
        get("/program".to_string(), Kind::Program),
        get("/history".to_string(), Kind::MemberOnly),
        get("/me/range-tests".to_string(), Kind::MemberOnly),
        post(
            format!("/crew/{id}/stage"),
            vec![("action", "advance")],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/hold"),
            vec![("until", "2026-12-01"), ("reason", "x")],
            Kind::Individual,
        ),
        post(format!("/crew/{id}/hold/end"), vec![], Kind::Individual),
        post(
            format!("/crew/{id}/dose"),
            vec![("action", "reset")],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/variations"),
            vec![("variation", "banded")],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/auto-advance"),
            vec![("auto_advance", "on")],
            Kind::Individual,
        ),
        post(format!("/crew/{id}/single-leg"), vec![], Kind::Individual),
        post(
            format!("/crew/{id}/reassign"),
            vec![
                ("stage", "1"),
                ("sessions_per_week", "2"),
                ("start_date", "2026-11-24"),
                ("confirm", "yes"),
            ],
            Kind::Individual,
        ),
        post(
            format!("/attention/{id}/pain"),
            vec![("action", "acknowledge"), ("note", "seen")],
            Kind::Individual,
        ),
        post(
            format!("/sessions/{session_id}/void"),
            vec![("reason", "wrong member")],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/erase"),
            vec![("confirm_name", "Riley")],
            Kind::Coordinator,
        ),
        post(
            format!("/crew/{id}/log"),
            vec![("action", "prescribed"), ("key", "table")],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/flags/{flag}/resolve"),
            vec![],
            Kind::Individual,
        ),
        post(new_test.clone(), test_posts.clone(), Kind::Individual),
        post(
            format!("/range-tests/{test_id}/edit"),
            test_posts.clone(),
            Kind::Individual,
        ),
        post(
            format!("/range-tests/{test_id}/delete"),
            vec![],
            Kind::Individual,
        ),
        post(
            "/assign".to_string(),
            vec![
                ("member_ids", member_ids.as_str()),
                ("stage", "3"),
                ("sessions_per_week", "2"),
                ("start_date", "2026-11-24"),
            ],
            Kind::Individual,
        ),
        post(
            format!("/crew/{id}/edit"),
            vec![("name", "Hacked"), ("start_date", "2026-01-05")],
            Kind::Coordinator,
        ),
        post(format!("/crew/{id}/deactivate"), vec![], Kind::Coordinator),
        post(format!("/crew/{id}/invite"), vec![], Kind::Coordinator),
        post(
            format!("/crew/{id}/reset-password"),
            vec![],
            Kind::Coordinator,
        ),
        post(
            "/crew/new".to_string(),
            vec![("name", "Sneaky"), ("start_date", "2026-01-05")],
            Kind::Coordinator,
        ),
        post(
            "/coaches/invite".to_string(),
            vec![("name", "Sneaky"), ("role", "coach")],
            Kind::Coordinator,
        ),
        post(
            format!("/coaches/{}/stations", trainer.id),
            vec![("station", "Station 1")],
            Kind::Coordinator,
        ),
        post(
            format!("/coaches/{}/deactivate", coach.id),
            vec![],
            Kind::Coordinator,
        ),
        post(
            "/settings".to_string(),
            vec![("name", "Hacked")],
            Kind::Coordinator,
        ),
        post("/calendar".to_string(), vec![], Kind::Coordinator),
        post(
            "/settings/statement".to_string(),
            vec![("text", "Hacked")],
            Kind::Coordinator,
        ),
        post(
            "/catalog/1/demonstration/video".to_string(),
            vec![("video_url", "https://example.com/v")],
            Kind::Coordinator,
        ),
        post(
            "/catalog/1/demonstration/image/remove".to_string(),
            vec![],
            Kind::Coordinator,
        ),
    ];

    let clients = [
        (Role::Coordinator, &app),
        (Role::OtherTrainer, &trainer_b),
        (Role::Officer, &officer_b),
        (Role::Member, &phone_a),
        (Role::OtherMember, &phone_b),
        (Role::Anonymous, &anonymous),
    ];
    let before = fingerprint(&app);
    let mut cells = 0;
    for (role, browser) in clients {
        let token = if role == Role::Anonymous {
            browser.csrf_token("/login").await
        } else {
            browser.csrf_token("/account/password").await
        };
        for (method, path, fields, kind) in &routes {
            let expected = expect(role, *kind);
            if *method == "POST" && expected == Expect::Ok {
                continue; // the allowed writes are the other tests' business
            }
            let lines = access_lines(&app);
            let response = if *method == "GET" {
                browser.get(path).await
            } else {
                let mut all = vec![("csrf_token", token.as_str())];
                all.extend(fields.iter().copied());
                browser.post_raw(path, &all).await
            };
            let status = response.status();
            let context = format!("{role:?} {method} {path}: {status}");
            match expected {
                Expect::Ok => assert_eq!(status, StatusCode::OK, "{context}"),
                Expect::OkWithout => {
                    assert_eq!(status, StatusCode::OK, "{context}");
                    let body = response.text().await.unwrap();
                    assert!(
                        !body.contains("riley@station.test"),
                        "{context} names Riley"
                    );
                    let doc = scraper::Html::parse_document(&body);
                    assert_eq!(
                        count(&doc, &format!("[data-member-id='{id}']")),
                        0,
                        "{context}"
                    );
                    assert_eq!(
                        count(&doc, &format!("a[href='/crew/{id}']")),
                        0,
                        "{context}"
                    );
                    assert_eq!(count(&doc, &format!("input[value='{id}']")), 0, "{context}");
                }
                Expect::NotFound => assert_eq!(status, StatusCode::NOT_FOUND, "{context}"),
                Expect::Forbidden => assert_eq!(status, StatusCode::FORBIDDEN, "{context}"),
                Expect::Login => assert!(
                    status == StatusCode::FORBIDDEN
                        || (status == StatusCode::SEE_OTHER
                            && location(&response).starts_with("/login")),
                    "{context}"
                ),
            }
            if matches!(
                expected,
                Expect::NotFound | Expect::Forbidden | Expect::Login
            ) {
                assert_eq!(
                    access_lines(&app),
                    lines,
                    "{context}: a refusal is not a read"
                );
            }
            cells += 1;
        }
    }
    assert_eq!(fingerprint(&app), before, "nothing changed");
    println!("role table: {cells} cells");
    assert!(cells >= 250, "{cells}");

    // The trainer's own station is theirs: Drew's page opens, and their
    // roster names Drew and not Riley.
    assert_eq!(
        trainer_b.get(&format!("/crew/{}", drew.id)).await.status(),
        StatusCode::OK
    );
    let roster = trainer_b.get_html("/roster").await;
    assert_eq!(
        count(&roster, &format!("tr[data-member-id='{}']", drew.id)),
        1
    );
    assert_eq!(count(&roster, &format!("tr[data-member-id='{id}']")), 0);
    // The officer's home is the program's numbers.
    let home = officer_b.get_html("/").await;
    assert_eq!(text(&home, "h1"), "The program in numbers");
}

/// The coach, and a member (phone and record) at stage 1 with one session
/// logged and, two days on, a pain report that opened a coach flag; the
/// coach logged in again (the idle limit has passed). Returns the first
/// session's id and the flag's.
async fn a_member_with_a_pain_flag(
    app: &TestApp,
) -> (
    bridgework::models::user::User,
    TestApp,
    bridgework::models::member::Member,
    String,
    i32,
) {
    let coach = app.coach().await;
    let (phone_a, a) = member_at(app, "riley@station.test", 1, false).await;
    let session_id = location(&done_as_prescribed(&phone_a).await)
        .trim_start_matches("/sessions/")
        .to_string();
    app.clock.advance(chrono::Duration::days(2));
    log_sets(
        &phone_a,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "2"), ("pain", "lower_back")],
    )
    .await;
    assert_redirect(&app.login(&coach.email).await, "/");
    let flag: i32 = {
        use bridgework::schema::coach_flags;
        coach_flags::table
            .select(coach_flags::id)
            .first(&mut app.pool.get().unwrap())
            .unwrap()
    };
    (coach, phone_a, a, session_id, flag)
}

//! Crew management, invitations, the catalog, assignment, stage changes,
//! dose and rotation settings.

use bridgework::schema::{assignments, stage_changes};
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

fn member_id_from(location: &str) -> i32 {
    location
        .trim_start_matches("/crew/")
        .parse()
        .expect("member id")
}

#[actix_web::test]
async fn a_coach_adds_edits_deactivates_and_reactivates_a_member() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/crew/new",
            "/crew/new",
            &[
                ("name", "Riley Ortiz"),
                ("station", "Station 3"),
                ("platoon", "B"),
                ("start_date", "2026-09-01"),
                ("notes", "Old left knee injury: no deep flexion."),
            ],
        )
        .await;
    let id = member_id_from(&location(&response));
    let doc = app.get_html(&format!("/crew/{id}")).await;
    assert_eq!(text(&doc, "h1"), "Riley Ortiz");
    assert_eq!(text(&doc, ".station"), "Station 3");
    assert_eq!(text(&doc, ".platoon"), "B");
    assert_eq!(
        text(&doc, ".notes"),
        "Old left knee injury: no deep flexion."
    );

    let page = format!("/crew/{id}/edit");
    let response = app
        .submit(
            &page,
            &page,
            &[
                ("name", "Riley Ortiz"),
                ("station", "Station 5"),
                ("platoon", ""),
                ("start_date", "2026-09-01"),
                ("notes", ""),
            ],
        )
        .await;
    assert_redirect(&response, &format!("/crew/{id}"));
    let doc = app.get_html(&format!("/crew/{id}")).await;
    assert_eq!(text(&doc, ".station"), "Station 5");
    assert_eq!(text(&doc, ".platoon"), "none (fixed weekdays)");

    let show = format!("/crew/{id}");
    app.submit(&show, &format!("/crew/{id}/deactivate"), &[])
        .await;
    let doc = app.get_html("/crew").await;
    assert_eq!(
        count(&doc, "table.crew tbody tr"),
        0,
        "hidden from the list"
    );
    let doc = app.get_html("/crew?inactive=1").await;
    assert_eq!(texts(&doc, "td.name"), vec!["Riley Ortiz"]);
    let doc = app.get_html(&show).await;
    assert_eq!(text(&doc, "h1 .badge"), "deactivated");
    // Pain is the only danger red: the deactivated badge is neutral.
    assert_eq!(
        attr(&doc, "h1 .badge", "class").as_deref(),
        Some("badge deactivated")
    );
    // A deactivated (not erased) member can be made active again.
    assert_eq!(count(&doc, "form[action$='/reactivate'] button"), 1);
    assert_eq!(count(&doc, ".erased"), 0);

    app.submit(&show, &format!("/crew/{id}/reactivate"), &[])
        .await;
    let doc = app.get_html("/crew").await;
    assert_eq!(texts(&doc, "td.name"), vec!["Riley Ortiz"]);
}

#[actix_web::test]
async fn member_forms_say_what_is_wrong_beside_each_field_and_keep_the_values() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/crew/new",
            "/crew/new",
            &[
                ("name", "  "),
                ("station", "Station 3"),
                ("platoon", "Z"),
                ("start_date", "1990-01-01"),
                ("notes", "keep me"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(count(&doc, ".field-error"), 3);
    assert_eq!(attr(&doc, "#station", "value").unwrap(), "Station 3");
    assert_eq!(text(&doc, "#notes"), "keep me");
    assert_eq!(attr(&doc, "#start_date", "value").unwrap(), "1990-01-01");
    assert_eq!(
        attr(&doc, "#platoon option[selected]", "value").unwrap(),
        "Z"
    );
    let doc = app.get_html("/crew").await;
    assert_eq!(count(&doc, "table.crew tbody tr"), 0, "nothing saved");

    // Unknown ids are 404 pages.
    assert_eq!(app.get("/crew/999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/crew/999/edit").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn an_invitation_sets_a_password_logs_in_and_then_refuses_reuse() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let show = format!("/crew/{}", member.id);
    let response = app
        .submit(&show, &format!("/crew/{}/invite", member.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    let link = attr(&doc, "input.invite-link", "value").unwrap();
    assert_eq!(count(&doc, ".qr svg"), 1, "a QR code is drawn");
    let path = link.trim_start_matches(&app.address).to_string();
    assert!(path.starts_with("/invite/"));

    let phone = app.other_browser();
    let doc = phone.get_html(&path).await;
    assert_eq!(text(&doc, "h1"), "Welcome, Sam Lee");
    let response = phone
        .submit(
            &path,
            &path,
            &[
                ("email", "sam@station.test"),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
    phone.acknowledge_statement().await;
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".signed-in"), "Sam Lee");
    let doc = app.get_html(&show).await;
    assert_eq!(text(&doc, "dd.account"), "sam@station.test");

    // The link works once.
    let third = app.other_browser();
    let response = third.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(text(&html(response).await, "h1"), "Link already used");
}

#[actix_web::test]
async fn an_expired_invitation_is_refused_and_a_coach_can_invite_a_coach() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    let doc = html(response).await;
    let link = attr(&doc, "input.invite-link", "value").unwrap();
    let path = link.trim_start_matches(&app.address).to_string();

    app.clock.advance(Duration::days(8));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let phone = app.other_browser();
    let response = phone.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(text(&html(response).await, "h1"), "Link expired");
    let token = phone.csrf_token("/login").await;
    let response = phone
        .post_raw(
            &path,
            &[
                ("csrf_token", &token),
                ("email", "pat@station.test"),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(
        phone.get("/invite/not-a-token").await.status(),
        StatusCode::NOT_FOUND
    );

    // A fresh coach invitation makes a coach account.
    let doc = app.get_html("/coaches").await;
    assert_eq!(
        texts(&doc, "table.coaches td:first-child"),
        vec!["Casey Coach"]
    );
    let response = app
        .submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    let doc = html(response).await;
    let path = attr(&doc, "input.invite-link", "value")
        .unwrap()
        .trim_start_matches(&app.address)
        .to_string();
    let response = phone
        .submit(
            &path,
            &path,
            &[
                ("email", "pat@station.test"),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
    assert_eq!(phone.get("/crew").await.status(), StatusCode::OK);
}

/// The catalog's list numbers the stages (an ordered list, one number per
/// stage); the link names the stage without its number again ("1. 1 Floor
/// glute bridge" before).
#[actix_web::test]
async fn the_catalog_numbers_each_stage_once() {
    let app = spawn_app().await;
    app.coach().await;
    let doc = app.get_html("/catalog").await;
    let links = texts(&doc, "ol.stages > li > a");
    assert_eq!(links.len(), 7);
    assert_eq!(links[0], "Floor glute bridge");
    for (link, name) in links.iter().zip(texts(&doc, ".stage-name")) {
        assert_eq!(*link, name, "the number is the list's, not the link's");
    }
    assert_eq!(count(&doc, "ol.stages .stage-number"), 0);
}

#[actix_web::test]
async fn the_catalog_shows_seven_stages_in_order_with_their_doses() {
    let app = spawn_app().await;
    app.coach().await;
    let doc = app.get_html("/catalog").await;
    assert_eq!(
        texts(&doc, ".stage-name"),
        vec![
            "Floor glute bridge",
            "Single-leg glute bridge",
            "Bodyweight hip thrust",
            "Single-leg hip thrust",
            "Dumbbell or kettlebell hip thrust",
            "Barbell hip thrust",
            "Strength phase",
        ]
    );
    assert_eq!(
        texts(&doc, ".stage-dose"),
        vec![
            "3 x 20, 2 s hold",
            "3 x 15-20 per leg",
            "3 x 20, 1 s hold",
            "3 x 8-12 per leg, 3 s hold",
            "3 x 10-15",
            "5 x 5",
            "5 x 3",
        ]
    );
    let doc = app.get_html("/catalog/6").await;
    assert!(text(&doc, ".load-rule").contains("45 lb"));
    assert!(count(&doc, "ul.cues li") >= 4);
    assert!(count(&doc, "ul.mistakes li") >= 4);
    assert_eq!(app.get("/catalog/8").await.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn bulk_assignment_reaches_three_members_and_validates() {
    let app = spawn_app().await;
    app.coach().await;
    let a = create_crew_member(&app, "Avery", "Station 1", Some("A"));
    let b = create_crew_member(&app, "Blake", "Station 1", Some("B"));
    let c = create_crew_member(&app, "Cory", "Station 2", None);
    create_crew_member(&app, "Drew", "Station 2", Some("C"));

    // Filtering the list by station narrows it.
    let doc = app.get_html("/assign?station=Station+1").await;
    assert_eq!(count(&doc, "table.pick tbody tr"), 2);

    // Out-of-range input is refused beside the fields with the ticks kept.
    let (ids_a, ids_b, ids_c) = (a.id.to_string(), b.id.to_string(), c.id.to_string());
    let response = app
        .submit(
            "/assign",
            "/assign",
            &[
                ("member_ids", &ids_a),
                ("member_ids", &ids_b),
                ("stage", "3"),
                ("sessions_per_week", "5"),
                ("start_date", "2010-01-01"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(count(&doc, ".field-error"), 2);
    assert_eq!(count(&doc, "input[name=member_ids][checked]"), 2);
    assert_eq!(attr(&doc, "#stage option[selected]", "value").unwrap(), "3");

    let response = app
        .submit(
            "/assign",
            "/assign",
            &[
                ("member_ids", &ids_a),
                ("member_ids", &ids_b),
                ("member_ids", &ids_c),
                ("stage", "2"),
                ("sessions_per_week", "3"),
                ("start_date", "2026-11-02"),
                ("auto_advance", "on"),
            ],
        )
        .await;
    assert_redirect(&response, "/crew");
    let doc = app.get_html("/crew").await;
    let stages: Vec<(String, String)> = texts(&doc, "td.name")
        .into_iter()
        .zip(texts(&doc, "td.stage"))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("Avery".to_string(), "2 of 7".to_string()),
            ("Blake".to_string(), "2 of 7".to_string()),
            ("Cory".to_string(), "2 of 7".to_string()),
            ("Drew".to_string(), "not assigned".to_string()),
        ]
    );
    let doc = app.get_html(&format!("/crew/{}", c.id)).await;
    assert!(text(&doc, ".assignment").contains("3 sessions a week from Mon 2 Nov 2026"));
    assert!(text(&doc, ".assignment").contains("auto-advance on"));

    // Re-assigning keeps history: two assignments, one active.
    app.submit(
        "/assign",
        "/assign",
        &[
            ("member_ids", &ids_a),
            ("stage", "4"),
            ("sessions_per_week", "2"),
            ("start_date", "2026-11-16"),
            ("confirm", "yes"),
        ],
    )
    .await;
    let mut conn = app.pool.get().unwrap();
    let rows: Vec<bool> = assignments::table
        .filter(assignments::member_id.eq(a.id))
        .select(assignments::active)
        .order(assignments::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows, vec![false, true]);
}

#[actix_web::test]
async fn bulk_assign_that_moves_a_member_back_asks_to_confirm_and_saves_nothing_until_then() {
    let app = spawn_app().await;
    app.coach().await;
    let a = create_crew_member(&app, "Avery", "Station 1", Some("A"));
    let b = create_crew_member(&app, "Blake", "Station 1", Some("B"));
    let (ids_a, ids_b) = (a.id.to_string(), b.id.to_string());
    let start = app.today().to_string();
    let fields = |stage: &'static str| {
        vec![
            ("stage", stage),
            ("sessions_per_week", "2"),
            ("start_date", start.as_str()),
        ]
    };
    // Avery is at stage 4; Blake is not assigned yet (nothing to confirm alone).
    let mut first = vec![("member_ids", ids_a.as_str())];
    first.extend(fields("4"));
    assert_redirect(&app.submit("/assign", "/assign", &first).await, "/crew");

    let mut both = vec![
        ("member_ids", ids_a.as_str()),
        ("member_ids", ids_b.as_str()),
    ];
    both.extend(fields("1"));
    let response = app.submit("/assign", "/assign", &both).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    let changes = texts(&doc, ".confirm-step ul.changes li");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].contains("Avery"), "{changes:?}");
    assert!(changes[0].contains("stage 4"), "{changes:?}");
    assert!(changes[0].contains("3 stages back"), "{changes:?}");
    assert_eq!(
        attr(&doc, ".confirm-step input[name=confirm]", "value").as_deref(),
        Some("yes")
    );
    assert_eq!(count(&doc, ".confirm-step input[name=member_ids]"), 2);
    // Nothing saved: Avery still at 4, Blake still unassigned.
    let mut conn = app.pool.get().unwrap();
    let active: Vec<(i32, i32)> = assignments::table
        .filter(assignments::active.eq(true))
        .select((assignments::member_id, assignments::stage))
        .order(assignments::member_id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(active, vec![(a.id, 4)]);

    let mut confirmed = both.clone();
    confirmed.push(("confirm", "yes"));
    assert_redirect(&app.submit("/assign", "/assign", &confirmed).await, "/crew");
    let active: Vec<(i32, i32)> = assignments::table
        .filter(assignments::active.eq(true))
        .select((assignments::member_id, assignments::stage))
        .order(assignments::member_id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(active, vec![(a.id, 1), (b.id, 1)]);
}

#[actix_web::test]
async fn advance_regress_and_set_stage_each_leave_a_timeline_entry_with_the_coach() {
    let app = spawn_app().await;
    app.coach().await;
    let m = create_crew_member(&app, "Avery", "Station 1", Some("A"));
    let id = m.id.to_string();
    app.submit(
        "/assign",
        "/assign",
        &[
            ("member_ids", &id),
            ("stage", "3"),
            ("sessions_per_week", "2"),
            ("start_date", "2026-11-02"),
        ],
    )
    .await;
    let show = format!("/crew/{id}");
    let action = format!("/crew/{id}/stage");
    assert_redirect(
        &app.submit(&show, &action, &[("action", "advance")]).await,
        &show,
    );
    assert_eq!(text(&app.get_html(&show).await, ".stage-number"), "4");
    app.submit(
        &show,
        &action,
        &[("action", "regress"), ("note", "knee sore")],
    )
    .await;
    assert_eq!(text(&app.get_html(&show).await, ".stage-number"), "3");
    app.submit(
        &show,
        &action,
        &[("action", "set"), ("stage", "6"), ("note", "strong lifter")],
    )
    .await;
    let doc = app.get_html(&show).await;
    assert_eq!(text(&doc, ".stage-number"), "6");
    let entries = texts(&doc, ".timeline-entry .what");
    assert_eq!(
        entries,
        vec![
            "Stage set (coach decision): 3 · Bodyweight hip thrust → 6 · Barbell hip thrust",
            "Moved back (coach decision): 4 · Single-leg hip thrust → 3 · Bodyweight hip thrust",
            "Advanced: 3 · Bodyweight hip thrust → 4 · Single-leg hip thrust",
            "Assigned: 3 · Bodyweight hip thrust",
        ]
    );
    assert!(texts(&doc, ".timeline-entry .who")
        .iter()
        .all(|w| w == "by Casey Coach"));
    assert_eq!(
        texts(&doc, ".timeline-entry .note"),
        vec!["“strong lifter”", "“knee sore”"]
    );

    // Setting the stage it already has is refused beside the field.
    let response = app
        .submit(&show, &action, &[("action", "set"), ("stage", "6")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, ".field-error"),
        "The member is already at that stage."
    );
    let mut conn = app.pool.get().unwrap();
    let n: i64 = stage_changes::table.count().get_result(&mut conn).unwrap();
    assert_eq!(n, 4);
}

#[actix_web::test]
async fn a_coach_adjusts_and_resets_a_members_dose() {
    let app = spawn_app().await;
    app.coach().await;
    let m = create_crew_member(&app, "Avery", "Station 1", Some("A"));
    let id = m.id.to_string();
    app.submit(
        "/assign",
        "/assign",
        &[
            ("member_ids", &id),
            ("stage", "1"),
            ("sessions_per_week", "2"),
            ("start_date", "2026-11-02"),
        ],
    )
    .await;
    let dose = format!("/crew/{id}/dose");
    let response = app
        .submit(
            &dose,
            &dose,
            &[
                ("action", "save"),
                ("sets", "2"),
                ("reps_low", "12"),
                ("reps_high", "10"),
                ("hold_seconds", "2"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, ".field-error"),
        "The top of the range cannot be below the bottom."
    );
    assert_eq!(attr(&doc, "#reps_low", "value").unwrap(), "12");

    app.submit(
        &dose,
        &dose,
        &[
            ("action", "save"),
            ("sets", "2"),
            ("reps_low", "12"),
            ("reps_high", "12"),
            ("hold_seconds", "2"),
        ],
    )
    .await;
    let doc = app.get_html(&format!("/crew/{id}")).await;
    assert_eq!(text(&doc, ".dose-text"), "2 x 12");
    assert_eq!(text(&doc, ".dose .badge"), "adjusted for this member");
    app.submit(&dose, &dose, &[("action", "reset")]).await;
    let doc = app.get_html(&format!("/crew/{id}")).await;
    assert_eq!(text(&doc, ".dose-text"), "3 x 20");
}

#[actix_web::test]
async fn a_member_cannot_open_crew_or_coach_pages() {
    let app = spawn_app().await;
    app.coach().await;
    let other = create_crew_member(&app, "Avery", "Station 1", Some("A"));
    let phone = app.other_browser();
    phone.member("riley@station.test", "Riley").await;
    for path in [
        format!("/crew/{}", other.id),
        format!("/crew/{}/edit", other.id),
        format!("/crew/{}/dose", other.id),
        "/crew".to_string(),
        "/assign".to_string(),
        "/catalog".to_string(),
        "/coaches".to_string(),
        "/settings/rotation".to_string(),
    ] {
        assert_eq!(
            phone.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let token = phone.csrf_token("/").await;
    let response = phone
        .post_raw(
            &format!("/crew/{}/deactivate", other.id),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = app.get_html("/crew").await;
    assert_eq!(texts(&doc, "td.name"), vec!["Avery"], "still active");
}

#[actix_web::test]
async fn rotation_presets_save_and_the_calendar_shows_duty_days() {
    let app = spawn_app().await;
    app.coach().await;
    // Anchor platoon A's cycle on this week's Monday (department time).
    let monday = bridgework::domain::schedule::monday_of(app.today());
    let anchor = monday.to_string();
    let response = app
        .submit(
            "/settings/rotation",
            "/settings/rotation",
            &[
                ("preset", "24-48"),
                ("anchor", &anchor),
                ("change_time", "07:00"),
                ("platoons", "A"),
                ("platoons", "B"),
                ("platoons", "C"),
            ],
        )
        .await;
    assert_redirect(&response, "/settings/rotation");
    let doc = app.get_html("/settings/rotation").await;
    assert_eq!(
        attr(&doc, "input[name=preset][checked]", "value").unwrap(),
        "24-48"
    );
    assert_eq!(count(&doc, "td.day"), 28);
    let on_duty = |offset: i64| {
        let date = monday + Duration::days(offset);
        texts(&doc, &format!("td.day[data-date='{date}'] .badge"))
    };
    // One platoon a day, cycling A, B, C from the anchor.
    for (offset, platoon) in [(0, "A"), (1, "B"), (2, "C"), (3, "A"), (10, "B"), (27, "A")] {
        assert_eq!(on_duty(offset), vec![platoon], "day {offset}");
    }

    let response = app
        .submit(
            "/settings/rotation",
            "/settings/rotation",
            &[
                ("preset", "custom"),
                ("pattern", "on, maybe"),
                ("offset", "1"),
                ("anchor", "2026-11-02"),
                ("change_time", "25:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        count(&doc, ".field-error"),
        3,
        "{:?}",
        texts(&doc, ".field-error")
    );
    assert_eq!(attr(&doc, "#pattern", "value").unwrap(), "on, maybe");
}

#[actix_web::test]
async fn deactivating_ends_the_members_session_even_when_reactivated_at_once() {
    let app = spawn_app().await;
    app.coach().await;
    let phone = app.other_browser();
    let user = phone.member("riley@station.test", "Riley").await;
    let member = create_crew_member(&app, "Riley", "Station 1", Some("A"));
    bridgework::models::member::Member::link_user(&mut app.pool.get().unwrap(), member.id, user.id)
        .unwrap();
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
    let show = format!("/crew/{}", member.id);
    app.submit(&show, &format!("{show}/deactivate"), &[]).await;
    app.submit(&show, &format!("{show}/reactivate"), &[]).await;
    assert_redirect(&phone.get("/").await, "/login");
}

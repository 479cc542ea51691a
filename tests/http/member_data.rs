//! A member's own data (issue 22): the data-use statement each member
//! acknowledges before anything else, the download of everything about
//! them, and the erasure of a departed member's personal data.

use bridgework::models::member::Member;
use bridgework::models::user::Role;
use bridgework::schema::{
    member_erasures, members, range_tests, session_logs, session_sets, stage_changes,
    statement_acknowledgements, users,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

fn acknowledgements(app: &TestApp, user_id: i32) -> Vec<(i32, NaiveDateTime)> {
    statement_acknowledgements::table
        .filter(statement_acknowledgements::user_id.eq(user_id))
        .order(statement_acknowledgements::version)
        .select((
            statement_acknowledgements::version,
            statement_acknowledgements::acknowledged_at,
        ))
        .load(&mut app.pool.get().unwrap())
        .unwrap()
}

/// A member account made without the acknowledgement, linked to a crew
/// record, logged in on a phone of its own.
async fn unacknowledged_member(app: &TestApp, email: &str, name: &str) -> (TestApp, i32) {
    let user = app
        .create_user_unacknowledged(email, name, Role::Member)
        .await;
    let member = create_crew_member(app, name, "Station 1", Some("A"));
    Member::link_user(&mut app.pool.get().unwrap(), member.id, user.id).unwrap();
    let phone = app.other_browser();
    assert_redirect(&phone.login(email).await, "/");
    (phone, user.id)
}

#[actix_web::test]
async fn statement_gate_sends_a_member_without_the_acknowledgement_to_the_statement_first() {
    let app = spawn_app().await;
    let (phone, user_id) = unacknowledged_member(&app, "new@station.test", "New Hire").await;
    for page in ["/", "/history", "/history/data.json", "/account/password"] {
        assert_redirect(&phone.get(page).await, "/statement");
    }
    assert!(acknowledgements(&app, user_id).is_empty());

    let doc = phone.get_html("/statement").await;
    assert_eq!(text(&doc, "h1"), "How your data is used");
    let statement = texts(&doc, ".statement p").join(" ");
    assert!(statement.contains("non-punitive"), "{statement}");
    assert!(statement.contains("Officers"), "who sees what: {statement}");
    assert!(statement.contains("How long it is kept"), "{statement}");
    assert_eq!(
        attr(&doc, "form.acknowledge input[name=version]", "value").as_deref(),
        Some("1")
    );
    // Without the CSRF token nothing is kept.
    let forged = phone.post_raw("/statement", &[("version", "1")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(acknowledgements(&app, user_id).is_empty());

    let done = phone
        .submit("/statement", "/statement", &[("version", "1")])
        .await;
    assert_redirect(&done, "/");
    assert_eq!(
        acknowledgements(&app, user_id),
        vec![(1, app.clock.now().naive_utc())],
        "the acknowledgement is kept with the version and the time"
    );
    assert_eq!(text(&phone.get_html("/").await, "h1"), "Today");
    let again = phone.get_html("/statement").await;
    assert_eq!(count(&again, "form.acknowledge"), 0);
    assert!(
        text(&again, ".acknowledged").contains(&bridgework::domain::today::day_text(app.today()))
    );
}

#[actix_web::test]
async fn statement_change_raises_the_version_and_asks_members_again() {
    let app = spawn_app().await;
    app.coach().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let user_id = Member::find(&mut app.pool.get().unwrap(), member.id)
        .unwrap()
        .user_id
        .unwrap();
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
    let token_before = phone.csrf_token("/").await;

    let doc = app.get_html("/settings").await;
    assert_eq!(text(&doc, ".statement-version"), "In force: version 1.");
    assert!(text(&doc, "#statement-body").contains("non-punitive"));

    // An empty text is refused beside the field; nothing changes.
    let refused = app
        .submit("/settings", "/settings/statement", &[("body", "   ")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(refused).await;
    assert!(text(&doc, "#statement .field-error").contains("Write the statement"));
    assert_eq!(text(&doc, ".statement-version"), "In force: version 1.");
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);

    let new_text = "Non-punitive, always.\r\n\r\nYour coaches see your results; officers see counts. Kept while you take part.";
    let saved = app
        .submit("/settings", "/settings/statement", &[("body", new_text)])
        .await;
    assert_redirect(&saved, "/settings#statement");
    let doc = app.get_html("/settings").await;
    assert_eq!(text(&doc, ".statement-version"), "In force: version 2.");
    // The same text again is no change.
    app.submit("/settings", "/settings/statement", &[("body", new_text)])
        .await;
    assert_eq!(
        text(&app.get_html("/settings").await, ".statement-version"),
        "In force: version 2."
    );

    // The member is asked again, before anything else.
    assert_redirect(&phone.get("/").await, "/statement");
    let doc = phone.get_html("/statement").await;
    assert_eq!(
        texts(&doc, ".statement p"),
        vec![
            "Non-punitive, always.",
            "Your coaches see your results; officers see counts. Kept while you take part."
        ]
    );
    // Acknowledging the old version (a page read before the change) does
    // not count: the new one is shown.
    let stale = phone
        .post_raw(
            "/statement",
            &[("csrf_token", token_before.as_str()), ("version", "1")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(
        attr(&html(stale).await, "input[name=version]", "value").as_deref(),
        Some("2")
    );
    assert_redirect(
        &phone
            .submit("/statement", "/statement", &[("version", "2")])
            .await,
        "/",
    );
    let versions: Vec<i32> = acknowledgements(&app, user_id)
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(versions, vec![1, 2]);
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
}

/// Range-test fields for a test today with pain and a note.
fn range_test_fields(today: &str) -> Vec<(&str, &str)> {
    vec![
        ("tested_on", today),
        ("double_leg", "8"),
        ("ninety_left", "6"),
        ("ninety_right", "6"),
        ("hugged_left", "4"),
        ("hugged_right", "4.5"),
        ("pain", "yes"),
        ("pain_where", "left knee, inside"),
        ("notes", "Old ACL repair on the left"),
    ]
}

/// Riley (a session with sets, a stage change by the coach, a range test)
/// and Sam (a session of their own), both logged in on their phones.
async fn two_members_with_history(app: &TestApp) -> (TestApp, Member, TestApp, Member) {
    app.coach().await;
    let (riley_phone, riley) = member_at(app, "riley@station.test", 1, false).await;
    let (sam_phone, sam) = member_at(app, "sam@station.test", 1, false).await;
    log_sets(
        &riley_phone,
        "/",
        "finished",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("note", "Felt strong after night shift"),
        ],
    )
    .await;
    assert_eq!(
        done_as_prescribed(&sam_phone).await.status(),
        StatusCode::SEE_OTHER
    );
    let show = format!("/crew/{}", riley.id);
    assert_redirect(
        &app.submit(
            &show,
            &format!("/crew/{}/stage", riley.id),
            &[("action", "advance"), ("note", "ready, form solid")],
        )
        .await,
        &show,
    );
    let today = app.today().to_string();
    let new_test = format!("/crew/{}/range-tests/new", riley.id);
    let recorded = app
        .submit(&new_test, &new_test, &range_test_fields(&today))
        .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    (riley_phone, riley, sam_phone, sam)
}

async fn json(response: reqwest::Response) -> serde_json::Value {
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"bridgework-member-"));
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    response.json().await.unwrap()
}

#[actix_web::test]
async fn my_data_download_has_my_sessions_with_sets_stage_changes_and_range_tests_and_nothing_of_another_member(
) {
    let app = spawn_app().await;
    let (riley_phone, riley, _, sam) = two_members_with_history(&app).await;

    let history = riley_phone.get_html("/history").await;
    assert_eq!(
        attr(&history, "a.download-my-data", "href").as_deref(),
        Some("/history/data.json")
    );
    let raw = riley_phone.get("/history/data.json").await;
    let data = json(raw).await;
    assert_eq!(data["profile"]["id"], riley.id);
    assert_eq!(data["profile"]["name"], "riley@station.test");
    assert_eq!(data["account"]["email"], "riley@station.test");
    assert!(data["account"].get("password_hash").is_none());

    let sessions = data["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["note"], "Felt strong after night shift");
    assert_eq!(sessions[0]["sets"][0]["reps"], 20);
    assert_eq!(sessions[0]["sets"][0]["hold_seconds"], 2);

    let reasons: Vec<&str> = data["stage_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["assigned", "advance"]);
    assert_eq!(data["stage_changes"][1]["note"], "ready, form solid");
    assert_eq!(data["stage_changes"][1]["changed_by"], "Casey Coach");

    let tests = data["range_tests"].as_array().unwrap();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0]["hugged_right_um"], 114300, "4.5 in");
    assert_eq!(tests[0]["notes"], "Old ACL repair on the left");
    assert_eq!(data["assignments"][0]["stage"], 2);
    assert_eq!(
        data["statement_acknowledgements"][0]["statement_version"],
        1
    );
    // The record of access: the coach's reads of Riley's data, none of
    // Riley's own.
    let seen = data["access_record"].as_array().unwrap();
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|l| l["viewer_role"] != "crew member"),
        "{seen:?}"
    );

    // Nothing of Sam's: not their email, not their session.
    let text = data.to_string();
    assert!(!text.contains("sam@station.test"), "{text}");
    let sam_session: i32 = session_logs::table
        .filter(session_logs::member_id.eq(sam.id))
        .select(session_logs::id)
        .first(&mut app.pool.get().unwrap())
        .unwrap();
    assert!(sessions.iter().all(|s| s["id"] != sam_session));

    // The same as CSV files in a zip, one row per set in sessions.csv.
    assert_eq!(
        attr(&history, "a.download-my-data-zip", "href").as_deref(),
        Some("/history/data.zip")
    );
    let files = zip_files(riley_phone.get("/history/data.zip").await).await;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "README.txt",
            "profile.csv",
            "assignments.csv",
            "sessions.csv",
            "stage_changes.csv",
            "range_tests.csv",
            "range_test_corrections.csv",
            "flags.csv",
            "statement_acknowledgements.csv",
            "access_record.csv",
        ]
    );
    let sessions_csv = csv_rows(&files, "sessions.csv");
    let header = &sessions_csv[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        sessions_csv.len(),
        2,
        "a header and the one set: {sessions_csv:?}"
    );
    assert_eq!(
        sessions_csv[1][col("note")],
        "Felt strong after night shift"
    );
    assert_eq!(sessions_csv[1][col("set_number")], "1");
    assert_eq!(sessions_csv[1][col("reps")], "20");
    assert_eq!(sessions_csv[1][col("entered_by")], "riley@station.test");
    let changes = csv_rows(&files, "stage_changes.csv");
    let reason = changes[0].iter().position(|h| h == "reason").unwrap();
    assert_eq!(
        changes[1..]
            .iter()
            .map(|r| r[reason].as_str())
            .collect::<Vec<_>>(),
        vec!["assigned", "advance"]
    );
    let tests_csv = csv_rows(&files, "range_tests.csv");
    assert_eq!(tests_csv.len(), 2);
    let profile = csv_rows(&files, "profile.csv");
    let email = profile[0]
        .iter()
        .position(|h| h == "account_email")
        .unwrap();
    assert_eq!(profile[1][email], "riley@station.test");
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("sam@station.test"), "{name}");
    }

    // The coordinator downloads the same for a member who asks.
    let show = app.get_html(&format!("/crew/{}", riley.id)).await;
    let link = attr(&show, "a.member-data", "href").unwrap();
    let theirs = json(app.get(&link).await).await;
    assert_eq!(theirs["profile"]["id"], riley.id);
    assert_eq!(theirs["sessions"], data["sessions"]);
}

#[actix_web::test]
async fn only_the_member_and_the_coordinator_download_a_members_data() {
    let app = spawn_app().await;
    let (riley_phone, riley, sam_phone, _) = two_members_with_history(&app).await;
    // Another member asking by id: refused; unknown ids: not found.
    for ext in ["json", "zip"] {
        for phone in [&riley_phone, &sam_phone] {
            let response = phone.get(&format!("/crew/{}/data.{ext}", riley.id)).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_eq!(text(&html(response).await, "h1"), "Not allowed");
        }
        assert_eq!(
            app.get(&format!("/crew/99999/data.{ext}")).await.status(),
            StatusCode::NOT_FOUND
        );
        // A coach has no "my data"; an anonymous client logs in first.
        assert_eq!(
            app.get(&format!("/history/data.{ext}")).await.status(),
            StatusCode::FORBIDDEN
        );
        let anonymous = app.other_browser();
        for path in [
            format!("/history/data.{ext}"),
            format!("/crew/{}/data.{ext}", riley.id),
        ] {
            let response = anonymous.get(&path).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            assert!(location(&response).starts_with("/login"), "{path}");
        }
    }
    // The coordinator's zip is the member's.
    // (The coordinator's download is itself a line of the record of access,
    // so that file alone differs.)
    let mine = zip_files(riley_phone.get("/history/data.zip").await).await;
    let theirs = zip_files(app.get(&format!("/crew/{}/data.zip", riley.id)).await).await;
    let without_record = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .filter(|(name, _)| name != "access_record.csv")
            .collect::<Vec<_>>()
    };
    assert_eq!(without_record(theirs), without_record(mine));
    // A member account not linked to a crew record has nothing to download.
    let lone = app.other_browser();
    lone.member("lone@station.test", "Lone").await;
    for path in ["/history/data.json", "/history/data.zip"] {
        assert_eq!(lone.get(path).await.status(), StatusCode::NOT_FOUND);
    }
}

/// The files of a zip download, in order, after checking its headers.
async fn zip_files(response: reqwest::Response) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"bridgework-member-"));
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

/// The rows (header first) of one CSV file of a zip download.
fn csv_rows(files: &[(String, Vec<u8>)], name: &str) -> Vec<Vec<String>> {
    let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn anonymous_counts(app: &TestApp) -> (i64, i64, i64, i64) {
    let mut conn = app.pool.get().unwrap();
    (
        session_logs::table.count().get_result(&mut conn).unwrap(),
        session_sets::table.count().get_result(&mut conn).unwrap(),
        stage_changes::table.count().get_result(&mut conn).unwrap(),
        range_tests::table.count().get_result(&mut conn).unwrap(),
    )
}

#[actix_web::test]
async fn erasing_asks_to_confirm_removes_personal_data_keeps_anonymous_sessions_and_records_it() {
    let app = spawn_app().await;
    let (riley_phone, riley, sam_phone, sam) = two_members_with_history(&app).await;
    let riley_user = Member::find(&mut app.pool.get().unwrap(), riley.id)
        .unwrap()
        .user_id
        .unwrap();
    let feed = {
        let response = riley_phone
            .submit("/history", "/history/calendar", &[])
            .await;
        let url = attr(&html(response).await, "input.feed-url", "value").unwrap();
        format!(
            "/{}",
            url.split_once("://").unwrap().1.split_once('/').unwrap().1
        )
    };
    assert_eq!(
        new_client()
            .get(app.url(&feed))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let before = anonymous_counts(&app);

    // The confirm page names the member and says what goes and what stays.
    let show = format!("/crew/{}", riley.id);
    let page = attr(&app.get_html(&show).await, "a.erase-member", "href").unwrap();
    let doc = app.get_html(&page).await;
    assert_eq!(text(&doc, "h1"), "Erase riley@station.test's personal data");
    assert!(text(&doc, ".erase-removed").contains("email address"));
    assert!(text(&doc, ".erase-kept").contains("Sessions and their sets"));

    // A wrong name erases nothing and keeps what was typed.
    let wrong = app
        .submit(&page, &page, &[("confirm_name", "sam@station.test")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(wrong).await;
    assert!(text(&doc, ".field-error").contains("Type the member's name"));
    assert_eq!(
        attr(&doc, "input[name=confirm_name]", "value").as_deref(),
        Some("sam@station.test")
    );
    assert_eq!(
        member_erasures::table
            .count()
            .get_result::<i64>(&mut app.pool.get().unwrap())
            .unwrap(),
        0
    );
    // Unknown members are not found; an anonymous client logs in first.
    assert_eq!(
        app.get("/crew/99999/erase").await.status(),
        StatusCode::NOT_FOUND
    );
    let anonymous = app.other_browser().get(&page).await;
    assert!(location(&anonymous).starts_with("/login"));
    // A member cannot erase anyone.
    let forbidden = sam_phone
        .submit("/", &page, &[("confirm_name", "riley@station.test")])
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    let erased = app
        .submit(&page, &page, &[("confirm_name", " Riley@Station.test ")])
        .await;
    assert_redirect(&erased, &show);

    let doc = app.get_html(&show).await;
    assert_eq!(
        text(&doc, "h1"),
        format!("Former member #{} deactivated", riley.id)
    );
    assert_eq!(text(&doc, "dd.account"), "none yet");
    assert_eq!(count(&doc, ".notes"), 0);
    // The member page says when and by whom, and offers no reactivation
    // (it would be refused) and no second erasure.
    assert_eq!(
        text(&doc, ".erased"),
        format!(
            "Personal data erased on {} by Casey Coach.",
            bridgework::domain::today::moment_text(app.local_now())
        )
    );
    assert_eq!(count(&doc, "form[action$='/reactivate']"), 0);
    assert_eq!(count(&doc, "a.erase-member"), 0);

    let mut conn = app.pool.get().unwrap();
    let (name, notes): (String, String) = members::table
        .find(riley.id)
        .select((members::name, members::notes))
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        (name.as_str(), notes.as_str()),
        (format!("Former member #{}", riley.id).as_str(), "")
    );
    let (email, account_name, active): (String, String, bool) = users::table
        .find(riley_user)
        .select((users::email, users::name, users::active))
        .first(&mut conn)
        .unwrap();
    assert!(!email.contains("riley"), "{email}");
    assert!(!account_name.contains("riley"), "{account_name}");
    assert!(!active);
    let session_notes: Vec<String> = session_logs::table
        .filter(session_logs::member_id.eq(riley.id))
        .select(session_logs::note)
        .load(&mut conn)
        .unwrap();
    assert_eq!(session_notes, vec![String::new()]);
    let test_text: Vec<(String, String)> = range_tests::table
        .filter(range_tests::member_id.eq(riley.id))
        .select((range_tests::notes, range_tests::pain_where))
        .load(&mut conn)
        .unwrap();
    assert_eq!(test_text, vec![(String::new(), String::new())]);
    let change_notes: Vec<String> = stage_changes::table
        .filter(stage_changes::member_id.eq(riley.id))
        .select(stage_changes::note)
        .load(&mut conn)
        .unwrap();
    assert!(change_notes.iter().all(String::is_empty));
    // Nothing in the database still names Riley.
    let everything = crate::access_helpers::fingerprint(&app);
    assert!(!everything.contains("riley@station.test"));
    assert!(!everything.contains("Old ACL"));
    assert!(!everything.contains("left knee, inside"));
    assert!(!everything.contains("night shift"));
    assert!(everything.contains("sam@station.test"), "Sam is untouched");
    drop(conn);

    assert_eq!(
        anonymous_counts(&app),
        before,
        "sessions, sets, stage changes and tests stay"
    );
    let record: Vec<(i32, i32, NaiveDateTime)> = member_erasures::table
        .select((
            member_erasures::member_id,
            member_erasures::erased_by,
            member_erasures::erased_at,
        ))
        .load(&mut app.pool.get().unwrap())
        .unwrap();
    let coach_id: i32 = users::table
        .filter(users::email.eq("coach@station.test"))
        .select(users::id)
        .first(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(
        record,
        vec![(riley.id, coach_id, app.clock.now().naive_utc())]
    );
    assert_eq!(
        texts(&app.get_html(&page).await, ".erased"),
        vec![format!(
            "This member's personal data was erased on {} by Casey Coach. Their anonymous sessions and stage history stay for the program's numbers.",
            bridgework::domain::today::moment_text(app.local_now())
        )]
    );
    // Erasing twice changes nothing.
    let again = app
        .submit(
            &show,
            &page,
            &[("confirm_name", &format!("Former member #{}", riley.id))],
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // The member cannot log in; their session and feed link are gone.
    let location_now = location(&riley_phone.get("/").await);
    assert!(location_now.starts_with("/login"), "{location_now}");
    assert_eq!(
        app.other_browser()
            .login("riley@station.test")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        new_client()
            .get(app.url(&feed))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // The anonymous record cannot be made active again (an invitation to it
    // would hand someone else Riley's history); it stays inactive.
    let show = format!("/crew/{}", riley.id);
    let reactivated = app
        .submit(&show, &format!("/crew/{}/reactivate", riley.id), &[])
        .await;
    assert_eq!(reactivated.status(), StatusCode::FORBIDDEN);
    assert!(
        !Member::find(&mut app.pool.get().unwrap(), riley.id)
            .unwrap()
            .active
    );
    // Sam is still in.
    assert_eq!(sam_phone.get("/").await.status(), StatusCode::OK);
    let _ = sam;
}

#[actix_web::test]
async fn an_erased_record_offers_no_profile_edit_and_refuses_one() {
    let app = spawn_app().await;
    app.coach().await;
    let riley = create_crew_member(&app, "Riley Ross", "Station 1", Some("A"));
    let show = format!("/crew/{}", riley.id);
    let edit = format!("/crew/{}/edit", riley.id);
    // Before the erasure the profile can be edited.
    assert_eq!(
        attr(&app.get_html(&show).await, "a[href$='/edit']", "href"),
        Some(edit.clone())
    );
    let page = format!("/crew/{}/erase", riley.id);
    assert_redirect(
        &app.submit(&page, &page, &[("confirm_name", "Riley Ross")])
            .await,
        &show,
    );

    // Afterwards the page offers no edit, and neither the form nor a
    // POST can put a name back onto the anonymous record.
    assert_eq!(count(&app.get_html(&show).await, "a[href$='/edit']"), 0);
    let form = app.get(&edit).await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let posted = app
        .submit(
            &show,
            &edit,
            &[
                ("name", "Riley Ross"),
                ("station", "Station 1"),
                ("platoon", "A"),
                ("start_date", "2026-01-05"),
                ("notes", "back again"),
            ],
        )
        .await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        text(&html(posted).await, ".message"),
        "This member's personal data was erased: the record stays anonymous and its profile cannot be edited."
    );
    let kept = Member::find(&mut app.pool.get().unwrap(), riley.id).unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.notes.as_str()),
        (format!("Former member #{}", riley.id).as_str(), "")
    );
    // An unknown member is still not found.
    assert_eq!(
        app.get("/crew/99999/edit").await.status(),
        StatusCode::NOT_FOUND
    );
}

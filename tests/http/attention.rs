//! Needs attention, the coach's home: what asks for a decision, most urgent
//! first, each line with its evidence and the actions that fit; a decision
//! clears the line and the member's timeline keeps it.

use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The reasons of the lines shown, in order, as "member: reason".
fn lines(doc: &scraper::Html) -> Vec<String> {
    let sel = scraper::Selector::parse("li.attention").unwrap();
    let name = scraper::Selector::parse(".who").unwrap();
    doc.select(&sel)
        .map(|li| {
            let who: String = li.select(&name).next().unwrap().text().collect();
            format!(
                "{}: {}",
                who.trim(),
                li.value().attr("data-reason").unwrap()
            )
        })
        .collect()
}

/// The text of the line for this member and reason.
fn line(doc: &scraper::Html, member_id: i32, reason: &str) -> String {
    text(
        doc,
        &format!("li.attention[data-member-id=\"{member_id}\"][data-reason=\"{reason}\"]"),
    )
}

fn day(date: chrono::NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

#[actix_web::test]
async fn needs_attention_lists_the_most_urgent_first_with_its_evidence() {
    let app = spawn_app().await;
    let (ready, ready_member) = member_at(&app, "ready@station.test", 1, false).await;
    let (_idle, idle_member) = member_at(&app, "idle@station.test", 2, false).await;
    let (pain, pain_member) = member_at(&app, "pain@station.test", 3, false).await;
    done_as_prescribed(&ready).await;
    app.clock.advance(Duration::days(2));
    done_as_prescribed(&ready).await;
    log_sets(
        &pain,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "lower_back")],
    )
    .await;
    assert_redirect(&app.login("coach@station.test").await, "/");

    let doc = app.get_html("/").await;
    assert_eq!(text(&doc, "h1"), "Needs attention");
    assert_eq!(
        lines(&doc),
        vec![
            "pain@station.test: pain",
            "ready@station.test: ready",
            "idle@station.test: inactive",
        ]
    );
    // The evidence: the session that raised it, its date and its numbers.
    let pain_line = line(&doc, pain_member.id, "pain");
    assert!(pain_line.contains(&day(app.today())), "{pain_line}");
    assert!(pain_line.contains("Lower-back pain"), "{pain_line}");
    assert!(pain_line.contains("stage 3"), "{pain_line}");
    assert_eq!(
        count(
            &doc,
            "li.attention[data-reason=pain] a.evidence[href^=\"/sessions/\"]"
        ),
        1
    );
    let ready_line = line(&doc, ready_member.id, "ready");
    assert!(ready_line.contains(&day(app.today())), "{ready_line}");
    assert!(ready_line.contains("stage 1"), "{ready_line}");
    let idle_line = line(&doc, idle_member.id, "inactive");
    assert!(idle_line.contains("No session"), "{idle_line}");
    assert!(
        idle_line.contains(&day(app.today() - Duration::days(16))),
        "{idle_line}"
    );
    // The actions that fit each reason.
    let actions = |member: i32, reason: &str| -> Vec<String> {
        let sel = format!(
            "li.attention[data-member-id=\"{member}\"][data-reason=\"{reason}\"] button[name=action]"
        );
        let s = scraper::Selector::parse(&sel).unwrap();
        doc.select(&s)
            .map(|b| b.value().attr("value").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        actions(pain_member.id, "pain"),
        vec!["acknowledged", "snoozed"]
    );
    assert_eq!(
        actions(ready_member.id, "ready"),
        vec!["advanced", "kept", "snoozed"]
    );
    assert_eq!(
        actions(idle_member.id, "inactive"),
        vec!["snoozed", "dismissed"]
    );
    // The full roster is a click away.
    assert_eq!(count(&doc, "a.full-roster[href=\"/roster\"]"), 1);
    let roster = app.get_html("/roster").await;
    assert_eq!(text(&roster, "h1"), "Roster");
    assert_eq!(count(&roster, "table.roster tbody tr"), 3);
}

#[actix_web::test]
async fn a_decision_clears_the_line_and_the_timeline_keeps_it() {
    let app = spawn_app().await;
    let (pain, pain_member) = member_at(&app, "pain@station.test", 3, false).await;
    let (ready, ready_member) = member_at(&app, "ready@station.test", 1, false).await;
    log_sets(
        &pain,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "knee")],
    )
    .await;
    done_as_prescribed(&ready).await;
    app.clock.advance(Duration::days(2));
    done_as_prescribed(&ready).await;
    assert_redirect(&app.login("coach@station.test").await, "/");

    // Acknowledging a pain report asks for a note; what was typed stays.
    let pain_action = format!("/attention/{}/pain", pain_member.id);
    let refused = app
        .submit(
            "/",
            &pain_action,
            &[("action", "acknowledged"), ("note", "  "), ("until", "")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(refused).await;
    let selector = format!(
        "li.attention[data-member-id=\"{}\"][data-reason=pain] .field-error",
        pain_member.id
    );
    assert!(
        text(&doc, &selector).contains("note"),
        "{}",
        text(&doc, &selector)
    );

    let done = app
        .submit(
            "/",
            &pain_action,
            &[
                ("action", "acknowledged"),
                (
                    "note",
                    "Spoke with her: sore knee from a call, not the bridge.",
                ),
                ("until", ""),
            ],
        )
        .await;
    assert_redirect(&done, "/");
    let doc = app.get_html("/").await;
    let pain_line = format!("li.attention[data-member-id=\"{}\"]", pain_member.id);
    assert_eq!(count(&doc, &pain_line), 0);
    assert_eq!(lines(&doc), vec!["ready@station.test: ready"]);
    // The roster no longer shows the pain either: the report is answered.
    let roster = app.get_html("/roster?flag=pain").await;
    assert_eq!(count(&roster, "table.roster tbody tr"), 0);
    let member = app.get_html(&format!("/crew/{}", pain_member.id)).await;
    let decisions = texts(&member, "ol.decisions li");
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    assert!(decisions[0].contains("Pain reported"), "{decisions:?}");
    assert!(decisions[0].contains("acknowledged"), "{decisions:?}");
    assert!(
        decisions[0].contains("sore knee from a call"),
        "{decisions:?}"
    );
    assert!(decisions[0].contains("Coach"), "{decisions:?}");

    // Ready to advance: advance now moves the stage and clears the line.
    let done = app
        .submit(
            "/",
            &format!("/attention/{}/ready", ready_member.id),
            &[
                ("action", "advanced"),
                ("note", "Solid reps."),
                ("until", ""),
            ],
        )
        .await;
    assert_redirect(&done, "/");
    let doc = app.get_html("/").await;
    assert!(lines(&doc).is_empty(), "{:?}", lines(&doc));
    let member = app.get_html(&format!("/crew/{}", ready_member.id)).await;
    assert_eq!(text(&member, ".stage-number"), "2");
    assert!(texts(&member, "ol.decisions li")[0].contains("advanced"));
    assert!(texts(&member, "ol.timeline li")
        .iter()
        .any(|t| t.contains("Solid reps.")));
}

#[actix_web::test]
async fn snooze_hides_the_line_until_its_date_and_dismiss_needs_a_reason() {
    let app = spawn_app().await;
    // member_at made the coach and left them logged in.
    let (_idle, idle) = member_at(&app, "idle@station.test", 2, false).await;
    let action = format!("/attention/{}/inactive", idle.id);

    // A snooze needs a day after today.
    let today = app.today().to_string();
    let refused = app
        .submit(
            "/",
            &action,
            &[("action", "snoozed"), ("note", ""), ("until", &today)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(refused).await;
    let input = format!(
        "li.attention[data-member-id=\"{}\"] input[name=until]",
        idle.id
    );
    assert_eq!(attr(&doc, &input, "value").as_deref(), Some(today.as_str()));

    let until = (app.today() + Duration::days(3)).to_string();
    let done = app
        .submit(
            "/",
            &action,
            &[
                ("action", "snoozed"),
                ("note", "On leave"),
                ("until", &until),
            ],
        )
        .await;
    assert_redirect(&done, "/");
    assert!(lines(&app.get_html("/").await).is_empty());
    app.clock.advance(Duration::days(2));
    assert_redirect(&app.login("coach@station.test").await, "/");
    assert!(lines(&app.get_html("/").await).is_empty());
    app.clock.advance(Duration::days(1));
    assert_redirect(&app.login("coach@station.test").await, "/");
    assert_eq!(
        lines(&app.get_html("/").await),
        vec!["idle@station.test: inactive"]
    );

    // Dismissing asks why; with a reason the line goes while the evidence
    // is the same.
    let refused = app
        .submit(
            "/",
            &action,
            &[("action", "dismissed"), ("note", ""), ("until", "")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .submit(
            "/",
            &action,
            &[
                ("action", "dismissed"),
                ("note", "Trains at home this month"),
                ("until", ""),
            ],
        )
        .await;
    assert_redirect(&done, "/");
    assert!(lines(&app.get_html("/").await).is_empty());
    let member = app.get_html(&format!("/crew/{}", idle.id)).await;
    let decisions = texts(&member, "ol.decisions li");
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    assert!(decisions[0].contains("Trains at home"), "{decisions:?}");
}

#[actix_web::test]
async fn decisions_are_for_coaches_with_a_token_and_a_known_member() {
    let app = spawn_app().await;
    let (phone, idle) = member_at(&app, "idle@station.test", 2, false).await;
    // Unknown member: 404; unknown reason: 404.
    let unknown = app
        .submit(
            "/",
            "/attention/9999/inactive",
            &[("action", "dismissed"), ("note", "x"), ("until", "")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown = app
        .submit(
            "/",
            &format!("/attention/{}/bogus", idle.id),
            &[("action", "dismissed"), ("note", "x"), ("until", "")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // Without the CSRF token: refused.
    let forged = app
        .post_raw(
            &format!("/attention/{}/inactive", idle.id),
            &[("action", "dismissed"), ("note", "x")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A member cannot decide.
    let token = phone.csrf_token("/").await;
    let refused = phone
        .post_raw(
            &format!("/attention/{}/inactive", idle.id),
            &[
                ("csrf_token", &token),
                ("action", "dismissed"),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(lines(&app.get_html("/").await).len(), 1);
}

/// Issue 20, item 4: the member page in the order a coach reads it: what
/// needs a decision first (roster flags too, with their forms), then the
/// stage with its working load, the charts, the timeline and the log; the
/// advance button is primary only when the member is ready.
#[actix_web::test]
async fn the_member_page_leads_with_what_needs_a_decision() {
    let app = spawn_app().await;
    let (ready, ready_member) = member_at(&app, "ready@station.test", 1, false).await;
    let (_idle, idle) = member_at(&app, "idle@station.test", 2, false).await;
    done_as_prescribed(&ready).await;
    app.clock.advance(Duration::days(2));
    done_as_prescribed(&ready).await;
    assert_redirect(&app.login("coach@station.test").await, "/");

    let sections = |doc: &scraper::Html| -> Vec<String> {
        let sel = scraper::Selector::parse("main > section").unwrap();
        doc.select(&sel)
            .map(|s| s.value().attr("class").unwrap_or("").to_string())
            .collect()
    };
    let doc = app.get_html(&format!("/crew/{}", idle.id)).await;
    let order = sections(&doc);
    let at = |class: &str| {
        order
            .iter()
            .position(|c| c.split(' ').any(|w| w == class))
            .unwrap_or_else(|| panic!("no section .{class} in {order:?}"))
    };
    assert!(at("decisions-needed") < at("assignment"), "{order:?}");
    assert!(at("assignment") < at("progress-charts"), "{order:?}");
    assert!(at("progress-charts") < at("stage-timeline"), "{order:?}");
    assert!(at("stage-timeline") < at("session-log"), "{order:?}");
    // A roster flag (no stored report) shows on the member's own page,
    // with its decisions; deciding here comes back here.
    assert_eq!(
        count(
            &doc,
            "section.decisions-needed li.attention[data-reason=inactive]"
        ),
        1
    );
    let show = format!("/crew/{}", idle.id);
    let done = app
        .submit(
            &show,
            &format!("/attention/{}/inactive", idle.id),
            &[
                ("action", "dismissed"),
                ("note", "On leave, back Monday"),
                ("until", ""),
                ("back", "member"),
            ],
        )
        .await;
    assert_redirect(&done, &show);
    let doc = app.get_html(&show).await;
    assert_eq!(count(&doc, "section.decisions-needed li.attention"), 0);
    // Not ready: advancing is offered, but not as the primary action.
    assert_eq!(count(&doc, "form.advance button"), 1);
    assert_eq!(count(&doc, "form.advance button.primary"), 0);

    let doc = app.get_html(&format!("/crew/{}", ready_member.id)).await;
    assert_eq!(count(&doc, "form.advance button.primary"), 1);
}

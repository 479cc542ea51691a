//! A coach enters yesterday's paper log (issue 20, item 6, the backdated
//! half): the "log a session for" form has a date, today by default,
//! refused after today or before the current assignment's start; the
//! engine reads the session in date order.

use bridgework::schema::session_logs;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

fn sessions(app: &TestApp) -> Vec<(NaiveDate, bool)> {
    session_logs::table
        .order(session_logs::trained_on)
        .select((session_logs::trained_on, session_logs::extra))
        .load(&mut app.pool.get().unwrap())
        .unwrap()
}

#[actix_web::test]
async fn a_coach_enters_a_session_for_a_past_day_of_the_assignment() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let log = format!("/crew/{}/log", member.id);
    let today = app.today();
    // member_at started the assignment two weeks back.
    let start = today - Duration::days(14);

    let doc = app.get_html(&log).await;
    let field = "form.log-form input[name=trained_on]";
    assert_eq!(attr(&doc, field, "value"), Some(today.to_string()));
    assert_eq!(attr(&doc, field, "max"), Some(today.to_string()));
    assert_eq!(attr(&doc, field, "min"), Some(start.to_string()));

    // Refused after today and before the assignment, beside the field, with
    // what was typed kept; nothing saved.
    for (day, says) in [
        (today + Duration::days(1), "later than today"),
        (start - Duration::days(1), "start of the current assignment"),
    ] {
        let day = day.to_string();
        let response = log_sets(
            &app,
            &log,
            "finished",
            &[("reps", "11"), ("reps", "12"), ("trained_on", &day)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let doc = html(response).await;
        let error = text(&doc, "form.log-form .trained-on .field-error");
        assert!(error.contains(says), "{error}");
        assert_eq!(attr(&doc, field, "value"), Some(day));
        assert_eq!(attr(&doc, "#reps_1", "value").as_deref(), Some("11"));
    }
    assert!(sessions(&app).is_empty());

    // The member trains today; the coach then enters the paper log of two
    // days ago. Read in date order, it comes before today's session: it is
    // not an extra (today's came two days after it).
    done_as_prescribed(&phone).await;
    let two_days_ago = (today - Duration::days(2)).to_string();
    let response = log_sets(
        &app,
        &log,
        "finished",
        &[
            ("reps", "12"),
            ("reps", "12"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
            ("trained_on", &two_days_ago),
        ],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{:?}",
        location(&response)
    );
    assert_eq!(
        sessions(&app),
        vec![(today - Duration::days(2), false), (today, false)]
    );
    let page = app.get_html(&format!("/crew/{}", member.id)).await;
    let logged = texts(&page, ".sessions td.date");
    assert_eq!(logged.len(), 2, "{logged:?}");
}

//! Range-test pages: a member's tests with their trend, the form that records
//! or corrects a test, the result with its reading and audit trail, deletion,
//! the member's own read-only view, and the department's thresholds. This
//! file wires the routes and holds the views the pages (and the member page)
//! share: the table of tests and the retest status.

mod form;
mod history;
mod result;
mod thresholds;

use actix_web::web;
use chrono::NaiveDate;

use crate::domain::range_test::{
    analyse, format_pct, next_retest, retest_due, LoadingHold, Thresholds,
};
use crate::domain::units::Units;
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::user::User;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/crew/{id}/range-tests").get(history::for_member))
        .service(
            web::resource("/crew/{id}/range-tests/new")
                .get(form::new_form)
                .post(form::create),
        )
        .service(web::resource("/me/range-tests").get(history::mine))
        .service(web::resource("/range-tests/{id}").get(result::show))
        .service(
            web::resource("/range-tests/{id}/edit")
                .get(form::edit_form)
                .post(form::update),
        )
        .service(
            web::resource("/range-tests/{id}/delete")
                .get(result::confirm_delete)
                .post(result::delete),
        )
        .service(
            web::resource("/settings/thresholds")
                .get(thresholds::show)
                .post(thresholds::save),
        );
}

/// Dates as the range-test pages show them: the app's one format ("Mon 2
/// Nov 2026").
fn date_text(date: NaiveDate) -> String {
    crate::domain::today::day_text(date)
}

/// One row of the table of tests.
#[derive(Debug, Clone)]
pub struct TestRow {
    pub id: i32,
    pub date: String,
    pub double_leg: String,
    pub ninety_left: String,
    pub ninety_right: String,
    pub hugged_left: String,
    pub hugged_right: String,
    pub asymmetry: String,
    pub flags: usize,
    /// The flags' titles, for the cell's tooltip and screen readers.
    pub flag_titles: String,
    /// The reading in plain words, a line per side (the member's view).
    pub plain: Vec<String>,
}

/// A member's tests as a table, newest first; the partial
/// `templates/range_tests/table.html` draws it from a variable named
/// `range_table`.
#[derive(Debug, Clone)]
pub struct RangeTable {
    pub rows: Vec<TestRow>,
    /// Show the edit and delete links (coaches only).
    pub can_edit: bool,
    /// "in" or "cm", for the column headings.
    pub unit: &'static str,
}

impl RangeTable {
    /// The rows for tests already loaded (newest first); the analysis is
    /// arithmetic, so the table costs no query per row.
    pub fn new(tests: &[RangeTest], units: Units, t: &Thresholds, can_edit: bool) -> RangeTable {
        let rows = tests
            .iter()
            .map(|test| {
                let f = &test.fields;
                let analysis = analyse(&f.input(), t);
                let titles: Vec<String> = analysis.flags.iter().map(|f| f.title()).collect();
                TestRow {
                    id: test.id,
                    date: date_text(f.tested_on),
                    double_leg: f.double_leg().number(units),
                    ninety_left: f.ninety_left().number(units),
                    ninety_right: f.ninety_right().number(units),
                    hugged_left: f.hugged_left().number(units),
                    hugged_right: f.hugged_right().number(units),
                    asymmetry: format_pct(analysis.asymmetry_pct),
                    flags: titles.len(),
                    flag_titles: titles.join("; "),
                    plain: analysis.plain_words(units),
                }
            })
            .collect();
        RangeTable {
            rows,
            can_edit,
            unit: units.length_unit(),
        }
    }
}

/// The latest range test's loading hold as the member's today page and the
/// coach's member page show it; the partial
/// `templates/range_tests/loading_hold.html` draws it from a variable named
/// `hold`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadingHoldView {
    pub tested_on: NaiveDate,
    /// "left", "right" or "left and right".
    pub sides: &'static str,
    /// The test's numbers against the threshold.
    pub numbers: String,
}

impl LoadingHoldView {
    pub fn new(hold: &LoadingHold, units: Units) -> LoadingHoldView {
        LoadingHoldView {
            tested_on: hold.tested_on,
            sides: hold.sides_text(),
            numbers: hold.numbers_text(units),
        }
    }
}

/// Whether a member's next range test is due; the partial
/// `templates/range_tests/retest.html` draws it from a variable named
/// `retest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetestStatus {
    pub last: Option<NaiveDate>,
    pub next: Option<NaiveDate>,
    pub due: bool,
}

impl RetestStatus {
    /// From the date of the latest test (`RangeTest::latest`), today in
    /// the department's time zone, and the department's thresholds.
    pub fn new(last: Option<NaiveDate>, today: NaiveDate, t: &Thresholds) -> RetestStatus {
        RetestStatus {
            last,
            next: last.map(|d| next_retest(d, t)),
            due: last.is_some_and(|d| retest_due(d, today, t)),
        }
    }

    /// One line for the page, e.g. "Retest due since Mon 14 Dec 2026 (last
    /// test Mon 2 Nov 2026)."
    pub fn text(&self) -> String {
        match (self.last, self.next) {
            (Some(last), Some(next)) if self.due => format!(
                "Retest due since {} (last test {}).",
                date_text(next),
                date_text(last)
            ),
            (Some(last), Some(next)) => format!(
                "Next range test due {} (last test {}).",
                date_text(next),
                date_text(last)
            ),
            _ => "No range test recorded yet.".to_string(),
        }
    }
}

/// The crew record a page about `member_id` may be shown for: whom the
/// viewer may see (`app::access`): the coordinator anyone, a trainer their
/// stations' members, a crew member only their own (anyone else's is "not
/// found", so ids reveal nothing), an officer no one.
fn may_view(
    conn: &mut diesel::SqliteConnection,
    user: &User,
    member_id: i32,
) -> Result<Member, AppError> {
    crate::app::access::Viewer::of(conn, user)?.member(conn, member_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn retest_status_reads_the_interval() {
        let t = Thresholds::default();
        let none = RetestStatus::new(None, d(2026, 11, 23), &t);
        assert!(!none.due);
        assert_eq!(none.text(), "No range test recorded yet.");
        let fresh = RetestStatus::new(Some(d(2026, 11, 2)), d(2026, 11, 23), &t);
        assert!(!fresh.due);
        assert_eq!(
            fresh.text(),
            "Next range test due Mon 14 Dec 2026 (last test Mon 2 Nov 2026)."
        );
        let due = RetestStatus::new(Some(d(2026, 11, 2)), d(2026, 12, 14), &t);
        assert!(due.due);
        assert_eq!(
            due.text(),
            "Retest due since Mon 14 Dec 2026 (last test Mon 2 Nov 2026)."
        );
    }
}

//! One range test: the derived numbers, the flags with their thresholds and
//! readings, the bar chart, the audit trail; and its deletion, confirmed on a
//! page of its own.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::{date_text, may_view};
use crate::charts::BarChart;
use crate::domain::range_test::{analyse, format_pct, Analysis, Position, SideAnalysis};
use crate::domain::units::{Height, Units};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::range_test::{felt_labels, AuditEntry, FieldChange, RangeTest};
use crate::web::{render, see_other, Chrome, CoachingPage, UserPage};

/// A row of the per-side table: `key` names the cells (`{key}-left`).
struct SideRow {
    key: &'static str,
    label: &'static str,
    left: String,
    right: String,
}

struct FlagView {
    title: String,
    measured: String,
    reading: String,
    stop: bool,
}

struct AuditView {
    when: String,
    by: String,
    action: &'static str,
    changes: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "range_tests/result.html")]
struct ResultPage {
    chrome: Chrome,
    member: Member,
    test_id: i32,
    date: String,
    tester: String,
    can_edit: bool,
    double_leg: String,
    side_rows: Vec<SideRow>,
    asymmetry: String,
    double_leg_over_hugged: String,
    flags: Vec<FlagView>,
    do_not_load: bool,
    warnings: Vec<String>,
    chart: BarChart,
    felt: Vec<(String, String)>,
    cramp: bool,
    pain: bool,
    pain_where: String,
    notes: String,
    audit: Vec<AuditView>,
    history_href: String,
}

fn side_rows(a: &Analysis, units: Units) -> Vec<SideRow> {
    let h = |h: Height| h.display(units);
    let opt_pct = |p: Option<f64>| p.map(format_pct).unwrap_or_else(|| "n/a".to_string());
    let row = |key, label, cell: &dyn Fn(&SideAnalysis) -> String| SideRow {
        key,
        label,
        left: cell(&a.left),
        right: cell(&a.right),
    };
    vec![
        row("ninety", "B: 90/90 height", &|s| h(s.ninety)),
        row("true-extension", "True hip extension (C)", &|s| {
            h(s.true_extension)
        }),
        row("pct-of-double-leg", "C as a share of A", &|s| {
            opt_pct(s.pct_of_double_leg)
        }),
        row("compensation", "Lower-back compensation (B - C)", &|s| {
            h(s.compensation)
        }),
        row("compensation-pct", "Compensation as a share of B", &|s| {
            opt_pct(s.compensation_pct)
        }),
    ]
}

fn asymmetry_text(a: &Analysis) -> String {
    match a.weaker_side {
        Some(side) => format!(
            "{} ({} side weaker)",
            format_pct(a.asymmetry_pct),
            side.as_str()
        ),
        None => format!("{} (even)", format_pct(a.asymmetry_pct)),
    }
}

fn double_leg_over_hugged_text(a: &Analysis, units: Units) -> String {
    let pct = a
        .double_leg_over_hugged_mean_pct
        .map(|p| format!(", {} of A", format_pct(p)))
        .unwrap_or_default();
    format!(
        "{} above the mean of C ({}){pct}",
        a.double_leg_over_hugged_mean.display(units),
        a.hugged_mean.display(units)
    )
}

/// A stored UTC time as the department's local date and time.
fn local_time(at: NaiveDateTime, tz: Tz) -> String {
    crate::domain::today::moment_text(crate::domain::today::local(tz, at))
}

fn audit_views(entries: &[AuditEntry], units: Units, tz: Tz) -> Vec<AuditView> {
    entries
        .iter()
        .map(|e| AuditView {
            when: local_time(e.changed_at, tz),
            by: e.by.clone(),
            action: match e.after {
                Some(_) => "Corrected",
                None => "Deleted",
            },
            changes: e
                .after
                .as_ref()
                .map(|after| e.before.changes(after, units))
                .unwrap_or_default(),
        })
        .collect()
}

pub async fn show(ctx: UserPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, (test, tester, member, audit)) = ctx
        .read(move |conn, user| {
            let (test, tester) = RangeTest::find_with_tester(conn, id)?;
            let member = may_view(conn, user, test.member_id)?;
            let audit = RangeTest::audit_trail(conn, id)?;
            Ok((test, tester, member, audit))
        })
        .await?;
    ctx.record_access("range test", vec![member.id]).await?;
    let department = &ctx.department;
    let units = department.units();
    let f = &test.fields;
    let analysis = analyse(&f.input(), &department.thresholds());
    let can_edit = ctx.is_coach();
    let page = ResultPage {
        chrome: ctx.chrome(&user)?,
        test_id: test.id,
        date: date_text(f.tested_on),
        tester,
        can_edit,
        double_leg: f.double_leg().display(units),
        side_rows: side_rows(&analysis, units),
        asymmetry: asymmetry_text(&analysis),
        double_leg_over_hugged: double_leg_over_hugged_text(&analysis, units),
        flags: analysis
            .flags
            .iter()
            .map(|flag| FlagView {
                title: flag.title(),
                measured: flag.measured_text(),
                reading: flag.reading(),
                stop: flag.is_stop(),
            })
            .collect(),
        do_not_load: analysis.do_not_load(),
        warnings: analysis.warnings.iter().map(|w| w.message(units)).collect(),
        chart: BarChart::range_test(
            f.double_leg(),
            f.ninety_left(),
            f.ninety_right(),
            f.hugged_left(),
            f.hugged_right(),
            units,
        ),
        felt: Position::ALL
            .iter()
            .map(|p| {
                let labels = felt_labels(f.felt(*p));
                (
                    format!("{}: {}", p.letter(), p.label()),
                    if labels.is_empty() {
                        "Not recorded".to_string()
                    } else {
                        labels
                    },
                )
            })
            .collect(),
        cramp: f.cramp,
        pain: f.pain,
        pain_where: f.pain_where.clone(),
        notes: f.notes.clone(),
        audit: audit_views(&audit, units, department.tz()),
        history_href: if can_edit {
            format!("/crew/{}/range-tests", member.id)
        } else {
            "/me/range-tests".to_string()
        },
        member,
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "range_tests/delete.html")]
struct DeletePage {
    chrome: Chrome,
    member: Member,
    test_id: i32,
    date: String,
    summary: String,
}

pub async fn confirm_delete(
    ctx: CoachingPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, (test, member)) = ctx
        .read(move |conn, user| {
            let test = RangeTest::find(conn, id)?;
            let member = may_view(conn, user, test.member_id)?;
            Ok((test, member))
        })
        .await?;
    ctx.record_access("range test", vec![member.id]).await?;
    let units = ctx.department.units();
    let f = &test.fields;
    let d = |h: Height| h.display(units);
    let page = DeletePage {
        chrome: ctx.chrome(&user)?,
        member,
        test_id: id,
        date: date_text(f.tested_on),
        summary: format!(
            "A {}; B left {}, right {}; C left {}, right {}.",
            d(f.double_leg()),
            d(f.ninety_left()),
            d(f.ninety_right()),
            d(f.hugged_left()),
            d(f.hugged_right())
        ),
    };
    render(StatusCode::OK, &page)
}

pub async fn delete(ctx: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = ctx.now.naive_utc();
    let (_, test) = ctx
        .write(move |conn, user| {
            let member_id = RangeTest::find(conn, id)?.member_id;
            may_view(conn, user, member_id)?;
            crate::app::range_test::delete(conn, id, user.id, now)
        })
        .await?;
    tracing::info!(
        range_test_id = id,
        member_id = test.member_id,
        "range test deleted"
    );
    ctx.session.set_flash(&format!(
        "The range test of {} was deleted; the audit trail keeps a record.",
        date_text(test.fields.tested_on)
    ))?;
    Ok(see_other(&format!("/crew/{}/range-tests", test.member_id)))
}

//! Needs attention, the coach's home: one line per member and reason that
//! asks for a decision, most urgent first, each with its evidence; and the
//! coach's decision on a line, written in one transaction.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::SqliteConnection;

use crate::app::access::Viewer;
use crate::app::roster::{all_rows, member_row, Row};
use crate::app::stage::Refused;
use crate::domain::attention::{actions_for, answered, urgency, Action, PastDecision};
use crate::domain::progression::CoachFlag;
use crate::domain::range_test::next_retest;
use crate::domain::roster::{Flag, STALL_DAYS};
use crate::domain::stage_move::StageMove;
use crate::domain::today::day_text;
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::attention::{
    all_decisions, member_decisions, member_flag_evidence, open_flag_evidence, resolve_flags,
    FlagEvidence, NewDecision,
};
use crate::models::department::Department;
use crate::models::member::Member;

/// One line: a member, a reason, its evidence and the decisions that fit.
#[derive(Debug, Clone)]
pub struct Line {
    pub member_id: i32,
    pub name: String,
    pub station: String,
    pub stage: Option<i32>,
    pub reason: Flag,
    /// What raised it, with its date and numbers.
    pub evidence: String,
    /// A link to the evidence or to the form that answers it: (href, words).
    pub link: Option<(String, String)>,
    /// The date of the evidence (what a decision answers).
    pub evidence_on: Option<NaiveDate>,
    pub actions: &'static [Action],
}

/// The coach flags a reason stands for.
pub fn stored_kinds(reason: Flag) -> &'static [CoachFlag] {
    match reason {
        Flag::Pain => &[
            CoachFlag::LowerBackPain,
            CoachFlag::HipPain,
            CoachFlag::KneePain,
        ],
        Flag::Cramp => &[CoachFlag::RepeatedCramp],
        Flag::Ready => &[CoachFlag::ReadyToAdvance],
        Flag::AboveCap => &[CoachFlag::AboveWeeklyCap],
        Flag::Stalled | Flag::RetestDue | Flag::NoSession => &[],
    }
}

/// The lines still asking for a decision, most urgent first (then the one
/// waiting longest), and the number of active members; only the members
/// `viewer` coaches (a trainer's stations; the coordinator's everyone).
pub fn lines(
    conn: &mut SqliteConnection,
    department: &Arc<Department>,
    now: DateTime<Utc>,
    viewer: &Viewer,
) -> Result<(Vec<Line>, usize), AppError> {
    let rows: Vec<Row> = all_rows(conn, department, now)?
        .into_iter()
        .filter(|r| viewer.scope.sees(r.member_id, &r.station))
        .collect();
    let evidence = open_flag_evidence(conn)?;
    let decisions = all_decisions(conn)?;
    let lines = lines_from(&rows, evidence, &decisions, department);
    Ok((lines, rows.len()))
}

/// One member's lines, for their page: from the member's own roster row,
/// flags and decisions, by the same rules as `lines`.
pub fn lines_of(
    conn: &mut SqliteConnection,
    department: &Arc<Department>,
    now: DateTime<Utc>,
    member_id: i32,
) -> Result<Vec<Line>, AppError> {
    let rows: Vec<Row> = member_row(conn, department, now, member_id)?
        .into_iter()
        .collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let evidence = member_flag_evidence(conn, member_id)?;
    let decisions = member_decisions(conn, member_id)?;
    Ok(lines_from(&rows, evidence, &decisions, department))
}

/// The lines of `rows` not yet answered by a decision, most urgent first.
fn lines_from(
    rows: &[Row],
    evidence: Vec<FlagEvidence>,
    decisions: &HashMap<i32, Vec<PastDecision>>,
    department: &Department,
) -> Vec<Line> {
    let mut by_member: HashMap<i32, Vec<FlagEvidence>> = HashMap::new();
    for e in evidence {
        by_member.entry(e.member_id).or_default().push(e);
    }
    let units = department.units();
    let thresholds = department.thresholds();
    let mut lines = Vec::new();
    for row in rows {
        let stored = by_member
            .get(&row.member_id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let past = decisions
            .get(&row.member_id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for &reason in &row.flags {
            let line = line_of(row, reason, stored, units, |last| {
                next_retest(last, &thresholds)
            });
            if !answered(reason, line.evidence_on, past, row.today) {
                lines.push(line);
            }
        }
    }
    lines.sort_by(|a, b| {
        urgency(a.reason)
            .cmp(&urgency(b.reason))
            .then(a.evidence_on.cmp(&b.evidence_on))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    lines
}

/// A member's line for one reason, with its evidence.
fn line_of(
    row: &Row,
    reason: Flag,
    stored: &[FlagEvidence],
    units: Units,
    next_retest: impl Fn(NaiveDate) -> NaiveDate,
) -> Line {
    let today = row.today;
    let days = |d: NaiveDate| (today - d).num_days();
    let (evidence, link, evidence_on) = match reason {
        Flag::Pain | Flag::Cramp | Flag::Ready | Flag::AboveCap => {
            let kinds = stored_kinds(reason);
            let raised: Vec<&FlagEvidence> =
                stored.iter().filter(|e| kinds.contains(&e.kind)).collect();
            // Newest first: the latest session that raised it.
            let mut labels: Vec<&str> = raised.iter().map(|e| e.kind.label()).collect();
            labels.dedup();
            let latest = raised.first();
            let session = latest.and_then(|e| e.session.as_ref());
            let on = match (session, latest) {
                (Some(s), _) => Some(s.trained_on),
                (None, Some(e)) => Some(e.raised_at.date()),
                (None, None) => None,
            };
            let mut text = labels.join(", ");
            if let Some(s) = session {
                text.push_str(&format!(
                    ": stage {} session of {}",
                    s.stage,
                    day_text(s.trained_on)
                ));
                if !s.reps.is_empty() {
                    text.push_str(&format!(", reps {}", s.reps.join(", ")));
                }
                if let Some(top) = s.top_load_grams.filter(|g| *g > 0) {
                    text.push_str(&format!(
                        ", top set {}",
                        Load::from_grams(top as i64).display(units)
                    ));
                }
            }
            // A session stopped for pain says so first ("stopped: knee pain").
            if let (Flag::Pain, Some(stop)) = (reason, &row.pain_stop) {
                text = format!("{stop}; {text}");
            }
            let link = session.map(|s| (format!("/sessions/{}", s.id), "The session".to_string()));
            (text, link, on)
        }
        Flag::RetestDue => {
            let text = match row.last_test {
                Some(last) => format!(
                    "Last range test {} ({} weeks ago); the retest was due {}",
                    day_text(last),
                    days(last) / 7,
                    day_text(next_retest(last))
                ),
                None => "No range test yet".to_string(),
            };
            let link = Some((
                format!("/crew/{}/range-tests/new", row.member_id),
                "Record the retest".to_string(),
            ));
            (text, link, row.last_test)
        }
        Flag::NoSession => {
            let since = row.facts.counting_since(today);
            let (text, on) = match row.facts.last_session {
                Some(last) if since.is_none_or(|s| last >= s) => (
                    format!("No session since {} ({} days)", day_text(last), days(last)),
                    Some(last),
                ),
                _ => match since {
                    Some(s) => (
                        format!(
                            "No session since the assignment of {} ({} days)",
                            day_text(s),
                            days(s)
                        ),
                        Some(s),
                    ),
                    None => ("No session".to_string(), None),
                },
            };
            (text, None, on)
        }
        Flag::Stalled => {
            let changed = row.facts.last_stage_change;
            let since = row.facts.stall_since(today);
            let on = match (changed, since) {
                (Some(c), Some(s)) => Some(c.max(s)),
                (c, s) => c.or(s),
            };
            let window = today - Duration::days(STALL_DAYS);
            let recent = row
                .facts
                .logged
                .iter()
                .filter(|d| **d > window && **d <= today)
                .count();
            let heaviest = row
                .facts
                .top_loads
                .iter()
                .filter(|(d, _)| *d > window)
                .map(|(_, l)| *l)
                .max();
            let mut text = match (row.stage, on) {
                (Some(stage), Some(on)) => format!(
                    "At stage {stage} since {} ({} weeks)",
                    day_text(on),
                    days(on) / 7
                ),
                _ => "No move up".to_string(),
            };
            text.push_str(&format!(
                "; {recent} sessions in the last 6 weeks, {}",
                match heaviest {
                    Some(l) => format!("top set {} and no heavier", l.display(units)),
                    None => "no load increase".to_string(),
                }
            ));
            (text, None, on)
        }
    };
    Line {
        member_id: row.member_id,
        name: row.name.clone(),
        station: row.station.clone(),
        stage: row.stage,
        reason,
        evidence,
        link,
        evidence_on,
        actions: actions_for(reason),
    }
}

/// What a coach decided on a line.
pub struct DecisionRequest {
    pub action: Action,
    pub note: String,
    /// The snooze's date (the line shows again on it).
    pub until: Option<NaiveDate>,
}

/// Records a coach's decision on a member's line: answers the coach flags
/// it names (a snooze leaves them open), advances the member when that is
/// the decision, and keeps the decision for the timeline. Returns why it
/// was refused, if it was.
#[allow(clippy::too_many_arguments)]
pub fn decide(
    conn: &mut SqliteConnection,
    department: &Arc<Department>,
    member_id: i32,
    reason: Flag,
    request: &DecisionRequest,
    by: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), Refused>, AppError> {
    let member = Member::find(conn, member_id)?;
    if !actions_for(reason).contains(&request.action) {
        return Ok(Err(("action", "Choose one of the decisions offered.")));
    }
    // The line as the page showed it: its evidence is what is answered.
    let Some(row) = member_row(conn, department, now, member.id)? else {
        return Ok(Err(("action", "This member is not on the roster.")));
    };
    if !row.flags.contains(&reason) {
        return Ok(Err(("action", "This line is already answered.")));
    }
    let stored = member_flag_evidence(conn, member.id)?;
    let thresholds = department.thresholds();
    let line = line_of(&row, reason, &stored, department.units(), |last| {
        next_retest(last, &thresholds)
    });
    if request.action == Action::Advance {
        let moved = crate::app::stage::coach_move(
            conn,
            department,
            member.id,
            StageMove::Advance,
            &request.note,
            by,
            now,
        )?;
        if let Err(refused) = moved {
            return Ok(Err(refused));
        }
    }
    if request.action != Action::Snooze {
        resolve_flags(conn, member.id, stored_kinds(reason), by, now.naive_utc())?;
    }
    NewDecision {
        member_id: member.id,
        reason,
        action: request.action,
        note: request.note.trim(),
        evidence_on: line.evidence_on,
        snoozed_until: request.until.filter(|_| request.action == Action::Snooze),
        by,
        now: now.naive_utc(),
    }
    .insert(conn)?;
    Ok(Ok(()))
}

/// The decisions the page checks before writing: a note where one is
/// needed, a snooze date after today and within a year.
pub fn check(
    action: Action,
    note: &str,
    until: &str,
    today: NaiveDate,
) -> Result<DecisionRequest, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let note = note.trim();
    if action.needs_note() && note.is_empty() {
        errors.push((
            "note",
            "Write a short note: the timeline keeps it.".to_string(),
        ));
    }
    if note.chars().count() > 500 {
        errors.push(("note", "Keep the note under 500 characters.".to_string()));
    }
    let until = if action == Action::Snooze {
        match NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d") {
            Ok(d) if d > today && d <= today + Duration::days(366) => Some(d),
            Ok(_) => {
                errors.push((
                    "until",
                    "Choose a day after today, within a year.".to_string(),
                ));
                None
            }
            Err(_) => {
                errors.push(("until", "Choose the day the line comes back.".to_string()));
                None
            }
        }
    } else {
        None
    };
    if errors.is_empty() {
        Ok(DecisionRequest {
            action,
            note: note.to_string(),
            until,
        })
    } else {
        Err(errors)
    }
}

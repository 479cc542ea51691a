//! A coach's decisions on "needs attention" lines (table
//! `attention_decisions`), and the evidence of the open coach flags: the
//! session that raised each, with its sets. Fixed numbers of queries.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::attention::{Action, PastDecision};
use crate::domain::progression::CoachFlag;
use crate::domain::roster::Flag;
use crate::domain::Named;
use crate::schema::{attention_decisions, coach_flags, session_logs, session_sets, users};

/// A decision as the member's timeline shows it.
#[derive(Debug, Clone)]
pub struct DecisionEntry {
    pub reason: Flag,
    pub action: Action,
    pub note: String,
    pub snoozed_until: Option<NaiveDate>,
    pub by: String,
    pub decided_at: NaiveDateTime,
}

impl DecisionEntry {
    /// A snooze's date, as the app writes days.
    pub fn until_text(&self) -> Option<String> {
        self.snoozed_until.map(crate::domain::today::day_text)
    }
}

/// A decision to record.
pub struct NewDecision<'a> {
    pub member_id: i32,
    pub reason: Flag,
    pub action: Action,
    pub note: &'a str,
    pub evidence_on: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
    pub by: i32,
    pub now: NaiveDateTime,
}

type Stored = (i32, String, String, Option<NaiveDate>, Option<NaiveDate>);

fn parse(reason: &str, action: &str) -> QueryResult<(Flag, Action)> {
    match (Flag::parse(reason), Action::parse(action)) {
        (Some(r), Some(a)) => Ok((r, a)),
        _ => Err(diesel::result::Error::DeserializationError(
            format!("unknown attention decision {reason:?} {action:?}").into(),
        )),
    }
}

impl NewDecision<'_> {
    pub fn insert(&self, conn: &mut SqliteConnection) -> QueryResult<()> {
        diesel::insert_into(attention_decisions::table)
            .values((
                attention_decisions::member_id.eq(self.member_id),
                attention_decisions::reason.eq(self.reason.as_str()),
                attention_decisions::action.eq(self.action.as_str()),
                attention_decisions::note.eq(self.note),
                attention_decisions::evidence_on.eq(self.evidence_on),
                attention_decisions::snoozed_until.eq(self.snoozed_until),
                attention_decisions::decided_by.eq(self.by),
                attention_decisions::decided_at.eq(self.now),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// Every member's decisions, newest first, by member (one query).
pub fn all_decisions(conn: &mut SqliteConnection) -> QueryResult<HashMap<i32, Vec<PastDecision>>> {
    decisions_where(conn, None)
}

/// One member's decisions as `all_decisions` gives them (one query, through
/// the member's index).
pub fn member_decisions(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> QueryResult<HashMap<i32, Vec<PastDecision>>> {
    decisions_where(conn, Some(member_id))
}

fn decisions_where(
    conn: &mut SqliteConnection,
    member_id: Option<i32>,
) -> QueryResult<HashMap<i32, Vec<PastDecision>>> {
    let mut query = attention_decisions::table
        .order((
            attention_decisions::decided_at.desc(),
            attention_decisions::id.desc(),
        ))
        .select((
            attention_decisions::member_id,
            attention_decisions::reason,
            attention_decisions::action,
            attention_decisions::evidence_on,
            attention_decisions::snoozed_until,
        ))
        .into_boxed();
    if let Some(id) = member_id {
        query = query.filter(attention_decisions::member_id.eq(id));
    }
    let rows: Vec<Stored> = query.load(conn)?;
    let mut by_member: HashMap<i32, Vec<PastDecision>> = HashMap::new();
    for (member_id, reason, action, evidence_on, snoozed_until) in rows {
        let (reason, action) = parse(&reason, &action)?;
        by_member.entry(member_id).or_default().push(PastDecision {
            reason,
            action,
            evidence_on,
            snoozed_until,
        });
    }
    Ok(by_member)
}

/// One member's decisions for the timeline, newest first.
pub fn decisions_of(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> QueryResult<Vec<DecisionEntry>> {
    let rows: Vec<(
        String,
        String,
        String,
        Option<NaiveDate>,
        String,
        NaiveDateTime,
    )> = attention_decisions::table
        .inner_join(users::table)
        .filter(attention_decisions::member_id.eq(member_id))
        .order((
            attention_decisions::decided_at.desc(),
            attention_decisions::id.desc(),
        ))
        .select((
            attention_decisions::reason,
            attention_decisions::action,
            attention_decisions::note,
            attention_decisions::snoozed_until,
            users::name,
            attention_decisions::decided_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(reason, action, note, snoozed_until, by, decided_at)| {
            let (reason, action) = parse(&reason, &action)?;
            Ok(DecisionEntry {
                reason,
                action,
                note,
                snoozed_until,
                by,
                decided_at,
            })
        })
        .collect()
}

/// The session that raised an open coach flag.
#[derive(Debug, Clone)]
pub struct FlagEvidence {
    pub member_id: i32,
    pub kind: CoachFlag,
    pub raised_at: NaiveDateTime,
    pub session: Option<SessionEvidence>,
}

/// A session, reduced to what a line's evidence says.
#[derive(Debug, Clone)]
pub struct SessionEvidence {
    pub id: i32,
    pub trained_on: NaiveDate,
    pub stage: i32,
    /// Each set's reps ("12" or "12/11" per leg).
    pub reps: Vec<String>,
    pub top_load_grams: Option<i32>,
}

/// An open flag's row: member, kind, when, and its session's id, day,
/// stage and top load.
type FlagRow = (
    i32,
    CoachFlag,
    NaiveDateTime,
    Option<i32>,
    Option<NaiveDate>,
    Option<i32>,
    Option<i32>,
);

/// Every open coach flag with the session that raised it, newest first
/// (two queries).
pub fn open_flag_evidence(conn: &mut SqliteConnection) -> QueryResult<Vec<FlagEvidence>> {
    flag_evidence_where(conn, None)
}

/// One member's open coach flags as `open_flag_evidence` gives them (two
/// queries, through the member's index).
pub fn member_flag_evidence(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> QueryResult<Vec<FlagEvidence>> {
    flag_evidence_where(conn, Some(member_id))
}

fn flag_evidence_where(
    conn: &mut SqliteConnection,
    member_id: Option<i32>,
) -> QueryResult<Vec<FlagEvidence>> {
    let mut query = coach_flags::table
        .left_join(session_logs::table)
        .filter(coach_flags::resolved_at.is_null())
        .order((coach_flags::created_at.desc(), coach_flags::id.desc()))
        .select((
            coach_flags::member_id,
            coach_flags::kind,
            coach_flags::created_at,
            session_logs::id.nullable(),
            session_logs::trained_on.nullable(),
            session_logs::stage.nullable(),
            session_logs::top_load_grams.nullable(),
        ))
        .into_boxed();
    if let Some(id) = member_id {
        query = query.filter(coach_flags::member_id.eq(id));
    }
    let rows: Vec<FlagRow> = query.load(conn)?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.3).collect();
    let mut reps: HashMap<i32, Vec<String>> = HashMap::new();
    // (No statement at all without a session: `IN ()` is no search.)
    let sets: Vec<(i32, i32, Option<i32>)> = if ids.is_empty() {
        Vec::new()
    } else {
        session_sets::table
            .filter(session_sets::session_id.eq_any(&ids))
            .order((session_sets::session_id, session_sets::set_number))
            .select((
                session_sets::session_id,
                session_sets::reps,
                session_sets::reps_other_side,
            ))
            .load(conn)?
    };
    for (session_id, r, other) in sets {
        reps.entry(session_id).or_default().push(match other {
            Some(o) => format!("{r}/{o}"),
            None => r.to_string(),
        });
    }
    Ok(rows
        .into_iter()
        .map(
            |(member_id, kind, raised_at, id, trained_on, stage, top)| FlagEvidence {
                member_id,
                kind,
                raised_at,
                session: match (id, trained_on, stage) {
                    (Some(id), Some(trained_on), Some(stage)) => Some(SessionEvidence {
                        id,
                        trained_on,
                        stage,
                        reps: reps.get(&id).cloned().unwrap_or_default(),
                        top_load_grams: top,
                    }),
                    _ => None,
                },
            },
        )
        .collect())
}

/// Closes a member's open coach flags of these kinds (a decision answered
/// them).
pub fn resolve_flags(
    conn: &mut SqliteConnection,
    member_id: i32,
    kinds: &[CoachFlag],
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    diesel::update(
        coach_flags::table
            .filter(coach_flags::member_id.eq(member_id))
            .filter(coach_flags::kind.eq_any(kinds))
            .filter(coach_flags::resolved_at.is_null()),
    )
    .set((
        coach_flags::resolved_at.eq(now),
        coach_flags::resolved_by.eq(by),
    ))
    .execute(conn)
}

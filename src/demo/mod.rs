//! The demo department: a living roster for someone who wants to look before
//! typing in forty names. `bridgework demo` and the setup page's "Explore
//! with demo data" fill a fresh database with members on every stage and a
//! history made by the progression engine itself (see `simulate`), written
//! in bulk inside one immediate transaction (see `write`).

mod people;
mod simulate;
mod write;

use chrono::{DateTime, Days, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::domain::progression::StageSpec;
use crate::domain::today::local_today;
use crate::domain::Named;
use crate::models::department::Department;
use crate::models::session_log::outcome_code;
use crate::models::stage::Stage;
use crate::models::user::Role;
use crate::schema::members;

use simulate::{History, Profile, World};
use write::{
    AssignmentRow, ChangeRow, FlagRow, MemberRow, NextIds, Rows, SessionRow, SetRow, TestRow,
    UserRow,
};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "bridgework-demo";
/// The demo coach's login.
pub const DEMO_COACH_EMAIL: &str = "coach@demo.bridgework.test";
const DEMO_COACH_NAME: &str = "Dana Whitfield";
const DEMO_DEPARTMENT: &str = "Riverside Fire Department (demo)";

/// How big a department to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub members: u32,
    pub weeks: u32,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            members: 120,
            weeks: 52,
            seed: 2026,
        }
    }
}

/// What was made, and how to log in to look at it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub members: usize,
    pub sessions: usize,
    pub sets: usize,
    pub range_tests: usize,
    pub coach_id: i32,
    pub coach_email: String,
    /// (name, email) of a few members with accounts.
    pub member_logins: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "this database already has {0} crew member(s); the demo only fills a fresh database \
         (use --database with a new file)"
    )]
    NotEmpty(i64),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Fills a fresh database with a demo department, as of `now`. `password_hash`
/// is the argon2 hash of [`DEMO_PASSWORD`], shared by every demo account.
/// `progress` is called once per member simulated. Refuses, writing nothing,
/// when the database already has members.
pub fn generate(
    conn: &mut SqliteConnection,
    options: DemoOptions,
    now: DateTime<Utc>,
    password_hash: &str,
    progress: &mut dyn FnMut(),
) -> Result<Summary, DemoError> {
    conn.immediate_transaction(|conn| generate_in(conn, options, now, password_hash, progress))
}

/// As `generate`, inside the caller's write transaction (so the caller's
/// own checks and the demo commit together, or not at all).
pub fn generate_in(
    conn: &mut SqliteConnection,
    options: DemoOptions,
    now: DateTime<Utc>,
    password_hash: &str,
    progress: &mut dyn FnMut(),
) -> Result<Summary, DemoError> {
    let existing: i64 = members::table.count().get_result(conn)?;
    if existing > 0 {
        return Err(DemoError::NotEmpty(existing));
    }
    let department = Department::get(conn)?;
    Department::save_general(conn, DEMO_DEPARTMENT, department.tz(), department.units())?;
    let stages: Vec<StageSpec> = Stage::all(conn)?.iter().map(Stage::spec).collect();
    let rotation = department.rotation();
    let thresholds = department.thresholds();
    let today = local_today(department.tz(), now);
    let shift_today = rotation.shift_date(now.with_timezone(&department.tz()).naive_local());
    let first_day = today - Days::new(7 * u64::from(options.weeks.max(1)));
    let mut ids = NextIds::load(conn)?;
    let coach_id = ids.user;
    ids.user += 1;
    let created = first_day.and_hms_opt(8, 0, 0).unwrap_or_default();
    let mut rows = Rows::default();
    rows.users.push(UserRow {
        id: coach_id,
        email: DEMO_COACH_EMAIL.to_string(),
        name: DEMO_COACH_NAME.to_string(),
        password_hash: password_hash.to_string(),
        role: Role::Coach.as_str(),
        active: true,
        created_at: created,
    });
    let world = World {
        stages: &stages,
        rotation,
        tz: department.tz(),
        units: department.units(),
        thresholds: &thresholds,
        today,
        shift_today,
        now: now.naive_utc(),
        first_day,
        coach_id,
    };
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut summary = Summary {
        members: 0,
        sessions: 0,
        sets: 0,
        range_tests: 0,
        coach_id,
        coach_email: DEMO_COACH_EMAIL.to_string(),
        member_logins: Vec::new(),
    };
    for index in 0..options.members as usize {
        let profile = simulate::profile(&world, &mut rng, index);
        let history = simulate::play(&world, &profile, &mut rng);
        let email = email_for(&profile.name, index);
        // Two ordinary members to log in as (the first six are scripted).
        if summary.member_logins.len() < 2 && (index >= 6 || options.members < 8) {
            summary
                .member_logins
                .push((profile.name.clone(), email.clone()));
        }
        add_member(
            &mut rows,
            &mut ids,
            &world,
            &profile,
            history,
            email,
            password_hash,
            &mut summary,
        );
        progress();
        if rows.sets.len() > 200_000 {
            rows.flush(conn)?;
        }
    }
    rows.flush(conn)?;
    Ok(summary)
}

/// A login for a demo member: "sam.ortiz7@demo.bridgework.test".
fn email_for(name: &str, index: usize) -> String {
    let local: String = name
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' => Some(c),
            ' ' => Some('.'),
            _ => None,
        })
        .collect();
    format!("{local}{}@demo.bridgework.test", index + 1)
}

fn join<T: Copy>(items: &[T], f: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| f(*i)).collect::<Vec<_>>().join(",")
}

#[allow(clippy::too_many_arguments)]
fn add_member(
    rows: &mut Rows,
    ids: &mut NextIds,
    world: &World,
    profile: &Profile,
    history: History,
    email: String,
    password_hash: &str,
    summary: &mut Summary,
) {
    let coach = world.coach_id;
    let user_id = ids.user;
    let member_id = ids.member;
    let assignment_id = ids.assignment;
    ids.user += 1;
    ids.member += 1;
    ids.assignment += 1;
    let joined = profile.start.and_hms_opt(8, 0, 0).unwrap_or_default();
    rows.users.push(UserRow {
        id: user_id,
        email,
        name: profile.name.clone(),
        password_hash: password_hash.to_string(),
        role: Role::Member.as_str(),
        active: true,
        created_at: joined,
    });
    rows.members.push(MemberRow {
        id: member_id,
        name: profile.name.clone(),
        station: profile.station.clone(),
        platoon: profile.platoon.map(|p| p.as_str().to_string()),
        start_date: profile.start,
        notes: profile.notes.clone(),
        active: true,
        user_id: Some(user_id),
        created_at: joined,
    });
    let state = history.state;
    rows.assignments.push(AssignmentRow {
        id: assignment_id,
        member_id,
        stage: i32::from(state.stage),
        sessions_per_week: i32::from(profile.sessions_per_week),
        training_days: String::new(),
        start_date: profile.start,
        auto_advance: profile.auto_advance,
        working_load_grams: state.working_load.map(|l| l.grams as i32),
        rep_target: state.rep_target.map(i32::from),
        regression_from_stage: state.regression.map(|r| i32::from(r.from_stage)),
        regression_restore_on: state.regression.map(|r| r.restore_on),
        active: true,
        created_by: coach,
        created_at: joined,
    });
    for change in &history.changes {
        rows.changes.push(ChangeRow {
            member_id,
            assignment_id,
            from_stage: change.from.map(i32::from),
            to_stage: i32::from(change.to),
            reason: change.reason.as_str(),
            note: change.note.clone(),
            changed_by: change.by_coach.then_some(coach),
            changed_at: change.at,
        });
    }
    let first_session = ids.session;
    for session in &history.sessions {
        let id = ids.session;
        ids.session += 1;
        let (code, outcome_stage, outcome_until) = outcome_code(&session.outcome.decision);
        let (shift, sleep, soreness, calls) = match session.readiness.map(|r| r.parts()) {
            Some((shift, sleep, soreness, calls)) => (
                Some(shift.as_str()),
                sleep.map(|a| a.as_str()),
                soreness.map(|a| a.as_str()),
                calls.map(|a| a.as_str()),
            ),
            None => (None, None, None, None),
        };
        rows.sessions.push(SessionRow {
            id,
            member_id,
            assignment_id,
            stage: i32::from(session.stage),
            trained_on: session.trained_on,
            status: if session.log.finished {
                "finished"
            } else {
                "partial"
            },
            as_prescribed: session.as_prescribed,
            felt: join(&session.log.felt, |f| f.as_str()),
            pain: session.log.pain.as_str(),
            cramp: session.log.cramp,
            good_form: session.log.good_form,
            effort: session.effort,
            note: session.note,
            outcome: code,
            outcome_stage,
            outcome_until,
            extra: session.outcome.extra,
            prescribed_load_grams: session.log.prescribed_load.map(|l| l.grams as i32),
            fixes: join(&session.outcome.fixes, |f| f.as_str()),
            suggest_floor_bridges: session.outcome.suggest_floor_bridges,
            idempotency_key: format!("demo-{id}"),
            entered_by: if session.by_coach { coach } else { user_id },
            created_at: session.at,
            updated_at: session.at,
            shift,
            shift_sleep: sleep,
            shift_soreness: soreness,
            shift_calls: calls,
            lighter: session.log.lighter,
        });
        for (n, set) in session.log.sets.iter().enumerate() {
            rows.sets.push(SetRow {
                session_id: id,
                set_number: n as i32 + 1,
                reps: i32::from(set.reps),
                reps_other_side: set.reps_other_side.map(i32::from),
                load_grams: set.load.grams as i32,
                hold_seconds: i32::from(set.hold_seconds),
            });
            summary.sets += 1;
        }
    }
    for flag in &history.flags {
        rows.flags.push(FlagRow {
            member_id,
            session_id: Some(first_session + flag.session as i32),
            kind: flag.kind.as_str(),
            created_at: flag.created_at,
            resolved_at: flag.resolved.map(|(at, _)| at),
            resolved_by: flag.resolved.and_then(|(_, by)| by.then_some(coach)),
        });
    }
    for fields in history.tests {
        let at = fields
            .tested_on
            .and_hms_opt(14, 0, 0)
            .unwrap_or_default()
            .min(world.now);
        rows.tests.push(TestRow {
            fields,
            member_id,
            tested_by: coach,
            created_at: at,
            updated_at: at,
        });
        summary.range_tests += 1;
    }
    summary.members += 1;
    summary.sessions += history.sessions.len();
}

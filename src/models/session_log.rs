//! Logged sessions and their sets, read back as the engine's `SessionLog`s,
//! and the coach flags they raise.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::effects::Carried;
use crate::domain::progression::{
    self as engine, Calls, CoachFlag, Decision, Felt, Fix, Pain, Readiness, Shift, Sleep, Soreness,
};
use crate::domain::units::Load;
use crate::domain::variation::Variation;
use crate::domain::Named;
use crate::models::List;
use crate::schema::{coach_flags, session_logs, session_sets, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = session_logs)]
pub struct SessionRow {
    pub id: i32,
    pub member_id: i32,
    pub assignment_id: i32,
    pub stage: i32,
    #[diesel(deserialize_as = crate::models::Day)]
    pub trained_on: NaiveDate,
    pub status: Status,
    pub as_prescribed: bool,
    pub felt: List<Felt>,
    pub pain: Pain,
    pub cramp: bool,
    pub good_form: bool,
    pub effort: Option<i32>,
    pub note: String,
    pub outcome: String,
    pub outcome_stage: Option<i32>,
    pub outcome_until: Option<NaiveDate>,
    pub fixes: List<Fix>,
    pub suggest_floor_bridges: bool,
    pub entered_by: i32,
    #[diesel(deserialize_as = crate::models::Moment)]
    pub created_at: NaiveDateTime,
    /// Not the training day's counting session (see `engine::extra_sessions`).
    pub extra: bool,
    pub prescribed_load_grams: Option<i32>,
    /// Variations the session was done with ("banded,tempo").
    pub variations: List<Variation>,
    /// Readiness on shift: the check's answers (`None`: skipped).
    pub shift: Option<Shift>,
    pub shift_sleep: Option<Sleep>,
    pub shift_soreness: Option<Soreness>,
    pub shift_calls: Option<Calls>,
    /// The lighter session a poor readiness answer offered.
    pub lighter: bool,
    /// Stopped for pain: cut short because it hurt; never finished later.
    pub stopped: bool,
    /// Voided (the member's undo or a coach's correction): kept and shown,
    /// but it counts nowhere.
    pub voided_at: Option<NaiveDateTime>,
    pub voided_by: Option<i32>,
    pub void_reason: String,
    /// The working load (grams) and rep target the session carried on from.
    pub working_load_before: Option<i32>,
    pub rep_target_before: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = session_sets)]
pub struct SetRow {
    pub id: i32,
    pub session_id: i32,
    pub set_number: i32,
    pub reps: i32,
    pub reps_other_side: Option<i32>,
    pub load_grams: i32,
    pub hold_seconds: i32,
}

impl SetRow {
    /// A session's sets from its `sets_text`, which the database keeps from
    /// `session_sets` (migration `session_sets_text`): one
    /// `id,set_number,reps,reps_other_side,load_grams,hold_seconds` per set,
    /// `;` between sets, in set order once sorted.
    pub fn parse_all(session_id: i32, text: &str) -> QueryResult<Vec<SetRow>> {
        let unreadable = || {
            diesel::result::Error::DeserializationError(
                format!("session {session_id}: unreadable sets {text:?}").into(),
            )
        };
        // Read byte by byte: on a today page this runs for every set of a
        // dozen sessions, and `str::split` with `parse` cost four times as
        // much.
        if text.ends_with(';') {
            return Err(unreadable());
        }
        let mut sets = Vec::with_capacity(text.len() / 12 + 1);
        let mut bytes = text.as_bytes().iter().peekable();
        while bytes.peek().is_some() {
            let mut fields = [None::<i32>; 6];
            for (n, field) in fields.iter_mut().enumerate() {
                let end = if n == 5 { b';' } else { b',' };
                let mut value: Option<i32> = None;
                loop {
                    match bytes.next() {
                        Some(&b) if b == end => break,
                        None if n == 5 => break,
                        Some(&b @ b'0'..=b'9') => {
                            let digit = i32::from(b - b'0');
                            value = Some(
                                value
                                    .unwrap_or(0)
                                    .checked_mul(10)
                                    .and_then(|v| v.checked_add(digit))
                                    .ok_or_else(unreadable)?,
                            );
                        }
                        _ => return Err(unreadable()),
                    }
                }
                *field = value;
            }
            let [Some(id), Some(set_number), Some(reps), reps_other_side, Some(load_grams), Some(hold_seconds)] =
                fields
            else {
                return Err(unreadable());
            };
            sets.push(SetRow {
                id,
                session_id,
                set_number,
                reps,
                reps_other_side,
                load_grams,
                hold_seconds,
            });
        }
        if !sets.is_sorted_by_key(|set| set.set_number) {
            sets.sort_unstable_by_key(|set| set.set_number);
        }
        Ok(sets)
    }
}

/// A session with its sets and the name of who entered it.
#[derive(Debug, Clone)]
pub struct Session {
    pub row: SessionRow,
    pub sets: Vec<SetRow>,
    pub entered_by: String,
}

pub use crate::domain::session::NewSession;

/// How far back `Session::for_rules` reads every session: this week and the
/// load cap's 7 days, with room to spare.
pub const RULES_WINDOW_DAYS: i64 = 14;

/// How many of the newest counting sessions the rules read, at least.
pub const RULES_RECENT: i64 = 8;

/// Whether a session was finished or saved partial (toned out).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    Finished,
    Partial,
}

/// How the outcome is stored.
pub fn outcome_code(decision: &Decision) -> (&'static str, Option<i32>, Option<NaiveDate>) {
    match *decision {
        Decision::Stay => ("stay", None, None),
        Decision::ReadyToAdvance => ("ready", None, None),
        Decision::Advance { to } => ("advance", Some(to as i32), None),
        Decision::PainRegression { to, restore_on } => {
            ("pain_regression", Some(to as i32), Some(restore_on))
        }
        Decision::StopSeeCoach => ("stop", None, None),
    }
}

impl SessionRow {
    pub fn is_finished(&self) -> bool {
        self.status == Status::Finished
    }

    /// Saved partial (toned out) and waiting to be finished: not a pain
    /// stop, not voided.
    pub fn awaits_finish(&self) -> bool {
        self.status == Status::Partial && !self.stopped && !self.is_voided()
    }

    pub fn is_voided(&self) -> bool {
        self.voided_at.is_some()
    }

    /// What the member's assignment carried into the session.
    pub fn carried_before(&self) -> Carried {
        Carried {
            working_load: self
                .working_load_before
                .map(|g| Load::from_grams(i64::from(g))),
            rep_target: self.rep_target_before.and_then(|r| u8::try_from(r).ok()),
            // Read apart, by the void only: `Session::pain_week_before`.
            regression: None,
        }
    }

    /// "stopped: knee pain" for a pain stop.
    pub fn stopped_text(&self) -> Option<String> {
        self.stopped.then(|| self.pain.stopped_text())
    }

    pub fn felt_list(&self) -> &[Felt] {
        &self.felt.0
    }

    pub fn fix_list(&self) -> &[Fix] {
        &self.fixes.0
    }

    pub fn variation_list(&self) -> &[Variation] {
        &self.variations.0
    }

    /// "Banded, Tempo (3-4 s lowering)"; empty without variations.
    pub fn variations_text(&self) -> String {
        self.variation_list()
            .iter()
            .map(|v| v.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What the member said about the shift (`None`: the check was
    /// skipped); a hard shift stored without its answers is an error.
    pub fn readiness(&self) -> QueryResult<Option<Readiness>> {
        let Some(shift) = self.shift else {
            return Ok(None);
        };
        Readiness::from_parts(
            shift,
            self.shift_sleep,
            self.shift_soreness,
            self.shift_calls,
        )
        .map(Some)
        .ok_or_else(|| {
            diesel::result::Error::DeserializationError(
                format!("session {}: a hard shift without its answers", self.id).into(),
            )
        })
    }

    /// The engine's decision as it was stored; a row that does not read as
    /// one is an error, never "stay".
    pub fn decision(&self) -> QueryResult<Decision> {
        let stage = |s: Option<i32>| s.and_then(|s| u8::try_from(s).ok());
        match (
            self.outcome.as_str(),
            stage(self.outcome_stage),
            self.outcome_until,
        ) {
            ("stay", _, _) => Ok(Decision::Stay),
            ("ready", _, _) => Ok(Decision::ReadyToAdvance),
            ("advance", Some(to), _) => Ok(Decision::Advance { to }),
            ("pain_regression", Some(to), Some(restore_on)) => {
                Ok(Decision::PainRegression { to, restore_on })
            }
            ("stop", _, _) => Ok(Decision::StopSeeCoach),
            (code, _, _) => Err(diesel::result::Error::DeserializationError(
                format!("session {}: unreadable outcome {code:?}", self.id).into(),
            )),
        }
    }
}

impl Session {
    /// The session as the engine reads it.
    pub fn domain(&self) -> engine::SessionLog {
        engine::SessionLog {
            date: self.row.trained_on,
            stage: self.row.stage as u8,
            finished: self.row.is_finished(),
            sets: self
                .sets
                .iter()
                .map(|s| engine::SetLog {
                    reps: s.reps.max(0) as u16,
                    reps_other_side: s.reps_other_side.map(|r| r.max(0) as u16),
                    load: Load::from_grams(s.load_grams as i64),
                    hold_seconds: s.hold_seconds.clamp(0, 255) as u8,
                })
                .collect(),
            felt: self.row.felt.0.clone(),
            pain: self.row.pain,
            cramp: self.row.cramp,
            good_form: self.row.good_form,
            prescribed_load: self
                .row
                .prescribed_load_grams
                .map(|g| Load::from_grams(g as i64)),
            lighter: self.row.lighter,
        }
    }

    pub fn top_load(&self) -> Option<Load> {
        self.sets
            .iter()
            .map(|s| Load::from_grams(s.load_grams as i64))
            .max()
    }

    /// Total reps (both sides on per-leg stages).
    pub fn total_reps(&self) -> i32 {
        self.sets
            .iter()
            .map(|s| s.reps + s.reps_other_side.unwrap_or(0))
            .sum()
    }
}

/// Sessions with their sets, from rows read with their `sets_text` and who
/// entered them.
fn with_sets(rows: Vec<(SessionRow, String, String)>) -> QueryResult<Vec<Session>> {
    rows.into_iter()
        .map(|(row, sets, entered_by)| {
            Ok(Session {
                sets: SetRow::parse_all(row.id, &sets)?,
                row,
                entered_by,
            })
        })
        .collect()
}

impl Session {
    /// A member's sessions, oldest first (the order the engine reads).
    pub fn for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<Session>> {
        let rows = session_logs::table
            .inner_join(users::table.on(users::id.eq(session_logs::entered_by)))
            .filter(session_logs::member_id.eq(member_id))
            .order((session_logs::trained_on.asc(), session_logs::id.asc()))
            .select((
                SessionRow::as_select(),
                session_logs::sets_text,
                users::name,
            ))
            .load(conn)?;
        with_sets(rows)
    }

    /// What the engine's rules read of a member's history for a session on
    /// `today` at `stage`, oldest first like `for_member`, in a few indexed
    /// reads whatever the length of the history: every session of the last
    /// two weeks (this week's schedule, the 7-day load cap, a partial session
    /// to finish); the `recent` newest sessions that count (streaks, a
    /// repeated cramp; at least one more than the stage's
    /// `qualifying_sessions`), and as many again leaving out lighter
    /// sessions the streak skips; and before those two weeks, the newest session with
    /// sets at this stage and the one below, finished and of any status (the
    /// working weight, carried from the barbell stage into the strength
    /// phase, and the weight in effect when the cap's window opened).
    ///
    /// One statement of a fixed shape (`rules_history`), prepared once per
    /// connection and kept: the sessions, each with its sets in its row.
    pub fn for_rules(
        conn: &mut SqliteConnection,
        member_id: i32,
        stage: i32,
        today: NaiveDate,
        qualifying_sessions: i32,
    ) -> QueryResult<Vec<Session>> {
        let params = rules_history::Params {
            member_id,
            cutoff: today - chrono::Duration::days(RULES_WINDOW_DAYS),
            recent: RULES_RECENT.max(i64::from(qualifying_sessions) + 1),
            stage,
        };
        let rows: Vec<(SessionRow, String, String)> = rules_history::Sessions(params).load(conn)?;
        with_sets(rows)
    }

    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Session> {
        let row = session_logs::table
            .inner_join(users::table.on(users::id.eq(session_logs::entered_by)))
            .filter(session_logs::id.eq(id))
            .select((
                SessionRow::as_select(),
                session_logs::sets_text,
                users::name,
            ))
            .first(conn)?;
        Ok(with_sets(vec![row])?.remove(0))
    }

    /// Whether a session that counts (not voided) was logged after
    /// session `id` for the same member.
    pub fn any_after(conn: &mut SqliteConnection, member_id: i32, id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            session_logs::table
                .filter(session_logs::member_id.eq(member_id))
                .filter(session_logs::id.gt(id))
                .filter(session_logs::voided_at.is_null()),
        ))
        .get_result(conn)
    }

    /// The pain week session `id` was logged in, if it was (a second pain
    /// report starts the week over; its void gives this one back).
    pub fn pain_week_before(
        conn: &mut SqliteConnection,
        id: i32,
    ) -> QueryResult<Option<engine::Regression>> {
        let (from, until): (Option<i32>, Option<NaiveDate>) = session_logs::table
            .find(id)
            .select((
                session_logs::pain_week_from_before,
                session_logs::pain_week_until_before,
            ))
            .first(conn)?;
        Ok(match (from.and_then(|f| u8::try_from(f).ok()), until) {
            (Some(from_stage), Some(restore_on)) => Some(engine::Regression {
                from_stage,
                restore_on,
            }),
            _ => None,
        })
    }

    pub fn find_by_key(conn: &mut SqliteConnection, key: &str) -> QueryResult<Option<SessionRow>> {
        session_logs::table
            .filter(session_logs::idempotency_key.eq(key))
            .select(SessionRow::as_select())
            .first(conn)
            .optional()
    }

    /// Inserts a session with its sets and the engine's outcome.
    #[allow(clippy::too_many_arguments)]
    pub fn insert(
        conn: &mut SqliteConnection,
        member_id: i32,
        assignment_id: i32,
        stage: i32,
        new: &NewSession,
        outcome: &engine::Outcome,
        before: Carried,
        key: &str,
        entered_by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        let id: i32 = diesel::insert_into(session_logs::table)
            .values((
                SessionValues::new(new, outcome, before, key, entered_by, now),
                session_logs::member_id.eq(member_id),
                session_logs::assignment_id.eq(assignment_id),
                session_logs::stage.eq(stage),
                session_logs::trained_on.eq(new.trained_on),
                session_logs::created_at.eq(now),
            ))
            .returning(session_logs::id)
            .get_result(conn)?;
        insert_sets(conn, id, &new.sets)?;
        Ok(id)
    }

    /// Replaces a partial session's contents when it is finished (or saved
    /// partial again) later the same shift.
    #[allow(clippy::too_many_arguments)]
    pub fn replace(
        conn: &mut SqliteConnection,
        id: i32,
        new: &NewSession,
        outcome: &engine::Outcome,
        before: Carried,
        key: &str,
        entered_by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(session_logs::table.find(id))
            .set(SessionValues::new(
                new, outcome, before, key, entered_by, now,
            ))
            .execute(conn)?;
        diesel::delete(session_sets::table.filter(session_sets::session_id.eq(id)))
            .execute(conn)?;
        insert_sets(conn, id, &new.sets)
    }
}

/// The statement behind `Session::for_rules`, written out in SQL so that
/// its shape never depends on the data: diesel keeps a prepared statement
/// only for a query whose text is fixed (an `IN (...)` list of ids is
/// prepared anew each time), so this one is prepared once per connection.
/// Each session's sets come in its own row (`sets_text`).
mod rules_history {
    use chrono::NaiveDate;
    use diesel::dsl::{AsSelect, SqlTypeOf};
    use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
    use diesel::sql_types::{BigInt, Date, Integer, Text};
    use diesel::sqlite::Sqlite;
    use diesel::{QueryResult, RunQueryDsl, SqliteConnection};

    use super::SessionRow;

    /// The ids the rules read, never a voided session's (`?m` the member, `?c` the window's first day,
    /// `?r` how many counting sessions, `?s` the stage; each stands for a
    /// bound parameter, see `Params::walk`): every session since
    /// `?c`; the newest counting ones, and the newest counting ones that are
    /// not a lighter session without pain or a cramp (those neither count
    /// nor break a streak, so a run of them must not hide the sessions
    /// that do); before `?c`, at the stage and the one
    /// below, the newest with sets, the newest finished one with sets and the
    /// newest finished one without pain with sets (a session has sets
    /// exactly when `top_load_grams` is set). Each part reads one of two
    /// covering indexes and stops at the newest it needs
    /// (`session_logs_rules_live`, `session_logs_stage_sets_live`; named,
    /// since SQLite without statistics prefers the narrower ones).
    const IDS: &str = "\
        SELECT id FROM session_logs WHERE member_id = ?m AND voided_at IS NULL AND trained_on >= ?c \
        UNION ALL SELECT id FROM (SELECT id FROM session_logs INDEXED BY session_logs_rules_live WHERE member_id = ?m AND voided_at IS NULL \
            AND (status = 'finished' OR pain <> 'none' OR cramp = 1) AND extra = 0 \
            ORDER BY trained_on DESC, id DESC LIMIT ?r) \
        UNION ALL SELECT id FROM (SELECT id FROM session_logs INDEXED BY session_logs_rules_live WHERE member_id = ?m AND voided_at IS NULL \
            AND (status = 'finished' OR pain <> 'none' OR cramp = 1) AND extra = 0 \
            AND NOT (lighter = 1 AND pain = 'none' AND cramp = 0) \
            ORDER BY trained_on DESC, id DESC LIMIT ?r) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s AND t.trained_on < ?c \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s AND t.trained_on < ?c AND t.status = 'finished' \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s AND t.trained_on < ?c AND t.status = 'finished' AND t.pain = 'none' \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s - 1 AND t.trained_on < ?c \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s - 1 AND t.trained_on < ?c AND t.status = 'finished' \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1) \
        UNION ALL SELECT id FROM (SELECT t.id FROM session_logs t INDEXED BY session_logs_stage_sets_live WHERE t.member_id = ?m AND t.voided_at IS NULL \
            AND t.stage = ?s - 1 AND t.trained_on < ?c AND t.status = 'finished' AND t.pain = 'none' \
            AND t.top_load_grams IS NOT NULL \
            ORDER BY t.trained_on DESC, t.id DESC LIMIT 1)";

    /// `SessionRow`'s columns in its fields' order (read by position; a test
    /// checks them against diesel's own select), the session's sets and who
    /// entered it, for the ids `IDS` lists: its parts are put together with
    /// `UNION ALL` inside one `IN`, so SQLite keeps one list of ids where a
    /// `UNION` built a table per part (27k of the page's 683k instructions).
    /// Their order is put right in Rust.
    const SESSIONS: &str = "SELECT s.id, s.member_id, s.assignment_id, s.stage, s.trained_on, \
        s.status, s.as_prescribed, s.felt, s.pain, s.cramp, s.good_form, s.effort, s.note, \
        s.outcome, s.outcome_stage, s.outcome_until, s.fixes, s.suggest_floor_bridges, \
        s.entered_by, s.created_at, s.extra, s.prescribed_load_grams, s.variations, s.shift, \
        s.shift_sleep, s.shift_soreness, s.shift_calls, s.lighter, s.stopped, s.voided_at, \
        s.voided_by, s.void_reason, s.working_load_before, s.rep_target_before, s.sets_text, \
        u.name \
        FROM session_logs s JOIN users u ON u.id = s.entered_by WHERE s.id IN (";

    #[derive(Debug, Clone, Copy)]
    pub struct Params {
        pub member_id: i32,
        pub cutoff: NaiveDate,
        pub recent: i64,
        pub stage: i32,
    }

    impl Params {
        /// Writes `SESSIONS`, `IDS` and the closing bracket, binding each
        /// parameter once, where its marker first stands, and naming it by
        /// number (`?1`) wherever it stands again: diesel writes each bound parameter as its own
        /// `?`, and binding the member, the day and the stage at each of
        /// their 24 places cost more than the rest of the walk. diesel
        /// walks a statement to collect its parameters at every run, so the
        /// text is cut at its markers once (`PIECES`).
        fn walk<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
            for (sql, slot) in PIECES.iter() {
                out.push_sql(sql);
                match slot {
                    Slot::Bind(marker, number) => {
                        match marker {
                            Marker::Member => out.push_bind_param::<Integer, _>(&self.member_id)?,
                            Marker::Cutoff => out.push_bind_param::<Date, _>(&self.cutoff)?,
                            Marker::Recent => out.push_bind_param::<BigInt, _>(&self.recent)?,
                            Marker::Stage => out.push_bind_param::<Integer, _>(&self.stage)?,
                        }
                        out.push_sql(number);
                    }
                    Slot::Again(named) => out.push_sql(named),
                    Slot::End => {}
                }
            }
            Ok(())
        }
    }

    /// What stands at a `?` in the statement's text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Marker {
        Member,
        Cutoff,
        Recent,
        Stage,
    }

    /// What follows a piece of the statement's text.
    #[derive(Debug, Clone, Copy)]
    enum Slot {
        /// A parameter's first place: bound there (diesel writes `?`),
        /// followed by its number (`1`), which SQLite gives it in the order
        /// bound.
        Bind(Marker, &'static str),
        /// A parameter's place again: `?` and its number (`?1`).
        Again(&'static str),
        /// No parameter: the text's last piece.
        End,
    }

    /// `SESSIONS`, `IDS` and the closing bracket cut at their markers: each piece of text with
    /// the parameter after it.
    static PIECES: std::sync::LazyLock<Vec<(&'static str, Slot)>> =
        std::sync::LazyLock::new(|| {
            const NUMBERS: [&str; 4] = ["1", "2", "3", "4"];
            const NAMED: [&str; 4] = ["?1", "?2", "?3", "?4"];
            let mut bound: Vec<Marker> = Vec::new();
            let mut pieces = Vec::new();
            for text in [SESSIONS, IDS, ")"] {
                let mut rest = text;
                while let Some((sql, after)) = rest.split_once('?') {
                    let marker = match after.as_bytes().first() {
                        Some(b'm') => Marker::Member,
                        Some(b'c') => Marker::Cutoff,
                        Some(b'r') => Marker::Recent,
                        Some(b's') => Marker::Stage,
                        _ => unreachable!("a marker in rules_history: ?{after}"),
                    };
                    let slot = match bound.iter().position(|m| *m == marker) {
                        Some(i) => Slot::Again(NAMED[i]),
                        None => {
                            bound.push(marker);
                            Slot::Bind(marker, NUMBERS[bound.len() - 1])
                        }
                    };
                    pieces.push((sql, slot));
                    rest = &after[1..];
                }
                pieces.push((rest, Slot::End));
            }
            pieces
        });

    /// The sessions with their sets, in no order (`Session::for_rules` puts
    /// them oldest first).
    #[derive(Debug, Clone, Copy, QueryId)]
    pub struct Sessions(pub Params);

    impl QueryFragment<Sqlite> for Sessions {
        fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
            self.0.walk(out)
        }
    }

    impl Query for Sessions {
        type SqlType = (SqlTypeOf<AsSelect<SessionRow, Sqlite>>, Text, Text);
    }

    impl RunQueryDsl<SqliteConnection> for Sessions {}

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::schema::session_logs;
        use diesel::{QueryDsl, SelectableHelper};

        /// The columns diesel selects for `T` from `table`, as `alias.column`.
        fn columns(sql: String, table: &str, alias: &str) -> String {
            let select = sql
                .split(" FROM ")
                .next()
                .unwrap()
                .trim_start_matches("SELECT ");
            select
                .replace('`', "")
                .replace(&format!("{table}."), &format!("{alias}."))
        }

        fn squeeze(sql: &str) -> String {
            sql.split_whitespace().collect::<Vec<_>>().join(" ")
        }

        /// The statement is read by position: its columns must be the row
        /// type's fields in order.
        #[test]
        fn the_statements_select_the_row_types_columns_in_order() {
            let sessions = diesel::debug_query::<Sqlite, _>(
                &session_logs::table.select(SessionRow::as_select()),
            )
            .to_string();
            let expected = columns(sessions, "session_logs", "s");
            assert!(
                squeeze(SESSIONS)
                    .starts_with(&format!("SELECT {expected}, s.sets_text, u.name FROM")),
                "{expected}"
            );
        }
    }
}

/// What a save writes to a session row, new or finishing a partial one.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = session_logs)]
#[diesel(treat_none_as_null = true)]
struct SessionValues<'a> {
    status: &'static str,
    as_prescribed: bool,
    felt: String,
    pain: &'static str,
    cramp: bool,
    good_form: bool,
    effort: Option<i32>,
    note: &'a str,
    outcome: &'static str,
    outcome_stage: Option<i32>,
    outcome_until: Option<NaiveDate>,
    fixes: String,
    suggest_floor_bridges: bool,
    idempotency_key: &'a str,
    entered_by: i32,
    updated_at: NaiveDateTime,
    extra: bool,
    prescribed_load_grams: Option<i32>,
    variations: String,
    shift: Option<&'static str>,
    shift_sleep: Option<&'static str>,
    shift_soreness: Option<&'static str>,
    shift_calls: Option<&'static str>,
    lighter: bool,
    stopped: bool,
    working_load_before: Option<i32>,
    rep_target_before: Option<i32>,
    pain_week_from_before: Option<i32>,
    pain_week_until_before: Option<NaiveDate>,
}

impl<'a> SessionValues<'a> {
    fn new(
        new: &'a NewSession,
        outcome: &engine::Outcome,
        before: Carried,
        key: &'a str,
        entered_by: i32,
        now: NaiveDateTime,
    ) -> SessionValues<'a> {
        let (code, outcome_stage, outcome_until) = outcome_code(&outcome.decision);
        let (shift, sleep, soreness, calls) = match new.readiness.map(|r| r.parts()) {
            Some((shift, sleep, soreness, calls)) => (Some(shift), sleep, soreness, calls),
            None => (None, None, None, None),
        };
        SessionValues {
            status: if new.finished {
                Status::Finished
            } else {
                Status::Partial
            }
            .as_str(),
            as_prescribed: new.as_prescribed,
            felt: List::text(&new.felt),
            pain: new.pain.as_str(),
            cramp: new.cramp,
            good_form: new.good_form,
            effort: new.effort,
            note: new.note.trim(),
            outcome: code,
            outcome_stage,
            outcome_until,
            fixes: List::text(&outcome.fixes),
            suggest_floor_bridges: outcome.suggest_floor_bridges,
            idempotency_key: key,
            entered_by,
            updated_at: now,
            extra: outcome.extra,
            prescribed_load_grams: new.prescribed_load.map(|l| l.grams as i32),
            variations: List::text(&new.variations),
            shift: shift.map(Shift::as_str),
            shift_sleep: sleep.map(Sleep::as_str),
            shift_soreness: soreness.map(Soreness::as_str),
            shift_calls: calls.map(Calls::as_str),
            lighter: new.lighter,
            stopped: new.stopped_for_pain(),
            working_load_before: before.working_load.map(|l| l.grams as i32),
            rep_target_before: before.rep_target.map(i32::from),
            pain_week_from_before: before.regression.map(|r| i32::from(r.from_stage)),
            pain_week_until_before: before.regression.map(|r| r.restore_on),
        }
    }
}

fn insert_sets(conn: &mut SqliteConnection, id: i32, sets: &[engine::SetLog]) -> QueryResult<()> {
    let rows: Vec<_> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                session_sets::session_id.eq(id),
                session_sets::set_number.eq(i as i32 + 1),
                session_sets::reps.eq(s.reps as i32),
                session_sets::reps_other_side.eq(s.reps_other_side.map(|r| r as i32)),
                session_sets::load_grams.eq(s.load.grams as i32),
                session_sets::hold_seconds.eq(s.hold_seconds as i32),
            )
        })
        .collect();
    diesel::insert_into(session_sets::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}

/// Raises flags for a coach; a flag of a kind already open for the member is
/// not raised twice.
pub fn raise_flags(
    conn: &mut SqliteConnection,
    member_id: i32,
    session_id: Option<i32>,
    flags: &[CoachFlag],
    now: NaiveDateTime,
) -> QueryResult<()> {
    for flag in flags {
        let open: bool = diesel::select(diesel::dsl::exists(
            coach_flags::table
                .filter(coach_flags::member_id.eq(member_id))
                .filter(coach_flags::kind.eq(flag.as_str()))
                .filter(coach_flags::resolved_at.is_null()),
        ))
        .get_result(conn)?;
        if !open {
            diesel::insert_into(coach_flags::table)
                .values((
                    coach_flags::member_id.eq(member_id),
                    coach_flags::session_id.eq(session_id),
                    coach_flags::kind.eq(flag.as_str()),
                    coach_flags::created_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// An open flag, for the member page and the roster.
#[derive(Debug, Clone)]
pub struct OpenFlag {
    pub id: i32,
    pub member_id: i32,
    pub kind: CoachFlag,
    pub created_at: NaiveDateTime,
    /// The session that raised it was stopped for pain.
    pub pain_stop: bool,
}

/// An open flag's columns, and whether its session was a pain stop.
type OpenFlagColumns = (
    coach_flags::id,
    coach_flags::member_id,
    coach_flags::kind,
    coach_flags::created_at,
    diesel::dsl::Nullable<session_logs::stopped>,
);

impl OpenFlag {
    /// "Knee pain"; "Stopped: knee pain" when the session that raised it
    /// was stopped for it.
    pub fn label(&self) -> String {
        match self.stopped_for() {
            Some(pain) => format!("Stopped: {}", pain.short_label()),
            None => self.kind.label().to_string(),
        }
    }

    /// "stopped: knee pain" for a pain flag raised by a pain stop.
    pub fn stopped_text(&self) -> Option<String> {
        self.stopped_for().map(Pain::stopped_text)
    }

    /// The pain a pain stop raised this flag for.
    fn stopped_for(&self) -> Option<Pain> {
        self.kind.pain().filter(|_| self.pain_stop)
    }

    fn columns() -> OpenFlagColumns {
        (
            coach_flags::id,
            coach_flags::member_id,
            coach_flags::kind,
            coach_flags::created_at,
            session_logs::stopped.nullable(),
        )
    }

    pub fn for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<OpenFlag>> {
        coach_flags::table
            .left_join(session_logs::table)
            .filter(coach_flags::member_id.eq(member_id))
            .filter(coach_flags::resolved_at.is_null())
            .order(coach_flags::created_at.desc())
            .select(OpenFlag::columns())
            .load::<(i32, i32, CoachFlag, NaiveDateTime, Option<bool>)>(conn)
            .map(OpenFlag::read)
    }

    fn read(rows: Vec<(i32, i32, CoachFlag, NaiveDateTime, Option<bool>)>) -> Vec<OpenFlag> {
        rows.into_iter()
            .map(|(id, member_id, kind, created_at, pain_stop)| OpenFlag {
                id,
                member_id,
                kind,
                created_at,
                pain_stop: pain_stop == Some(true),
            })
            .collect()
    }

    /// Every open flag, for the roster (one query for all members).
    pub fn all_open(conn: &mut SqliteConnection) -> QueryResult<Vec<OpenFlag>> {
        coach_flags::table
            .left_join(session_logs::table)
            .filter(coach_flags::resolved_at.is_null())
            .order(coach_flags::created_at.desc())
            .select(OpenFlag::columns())
            .load::<(i32, i32, CoachFlag, NaiveDateTime, Option<bool>)>(conn)
            .map(OpenFlag::read)
    }

    /// Closes every open flag of one kind for a member (a coach advanced
    /// them, so "ready to advance" is answered).
    pub fn resolve_kind(
        conn: &mut SqliteConnection,
        member_id: i32,
        kind: CoachFlag,
        by: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            coach_flags::table
                .filter(coach_flags::member_id.eq(member_id))
                .filter(coach_flags::kind.eq(kind.as_str()))
                .filter(coach_flags::resolved_at.is_null()),
        )
        .set((
            coach_flags::resolved_at.eq(now),
            coach_flags::resolved_by.eq(by),
        ))
        .execute(conn)
    }

    /// Answers every open flag a session raised (the session was voided).
    pub fn resolve_for_session(
        conn: &mut SqliteConnection,
        session_id: i32,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            coach_flags::table
                .filter(coach_flags::session_id.eq(session_id))
                .filter(coach_flags::resolved_at.is_null()),
        )
        .set((
            coach_flags::resolved_at.eq(now),
            coach_flags::resolved_by.eq(by),
        ))
        .execute(conn)
    }

    /// A coach marks a flag as dealt with.
    pub fn resolve(
        conn: &mut SqliteConnection,
        id: i32,
        member_id: i32,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            coach_flags::table
                .filter(coach_flags::id.eq(id))
                .filter(coach_flags::member_id.eq(member_id))
                .filter(coach_flags::resolved_at.is_null()),
        )
        .set((
            coach_flags::resolved_at.eq(now),
            coach_flags::resolved_by.eq(by),
        ))
        .execute(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::SetRow;

    /// A session's `sets_text` reads back as its sets in set order; text
    /// that does not read as sets is an error, never fewer sets.
    #[test]
    fn rule_a_sessions_sets_read_from_its_row_in_set_order() {
        let read = |text: &str| {
            SetRow::parse_all(7, text).map(|sets| {
                sets.iter()
                    .map(|s| {
                        (
                            s.id,
                            s.session_id,
                            s.set_number,
                            s.reps,
                            s.reps_other_side,
                            s.load_grams,
                            s.hold_seconds,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(read("").unwrap(), vec![]);
        assert_eq!(
            read("12,2,14,,20000,0;11,1,15,13,20000,3").unwrap(),
            vec![
                (11, 7, 1, 15, Some(13), 20000, 3),
                (12, 7, 2, 14, None, 20000, 0)
            ]
        );
        for unreadable in [
            "1,1,15,,0",
            "1,1,15,,0,0,9",
            "1,1,x,,0,0",
            "1,1,15,,0,0;2",
            "1,1,15,,0,0;",
            ",1,15,,0,0",
            "1,1,-15,,0,0",
            "1,1,99999999999,,0,0",
        ] {
            let read = read(unreadable);
            assert!(read.is_err(), "{unreadable:?} read as {read:?}");
        }
    }
}

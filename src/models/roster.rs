//! What the roster dashboard reads, for every active member at once, in a
//! fixed number of queries whatever the size of the crew; or the same for
//! one member (their row on their own page and in a coach's decision),
//! read through the same statements narrowed to that member.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::dsl::case_when;
use diesel::prelude::*;
use diesel::sql_types::{Date, Double};
use diesel::sqlite::{Sqlite, SqliteValue};

use crate::domain::roster::StallWindow;
use crate::domain::Named;
use crate::models::assignment::Assignment;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::{OpenFlag, Status};
use crate::models::{Day, Moment};
use crate::schema::{assignments, members, range_tests, session_logs, stage_changes};

/// One logged session, reduced to what the roster needs.
#[derive(Debug, Clone)]
pub struct SessionFact {
    pub trained_on: NaiveDate,
    /// The top set's load of a finished session (`None` for a partial one).
    pub finished_top_grams: Option<i32>,
}

/// One active member and everything the roster reads of them.
pub struct MemberData {
    pub member: Member,
    pub assignment: Option<Assignment>,
    /// Sessions from the window's `recent_from` on, oldest first.
    pub sessions: Vec<SessionFact>,
    /// The heaviest top load (grams) of a finished session from the
    /// window's `earlier_from` up to `recent_from`.
    pub heaviest_before_grams: Option<i32>,
    pub last_session: Option<NaiveDate>,
    pub last_stage_change: Option<NaiveDateTime>,
    pub flags: Vec<OpenFlag>,
    /// The member's latest range test.
    pub latest_test: Option<RangeTest>,
}

/// The active members in the roster's order (name, then id).
pub struct RosterData {
    pub members: Vec<MemberData>,
}

/// Room for a member's recent sessions made once: the six weeks the rules
/// read one by one, at the three a week the program allows at most.
const RECENT_SESSIONS: usize = 18;

diesel::define_sql_function! {
    /// SQLite's Julian day of a day: the live sessions' day index holds it
    /// (`session_logs_day_live`), so a statement that asks for it gets a
    /// number straight from the index, not a day's text to parse.
    fn julianday(day: Date) -> Double;
}

/// A day read as SQLite's Julian day (2461380.5 for 2026-12-06: that
/// count's days start at noon, so a date's midnight is always a half).
#[derive(Debug, Clone, Copy)]
pub struct JulianDay(pub NaiveDate);

/// The Julian day of 0001-01-01 at midnight, chrono's day 1.
const JULIAN_DAY_ONE: f64 = 1_721_425.5;

impl JulianDay {
    pub fn of(julian: f64) -> Option<NaiveDate> {
        let days = julian - JULIAN_DAY_ONE;
        if days.fract() != 0.0 || !(0.0..i32::MAX as f64).contains(&days) {
            return None;
        }
        NaiveDate::from_num_days_from_ce_opt(days as i32 + 1)
    }
}

impl FromSql<Double, Sqlite> for JulianDay {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        let julian = value.read_double();
        JulianDay::of(julian)
            .map(JulianDay)
            .ok_or_else(|| format!("not the Julian day of a date: {julian}").into())
    }
}

impl Queryable<Double, Sqlite> for JulianDay {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

/// The id of the member's (`members::id`) latest range test: a seek in
/// `range_tests_member`. The test is joined by this id, looked up under
/// another name (`newest`) since the join reads the same table.
macro_rules! latest_test_id {
    () => {{
        let newest = diesel::alias!(range_tests as newest);
        newest
            .filter(newest.field(range_tests::member_id).eq(members::id))
            .order((
                newest.field(range_tests::tested_on).desc(),
                newest.field(range_tests::id).desc(),
            ))
            .select(newest.field(range_tests::id))
            .limit(1)
            .single_value()
    }};
}

/// Every active member who has a range test, with their latest, in the
/// roster's order (the range-tests-due calendar feed): no sessions read.
pub fn latest_tests(conn: &mut SqliteConnection) -> QueryResult<Vec<(Member, RangeTest)>> {
    members::table
        .inner_join(range_tests::table.on(range_tests::id.nullable().eq(latest_test_id!())))
        .filter(members::active.eq(true))
        .order((members::name.asc(), members::id.asc()))
        .select((Member::as_select(), RangeTest::as_select()))
        .load(conn)
}

/// Whose rows to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Everyone,
    Member(i32),
}

/// Every active member's data, their sessions over `window`.
pub fn load(conn: &mut SqliteConnection, window: StallWindow) -> QueryResult<RosterData> {
    load_for(conn, window, Whose::Everyone)
}

/// One member's data, exactly as `load` reads it for everyone, from that
/// member's rows alone (no members when `member_id` is not an active
/// member).
pub fn load_member(
    conn: &mut SqliteConnection,
    window: StallWindow,
    member_id: i32,
) -> QueryResult<RosterData> {
    load_for(conn, window, Whose::Member(member_id))
}

/// Where each member's data sits in `RosterData::members`, by member id:
/// a plain vector (ids are SQLite's row ids, dense from 1), so the tens of
/// thousands of sessions the roster reads are each placed without hashing.
struct Places(Vec<u32>);

impl Places {
    const NONE: u32 = u32::MAX;

    fn of(members: &[MemberData]) -> Places {
        let top = members
            .iter()
            .map(|m| m.member.id.max(0))
            .max()
            .unwrap_or(0);
        let mut places = vec![Self::NONE; top as usize + 1];
        for (i, m) in members.iter().enumerate() {
            if let Some(place) = places.get_mut(m.member.id.max(0) as usize) {
                *place = i as u32;
            }
        }
        Places(places)
    }

    fn get(&self, member_id: i32) -> Option<usize> {
        let place = *self.0.get(usize::try_from(member_id).ok()?)?;
        (place != Self::NONE).then_some(place as usize)
    }
}

fn load_for(
    conn: &mut SqliteConnection,
    window: StallWindow,
    whose: Whose,
) -> QueryResult<RosterData> {
    let status_finished = Status::Finished.as_str();
    // Each member's latest stage change and range test are looked up
    // through the (member_id, date) indexes: a seek per member, whatever
    // the years of history behind it. (The latest session is the newest of
    // the recent ones read below; see `last_sessions`.)
    // (ORDER BY .. LIMIT 1 rather than max(): SQLite seeks the last entry
    // for it, where max() with a WHERE reads all of the member's entries.)
    let last_stage_change = stage_changes::table
        .filter(stage_changes::member_id.eq(members::id))
        // A change a void undid, and the row that undid it, do not count.
        .filter(stage_changes::undone.eq(false))
        // Only a row that moved the stage: a hold, a load above the cap or
        // single-leg work added keep the member where they were.
        .filter(stage_changes::from_stage.is_not(stage_changes::to_stage.nullable()))
        .order(stage_changes::changed_at.desc())
        .select(stage_changes::changed_at)
        .limit(1)
        .single_value();
    // Of the six weeks before the recent ones, the stall rule reads only
    // the heaviest top set: SQLite finds it in the member's few entries of
    // `session_logs_rules_live` (which holds the status and the load), so
    // those weeks' sessions are not each read and placed.
    let heaviest_before = session_logs::table
        .filter(session_logs::member_id.eq(members::id))
        .filter(session_logs::voided_at.is_null())
        .filter(session_logs::trained_on.ge(window.earlier_from))
        .filter(session_logs::trained_on.lt(window.recent_from))
        .filter(session_logs::status.eq(status_finished))
        .select(diesel::dsl::max(session_logs::top_load_grams))
        .single_value();
    let latest_test = latest_test_id!();
    let mut query = members::table
        .left_join(
            assignments::table.on(assignments::member_id
                .eq(members::id)
                .and(assignments::active.eq(true))),
        )
        .left_join(range_tests::table.on(range_tests::id.nullable().eq(latest_test)))
        .filter(members::active.eq(true))
        .order((members::name.asc(), members::id.asc()))
        .select((
            Member::as_select(),
            Option::<Assignment>::as_select(),
            last_stage_change,
            heaviest_before,
            Option::<RangeTest>::as_select(),
        ))
        .into_boxed();
    if let Whose::Member(id) = whose {
        query = query.filter(members::id.eq(id));
    }
    // Days and moments read digit by digit (`Day`, `Moment`), not through
    // chrono's parser.
    let rows = query.load::<(
        Member,
        Option<Assignment>,
        Option<Moment>,
        Option<i32>,
        Option<RangeTest>,
    )>(conn)?;
    let mut members: Vec<MemberData> = rows
        .into_iter()
        .map(|(member, assignment, change, heaviest, test)| MemberData {
            member,
            assignment,
            sessions: Vec::with_capacity(RECENT_SESSIONS),
            heaviest_before_grams: heaviest,
            last_session: None,
            last_stage_change: change.map(NaiveDateTime::from),
            flags: Vec::new(),
            latest_test: test,
        })
        .collect();
    let places = Places::of(&members);

    // The recent weeks only: for everyone, from the live sessions' index by
    // day alone (`session_logs_day_live` holds all this reads), in a
    // statement of a fixed shape (prepared once per connection and kept);
    // for one member, through the member's index. A partial session's top
    // load comes as nothing, and the day as its Julian day, which the index
    // holds: each row is three numbers.
    let columns = (
        session_logs::member_id,
        julianday(session_logs::trained_on),
        case_when(
            session_logs::status.eq(status_finished),
            session_logs::top_load_grams,
        ),
    );
    let recent = session_logs::trained_on
        .ge(window.recent_from)
        .and(session_logs::voided_at.is_null());
    // The index's own order: no sorting step.
    let order = (
        session_logs::trained_on.asc(),
        session_logs::member_id.asc(),
    );
    // Walked as SQLite steps, each row put straight into its member's list.
    let mut place = |row: QueryResult<(i32, JulianDay, Option<i32>)>| -> QueryResult<()> {
        let (member_id, day, top) = row?;
        if let Some(i) = places.get(member_id) {
            members[i].sessions.push(SessionFact {
                trained_on: day.0,
                finished_top_grams: top,
            });
        }
        Ok(())
    };
    match whose {
        Whose::Everyone => session_logs::table
            .filter(recent)
            .order(order)
            .select(columns)
            .load_iter(conn)?
            .try_for_each(&mut place)?,
        Whose::Member(id) => session_logs::table
            .filter(recent)
            .filter(session_logs::member_id.eq(id))
            .order(order)
            .select(columns)
            .load_iter(conn)?
            .try_for_each(&mut place)?,
    }

    last_sessions(conn, &mut members, &places)?;

    let open = match whose {
        Whose::Everyone => OpenFlag::all_open(conn)?,
        Whose::Member(id) => OpenFlag::for_member(conn, id)?,
    };
    for flag in open {
        if let Some(i) = places.get(flag.member_id) {
            members[i].flags.push(flag);
        }
    }

    Ok(RosterData { members })
}

/// Each member's latest live session: the newest of their recent ones
/// (read in day order, so the last), and for the few with none of those,
/// looked up in one more statement, a seek per such member.
fn last_sessions(
    conn: &mut SqliteConnection,
    members: &mut [MemberData],
    places: &Places,
) -> QueryResult<()> {
    let mut idle = Vec::new();
    for m in members.iter_mut() {
        m.last_session = m.sessions.last().map(|s| s.trained_on);
        if m.last_session.is_none() {
            idle.push(m.member.id);
        }
    }
    if idle.is_empty() {
        return Ok(());
    }
    let newest = session_logs::table
        .filter(session_logs::member_id.eq(members::id))
        .filter(session_logs::voided_at.is_null())
        .order(session_logs::trained_on.desc())
        .select(session_logs::trained_on)
        .limit(1)
        .single_value();
    let found = members::table
        .filter(members::id.eq_any(&idle))
        .select((members::id, newest))
        .load::<(i32, Option<Day>)>(conn)?;
    for (member_id, day) in found {
        if let Some(i) = places.get(member_id) {
            members[i].last_session = day.map(NaiveDate::from);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::sql_types::Text;

    #[test]
    fn julian_days_read_as_the_dates_they_are() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let cases = [
            (2_461_380.5, day(2026, 12, 6)),
            (2_440_587.5, day(1970, 1, 1)),
            (1_721_425.5, day(1, 1, 1)),
            (2_451_603.5, day(2000, 2, 29)),
            // Noon, or any moment but midnight, is not a date.
            (2_461_381.0, None),
            (2_461_380.75, None),
            (1_721_424.5, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (1e300, None),
        ];
        for (julian, date) in cases {
            assert_eq!(JulianDay::of(julian), date, "{julian}");
        }
    }

    /// Every day of two centuries, as SQLite's `julianday` gives it.
    #[test]
    fn julian_days_agree_with_sqlites() {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = Text)]
            day: String,
            #[diesel(sql_type = Double)]
            julian: f64,
        }
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let rows = diesel::sql_query(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 73049) \
             SELECT date('1900-01-01', '+' || i || ' days') AS day, \
             julianday(date('1900-01-01', '+' || i || ' days')) AS julian FROM n",
        )
        .load::<Row>(&mut conn)
        .unwrap();
        assert_eq!(rows.len(), 73_050);
        for row in rows {
            let read = JulianDay::of(row.julian).map(|d| d.to_string());
            assert_eq!(read.as_deref(), Some(row.day.as_str()), "{}", row.julian);
        }
    }
}

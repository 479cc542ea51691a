//! What the officer's page counts from the session log: per month, the
//! members who trained, the sessions and the pain reports (one query).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

use crate::domain::program::MonthCounts;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    month: String,
    #[diesel(sql_type = BigInt)]
    members: i64,
    #[diesel(sql_type = BigInt)]
    sessions: i64,
    #[diesel(sql_type = BigInt)]
    pain_reports: i64,
}

/// The months from `since` on, oldest first (months without a session are
/// left out).
pub fn months(conn: &mut SqliteConnection, since: NaiveDate) -> QueryResult<Vec<MonthCounts>> {
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT strftime('%Y-%m', trained_on) AS month, \
                count(DISTINCT member_id) AS members, \
                count(*) AS sessions, \
                coalesce(sum(pain <> 'none'), 0) AS pain_reports \
         FROM session_logs WHERE trained_on >= ? \
         GROUP BY month ORDER BY month",
    )
    .bind::<Date, _>(since)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| MonthCounts {
            month: r.month,
            members: r.members as usize,
            sessions: r.sessions as usize,
            pain_reports: r.pain_reports as usize,
        })
        .collect())
}

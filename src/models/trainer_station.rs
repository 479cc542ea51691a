//! The stations the coordinator assigns each peer fitness trainer: a trainer
//! coaches the members whose station is one of theirs.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;

use crate::schema::trainer_stations;

/// A trainer's stations.
pub fn of(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<BTreeSet<String>> {
    Ok(trainer_stations::table
        .filter(trainer_stations::user_id.eq(user_id))
        .select(trainer_stations::station)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// Every trainer's stations, by user id (the coaches page).
pub fn all(conn: &mut SqliteConnection) -> QueryResult<BTreeMap<i32, BTreeSet<String>>> {
    let mut by_user: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for (user_id, station) in trainer_stations::table
        .select((trainer_stations::user_id, trainer_stations::station))
        .load::<(i32, String)>(conn)?
    {
        by_user.entry(user_id).or_default().insert(station);
    }
    Ok(by_user)
}

/// Replaces a trainer's stations.
pub fn set(
    conn: &mut SqliteConnection,
    user_id: i32,
    stations: &BTreeSet<String>,
) -> QueryResult<()> {
    diesel::delete(trainer_stations::table.filter(trainer_stations::user_id.eq(user_id)))
        .execute(conn)?;
    let rows: Vec<_> = stations
        .iter()
        .map(|s| {
            (
                trainer_stations::user_id.eq(user_id),
                trainer_stations::station.eq(s.as_str()),
            )
        })
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(trainer_stations::table)
            .values(rows)
            .execute(conn)?;
    }
    Ok(())
}

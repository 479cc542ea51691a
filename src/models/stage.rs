//! The catalog: the seven stages of the progression, seeded by a migration.
//! The app never writes the table, so it is read once per process and then
//! served from memory (`Stage::all`, `Stage::find`).

use std::sync::OnceLock;

use diesel::prelude::*;

use crate::domain::progression::{LoadKind, StageSpec};
use crate::schema::stages;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stages)]
pub struct Stage {
    pub id: i32,
    pub name: String,
    pub summary: String,
    pub setup: String,
    pub sets: i32,
    pub reps_low: i32,
    pub reps_high: i32,
    pub per_leg: bool,
    pub hold_seconds: i32,
    pub tempo: String,
    pub load_kind: LoadKind,
    pub load_rule: String,
    pub advance_reps: i32,
    pub qualifying_sessions: i32,
    pub coach_confirms: bool,
    pub advance_rule: String,
    pub cues: String,
    pub mistakes: String,
}

/// The catalog as first read (the same rows in every database the
/// migrations made; `tests` pins them to the engine's definition).
static CATALOG: OnceLock<Vec<Stage>> = OnceLock::new();

impl Stage {
    /// The stages in order, read from the table the first time.
    pub fn catalog(conn: &mut SqliteConnection) -> QueryResult<&'static [Stage]> {
        if let Some(stages) = CATALOG.get() {
            return Ok(stages);
        }
        let stages = Stage::read_table(conn)?;
        if stages.is_empty() {
            // Not migrated yet: nothing to keep.
            return Ok(&[]);
        }
        Ok(CATALOG.get_or_init(|| stages))
    }

    fn read_table(conn: &mut SqliteConnection) -> QueryResult<Vec<Stage>> {
        stages::table
            .order(stages::id)
            .select(Stage::as_select())
            .load(conn)
    }

    pub fn all(conn: &mut SqliteConnection) -> QueryResult<Vec<Stage>> {
        Ok(Stage::catalog(conn)?.to_vec())
    }

    pub fn find(conn: &mut SqliteConnection, number: i32) -> QueryResult<Stage> {
        Stage::catalog(conn)?
            .iter()
            .find(|s| s.id == number)
            .cloned()
            .ok_or(diesel::result::Error::NotFound)
    }

    /// The numbers the engine reads.
    pub fn spec(&self) -> StageSpec {
        StageSpec {
            number: self.id as u8,
            name: self.name.clone(),
            sets: self.sets as u8,
            reps_low: self.reps_low as u8,
            reps_high: self.reps_high as u8,
            per_leg: self.per_leg,
            hold_seconds: self.hold_seconds as u8,
            load_kind: self.load_kind,
            advance_reps: self.advance_reps as u8,
            qualifying_sessions: self.qualifying_sessions as u8,
            coach_confirms: self.coach_confirms,
        }
    }

    pub fn cue_list(&self) -> Vec<&str> {
        self.cues
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Each mistake with its fix ("mistake: fix" in the catalog).
    pub fn mistake_list(&self) -> Vec<(&str, &str)> {
        self.mistakes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.split_once(": ").unwrap_or((l, "")))
            .collect()
    }

    /// "3 x 20", "3 x 15 per leg", "3 x 8-12 per leg".
    pub fn dose_text(&self) -> String {
        dose_text(self.sets, self.reps_low, self.reps_high, self.per_leg)
    }
}

pub fn dose_text(sets: i32, reps_low: i32, reps_high: i32, per_leg: bool) -> String {
    let reps = if reps_low == reps_high {
        reps_low.to_string()
    } else {
        format!("{reps_low}-{reps_high}")
    };
    format!("{sets} x {reps}{}", if per_leg { " per leg" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::stage_specs;
    use diesel_migrations::MigrationHarness;

    /// The engine's tests read `domain::catalog`; the app reads the table the
    /// migration seeds. They must be the same numbers.
    #[test]
    fn the_migrated_catalog_matches_the_engines_definition() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.run_pending_migrations(crate::db::MIGRATIONS).unwrap();
        let migrated: Vec<StageSpec> = Stage::read_table(&mut conn)
            .unwrap()
            .iter()
            .map(Stage::spec)
            .collect();
        assert_eq!(migrated, stage_specs());
    }
}

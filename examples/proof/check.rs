//! What the database holds, read with the server stopped (or beside it):
//! integrity, foreign keys, and which session logs are there.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use bridgework::schema::session_logs;
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Verdict {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct ForeignKeyProblem {
    #[diesel(sql_type = Text)]
    table: String,
}

pub struct Report {
    pub integrity: String,
    pub foreign_key_problems: usize,
    /// Idempotency key -> how many rows carry it.
    pub keys: HashMap<String, usize>,
}

pub fn database(path: &Path) -> anyhow::Result<Report> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .with_context(|| format!("opening {}", path.display()))?;
    let integrity = diesel::sql_query("PRAGMA integrity_check")
        .load::<Verdict>(&mut conn)?
        .into_iter()
        .map(|v| v.integrity_check)
        .collect::<Vec<_>>()
        .join("; ");
    let problems =
        diesel::sql_query("PRAGMA foreign_key_check").load::<ForeignKeyProblem>(&mut conn)?;
    for p in problems.iter().take(5) {
        eprintln!("foreign key problem in {}", p.table);
    }
    let mut keys = HashMap::new();
    for key in session_logs::table
        .select(session_logs::idempotency_key)
        .load::<String>(&mut conn)?
    {
        // Stored as "tap:KEY" or "sets:KEY": each form has its own key space.
        let key = match key.split_once(':') {
            Some((_, sent)) => sent.to_string(),
            None => key,
        };
        *keys.entry(key).or_insert(0) += 1;
    }
    Ok(Report {
        integrity,
        foreign_key_problems: problems.len(),
        keys,
    })
}

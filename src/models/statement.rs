//! The department's data-use statement (one text with a version that goes
//! up on every change) and each member's acknowledgement of a version.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{data_statement, statement_acknowledgements};

/// Longest statement the coordinator may keep, in characters.
pub const MAX_STATEMENT_CHARS: usize = 4000;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = data_statement)]
pub struct Statement {
    pub version: i32,
    pub body: String,
    pub updated_at: NaiveDateTime,
}

impl Statement {
    /// The statement in force.
    pub fn current(conn: &mut SqliteConnection) -> QueryResult<Statement> {
        data_statement::table
            .find(1)
            .select(Statement::as_select())
            .first(conn)
    }

    /// Keeps a new text. The version goes up by one when the text changed;
    /// saving the same text again changes nothing. Returns the statement.
    pub fn save(
        conn: &mut SqliteConnection,
        body: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<Statement> {
        let body = normalise(body);
        let current = Statement::current(conn)?;
        if current.body == body {
            return Ok(current);
        }
        diesel::update(data_statement::table.find(1))
            .set((
                data_statement::version.eq(data_statement::version + 1),
                data_statement::body.eq(&body),
                data_statement::updated_by.eq(by),
                data_statement::updated_at.eq(now),
            ))
            .returning(Statement::as_returning())
            .get_result(conn)
    }

    /// The paragraphs of the text, for display (blank lines part them).
    pub fn paragraphs(&self) -> Vec<&str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// The text as stored: line ends made plain, outer blanks trimmed.
pub fn normalise(body: &str) -> String {
    body.replace("\r\n", "\n").trim().to_string()
}

/// Checks a statement's text.
pub fn validate(body: &str) -> Result<(), &'static str> {
    let body = normalise(body);
    if body.is_empty() {
        Err("Write the statement; members read it before anything else.")
    } else if body.chars().count() > MAX_STATEMENT_CHARS {
        Err("Keep the statement under 4000 characters.")
    } else {
        Ok(())
    }
}

/// Whether the account has acknowledged the statement in force.
pub fn acknowledged_current(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        statement_acknowledgements::table
            .inner_join(
                data_statement::table
                    .on(data_statement::version.eq(statement_acknowledgements::version)),
            )
            .filter(statement_acknowledgements::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// Records that the account read and acknowledged `version` (once; a second
/// acknowledgement of the same version keeps the first time).
pub fn acknowledge(
    conn: &mut SqliteConnection,
    user_id: i32,
    version: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_or_ignore_into(statement_acknowledgements::table)
        .values((
            statement_acknowledgements::user_id.eq(user_id),
            statement_acknowledgements::version.eq(version),
            statement_acknowledgements::acknowledged_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the acknowledgement of the statement in force (for accounts made
/// by an operator or a test that has already shown it elsewhere).
pub fn acknowledge_current(
    conn: &mut SqliteConnection,
    user_id: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let version = Statement::current(conn)?.version;
    acknowledge(conn, user_id, version, now)
}

/// When the account acknowledged a version, if it did.
pub fn acknowledged_at(
    conn: &mut SqliteConnection,
    user_id: i32,
    version: i32,
) -> QueryResult<Option<NaiveDateTime>> {
    statement_acknowledgements::table
        .find((user_id, version))
        .select(statement_acknowledgements::acknowledged_at)
        .first(conn)
        .optional()
}

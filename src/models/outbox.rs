//! The outbox: the emails the app means to send, kept in the database so
//! that a restart loses none. A row is written in the same transaction as
//! what causes it; the sender (`mail`) reads the pending ones, marks each
//! sent (blanking its body, which may carry a link) or counts a failed
//! attempt with its error, and gives up after the last attempt.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::mail::Email;
use crate::schema::outbox;

/// One pending email.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Pending {
    pub id: i32,
    pub recipients: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
}

impl Pending {
    pub fn email(&self) -> Email {
        Email {
            to: self.recipients.lines().map(str::to_string).collect(),
            subject: self.subject.clone(),
            body: self.body.clone(),
        }
    }
}

/// Queues `email` about member `about` (if it is about one), inside the
/// caller's transaction; its id.
pub fn insert(
    conn: &mut SqliteConnection,
    email: &Email,
    about: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::member_id.eq(about),
            outbox::recipients.eq(email.to.join("\n")),
            outbox::subject.eq(&email.subject),
            outbox::body.eq(&email.body),
            outbox::created_at.eq(now),
        ))
        .returning(outbox::id)
        .get_result(conn)
}

/// Deletes every email about member `member_id`, sent or not (an erasure:
/// subjects and bodies name them).
pub fn forget_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<usize> {
    diesel::delete(outbox::table.filter(outbox::member_id.eq(member_id))).execute(conn)
}

/// Every email neither sent nor given up, oldest first.
pub fn pending(conn: &mut SqliteConnection) -> QueryResult<Vec<Pending>> {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::gave_up_at.is_null())
        .order(outbox::id)
        .select(Pending::as_select())
        .load(conn)
}

/// Delivered at `at`, after `attempts` tries: the body goes (it may carry
/// a link that works like a password); who, what and when stay.
pub fn mark_sent(
    conn: &mut SqliteConnection,
    id: i32,
    attempts: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(attempts),
            outbox::last_attempt_at.eq(at),
            outbox::sent_at.eq(at),
            outbox::body.eq(""),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Not delivered at `at`, the `attempts`-th try, with this error; the last
/// try gives up.
pub fn mark_failed(
    conn: &mut SqliteConnection,
    id: i32,
    attempts: i32,
    error: &str,
    gave_up: bool,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(attempts),
            outbox::last_attempt_at.eq(at),
            outbox::last_error.eq(error),
            outbox::gave_up_at.eq(gave_up.then_some(at)),
        ))
        .execute(conn)
        .map(|_| ())
}

//! Secret calendar feed links. The token is shown once, when the link is
//! made; only its SHA-256 is stored. Making a new link replaces the old one,
//! which stops working at once. A link works only while the account that
//! made it is active; turning an account off, or setting its password,
//! deletes the links it made (a new one must be made afterwards).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{calendar_feeds, users};

/// Which feed a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// A member's planned sessions.
    MemberSessions(i32),
    /// The department's range tests due (for coaches).
    RangeTestsDue,
}

const MEMBER_SESSIONS: &str = "member_sessions";
const RANGE_TESTS_DUE: &str = "range_tests_due";

/// Links are stored as the SHA-256 of their token, as sessions are.
use crate::token::digest as hash;

/// Makes a new secret link for `feed`, replacing any earlier one, and
/// returns its token.
pub fn reset(
    conn: &mut SqliteConnection,
    feed: Feed,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let token = crate::token::hex(32);
    let (kind, member_id) = match feed {
        Feed::MemberSessions(id) => (MEMBER_SESSIONS, Some(id)),
        Feed::RangeTestsDue => (RANGE_TESTS_DUE, None),
    };
    match member_id {
        Some(id) => diesel::delete(calendar_feeds::table.filter(calendar_feeds::member_id.eq(id)))
            .execute(conn)?,
        None => diesel::delete(calendar_feeds::table.filter(calendar_feeds::kind.eq(kind)))
            .execute(conn)?,
    };
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::kind.eq(kind),
            calendar_feeds::member_id.eq(member_id),
            calendar_feeds::token_hash.eq(hash(&token)),
            calendar_feeds::created_by.eq(by),
            calendar_feeds::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The feed a token opens, if it is a current link whose maker is active.
pub fn find(conn: &mut SqliteConnection, token: &str) -> QueryResult<Option<Feed>> {
    let row: Option<(String, Option<i32>)> = calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(hash(token)))
        .filter(users::active.eq(true))
        .select((calendar_feeds::kind, calendar_feeds::member_id))
        .first(conn)
        .optional()?;
    Ok(
        row.and_then(|(kind, member)| match (kind.as_str(), member) {
            (MEMBER_SESSIONS, Some(id)) => Some(Feed::MemberSessions(id)),
            (RANGE_TESTS_DUE, None) => Some(Feed::RangeTestsDue),
            _ => None,
        }),
    )
}

/// When the link for `feed` was made, if there is one.
pub fn made_at(conn: &mut SqliteConnection, feed: Feed) -> QueryResult<Option<NaiveDateTime>> {
    let query = calendar_feeds::table
        .select(calendar_feeds::created_at)
        .into_boxed();
    let query = match feed {
        Feed::MemberSessions(id) => query.filter(calendar_feeds::member_id.eq(id)),
        Feed::RangeTestsDue => query.filter(calendar_feeds::kind.eq(RANGE_TESTS_DUE)),
    };
    query.first(conn).optional()
}

/// Deletes every link `user_id` made (their login was turned off or their
/// password set): a calendar app holding one gets 404 from then on.
pub fn withdraw_made_by(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<usize> {
    diesel::delete(calendar_feeds::table.filter(calendar_feeds::created_by.eq(user_id)))
        .execute(conn)
}

/// Deletes the link to a crew member's own feed (they were deactivated).
pub fn withdraw_for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<usize> {
    diesel::delete(calendar_feeds::table.filter(calendar_feeds::member_id.eq(member_id)))
        .execute(conn)
}

//! The server-side session rows (the store itself is in `auth::store`).

use diesel::prelude::*;

use crate::schema::web_sessions;

/// Ends every session of one account (it was disabled).
pub fn purge_user(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::user_id.eq(user_id))).execute(conn)
}

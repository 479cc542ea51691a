//! How long a login lasts. The page context (`web::page`) applies this to
//! every request before it looks at the account.

use super::session::SessionUser;
use crate::models::user::Role;

/// A coach's session ends after 12 hours without activity...
pub const COACH_IDLE_SECS: i64 = 12 * 3600;
/// ...and 14 days after login at most.
pub const COACH_MAX_SECS: i64 = 14 * 24 * 3600;
/// A member, on their own phone, stays logged in for 30 days of inactivity.
pub const MEMBER_IDLE_SECS: i64 = 30 * 24 * 3600;

/// Whether a login has run out at `now` (seconds since the epoch).
pub fn session_expired(s: &SessionUser, now: i64) -> bool {
    match s.role {
        Role::Coach => now - s.last_seen > COACH_IDLE_SECS || now - s.login_at > COACH_MAX_SECS,
        Role::Member => now - s.last_seen > MEMBER_IDLE_SECS,
    }
}

//! How long a login lasts. The page context (`web::page`) applies this to
//! every request before it looks at the account.

use super::session::SessionUser;
use crate::models::user::Role;

/// A coach's (and any staff login's) session ends after 12 hours without activity...
pub const COACH_IDLE_SECS: i64 = 12 * 3600;
/// ...and 14 days after login at most.
pub const COACH_MAX_SECS: i64 = 14 * 24 * 3600;
/// A member, on their own phone, stays logged in for 30 days of inactivity...
pub const MEMBER_IDLE_SECS: i64 = 30 * 24 * 3600;
/// ...and 90 days after login at most.
pub const MEMBER_MAX_SECS: i64 = 90 * 24 * 3600;

/// Whether a login has run out at `now` (seconds since the epoch): too long
/// idle, or too long since login.
pub fn session_expired(s: &SessionUser, now: i64) -> bool {
    let (idle, max) = match s.role {
        Role::Coach | Role::Trainer | Role::Officer => (COACH_IDLE_SECS, COACH_MAX_SECS),
        Role::Member => (MEMBER_IDLE_SECS, MEMBER_MAX_SECS),
    };
    now - s.last_seen > idle || now - s.login_at > max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_when_idle_too_long_or_too_old() {
        const H: i64 = 3600;
        const D: i64 = 24 * H;
        // (role, seconds since login, seconds since last seen, expired)
        let cases = [
            (Role::Coach, 0, 0, false),
            (Role::Coach, 12 * H, 12 * H, false),
            (Role::Coach, 12 * H + 1, 12 * H + 1, true),
            (Role::Coach, 14 * D, 0, false),
            (Role::Coach, 14 * D + 1, 0, true),
            (Role::Trainer, 12 * H + 1, 12 * H + 1, true),
            (Role::Officer, 14 * D + 1, 0, true),
            (Role::Officer, 12 * H, 12 * H, false),
            (Role::Member, 0, 0, false),
            (Role::Member, 30 * D, 30 * D, false),
            (Role::Member, 30 * D + 1, 30 * D + 1, true),
            (Role::Member, 89 * D, 1, false),
            (Role::Member, 90 * D, 0, false),
            (Role::Member, 90 * D + 1, 0, true),
            (Role::Member, 200 * D, 0, true),
        ];
        let now = 1_000_000_000;
        for (role, since_login, since_seen, expired) in cases {
            let s = SessionUser {
                user_id: 1,
                role,
                login_at: now - since_login,
                last_seen: now - since_seen,
            };
            assert_eq!(
                session_expired(&s, now),
                expired,
                "{role:?} {since_login} {since_seen}"
            );
        }
    }
}

//! A coordinator erases a departed member's personal data, once they have
//! typed the member's name to confirm (see `models::erasure` for what goes
//! and what stays).

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::error::AppError;
use crate::models::erasure;
use crate::models::member::Member;

/// What became of a request to erase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erase {
    /// Done; the erased account's id, if the member had one.
    Erased { account: Option<i32> },
    /// The name typed is not the member's; nothing changed.
    NameMismatch,
    /// Erased before; nothing changed.
    AlreadyErased,
}

/// Whether `typed` confirms `name`: the same words, whatever the case and
/// spacing.
pub fn confirms(typed: &str, name: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let typed = words(typed);
    !typed.is_empty() && typed == words(name)
}

/// Erases member `id` if `typed` confirms their name (404 when unknown).
/// Runs in the caller's immediate transaction.
pub fn erase_member(
    conn: &mut SqliteConnection,
    id: i32,
    typed: &str,
    by: i32,
    now: NaiveDateTime,
) -> Result<Erase, AppError> {
    let member = Member::find(conn, id)?;
    if erasure::find(conn, id)?.is_some() {
        return Ok(Erase::AlreadyErased);
    }
    if !confirms(typed, &member.name) {
        return Ok(Erase::NameMismatch);
    }
    let account = erasure::erase(conn, id, by, now)?;
    Ok(Erase::Erased { account })
}

#[cfg(test)]
mod tests {
    use super::confirms;

    #[test]
    fn rule_erasure_is_confirmed_by_typing_the_members_name() {
        let cases = [
            ("Riley Ortiz", "Riley Ortiz", true),
            ("  riley   ORTIZ ", "Riley Ortiz", true),
            ("Riley", "Riley Ortiz", false),
            ("Riley Ortiz Jr", "Riley Ortiz", false),
            ("", "Riley Ortiz", false),
            ("   ", "", false),
        ];
        for (typed, name, want) in cases {
            assert_eq!(confirms(typed, name), want, "{typed:?} for {name:?}");
        }
    }
}

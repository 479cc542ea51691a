//! Who may see which member: the one place that decides it. Every page that
//! shows or changes a member's data asks the `Viewer` built from the account
//! behind the session (`Viewer::of`), and every list that names members
//! (the roster, the crew list, exports, the station sheet, assignment)
//! keeps only the rows the viewer may see (`Viewer::keep`).
//!
//! - the coach (the fitness coordinator) sees everyone;
//! - a peer fitness trainer sees the members of the stations the
//!   coordinator assigned them, and no one else;
//! - an officer sees no individual member at all (numbers only);
//! - a crew member sees their own record.
//!
//! The viewer also writes the record of access's lines: one per member
//! whose data someone other than that member opened.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::domain::Named;
use crate::error::AppError;
use crate::models::access_record::NewAccessRecord;
use crate::models::member::Member;
use crate::models::user::{Role, User};

/// Whose members a viewer may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everyone,
    /// A trainer's stations.
    Stations(BTreeSet<String>),
    /// A crew member: their own crew record, if they have one.
    Own(Option<i32>),
    /// An officer: no individual member.
    Nobody,
}

impl Scope {
    /// The rule itself: may this scope see the member with this id and
    /// station?
    pub fn sees(&self, member_id: i32, station: &str) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Stations(stations) => stations.contains(station),
            Scope::Own(own) => *own == Some(member_id),
            Scope::Nobody => false,
        }
    }
}

/// The person asking, with what they may see.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: i32,
    pub role: Role,
    pub scope: Scope,
}

impl Viewer {
    /// The viewer for an account (one query for a trainer's stations or a
    /// member's record; none for the coordinator or an officer).
    pub fn of(conn: &mut SqliteConnection, user: &User) -> Result<Viewer, AppError> {
        let scope = match user.role {
            Role::Coach => Scope::Everyone,
            Role::Trainer => Scope::Stations(crate::models::trainer_station::of(conn, user.id)?),
            Role::Officer => Scope::Nobody,
            Role::Member => Scope::Own(Member::find_by_user(conn, user.id)?.map(|m| m.id)),
        };
        Ok(Viewer {
            user_id: user.id,
            role: user.role,
            scope,
        })
    }

    pub fn can_see(&self, member: &Member) -> bool {
        self.scope.sees(member.id, &member.station)
    }

    /// The member with this id, if this viewer may see them: an unknown
    /// member and another station's member alike are not found (404); an
    /// officer is refused any individual page (403).
    pub fn member(&self, conn: &mut SqliteConnection, id: i32) -> Result<Member, AppError> {
        if self.scope == Scope::Nobody {
            return Err(AppError::Forbidden(
                "Officers see the program's numbers, not a member's own.",
            ));
        }
        let member = Member::find(conn, id)?;
        if self.can_see(&member) {
            Ok(member)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// As `member`, for a page that needs only the check.
    pub fn check(&self, conn: &mut SqliteConnection, id: i32) -> Result<(), AppError> {
        self.member(conn, id).map(|_| ())
    }

    /// The rows of a list this viewer may see; `of` gives a row's member id
    /// and station.
    pub fn keep<T>(&self, rows: Vec<T>, of: impl Fn(&T) -> (i32, &str)) -> Vec<T> {
        if self.scope == Scope::Everyone {
            return rows;
        }
        rows.into_iter()
            .filter(|row| {
                let (id, station) = of(row);
                self.scope.sees(id, station)
            })
            .collect()
    }

    /// The stations of a filter's choices this viewer may see.
    pub fn keep_stations(&self, stations: Vec<String>) -> Vec<String> {
        match &self.scope {
            Scope::Everyone => stations,
            Scope::Stations(mine) => stations.into_iter().filter(|s| mine.contains(s)).collect(),
            Scope::Own(_) | Scope::Nobody => Vec::new(),
        }
    }
}

/// The guard a member page calls inside its hop: `user` may see member `id`
/// (404 for an unknown member or one of another station, 403 for an
/// officer).
pub fn check(conn: &mut SqliteConnection, user: &User, id: i32) -> Result<(), AppError> {
    Viewer::of(conn, user)?.check(conn, id)
}

/// The record of access's lines for the user (id, role) opening these
/// members' data.
/// None for a crew member: the viewer lets a member open only their own
/// data, and a member's own reads are not recorded.
pub fn lines(
    (user_id, role): (i32, Role),
    what: &str,
    path: &str,
    member_ids: Vec<i32>,
    at: NaiveDateTime,
) -> Vec<NewAccessRecord> {
    if role == Role::Member {
        return Vec::new();
    }
    member_ids
        .into_iter()
        .map(|member_id| NewAccessRecord {
            member_id,
            viewer_id: user_id,
            viewer_role: role.as_str().to_string(),
            what: what.to_string(),
            path: path.to_string(),
            at,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stations(list: &[&str]) -> Scope {
        Scope::Stations(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn who_sees_which_member() {
        // (scope, member id, member's station, sees)
        let cases = [
            (Scope::Everyone, 1, "Station 1", true),
            (Scope::Everyone, 2, "", true),
            (stations(&["Station 1"]), 1, "Station 1", true),
            (stations(&["Station 1"]), 2, "Station 2", false),
            (stations(&["Station 1"]), 3, "", false),
            (stations(&["Station 1", "Station 2"]), 2, "Station 2", true),
            (stations(&[]), 1, "Station 1", false),
            (Scope::Own(Some(1)), 1, "Station 1", true),
            (Scope::Own(Some(1)), 2, "Station 1", false),
            (Scope::Own(None), 1, "Station 1", false),
            (Scope::Nobody, 1, "Station 1", false),
        ];
        for (scope, id, station, sees) in cases {
            assert_eq!(scope.sees(id, station), sees, "{scope:?} {id} {station}");
        }
    }

    #[test]
    fn the_record_of_access_leaves_out_the_members_own_reads() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 18)
            .unwrap()
            .and_hms_opt(15, 0, 0)
            .unwrap();
        // (who reads, members read, lines written for)
        let cases = [
            (Role::Member, vec![1], vec![]),
            (Role::Coach, vec![1], vec![1]),
            (Role::Coach, vec![1, 2, 3], vec![1, 2, 3]),
            (Role::Trainer, vec![4], vec![4]),
        ];
        for (role, read, expected) in cases {
            let lines = lines((9, role), "member page", "/crew/1", read, at);
            let ids: Vec<i32> = lines.iter().map(|l| l.member_id).collect();
            assert_eq!(ids, expected, "{role:?}");
            assert!(lines.iter().all(|l| l.viewer_id == 9
                && l.viewer_role == role.as_str()
                && l.what == "member page"
                && l.path == "/crew/1"
                && l.at == at));
        }
    }
}

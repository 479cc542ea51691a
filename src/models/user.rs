//! Accounts: the people who log in, each with one role.

use diesel::prelude::*;

use crate::domain::Named;
use crate::schema::users;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// The fitness coordinator: coaches everyone, runs the program.
    Coach,
    /// A peer fitness trainer: coaches the members of the stations the
    /// coordinator assigns them, and sees only those members.
    Trainer,
    /// A chief, captain or training officer: the program's numbers only.
    Officer,
    /// A crew member: their own workout and history.
    Member,
}

impl Role {
    /// What the role is called on the pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Coach => "fitness coordinator",
            Role::Trainer => "peer fitness trainer",
            Role::Officer => "officer",
            Role::Member => "crew member",
        }
    }

    /// Staff: everyone but crew members (a desk login's time limits).
    pub fn is_staff(self) -> bool {
        self != Role::Member
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
}

impl User {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    pub fn find_by_email(conn: &mut SqliteConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(email.trim()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Every staff account (coordinators, trainers, officers), active or
    /// not, by name.
    pub fn coaches(conn: &mut SqliteConnection) -> QueryResult<Vec<User>> {
        users::table
            .filter(users::role.ne(Role::Member.as_str()))
            .order((users::name, users::id))
            .select(User::as_select())
            .load(conn)
    }

    /// How many coach accounts can log in.
    pub fn active_coaches(conn: &mut SqliteConnection) -> QueryResult<i64> {
        users::table
            .filter(users::role.eq(Role::Coach.as_str()))
            .filter(users::active.eq(true))
            .count()
            .get_result(conn)
    }

    pub fn any_coach(conn: &mut SqliteConnection) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            users::table.filter(users::role.eq(Role::Coach.as_str())),
        ))
        .get_result(conn)
    }

    /// Inserts an account; the caller has validated and hashed.
    pub fn create(
        conn: &mut SqliteConnection,
        email: &str,
        name: &str,
        password_hash: &str,
        role: Role,
    ) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values((
                users::email.eq(email.trim()),
                users::name.eq(name.trim()),
                users::password_hash.eq(password_hash),
                users::role.eq(role.as_str()),
            ))
            .returning(User::as_returning())
            .get_result(conn)
    }

    /// Sets a new password (already hashed), ends every session of the
    /// account and withdraws the calendar feed links it made; the caller
    /// logs the current browser in again.
    pub fn set_password(conn: &mut SqliteConnection, id: i32, hash: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(hash))
            .execute(conn)?;
        super::web_session::purge_user(conn, id)?;
        super::calendar_feed::withdraw_made_by(conn, id)?;
        Ok(())
    }

    /// Disables or re-enables an account; disabling ends its sessions and
    /// withdraws every unused link the account made (invitations, password
    /// resets, calendar feeds), so a turned-off coach keeps no way back in.
    pub fn set_active(conn: &mut SqliteConnection, id: i32, active: bool) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::active.eq(active))
            .execute(conn)?;
        if !active {
            super::web_session::purge_user(conn, id)?;
            super::invite::Invite::withdraw_made_by(conn, id)?;
            super::calendar_feed::withdraw_made_by(conn, id)?;
        }
        Ok(())
    }
}

/// Checks an email address well enough for a login name.
pub fn validate_email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if email.is_empty() {
        Err("Enter an email address.")
    } else if valid {
        Ok(())
    } else {
        Err("Enter a valid email address, like name@example.org.")
    }
}

/// Checks a person's name.
pub fn validate_name(name: &str) -> Result<(), &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("Enter a name.")
    } else if name.chars().count() > 100 {
        Err("Use at most 100 characters.")
    } else {
        Ok(())
    }
}

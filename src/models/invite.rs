//! One-time invitation links: a coach invites a crew member (to an existing
//! crew record) or another coach. Only a SHA-256 of the token is stored; the
//! link itself is shown once, when it is made.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::Named;
use crate::models::user::Role;
use crate::schema::{invites, members, users};

pub const VALID_DAYS: i64 = 7;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: i32,
    pub role: Role,
    pub member_id: Option<i32>,
    pub name: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    /// A password reset: the link sets a new password for this existing
    /// account instead of creating one.
    pub reset_user_id: Option<i32>,
    /// The coach who made the link; it works only while they are active.
    pub created_by: i32,
    pub created_at: NaiveDateTime,
}

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteProblem {
    Unknown,
    Used,
    Expired,
    /// Withdrawn: the crew member it was for is deactivated or already has
    /// an account, or the coach who made it was turned off.
    Withdrawn,
}

/// Links are stored as the SHA-256 of their token, as sessions are.
use crate::token::digest as hash;

impl Invite {
    /// Makes a new link and returns its token. Earlier unused links for the
    /// same crew member stop working.
    pub fn create(
        conn: &mut SqliteConnection,
        role: Role,
        member_id: Option<i32>,
        name: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<String> {
        Invite::insert(conn, role, member_id, None, name, by, now)
    }

    /// A one-time link that sets a new password for a crew member's
    /// existing account (a coach's reset); it replaces any earlier link.
    pub fn create_reset(
        conn: &mut SqliteConnection,
        member_id: i32,
        user_id: i32,
        name: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<String> {
        Invite::insert(
            conn,
            Role::Member,
            Some(member_id),
            Some(user_id),
            name,
            by,
            now,
        )
    }

    fn insert(
        conn: &mut SqliteConnection,
        role: Role,
        member_id: Option<i32>,
        reset_user_id: Option<i32>,
        name: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<String> {
        let token = crate::token::hex(32);
        if let Some(member_id) = member_id {
            diesel::update(
                invites::table
                    .filter(invites::member_id.eq(member_id))
                    .filter(invites::used_at.is_null()),
            )
            .set(invites::expires_at.eq(now))
            .execute(conn)?;
        }
        diesel::insert_into(invites::table)
            .values((
                invites::token_hash.eq(hash(&token)),
                invites::role.eq(role.as_str()),
                invites::member_id.eq(member_id),
                invites::reset_user_id.eq(reset_user_id),
                invites::name.eq(name),
                invites::created_by.eq(by),
                invites::created_at.eq(now),
                invites::expires_at.eq(now + Duration::days(VALID_DAYS)),
            ))
            .execute(conn)?;
        Ok(token)
    }

    /// Finds a usable invitation by its token. The coach who made it must
    /// still be active, and a crew member's invitation also needs the member
    /// active and without an account (checked here, at use time, so the page
    /// and the write under the lock both see it).
    pub fn usable(
        conn: &mut SqliteConnection,
        token: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Result<Invite, InviteProblem>> {
        let found = invites::table
            .inner_join(users::table)
            .left_join(members::table)
            .filter(invites::token_hash.eq(hash(token)))
            .select((
                Invite::as_select(),
                users::active,
                (members::active, members::user_id).nullable(),
            ))
            .first::<(Invite, bool, Option<(bool, Option<i32>)>)>(conn)
            .optional()?;
        Ok(match found {
            None => Err(InviteProblem::Unknown),
            Some((i, _, _)) if i.used_at.is_some() => Err(InviteProblem::Used),
            // Its maker was turned off (now, or when it was withdrawn: a
            // withdrawn link expires when it was made).
            Some((i, maker_active, _)) if !maker_active || i.expires_at <= i.created_at => {
                Err(InviteProblem::Withdrawn)
            }
            // A new-account link needs a member without an account; a reset
            // link, the very account it was made for.
            Some((i, _, Some((active, user_id)))) if !active || user_id != i.reset_user_id => {
                Err(InviteProblem::Withdrawn)
            }
            Some((i, _, _)) if i.expires_at <= now => Err(InviteProblem::Expired),
            Some((i, _, _)) => Ok(i),
        })
    }

    /// Staff invitations (coordinator, trainer, officer) not yet used and
    /// not expired, newest first.
    pub fn pending_coaches(
        conn: &mut SqliteConnection,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<Invite>> {
        invites::table
            .filter(invites::role.ne(Role::Member.as_str()))
            .filter(invites::used_at.is_null())
            .filter(invites::expires_at.gt(now))
            .order(invites::id.desc())
            .select(Invite::as_select())
            .load(conn)
    }

    /// Withdraws an unused staff invitation: its link stops working at once.
    /// Returns how many were withdrawn (0: unknown, used or expired).
    pub fn revoke_coach(
        conn: &mut SqliteConnection,
        id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            invites::table
                .filter(invites::id.eq(id))
                .filter(invites::role.ne(Role::Member.as_str()))
                .filter(invites::used_at.is_null())
                .filter(invites::expires_at.gt(now)),
        )
        .set(invites::expires_at.eq(now))
        .execute(conn)
    }

    /// Ends every unused link for a crew member (they were deactivated): the
    /// link expires when it was made, so reactivating does not revive it.
    pub fn expire_for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<usize> {
        diesel::update(
            invites::table
                .filter(invites::member_id.eq(member_id))
                .filter(invites::used_at.is_null()),
        )
        .set(invites::expires_at.eq(invites::created_at))
        .execute(conn)
    }

    /// Ends every unused link a coach made (their login was turned off):
    /// invitations and password resets alike. As for a member, the link
    /// expires when it was made, so turning the coach on again does not
    /// revive it.
    pub fn withdraw_made_by(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<usize> {
        diesel::update(
            invites::table
                .filter(invites::created_by.eq(user_id))
                .filter(invites::used_at.is_null()),
        )
        .set(invites::expires_at.eq(invites::created_at))
        .execute(conn)
    }

    pub fn mark_used(&self, conn: &mut SqliteConnection, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(invites::table.find(self.id))
            .set(invites::used_at.eq(now))
            .execute(conn)?;
        Ok(())
    }
}

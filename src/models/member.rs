//! Crew members: the people the progression is assigned to. A member may or
//! may not have an account (`user_id`) to log in with.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::domain::rotation::Platoon;
use crate::schema::{assignments, members, users};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = members)]
pub struct Member {
    pub id: i32,
    pub name: String,
    pub station: String,
    /// Read typed from the stored letter ("A"); see the `FromSql` below.
    pub platoon: Option<Platoon>,
    #[diesel(deserialize_as = crate::models::Day)]
    pub start_date: NaiveDate,
    pub notes: String,
    pub active: bool,
    pub user_id: Option<i32>,
}

/// What the add and edit forms write.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = members)]
#[diesel(treat_none_as_null = true)]
pub struct MemberFields {
    pub name: String,
    pub station: String,
    pub platoon: Option<String>,
    pub start_date: NaiveDate,
    pub notes: String,
}

/// A row of the crew list: the member, their current stage, whether they
/// have an account.
#[derive(Debug, Clone)]
pub struct CrewRow {
    pub member: Member,
    pub stage: Option<i32>,
    pub has_account: bool,
}

impl Member {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Member> {
        members::table
            .find(id)
            .select(Member::as_select())
            .first(conn)
    }

    pub fn find_by_user(conn: &mut SqliteConnection, user_id: i32) -> QueryResult<Option<Member>> {
        members::table
            .filter(members::user_id.eq(user_id))
            .select(Member::as_select())
            .first(conn)
            .optional()
    }

    pub fn create(conn: &mut SqliteConnection, fields: &MemberFields) -> QueryResult<Member> {
        diesel::insert_into(members::table)
            .values(fields)
            .returning(Member::as_returning())
            .get_result(conn)
    }

    pub fn update(conn: &mut SqliteConnection, id: i32, fields: &MemberFields) -> QueryResult<()> {
        let n = diesel::update(members::table.find(id))
            .set(fields)
            .execute(conn)?;
        if n == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        Ok(())
    }

    /// Deactivating hides the member from lists, disables their login and
    /// withdraws any unused invitation; their history stays. Reactivating
    /// brings the first two back (a coach makes a new invitation).
    pub fn set_active(conn: &mut SqliteConnection, id: i32, active: bool) -> QueryResult<Member> {
        let member = diesel::update(members::table.find(id))
            .set(members::active.eq(active))
            .returning(Member::as_returning())
            .get_result(conn)?;
        if let Some(user_id) = member.user_id {
            crate::models::user::User::set_active(conn, user_id, active)?;
        }
        if !active {
            crate::models::invite::Invite::expire_for_member(conn, id)?;
            crate::models::calendar_feed::withdraw_for_member(conn, id)?;
        }
        Ok(member)
    }

    pub fn link_user(conn: &mut SqliteConnection, id: i32, user_id: i32) -> QueryResult<()> {
        diesel::update(members::table.find(id))
            .set(members::user_id.eq(user_id))
            .execute(conn)?;
        Ok(())
    }

    /// The crew list in one query: members (active or not) with the stage of
    /// their active assignment, filtered by station and platoon.
    pub fn crew(
        conn: &mut SqliteConnection,
        active: bool,
        station: Option<&str>,
        platoon: Option<&str>,
    ) -> QueryResult<Vec<CrewRow>> {
        let mut query = members::table
            .left_join(
                assignments::table.on(assignments::member_id
                    .eq(members::id)
                    .and(assignments::active.eq(true))),
            )
            .left_join(users::table.on(users::id.nullable().eq(members::user_id)))
            .filter(members::active.eq(active))
            .select((
                Member::as_select(),
                assignments::stage.nullable(),
                users::id.nullable(),
            ))
            .order((members::name.asc(), members::id.asc()))
            .into_boxed();
        if let Some(station) = station {
            query = query.filter(members::station.eq(station.to_string()));
        }
        match platoon {
            Some("none") => query = query.filter(members::platoon.is_null()),
            Some(p) => query = query.filter(members::platoon.eq(p.to_string())),
            None => {}
        }
        Ok(query
            .load::<(Member, Option<i32>, Option<i32>)>(conn)?
            .into_iter()
            .map(|(member, stage, user)| CrewRow {
                member,
                stage,
                has_account: user.is_some(),
            })
            .collect())
    }

    /// Stations in use, for the filter.
    pub fn stations(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
        members::table
            .filter(members::active.eq(true))
            .filter(members::station.ne(""))
            .select(members::station)
            .distinct()
            .order(members::station)
            .load(conn)
    }
}

/// A platoon is stored as its letter; a letter the app never writes (an
/// edit made outside it) is refused here, once, rather than parsed again
/// wherever a page needs the platoon.
impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for Platoon {
    fn from_sql(
        value: diesel::sqlite::SqliteValue<'_, '_, '_>,
    ) -> diesel::deserialize::Result<Platoon> {
        let text = <String as diesel::deserialize::FromSql<
            diesel::sql_types::Text,
            diesel::sqlite::Sqlite,
        >>::from_sql(value)?;
        Platoon::parse(&text).ok_or_else(|| format!("unknown platoon {text:?}").into())
    }
}

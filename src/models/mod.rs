//! Diesel rows and the queries that belong to them, one file per table or
//! aggregate. Database errors are returned, never turned into `None`, and a
//! stored value the app does not know is an error, never a default.

pub mod access_record;
pub mod assignment;
pub mod attention;
pub mod calendar_feed;
pub mod demonstration;
pub mod department;
pub mod erasure;
pub mod export;
pub mod invite;
pub mod member;
pub mod member_data;
pub mod outbox;
pub mod program;
pub mod range_test;
pub mod roster;
pub mod session_log;
pub mod stage;
pub mod statement;
pub mod station_sheet;
pub mod trainer_station;
pub mod user;
pub mod web_session;

use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteValue};

use crate::domain::Named;

/// Lets rows hold `Named` enums read from TEXT columns: an unknown name is a
/// deserialization error (reported as a 500 and logged), never a default.
macro_rules! text_column {
    ($($t:ty),* $(,)?) => {$(
        impl FromSql<Text, Sqlite> for $t {
            fn from_sql(value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
                <$t as Named>::parse(&text)
                    .ok_or_else(|| format!("unknown {} {:?}", stringify!($t), text).into())
            }
        }

        impl Queryable<Text, Sqlite> for $t {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )*};
}

text_column!(
    crate::domain::progression::LoadKind,
    crate::domain::progression::Pain,
    crate::domain::progression::Shift,
    crate::domain::progression::Sleep,
    crate::domain::progression::Soreness,
    crate::domain::progression::Calls,
    crate::domain::progression::CoachFlag,
    user::Role,
    assignment::Reason,
    range_test::AuditAction,
    session_log::Status,
);

/// A comma-separated list of `Named` values in one TEXT column ("glutes,quads").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List<T>(pub Vec<T>);

impl<T: Named> List<T> {
    /// The stored form.
    pub fn text(items: &[T]) -> String {
        items
            .iter()
            .map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl<T: Named> FromSql<Text, Sqlite> for List<T> {
    fn from_sql(value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
        text.split(',')
            .filter(|item| !item.is_empty())
            .map(|item| {
                T::parse(item).ok_or_else(|| {
                    format!("unknown {} {:?}", std::any::type_name::<T>(), item).into()
                })
            })
            .collect::<deserialize::Result<Vec<T>>>()
            .map(List)
    }
}

impl<T: Named> Queryable<Text, Sqlite> for List<T> {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

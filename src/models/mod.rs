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
            fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
                let text = value.read_text();
                <$t as Named>::parse(text)
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
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        value
            .read_text()
            .split(',')
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

/// A day read from SQLite's text ("2026-12-06"), for the columns read most
/// (a session's day): the fixed form is read digit by digit, anything else
/// by chrono's parser, as diesel reads a `NaiveDate`.
#[derive(Debug, Clone, Copy)]
pub struct Day(pub chrono::NaiveDate);

impl From<Day> for chrono::NaiveDate {
    fn from(day: Day) -> Self {
        day.0
    }
}

impl FromSql<diesel::sql_types::Date, Sqlite> for Day {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        let text = value.read_text();
        match fixed_date(text.as_bytes()) {
            Some(day) => Ok(Day(day)),
            None => chrono::NaiveDate::parse_from_str(text, "%F")
                .map(Day)
                .map_err(|e| format!("unreadable day {text:?}: {e}").into()),
        }
    }
}

impl Queryable<diesel::sql_types::Date, Sqlite> for Day {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

/// A moment read from SQLite's text ("2026-12-06 10:00:00", with or without
/// a fraction of a second) for a session's `created_at`; any other form by
/// diesel's own list of forms.
#[derive(Debug, Clone, Copy)]
pub struct Moment(pub chrono::NaiveDateTime);

impl From<Moment> for chrono::NaiveDateTime {
    fn from(moment: Moment) -> Self {
        moment.0
    }
}

/// The forms diesel reads a `NaiveDateTime` in, most common first.
const MOMENT_FORMATS: [&str; 6] = [
    "%F %T%.f",
    "%F %T%.f%:z",
    "%FT%T%.f",
    "%FT%T%.f%:z",
    "%F %R",
    "%FT%R",
];

impl FromSql<diesel::sql_types::Timestamp, Sqlite> for Moment {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        let text = value.read_text();
        if let Some(moment) = fixed_moment(text.as_bytes()) {
            return Ok(Moment(moment));
        }
        MOMENT_FORMATS
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .map(Moment)
            .ok_or_else(|| format!("unreadable moment {text:?}").into())
    }
}

impl Queryable<diesel::sql_types::Timestamp, Sqlite> for Moment {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

/// `YYYY-MM-DD`, exactly.
fn fixed_date(text: &[u8]) -> Option<chrono::NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let year = digits(&text[0..4])?;
    let month = digits(&text[5..7])?;
    let day = digits(&text[8..10])?;
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `YYYY-MM-DD HH:MM:SS`, then nothing or `.` and up to nine digits.
fn fixed_moment(text: &[u8]) -> Option<chrono::NaiveDateTime> {
    if text.len() < 19 || text[10] != b' ' || text[13] != b':' || text[16] != b':' {
        return None;
    }
    let date = fixed_date(&text[..10])?;
    let (hour, minute, second) = (
        digits(&text[11..13])?,
        digits(&text[14..16])?,
        digits(&text[17..19])?,
    );
    let nanos = match &text[19..] {
        [] => 0,
        [b'.', fraction @ ..] if !fraction.is_empty() && fraction.len() <= 9 => {
            digits(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    date.and_hms_nano_opt(hour, minute, second, nanos)
}

fn digits(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::{fixed_date, fixed_moment, MOMENT_FORMATS};
    use chrono::{NaiveDate, NaiveDateTime};

    /// The fast reading agrees with chrono's wherever it answers, and
    /// leaves every other form to it.
    #[test]
    fn days_and_moments_read_as_chrono_reads_them() {
        for text in [
            "2026-12-06",
            "2024-02-29",
            "1999-01-31",
            "2023-02-29",
            "2026-13-01",
            "2026-12-6",
            "2026/12/06",
            "２026-12-06",
            "",
        ] {
            assert_eq!(
                fixed_date(text.as_bytes()),
                NaiveDate::parse_from_str(text, "%F")
                    .ok()
                    .filter(|_| text.len() == 10),
                "{text}"
            );
        }
        for text in [
            "2026-12-06 10:00:00",
            "2026-12-06 23:59:59.5",
            "2026-12-06 23:59:59.123456",
            "2026-12-06 23:59:59.123456789",
            "2026-12-06 24:00:00",
            "2026-12-06 10:00:00.",
            "2026-12-06T10:00:00",
            "2026-12-06 10:00",
            "2026-12-06 10:00:00+01:00",
        ] {
            let chrono = MOMENT_FORMATS
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok());
            if let Some(fast) = fixed_moment(text.as_bytes()) {
                assert_eq!(Some(fast), chrono, "{text}");
            }
        }
        assert!(fixed_moment(b"2026-12-06 10:00:00").is_some());
        assert!(fixed_moment(b"2026-12-06 10:00:00.250").is_some());
    }
}

//! The app's one notion of "today", decided here and nowhere else: the
//! department's calendar day (its wall clock in its time zone), and a
//! member's training day (for a member on a platoon, the date of the shift
//! working at that moment: 06:30 after a shift day still belongs to it).
//! Stored instants are UTC; `local` shows them in department time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::domain::rotation::{Platoon, Rotation};

/// "Today" for a department at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    /// The department's wall clock.
    pub local: NaiveDateTime,
}

impl Today {
    pub fn at(tz: Tz, now: DateTime<Utc>) -> Today {
        Today {
            local: now.with_timezone(&tz).naive_local(),
        }
    }

    /// The department's calendar date.
    pub fn calendar_day(&self) -> NaiveDate {
        self.local.date()
    }

    /// A member's training day: the shift date for a platoon that works in
    /// the rotation, otherwise the calendar date.
    pub fn training_day(&self, rotation: &Rotation, platoon: Option<Platoon>) -> NaiveDate {
        match platoon {
            Some(p) if rotation.platoons.contains(&p) => rotation.shift_date(self.local),
            _ => self.calendar_day(),
        }
    }
}

/// Today's calendar date in the department's time zone.
pub fn local_today(tz: Tz, instant: DateTime<Utc>) -> NaiveDate {
    Today::at(tz, instant).calendar_day()
}

/// A stored UTC instant on the department's wall clock.
pub fn local(tz: Tz, at: NaiveDateTime) -> NaiveDateTime {
    at.and_utc().with_timezone(&tz).naive_local()
}

/// The app's one way to write a day: "Tue 18 Nov 2026".
pub fn day_text(day: NaiveDate) -> String {
    // As chrono's `%a %-d %b %Y` (a test holds them together), without
    // parsing the format at every call: a today page writes a dozen days.
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    use chrono::Datelike;
    let mut text = String::with_capacity(16);
    let weekday = WEEKDAYS[day.weekday().num_days_from_monday() as usize];
    let month = MONTHS[day.month0() as usize];
    let _ = std::fmt::Write::write_fmt(
        &mut text,
        format_args!("{weekday} {} {month} {:04}", day.day(), day.year()),
    );
    text
}

/// A moment on a wall clock, the day as `day_text` writes it: "Tue 18 Nov
/// 2026, 07:30".
pub fn moment_text(at: NaiveDateTime) -> String {
    format!("{}, {}", day_text(at.date()), at.format("%H:%M"))
}

/// A day where the week and year are plain from around it (a calendar's
/// cell, under its weekday): `day_text` without them, "18 Nov". Takes a
/// reference, as templates hand over.
pub fn day_short(day: &NaiveDate) -> String {
    day.format("%-d %b").to_string()
}

/// A month, as a table of months writes it: "Nov 2026".
pub fn month_text(day: NaiveDate) -> String {
    day.format("%b %Y").to_string()
}

/// A day for templates, which hand over references.
pub fn day_ref(day: &NaiveDate) -> String {
    day_text(*day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};
    use chrono_tz::America::New_York;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        New_York
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn day_text_writes_what_chronos_format_writes() {
        let mut day = date(1999, 1, 1);
        while day < date(2101, 1, 1) {
            assert_eq!(day_text(day), day.format("%a %-d %b %Y").to_string());
            day = day.succ_opt().unwrap();
        }
        assert_eq!(day_text(date(2026, 11, 18)), "Wed 18 Nov 2026");
    }

    #[test]
    fn rule_one_today_calendar_and_training_day() {
        let mut rotation = Rotation::from_preset(
            crate::domain::rotation::Preset::TwentyFourFortyEight,
            date(2026, 1, 1),
            NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        );
        rotation.platoons = vec![Platoon::A, Platoon::B, Platoon::C];
        let a = Some(Platoon::A);
        // (case, instant, calendar day, training day on platoon A, without one)
        let cases = [
            (
                "23:30 local is still that day (04:30 UTC the next)",
                at(2026, 3, 5, 23, 30),
                date(2026, 3, 5),
                date(2026, 3, 5),
            ),
            (
                "00:30 local is the new calendar day",
                at(2026, 3, 6, 0, 30),
                date(2026, 3, 6),
                date(2026, 3, 5),
            ),
            (
                "just before the shift change: the night's shift",
                at(2026, 3, 6, 6, 59),
                date(2026, 3, 6),
                date(2026, 3, 5),
            ),
            (
                "just after the shift change: the new shift",
                at(2026, 3, 6, 7, 1),
                date(2026, 3, 6),
                date(2026, 3, 6),
            ),
            (
                "clocks go forward: 01:30 EST",
                at(2026, 3, 8, 1, 30),
                date(2026, 3, 8),
                date(2026, 3, 7),
            ),
            (
                "clocks go forward: 03:30 EDT",
                at(2026, 3, 8, 3, 30),
                date(2026, 3, 8),
                date(2026, 3, 7),
            ),
            (
                "clocks go forward: 07:01 EDT",
                at(2026, 3, 8, 7, 1),
                date(2026, 3, 8),
                date(2026, 3, 8),
            ),
            (
                "clocks go back: the first 01:30",
                at(2026, 11, 1, 1, 30),
                date(2026, 11, 1),
                date(2026, 10, 31),
            ),
            (
                "clocks go back: 23:30 EST",
                at(2026, 11, 1, 23, 30),
                date(2026, 11, 1),
                date(2026, 11, 1),
            ),
        ];
        for (name, instant, calendar, training) in cases {
            let today = Today::at(New_York, instant);
            assert_eq!(today.calendar_day(), calendar, "{name}: calendar");
            assert_eq!(
                today.training_day(&rotation, a),
                training,
                "{name}: platoon A"
            );
            assert_eq!(
                today.training_day(&rotation, None),
                calendar,
                "{name}: no platoon"
            );
            assert_eq!(
                today.training_day(&rotation, Some(Platoon::D)),
                calendar,
                "{name}: D is not in the rotation"
            );
        }
        // The spring-forward day is 23 hours long, and an hour is skipped.
        let before = at(2026, 3, 8, 1, 59);
        let after = before + chrono::Duration::minutes(1);
        assert_eq!(
            Today::at(New_York, after).local.time(),
            NaiveTime::from_hms_opt(3, 0, 0).unwrap()
        );
        assert_eq!(
            local(New_York, after.naive_utc()),
            Today::at(New_York, after).local
        );
    }

    #[test]
    fn today_is_the_departments_date_not_utcs() {
        let tz = chrono_tz::America::New_York;
        let cases = [
            (utc(2026, 3, 8, 3, 30), date(2026, 3, 7)),
            (utc(2026, 3, 8, 5, 0), date(2026, 3, 8)),
            (utc(2026, 11, 2, 4, 30), date(2026, 11, 1)),
            (utc(2026, 11, 2, 5, 0), date(2026, 11, 2)),
        ];
        for (instant, today) in cases {
            assert_eq!(local_today(tz, instant), today, "{instant}");
        }
        assert_eq!(
            local_today(chrono_tz::Pacific::Auckland, utc(2026, 6, 30, 13, 0)),
            date(2026, 7, 1)
        );
    }
}

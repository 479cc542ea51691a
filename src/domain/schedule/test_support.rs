//! Helpers the schedule's tests share.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Weekday};

use super::plan::Plan;
use crate::domain::rotation::{Platoon, Preset, Rotation};

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A rotation anchored on Monday 2026-01-05.
pub(super) fn rotation(preset: Preset) -> Rotation {
    Rotation::from_preset(
        preset,
        date(2026, 1, 5),
        NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
    )
}

pub(super) fn plan(rotation: &Rotation, platoon: Option<Platoon>, per_week: u8) -> Plan<'_> {
    Plan {
        rotation,
        platoon,
        sessions_per_week: per_week,
        fixed_weekdays: Vec::new(),
        start: date(2026, 1, 5),
    }
}

pub(super) fn weekdays(days: &[NaiveDate]) -> Vec<Weekday> {
    days.iter().map(|date| date.weekday()).collect()
}

/// Panics unless every two planned days have a rest day between them.
pub(super) fn assert_spaced(days: &[NaiveDate]) {
    for pair in days.windows(2) {
        assert!(
            pair[1] - pair[0] >= TimeDelta::days(2),
            "{} then {}",
            pair[0],
            pair[1]
        );
    }
}

//! Shift rotation: which platoon is on duty on which day, and which shift a
//! moment on the station clock belongs to.
//!
//! A rotation is a repeating on/off day pattern anchored to the first day of
//! platoon A's cycle. Platoon B runs the same pattern `platoon_offset_days`
//! later, C twice that, and so on. A 24/48 rotation offsets each platoon by one
//! day; a Kelly or 48/96 rotation offsets by the pattern length divided by the
//! number of platoons (3 for Kelly, 2 for 48/96), so that exactly one platoon
//! starts a shift each day.
//!
//! A shift runs from the change time (e.g. 07:00) on its start date to the
//! change time the next morning, so 06:30 still belongs to the previous day's
//! shift. All of this is wall-clock time in the department's time zone, never
//! UTC.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

/// The longest pattern a department can enter, in days.
pub const MAX_PATTERN_DAYS: usize = 28;

/// A platoon (shift crew). Most departments run A, B and C; some add D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platoon {
    A,
    B,
    C,
    D,
}

impl Platoon {
    pub const ALL: [Platoon; 4] = [Platoon::A, Platoon::B, Platoon::C, Platoon::D];

    /// The value stored in the database and shown on pages ("A").
    pub fn as_str(self) -> &'static str {
        match self {
            Platoon::A => "A",
            Platoon::B => "B",
            Platoon::C => "C",
            Platoon::D => "D",
        }
    }

    /// Parses "A" to "D" in either case; `None` for anything else.
    pub fn parse(s: &str) -> Option<Platoon> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Platoon::A),
            "B" => Some(Platoon::B),
            "C" => Some(Platoon::C),
            "D" => Some(Platoon::D),
            _ => None,
        }
    }

    /// Position after A: A = 0, B = 1, C = 2, D = 3.
    pub fn index(self) -> u32 {
        match self {
            Platoon::A => 0,
            Platoon::B => 1,
            Platoon::C => 2,
            Platoon::D => 3,
        }
    }
}

impl fmt::Display for Platoon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The common rotations a coach can pick instead of typing a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// 24 hours on, 48 off: on, off, off.
    TwentyFourFortyEight,
    /// 48 hours on, 96 off: on, on, off, off, off, off.
    FortyEightNinetySix,
    /// Kelly: on, off, on, off, on, off, off, off, off.
    Kelly,
}

impl Preset {
    pub const ALL: [Preset; 3] = [
        Preset::TwentyFourFortyEight,
        Preset::FortyEightNinetySix,
        Preset::Kelly,
    ];

    /// The value stored in the settings table and sent by the form.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::TwentyFourFortyEight => "24-48",
            Preset::FortyEightNinetySix => "48-96",
            Preset::Kelly => "kelly",
        }
    }

    /// Parses the stored value (either case); `None` for anything unknown.
    pub fn parse(s: &str) -> Option<Preset> {
        let s = s.trim();
        Preset::ALL
            .into_iter()
            .find(|preset| preset.as_str().eq_ignore_ascii_case(s))
    }

    /// A label for a select box.
    pub fn label(self) -> &'static str {
        match self {
            Preset::TwentyFourFortyEight => "24 on / 48 off",
            Preset::FortyEightNinetySix => "48 on / 96 off",
            Preset::Kelly => "Kelly (9-day cycle)",
        }
    }

    /// The repeating day pattern; `true` is a duty day.
    pub fn pattern(self) -> Vec<bool> {
        match self {
            Preset::TwentyFourFortyEight => vec![true, false, false],
            Preset::FortyEightNinetySix => vec![true, true, false, false, false, false],
            Preset::Kelly => vec![true, false, true, false, true, false, false, false, false],
        }
    }

    /// Days between one platoon's cycle and the next, for three platoons.
    pub fn platoon_offset_days(self) -> u32 {
        match self {
            Preset::TwentyFourFortyEight => 1,
            Preset::FortyEightNinetySix => 2,
            Preset::Kelly => 3,
        }
    }
}

/// The department's shift rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The repeating day pattern; `true` is a day a shift starts.
    pub pattern: Vec<bool>,
    /// The first day of platoon A's cycle.
    pub anchor: NaiveDate,
    /// How many days each platoon runs behind the one before it.
    pub platoon_offset_days: u32,
    /// Shift change, local wall-clock time (e.g. 07:00).
    pub change_time: NaiveTime,
    /// The platoons this department has.
    pub platoons: Vec<Platoon>,
}

impl Rotation {
    /// A preset rotation for platoons A, B and C.
    pub fn from_preset(preset: Preset, anchor: NaiveDate, change_time: NaiveTime) -> Rotation {
        Rotation {
            pattern: preset.pattern(),
            anchor,
            platoon_offset_days: preset.platoon_offset_days(),
            change_time,
            platoons: vec![Platoon::A, Platoon::B, Platoon::C],
        }
    }

    /// The preset this rotation matches exactly, if any (to preselect it in
    /// the settings form).
    pub fn matching_preset(&self) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| {
            self.pattern == preset.pattern()
                && self.platoon_offset_days == preset.platoon_offset_days()
        })
    }

    /// Whether `platoon`'s shift starts on `date`. A platoon the department
    /// does not have is never on duty; an empty pattern has no duty days.
    pub fn on_duty_day(&self, platoon: Platoon, date: NaiveDate) -> bool {
        if self.pattern.is_empty() || !self.platoons.contains(&platoon) {
            return false;
        }
        let len = self.pattern.len() as i64;
        let behind = i64::from(platoon.index()) * i64::from(self.platoon_offset_days);
        let day = date.signed_duration_since(self.anchor).num_days() - behind;
        self.pattern[day.rem_euclid(len) as usize]
    }

    /// The start date of the shift that covers a local wall-clock moment:
    /// before the change time the previous day's shift is still working.
    pub fn shift_date(&self, local: NaiveDateTime) -> NaiveDate {
        let date = local.date();
        if local.time() < self.change_time {
            date.pred_opt().unwrap_or(date)
        } else {
            date
        }
    }

    /// Whether `platoon` is on shift at `instant`, judged on the department's
    /// wall clock in `tz`.
    pub fn on_duty_at(&self, platoon: Platoon, tz: Tz, instant: DateTime<Utc>) -> bool {
        let local = instant.with_timezone(&tz).naive_local();
        self.on_duty_day(platoon, self.shift_date(local))
    }

    /// The platoons whose shift starts on `date`, in A-to-D order.
    pub fn platoons_on(&self, date: NaiveDate) -> Vec<Platoon> {
        Platoon::ALL
            .into_iter()
            .filter(|platoon| self.on_duty_day(*platoon, date))
            .collect()
    }

    /// Each of `days` days from `from`, with the platoons on duty that day
    /// (the settings page shows four weeks).
    pub fn duty_calendar(&self, from: NaiveDate, days: u32) -> Vec<(NaiveDate, Vec<Platoon>)> {
        from.iter_days()
            .take(days as usize)
            .map(|date| (date, self.platoons_on(date)))
            .collect()
    }
}

/// Why a typed rotation pattern was refused; the message is shown beside the
/// field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    UnknownDay(String),
    TooLong(usize),
    NoDutyDay,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => {
                write!(f, "Enter the days of the cycle, such as: on, off, off.")
            }
            PatternError::UnknownDay(word) => write!(
                f,
                "\"{word}\" is not a day. Write each day as on or off (or 1 or 0), separated by commas."
            ),
            PatternError::TooLong(days) => write!(
                f,
                "The pattern has {days} days; a cycle can be at most {MAX_PATTERN_DAYS} days long."
            ),
            PatternError::NoDutyDay => write!(f, "The pattern needs at least one on day."),
        }
    }
}

/// Parses a typed pattern such as "on, off, off" or "1 0 0": one word per
/// day, on/off or 1/0 in any case, separated by commas or spaces.
pub fn parse_pattern(text: &str) -> Result<Vec<bool>, PatternError> {
    let pattern = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(|word| match word.to_ascii_lowercase().as_str() {
            "on" | "1" => Ok(true),
            "off" | "0" => Ok(false),
            _ => Err(PatternError::UnknownDay(word.to_string())),
        })
        .collect::<Result<Vec<bool>, PatternError>>()?;
    if pattern.is_empty() {
        return Err(PatternError::Empty);
    }
    if pattern.len() > MAX_PATTERN_DAYS {
        return Err(PatternError::TooLong(pattern.len()));
    }
    if !pattern.contains(&true) {
        return Err(PatternError::NoDutyDay);
    }
    Ok(pattern)
}

/// A pattern as the form shows it: "on, off, off".
pub fn format_pattern(pattern: &[bool]) -> String {
    pattern
        .iter()
        .map(|on| if *on { "on" } else { "off" })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Days, TimeZone};
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// The platoons on duty, day by day, as letters: "A B C A B C".
    fn letters(rotation: &Rotation, from: NaiveDate, days: u32) -> String {
        rotation
            .duty_calendar(from, days)
            .into_iter()
            .map(|(_, platoons)| platoons.iter().map(|p| p.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn presets_put_each_platoon_on_its_days() {
        let anchor = date(2026, 1, 5);
        let cases = [
            (
                Preset::TwentyFourFortyEight,
                "A B C A B C A B C A B C A B C A B C A B C",
            ),
            (
                Preset::FortyEightNinetySix,
                "A A B B C C A A B B C C A A B B C C A A B",
            ),
            (Preset::Kelly, "A C A B A B C B C A C A B A B C B C A C A"),
        ];
        for (preset, expected) in cases {
            let rotation = Rotation::from_preset(preset, anchor, time(7, 0));
            assert_eq!(letters(&rotation, anchor, 21), expected, "{preset:?}");
        }
    }

    #[test]
    fn each_platoon_follows_the_pattern_day_by_day() {
        let anchor = date(2026, 1, 5);
        // Day by day from the anchor, for A, B and C: 1 = on duty.
        let cases = [
            (
                Preset::Kelly,
                [
                    "101010000101010000",
                    "000101010000101010",
                    "010000101010000101",
                ],
            ),
            (
                Preset::FortyEightNinetySix,
                [
                    "110000110000110000",
                    "001100001100001100",
                    "000011000011000011",
                ],
            ),
        ];
        for (preset, rows) in cases {
            let rotation = Rotation::from_preset(preset, anchor, time(7, 0));
            for (platoon, row) in [Platoon::A, Platoon::B, Platoon::C].into_iter().zip(rows) {
                let got: String = anchor
                    .iter_days()
                    .take(row.len())
                    .map(|day| {
                        if rotation.on_duty_day(platoon, day) {
                            '1'
                        } else {
                            '0'
                        }
                    })
                    .collect();
                assert_eq!(got, row, "{preset:?} platoon {platoon}");
            }
        }
    }

    #[test]
    fn dates_before_the_anchor_continue_the_cycle() {
        let anchor = date(2026, 1, 5);
        let rotation = Rotation::from_preset(Preset::TwentyFourFortyEight, anchor, time(7, 0));
        let cases = [
            (date(2026, 1, 4), Platoon::C),
            (date(2026, 1, 3), Platoon::B),
            (date(2026, 1, 2), Platoon::A),
            (date(2025, 12, 31), Platoon::B),
            (date(2024, 1, 5), Platoon::B), // 731 days before: 731 = 3 * 244 - 1
        ];
        for (day, platoon) in cases {
            assert_eq!(rotation.platoons_on(day), vec![platoon], "{day}");
        }
        let kelly = Rotation::from_preset(Preset::Kelly, anchor, time(7, 0));
        assert_eq!(
            letters(&kelly, date(2025, 12, 27), 9),
            letters(&kelly, anchor, 9)
        );
    }

    #[test]
    fn platoons_the_department_lacks_are_never_on_duty() {
        let anchor = date(2026, 1, 5);
        let rotation = Rotation::from_preset(Preset::TwentyFourFortyEight, anchor, time(7, 0));
        assert!(anchor
            .iter_days()
            .take(30)
            .all(|day| !rotation.on_duty_day(Platoon::D, day)));

        let four = Rotation {
            pattern: vec![true, false, false, false],
            platoons: Platoon::ALL.to_vec(),
            ..rotation
        };
        assert_eq!(letters(&four, anchor, 8), "A B C D A B C D");
    }

    #[test]
    fn the_shift_runs_until_the_change_time_next_morning() {
        let rotation =
            Rotation::from_preset(Preset::TwentyFourFortyEight, date(2026, 1, 5), time(7, 0));
        let on_jan_5 = date(2026, 1, 5);
        let cases = [
            (date(2026, 1, 5), time(6, 59), date(2026, 1, 4)),
            (date(2026, 1, 5), time(7, 0), on_jan_5),
            (date(2026, 1, 5), time(23, 59), on_jan_5),
            (date(2026, 1, 6), time(0, 0), on_jan_5),
            (date(2026, 1, 6), time(6, 30), on_jan_5),
            (date(2026, 1, 6), time(7, 30), date(2026, 1, 6)),
        ];
        for (day, at, shift) in cases {
            assert_eq!(rotation.shift_date(day.and_time(at)), shift, "{day} {at}");
        }

        // Platoon A works Jan 5; on Jan 6 at 06:30 it is still on, at 07:30 B is.
        let tz = chrono_tz::America::Toronto;
        let at = |h, m| {
            tz.from_local_datetime(&date(2026, 1, 6).and_time(time(h, m)))
                .unwrap()
                .with_timezone(&Utc)
        };
        assert!(rotation.on_duty_at(Platoon::A, tz, at(6, 30)));
        assert!(!rotation.on_duty_at(Platoon::B, tz, at(6, 30)));
        assert!(!rotation.on_duty_at(Platoon::A, tz, at(7, 30)));
        assert!(rotation.on_duty_at(Platoon::B, tz, at(7, 30)));
    }

    #[test]
    fn daylight_saving_mornings_use_the_local_clock() {
        let tz = chrono_tz::America::New_York;
        // Platoon A works Saturday 2026-03-07 and Saturday 2026-10-31.
        let spring =
            Rotation::from_preset(Preset::TwentyFourFortyEight, date(2026, 3, 7), time(7, 0));
        let autumn =
            Rotation::from_preset(Preset::TwentyFourFortyEight, date(2026, 10, 31), time(7, 0));
        // The UTC instants are written out so a fixed offset would fail: on
        // 2026-03-08 the clock is already UTC-4, on 2026-11-01 already UTC-5.
        let cases = [
            (
                &spring,
                utc(2026, 3, 8, 10, 30),
                (2026, 3, 8, 6, 30),
                date(2026, 3, 7),
            ),
            (
                &spring,
                utc(2026, 3, 8, 11, 30),
                (2026, 3, 8, 7, 30),
                date(2026, 3, 8),
            ),
            (
                &autumn,
                utc(2026, 11, 1, 11, 30),
                (2026, 11, 1, 6, 30),
                date(2026, 10, 31),
            ),
            (
                &autumn,
                utc(2026, 11, 1, 12, 30),
                (2026, 11, 1, 7, 30),
                date(2026, 11, 1),
            ),
        ];
        for (rotation, instant, (y, mo, d, h, mi), shift) in cases {
            let local = instant.with_timezone(&tz).naive_local();
            assert_eq!(local, date(y, mo, d).and_time(time(h, mi)), "{instant}");
            assert_eq!(rotation.shift_date(local), shift, "{instant}");
            let a_on = shift == rotation.anchor;
            assert_eq!(
                rotation.on_duty_at(Platoon::A, tz, instant),
                a_on,
                "{instant}"
            );
            assert_eq!(
                rotation.on_duty_at(Platoon::B, tz, instant),
                !a_on,
                "{instant}"
            );
        }
    }

    #[test]
    fn typed_patterns_are_read_and_written_back() {
        let cases = [
            ("on, off, off", vec![true, false, false]),
            ("1,0,0", vec![true, false, false]),
            ("ON Off oFF", vec![true, false, false]),
            (" on,on , off,,off ", vec![true, true, false, false]),
            ("1", vec![true]),
        ];
        for (typed, pattern) in cases {
            assert_eq!(parse_pattern(typed), Ok(pattern), "typed {typed:?}");
        }
        assert_eq!(format_pattern(&[true, false, false]), "on, off, off");
        for preset in Preset::ALL {
            assert_eq!(
                parse_pattern(&format_pattern(&preset.pattern())),
                Ok(preset.pattern())
            );
        }
    }

    #[test]
    fn bad_patterns_say_why() {
        let cases = [
            ("", PatternError::Empty),
            (" , ,", PatternError::Empty),
            ("off, off", PatternError::NoDutyDay),
            ("0", PatternError::NoDutyDay),
            ("on, of, off", PatternError::UnknownDay("of".into())),
            ("on; off", PatternError::UnknownDay("on;".into())),
            ("2,0", PatternError::UnknownDay("2".into())),
        ];
        for (typed, error) in cases {
            assert_eq!(parse_pattern(typed), Err(error), "typed {typed:?}");
        }
        let too_long = ["on"; 29].join(",");
        assert_eq!(parse_pattern(&too_long), Err(PatternError::TooLong(29)));
        assert!(parse_pattern(&["off"; 28].join(",").replacen("off", "on", 1)).is_ok());
        assert!(PatternError::UnknownDay("of".into())
            .to_string()
            .contains("\"of\""));
    }

    #[test]
    fn names_round_trip() {
        for platoon in Platoon::ALL {
            assert_eq!(Platoon::parse(platoon.as_str()), Some(platoon));
            assert_eq!(
                Platoon::parse(&platoon.as_str().to_lowercase()),
                Some(platoon)
            );
        }
        assert_eq!(Platoon::parse("E"), None);
        assert_eq!(Platoon::parse("AB"), None);
        assert_eq!(Platoon::C.index(), 2);
        for preset in Preset::ALL {
            assert_eq!(Preset::parse(preset.as_str()), Some(preset));
            let rotation = Rotation::from_preset(preset, date(2026, 1, 1), time(8, 0));
            assert_eq!(rotation.matching_preset(), Some(preset));
        }
        assert_eq!(Preset::parse("KELLY"), Some(Preset::Kelly));
        assert_eq!(Preset::parse("24/48"), None);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (-40_000i64..40_000).prop_map(|n| {
            let base = date(2026, 1, 1);
            if n >= 0 {
                base + Days::new(n as u64)
            } else {
                base - Days::new(n.unsigned_abs())
            }
        })
    }

    proptest! {
        #[test]
        fn presets_put_exactly_one_platoon_on_each_day(
            preset in prop::sample::select(Preset::ALL.to_vec()),
            anchor in any_date(),
            day in any_date(),
        ) {
            let rotation = Rotation::from_preset(preset, anchor, time(7, 0));
            prop_assert_eq!(rotation.platoons_on(day).len(), 1);
        }
    }
}

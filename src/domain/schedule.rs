//! Training days: which days a member is planned to train, whether a session
//! is due today, and adherence to the plan.
//!
//! The rules (progression.md, "Frequency"): 2 sessions a week by default, 2 or
//! 3 allowed, and at least one rest day between sessions, also across the
//! boundary between two weeks. A firefighter trains on duty days where the
//! rotation leaves room (most of this training happens on shift) and on off
//! days only to make up the week's count. A member without a platoon trains
//! on fixed weekdays: Monday and Thursday (Monday, Wednesday and Friday at 3
//! a week) unless the assignment lists others.
//!
//! Weeks run Monday to Sunday and are planned one after another from the week
//! of the assignment's start date, so a week's plan never depends on the range
//! a page asks for. Every full week holds the full count. The week the
//! assignment starts in holds only the duty days (or listed weekdays) from the
//! start on, up to the count, so a midweek start crowds in no off days.
//! Among the ways to place a week's sessions the planner prefers, in order:
//! the most duty days (or listed weekdays); not taking Sunday when that would
//! cost next week a duty day; the widest smallest gap between sessions,
//! counted from the previous week's last one; the earliest days.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::rotation::{Platoon, Rotation};

pub const DEFAULT_SESSIONS_PER_WEEK: u8 = 2;
pub const MIN_SESSIONS_PER_WEEK: u8 = 2;
pub const MAX_SESSIONS_PER_WEEK: u8 = 3;

/// The window the roster dashboard measures adherence over, in days.
pub const ADHERENCE_WINDOW_DAYS: u32 = 28;

/// One member's training plan: their platoon in the department's rotation and
/// their assignment's frequency and start date.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub rotation: &'a Rotation,
    /// `None` for an ordinary gym member, who trains on fixed weekdays.
    pub platoon: Option<Platoon>,
    /// 2 or 3; anything else is treated as the nearest of the two.
    pub sessions_per_week: u8,
    /// Weekdays for a member without a platoon; empty means the defaults.
    /// Ignored for a member whose platoon works in the rotation.
    pub fixed_weekdays: Vec<Weekday>,
    /// The assignment's first day; nothing is planned before it.
    pub start: NaiveDate,
}

/// Whether a session is due, for the member's workout page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// A planned day, or a make-up for a missed day earlier this week.
    Today,
    /// A session is already logged today.
    DoneToday,
    /// Nothing due today; the next planned day.
    Next(NaiveDate),
    /// The assignment starts on this date.
    NotStarted(NaiveDate),
}

impl Plan<'_> {
    /// The number of sessions a full week holds, 2 or 3.
    pub fn sessions(&self) -> u8 {
        self.sessions_per_week
            .clamp(MIN_SESSIONS_PER_WEEK, MAX_SESSIONS_PER_WEEK)
    }

    /// The planned training days from `from` to `to`, both included, sorted.
    ///
    /// Weeks are planned one after another from the start's (see
    /// `Plan::replay`), at a cost that does not grow with the assignment's age.
    pub fn planned_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let from = from.max(self.start);
        if from > to {
            return Vec::new();
        }
        self.replay(&self.planner(), from, to)
    }

    /// Plans week after week from `monday`, the previous session having been
    /// on `previous`; the days from `from` to `to`.
    fn walk(
        &self,
        planner: &Planner<'_>,
        monday: NaiveDate,
        mut previous: Option<NaiveDate>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let mut days = Vec::new();
        let mut monday = monday;
        while monday <= to {
            let week = planner.choose(monday, previous);
            for date in dates_in(monday, week) {
                previous = Some(date);
                if from <= date && date <= to {
                    days.push(date);
                }
            }
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        days
    }

    /// Plans every week from the start's, as `replay_every_week` does, but
    /// at a cost that does not grow with the assignment's age. A week's plan
    /// depends only on the preferred days of that week and the next (which
    /// repeat every `Planner::period_weeks`) and on the gap back to the
    /// previous session. Once a week meets the same gap as the week one
    /// period before, every week after repeats that period, so the walk jumps
    /// over whole periods up to `from`'s week.
    fn replay(&self, planner: &Planner<'_>, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let target = monday_of(from);
        let period = planner.period_weeks();
        let mut monday = monday_of(self.start);
        let mut previous: Option<NaiveDate> = None;
        // The gap before each week since the start's (week 0).
        let mut gaps: Vec<Option<i64>> = Vec::new();
        let mut jumped = false;
        while monday < target {
            let gap = previous.map(|p| monday.signed_duration_since(p).num_days());
            let week = gaps.len();
            gaps.push(gap);
            // Week 0 is planned differently (nothing before the start), so
            // the repeat is looked for from week 1 on.
            if !jumped && week > period && gaps[week - period] == gap {
                jumped = true;
                let left = (target.signed_duration_since(monday).num_days() / 7) as u64;
                let skip = Days::new(7 * (left / period as u64 * period as u64));
                monday = monday + skip;
                previous = previous.map(|p| p + skip);
                if monday >= target {
                    break;
                }
            }
            let planned = planner.choose(monday, previous);
            if let Some(last) = dates_in(monday, planned).last() {
                previous = Some(last);
            }
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        self.walk(planner, monday, previous, from, to)
    }

    /// Plans every week from the start's, one after another (what `replay`
    /// must give).
    #[cfg(test)]
    fn replay_every_week(
        &self,
        planner: &Planner<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        self.walk(planner, monday_of(self.start), None, from, to)
    }

    /// Whether a session is due on `today` (the department's date), given the
    /// days the member logged a session.
    ///
    /// A missed planned day earlier this week can be made up today when this
    /// week's count is not yet met, nothing was logged yesterday and tomorrow
    /// is not a planned day (either would leave no rest day between).
    pub fn status(&self, today: NaiveDate, logged: &[NaiveDate]) -> Due {
        if today < self.start {
            return Due::NotStarted(self.start);
        }
        if logged.contains(&today) {
            return Due::DoneToday;
        }
        let monday = monday_of(today);
        let horizon = today.checked_add_days(Days::new(14)).unwrap_or(today);
        let planned = self.planned_days(monday, horizon);
        if planned.contains(&today) || make_up_due(today, monday, &planned, logged) {
            return Due::Today;
        }
        // Every full week holds at least two sessions, so the horizon always
        // reaches the next one.
        let next = planned.into_iter().find(|date| *date > today);
        Due::Next(next.unwrap_or(horizon))
    }

    fn planner(&self) -> Planner<'_> {
        let duty = self.platoon.filter(|platoon| {
            self.rotation.platoons.contains(platoon) && self.rotation.pattern.contains(&true)
        });
        let prefer = match duty {
            Some(platoon) => Prefer::Duty(self.rotation, platoon),
            None if self.fixed_weekdays.is_empty() => {
                Prefer::Weekdays(weekday_mask(&default_weekdays(self.sessions())))
            }
            None => Prefer::Weekdays(weekday_mask(&self.fixed_weekdays)),
        };
        Planner {
            prefer,
            sessions: u32::from(self.sessions()),
            start: self.start,
        }
    }
}

fn make_up_due(
    today: NaiveDate,
    monday: NaiveDate,
    planned: &[NaiveDate],
    logged: &[NaiveDate],
) -> bool {
    let next_monday = monday + Days::new(7);
    let this_week: Vec<NaiveDate> = planned
        .iter()
        .copied()
        .filter(|date| *date < next_monday)
        .collect();
    let missed = this_week
        .iter()
        .any(|date| *date < today && !logged.contains(date));
    let done = logged
        .iter()
        .filter(|date| monday <= **date && **date < today)
        .collect::<BTreeSet<_>>()
        .len();
    let rested = today
        .pred_opt()
        .is_none_or(|yesterday| !logged.contains(&yesterday));
    let tomorrow_free = today
        .succ_opt()
        .is_none_or(|tomorrow| !planned.contains(&tomorrow));
    missed && done < this_week.len() && rested && tomorrow_free
}

/// Adherence over a window the caller chose (the dashboard uses the last
/// [`ADHERENCE_WINDOW_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Adherence {
    /// Scheduled slots with a session: never more than `scheduled`.
    pub done: u32,
    pub scheduled: u32,
    /// Sessions that filled no slot: a second one on a day, or more in a
    /// week than it scheduled.
    pub extra: u32,
}

impl Adherence {
    /// Done over scheduled, 0 to 1; `None` when nothing was scheduled.
    pub fn ratio(&self) -> Option<f64> {
        (self.scheduled > 0).then(|| f64::from(self.done) / f64::from(self.scheduled))
    }

    /// Whole percent, never above 100.
    pub fn percent(&self) -> Option<u32> {
        (self.scheduled > 0).then(|| (self.done * 100 + self.scheduled / 2) / self.scheduled)
    }
}

/// Rule: adherence counts at most one session per scheduled slot. `planned`
/// are the scheduled days and `logged` the day of every session (a day may
/// repeat), both already limited to the window. A session on a scheduled
/// day fills it; one on another day is a make-up and fills the earliest
/// empty slot of its week (Monday to Sunday); any other is an extra.
pub fn adherence(planned: &[NaiveDate], logged: &[NaiveDate]) -> Adherence {
    let slots: BTreeSet<NaiveDate> = planned.iter().copied().collect();
    let mut filled: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut sessions = logged.to_vec();
    sessions.sort();
    let mut leftover = Vec::new();
    for day in sessions {
        if slots.contains(&day) && filled.insert(day) {
            continue;
        }
        leftover.push(day);
    }
    let mut extra = 0;
    for day in leftover {
        let week = monday_of(day);
        let make_up = slots
            .iter()
            .find(|slot| monday_of(**slot) == week && !filled.contains(*slot))
            .copied();
        match make_up {
            Some(slot) => {
                filled.insert(slot);
            }
            None => extra += 1,
        }
    }
    Adherence {
        done: filled.len() as u32,
        scheduled: slots.len() as u32,
        extra,
    }
}

/// The training weekdays for a member without a platoon, when the assignment
/// lists none: Monday and Thursday, or Monday, Wednesday and Friday at 3.
pub fn default_weekdays(per_week: u8) -> Vec<Weekday> {
    if per_week >= 3 {
        vec![Weekday::Mon, Weekday::Wed, Weekday::Fri]
    } else {
        vec![Weekday::Mon, Weekday::Thu]
    }
}

/// Why the weekdays chosen on the assignment form were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekdaysError {
    /// The number of days does not match the sessions per week.
    Count { expected: u8, found: usize },
    /// Two days in a row (Sunday and Monday count) leave no rest day.
    BackToBack(Weekday, Weekday),
}

impl fmt::Display for WeekdaysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeekdaysError::Count { expected, .. } => {
                write!(f, "Pick {expected} days, one for each session of the week.")
            }
            WeekdaysError::BackToBack(first, second) => write!(
                f,
                "{} and {} are back to back; leave a rest day between sessions.",
                weekday_name(*first),
                weekday_name(*second)
            ),
        }
    }
}

/// Checks fixed weekdays typed on the assignment form: none (the defaults), or
/// one per session with a rest day between each, Sunday to Monday included.
pub fn check_weekdays(per_week: u8, days: &[Weekday]) -> Result<(), WeekdaysError> {
    if days.is_empty() {
        return Ok(());
    }
    let mask = weekday_mask(days);
    let found = mask.count_ones() as usize;
    if found != usize::from(per_week) {
        return Err(WeekdaysError::Count {
            expected: per_week,
            found,
        });
    }
    let mut day = Weekday::Mon;
    for _ in 0..7 {
        let next = day.succ();
        if mask & bit(day) != 0 && mask & bit(next) != 0 {
            return Err(WeekdaysError::BackToBack(day, next));
        }
        day = next;
    }
    Ok(())
}

/// A weekday's full English name, for messages.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The Monday that starts the week holding `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// Seven days as bits, bit 0 = Monday.
type WeekMask = u8;

const WHOLE_WEEK: WeekMask = 0b111_1111;
const MONDAY: WeekMask = 1;
const SUNDAY: WeekMask = 1 << 6;

fn bit(day: Weekday) -> WeekMask {
    1 << day.num_days_from_monday()
}

fn weekday_mask(days: &[Weekday]) -> WeekMask {
    days.iter().fold(0, |mask, day| mask | bit(*day))
}

/// Every set of days in one week with no two days in a row.
fn spaced_masks() -> impl Iterator<Item = WeekMask> {
    SPACED_MASKS.iter().copied()
}

/// How many weeks leave a rest day between any two sessions (no two
/// neighbouring bits): the Fibonacci number F(9).
const SPACED_COUNT: usize = 34;

/// Those weeks, in increasing order, worked out once at compile time (the
/// planner looks at them many times for every week it plans).
const SPACED_MASKS: [WeekMask; SPACED_COUNT] = {
    let mut masks = [0; SPACED_COUNT];
    let mut n = 0;
    let mut mask: WeekMask = 0;
    loop {
        if mask & (mask >> 1) == 0 {
            masks[n] = mask;
            n += 1;
        }
        if mask == WHOLE_WEEK {
            break;
        }
        mask += 1;
    }
    assert!(n == SPACED_COUNT);
    masks
};

fn dates_in(monday: NaiveDate, mask: WeekMask) -> impl Iterator<Item = NaiveDate> {
    monday
        .iter_days()
        .take(7)
        .enumerate()
        .filter(move |(i, _)| mask & (1 << i) != 0)
        .map(|(_, date)| date)
}

/// The days a member would rather train on.
enum Prefer<'a> {
    Duty(&'a Rotation, Platoon),
    Weekdays(WeekMask),
}

impl Prefer<'_> {
    fn week(&self, monday: NaiveDate) -> WeekMask {
        match self {
            Prefer::Weekdays(mask) => *mask,
            Prefer::Duty(rotation, platoon) => monday
                .iter_days()
                .take(7)
                .enumerate()
                .filter(|(_, date)| rotation.on_duty_day(*platoon, *date))
                .fold(0, |mask, (i, _)| mask | (1 << i)),
        }
    }
}

struct Planner<'a> {
    prefer: Prefer<'a>,
    sessions: u32,
    start: NaiveDate,
}

impl Planner<'_> {
    /// How many weeks until the preferred days repeat: one for fixed
    /// weekdays; for a rotation of P days, the weeks in P x 7 / gcd(P, 7)
    /// days.
    fn period_weeks(&self) -> usize {
        match self.prefer {
            Prefer::Weekdays(_) => 1,
            Prefer::Duty(rotation, _) => {
                let days = rotation.pattern.len().max(1);
                if days % 7 == 0 {
                    days / 7
                } else {
                    days
                }
            }
        }
    }

    /// The days to train in the week starting `monday`, given the last
    /// planned day before it.
    fn choose(&self, monday: NaiveDate, previous: Option<NaiveDate>) -> WeekMask {
        let preferred = self.prefer.week(monday);
        let mut allowed = WHOLE_WEEK;
        if monday < self.start {
            // The week the assignment starts in: only preferred days from the
            // start on, so a midweek start does not crowd in off days.
            allowed = preferred;
            for (i, date) in monday.iter_days().take(7).enumerate() {
                if date < self.start {
                    allowed &= !(1 << i);
                }
            }
        }
        let since_previous = previous.map(|date| monday.signed_duration_since(date).num_days());
        if since_previous == Some(1) {
            allowed &= !MONDAY;
        }
        let fits = spaced_masks()
            .filter(|mask| mask & !allowed == 0)
            .map(|mask| mask.count_ones())
            .max()
            .unwrap_or(0)
            .min(self.sessions);

        let next = monday
            .checked_add_days(Days::new(7))
            .map_or(0, |next| self.prefer.week(next));
        let next_if_sunday = self.best_count(next, WHOLE_WEEK & !MONDAY);
        let next_otherwise = self.best_count(next, WHOLE_WEEK);

        spaced_masks()
            .filter(|mask| mask & !allowed == 0 && mask.count_ones() == fits)
            .max_by_key(|mask| {
                let next_week = if mask & SUNDAY != 0 {
                    next_if_sunday
                } else {
                    next_otherwise
                };
                (
                    (mask & preferred).count_ones(),
                    next_week,
                    smallest_gap(*mask, since_previous),
                    // Earliest days first: Monday is the highest reversed bit.
                    mask.reverse_bits(),
                )
            })
            .unwrap_or(0)
    }

    /// The most preferred days a full week can hold within `allowed`.
    fn best_count(&self, preferred: WeekMask, allowed: WeekMask) -> u32 {
        spaced_masks()
            .filter(|mask| mask & !allowed == 0 && mask.count_ones() == self.sessions)
            .map(|mask| (mask & preferred).count_ones())
            .max()
            .unwrap_or(0)
    }
}

/// The fewest days between two sessions, counting from the previous week's
/// last session (`since_previous` days before Monday).
fn smallest_gap(mask: WeekMask, since_previous: Option<i64>) -> i64 {
    let mut last = since_previous.map(|days| -days);
    let mut gap = i64::MAX;
    for i in 0..7 {
        if mask & (1 << i) != 0 {
            if let Some(last) = last {
                gap = gap.min(i - last);
            }
            last = Some(i);
        }
    }
    gap
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rotation::Preset;
    use chrono::{NaiveTime, TimeDelta};
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A rotation anchored on Monday 2026-01-05.
    fn rotation(preset: Preset) -> Rotation {
        Rotation::from_preset(
            preset,
            date(2026, 1, 5),
            NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        )
    }

    fn plan(rotation: &Rotation, platoon: Option<Platoon>, per_week: u8) -> Plan<'_> {
        Plan {
            rotation,
            platoon,
            sessions_per_week: per_week,
            fixed_weekdays: Vec::new(),
            start: date(2026, 1, 5),
        }
    }

    fn weekdays(days: &[NaiveDate]) -> Vec<Weekday> {
        days.iter().map(|date| date.weekday()).collect()
    }

    /// Panics unless every two planned days have a rest day between them.
    fn assert_spaced(days: &[NaiveDate]) {
        for pair in days.windows(2) {
            assert!(
                pair[1] - pair[0] >= TimeDelta::days(2),
                "{} then {}",
                pair[0],
                pair[1]
            );
        }
    }

    /// The most duty days a week could hold with the plan's count of spaced
    /// sessions, given the last planned day before it (a brute-force check
    /// written apart from the planner).
    fn most_duty_days(plan: &Plan, monday: NaiveDate, previous: Option<NaiveDate>) -> usize {
        let week: Vec<NaiveDate> = monday.iter_days().take(7).collect();
        let mut best = 0;
        for mask in 0u32..128 {
            let days: Vec<NaiveDate> = (0..7)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| week[i])
                .collect();
            let mut all = previous
                .into_iter()
                .chain(days.iter().copied())
                .collect::<Vec<_>>();
            all.sort();
            let spaced = all
                .windows(2)
                .all(|pair| pair[1] - pair[0] >= TimeDelta::days(2));
            if spaced && days.len() == usize::from(plan.sessions()) {
                let platoon = plan.platoon.unwrap();
                let duty = days
                    .iter()
                    .filter(|date| plan.rotation.on_duty_day(platoon, **date))
                    .count();
                best = best.max(duty);
            }
        }
        best
    }

    #[test]
    fn a_24_48_member_trains_on_duty_days() {
        let rotation = rotation(Preset::TwentyFourFortyEight);
        let from = date(2026, 1, 5);
        let to = date(2026, 3, 29); // 12 full weeks
        for platoon in [Platoon::A, Platoon::B, Platoon::C] {
            for per_week in [2, 3] {
                let plan = plan(&rotation, Some(platoon), per_week);
                let days = plan.planned_days(from, to);
                assert_spaced(&days);
                assert_eq!(
                    days.len(),
                    12 * usize::from(per_week),
                    "{platoon} {per_week}"
                );
                let mut previous = None;
                for monday in from.iter_weeks().take(12) {
                    let week: Vec<_> = days
                        .iter()
                        .copied()
                        .filter(|d| monday_of(*d) == monday)
                        .collect();
                    let duty = week
                        .iter()
                        .filter(|d| rotation.on_duty_day(platoon, **d))
                        .count();
                    if per_week == 2 {
                        assert_eq!(duty, 2, "{platoon} week of {monday}: {week:?}");
                    }
                    assert_eq!(
                        duty,
                        most_duty_days(&plan, monday, previous),
                        "{platoon} {per_week} week of {monday}: {week:?}"
                    );
                    previous = week.last().copied();
                }
            }
        }
    }

    #[test]
    fn weeks_are_planned_exactly() {
        let shifts = rotation(Preset::TwentyFourFortyEight);
        let kelly = rotation(Preset::Kelly);
        let forty_eight = rotation(Preset::FortyEightNinetySix);
        // Platoon A works, from Monday 2026-01-05:
        //   24/48: Jan 5, 8, 11, 14, 17, 20
        //   Kelly: Jan 5, 7, 9, 14, 16, 18
        //   48/96: Jan 5-6, 11-12, 17-18
        // At 3 a week on 24/48, Sunday the 11th rules out Monday the 12th, and
        // Wednesday the 14th with Saturday the 17th leave no room for a third
        // session, so that week keeps one duty day; the week before kept three.
        let cases = [
            (&shifts, 2, vec![(1, 5), (1, 11), (1, 14), (1, 17)]),
            (
                &shifts,
                3,
                vec![(1, 5), (1, 8), (1, 11), (1, 13), (1, 15), (1, 17)],
            ),
            (&kelly, 2, vec![(1, 5), (1, 9), (1, 14), (1, 18)]),
            (
                &kelly,
                3,
                vec![(1, 5), (1, 7), (1, 9), (1, 14), (1, 16), (1, 18)],
            ),
            (&forty_eight, 2, vec![(1, 5), (1, 11), (1, 14), (1, 17)]),
            (
                &forty_eight,
                3,
                vec![(1, 5), (1, 8), (1, 11), (1, 13), (1, 15), (1, 17)],
            ),
        ];
        for (rotation, per_week, expected) in cases {
            let plan = plan(rotation, Some(Platoon::A), per_week);
            let expected: Vec<_> = expected
                .into_iter()
                .map(|(m, d)| date(2026, m, d))
                .collect();
            assert_eq!(
                plan.planned_days(date(2026, 1, 5), date(2026, 1, 18)),
                expected,
                "{:?} {per_week}",
                rotation.matching_preset()
            );
        }
    }

    #[test]
    fn a_kelly_member_trains_only_on_duty_days_at_two_a_week() {
        let rotation = rotation(Preset::Kelly);
        for platoon in [Platoon::A, Platoon::B, Platoon::C] {
            let plan = plan(&rotation, Some(platoon), 2);
            let days = plan.planned_days(date(2026, 1, 5), date(2026, 6, 28));
            assert_spaced(&days);
            assert_eq!(days.len(), 2 * 25, "{platoon}");
            assert!(
                days.iter().all(|d| rotation.on_duty_day(platoon, *d)),
                "{platoon}"
            );
        }
    }

    #[test]
    fn members_without_a_platoon_train_on_fixed_weekdays() {
        use Weekday::*;
        let rotation = rotation(Preset::TwentyFourFortyEight);
        let cases = [
            (2, vec![], vec![Mon, Thu]),
            (3, vec![], vec![Mon, Wed, Fri]),
            (2, vec![Tue, Sat], vec![Tue, Sat]),
            (2, vec![Sat, Wed], vec![Wed, Sat]),
            (3, vec![Tue, Thu, Sun], vec![Tue, Thu, Sun]),
        ];
        for (per_week, fixed, week) in cases {
            let plan = Plan {
                fixed_weekdays: fixed.clone(),
                ..plan(&rotation, None, per_week)
            };
            let days = plan.planned_days(date(2026, 1, 5), date(2026, 2, 1));
            let expected: Vec<_> = week.iter().cycle().take(4 * week.len()).copied().collect();
            assert_eq!(weekdays(&days), expected, "{per_week} {fixed:?}");
        }

        // A platoon the rotation does not have falls back to weekdays too.
        let plan = plan(&rotation, Some(Platoon::D), 2);
        let days = plan.planned_days(date(2026, 1, 5), date(2026, 1, 18));
        assert_eq!(weekdays(&days), vec![Mon, Thu, Mon, Thu]);
    }

    #[test]
    fn nothing_is_planned_before_the_start() {
        let rotation = rotation(Preset::TwentyFourFortyEight);
        let gym = Plan {
            start: date(2026, 1, 7), // a Wednesday
            ..plan(&rotation, None, 2)
        };
        assert_eq!(
            gym.planned_days(date(2025, 12, 1), date(2026, 1, 15)),
            vec![date(2026, 1, 8), date(2026, 1, 12), date(2026, 1, 15)]
        );
        assert_eq!(
            gym.planned_days(date(2025, 12, 1), date(2026, 1, 6)),
            vec![]
        );
        assert_eq!(
            gym.planned_days(date(2026, 1, 20), date(2026, 1, 10)),
            vec![]
        );

        let crew = Plan {
            start: date(2026, 1, 10), // a Saturday; A works Sunday the 11th
            ..plan(&rotation, Some(Platoon::A), 2)
        };
        let days = crew.planned_days(date(2026, 1, 1), date(2026, 1, 25));
        assert_eq!(days.first(), Some(&date(2026, 1, 11)));
        assert_spaced(&days);
    }

    #[test]
    fn a_week_does_not_depend_on_the_range_asked_for() {
        let rotation = rotation(Preset::FortyEightNinetySix);
        let plan = Plan {
            start: date(2026, 1, 8),
            ..plan(&rotation, Some(Platoon::B), 3)
        };
        let all = plan.planned_days(date(2026, 1, 1), date(2026, 4, 30));
        for from in date(2026, 1, 1).iter_days().take(100) {
            let to = from + Days::new(20);
            let clipped: Vec<_> = all
                .iter()
                .copied()
                .filter(|d| from <= *d && *d <= to)
                .collect();
            assert_eq!(plan.planned_days(from, to), clipped, "from {from}");
        }
    }

    #[test]
    fn status_says_what_is_due() {
        let rotation = rotation(Preset::TwentyFourFortyEight);
        // Mondays and Thursdays from Monday 2026-03-02.
        let gym = Plan {
            start: date(2026, 3, 2),
            ..plan(&rotation, None, 2)
        };
        let d = |day| date(2026, 3, day);
        let cases = [
            ("before the start", d(1), vec![], Due::NotStarted(d(2))),
            ("first day", d(2), vec![], Due::Today),
            ("planned day", d(9), vec![d(5)], Due::Today),
            ("planned and logged", d(9), vec![d(5), d(9)], Due::DoneToday),
            (
                "extra session logged",
                d(10),
                vec![d(9), d(10)],
                Due::DoneToday,
            ),
            ("after a session", d(10), vec![d(9)], Due::Next(d(12))),
            ("make-up for Monday", d(10), vec![d(5)], Due::Today),
            ("make-up on the weekend", d(14), vec![d(12)], Due::Today),
            ("make-up done", d(14), vec![d(10), d(12)], Due::Next(d(16))),
            (
                "no make-up after a session",
                d(13),
                vec![d(12)],
                Due::Next(d(16)),
            ),
            (
                "no make-up before a planned day",
                d(11),
                vec![],
                Due::Next(d(12)),
            ),
            (
                "no make-up before Monday",
                d(8),
                vec![d(5)],
                Due::Next(d(9)),
            ),
            ("missed last week only", d(10), vec![d(9)], Due::Next(d(12))),
            ("week complete", d(7), vec![d(2), d(5)], Due::Next(d(9))),
        ];
        for (name, today, logged, due) in cases {
            assert_eq!(gym.status(today, &logged), due, "{name}");
        }

        // Platoon A on 24/48 from 2026-01-05 at 2 a week: Jan 5, 11, 14, 17.
        let crew = plan(&rotation, Some(Platoon::A), 2);
        assert_eq!(crew.status(date(2026, 1, 14), &[]), Due::Today);
        assert_eq!(
            crew.status(date(2026, 1, 12), &[date(2026, 1, 11)]),
            Due::Next(date(2026, 1, 14))
        );
    }

    #[test]
    fn rule_adherence_counts_one_session_per_slot() {
        // 2026-02-02 is a Monday.
        let d = |day| date(2026, 2, day);
        let a = |done, scheduled, extra| Adherence {
            done,
            scheduled,
            extra,
        };
        let cases = [
            ("nothing", vec![], vec![], a(0, 0, 0)),
            (
                "half done",
                vec![d(2), d(5), d(9), d(12)],
                vec![d(2), d(9)],
                a(2, 4, 0),
            ),
            (
                "two the same day: one slot, one extra",
                vec![d(2), d(5)],
                vec![d(2), d(2), d(5)],
                a(2, 2, 1),
            ),
            (
                "a third day in a two-slot week is extra",
                vec![d(2), d(5)],
                vec![d(2), d(3), d(5)],
                a(2, 2, 1),
            ),
            (
                "a make-up fills the missed slot of its week",
                vec![d(2), d(5)],
                vec![d(3), d(5)],
                a(2, 2, 0),
            ),
            (
                "a make-up does not fill another week's slot",
                vec![d(2), d(9)],
                vec![d(3), d(4)],
                a(1, 2, 1),
            ),
            (
                "every day for a week",
                vec![d(2), d(5)],
                (2..=8).map(d).collect(),
                a(2, 2, 5),
            ),
            ("nothing logged", vec![d(2)], vec![], a(0, 1, 0)),
            ("nothing scheduled", vec![], vec![d(2)], a(0, 0, 1)),
        ];
        for (name, planned, logged, expected) in cases {
            let got = adherence(&planned, &logged);
            assert_eq!(got, expected, "{name}");
            assert!(got.percent().unwrap_or(0) <= 100, "{name}");
        }
    }

    #[test]
    fn default_and_checked_weekdays() {
        use Weekday::*;
        assert_eq!(default_weekdays(2), vec![Mon, Thu]);
        assert_eq!(default_weekdays(3), vec![Mon, Wed, Fri]);
        let cases = [
            (2, vec![], Ok(())),
            (2, vec![Mon, Thu], Ok(())),
            (3, vec![Tue, Thu, Sat], Ok(())),
            (
                2,
                vec![Mon],
                Err(WeekdaysError::Count {
                    expected: 2,
                    found: 1,
                }),
            ),
            (
                2,
                vec![Mon, Mon],
                Err(WeekdaysError::Count {
                    expected: 2,
                    found: 1,
                }),
            ),
            (2, vec![Tue, Wed], Err(WeekdaysError::BackToBack(Tue, Wed))),
            (
                3,
                vec![Sun, Wed, Mon],
                Err(WeekdaysError::BackToBack(Sun, Mon)),
            ),
        ];
        for (per_week, days, expected) in cases {
            assert_eq!(
                check_weekdays(per_week, &days),
                expected,
                "{per_week} {days:?}"
            );
        }
        assert_eq!(
            WeekdaysError::BackToBack(Sun, Mon).to_string(),
            "Sunday and Monday are back to back; leave a rest day between sessions."
        );
    }

    fn offset(days: i64) -> NaiveDate {
        date(2026, 1, 1) + TimeDelta::days(days)
    }

    prop_compose! {
        /// Any rotation of up to 28 days, any platoons, anchored anywhere.
        fn any_rotation()(
            pattern in prop::collection::vec(any::<bool>(), 1..=28),
            offset_days in 0u32..=28,
            platoons in prop::sample::subsequence(Platoon::ALL.to_vec(), 0..=4),
            anchor in -3000i64..3000,
        ) -> Rotation {
            Rotation {
                pattern,
                anchor: offset(anchor),
                platoon_offset_days: offset_days,
                change_time: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                platoons,
            }
        }
    }

    prop_compose! {
        /// Any member's side of a plan: platoon (or none), chosen weekdays
        /// and sessions a week.
        fn any_member()(
            platoon in prop::option::of(prop::sample::select(Platoon::ALL.to_vec())),
            weekdays in prop::sample::subsequence(
                vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun],
                0..=4,
            ),
            per_week in 2u8..=3,
        ) -> (Option<Platoon>, Vec<Weekday>, u8) {
            (platoon, weekdays, per_week)
        }
    }

    fn plan_for(
        rotation: &Rotation,
        (platoon, weekdays, per_week): (Option<Platoon>, Vec<Weekday>, u8),
        start: i64,
    ) -> Plan<'_> {
        Plan {
            rotation,
            platoon,
            sessions_per_week: per_week,
            fixed_weekdays: weekdays,
            start: offset(start),
        }
    }

    proptest! {
        /// Jumping over repeated periods gives the very days a week-by-week
        /// replay gives, for assignments up to eight years old.
        #[test]
        fn a_replay_that_jumps_repeated_periods_matches_one_that_walks_every_week(
            rotation in any_rotation(),
            member in any_member(),
            start in -3000i64..0,
            from in -60i64..30,
            length in 0i64..60,
        ) {
            let plan = plan_for(&rotation, member, start);
            let planner = plan.planner();
            let from = offset(from).max(plan.start);
            let to = from + TimeDelta::days(length);
            prop_assert_eq!(
                plan.replay(&planner, from, to),
                plan.replay_every_week(&planner, from, to)
            );
        }

        #[test]
        fn plans_keep_rest_days_and_fill_full_weeks(
            pattern in prop::collection::vec(any::<bool>(), 1..=28),
            offset_days in 0u32..=28,
            platoons in prop::sample::subsequence(Platoon::ALL.to_vec(), 0..=4),
            platoon in prop::option::of(prop::sample::select(Platoon::ALL.to_vec())),
            per_week in 2u8..=3,
            anchor in -3000i64..3000,
            start in -60i64..60,
            from in -30i64..30,
        ) {
            let rotation = Rotation {
                pattern,
                anchor: offset(anchor),
                platoon_offset_days: offset_days,
                change_time: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                platoons,
            };
            let plan = Plan {
                rotation: &rotation,
                platoon,
                sessions_per_week: per_week,
                fixed_weekdays: Vec::new(),
                start: offset(start),
            };
            let from = offset(from);
            let to = from + TimeDelta::days(8 * 7 - 1);
            let days = plan.planned_days(from, to);

            prop_assert!(days.iter().all(|d| from <= *d && *d <= to && plan.start <= *d));
            for pair in days.windows(2) {
                prop_assert!(pair[1] - pair[0] >= TimeDelta::days(2), "{} then {}", pair[0], pair[1]);
            }
            for monday in monday_of(from).iter_weeks().take(9) {
                let sunday = monday + TimeDelta::days(6);
                let count = days.iter().filter(|d| monday_of(**d) == monday).count();
                prop_assert!(count <= usize::from(per_week));
                if monday >= from && monday >= plan.start && sunday <= to {
                    prop_assert_eq!(count, usize::from(per_week), "week of {}", monday);
                }
            }
            // Asking from a later day gives the same days.
            let later = from + TimeDelta::days(10);
            let clipped: Vec<_> = days.iter().copied().filter(|d| *d >= later).collect();
            prop_assert_eq!(plan.planned_days(later, to), clipped);

            // Each full week holds as many duty days as it can.
            if let Some(platoon) = platoon {
                let all = plan.planned_days(plan.start, to);
                for monday in monday_of(plan.start).iter_weeks().skip(1) {
                    if monday + TimeDelta::days(6) > to {
                        break;
                    }
                    let week: Vec<_> = all.iter().filter(|d| monday_of(**d) == monday).collect();
                    let duty = week.iter().filter(|d| rotation.on_duty_day(platoon, ***d)).count();
                    let previous = all.iter().copied().rfind(|d| *d < monday);
                    prop_assert_eq!(duty, most_duty_days(&plan, monday, previous), "week of {}", monday);
                }
            }
        }
    }
}

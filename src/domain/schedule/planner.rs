//! The planner: which days a week holds, and how weeks follow one another.
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
//!
//! A week's plan depends on the weeks before it only through the day of the
//! previous week's last session, and the preferred days repeat every
//! `Planner::period_weeks`: once the plan repeats, a replay from the start
//! jumps over whole periods (`replay`), so its cost does not grow with the
//! assignment's age.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Days, NaiveDate, Weekday};

use super::plan::{default_weekdays, monday_of, Plan};
use crate::domain::rotation::{Platoon, Rotation};

impl Plan<'_> {
    pub(super) fn planner(&self) -> Planner<'_> {
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

    /// Plans week after week from `monday`, the previous session having been
    /// on `previous`; the days from `from` to `to`.
    fn walk(
        &self,
        planner: &Planner<'_>,
        mut weeks: Option<&mut WeekMemo<'_>>,
        monday: NaiveDate,
        mut previous: Option<NaiveDate>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let mut days = Vec::with_capacity(8);
        let mut monday = monday;
        while monday <= to {
            let week = planner.week(weeks.as_deref_mut(), monday, previous);
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
    pub(super) fn replay(
        &self,
        planner: &Planner<'_>,
        mut weeks: Option<&mut WeekMemo<'_>>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let target = monday_of(from);
        let period = planner.period_weeks();
        let mut monday = monday_of(self.start);
        let mut previous: Option<NaiveDate> = None;
        // The gap before each week since the start's (week 0).
        let mut gaps: Vec<Option<i64>> = Vec::with_capacity(2 * period + 2);
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
            let planned = planner.week(weeks.as_deref_mut(), monday, previous);
            if let Some(last) = dates_in(monday, planned).last() {
                previous = Some(last);
            }
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        self.walk(planner, weeks, monday, previous, from, to)
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
        self.walk(planner, None, monday_of(self.start), None, from, to)
    }
}

/// Seven days as bits, bit 0 = Monday.
pub(super) type WeekMask = u8;

const WHOLE_WEEK: WeekMask = 0b111_1111;
const MONDAY: WeekMask = 1;
const SUNDAY: WeekMask = 1 << 6;

pub(super) fn bit(day: Weekday) -> WeekMask {
    1 << day.num_days_from_monday()
}

pub(super) fn weekday_mask(days: &[Weekday]) -> WeekMask {
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

/// The weeks planned during one page, for one department's rotation. A
/// week's plan (`Planner::choose`) is a function of the member's preferred
/// days, the count of sessions, the week, the days since the previous
/// session and, in the week the assignment starts, the start: members who
/// share those share the week. The roster plans about nine weeks for each
/// of its members, nearly all of them weeks another member already had, so
/// each is worked out once per page and then looked up. Kept for one page
/// only (the rules may change between pages).
pub struct WeekMemo<'a> {
    rotation: &'a Rotation,
    weeks: HashMap<WeekKey, WeekMask, BuildHasherDefault<WeekHasher>>,
}

impl<'a> WeekMemo<'a> {
    /// An empty memo for plans under `rotation` (plans under another
    /// rotation are worked out without it).
    pub fn new(rotation: &'a Rotation) -> WeekMemo<'a> {
        WeekMemo {
            rotation,
            weeks: HashMap::default(),
        }
    }
}

/// Everything `Planner::choose` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WeekKey {
    prefer: Preferred,
    sessions: u32,
    monday: NaiveDate,
    since_previous: Option<i64>,
    start: Option<NaiveDate>,
}

/// The hash of a `WeekKey`, a few small numbers the app made (not anyone's
/// input): a rotate, xor and multiply per number, as rustc's own FxHash
/// does. std's SipHash cost more than the week a lookup saves.
#[derive(Default)]
struct WeekHasher(u64);

impl WeekHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WeekHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_i32(&mut self, n: i32) {
        self.add(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `Prefer` without the rotation (the memo's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Preferred {
    Duty(Platoon),
    Weekdays(WeekMask),
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
            Prefer::Duty(rotation, platoon) => duty_week(rotation, *platoon, monday),
        }
    }
}

/// The days of the week starting `monday` on which `platoon`'s shift
/// starts, as `Rotation::on_duty_day` says day by day, with one date
/// subtraction for the week rather than one per day (the planner asks
/// twice for every week it plans, for every member on the roster).
fn duty_week(rotation: &Rotation, platoon: Platoon, monday: NaiveDate) -> WeekMask {
    if rotation.pattern.is_empty() || !rotation.platoons.contains(&platoon) {
        return 0;
    }
    let len = rotation.pattern.len() as i64;
    let behind = i64::from(platoon.index()) * i64::from(rotation.platoon_offset_days);
    let first = monday.signed_duration_since(rotation.anchor).num_days() - behind;
    let mut at = first.rem_euclid(len) as usize;
    let mut mask = 0;
    for i in 0..7 {
        if rotation.pattern[at] {
            mask |= 1 << i;
        }
        at += 1;
        if at == rotation.pattern.len() {
            at = 0;
        }
    }
    mask
}

pub(super) struct Planner<'a> {
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

    /// `choose`, looked up in `weeks` when one is kept.
    fn week(
        &self,
        weeks: Option<&mut WeekMemo<'_>>,
        monday: NaiveDate,
        previous: Option<NaiveDate>,
    ) -> WeekMask {
        let Some(weeks) = weeks else {
            return self.choose(monday, previous);
        };
        let prefer = match self.prefer {
            Prefer::Duty(rotation, platoon) if std::ptr::eq(rotation, weeks.rotation) => {
                Preferred::Duty(platoon)
            }
            Prefer::Duty(..) => return self.choose(monday, previous),
            Prefer::Weekdays(mask) => Preferred::Weekdays(mask),
        };
        let key = WeekKey {
            prefer,
            sessions: self.sessions,
            monday,
            since_previous: previous.map(|date| monday.signed_duration_since(date).num_days()),
            // The start matters only to the week it falls in.
            start: (monday < self.start).then_some(self.start),
        };
        *weeks
            .weeks
            .entry(key)
            .or_insert_with(|| self.choose(monday, previous))
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
        let fits = u32::from(MOST_SPACED[allowed as usize]).min(self.sessions);

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

    /// The most preferred days a full week can hold within `allowed` (the
    /// whole week, or all but Monday): looked up in `BEST_COUNT`.
    fn best_count(&self, preferred: WeekMask, allowed: WeekMask) -> u32 {
        let sessions = (self.sessions as usize).min(MAX_SESSIONS);
        let without_monday = usize::from(allowed & MONDAY == 0);
        debug_assert!(allowed | MONDAY == WHOLE_WEEK);
        u32::from(BEST_COUNT[sessions][without_monday][preferred as usize & 0x7f])
    }
}

/// The most sessions any week could hold, more than the planner ever asks.
const MAX_SESSIONS: usize = 7;

/// For each set of allowed days, the most spaced sessions it holds (the
/// largest spaced mask inside it), worked out once at compile time.
const MOST_SPACED: [u8; 128] = {
    let mut table = [0; 128];
    let mut allowed = 0;
    while allowed < 128 {
        let mut i = 0;
        while i < SPACED_COUNT {
            let mask = SPACED_MASKS[i];
            if mask & !(allowed as WeekMask) == 0 && mask.count_ones() as u8 > table[allowed] {
                table[allowed] = mask.count_ones() as u8;
            }
            i += 1;
        }
        allowed += 1;
    }
    table
};

/// `best_count` for every count of sessions, the week allowed whole (0) or
/// without Monday (1), and every set of preferred days: the most preferred
/// days a spaced week of exactly that many sessions holds. Worked out once
/// at compile time; the planner looks it up twice for every week.
const BEST_COUNT: [[[u8; 128]; 2]; MAX_SESSIONS + 1] = {
    let mut table = [[[0; 128]; 2]; MAX_SESSIONS + 1];
    let mut sessions = 0;
    while sessions <= MAX_SESSIONS {
        let mut without_monday = 0;
        while without_monday < 2 {
            let allowed = if without_monday == 1 {
                WHOLE_WEEK & !MONDAY
            } else {
                WHOLE_WEEK
            };
            let mut preferred = 0;
            while preferred < 128 {
                let mut i = 0;
                while i < SPACED_COUNT {
                    let mask = SPACED_MASKS[i];
                    if mask & !allowed == 0 && mask.count_ones() as usize == sessions {
                        let held = (mask & preferred as WeekMask).count_ones() as u8;
                        if held > table[sessions][without_monday][preferred] {
                            table[sessions][without_monday][preferred] = held;
                        }
                    }
                    i += 1;
                }
                preferred += 1;
            }
            without_monday += 1;
        }
        sessions += 1;
    }
    table
};

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
    use crate::domain::schedule::test_support::*;
    use chrono::{NaiveTime, TimeDelta};
    use proptest::prelude::*;

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

    /// The tables give what a search of the spaced weeks gives.
    #[test]
    fn the_planner_s_tables_match_a_search_of_every_spaced_week() {
        for allowed in 0..128u8 {
            let searched = spaced_masks()
                .filter(|mask| mask & !allowed == 0)
                .map(|mask| mask.count_ones())
                .max()
                .unwrap_or(0);
            assert_eq!(u32::from(MOST_SPACED[allowed as usize]), searched);
        }
        for sessions in 0..=MAX_SESSIONS as u32 {
            let planner = Planner {
                prefer: Prefer::Weekdays(0),
                sessions,
                start: date(2026, 1, 5),
            };
            for allowed in [WHOLE_WEEK, WHOLE_WEEK & !MONDAY] {
                for preferred in 0..128u8 {
                    let searched = spaced_masks()
                        .filter(|mask| mask & !allowed == 0 && mask.count_ones() == sessions)
                        .map(|mask| (mask & preferred).count_ones())
                        .max()
                        .unwrap_or(0);
                    assert_eq!(
                        planner.best_count(preferred, allowed),
                        searched,
                        "{sessions} sessions, allowed {allowed:07b}, preferred {preferred:07b}"
                    );
                }
            }
        }
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
        /// A week's duty days, worked out for the week at once, are the
        /// days `Rotation::on_duty_day` names one by one.
        #[test]
        fn a_week_s_duty_days_are_the_rotation_s_day_by_day(
            rotation in any_rotation(),
            platoon in prop::sample::select(Platoon::ALL.to_vec()),
            monday in -4000i64..4000,
        ) {
            let monday = monday_of(offset(monday));
            let by_day = monday
                .iter_days()
                .take(7)
                .enumerate()
                .filter(|(_, date)| rotation.on_duty_day(platoon, *date))
                .fold(0, |mask, (i, _)| mask | (1 << i));
            prop_assert_eq!(duty_week(&rotation, platoon, monday), by_day);
        }
    }

    proptest! {
        /// Weeks looked up in a memo shared by several plans under one
        /// rotation (different members, starts and counts) are the weeks
        /// each plan works out alone.
        #[test]
        fn weeks_kept_for_a_page_are_the_weeks_each_plan_works_out(
            rotation in any_rotation(),
            members in prop::collection::vec((any_member(), -400i64..30), 1..6),
            from in -60i64..30,
            length in 0i64..60,
        ) {
            let mut weeks = WeekMemo::new(&rotation);
            for _ in 0..2 {
                for (member, start) in &members {
                    let plan = plan_for(&rotation, member.clone(), *start);
                    let from = offset(from);
                    let to = from + TimeDelta::days(length);
                    prop_assert_eq!(
                        plan.planned_days_kept(&mut weeks, from, to),
                        plan.planned_days(from, to)
                    );
                }
            }
        }

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
                plan.replay(&planner, None, from, to),
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

//! One member's plan (`Plan`): the planned training days in a range,
//! whether a session is due today, and the weekdays a member without a
//! platoon trains on. Which days a week holds is the planner's choice
//! (`planner`).

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::planner::{bit, weekday_mask, WeekMemo};
use crate::domain::rotation::{Platoon, Rotation};

pub const DEFAULT_SESSIONS_PER_WEEK: u8 = 2;
pub const MIN_SESSIONS_PER_WEEK: u8 = 2;
pub const MAX_SESSIONS_PER_WEEK: u8 = 3;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// A planned day, or a make-up for a missed day earlier this week.
    Today,
    /// A session is already logged today.
    DoneToday,
    /// Nothing due today; the next planned day.
    Next(NaiveDate),
    /// The assignment starts on this date.
    NotStarted(NaiveDate),
    /// A coach put the member on hold to this date, for this reason:
    /// nothing is due (a plan alone never says so; see `app::day`).
    OnHold { until: NaiveDate, reason: String },
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
        self.replay(&self.planner(), None, from, to)
    }

    /// `planned_days`, each week looked up in `weeks` (kept for one page
    /// across members) or worked out and kept there.
    pub fn planned_days_kept(
        &self,
        weeks: &mut WeekMemo<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let from = from.max(self.start);
        if from > to {
            return Vec::new();
        }
        self.replay(&self.planner(), Some(weeks), from, to)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rotation::Preset;
    use crate::domain::schedule::test_support::*;

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
}

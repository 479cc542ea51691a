//! Readiness on shift: before logging, a member may say the shift has been
//! hard (sleep, soreness, calls overnight). A poor answer offers a lighter
//! session: the same movement at the same stage, fewer sets, no load
//! increase. It counts as done for adherence, never toward moving up, and
//! never raises the load (see `evaluate` and `loads`).

use chrono::{Duration, NaiveDate};

use super::evaluate::{prescribe, Prescription};
use super::loads::{lighter_load, pad_from};
use super::log::SessionLog;
use super::stage::{Dose, StageSpec};
use super::state::MemberState;
use crate::domain::schedule::monday_of;
use crate::domain::units::Units;

/// How much sleep the night allowed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Sleep {
    Good,
    Short,
    Barely,
}

/// How sore the member is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Soreness {
    None,
    Some,
    ALot,
}

/// Calls overnight.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Calls {
    /// None.
    None,
    /// One or two.
    Few,
    /// Three or more.
    Many,
}

impl Sleep {
    /// A label for a radio button.
    pub fn label(self) -> &'static str {
        match self {
            Sleep::Good => "Good",
            Sleep::Short => "Short",
            Sleep::Barely => "Barely",
        }
    }

    /// As the member's answer reads in a sentence.
    pub fn phrase(self) -> &'static str {
        match self {
            Sleep::Good => "slept well",
            Sleep::Short => "short sleep",
            Sleep::Barely => "barely slept",
        }
    }

    fn strain(self) -> u8 {
        self as u8
    }
}

impl Soreness {
    pub fn label(self) -> &'static str {
        match self {
            Soreness::None => "None",
            Soreness::Some => "Some",
            Soreness::ALot => "A lot",
        }
    }

    pub fn phrase(self) -> &'static str {
        match self {
            Soreness::None => "not sore",
            Soreness::Some => "some soreness",
            Soreness::ALot => "very sore",
        }
    }

    fn strain(self) -> u8 {
        self as u8
    }
}

impl Calls {
    pub fn label(self) -> &'static str {
        match self {
            Calls::None => "0",
            Calls::Few => "1-2",
            Calls::Many => "3+",
        }
    }

    pub fn phrase(self) -> &'static str {
        match self {
            Calls::None => "no calls overnight",
            Calls::Few => "1-2 calls overnight",
            Calls::Many => "3+ calls overnight",
        }
    }

    fn strain(self) -> u8 {
        self as u8
    }
}

/// The check's first answer, as stored.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Shift {
    Fine,
    Hard,
}

/// The three quick answers after a hard shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HardShift {
    pub sleep: Sleep,
    pub soreness: Soreness,
    pub calls: Calls,
}

impl HardShift {
    /// "barely slept, some soreness, 3+ calls overnight".
    pub fn phrase(&self) -> String {
        format!(
            "{}, {}, {}",
            self.sleep.phrase(),
            self.soreness.phrase(),
            self.calls.phrase()
        )
    }
}

/// What the member said about the shift before logging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Readiness {
    /// "Shift's been fine": one tap.
    Fine,
    Hard(HardShift),
}

impl Readiness {
    /// The answers as stored: the shift, then sleep, soreness and calls
    /// after a hard one.
    pub fn parts(&self) -> (Shift, Option<Sleep>, Option<Soreness>, Option<Calls>) {
        match self {
            Readiness::Fine => (Shift::Fine, None, None, None),
            Readiness::Hard(h) => (Shift::Hard, Some(h.sleep), Some(h.soreness), Some(h.calls)),
        }
    }

    /// The answers read back; `None` when a hard shift lacks an answer.
    pub fn from_parts(
        shift: Shift,
        sleep: Option<Sleep>,
        soreness: Option<Soreness>,
        calls: Option<Calls>,
    ) -> Option<Readiness> {
        match shift {
            Shift::Fine => Some(Readiness::Fine),
            Shift::Hard => Some(Readiness::Hard(HardShift {
                sleep: sleep?,
                soreness: soreness?,
                calls: calls?,
            })),
        }
    }

    /// As the coach reads it: "fine", or "hard: barely slept, ...".
    pub fn phrase(&self) -> String {
        match self {
            Readiness::Fine => "Shift's been fine".to_string(),
            Readiness::Hard(h) => format!("Hard shift: {}", h.phrase()),
        }
    }

    /// Rule: a poor answer offers a lighter session. Each answer strains 0
    /// (good sleep, not sore, no calls), 1 (short, some, 1-2) or 2 (barely,
    /// a lot, 3+): the answer is poor when any one strains 2, or two
    /// strain 1. "Fine" is never poor.
    pub fn poor(&self) -> bool {
        match self {
            Readiness::Fine => false,
            Readiness::Hard(h) => {
                let strains = [h.sleep.strain(), h.soreness.strain(), h.calls.strain()];
                strains.contains(&2) || strains.iter().sum::<u8>() >= 2
            }
        }
    }
}

/// Rule: a lighter session has half the sets, rounded up, and at least
/// one (3 -> 2, 5 -> 3, 1 -> 1); the reps, the hold and the movement stay.
pub fn lighter_sets(sets: u8) -> u8 {
    sets.div_ceil(2).max(1)
}

/// Rule: the lighter session. The prescription of the day with fewer sets
/// (`lighter_sets`) and no load increase: the load before any step the
/// last full session earned, never above the last load prescribed at this
/// weight, never above today's full prescription.
pub fn prescribe_lighter(
    spec: &StageSpec,
    dose: &Dose,
    state: &MemberState,
    history: &[SessionLog],
    today: NaiveDate,
    units: Units,
) -> Prescription {
    let full = prescribe(spec, dose, state, history, today, units);
    let load = if full.stage == spec.number {
        lighter_load(spec, dose, state, history, today, units)
            .zip(full.load)
            .map(|(light, full)| light.min(full))
    } else {
        // The floor bridge after a repeated cramp: bodyweight.
        full.load
    };
    Prescription {
        sets: lighter_sets(full.sets),
        load,
        pad_advised: full.pad_advised && load.is_some_and(|l| l >= pad_from(units)),
        ..full
    }
}

/// One week of the readiness trend the coach reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadinessWeek {
    /// The week's Monday.
    pub monday: NaiveDate,
    /// Sessions logged after a hard shift.
    pub hard: u32,
    /// Lighter sessions taken.
    pub lighter: u32,
    /// Sessions logged that week.
    pub sessions: u32,
}

/// Rule: the readiness trend. The `weeks` weeks (Monday to Sunday) up to
/// the one holding `today`, newest first, each with the sessions logged,
/// those after a hard shift and the lighter ones taken. `sessions` are
/// (day, answer, lighter); days outside the weeks are left out.
pub fn readiness_trend<I>(today: NaiveDate, weeks: u32, sessions: I) -> Vec<ReadinessWeek>
where
    I: IntoIterator<Item = (NaiveDate, Option<Readiness>, bool)>,
{
    let this_week = monday_of(today);
    let mut trend: Vec<ReadinessWeek> = (0..weeks)
        .map(|n| ReadinessWeek {
            monday: this_week - Duration::weeks(i64::from(n)),
            hard: 0,
            lighter: 0,
            sessions: 0,
        })
        .collect();
    for (day, answer, lighter) in sessions {
        let Some(week) = trend.iter_mut().find(|w| w.monday == monday_of(day)) else {
            continue;
        };
        week.sessions += 1;
        week.hard += u32::from(matches!(answer, Some(Readiness::Hard(_))));
        week.lighter += u32::from(lighter);
    }
    trend
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::test_support::*;
    use crate::domain::Named;
    use strum::VariantArray;

    fn hard(sleep: Sleep, soreness: Soreness, calls: Calls) -> Readiness {
        Readiness::Hard(HardShift {
            sleep,
            soreness,
            calls,
        })
    }

    #[test]
    fn rule_a_poor_answer_offers_a_lighter_session() {
        use Calls as C;
        use Sleep as S;
        use Soreness as R;
        let cases = [
            ("fine", Readiness::Fine, false),
            (
                "hard, but every answer good",
                hard(S::Good, R::None, C::None),
                false,
            ),
            ("short sleep alone", hard(S::Short, R::None, C::None), false),
            (
                "some soreness alone",
                hard(S::Good, R::Some, C::None),
                false,
            ),
            ("1-2 calls alone", hard(S::Good, R::None, C::Few), false),
            ("barely slept", hard(S::Barely, R::None, C::None), true),
            ("very sore", hard(S::Good, R::ALot, C::None), true),
            ("3+ calls", hard(S::Good, R::None, C::Many), true),
            (
                "short sleep and 1-2 calls",
                hard(S::Short, R::None, C::Few),
                true,
            ),
            (
                "short sleep and some soreness",
                hard(S::Short, R::Some, C::None),
                true,
            ),
            (
                "everything at its worst",
                hard(S::Barely, R::ALot, C::Many),
                true,
            ),
        ];
        for (name, answer, poor) in cases {
            assert_eq!(answer.poor(), poor, "{name}");
        }
    }

    #[test]
    fn rule_a_lighter_session_has_half_the_sets_rounded_up() {
        let cases = [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (0, 1)];
        for (sets, lighter) in cases {
            assert_eq!(lighter_sets(sets), lighter, "{sets} sets");
        }
    }

    #[test]
    fn rule_a_lighter_session_keeps_the_movement_and_never_steps_the_load_up() {
        let units = Units::Imperial;
        /// (sets, load in lb) of the full session and of the lighter one.
        type Dosed = (u8, Option<f64>);
        type Case = (&'static str, u8, Vec<SessionLog>, u64, Dosed, Dosed);
        // (name, stage, history, today, full, lighter)
        let cases: Vec<Case> = vec![
            (
                "bodyweight: fewer sets",
                3,
                vec![bw(3, 0)],
                3,
                (3, None),
                (2, None),
            ),
            (
                "barbell: the step earned waits",
                6,
                vec![clean(6, day(0), lb(45.0))],
                3,
                (5, Some(50.0)),
                (3, Some(45.0)),
            ),
            (
                "barbell, no step earned: the same load",
                6,
                vec![with(clean(6, day(0), lb(95.0)), |s| s.sets[0].reps = 3)],
                3,
                (5, Some(95.0)),
                (3, Some(95.0)),
            ),
            (
                "a typed load above the last prescription does not carry",
                6,
                vec![with(clean(6, day(0), lb(95.0)), |s| {
                    s.prescribed_load = Some(lb(85.0));
                    s.sets[0].reps = 3;
                })],
                3,
                (5, Some(95.0)),
                (3, Some(85.0)),
            ),
            (
                "dumbbell start: the first dumbbell",
                5,
                vec![],
                0,
                (3, Some(20.0)),
                (2, Some(20.0)),
            ),
        ];
        for (name, stage, history, today, full, light) in cases {
            let sp = spec(stage);
            let dose = Dose::from_spec(&sp);
            let st = state(stage, false);
            let rx = prescribe(&sp, &dose, &st, &history, day(today), units);
            let lx = prescribe_lighter(&sp, &dose, &st, &history, day(today), units);
            assert_eq!((rx.sets, rx.load), (full.0, full.1.map(lb)), "{name}: full");
            assert_eq!(
                (lx.sets, lx.load),
                (light.0, light.1.map(lb)),
                "{name}: lighter"
            );
            assert_eq!(
                (lx.stage, lx.target_reps, lx.hold_seconds, lx.per_leg),
                (rx.stage, rx.target_reps, rx.hold_seconds, rx.per_leg),
                "{name}: the same movement"
            );
        }
    }

    #[test]
    fn rule_the_readiness_trend_counts_hard_shifts_and_lighter_sessions_per_week() {
        // day(0) is Monday 5 January 2026.
        let barely = hard(Sleep::Barely, Soreness::None, Calls::Many);
        let short = hard(Sleep::Short, Soreness::None, Calls::None);
        let sessions = [
            (day(0), Some(Readiness::Fine), false),
            (day(3), Some(barely), true),
            (day(7), Some(short), false),
            (day(9), None, false),
            (day(10), Some(barely), false),
            (day(11), Some(barely), true),
            // Before the first week shown, and after today: left out.
            (day(0) - Duration::days(8), Some(barely), true),
            (day(20), Some(barely), true),
        ];
        let trend = readiness_trend(day(13), 3, sessions);
        let got: Vec<(NaiveDate, u32, u32, u32)> = trend
            .iter()
            .map(|w| (w.monday, w.sessions, w.hard, w.lighter))
            .collect();
        assert_eq!(
            got,
            vec![
                (day(7), 4, 3, 1),
                (day(0), 2, 1, 1),
                (day(0) - Duration::days(7), 0, 0, 0),
            ]
        );
        assert!(readiness_trend(day(13), 8, [])
            .iter()
            .all(|w| w.sessions == 0));
        assert_eq!(readiness_trend(day(13), 8, []).len(), 8);
    }

    #[test]
    fn stored_answers_round_trip_and_read_plainly() {
        for &s in Sleep::VARIANTS {
            assert_eq!(Sleep::parse(s.as_str()), Some(s));
            assert!(!s.label().is_empty() && !s.phrase().is_empty());
        }
        for &s in Soreness::VARIANTS {
            assert_eq!(Soreness::parse(s.as_str()), Some(s));
            assert!(!s.label().is_empty() && !s.phrase().is_empty());
        }
        for &c in Calls::VARIANTS {
            assert_eq!(Calls::parse(c.as_str()), Some(c));
            assert!(!c.label().is_empty() && !c.phrase().is_empty());
        }
        assert_eq!(Soreness::ALot.as_str(), "a_lot");
    }
}

//! The roster's rules: which members need a coach's eye. Stalled (no stage
//! change and no load increase for six weeks), no session in fourteen days,
//! adherence over the last 28 days, and the flags a row shows. Plain data
//! in, answers out.

use chrono::{Duration, NaiveDate};

use crate::domain::progression::{CoachFlag, Hold};
use crate::domain::schedule::{adherence, Adherence, Plan, WeekMemo, ADHERENCE_WINDOW_DAYS};
use crate::domain::units::Load;

/// A flag on the roster.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
pub enum Flag {
    #[strum(serialize = "pain")]
    Pain,
    #[strum(serialize = "ready")]
    Ready,
    #[strum(serialize = "cramp")]
    Cramp,
    #[strum(serialize = "above_cap")]
    AboveCap,
    #[strum(serialize = "stalled")]
    Stalled,
    #[strum(serialize = "retest")]
    RetestDue,
    #[strum(serialize = "inactive")]
    NoSession,
}

impl Flag {
    pub fn label(&self) -> &'static str {
        match self {
            Flag::Pain => "Pain reported",
            Flag::Ready => "Ready to advance",
            Flag::Cramp => "Repeated cramp",
            Flag::AboveCap => "Logged above the weekly cap",
            Flag::Stalled => "Stalled",
            Flag::RetestDue => "Retest due",
            Flag::NoSession => "No session in 14 days",
        }
    }

    /// How loud the flag is (a CSS class): pain is the only danger red;
    /// every kind also has its own colour through its `flag-` class.
    pub fn class(&self) -> &'static str {
        match self {
            Flag::Pain => "bad",
            Flag::Ready => "ok",
            Flag::Cramp | Flag::AboveCap => "warn",
            Flag::Stalled | Flag::RetestDue | Flag::NoSession => "info",
        }
    }
}

/// The flags a member's row shows, in the roster's order: open coach flags
/// (pain of any kind, ready to advance, repeated cramp, a load logged above
/// the weekly cap), then what the
/// training facts say (stalled, retest due, no recent session). Ready to
/// advance and stalled never show at once: a member ready to move up is not
/// stuck, the coach's decision is.
pub fn row_flags(
    open: &[CoachFlag],
    facts: &TrainingFacts,
    retest_due: bool,
    today: NaiveDate,
) -> Vec<Flag> {
    let pain = open.iter().any(|f| {
        matches!(
            f,
            CoachFlag::LowerBackPain | CoachFlag::HipPain | CoachFlag::KneePain
        )
    });
    let ready = open.contains(&CoachFlag::ReadyToAdvance);
    [
        (Flag::Pain, pain),
        (Flag::Ready, ready),
        (Flag::Cramp, open.contains(&CoachFlag::RepeatedCramp)),
        (Flag::AboveCap, open.contains(&CoachFlag::AboveWeeklyCap)),
        (Flag::Stalled, !ready && stalled(facts, today)),
        (Flag::RetestDue, retest_due),
        (Flag::NoSession, no_recent_session(facts, today)),
    ]
    .into_iter()
    .filter_map(|(flag, on)| on.then_some(flag))
    .collect()
}

/// Adherence over the last 28 days up to `today`, from the member's plan and
/// the day of each session they logged (see `schedule::adherence`). Planned
/// days inside a hold are not counted.
///
/// The weeks are looked up in `weeks`, kept across the members of a page.
pub fn recent_adherence(
    plan: &Plan<'_>,
    logged: &[NaiveDate],
    today: NaiveDate,
    hold: Option<&Hold>,
    weeks: &mut WeekMemo<'_>,
) -> Adherence {
    let start = today - Duration::days(ADHERENCE_WINDOW_DAYS as i64 - 1);
    let mut planned = plan.planned_days_kept(weeks, start, today);
    planned.retain(|d| hold.is_none_or(|h| !h.covers(*d)));
    let logged: Vec<NaiveDate> = logged
        .iter()
        .copied()
        .filter(|d| *d >= start && *d <= today)
        .collect();
    adherence(&planned, &logged)
}

/// Six weeks without a stage change or a load increase is a stall.
pub const STALL_DAYS: i64 = 42;
/// Training regularly: at least this many sessions logged in the six weeks
/// (one a week, half of the two a week the program asks for).
pub const REGULAR_SESSIONS: usize = 6;

/// What the roster page says "stalled" means, in a coach's words.
pub const STALLED_MEANS: &str = "Stalled: training regularly (at least 6 sessions in the last \
     6 weeks) but no move up a stage and no heavier top set in those 6 weeks, and not ready \
     to advance. Members who are not training show \"No session in 14 days\" instead.";
/// Two weeks without a session.
pub const INACTIVE_DAYS: i64 = 14;

/// What the roster knows of one member's recent training.
#[derive(Debug, Clone, Default)]
pub struct TrainingFacts {
    /// The day the current assignment started (`None`: not assigned).
    pub assigned_since: Option<NaiveDate>,
    /// The member's last logged session, partial ones included.
    pub last_session: Option<NaiveDate>,
    /// The days of the sessions logged over the last six weeks at least
    /// (`StallWindow::recent_from` on), partial ones included.
    pub logged: Vec<NaiveDate>,
    /// The last stage change of any kind.
    pub last_stage_change: Option<NaiveDate>,
    /// Top loads of finished sessions over the last six weeks at least.
    pub top_loads: Vec<(NaiveDate, Load)>,
    /// The heaviest top load of a finished session in the six weeks before
    /// those (`StallWindow::earlier_from` up to `recent_from`): all the
    /// stall rule needs of them.
    pub heaviest_before: Option<Load>,
    /// The member's last hold (a coach's pause), current or over.
    pub hold: Option<Hold>,
}

impl TrainingFacts {
    /// The day the member's training counts from on `today`: the start of
    /// the assignment, or the return from a hold if later. `None` when not
    /// assigned, or on hold today (nothing counts against them).
    pub fn counting_since(&self, today: NaiveDate) -> Option<NaiveDate> {
        let since = self.assigned_since?;
        match self.hold {
            Some(hold) if hold.covers(today) => None,
            Some(hold) if hold.from <= today => Some(since.max(hold.return_day())),
            _ => Some(since),
        }
    }

    /// The day the stall clock counts from on `today`: the start of the
    /// assignment. A hold pauses the flag while it lasts (`None`), but a
    /// member back from it at the same stage did not change stage: the
    /// clock runs on (the sessions counted in the window say whether they
    /// trained). A return one stage back is a stage change of its own.
    pub fn stall_since(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self.hold {
            Some(hold) if hold.covers(today) => None,
            _ => self.assigned_since,
        }
    }
}

/// The days the stall rule reads on `today`: the last six weeks session by
/// session (from `recent_from` on), and of the six weeks before them (from
/// `earlier_from` up to `recent_from`) only the heaviest top set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StallWindow {
    pub earlier_from: NaiveDate,
    pub recent_from: NaiveDate,
}

impl StallWindow {
    pub fn on(today: NaiveDate) -> StallWindow {
        StallWindow {
            earlier_from: today - Duration::days(2 * STALL_DAYS - 1),
            recent_from: today - Duration::days(STALL_DAYS - 1),
        }
    }
}

/// Rule: stalled. Training regularly (at least [`REGULAR_SESSIONS`] in the
/// last six weeks) with no stage change and no load increase in those six
/// weeks, for a member assigned at least that long. A load increase means
/// the heaviest load of the last six weeks beats the heaviest of the six
/// weeks before. A member who hardly trains is not stalled: no progress is
/// about attendance, which "no session in 14 days" and adherence show.
pub fn stalled(facts: &TrainingFacts, today: NaiveDate) -> bool {
    let Some(since) = facts.stall_since(today) else {
        return false;
    };
    let window = today - Duration::days(STALL_DAYS);
    if since > window {
        return false;
    }
    let recent = facts
        .logged
        .iter()
        .filter(|d| **d > window && **d <= today)
        .count();
    if recent < REGULAR_SESSIONS {
        return false;
    }
    if facts.last_stage_change.is_some_and(|d| d > window) {
        return false;
    }
    let heaviest = facts
        .top_loads
        .iter()
        .filter(|(d, _)| *d > window && *d <= today)
        .map(|(_, l)| *l)
        .max();
    match (heaviest, facts.heaviest_before) {
        (Some(recent), Some(earlier)) => recent <= earlier,
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// Assigned (and back from any hold) for at least two weeks and no session
/// in the last fourteen days.
pub fn no_recent_session(facts: &TrainingFacts, today: NaiveDate) -> bool {
    let Some(since) = facts.counting_since(today) else {
        return false;
    };
    let cutoff = today - Duration::days(INACTIVE_DAYS);
    since <= cutoff && facts.last_session.is_none_or(|d| d <= cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_flags_follow_open_flags_and_facts() {
        let today = d(120);
        let quiet = TrainingFacts {
            assigned_since: Some(d(100)),
            last_session: Some(d(119)),
            ..TrainingFacts::default()
        };
        let idle = TrainingFacts {
            assigned_since: Some(d(0)),
            last_session: Some(d(90)),
            logged: vec![d(90)],
            last_stage_change: Some(d(0)),
            top_loads: vec![],
            heaviest_before: None,
            hold: None,
        };
        let stuck = TrainingFacts {
            assigned_since: Some(d(0)),
            last_session: Some(d(119)),
            logged: twice_a_week(60, 120),
            last_stage_change: Some(d(0)),
            ..TrainingFacts::default()
        };
        let cases: Vec<(&[CoachFlag], &TrainingFacts, bool, Vec<Flag>)> = vec![
            (&[], &quiet, false, vec![]),
            (&[CoachFlag::KneePain], &quiet, false, vec![Flag::Pain]),
            (
                &[CoachFlag::HipPain, CoachFlag::LowerBackPain],
                &quiet,
                false,
                vec![Flag::Pain],
            ),
            (
                &[CoachFlag::ReadyToAdvance, CoachFlag::RepeatedCramp],
                &quiet,
                true,
                vec![Flag::Ready, Flag::Cramp, Flag::RetestDue],
            ),
            (&[], &idle, false, vec![Flag::NoSession]),
            (&[], &stuck, false, vec![Flag::Stalled]),
            (
                &[CoachFlag::ReadyToAdvance],
                &stuck,
                false,
                vec![Flag::Ready],
            ),
            (
                &[CoachFlag::AboveWeeklyCap, CoachFlag::KneePain],
                &quiet,
                false,
                vec![Flag::Pain, Flag::AboveCap],
            ),
        ];
        for (open, facts, retest, expected) in cases {
            assert_eq!(row_flags(open, facts, retest, today), expected, "{open:?}");
        }
    }

    /// Rule: hold. While on hold nothing counts against the member (no
    /// "no session", no stall); back from it, both count from the return.
    #[test]
    fn rule_hold_raises_no_inactivity_or_stall_flag() {
        let today = d(120);
        let idle = |hold: Option<(i64, i64)>| TrainingFacts {
            assigned_since: Some(d(0)),
            last_session: Some(d(60)),
            logged: vec![],
            last_stage_change: Some(d(0)),
            top_loads: vec![],
            heaviest_before: None,
            hold: hold.map(|(from, until)| Hold {
                from: d(from),
                until: d(until),
            }),
        };
        // (name, hold (first day, last day), flags)
        let cases = [
            ("no hold", None, vec![Flag::NoSession]),
            ("on hold today", Some((61, 130)), vec![]),
            ("back 5 days ago", Some((61, 114)), vec![]),
            ("back 20 days ago", Some((61, 99)), vec![Flag::NoSession]),
            ("back 50 days ago", Some((61, 69)), vec![Flag::NoSession]),
        ];
        for (name, hold, expected) in cases {
            assert_eq!(
                row_flags(&[], &idle(hold), false, today),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn flags_round_trip_their_query_names() {
        use crate::domain::Named;
        use strum::VariantArray;
        for &flag in Flag::VARIANTS {
            assert_eq!(Flag::parse(flag.as_str()), Some(flag));
        }
        assert_eq!(Flag::RetestDue.as_str(), "retest");
        assert_eq!(Flag::NoSession.as_str(), "inactive");
    }

    fn d(day: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day)
    }

    /// Sessions every third or fourth day from `from` up to `to`.
    fn twice_a_week(from: i64, to: i64) -> Vec<NaiveDate> {
        (from..=to)
            .filter(|n| n % 7 == 0 || n % 7 == 3)
            .map(d)
            .collect()
    }

    fn lb(n: i64) -> Load {
        Load::from_grams(n * 453)
    }

    /// Rule: stalled.
    #[test]
    fn rule_stalled_means_training_regularly_without_moving_up() {
        let today = d(120);
        let training = twice_a_week(0, 120);
        let cases: Vec<(&str, TrainingFacts, bool)> = vec![
            ("not assigned", TrainingFacts::default(), false),
            (
                "assigned five weeks ago",
                TrainingFacts {
                    assigned_since: Some(d(85)),
                    ..Default::default()
                },
                false,
            ),
            (
                "bodyweight, no stage change for seven weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(71)),
                    logged: training.clone(),
                    ..Default::default()
                },
                true,
            ),
            (
                "no stage change for seven weeks, five sessions in the last six",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(71)),
                    logged: vec![d(80), d(90), d(100), d(110), d(118)],
                    ..Default::default()
                },
                false,
            ),
            (
                "no stage change for seven weeks, six sessions in the last six",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(71)),
                    logged: vec![d(80), d(90), d(100), d(105), d(110), d(118)],
                    ..Default::default()
                },
                true,
            ),
            (
                "stage changed five weeks ago",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    logged: training.clone(),
                    last_stage_change: Some(d(85)),
                    ..Default::default()
                },
                false,
            ),
            (
                "load went up in the last six weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    logged: training.clone(),
                    top_loads: vec![(d(100), lb(105))],
                    heaviest_before: Some(lb(95)),
                    ..Default::default()
                },
                false,
            ),
            (
                "same load for twelve weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    logged: training.clone(),
                    top_loads: vec![(d(100), lb(95))],
                    heaviest_before: Some(lb(95)),
                    ..Default::default()
                },
                true,
            ),
            (
                "on hold today",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    logged: training.clone(),
                    hold: Some(Hold {
                        from: d(115),
                        until: d(125),
                    }),
                    ..Default::default()
                },
                false,
            ),
            (
                "back from a short hold at the same stage, training regularly",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    logged: training.clone(),
                    hold: Some(Hold {
                        from: d(100),
                        until: d(104),
                    }),
                    ..Default::default()
                },
                true,
            ),
            (
                "first loaded sessions in the last six weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    logged: training.clone(),
                    top_loads: vec![(d(100), lb(45))],
                    ..Default::default()
                },
                false,
            ),
        ];
        for (name, facts, expected) in cases {
            assert_eq!(stalled(&facts, today), expected, "{name}");
        }
    }

    /// The rule as it read twelve weeks of top loads one by one (what
    /// `stalled` must give with the earlier six weeks reduced to their
    /// heaviest): `facts` holds every session.
    fn stalled_reading_twelve_weeks(facts: &TrainingFacts, today: NaiveDate) -> bool {
        let Some(since) = facts.stall_since(today) else {
            return false;
        };
        let window = today - Duration::days(STALL_DAYS);
        if since > window {
            return false;
        }
        let recent = facts
            .logged
            .iter()
            .filter(|d| **d > window && **d <= today)
            .count();
        if recent < REGULAR_SESSIONS {
            return false;
        }
        if facts.last_stage_change.is_some_and(|d| d > window) {
            return false;
        }
        let before = window - Duration::days(STALL_DAYS);
        let heaviest = |from: NaiveDate, to: NaiveDate| {
            facts
                .top_loads
                .iter()
                .filter(|(d, _)| *d > from && *d <= to)
                .map(|(_, l)| *l)
                .max()
        };
        match (heaviest(window, today), heaviest(before, window)) {
            (Some(recent), Some(earlier)) => recent <= earlier,
            (Some(_), None) => false,
            (None, _) => true,
        }
    }

    proptest::proptest! {
        /// Reading the six weeks before the last six as their heaviest top
        /// set (what the roster now reads of them) decides as reading each
        /// of their sessions did.
        #[test]
        fn the_earlier_weeks_heaviest_decides_as_their_sessions_did(
            sessions in proptest::collection::vec((0i64..140, proptest::option::of(0i64..4)), 0..48),
            changed in proptest::option::of(0i64..140),
            assigned in 0i64..100,
            today in 84i64..140,
        ) {
            let today = d(today);
            let window = StallWindow::on(today);
            let logged: Vec<NaiveDate> = sessions.iter().map(|(n, _)| d(*n)).collect();
            let loads: Vec<(NaiveDate, Load)> = sessions
                .iter()
                .filter_map(|(n, step)| Some((d(*n), lb(95 + 10 * (*step)?))))
                .collect();
            let every = TrainingFacts {
                assigned_since: Some(d(assigned)),
                last_session: logged.iter().max().copied(),
                logged: logged.clone(),
                last_stage_change: changed.map(d),
                top_loads: loads.clone(),
                heaviest_before: None,
                hold: None,
            };
            let read = TrainingFacts {
                logged: logged.iter().copied().filter(|x| *x >= window.recent_from).collect(),
                top_loads: loads.iter().copied().filter(|(x, _)| *x >= window.recent_from).collect(),
                heaviest_before: loads
                    .iter()
                    .filter(|(x, _)| *x >= window.earlier_from && *x < window.recent_from)
                    .map(|(_, l)| *l)
                    .max(),
                ..every.clone()
            };
            proptest::prop_assert_eq!(
                stalled(&read, today),
                stalled_reading_twelve_weeks(&every, today)
            );
        }
    }

    #[test]
    fn no_session_in_two_weeks() {
        let today = d(100);
        let cases: Vec<(&str, TrainingFacts, bool)> = vec![
            ("not assigned", TrainingFacts::default(), false),
            (
                "assigned ten days ago, nothing yet",
                TrainingFacts {
                    assigned_since: Some(d(90)),
                    ..Default::default()
                },
                false,
            ),
            (
                "assigned a month ago, nothing yet",
                TrainingFacts {
                    assigned_since: Some(d(70)),
                    ..Default::default()
                },
                true,
            ),
            (
                "last session 14 days ago",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_session: Some(d(86)),
                    ..Default::default()
                },
                true,
            ),
            (
                "last session 13 days ago",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_session: Some(d(87)),
                    ..Default::default()
                },
                false,
            ),
        ];
        for (name, facts, expected) in cases {
            assert_eq!(no_recent_session(&facts, today), expected, "{name}");
        }
    }
}

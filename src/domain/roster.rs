//! The roster's rules: which members need a coach's eye. Stalled (no stage
//! change and no load increase for six weeks), no session in fourteen days,
//! adherence over the last 28 days. Plain data in, answers out.

use chrono::{Duration, NaiveDate};

use crate::domain::units::Load;

/// Six weeks without a stage change or a load increase is a stall.
pub const STALL_DAYS: i64 = 42;
/// Two weeks without a session.
pub const INACTIVE_DAYS: i64 = 14;

/// What the roster knows of one member's recent training.
#[derive(Debug, Clone, Default)]
pub struct TrainingFacts {
    /// The day the current assignment started (`None`: not assigned).
    pub assigned_since: Option<NaiveDate>,
    /// The member's last logged session, partial ones included.
    pub last_session: Option<NaiveDate>,
    /// The last stage change of any kind.
    pub last_stage_change: Option<NaiveDate>,
    /// Top loads of finished sessions over the last twelve weeks at least.
    pub top_loads: Vec<(NaiveDate, Load)>,
}

/// No stage change and no load increase in the last six weeks, for a member
/// assigned at least that long. A load increase means the heaviest load of
/// the last six weeks beats the heaviest of the six weeks before.
pub fn stalled(facts: &TrainingFacts, today: NaiveDate) -> bool {
    let Some(since) = facts.assigned_since else {
        return false;
    };
    let window = today - Duration::days(STALL_DAYS);
    if since > window {
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

/// Assigned for at least two weeks and no session in the last fourteen days.
pub fn no_recent_session(facts: &TrainingFacts, today: NaiveDate) -> bool {
    let Some(since) = facts.assigned_since else {
        return false;
    };
    let cutoff = today - Duration::days(INACTIVE_DAYS);
    since <= cutoff && facts.last_session.is_none_or(|d| d <= cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day)
    }

    fn lb(n: i64) -> Load {
        Load::from_grams(n * 453)
    }

    #[test]
    fn stalls() {
        let today = d(120);
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
                    ..Default::default()
                },
                true,
            ),
            (
                "stage changed five weeks ago",
                TrainingFacts {
                    assigned_since: Some(d(0)),
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
                    top_loads: vec![(d(60), lb(95)), (d(100), lb(105))],
                    ..Default::default()
                },
                false,
            ),
            (
                "same load for twelve weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
                    top_loads: vec![(d(60), lb(95)), (d(100), lb(95))],
                    ..Default::default()
                },
                true,
            ),
            (
                "first loaded sessions in the last six weeks",
                TrainingFacts {
                    assigned_since: Some(d(0)),
                    last_stage_change: Some(d(10)),
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

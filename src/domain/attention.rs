//! Needs attention: which roster flags ask a coach for a decision, in what
//! order (most urgent first), which decisions fit each, and which past
//! decision still answers a line. Plain data in, answers out.

use chrono::NaiveDate;

use crate::domain::roster::Flag;

/// The order a coach answers them in: pain first, a stall last.
pub const URGENCY: [Flag; 7] = [
    Flag::Pain,
    Flag::Cramp,
    Flag::Ready,
    Flag::AboveCap,
    Flag::RetestDue,
    Flag::NoSession,
    Flag::Stalled,
];

/// Where a flag stands in [`URGENCY`] (0 is the most urgent).
pub fn urgency(flag: Flag) -> usize {
    URGENCY
        .iter()
        .position(|f| *f == flag)
        .unwrap_or(URGENCY.len())
}

/// A coach's answer to a line.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
pub enum Action {
    /// Seen and dealt with (a pain report, a cramp, a load above the cap).
    #[strum(serialize = "acknowledged")]
    Acknowledge,
    /// Ready to advance: moved up now.
    #[strum(serialize = "advanced")]
    Advance,
    /// Ready to advance: kept at this stage.
    #[strum(serialize = "kept")]
    Keep,
    /// Out of the list until a date.
    #[strum(serialize = "snoozed")]
    Snooze,
    /// Not a concern, with the reason why.
    #[strum(serialize = "dismissed")]
    Dismiss,
}

impl Action {
    /// The button's words.
    pub fn button(self) -> &'static str {
        match self {
            Action::Acknowledge => "Acknowledge",
            Action::Advance => "Advance now",
            Action::Keep => "Keep at this stage",
            Action::Snooze => "Snooze until",
            Action::Dismiss => "Dismiss",
        }
    }

    /// The word the timeline keeps.
    pub fn past(self) -> &'static str {
        self.into()
    }

    /// A note is required for it (the timeline says why).
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Acknowledge | Action::Keep | Action::Dismiss)
    }
}

/// The decisions that fit a line, in the order the buttons show.
pub fn actions_for(flag: Flag) -> &'static [Action] {
    match flag {
        Flag::Pain | Flag::AboveCap => &[Action::Acknowledge, Action::Snooze],
        Flag::Cramp => &[Action::Acknowledge, Action::Snooze, Action::Dismiss],
        Flag::Ready => &[Action::Advance, Action::Keep, Action::Snooze],
        Flag::RetestDue | Flag::NoSession | Flag::Stalled => &[Action::Snooze, Action::Dismiss],
    }
}

/// A decision already taken on a member's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastDecision {
    pub reason: Flag,
    pub action: Action,
    /// The date of the evidence the decision answered.
    pub evidence_on: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
}

/// Rule: a decision answers a line while the evidence is the one it
/// answered (new evidence, such as a second pain report, brings the line
/// back); a snooze only until its date (the line shows again on that day).
/// `decisions` are the member's, newest first; the newest on this reason
/// counts.
pub fn answered(
    reason: Flag,
    evidence_on: Option<NaiveDate>,
    decisions: &[PastDecision],
    today: NaiveDate,
) -> bool {
    let Some(last) = decisions.iter().find(|d| d.reason == reason) else {
        return false;
    };
    last.evidence_on == evidence_on
        && match last.action {
            Action::Snooze => last.snoozed_until.is_some_and(|until| today < until),
            _ => true,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn d(day: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Duration::days(day)
    }

    fn decision(reason: Flag, action: Action, on: i64, until: Option<i64>) -> PastDecision {
        PastDecision {
            reason,
            action,
            evidence_on: Some(d(on)),
            snoozed_until: until.map(d),
        }
    }

    #[test]
    fn rule_urgency_puts_pain_first_and_a_stall_last() {
        use strum::VariantArray;
        let mut all = Flag::VARIANTS.to_vec();
        all.sort_by_key(|f| urgency(*f));
        assert_eq!(all, URGENCY.to_vec());
        assert_eq!(all.first(), Some(&Flag::Pain));
        assert_eq!(all.last(), Some(&Flag::Stalled));
        assert!(urgency(Flag::Cramp) < urgency(Flag::Ready));
        assert!(urgency(Flag::RetestDue) < urgency(Flag::NoSession));
    }

    #[test]
    fn rule_a_decision_answers_its_line_while_the_evidence_is_the_same() {
        let today = d(10);
        // (name, reason asked about, evidence now, decisions newest first, answered)
        let cases: Vec<(&str, Flag, i64, Vec<PastDecision>, bool)> = vec![
            ("no decision", Flag::Pain, 9, vec![], false),
            (
                "dismissed, same evidence",
                Flag::NoSession,
                1,
                vec![decision(Flag::NoSession, Action::Dismiss, 1, None)],
                true,
            ),
            (
                "dismissed, new evidence",
                Flag::NoSession,
                5,
                vec![decision(Flag::NoSession, Action::Dismiss, 1, None)],
                false,
            ),
            (
                "another reason's decision",
                Flag::Stalled,
                1,
                vec![decision(Flag::NoSession, Action::Dismiss, 1, None)],
                false,
            ),
            (
                "snoozed until tomorrow",
                Flag::RetestDue,
                1,
                vec![decision(Flag::RetestDue, Action::Snooze, 1, Some(11))],
                true,
            ),
            (
                "snoozed until today: back today",
                Flag::RetestDue,
                1,
                vec![decision(Flag::RetestDue, Action::Snooze, 1, Some(10))],
                false,
            ),
            (
                "snoozed, a new pain report",
                Flag::Pain,
                9,
                vec![decision(Flag::Pain, Action::Snooze, 3, Some(20))],
                false,
            ),
            (
                "the newest decision counts",
                Flag::Stalled,
                1,
                vec![
                    decision(Flag::Stalled, Action::Snooze, 1, Some(8)),
                    decision(Flag::Stalled, Action::Dismiss, 1, None),
                ],
                false,
            ),
        ];
        for (name, reason, on, decisions, expected) in cases {
            assert_eq!(
                answered(reason, Some(d(on)), &decisions, today),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn rule_each_line_offers_the_decisions_that_fit() {
        use strum::VariantArray;
        for &flag in Flag::VARIANTS {
            let actions = actions_for(flag);
            assert!(actions.contains(&Action::Snooze), "{flag:?}");
            assert_eq!(
                actions.contains(&Action::Advance),
                flag == Flag::Ready,
                "{flag:?}"
            );
        }
        assert!(actions_for(Flag::Pain).contains(&Action::Acknowledge));
        assert!(!actions_for(Flag::Pain).contains(&Action::Dismiss));
        assert!(Action::Dismiss.needs_note() && !Action::Snooze.needs_note());
    }
}

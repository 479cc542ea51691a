//! What a session led to (`Outcome`): the decision about the member's
//! stage, the fixes to show, the flags for the coach, and the words the
//! member reads for each.

use chrono::NaiveDate;

use super::log::Pain;
use super::stage::LAST_STAGE;
use crate::domain::units::Load;

/// What happens after a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Same stage next time.
    Stay,
    /// The stage's rule is met; a coach confirms the move.
    ReadyToAdvance,
    /// Moved up one stage (auto-advance on, the stage allows it).
    Advance { to: u8 },
    /// Sharp lower-back pain: one stage down until `restore_on`.
    PainRegression { to: u8, restore_on: NaiveDate },
    /// A red flag: stop, the coach checks in first.
    StopSeeCoach,
}

impl Decision {
    /// The member's new stage, when the decision changes it.
    pub fn new_stage(&self) -> Option<u8> {
        match *self {
            Decision::Advance { to } | Decision::PainRegression { to, .. } => Some(to),
            Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => None,
        }
    }

    /// A short headline for the member.
    pub fn headline(&self) -> String {
        match *self {
            Decision::Stay => "Same stage next session".to_string(),
            Decision::ReadyToAdvance => "Ready to move up".to_string(),
            Decision::Advance { to } => format!("Moving up to stage {to} of {LAST_STAGE}"),
            Decision::PainRegression { to, .. } => format!("Back to stage {to} for a week"),
            Decision::StopSeeCoach => "Stop here and see your coach".to_string(),
        }
    }

    /// What happens next, in plain words for the member.
    pub fn explanation(&self) -> String {
        match *self {
            Decision::Stay => "Keep this stage and dose. You move up after clean sessions in a \
                 row: every rep done, felt in the glutes, no pain, good form."
                .to_string(),
            Decision::ReadyToAdvance => "You met this stage's standard. Your coach will check \
                 your form and confirm the move to the next stage."
                .to_string(),
            Decision::Advance { to } => {
                format!("You met the standard for your stage. Your next session starts stage {to}.")
            }
            Decision::PainRegression { to, restore_on } => format!(
                "Sharp lower-back pain means the work got ahead of your form. Your sessions \
                 use stage {to} until {}, then your stage comes back by itself. Your coach \
                 has been told.",
                crate::domain::today::day_text(restore_on)
            ),
            Decision::StopSeeCoach => "Pain in the lower back, hip joint or knee is a red \
                 flag. Stop this session; your coach has been told and will talk with you \
                 before your next one."
                .to_string(),
        }
    }

    /// The headline for a coach reading about the member `name`.
    pub fn headline_about(&self, name: &str) -> String {
        match *self {
            Decision::Stay => format!("Same stage next session for {name}"),
            Decision::ReadyToAdvance => format!("{name} is ready to move up"),
            Decision::Advance { to } => {
                format!("Next session for {name}: stage {to} of {LAST_STAGE}")
            }
            Decision::PainRegression { to, .. } => {
                format!("{name} goes back to stage {to} for a week")
            }
            Decision::StopSeeCoach => format!("{name} stopped: talk with them first"),
        }
    }

    /// What happens next, for a coach reading about the member `name`.
    pub fn explanation_about(&self, name: &str) -> String {
        match *self {
            Decision::Stay => format!(
                "{name} keeps this stage and dose, and moves up after clean sessions in a row: \
                 every rep done, felt in the glutes, no pain, good form."
            ),
            Decision::ReadyToAdvance => format!(
                "{name} met this stage's standard. Check their form and confirm the move to \
                 the next stage on their page."
            ),
            Decision::Advance { to } => format!(
                "{name} met the standard for the stage. Their next session starts stage {to}."
            ),
            Decision::PainRegression { to, restore_on } => format!(
                "Sharp lower-back pain means the work got ahead of {name}'s form. Their \
                 sessions use stage {to} until {}, then the stage comes back by itself.",
                crate::domain::today::day_text(restore_on)
            ),
            Decision::StopSeeCoach => format!(
                "Pain in the lower back, hip joint or knee is a red flag. Talk with {name} \
                 before their next session."
            ),
        }
    }
}

/// A fix shown when the work went somewhere other than the glutes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Fix {
    FeetCloser,
    FeetNotTooClose,
    DriveThroughHeels,
    ChinTucked,
    RibsDown,
    TuckPelvis,
}

impl Fix {
    /// A short title.
    pub fn label(self) -> &'static str {
        match self {
            Fix::FeetCloser => "Feet closer",
            Fix::FeetNotTooClose => "Feet not too close",
            Fix::DriveThroughHeels => "Drive through the heels",
            Fix::ChinTucked => "Chin tucked",
            Fix::RibsDown => "Ribs down",
            Fix::TuckPelvis => "Tuck the pelvis",
        }
    }

    /// The fix in plain words.
    pub fn text(self) -> &'static str {
        match self {
            Fix::FeetCloser => {
                "Bring your feet in closer to your hips; feet far out hand the work to the \
                 hamstrings."
            }
            Fix::FeetNotTooClose => {
                "Do not tuck your feet right under you: shins should be upright at the top."
            }
            Fix::DriveThroughHeels => {
                "Push the floor away through your heels, not your toes, so the quads stay out \
                 of it."
            }
            Fix::ChinTucked => "Keep your chin tucked and your eyes forward, not on the ceiling.",
            Fix::RibsDown => "Keep your ribs down so your lower back does not arch.",
            Fix::TuckPelvis => {
                "Tuck your pelvis slightly before you lift, and stop when your hips line up \
                 with your body."
            }
        }
    }
}

/// Something the coach should look at.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum CoachFlag {
    LowerBackPain,
    HipPain,
    KneePain,
    RepeatedCramp,
    ReadyToAdvance,
    AboveWeeklyCap,
}

impl CoachFlag {
    /// A pain report of any kind (what the coach's navigation counts).
    pub fn is_pain(self) -> bool {
        matches!(
            self,
            CoachFlag::LowerBackPain | CoachFlag::HipPain | CoachFlag::KneePain
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            CoachFlag::LowerBackPain => "Lower-back pain",
            CoachFlag::HipPain => "Hip-joint pain",
            CoachFlag::KneePain => "Knee pain",
            CoachFlag::RepeatedCramp => "Hamstring cramps twice in a row",
            CoachFlag::ReadyToAdvance => "Ready to advance",
            CoachFlag::AboveWeeklyCap => "Logged above the weekly cap",
        }
    }

    /// The pain a pain flag was raised for.
    pub fn pain(self) -> Option<Pain> {
        match self {
            CoachFlag::LowerBackPain => Some(Pain::LowerBack),
            CoachFlag::HipPain => Some(Pain::HipJoint),
            CoachFlag::KneePain => Some(Pain::Knee),
            CoachFlag::RepeatedCramp | CoachFlag::ReadyToAdvance | CoachFlag::AboveWeeklyCap => {
                None
            }
        }
    }
}

/// The result of evaluating one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub decision: Decision,
    /// Fixes for where it was felt, a cramp or lower-back pain, in a fixed order.
    pub fixes: Vec<Fix>,
    /// Hamstring cramps twice in a row: suggest going back to floor bridges.
    /// Only a suggestion; the stage does not change by itself.
    pub suggest_floor_bridges: bool,
    /// Sorted, without repeats.
    pub coach_flags: Vec<CoachFlag>,
    /// A preview of the next session's load at this stage, assuming it comes
    /// after a rest day; `prescribe` on the day is the authority (the weekly
    /// cap depends on the date). `None` on bodyweight stages and when the
    /// decision changes the stage.
    pub next_load: Option<Load>,
    /// The member's working load after this session, to store in
    /// `MemberState::working_load` (`MemberState::after` does it): the top
    /// weight of a finished loaded session, otherwise unchanged.
    pub working_load: Option<Load>,
    /// The member's rep target after this session (see [`next_rep_target`](super::next_rep_target)),
    /// to store in `MemberState::rep_target`.
    pub rep_target: Option<u8>,
    /// The session came on a training day that already has a session that
    /// counts, or the day right after one (no rest day): it is kept, but it
    /// does not count toward moving up (see [`extra_sessions`](super::extra_sessions)).
    pub extra: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Named;
    use strum::VariantArray;

    #[test]
    fn stored_flags_round_trip_and_decisions_read_plainly() {
        for &c in CoachFlag::VARIANTS {
            assert_eq!(CoachFlag::parse(c.as_str()), Some(c));
        }

        let back = Decision::PainRegression {
            to: 3,
            restore_on: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        };
        assert_eq!(back.headline(), "Back to stage 3 for a week");
        assert!(
            back.explanation().contains("Mon 7 Dec 2026"),
            "{}",
            back.explanation()
        );
        assert_eq!(
            Decision::Advance { to: 4 }.headline(),
            "Moving up to stage 4 of 7"
        );
        for d in [
            Decision::Stay,
            Decision::ReadyToAdvance,
            Decision::StopSeeCoach,
        ] {
            assert!(!d.headline().is_empty() && !d.explanation().is_empty());
        }
    }

    /// "you" or "your" as a word.
    fn speaks_to_the_reader(text: &str) -> bool {
        text.split(|c: char| !c.is_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("you") || w.eq_ignore_ascii_case("your"))
    }

    #[test]
    fn rule_a_coach_reads_about_the_member_by_name_never_as_you() {
        let restore_on = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let cases = [
            (
                Decision::Stay,
                "Same stage next session for Dana",
                "Dana keeps this stage",
            ),
            (
                Decision::ReadyToAdvance,
                "Dana is ready to move up",
                "Dana met this stage's standard",
            ),
            (
                Decision::Advance { to: 2 },
                "Next session for Dana: stage 2 of 7",
                "Their next session starts stage 2.",
            ),
            (
                Decision::PainRegression { to: 3, restore_on },
                "Dana goes back to stage 3 for a week",
                "use stage 3 until Mon 7 Dec 2026",
            ),
            (
                Decision::StopSeeCoach,
                "Dana stopped: talk with them first",
                "Talk with Dana before their next session.",
            ),
        ];
        for (decision, headline, said) in cases {
            assert_eq!(decision.headline_about("Dana"), headline, "{decision:?}");
            let explanation = decision.explanation_about("Dana");
            assert!(explanation.contains(said), "{decision:?}: {explanation}");
            assert!(explanation.contains("Dana"), "{decision:?}: {explanation}");
            for text in [decision.headline_about("Dana"), explanation] {
                assert!(!speaks_to_the_reader(&text), "{decision:?}: {text}");
            }
            // The member's own words speak to them.
            assert!(
                speaks_to_the_reader(&decision.explanation()),
                "{decision:?}"
            );
        }
    }
}

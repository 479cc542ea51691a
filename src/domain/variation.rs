//! Variations a coach can add to a member's stage (progression.md): banded,
//! tempo, long pause, frog pump and single-leg maintenance work (for both
//! sides, or an extra set for one side when a range test shows asymmetry),
//! each with the cue the member sees.

use strum::VariantArray;

use crate::domain::range_test::Side;
use crate::domain::Named;

/// One variation; stored by its snake_case name ("long_pause").
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
pub enum Variation {
    Banded,
    Tempo,
    LongPause,
    FrogPump,
    SingleLeg,
    /// An extra single-leg set for the weaker left side (range-test asymmetry).
    SingleLegLeft,
    /// The same for the right side.
    SingleLegRight,
}

impl Variation {
    pub fn label(self) -> &'static str {
        match self {
            Variation::Banded => "Banded",
            Variation::Tempo => "Tempo (3-4 s lowering)",
            Variation::LongPause => "Long pause (3-5 s at the top)",
            Variation::FrogPump => "Frog pump (activation)",
            Variation::SingleLeg => "Single-leg maintenance",
            Variation::SingleLegLeft => "Single-leg, left side (extra set)",
            Variation::SingleLegRight => "Single-leg, right side (extra set)",
        }
    }

    /// The cue the member sees.
    pub fn cue(self) -> &'static str {
        match self {
            Variation::Banded => {
                "Mini-band just above the knees: push the knees out against it the whole set, so they never cave in."
            }
            Variation::Tempo => "Lower slowly, counting 3 to 4 seconds on the way down.",
            Variation::LongPause => {
                "Hold the top for 3 to 5 seconds, glutes squeezed, ribs down, before lowering."
            }
            Variation::FrogPump => {
                "Before your sets: soles of the feet together, knees out, and short quick bridges to wake the glutes up."
            }
            Variation::SingleLeg => {
                "Keep a set of single-leg bridges each session, each side, even with the bar: good for the lower back."
            }
            Variation::SingleLegLeft => {
                "Extra single-leg set on your left side: one more set of single-leg bridges on the left, until both sides lift the same."
            }
            Variation::SingleLegRight => {
                "Extra single-leg set on your right side: one more set of single-leg bridges on the right, until both sides lift the same."
            }
        }
    }

    /// The single-leg maintenance variation for one side: the remedy a
    /// range test's asymmetry proposes for its weaker side.
    pub fn single_leg_for(side: Side) -> Variation {
        match side {
            Side::Left => Variation::SingleLegLeft,
            Side::Right => Variation::SingleLegRight,
        }
    }
}

/// Every variation, in the order the coach's page lists them.
pub fn all() -> &'static [Variation] {
    Variation::VARIANTS
}

/// Rule: what a coach's form sent: every value must be known; the list
/// comes back in a fixed order without repeats.
pub fn parse_choices(values: &[String]) -> Result<Vec<Variation>, &'static str> {
    let list: Option<Vec<Variation>> = values.iter().map(|v| Variation::parse(v)).collect();
    let mut list = list.ok_or("Choose from the list.")?;
    list.sort();
    list.dedup();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_variations_come_from_the_list_in_a_fixed_order() {
        use Variation::*;
        type Case = (
            &'static [&'static str],
            Result<Vec<Variation>, &'static str>,
        );
        let cases: [Case; 5] = [
            (&[], Ok(vec![])),
            (&["banded"], Ok(vec![Banded])),
            (&["tempo", "banded", "tempo"], Ok(vec![Banded, Tempo])),
            (
                &["single_leg", "frog_pump", "long_pause"],
                Ok(vec![LongPause, FrogPump, SingleLeg]),
            ),
            (&["tempo", "handstand"], Err("Choose from the list.")),
        ];
        for (sent, expect) in cases {
            let sent: Vec<String> = sent.iter().map(|s| s.to_string()).collect();
            assert_eq!(parse_choices(&sent), expect, "{sent:?}");
        }
        for v in all() {
            assert_eq!(Variation::parse(v.as_str()), Some(*v));
            assert!(!v.cue().is_empty() && !v.label().is_empty());
        }
        assert_eq!(LongPause.as_str(), "long_pause");
        assert_eq!(
            Variation::single_leg_for(Side::Left).as_str(),
            "single_leg_left"
        );
        assert_eq!(
            Variation::single_leg_for(Side::Right).as_str(),
            "single_leg_right"
        );
        assert!(SingleLegLeft.cue().contains("left side"));
        assert!(SingleLegRight.cue().contains("right side"));
    }
}

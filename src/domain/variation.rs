//! Variations a coach can add to a member's stage (progression.md): banded,
//! tempo, long pause, frog pump and single-leg maintenance work, each with
//! the cue the member sees.

use strum::VariantArray;

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
}

impl Variation {
    pub fn label(self) -> &'static str {
        match self {
            Variation::Banded => "Banded",
            Variation::Tempo => "Tempo (3-4 s lowering)",
            Variation::LongPause => "Long pause (3-5 s at the top)",
            Variation::FrogPump => "Frog pump (activation)",
            Variation::SingleLeg => "Single-leg maintenance",
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
    }
}

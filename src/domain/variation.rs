//! Variations a coach can add to a member's stage (progression.md): banded,
//! tempo, long pause, frog pump and single-leg maintenance work, each with
//! the cue the member sees.

/// One variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variation {
    Banded,
    Tempo,
    LongPause,
    FrogPump,
    SingleLeg,
}

impl Variation {
    pub const ALL: [Variation; 5] = [
        Variation::Banded,
        Variation::Tempo,
        Variation::LongPause,
        Variation::FrogPump,
        Variation::SingleLeg,
    ];

    /// The value stored and sent by the form.
    pub fn as_str(self) -> &'static str {
        match self {
            Variation::Banded => "banded",
            Variation::Tempo => "tempo",
            Variation::LongPause => "long_pause",
            Variation::FrogPump => "frog_pump",
            Variation::SingleLeg => "single_leg",
        }
    }

    pub fn parse(s: &str) -> Option<Variation> {
        Variation::ALL.into_iter().find(|v| v.as_str() == s)
    }

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

/// Rule: a member's variations as stored ("banded,tempo"): known values only,
/// in a fixed order, without repeats.
pub fn parse_list(text: &str) -> Vec<Variation> {
    let mut list: Vec<Variation> = text
        .split(',')
        .filter_map(|v| Variation::parse(v.trim()))
        .collect();
    list.sort();
    list.dedup();
    list
}

pub fn format_list(list: &[Variation]) -> String {
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    list.iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses what a form sent: every value must be known.
pub fn parse_choices(values: &[String]) -> Result<Vec<Variation>, &'static str> {
    let list: Option<Vec<Variation>> = values.iter().map(|v| Variation::parse(v)).collect();
    list.map(|l| parse_list(&format_list(&l)))
        .ok_or("Choose from the list.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_variations_round_trip_in_a_fixed_order() {
        use Variation::*;
        let cases: [(&str, Vec<Variation>, &str); 5] = [
            ("", vec![], ""),
            ("banded", vec![Banded], "banded"),
            ("tempo,banded,tempo", vec![Banded, Tempo], "banded,tempo"),
            (
                "single_leg, frog_pump,nonsense",
                vec![FrogPump, SingleLeg],
                "frog_pump,single_leg",
            ),
            ("long_pause", vec![LongPause], "long_pause"),
        ];
        for (text, list, stored) in cases {
            assert_eq!(parse_list(text), list, "{text}");
            assert_eq!(format_list(&list), stored, "{text}");
        }
        for v in Variation::ALL {
            assert_eq!(Variation::parse(v.as_str()), Some(v));
            assert!(!v.cue().is_empty() && !v.label().is_empty());
        }
        assert_eq!(
            parse_choices(&["tempo".into(), "banded".into()]),
            Ok(vec![Banded, Tempo])
        );
        assert_eq!(
            parse_choices(&["handstand".into()]),
            Err("Choose from the list.")
        );
        assert_eq!(parse_choices(&[]), Ok(vec![]));
    }
}

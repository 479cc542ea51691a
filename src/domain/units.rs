//! Units of measure: the department shows lb/in or kg/cm, the database stores
//! one canonical integer unit, and what a person typed comes back unchanged.
//!
//! Loads are stored in grams. Typed values carry at most two decimals; the
//! rounding error of the gram (at most 0.5 g, about 0.0011 lb) is far below the
//! 0.005 that two-decimal display rounds away, so "135" lb comes back as "135".
//!
//! Heights are stored in micrometres, which hold 0.1 in (2540 um) and
//! 0.1 cm (1000 um) exactly.

use std::fmt;

/// Grams in one pound (exact by definition).
const GRAMS_PER_LB: f64 = 453.592_37;
/// Micrometres in one inch (exact by definition).
const UM_PER_IN: i64 = 25_400;
/// Micrometres in one centimetre.
const UM_PER_CM: i64 = 10_000;

/// The department's choice of units.
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
pub enum Units {
    /// Pounds and inches.
    #[strum(serialize = "lb_in")]
    Imperial,
    /// Kilograms and centimetres.
    #[strum(serialize = "kg_cm")]
    Metric,
}

impl Units {
    /// A label for a select box.
    pub fn label(self) -> &'static str {
        match self {
            Units::Imperial => "Pounds and inches (lb / in)",
            Units::Metric => "Kilograms and centimetres (kg / cm)",
        }
    }

    pub fn load_unit(self) -> &'static str {
        match self {
            Units::Imperial => "lb",
            Units::Metric => "kg",
        }
    }

    pub fn length_unit(self) -> &'static str {
        match self {
            Units::Imperial => "in",
            Units::Metric => "cm",
        }
    }
}

/// Why a typed quantity was refused; the message is shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    Empty,
    NotANumber,
    Negative,
    TooManyDecimals(u32),
    TooLarge(String),
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::Empty => write!(f, "Enter a number."),
            QuantityError::NotANumber => write!(f, "Enter a number, such as 42.5."),
            QuantityError::Negative => write!(f, "Cannot be negative."),
            QuantityError::TooManyDecimals(n) => {
                write!(
                    f,
                    "Use at most {n} decimal place{}.",
                    if *n == 1 { "" } else { "s" }
                )
            }
            QuantityError::TooLarge(max) => write!(f, "Must be at most {max}."),
        }
    }
}

/// A load (weight on the bar or in the hand), stored in whole grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Load {
    pub grams: i64,
}

/// The heaviest load the app accepts: 1000 lb / 453.6 kg.
pub const MAX_LOAD_GRAMS: i64 = 453_593;

impl Load {
    pub const ZERO: Load = Load { grams: 0 };

    pub fn from_grams(grams: i64) -> Load {
        Load { grams }
    }

    /// A load given in the department's unit (lb or kg).
    pub fn from_units(value: f64, units: Units) -> Load {
        let grams = match units {
            Units::Imperial => value * GRAMS_PER_LB,
            Units::Metric => value * 1000.0,
        };
        Load {
            grams: grams.round() as i64,
        }
    }

    /// The load as a number in the department's unit, unrounded.
    pub fn in_units(self, units: Units) -> f64 {
        match units {
            Units::Imperial => self.grams as f64 / GRAMS_PER_LB,
            Units::Metric => self.grams as f64 / 1000.0,
        }
    }

    /// Parses what a person typed (in lb or kg), at most two decimals.
    pub fn parse(text: &str, units: Units) -> Result<Load, QuantityError> {
        let value = parse_decimal(text, 2)?;
        let load = Load::from_units(value, units);
        if load.grams > MAX_LOAD_GRAMS {
            return Err(QuantityError::TooLarge(
                Load::from_grams(MAX_LOAD_GRAMS).display(units),
            ));
        }
        Ok(load)
    }

    /// The number only, as typed back into a form ("135", "61.25").
    pub fn number(self, units: Units) -> String {
        format_decimal(self.in_units(units), 2)
    }

    /// The number with its unit ("135 lb").
    pub fn display(self, units: Units) -> String {
        format!("{} {}", self.number(units), units.load_unit())
    }
}

/// A height (hip lift off the floor), stored in micrometres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Height {
    pub micrometres: i64,
}

/// The tallest height the app accepts: 60 in / 152.4 cm.
pub const MAX_HEIGHT_UM: i64 = 60 * UM_PER_IN;

impl Height {
    pub fn from_micrometres(micrometres: i64) -> Height {
        Height { micrometres }
    }

    /// A height given in tenths of the department's unit (0.1 in or 0.1 cm).
    pub fn from_tenths(tenths: i64, units: Units) -> Height {
        let per_tenth = match units {
            Units::Imperial => UM_PER_IN / 10,
            Units::Metric => UM_PER_CM / 10,
        };
        Height {
            micrometres: tenths * per_tenth,
        }
    }

    /// The height as a number in the department's unit.
    pub fn in_units(self, units: Units) -> f64 {
        match units {
            Units::Imperial => self.micrometres as f64 / UM_PER_IN as f64,
            Units::Metric => self.micrometres as f64 / UM_PER_CM as f64,
        }
    }

    /// Parses what a person typed (in in or cm), at most one decimal.
    pub fn parse(text: &str, units: Units) -> Result<Height, QuantityError> {
        let value = parse_decimal(text, 1)?;
        let height = Height::from_tenths((value * 10.0).round() as i64, units);
        if height.micrometres > MAX_HEIGHT_UM {
            return Err(QuantityError::TooLarge(
                Height::from_micrometres(MAX_HEIGHT_UM).display(units),
            ));
        }
        Ok(height)
    }

    /// The number only, to one decimal at most ("7.5", "12").
    pub fn number(self, units: Units) -> String {
        format_decimal(self.in_units(units), 1)
    }

    /// The number with its unit ("7.5 in").
    pub fn display(self, units: Units) -> String {
        format!("{} {}", self.number(units), units.length_unit())
    }
}

/// Parses a non-negative decimal with at most `max_decimals` places.
fn parse_decimal(text: &str, max_decimals: u32) -> Result<f64, QuantityError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(QuantityError::Empty);
    }
    if t.starts_with('-') {
        return Err(QuantityError::Negative);
    }
    let (int_part, frac_part) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
        || int_part.len() > 9
    {
        return Err(QuantityError::NotANumber);
    }
    if frac_part.len() as u32 > max_decimals {
        return Err(QuantityError::TooManyDecimals(max_decimals));
    }
    t.parse::<f64>().map_err(|_| QuantityError::NotANumber)
}

/// Formats with up to `decimals` places and no trailing zeros.
fn format_decimal(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn loads_round_trip_what_was_typed() {
        let cases = [
            ("135", Units::Imperial, "135 lb"),
            ("45", Units::Imperial, "45 lb"),
            ("2.5", Units::Imperial, "2.5 lb"),
            ("0.01", Units::Imperial, "0.01 lb"),
            ("61.25", Units::Metric, "61.25 kg"),
            ("20", Units::Metric, "20 kg"),
            ("0", Units::Metric, "0 kg"),
            (" 100.50 ", Units::Metric, "100.5 kg"),
        ];
        for (typed, units, shown) in cases {
            let load = Load::parse(typed, units).unwrap();
            assert_eq!(load.display(units), shown, "typed {typed:?}");
        }
    }

    #[test]
    fn heights_are_exact_in_both_units() {
        assert_eq!(
            Height::parse("7.5", Units::Imperial).unwrap().micrometres,
            190_500
        );
        assert_eq!(
            Height::parse("12.3", Units::Metric).unwrap().micrometres,
            123_000
        );
        assert_eq!(
            Height::parse("7.5", Units::Imperial)
                .unwrap()
                .display(Units::Imperial),
            "7.5 in"
        );
        assert_eq!(
            Height::parse("10", Units::Metric)
                .unwrap()
                .number(Units::Metric),
            "10"
        );
    }

    #[test]
    fn bad_quantities_say_why() {
        let cases = [
            ("", QuantityError::Empty),
            ("   ", QuantityError::Empty),
            ("abc", QuantityError::NotANumber),
            ("1.2.3", QuantityError::NotANumber),
            (".", QuantityError::NotANumber),
            ("-5", QuantityError::Negative),
            ("1e5", QuantityError::NotANumber),
            ("NaN", QuantityError::NotANumber),
            ("inf", QuantityError::NotANumber),
            ("1.234", QuantityError::TooManyDecimals(2)),
        ];
        for (typed, err) in cases {
            assert_eq!(
                Load::parse(typed, Units::Imperial),
                Err(err),
                "typed {typed:?}"
            );
        }
        assert_eq!(
            Height::parse("7.25", Units::Imperial),
            Err(QuantityError::TooManyDecimals(1))
        );
        assert!(matches!(
            Load::parse("5000", Units::Imperial),
            Err(QuantityError::TooLarge(_))
        ));
        assert!(matches!(
            Height::parse("200", Units::Metric),
            Err(QuantityError::TooLarge(_))
        ));
    }

    proptest! {
        #[test]
        fn any_two_decimal_load_round_trips(hundredths in 0u32..45_000, metric in any::<bool>()) {
            let units = if metric { Units::Metric } else { Units::Imperial };
            let typed = format!("{}.{:02}", hundredths / 100, hundredths % 100);
            let load = Load::parse(&typed, units).unwrap();
            let back: f64 = load.number(units).parse().unwrap();
            prop_assert!((back - hundredths as f64 / 100.0).abs() < 1e-9);
        }

        #[test]
        fn any_one_decimal_height_round_trips(tenths in 0u32..600, metric in any::<bool>()) {
            let units = if metric { Units::Metric } else { Units::Imperial };
            let typed = format!("{}.{}", tenths / 10, tenths % 10);
            let height = Height::parse(&typed, units).unwrap();
            let back: f64 = height.number(units).parse().unwrap();
            prop_assert!((back - tenths as f64 / 10.0).abs() < 1e-9);
        }
    }
}

//! Pure rules: no IO, no database, no web. The progression engine, the
//! range-test analysis, the shift rotation and schedule, and units live here,
//! with most of the tests.

pub mod attention;
pub mod catalog;
pub mod demonstration;
pub mod effects;
pub mod program;
pub mod progression;
pub mod range_test;
pub mod roster;
pub mod rotation;
pub mod schedule;
pub mod session;
pub mod stage_move;
pub mod today;
pub mod units;
pub mod variation;

/// An enum stored and sent by its name: strum derives the mapping (the
/// `as_str` name is what the database and the forms hold), and this trait
/// gives every such enum the same two calls.
pub trait Named:
    Copy + Into<&'static str> + std::str::FromStr + strum::VariantArray + 'static
{
    /// The stored name.
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// The variant with this stored name; `None` for anything else.
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl<T> Named for T where
    T: Copy + Into<&'static str> + std::str::FromStr + strum::VariantArray + 'static
{
}

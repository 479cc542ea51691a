//! Pure rules: no IO, no database, no web. The progression engine, the
//! range-test analysis, the shift rotation and schedule, and units live here,
//! with most of the tests.

pub mod catalog;
pub mod progression;
pub mod range_test;
pub mod roster;
pub mod rotation;
pub mod schedule;
pub mod today;
pub mod units;
pub mod variation;

//! Pure rules: no IO, no database, no web. The progression engine, the
//! range-test analysis, the shift rotation and units live here, with most of
//! the tests.

pub mod units;

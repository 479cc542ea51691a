//! Diesel rows and the queries that belong to them, one file per table or
//! aggregate. Database errors are returned, never turned into `None`.

pub mod assignment;
pub mod calendar_feed;
pub mod department;
pub mod export;
pub mod invite;
pub mod member;
pub mod range_test;
pub mod roster;
pub mod session_log;
pub mod stage;
pub mod station_sheet;
pub mod training;
pub mod user;

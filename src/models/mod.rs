//! Diesel rows and the queries that belong to them, one file per table or
//! aggregate. Database errors are returned, never turned into `None`.

pub mod department;
pub mod user;

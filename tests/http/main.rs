//! HTTP-level tests: each spawns the app on port 0 with its own temporary
//! SQLite file and drives it like a browser, asserting on parsed HTML.
//! One test binary (this file's modules) keeps linking time down.

mod helpers;

mod auth;
mod browser;
mod crew;
mod hardening;
mod logs;
mod operator;
mod range_tests;
mod roster;
mod settings;
mod workout;

//! HTTP-level tests: each spawns the app on port 0 with its own temporary
//! SQLite file and drives it like a browser, asserting on parsed HTML.
//! One test binary (this file's modules) keeps linking time down.

mod helpers;

mod access;
mod access_helpers;
mod account;
mod assign_recheck;
mod attention;
mod auth;
mod backdated;
mod browser;
mod coaches;
mod corrections;
mod crew;
mod dates;
mod demo;
mod engine;
mod exports;
mod feeds;
mod forms;
mod fresh_pages;
mod hardening;
mod hostile;
mod logs;
mod mail;
mod member_data;
mod offline;
mod operator;
mod outbox;
mod phone;
mod print;
mod protocol;
mod range_tests;
mod readiness;
mod reassign;
mod roles;
mod roster;
mod roster_member;
mod rules;
mod session_outcomes;
mod settings;
mod shape;
mod smtp;
mod timezone;
mod wall_clock;
mod workout;

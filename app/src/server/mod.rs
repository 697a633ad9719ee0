//! Server-only code: configuration, state, database, mail, authentication.
//! Compiled with the `ssr` feature only; the browser never sees it.

pub mod auth;
pub mod config;
pub mod count_cache;
pub mod db;
pub mod demo;
pub mod mail;
pub mod state;
pub mod tally;
pub mod time_zone;

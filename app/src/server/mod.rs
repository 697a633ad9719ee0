//! Server-only code: configuration, state, database, mail, authentication.
//! Compiled with the `ssr` feature only; the browser never sees it.

pub mod auth;
pub mod ballot_box;
pub mod client_ip;
pub mod config;
pub mod count_cache;
pub mod db;
pub mod demo;
pub mod housekeeping;
pub mod mail;
pub mod results;
pub mod secret;
pub mod state;
pub mod tally;
pub mod time_zone;

//! Integration tests: the real router, server functions called over HTTP,
//! against a real migrated database — SQLite always, PostgreSQL too when
//! `ESSAIM_TEST_POSTGRES_URL` is set. Each test gets its own database.

mod helpers;

mod access;
mod campaign_flow;
mod cross_site;
mod errors;
mod faults;
mod fuzz;
mod housekeeping;
mod races;
mod scoping;
mod security_headers;
mod sign_in;

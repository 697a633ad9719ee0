//! sea-orm entities: one per table, mirroring `migrations/`. Repositories
//! turn them into domain types; nothing else uses them.

pub mod ballot;
pub mod ballot_choice;
pub mod campaign;
pub mod login_code;
pub mod municipality;
pub mod proposal;
pub mod rate_limit;
pub mod session;
pub mod tally_run;
pub mod user;

//! sea-orm entities: one per table, mirroring `migrations/`. Repositories
//! turn them into domain types; nothing else uses them.

pub mod ballot;
pub mod ballot_choice;
pub mod campaign;
pub mod login_code;
pub mod municipality;
pub mod proposal;
pub mod session;
pub mod sign_in_failure;
pub mod tally_run;
pub mod user;

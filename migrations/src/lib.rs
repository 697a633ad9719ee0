//! The Essaim database schema as append-only migrations.
//!
//! The same migrations serve SQLite and PostgreSQL. Never edit a migration
//! that has shipped: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261127_150000_create_users;
mod m20261127_150100_create_campaigns;
mod m20261127_150200_create_proposals;
mod m20261127_150300_create_ballots;
mod m20261127_150400_create_tally_runs;
mod m20261127_150500_create_sign_in_failures;
mod m20261207_200000_harden_writes;

/// Runs every migration in order (`Migrator::up(&db, None)`).
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_150000_create_users::Migration),
            Box::new(m20261127_150100_create_campaigns::Migration),
            Box::new(m20261127_150200_create_proposals::Migration),
            Box::new(m20261127_150300_create_ballots::Migration),
            Box::new(m20261127_150400_create_tally_runs::Migration),
            Box::new(m20261127_150500_create_sign_in_failures::Migration),
            Box::new(m20261207_200000_harden_writes::Migration),
        ]
    }
}

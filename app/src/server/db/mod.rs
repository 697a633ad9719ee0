//! The database: connecting, and one repository module per table family.
//!
//! Repositories speak sea-orm inside and domain types outside. They never
//! decide anything: rules live in `crate::domain`, permissions in the server
//! functions.

pub mod ballots;
pub mod campaigns;
pub mod entities;
pub mod login_codes;
pub mod municipalities;
pub mod proposals;
pub mod rate_limits;
pub mod sessions;
pub mod tally_runs;
pub mod users;

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use super::config::DatabaseUrl;

/// Opens the database. For SQLite, creates the file's folder if needed and
/// turns on write-ahead logging (readers do not block the writer). Foreign
/// keys and a 5 s wait on a locked database are sqlx's defaults for every
/// SQLite connection of the pool.
///
/// # Errors
/// A [`DbErr`] if the database cannot be reached or created.
pub async fn connect(url: &DatabaseUrl) -> Result<DatabaseConnection, DbErr> {
    if let DatabaseUrl::Sqlite(raw) = url {
        create_sqlite_folder(raw)?;
    }
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.expose().contains(":memory:") {
        // One in-memory database per connection: keep exactly one.
        options.max_connections(1).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if let DatabaseUrl::Sqlite(_) = url {
        // Kept in the database file: one connection sets it for all.
        db.execute_unprepared("PRAGMA journal_mode = WAL;").await?;
    }
    Ok(db)
}

/// Starts a transaction that writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`, waiting its turn like any writer): a deferred
/// transaction that reads first and writes later fails with "database is
/// locked" when another write commits in between. PostgreSQL ignores the mode.
///
/// # Errors
/// A [`DbErr`] if the transaction cannot start.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

fn create_sqlite_folder(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", folder.display()))),
        _ => Ok(()),
    }
}

/// Logs a row that breaks a domain rule (edited by hand, or a bug) and
/// turns it into a database error, so callers answer "internal error".
pub(crate) fn corrupt(table: &str, id: i64, what: &str) -> DbErr {
    tracing::error!(table, id, what, "stored row breaks a domain rule");
    DbErr::Custom(format!("{table} {id}: {what}"))
}

//! The raw commit rate of the database the server uses, without the server:
//! ballot-sized write transactions (upsert one row, replace its three child
//! rows) from many concurrent tasks, one ballot per transaction and then
//! many per transaction. It tells how much of a ballot's cost is the
//! commit itself (for SQLite, the `fsync` of the write-ahead log).
//!
//! Works in two tables of its own (`load_raw_*`), dropped at the end; the
//! application's tables are not touched. SQLite is opened as the server
//! opens it: write-ahead log, `synchronous = FULL`, 5 s busy timeout.

use std::time::{Duration, Instant};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    TransactionTrait, Value,
};
use tokio::task::JoinSet;

use crate::stats::{Summary, Tally};

/// Choices written with each ballot.
const CHOICES: i64 = 3;

/// One measurement: ballots per transaction and what it gave.
#[derive(Debug)]
pub struct RawRate {
    /// Ballots written in each transaction.
    pub batch: usize,
    /// Concurrent tasks.
    pub tasks: usize,
    /// Commits (successful transactions), their rate and latency.
    pub commits: Summary,
    /// The first failed transaction's error, if any failed.
    pub first_error: Option<String>,
}

impl RawRate {
    /// Ballots written per second.
    pub fn ballots_per_second(&self) -> f64 {
        self.commits.per_second * self.batch as f64
    }
}

/// Measures one ballot per transaction, then `batch` per transaction, each
/// from `tasks` concurrent tasks for `duration`, on the database at `url`
/// (`sqlite:...` or `postgres://...`).
///
/// # Errors
/// A message if the database cannot be opened or the tables created.
pub async fn measure(
    url: &str,
    tasks: usize,
    batch: usize,
    duration: Duration,
) -> Result<Vec<RawRate>, String> {
    let db = connect(url, tasks)
        .await
        .map_err(|e| format!("raw database: {e}"))?;
    create_tables(&db)
        .await
        .map_err(|e| format!("raw tables: {e}"))?;
    let mut rates = Vec::new();
    for size in [1, batch] {
        let (tally, elapsed, first_error) = run(&db, tasks, size, duration).await;
        rates.push(RawRate {
            batch: size,
            tasks,
            commits: tally.summary(elapsed),
            first_error,
        });
    }
    drop_tables(&db)
        .await
        .map_err(|e| format!("raw tables: {e}"))?;
    db.close().await.map_err(|e| format!("raw database: {e}"))?;
    Ok(rates)
}

async fn connect(url: &str, tasks: usize) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(u32::try_from(tasks).unwrap_or(u32::MAX).max(1))
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
        });
    Database::connect(options).await
}

async fn create_tables(db: &DatabaseConnection) -> Result<(), DbErr> {
    let id = match db.get_database_backend() {
        DbBackend::Postgres => "BIGSERIAL PRIMARY KEY",
        _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
    };
    drop_tables(db).await?;
    db.execute_unprepared(&format!(
        "CREATE TABLE load_raw_ballots (id {id}, voter BIGINT NOT NULL UNIQUE, cast_at BIGINT NOT NULL)"
    ))
    .await?;
    db.execute_unprepared(
        "CREATE TABLE load_raw_choices (\
           ballot_id BIGINT NOT NULL REFERENCES load_raw_ballots (id) ON DELETE CASCADE, \
           proposal BIGINT NOT NULL, PRIMARY KEY (ballot_id, proposal))",
    )
    .await?;
    Ok(())
}

async fn drop_tables(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("DROP TABLE IF EXISTS load_raw_choices")
        .await?;
    db.execute_unprepared("DROP TABLE IF EXISTS load_raw_ballots")
        .await?;
    Ok(())
}

/// `tasks` tasks, each committing transactions of `batch` ballots until
/// `duration` has passed. Each task votes for its own 2 000 voters, so the
/// first transactions insert and later ones replace.
async fn run(
    db: &DatabaseConnection,
    tasks: usize,
    batch: usize,
    duration: Duration,
) -> (Tally, Duration, Option<String>) {
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = JoinSet::new();
    for task in 0..tasks {
        let db = db.clone();
        workers.spawn(async move {
            let mut tally = Tally::default();
            let mut first_error = None;
            let mut written: i64 = 0;
            while Instant::now() < deadline {
                let voters: Vec<i64> = (0..batch as i64)
                    .map(|j| task as i64 * 1_000_000 + (written + j) % 2_000)
                    .collect();
                written += batch as i64;
                let begun = Instant::now();
                match write_ballots(&db, &voters).await {
                    Ok(()) => tally.ok(begun.elapsed()),
                    Err(error) => {
                        tally.refused += 1;
                        first_error.get_or_insert_with(|| error.to_string());
                    }
                }
            }
            (tally, first_error)
        });
    }
    let mut tally = Tally::default();
    let mut first_error = None;
    while let Some(joined) = workers.join_next().await {
        if let Ok((task_tally, task_error)) = joined {
            tally.merge(task_tally);
            first_error = first_error.or(task_error);
        }
    }
    (tally, started.elapsed(), first_error)
}

/// One transaction: for each voter, upsert their ballot row and replace its
/// [`CHOICES`] child rows, as the server records a ballot.
async fn write_ballots(db: &DatabaseConnection, voters: &[i64]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    for &voter in voters {
        let upsert = Statement::from_sql_and_values(
            backend,
            numbered(
                backend,
                "INSERT INTO load_raw_ballots (voter, cast_at) VALUES ($1, $2) \
                 ON CONFLICT (voter) DO UPDATE SET cast_at = excluded.cast_at RETURNING id",
            ),
            [Value::from(voter), Value::from(voter ^ 0x5a5a)],
        );
        let row = txn
            .query_one_raw(upsert)
            .await?
            .ok_or_else(|| DbErr::Custom("upsert returned no id".into()))?;
        let id: i64 = row.try_get_by_index(0)?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            numbered(backend, "DELETE FROM load_raw_choices WHERE ballot_id = $1"),
            [Value::from(id)],
        ))
        .await?;
        let rows: Vec<String> = (0..CHOICES)
            .map(|k| format!("($1, {})", voter % 7 + k))
            .collect();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            numbered(
                backend,
                &format!(
                    "INSERT INTO load_raw_choices (ballot_id, proposal) VALUES {}",
                    rows.join(", ")
                ),
            ),
            [Value::from(id)],
        ))
        .await?;
    }
    txn.commit().await
}

/// `$1`-style parameters for PostgreSQL, `?1` for SQLite.
fn numbered(backend: DbBackend, sql: &str) -> String {
    match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_gets_numbered_question_marks() {
        assert_eq!(
            numbered(DbBackend::Sqlite, "VALUES ($1, $2), ($1, 3)"),
            "VALUES (?1, ?2), (?1, 3)"
        );
        assert_eq!(numbered(DbBackend::Postgres, "x = $1"), "x = $1");
    }

    #[tokio::test]
    async fn writes_and_replaces_ballots_on_sqlite() {
        let db = connect("sqlite::memory:", 1)
            .await
            .expect("in-memory database");
        create_tables(&db).await.expect("tables");
        write_ballots(&db, &[1, 2]).await.expect("insert");
        write_ballots(&db, &[1]).await.expect("replace");
        let count = |sql: &'static str| {
            let db = db.clone();
            async move {
                let row = db
                    .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
                    .await
                    .expect("query")
                    .expect("a row");
                row.try_get_by_index::<i64>(0).expect("a count")
            }
        };
        assert_eq!(count("SELECT COUNT(*) FROM load_raw_ballots").await, 2);
        assert_eq!(
            count("SELECT COUNT(*) FROM load_raw_choices").await,
            2 * CHOICES
        );
        drop_tables(&db).await.expect("drop");
    }
}

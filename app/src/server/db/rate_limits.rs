//! Counters that limit how often something may happen per key (an email
//! address, a client address) within a time window.
//!
//! Each counter is one row, moved by a single upsert: two requests at once
//! can never both read "4 of 5" and both pass, on SQLite as on PostgreSQL.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::rate_limit::{self, Column};

/// Counts one hit on `key` at `now` and returns the hits in the current
/// window, this one included. A window starts at a key's first hit and lasts
/// `window`; the first hit after it starts a new one.
///
/// # Errors
/// A [`DbErr`] if the statement fails.
pub async fn record_hit(
    db: &impl ConnectionTrait,
    key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<u32, DbErr> {
    let expired = Expr::col((rate_limit::Entity, Column::WindowStartedAt)).lte(now - window);
    let statement = Query::insert()
        .into_table(rate_limit::Entity)
        .columns([Column::Key, Column::WindowStartedAt, Column::Hits])
        .values_panic([key.into(), now.into(), 1.into()])
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(
                    Column::Hits,
                    Expr::case(expired.clone(), 1)
                        .finally(Expr::col((rate_limit::Entity, Column::Hits)).add(1)),
                )
                .value(
                    Column::WindowStartedAt,
                    Expr::case(expired, now)
                        .finally(Expr::col((rate_limit::Entity, Column::WindowStartedAt))),
                )
                .to_owned(),
        )
        .returning_col(Column::Hits)
        .to_owned();
    let row = db
        .query_one(&statement)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("rate limit counter".into()))?;
    let hits: i32 = row.try_get("", "hits")?;
    Ok(u32::try_from(hits).unwrap_or(0))
}

/// Forgets `key` (e.g. a password that finally matched).
///
/// # Errors
/// A [`DbErr`] if the delete fails.
pub async fn forget(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    rate_limit::Entity::delete_many()
        .filter(Column::Key.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}

/// Deletes the counters whose window ended before `cutoff` (house-keeping).
///
/// # Errors
/// A [`DbErr`] if the delete fails.
pub async fn delete_started_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    rate_limit::Entity::delete_many()
        .filter(Column::WindowStartedAt.lt(cutoff))
        .exec(db)
        .await
        .map(|result| result.rows_affected)
}

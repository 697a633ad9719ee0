//! Failed password attempts per address, to slow down guessing.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use super::entities::sign_in_failure;

/// Records a failed attempt for `email` (as typed, lower-cased).
///
/// # Errors
/// A [`DbErr`] if the insert fails.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    sign_in_failure::ActiveModel {
        email: Set(email.to_owned()),
        failed_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// How many attempts failed for `email` since `since`.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn count_failures_since(
    db: &impl ConnectionTrait,
    email: &str,
    since: DateTime<Utc>,
) -> Result<usize, DbErr> {
    sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Email.eq(email))
        .filter(sign_in_failure::Column::FailedAt.gte(since))
        .count(db)
        .await
        .map(|count| usize::try_from(count).unwrap_or(usize::MAX))
}

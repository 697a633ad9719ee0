//! One-time sign-in codes sent by email. Stored hashed, with an expiry and
//! an attempt counter.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::entities::login_code;
use crate::domain::email::Email;

/// A code waiting to be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingCode {
    /// Row id.
    pub id: i64,
    /// SHA-256 of the code.
    pub code_hash: String,
    /// Wrong attempts so far.
    pub attempts: u32,
}

/// Records a newly sent code.
///
/// # Errors
/// A [`DbErr`] if the insert fails.
pub async fn record_code(
    db: &impl ConnectionTrait,
    email: &Email,
    code_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_code::ActiveModel {
        email: Set(email.as_str().to_owned()),
        code_hash: Set(code_hash),
        attempts: Set(0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        consumed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// How many codes were sent to `email` since `since` (to limit sending).
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn count_sent_since(
    db: &impl ConnectionTrait,
    email: &Email,
    since: DateTime<Utc>,
) -> Result<usize, DbErr> {
    login_code::Entity::find()
        .filter(login_code::Column::Email.eq(email.as_str()))
        .filter(login_code::Column::CreatedAt.gte(since))
        .count(db)
        .await
        .map(|count| usize::try_from(count).unwrap_or(usize::MAX))
}

/// The most recent code for `email` that is neither used nor expired.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn find_pending(
    db: &impl ConnectionTrait,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<Option<PendingCode>, DbErr> {
    let latest = login_code::Entity::find()
        .filter(login_code::Column::Email.eq(email.as_str()))
        .filter(login_code::Column::ConsumedAt.is_null())
        .order_by_desc(login_code::Column::Id)
        .one(db)
        .await?;
    Ok(latest
        .filter(|code| code.expires_at > now)
        .map(|code| PendingCode {
            id: code.id,
            code_hash: code.code_hash,
            attempts: u32::try_from(code.attempts).unwrap_or(u32::MAX),
        }))
}

/// Counts one more wrong attempt.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_wrong_attempt(
    db: &impl ConnectionTrait,
    code: &PendingCode,
) -> Result<(), DbErr> {
    login_code::ActiveModel {
        id: Set(code.id),
        attempts: Set(i32::try_from(code.attempts.saturating_add(1)).unwrap_or(i32::MAX)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Marks a code as used: it cannot sign in anyone again.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn consume(
    db: &impl ConnectionTrait,
    code: &PendingCode,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_code::ActiveModel {
        id: Set(code.id),
        consumed_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

//! One-time sign-in codes sent by email. Stored hashed, with an expiry and
//! an attempt counter.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::entities::login_code;
use crate::domain::email::Email;

/// A code waiting to be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingCode {
    /// Row id.
    pub id: i64,
    /// HMAC of the address and the code (see `auth::code::hash_code`).
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

/// Counts one attempt at typing `code` (right or wrong) if it may still be
/// tried: fewer than `max_attempts` so far, unused, unexpired. One
/// conditional statement, so parallel guesses cannot count past the limit.
/// Returns whether the attempt was counted (if not, the code is dead).
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    code: &PendingCode,
    max_attempts: u32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = login_code::Entity::update_many()
        .col_expr(
            login_code::Column::Attempts,
            Expr::col(login_code::Column::Attempts).add(1),
        )
        .filter(login_code::Column::Id.eq(code.id))
        .filter(login_code::Column::Attempts.lt(i32::try_from(max_attempts).unwrap_or(i32::MAX)))
        .filter(login_code::Column::ConsumedAt.is_null())
        .filter(login_code::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks a code as used, unless a parallel request used it first: it
/// cannot sign in anyone again. Returns whether this call used it.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn consume(
    db: &impl ConnectionTrait,
    code: &PendingCode,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = login_code::Entity::update_many()
        .col_expr(login_code::Column::ConsumedAt, Expr::value(now))
        .filter(login_code::Column::Id.eq(code.id))
        .filter(login_code::Column::ConsumedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Deletes the codes that expired before `cutoff` (house-keeping).
///
/// # Errors
/// A [`DbErr`] if the delete fails.
pub async fn delete_expired_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    login_code::Entity::delete_many()
        .filter(login_code::Column::ExpiresAt.lt(cutoff))
        .exec(db)
        .await
        .map(|result| result.rows_affected)
}

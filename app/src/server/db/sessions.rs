//! Signed-in sessions. Only the SHA-256 of each session token is stored,
//! so a copy of the database does not let anyone sign in.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::entities::session;
use super::users::{self, User};
use crate::domain::ids::UserId;

/// Records a session for `user_id`, valid until `expires_at`.
///
/// # Errors
/// A [`DbErr`] if the insert fails.
pub async fn create_session(
    db: &impl ConnectionTrait,
    user_id: UserId,
    token_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::ActiveModel {
        token_hash: Set(token_hash),
        user_id: Set(user_id.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The user of an unexpired session.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn find_user_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<User>, DbErr> {
    let session = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?;
    match session {
        Some(session) if session.expires_at > now => {
            users::find_by_id(db, UserId(session.user_id)).await
        }
        _ => Ok(None),
    }
}

/// Ends a session (sign out).
///
/// # Errors
/// A [`DbErr`] if the delete fails.
pub async fn delete_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<(), DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await
        .map(|_| ())
}

/// Deletes the sessions that expired before `cutoff` (house-keeping).
///
/// # Errors
/// A [`DbErr`] if the delete fails.
pub async fn delete_expired_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(cutoff))
        .exec(db)
        .await
        .map(|result| result.rows_affected)
}

//! Accounts.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::corrupt;
use super::entities::user;
use crate::domain::{
    email::Email,
    ids::{MunicipalityId, UserId},
    role::Role,
};

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Their id.
    pub id: UserId,
    /// Their (lower-case) email address.
    pub email: Email,
    /// What they may do.
    pub role: Role,
}

fn to_user(row: user::Model) -> Result<User, DbErr> {
    let email = Email::parse(&row.email).map_err(|_| corrupt("users", row.id, "email"))?;
    let role = Role::from_db(&row.role, row.municipality_id.map(MunicipalityId))
        .ok_or_else(|| corrupt("users", row.id, "role"))?;
    Ok(User {
        id: UserId(row.id),
        email,
        role,
    })
}

/// Creates an account. A password hash is given for staff only.
///
/// # Errors
/// A [`DbErr`], e.g. when the email address is taken.
pub async fn create_user(
    db: &impl ConnectionTrait,
    email: &Email,
    role: Role,
    password_hash: Option<String>,
    now: DateTime<Utc>,
) -> Result<User, DbErr> {
    let row = user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        municipality_id: Set(role.municipality().map(|m| m.0)),
        password_hash: Set(password_hash),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    to_user(row)
}

/// The account with this id.
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn find_by_id(db: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, DbErr> {
    user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_user)
        .transpose()
}

/// The account with this email address, with its password hash if any.
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<(User, Option<String>)>, DbErr> {
    let Some(row) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let hash = row.password_hash.clone();
    Ok(Some((to_user(row)?, hash)))
}

/// Sets a new role and password hash on an existing account.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_staff_credentials(
    db: &impl ConnectionTrait,
    id: UserId,
    role: Role,
    password_hash: String,
) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id.0),
        role: Set(role.as_str().to_owned()),
        municipality_id: Set(role.municipality().map(|m| m.0)),
        password_hash: Set(Some(password_hash)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

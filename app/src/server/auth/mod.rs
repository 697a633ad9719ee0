//! Who is asking: passwords for staff, one-time email codes for citizens,
//! and the session cookie that remembers both.
//!
//! Every server function calls [`require_user`], [`require_citizen`],
//! [`require_staff_of`] or [`require_admin`] itself: a server function is a public HTTP endpoint.

pub mod code;
pub mod limits;
pub mod password;
pub mod session;

pub use session::{
    current_user, require_admin, require_citizen, require_staff_of, require_user, sign_out,
    start_session,
};

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::domain::{email::Email, role::Role};
use crate::server::db::users::{self, User};

/// Why a staff account could not be enrolled.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// The email address is malformed.
    #[error("{0}")]
    Email(#[from] crate::domain::email::EmailError),
    /// The password is refused.
    #[error("{0}")]
    Password(#[from] password::PasswordError),
    /// Staff accounts are officials or administrators.
    #[error("a staff account must be an official or an administrator")]
    NotStaff,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
}

/// Creates a staff account, or gives an existing account this role and
/// password (e.g. a citizen who became an official).
///
/// # Errors
/// An [`EnrollError`] naming what is wrong.
pub async fn enroll_staff(
    db: &DatabaseConnection,
    email: &str,
    role: Role,
    password: &str,
) -> Result<User, EnrollError> {
    if !role.is_staff() {
        return Err(EnrollError::NotStaff);
    }
    let email = Email::parse(email)?;
    let hash = password::hash_password(password)?;
    match users::find_by_email(db, &email).await? {
        Some((user, _)) => {
            users::record_staff_credentials(db, user.id, role, hash).await?;
            Ok(User { role, ..user })
        }
        None => Ok(users::create_user(db, &email, role, Some(hash), Utc::now()).await?),
    }
}

//! Staff passwords, hashed with Argon2id.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

use crate::error::AppError;

/// The shortest password accepted for a staff account.
pub const MIN_LENGTH: usize = 12;

/// Attempts allowed for one address within [`LOCKOUT_WINDOW`] without a success.
pub const MAX_FAILURES: u32 = 10;

/// The window for [`MAX_FAILURES`].
pub const LOCKOUT_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// Why a password could not be set.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than [`MIN_LENGTH`].
    #[error("the password must have at least {MIN_LENGTH} characters")]
    TooShort,
    /// The hasher failed (should not happen).
    #[error("the password could not be hashed")]
    Hashing,
}

/// Hashes a new password (Argon2id, random salt, PHC string).
///
/// # Errors
/// [`PasswordError::TooShort`] for a short password.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| PasswordError::Hashing)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| PasswordError::Hashing)
}

/// Checks a password against a stored hash. Without a hash (unknown
/// account, or a citizen without password) it still spends the time of one
/// verification, so response times do not reveal which accounts exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    // A hash of a random password nobody knows, for equal timing.
    const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Vx9MMZ63Cu8G4LVG7Ng9ASqQKs0YE11LgRbK9gH0Ur0";
    let hash_text = stored.unwrap_or(DECOY);
    let Ok(hash) = PasswordHash::new(hash_text) else {
        return false;
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &hash)
        .is_ok();
    matches && stored.is_some()
}

/// [`verify_password`] on a blocking thread, once one of `permits` is free:
/// at most that many hashes (19 MiB each) are computed at once, however many
/// sign-ins arrive.
///
/// # Errors
/// [`AppError::Internal`] if the hashing thread died (a bug).
pub async fn verify_in_turn(
    permits: &tokio::sync::Semaphore,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _permit = permits.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || verify_password(&password, stored.as_deref()))
        .await
        .map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_only_the_right_password() {
        let hash = hash_password("correct horse battery").expect("long enough");
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("wrong horse battery", Some(&hash)));
        assert!(!verify_password("correct horse battery", None));
        assert!(!verify_password("x", Some("not a hash")));
    }

    #[test]
    fn refuses_short_passwords() {
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
    }
}

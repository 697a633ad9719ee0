//! One-time sign-in codes: six digits, mailed, valid a quarter of an hour,
//! five wrong tries at most; at most five codes an hour per address.

use chrono::Duration;
use rand::Rng;

use crate::domain::email::Email;
use crate::server::secret::ServerSecret;

/// How long a code stays valid.
pub const VALIDITY: Duration = Duration::minutes(15);
/// Wrong attempts allowed on one code.
pub const MAX_ATTEMPTS: u32 = 5;
/// Codes that can be sent to one address within [`SENDING_WINDOW`].
pub const MAX_CODES_PER_WINDOW: u32 = 5;
/// The window for [`MAX_CODES_PER_WINDOW`].
pub const SENDING_WINDOW: Duration = Duration::hours(1);

/// A fresh random six-digit code.
pub fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// What is stored instead of the code: an HMAC-SHA-256 of the address and
/// the code under the server's secret key. A plain hash of a six-digit code
/// would be reversed from a database copy in milliseconds.
pub fn hash_code(secret: &ServerSecret, email: &Email, code: &str) -> String {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    secret.mac(&["sign-in code", email.as_str(), &digits])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let code = new_code();
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn hash_ignores_spaces_and_depends_on_the_address_and_the_key() {
        let secret = ServerSecret::generate();
        let camille = Email::parse("camille@example.fr").expect("valid");
        let dominique = Email::parse("dominique@example.fr").expect("valid");
        assert_eq!(
            hash_code(&secret, &camille, "123 456"),
            hash_code(&secret, &camille, "123456")
        );
        assert_ne!(
            hash_code(&secret, &camille, "123456"),
            hash_code(&secret, &dominique, "123456")
        );
        assert_ne!(
            hash_code(&secret, &camille, "123456"),
            hash_code(&ServerSecret::generate(), &camille, "123456")
        );
    }
}

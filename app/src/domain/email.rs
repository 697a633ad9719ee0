//! Email addresses, the identity of citizens in this first version.

use serde::{Deserialize, Serialize};

/// A plausible email address, trimmed and lower-cased so that one person
/// has one account whatever the case they type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

/// Why an email address was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EmailError {
    /// Not of the form `name@domain.tld`.
    #[error("this is not an email address")]
    Invalid,
}

impl Email {
    /// Checks the shape `local@domain.tld` (one `@`, a dot in the domain,
    /// no spaces, at most 254 characters). Deliverability is proven by the
    /// sign-in code, not here.
    ///
    /// # Errors
    /// [`EmailError::Invalid`] when the shape is wrong.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Invalid);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        let chars_ok = email.chars().all(|c| !c.is_whitespace() && !c.is_control());
        if local.is_empty() || !domain_ok || !chars_ok || email.len() > 254 {
            return Err(EmailError::Invalid);
        }
        Ok(Email(email))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_and_spaces() {
        assert_eq!(
            Email::parse("  Camille.Martin@Example.FR ").map(|e| e.as_str().to_owned()),
            Ok("camille.martin@example.fr".to_owned())
        );
    }

    #[test]
    fn refuses_malformed_addresses() {
        for raw in [
            "",
            "camille",
            "@example.fr",
            "camille@",
            "camille@fr",
            "a b@c.fr",
            "a@b@c.fr",
            "a@.fr",
            "a@b..fr",
        ] {
            assert_eq!(Email::parse(raw), Err(EmailError::Invalid), "{raw:?}");
        }
    }
}

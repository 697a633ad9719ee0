//! What a signed-in person may do.

use serde::{Deserialize, Serialize};

/// The role of an account. Officials review proposals and run the count;
/// administrators also create municipalities and campaigns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Submits proposals and votes.
    Citizen,
    /// Reviews proposals, opens and closes phases, publishes results.
    Official,
    /// Everything an official does, plus municipalities and campaigns.
    Admin,
}

impl Role {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Official => "official",
            Role::Admin => "admin",
        }
    }

    /// Reads a stored role name; `None` for anything unknown.
    pub fn from_db(raw: &str) -> Option<Self> {
        match raw {
            "citizen" => Some(Role::Citizen),
            "official" => Some(Role::Official),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Officials and administrators run campaigns.
    pub fn can_run_campaigns(self) -> bool {
        matches!(self, Role::Official | Role::Admin)
    }

    /// Only administrators create municipalities and campaigns.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for role in [Role::Citizen, Role::Official, Role::Admin] {
            assert_eq!(Role::from_db(role.as_str()), Some(role));
        }
        assert_eq!(Role::from_db("root"), None);
    }

    #[test]
    fn only_staff_run_campaigns() {
        assert!(!Role::Citizen.can_run_campaigns());
        assert!(Role::Official.can_run_campaigns());
        assert!(!Role::Official.can_administer());
        assert!(Role::Admin.can_administer());
    }
}

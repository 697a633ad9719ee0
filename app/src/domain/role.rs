//! What a signed-in person may do, and where.

use serde::{Deserialize, Serialize};

use super::ids::MunicipalityId;

/// The role of an account. An official always serves one municipality: an
/// official of nowhere cannot be written down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Submits proposals and votes.
    Citizen,
    /// Reviews proposals, opens and closes phases, publishes results, for
    /// the campaigns of one municipality.
    Official(MunicipalityId),
    /// The platform's administrator: creates municipalities and campaigns
    /// and runs the campaigns of every municipality.
    Admin,
}

impl Role {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Official(_) => "official",
            Role::Admin => "admin",
        }
    }

    /// The municipality stored next to the role's name (officials only).
    pub fn municipality(self) -> Option<MunicipalityId> {
        match self {
            Role::Official(municipality) => Some(municipality),
            Role::Citizen | Role::Admin => None,
        }
    }

    /// Reads a stored role name and municipality; `None` for an unknown
    /// name, an official without municipality or anyone else with one.
    pub fn from_db(raw: &str, municipality: Option<MunicipalityId>) -> Option<Self> {
        match (raw, municipality) {
            ("citizen", None) => Some(Role::Citizen),
            ("official", Some(municipality)) => Some(Role::Official(municipality)),
            ("admin", None) => Some(Role::Admin),
            _ => None,
        }
    }

    /// Officials and administrators run campaigns (staff); they do not vote
    /// or propose with their staff account.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Official(_) | Role::Admin)
    }

    /// Whether this role runs the campaigns of `municipality`.
    pub fn runs(self, municipality: MunicipalityId) -> bool {
        match self {
            Role::Official(own) => own == municipality,
            Role::Admin => true,
            Role::Citizen => false,
        }
    }

    /// Only administrators create municipalities and campaigns.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: MunicipalityId = MunicipalityId(1);
    const THERE: MunicipalityId = MunicipalityId(2);

    #[test]
    fn stored_names_round_trip() {
        for role in [Role::Citizen, Role::Official(HERE), Role::Admin] {
            assert_eq!(
                Role::from_db(role.as_str(), role.municipality()),
                Some(role)
            );
        }
        assert_eq!(Role::from_db("root", None), None);
        assert_eq!(Role::from_db("official", None), None);
        assert_eq!(Role::from_db("citizen", Some(HERE)), None);
    }

    #[test]
    fn officials_run_their_own_municipality_only() {
        assert!(!Role::Citizen.is_staff());
        assert!(!Role::Citizen.runs(HERE));
        assert!(Role::Official(HERE).is_staff());
        assert!(Role::Official(HERE).runs(HERE));
        assert!(!Role::Official(HERE).runs(THERE));
        assert!(Role::Admin.runs(THERE));
        assert!(!Role::Official(HERE).can_administer());
        assert!(Role::Admin.can_administer());
    }
}

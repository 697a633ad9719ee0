//! Proposals and the officials' review of them.

use serde::{Deserialize, Serialize};

use super::money::Money;
use super::text::{Description, Reason, TextError, Title};

/// A proposal as submitted by a citizen: validated, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProposal {
    /// What it is, in a line.
    pub title: Title,
    /// What it is, in detail.
    pub description: Description,
    /// The author's estimate of what it costs.
    pub cost: Money,
}

/// Where a proposal stands in the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProposalStatus {
    /// Waiting for an official.
    Submitted,
    /// Feasible: it will be on the ballot.
    Accepted,
    /// Not feasible, with the official's reason.
    Rejected {
        /// Why, in the official's words.
        reason: Reason,
    },
}

/// An official's decision on a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDecision {
    /// On the ballot, at the cost the officials checked.
    Accept {
        /// The reviewed cost (officials may correct the author's estimate).
        cost: Money,
    },
    /// Off the ballot, for a reason given to everyone.
    Reject {
        /// Why.
        reason: Reason,
    },
}

/// Why a review was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReviewError {
    /// The decision is neither "accept" nor "reject".
    #[error("unknown decision")]
    UnknownDecision,
    /// A rejection needs a reason.
    #[error("a rejection needs a reason: {0}")]
    Reason(TextError),
    /// An acceptance needs a positive cost.
    #[error("the reviewed cost is invalid: {0}")]
    Cost(super::money::MoneyError),
}

impl ReviewDecision {
    /// Reads the review form: `decision` is `accept` (with `cost`) or
    /// `reject` (with `reason`).
    ///
    /// # Errors
    /// A [`ReviewError`] naming the missing or invalid part.
    pub fn parse(decision: &str, cost: &str, reason: &str) -> Result<Self, ReviewError> {
        match decision {
            "accept" => Money::parse_positive(cost)
                .map(|cost| ReviewDecision::Accept { cost })
                .map_err(ReviewError::Cost),
            "reject" => Reason::parse(reason)
                .map(|reason| ReviewDecision::Reject { reason })
                .map_err(ReviewError::Reason),
            _ => Err(ReviewError::UnknownDecision),
        }
    }
}

impl ReviewDecision {
    /// The status a proposal has after this decision.
    pub fn resulting_status(&self) -> ProposalStatus {
        match self {
            ReviewDecision::Accept { .. } => ProposalStatus::Accepted,
            ReviewDecision::Reject { reason } => ProposalStatus::Rejected {
                reason: reason.clone(),
            },
        }
    }
}

impl ProposalStatus {
    /// The name stored in the database.
    pub fn db_name(&self) -> &'static str {
        match self {
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Rejected { .. } => "rejected",
        }
    }

    /// Rebuilds a stored status; `None` if the row is inconsistent.
    pub fn from_db(name: &str, reason: Option<&str>) -> Option<Self> {
        match (name, reason) {
            ("submitted", _) => Some(ProposalStatus::Submitted),
            ("accepted", _) => Some(ProposalStatus::Accepted),
            ("rejected", Some(reason)) => Reason::parse(reason)
                .ok()
                .map(|reason| ProposalStatus::Rejected { reason }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepting_needs_a_cost_and_rejecting_a_reason() {
        assert_eq!(
            ReviewDecision::parse("accept", "12 000", ""),
            Ok(ReviewDecision::Accept {
                cost: Money::from_cents(1_200_000).expect("valid")
            })
        );
        assert!(matches!(
            ReviewDecision::parse("accept", "0", ""),
            Err(ReviewError::Cost(_))
        ));
        assert!(matches!(
            ReviewDecision::parse("reject", "", " "),
            Err(ReviewError::Reason(_))
        ));
        assert!(matches!(
            ReviewDecision::parse("reject", "", "Hors compétence communale"),
            Ok(ReviewDecision::Reject { .. })
        ));
        assert_eq!(
            ReviewDecision::parse("maybe", "1", "x"),
            Err(ReviewError::UnknownDecision)
        );
    }

    #[test]
    fn stored_statuses_round_trip() {
        let rejected = ProposalStatus::Rejected {
            reason: Reason::parse("Trop cher").expect("valid"),
        };
        for status in [
            ProposalStatus::Submitted,
            ProposalStatus::Accepted,
            rejected,
        ] {
            let reason = match &status {
                ProposalStatus::Rejected { reason } => Some(reason.as_str()),
                _ => None,
            };
            assert_eq!(
                ProposalStatus::from_db(status.db_name(), reason),
                Some(status.clone())
            );
        }
        assert_eq!(ProposalStatus::from_db("rejected", None), None);
    }
}

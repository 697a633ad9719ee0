//! Approval ballots: a voter picks projects whose total cost fits the budget.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::ids::ProposalId;
use super::money::Money;

/// A project on the ballot: an accepted proposal and its reviewed cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotItem {
    /// The proposal.
    pub id: ProposalId,
    /// Its reviewed cost.
    pub cost: Money,
}

/// A valid approval ballot: distinct projects that are on the ballot, at
/// least one, whose total cost fits the budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalBallot {
    choices: BTreeSet<ProposalId>,
    total: Money,
}

/// Why a ballot was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BallotError {
    /// No project was picked.
    #[error("pick at least one project")]
    Empty,
    /// A picked id is not a project on this ballot.
    #[error("project {0} is not on this ballot")]
    UnknownProject(ProposalId),
    /// The picked projects cost more than the budget.
    #[error("the projects picked cost {total} but the budget is {budget}")]
    OverBudget {
        /// What the picked projects cost together.
        total: Money,
        /// The campaign's budget.
        budget: Money,
    },
}

impl ApprovalBallot {
    /// Checks a voter's picks against the projects on the ballot and the
    /// budget. Picking the same project twice counts once.
    ///
    /// # Errors
    /// A [`BallotError`] saying what is wrong.
    pub fn parse(
        picks: &[ProposalId],
        on_ballot: &[BallotItem],
        budget: Money,
    ) -> Result<Self, BallotError> {
        let choices: BTreeSet<ProposalId> = picks.iter().copied().collect();
        if choices.is_empty() {
            return Err(BallotError::Empty);
        }
        let mut total_cents: i64 = 0;
        for id in &choices {
            let item = on_ballot
                .iter()
                .find(|item| item.id == *id)
                .ok_or(BallotError::UnknownProject(*id))?;
            total_cents = total_cents.saturating_add(item.cost.cents());
        }
        let total = Money::from_cents(total_cents)
            .ok()
            .filter(|total| *total <= budget)
            .ok_or(BallotError::OverBudget {
                total: Money::clamped(total_cents),
                budget,
            })?;
        Ok(ApprovalBallot { choices, total })
    }

    /// The approved projects, in id order.
    pub fn choices(&self) -> impl Iterator<Item = ProposalId> + '_ {
        self.choices.iter().copied()
    }

    /// What the approved projects cost together.
    pub fn total(&self) -> Money {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(cents: i64) -> Money {
        Money::from_cents(cents).expect("valid amount")
    }

    fn items() -> Vec<BallotItem> {
        [(1, 400), (2, 300), (3, 500)]
            .map(|(id, cost)| BallotItem {
                id: ProposalId(id),
                cost: money(cost),
            })
            .to_vec()
    }

    #[test]
    fn accepts_picks_that_fit() {
        let ballot = ApprovalBallot::parse(
            &[ProposalId(2), ProposalId(1), ProposalId(2)],
            &items(),
            money(1000),
        )
        .expect("fits the budget");
        assert_eq!(
            ballot.choices().collect::<Vec<_>>(),
            vec![ProposalId(1), ProposalId(2)]
        );
        assert_eq!(ballot.total(), money(700));
    }

    #[test]
    fn refuses_empty_unknown_and_over_budget() {
        assert_eq!(
            ApprovalBallot::parse(&[], &items(), money(1000)),
            Err(BallotError::Empty)
        );
        assert_eq!(
            ApprovalBallot::parse(&[ProposalId(9)], &items(), money(1000)),
            Err(BallotError::UnknownProject(ProposalId(9)))
        );
        assert_eq!(
            ApprovalBallot::parse(
                &[ProposalId(1), ProposalId(3), ProposalId(2)],
                &items(),
                money(1000)
            ),
            Err(BallotError::OverBudget {
                total: money(1200),
                budget: money(1000)
            })
        );
    }
}

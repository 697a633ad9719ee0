//! Results as pages show them: the rule, and per project its figures and
//! the facts behind its decision. Plain data for the wire: the server builds
//! them from the tally engine's stored outcome (`server::results`), so the
//! engine itself stays out of the browser. Amounts are in cents.

use serde::{Deserialize, Serialize};

use super::ids::ProposalId;
use super::money::Money;
use super::rule::RuleInfo;

/// A project as it was counted (a snapshot: later edits do not change
/// published results).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedProject {
    /// The proposal.
    pub id: ProposalId,
    /// Its title when counted.
    pub title: String,
    /// Its reviewed cost.
    pub cost: Money,
}

/// Results as pages show them: the rule, and per project its figures and the
/// facts behind its decision. Built on the server from the stored outcome
/// (`server::results::RecordedResults`); amounts are rounded to the cent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownResults {
    /// The rule that was run.
    pub rule: RuleInfo,
    /// For the Equal Shares rules: each voter's share.
    pub mes_share: Option<MesShare>,
    /// The projects on the ballot, in the order they were counted.
    pub projects: Vec<ProjectResult>,
}

/// Each voter's share in an Equal Shares count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MesShare {
    /// What each voter started with (after the raises).
    pub per_voter: Money,
    /// How many one-unit raises of every share it took (0 without `+add1`).
    pub increments: u64,
}

/// One project's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectResult {
    /// The proposal.
    pub id: ProposalId,
    /// Its title when counted.
    pub title: String,
    /// Its reviewed cost.
    pub cost: Money,
    /// Ballots that chose it.
    pub votes: u64,
    /// The stage that funded it, `None` if not funded.
    pub funded_by: Option<FundedBy>,
    /// Its turn in a greedy ranking (the whole rule, or the completion).
    pub greedy: Option<GreedyTurn>,
    /// What the Method of Equal Shares did with it.
    pub mes: Option<MesPart>,
    /// What sequential Phragmén did with it.
    pub phragmen: Option<PhragmenPart>,
}

impl ProjectResult {
    /// Whether it is funded.
    pub fn funded(&self) -> bool {
        self.funded_by.is_some()
    }
}

/// Which stage of a rule funded a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FundedBy {
    /// A greedy rule.
    Greedy,
    /// The Method of Equal Shares.
    Mes,
    /// The greedy completion after Equal Shares.
    GreedyFill,
    /// Sequential Phragmén.
    Phragmen,
}

/// A project's turn in a greedy ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreedyTurn {
    /// 1-based position in the ranking.
    pub rank: u64,
    /// Money left when its turn came.
    pub budget_left: Money,
    /// What was missing (`cost − budget_left`, or zero).
    pub short: Money,
    /// Whether it fitted and was funded.
    pub funded: bool,
    /// Positions in [`ShownResults::projects`] of the projects this ranking
    /// funded before its turn, in order.
    pub funded_above: Vec<u32>,
}

/// What the Method of Equal Shares did with one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MesPart {
    /// Bought in round `round`.
    Funded {
        /// 1-based round.
        round: u64,
        /// What a supporter who paid the full share paid.
        share: Money,
        /// Supporters who paid the full share.
        full_share_payers: u64,
        /// Supporters who paid all they had left.
        all_in_payers: u64,
        /// What those paid in total.
        all_in_paid: Money,
    },
    /// Costs nothing and has supporters.
    FundedAtNoCost,
    /// Not bought: its supporters had less than its cost left.
    NotFunded {
        /// Its supporters.
        supporters: u64,
        /// What they had left at the end.
        money_left: Money,
        /// What was missing.
        shortfall: Money,
    },
    /// Nobody gets anything from it.
    NoSupport,
}

/// What sequential Phragmén did with one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhragmenPart {
    /// Bought in round `round`, each supporter then carrying `load`.
    Funded {
        /// 1-based round.
        round: u64,
        /// Each supporter's load after it.
        load: Money,
    },
    /// It costs more than the whole budget.
    CostExceedsBudget,
    /// The count stopped before reaching it.
    NotReached {
        /// The round at which the count stopped.
        stopped_at_round: u64,
        /// Money left then.
        budget_left: Money,
    },
}

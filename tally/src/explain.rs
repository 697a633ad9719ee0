//! The result of a tally and the structured "why" for every project.
//!
//! Nothing here is text: the UI renders these facts in French or English. All amounts are exact
//! (whole `u64` currency units, or [`Amount`] rationals); no `usize` crosses the wire.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::election::ProjectIdx;
use super::rule::Rule;

/// What a rule decided, with one explanation per project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The rule that was run.
    pub rule: Rule,
    /// Funded projects, in the order the rule picked them.
    pub selected: Vec<ProjectIdx>,
    /// Total cost of `selected`; never more than `budget`.
    pub total_cost: u64,
    /// The election budget.
    pub budget: u64,
    /// For the MES rules: the budget each voter started with in the run that produced the
    /// outcome (raised by the `+add1` rules).
    pub mes_budget: Option<MesBudget>,
    /// One entry per project, in project order (`explanations[i].project == ProjectIdx(i)`).
    pub explanations: Vec<ProjectExplanation>,
}

impl Outcome {
    /// `true` if `project` is funded.
    pub fn is_selected(&self, project: ProjectIdx) -> bool {
        self.explanations
            .get(project.index())
            .is_some_and(|e| e.selected_by.is_some())
    }
}

/// Per-voter budget used by a Method-of-Equal-Shares run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MesBudget {
    /// Budget each voter started with (election budget / number of voters, plus increments).
    pub per_voter: Amount,
    /// Number of one-unit increments added to each voter's budget (0 without `+add1`).
    pub increments: u64,
    /// MES runs the engine performed to get there (diagnostic; pabutools performs about
    /// `increments + 2`). On several cores it may differ from one count to the next: the
    /// `+add1` search splits its work between cores as it goes (the outcome never differs).
    /// So it is not serialised: a stored or printed result is the same at every count.
    #[serde(skip)]
    pub runs: u64,
    /// `per_voter × number of voters`: the virtual budget MES distributed.
    pub total: Amount,
}

/// Which stage of a rule funded a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A greedy rule (or the greedy ranking of a point rule).
    Greedy,
    /// The Method of Equal Shares (with increments for `+add1` rules, see [`Outcome::mes_budget`]).
    Mes,
    /// The greedy completion that spends what MES left (`+greedy` rules).
    GreedyFill,
    /// Sequential Phragmén.
    Phragmen,
}

/// Why one project was or was not funded. The `greedy`, `mes` and `phragmen` parts are present
/// when the rule has that stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectExplanation {
    /// The project.
    pub project: ProjectIdx,
    /// Its cost.
    pub cost: u64,
    /// Number of ballots on which it appears (approval projection).
    pub supporters: u64,
    /// Total points (cumulative points, Borda points for rankings, 1 per approval), when the
    /// rule uses points.
    pub points: Option<u64>,
    /// The stage that funded it, `None` if not funded.
    pub selected_by: Option<Stage>,
    /// Its turn in a greedy ranking (the whole rule, or the completion stage).
    pub greedy: Option<GreedyStep>,
    /// What the Method of Equal Shares did with it.
    pub mes: Option<MesStep>,
    /// What sequential Phragmén did with it.
    pub phragmen: Option<PhragmenStep>,
}

/// What a greedy ranking was sorted by, for one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GreedyScore {
    /// Number of supporters.
    Votes {
        /// Supporters.
        votes: u64,
    },
    /// Supporters per currency unit (`votes / cost`).
    VotesPerCost {
        /// Supporters.
        votes: u64,
        /// Cost.
        cost: u64,
    },
    /// Total points.
    Points {
        /// Points.
        points: u64,
    },
    /// Points per currency unit (`points / cost`).
    PointsPerCost {
        /// Points.
        points: u64,
        /// Cost.
        cost: u64,
    },
}

/// A project's turn in a greedy ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreedyStep {
    /// 1-based position in the ranking (ties broken by project id).
    pub rank: u64,
    /// The ranking key.
    pub score: GreedyScore,
    /// Money left when its turn came (before deciding on it).
    pub budget_left: u64,
    /// `true` if it fitted (`cost ≤ budget_left`) and was funded.
    pub funded: bool,
    /// Projects funded by this ranking before its turn, in order.
    pub funded_above: Vec<ProjectIdx>,
}

/// What the Method of Equal Shares did with one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MesStep {
    /// Bought in round `round`.
    Funded {
        /// 1-based round in which it was picked.
        round: u64,
        /// The MES price ρ: what a supporter pays per unit of utility.
        rho: Amount,
        /// What a supporter who paid the full share paid per approval (per point for point
        /// rules): `rho × utility of one approval`.
        share: Amount,
        /// Supporters who paid the full share.
        full_share_payers: u64,
        /// Supporters who could not afford the full share and paid all they had left.
        all_in_payers: u64,
        /// Total paid by the `all_in_payers`.
        all_in_paid: Amount,
        /// Total paid by all supporters: always the cost.
        total_paid: Amount,
    },
    /// Costs nothing and has supporters: funded before the first round.
    FundedAtNoCost,
    /// Not bought: at the end its supporters together had less than its cost left.
    NotFunded {
        /// Supporters counted by MES (those with positive utility).
        supporters: u64,
        /// What they still had at the end of MES.
        money_left: Amount,
        /// `cost − money_left` (> 0).
        shortfall: Amount,
    },
    /// Nobody gets utility from it (no supporter, or it costs 0 under the cost utility).
    NoSupport,
}

/// What sequential Phragmén did with one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhragmenStep {
    /// Bought in round `round`; each supporter's load became `load`.
    Funded {
        /// 1-based round.
        round: u64,
        /// The new (equal) load of its supporters, in currency units per voter.
        load: Amount,
    },
    /// Not bought because it costs more than the whole budget.
    CostExceedsBudget,
    /// Not bought: the rule stopped before reaching it.
    NotReached {
        /// 1-based round at which the rule stopped.
        stopped_at_round: u64,
        /// The next project (lowest load) that no longer fitted and stopped the rule.
        blocked_by: ProjectIdx,
        /// Money left when the rule stopped.
        budget_left: u64,
        /// Load its supporters would have reached had it been bought then (`None` without
        /// supporters).
        load_if_funded: Option<Amount>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_serialised_the_same_whatever_the_run_count() {
        let budget = |runs| MesBudget {
            per_voter: Amount::from_integer(3),
            increments: 2,
            runs,
            total: Amount::from_integer(30),
        };
        let json = |b: &MesBudget| serde_json::to_string(b).unwrap_or_default();
        assert_eq!(json(&budget(7)), json(&budget(8)));
        assert!(!json(&budget(7)).contains("runs"));
        let back: MesBudget = serde_json::from_str(&json(&budget(7))).unwrap_or(budget(1));
        assert_eq!(back, budget(0));
        // Results stored before still read.
        let stored = json(&budget(7)).replace("\"increments\":2", "\"increments\":2,\"runs\":5");
        assert!(stored.contains("\"runs\":5"));
        let back: MesBudget = serde_json::from_str(&stored).unwrap_or(budget(1));
        assert_eq!(back, budget(0));
    }
}

//! The decision rules as pages show them. The tally engine (`essaim-tally`)
//! runs on the server only: the browser gets each rule's stored name and the
//! parts its label and summary are made of.

use serde::{Deserialize, Serialize};

/// How a rule picks projects, before any raise of the shares or completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleMethod {
    /// Most votes first.
    Greedy,
    /// Most votes per unit of cost first.
    GreedyPerCost,
    /// Most points first.
    GreedyPoints,
    /// Most points per unit of cost first.
    GreedyPointsPerCost,
    /// Method of Equal Shares, utility = cost.
    MesCost,
    /// Method of Equal Shares, utility = number of approved projects.
    MesApproval,
    /// Method of Equal Shares, utility = points.
    MesPoints,
    /// Sequential Phragmén.
    Phragmen,
}

/// A decision rule, as the browser knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// The stored name (`mes-cost+add1`): what forms send back.
    pub name: String,
    /// How it picks projects.
    pub method: RuleMethod,
    /// `+add1`: every voter's share raised as long as the outcome fits.
    pub raised_shares: bool,
    /// `+greedy`: what Equal Shares left is spent on the most voted projects.
    pub completed: bool,
}

#[cfg(feature = "ssr")]
impl From<essaim_tally::Rule> for RuleInfo {
    fn from(rule: essaim_tally::Rule) -> Self {
        use essaim_tally::{Completion, GreedyKey, Method, Utility};
        let (method, raised_shares) = match rule.method() {
            Method::Greedy(GreedyKey::Votes) => (RuleMethod::Greedy, false),
            Method::Greedy(GreedyKey::VotesPerCost) => (RuleMethod::GreedyPerCost, false),
            Method::Greedy(GreedyKey::Points) => (RuleMethod::GreedyPoints, false),
            Method::Greedy(GreedyKey::PointsPerCost) => (RuleMethod::GreedyPointsPerCost, false),
            Method::EqualShares { utility, add1 } => (
                match utility {
                    Utility::Cost => RuleMethod::MesCost,
                    Utility::Cardinality => RuleMethod::MesApproval,
                    Utility::Points => RuleMethod::MesPoints,
                },
                add1,
            ),
            Method::Phragmen => (RuleMethod::Phragmen, false),
        };
        RuleInfo {
            name: rule.name().to_owned(),
            method,
            raised_shares,
            completed: rule.completion() == Completion::Greedy,
        }
    }
}

/// Every rule a campaign (approval ballots) can use, in the engine's order.
#[cfg(feature = "ssr")]
pub fn approval_rules() -> Vec<RuleInfo> {
    use essaim_tally::{Rule, VoteType};
    Rule::applying_to(VoteType::Approval)
        .into_iter()
        .map(RuleInfo::from)
        .collect()
}

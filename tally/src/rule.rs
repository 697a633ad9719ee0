//! The voting rules the engine implements, named as the platform names them.

use serde::{Deserialize, Serialize};

use super::election::VoteType;

/// A tallying rule. Each one reproduces a pabutools 1.2.3 call exactly (see [`Rule::ALL`] and
/// the per-variant docs); ties are always broken in favour of the smallest project id compared
/// as a string.
///
/// Approval-based rules run on cumulative and ordinal ballots too, through the **approval
/// projection** (a project on a ballot counts as approved, whatever its points or rank). The
/// point-based rules use cumulative points, or **Borda points** for rankings (see
/// [`super::Election::points_profile`]); on approval ballots every approval is worth one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Rule {
    /// `greedy`: fund projects by decreasing number of supporters, skipping those that no longer
    /// fit (pabutools `greedy_utilitarian_welfare(sat_class=Cost_Sat)`).
    Greedy,
    /// `greedy-per-cost`: fund by decreasing supporters per unit of cost
    /// (`greedy_utilitarian_welfare(sat_class=Cardinality_Sat)`).
    GreedyPerCost,
    /// `greedy-points`: fund by decreasing total points, skipping those that no longer fit
    /// (what cities with point ballots usually do; not a pabutools call).
    GreedyPoints,
    /// `greedy-points-per-cost`: fund by decreasing points per unit of cost
    /// (`greedy_utilitarian_welfare(sat_class=Additive_Cardinal_Sat)`).
    GreedyPointsPerCost,
    /// `mes-cost`: Method of Equal Shares, utility = cost of approved funded projects
    /// (`method_of_equal_shares(sat_class=Cost_Sat)`).
    MesCost,
    /// `mes-approval`: MES, utility = number of approved funded projects
    /// (`method_of_equal_shares(sat_class=Cardinality_Sat)`).
    MesApproval,
    /// `mes-points`: MES, utility = points (`method_of_equal_shares(sat_class=Additive_Cardinal_Sat)`).
    MesPoints,
    /// `mes-cost+greedy`: `mes-cost`, then the leftover budget filled by `greedy`
    /// (`completion_by_rule_combination`).
    MesCostGreedy,
    /// `mes-approval+greedy`: `mes-approval`, then filled by `greedy`.
    MesApprovalGreedy,
    /// `mes-cost+add1`: `mes-cost` with every voter's budget raised one currency unit at a
    /// time until the outcome is exhaustive (kept) or over budget (the previous one is kept)
    /// (`voter_budget_increment=1`).
    MesCostAdd1,
    /// `mes-approval+add1`: `mes-approval` with budget increments.
    MesApprovalAdd1,
    /// `mes-cost+add1+greedy`: `mes-cost+add1`, then filled by `greedy`.
    MesCostAdd1Greedy,
    /// `mes-approval+add1+greedy`: `mes-approval+add1`, then filled by `greedy`.
    MesApprovalAdd1Greedy,
    /// `phragmen`: sequential Phragmén (`sequential_phragmen`), on approvals.
    Phragmen,
}

impl Rule {
    /// Every rule, in a stable display order.
    pub const ALL: [Rule; 14] = [
        Rule::Greedy,
        Rule::GreedyPerCost,
        Rule::GreedyPoints,
        Rule::GreedyPointsPerCost,
        Rule::MesCost,
        Rule::MesApproval,
        Rule::MesPoints,
        Rule::MesCostGreedy,
        Rule::MesApprovalGreedy,
        Rule::MesCostAdd1,
        Rule::MesApprovalAdd1,
        Rule::MesCostAdd1Greedy,
        Rule::MesApprovalAdd1Greedy,
        Rule::Phragmen,
    ];

    /// The platform name, e.g. `"mes-cost+add1"`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Greedy => "greedy",
            Rule::GreedyPerCost => "greedy-per-cost",
            Rule::GreedyPoints => "greedy-points",
            Rule::GreedyPointsPerCost => "greedy-points-per-cost",
            Rule::MesCost => "mes-cost",
            Rule::MesApproval => "mes-approval",
            Rule::MesPoints => "mes-points",
            Rule::MesCostGreedy => "mes-cost+greedy",
            Rule::MesApprovalGreedy => "mes-approval+greedy",
            Rule::MesCostAdd1 => "mes-cost+add1",
            Rule::MesApprovalAdd1 => "mes-approval+add1",
            Rule::MesCostAdd1Greedy => "mes-cost+add1+greedy",
            Rule::MesApprovalAdd1Greedy => "mes-approval+add1+greedy",
            Rule::Phragmen => "phragmen",
        }
    }

    /// The rule called `name` (exactly as [`Rule::name`] spells it), or `None`.
    pub fn parse(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// `true` if the rule uses points (cumulative points, or Borda points for rankings).
    pub fn uses_points(self) -> bool {
        matches!(
            self,
            Rule::GreedyPoints | Rule::GreedyPointsPerCost | Rule::MesPoints
        )
    }

    /// Whether offering this rule for `vote_type` makes sense. Approval-based rules apply to
    /// every vote type (through the approval projection); point-based rules only to cumulative
    /// and ordinal ballots (on approval ballots they coincide with `greedy`, `greedy-per-cost`
    /// and `mes-approval`, and [`super::tally`] still accepts them).
    pub fn applies_to(self, vote_type: VoteType) -> bool {
        !self.uses_points() || matches!(vote_type, VoteType::Cumulative | VoteType::Ordinal)
    }

    /// Every rule that [applies to](Rule::applies_to) `vote_type`, in [`Rule::ALL`] order.
    pub fn applying_to(vote_type: VoteType) -> Vec<Rule> {
        Rule::ALL
            .into_iter()
            .filter(|rule| rule.applies_to(vote_type))
            .collect()
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Rule> for &'static str {
    fn from(r: Rule) -> Self {
        r.name()
    }
}

impl TryFrom<String> for Rule {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Rule::parse(&s).ok_or_else(|| format!("unknown rule \"{s}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.name()), Some(r));
            let json = serde_json::to_string(&r).expect("json");
            assert_eq!(json, format!("\"{}\"", r.name()));
            assert_eq!(serde_json::from_str::<Rule>(&json).expect("back"), r);
        }
        assert_eq!(Rule::parse("mes"), None);
    }

    #[test]
    fn point_rules_only_for_point_ballots() {
        assert!(!Rule::MesPoints.applies_to(VoteType::Approval));
        assert!(Rule::MesPoints.applies_to(VoteType::Ordinal));
        assert!(Rule::MesCostAdd1.applies_to(VoteType::Cumulative));
        let approval = Rule::applying_to(VoteType::Approval);
        assert_eq!(approval.len(), Rule::ALL.len() - 3);
        assert!(approval.iter().all(|rule| !rule.uses_points()));
        assert_eq!(Rule::applying_to(VoteType::Ordinal), Rule::ALL.to_vec());
    }
}

//! The voting rules the engine implements, named as the platform names them.

use serde::{Deserialize, Serialize};

use super::election::VoteType;
use super::greedy::GreedyKey;
use super::mes::Utility;

/// A tallying rule: a [`Method`] and a [`Completion`]. Each one reproduces a pabutools 1.2.3
/// call exactly (see the constants, e.g. [`Rule::MES_COST_ADD1`]); ties are always broken in
/// favour of the smallest project id compared as a string.
///
/// Only the combinations of [`Rule::ALL`] exist: a new rule is one line of its table (its
/// parts and its platform name), plus a constant if code names it.
///
/// Approval-based rules run on cumulative and ordinal ballots too, through the **approval
/// projection** (a project on a ballot counts as approved, whatever its points or rank). The
/// point-based rules use cumulative points, or **Borda points** for rankings (see
/// [`super::Election::points_profile`]); on approval ballots every approval is worth one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub struct Rule {
    method: Method,
    completion: Completion,
}

/// How a rule picks projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// Fund projects in the order of the key, skipping those that no longer fit.
    Greedy(GreedyKey),
    /// The Method of Equal Shares with this utility; with `add1`, every voter's budget is raised
    /// one currency unit at a time until the outcome is exhaustive (kept) or over budget (the
    /// previous one is kept) (pabutools `voter_budget_increment=1`).
    EqualShares {
        /// What a voter gets from a funded project.
        utility: Utility,
        /// Whether the voters' budgets are raised.
        add1: bool,
    },
    /// Sequential Phragmén (`sequential_phragmen`), on approvals.
    Phragmen,
}

/// What spends the money a rule's method left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Completion {
    /// Nothing.
    None,
    /// `greedy`, on the projects not yet funded (pabutools `completion_by_rule_combination`).
    Greedy,
}

/// Every rule with its platform name, in a stable display order.
const RULES: [(Rule, &str); 14] = [
    (Rule::GREEDY, "greedy"),
    (Rule::GREEDY_PER_COST, "greedy-per-cost"),
    (Rule::GREEDY_POINTS, "greedy-points"),
    (Rule::GREEDY_POINTS_PER_COST, "greedy-points-per-cost"),
    (Rule::MES_COST, "mes-cost"),
    (Rule::MES_APPROVAL, "mes-approval"),
    (Rule::MES_POINTS, "mes-points"),
    (Rule::MES_COST_GREEDY, "mes-cost+greedy"),
    (Rule::MES_APPROVAL_GREEDY, "mes-approval+greedy"),
    (Rule::MES_COST_ADD1, "mes-cost+add1"),
    (Rule::MES_APPROVAL_ADD1, "mes-approval+add1"),
    (Rule::MES_COST_ADD1_GREEDY, "mes-cost+add1+greedy"),
    (Rule::MES_APPROVAL_ADD1_GREEDY, "mes-approval+add1+greedy"),
    (Rule::PHRAGMEN, "phragmen"),
];

const fn greedy(key: GreedyKey) -> Rule {
    Rule {
        method: Method::Greedy(key),
        completion: Completion::None,
    }
}

const fn mes(utility: Utility, add1: bool, completion: Completion) -> Rule {
    Rule {
        method: Method::EqualShares { utility, add1 },
        completion,
    }
}

impl Rule {
    /// `greedy`: fund projects by decreasing number of supporters, skipping those that no longer
    /// fit (pabutools `greedy_utilitarian_welfare(sat_class=Cost_Sat)`).
    pub const GREEDY: Rule = greedy(GreedyKey::Votes);
    /// `greedy-per-cost`: fund by decreasing supporters per unit of cost
    /// (`greedy_utilitarian_welfare(sat_class=Cardinality_Sat)`).
    pub const GREEDY_PER_COST: Rule = greedy(GreedyKey::VotesPerCost);
    /// `greedy-points`: fund by decreasing total points, skipping those that no longer fit
    /// (what cities with point ballots usually do; not a pabutools call).
    pub const GREEDY_POINTS: Rule = greedy(GreedyKey::Points);
    /// `greedy-points-per-cost`: fund by decreasing points per unit of cost
    /// (`greedy_utilitarian_welfare(sat_class=Additive_Cardinal_Sat)`).
    pub const GREEDY_POINTS_PER_COST: Rule = greedy(GreedyKey::PointsPerCost);
    /// `mes-cost`: Method of Equal Shares, utility = cost of approved funded projects
    /// (`method_of_equal_shares(sat_class=Cost_Sat)`).
    pub const MES_COST: Rule = mes(Utility::Cost, false, Completion::None);
    /// `mes-approval`: MES, utility = number of approved funded projects
    /// (`method_of_equal_shares(sat_class=Cardinality_Sat)`).
    pub const MES_APPROVAL: Rule = mes(Utility::Cardinality, false, Completion::None);
    /// `mes-points`: MES, utility = points (`method_of_equal_shares(sat_class=Additive_Cardinal_Sat)`).
    pub const MES_POINTS: Rule = mes(Utility::Points, false, Completion::None);
    /// `mes-cost+greedy`: `mes-cost`, then the leftover budget filled by `greedy`
    /// (`completion_by_rule_combination`).
    pub const MES_COST_GREEDY: Rule = mes(Utility::Cost, false, Completion::Greedy);
    /// `mes-approval+greedy`: `mes-approval`, then filled by `greedy`.
    pub const MES_APPROVAL_GREEDY: Rule = mes(Utility::Cardinality, false, Completion::Greedy);
    /// `mes-cost+add1`: `mes-cost` with every voter's budget raised one currency unit at a
    /// time until the outcome is exhaustive (kept) or over budget (the previous one is kept)
    /// (`voter_budget_increment=1`).
    pub const MES_COST_ADD1: Rule = mes(Utility::Cost, true, Completion::None);
    /// `mes-approval+add1`: `mes-approval` with budget increments.
    pub const MES_APPROVAL_ADD1: Rule = mes(Utility::Cardinality, true, Completion::None);
    /// `mes-cost+add1+greedy`: `mes-cost+add1`, then filled by `greedy`.
    pub const MES_COST_ADD1_GREEDY: Rule = mes(Utility::Cost, true, Completion::Greedy);
    /// `mes-approval+add1+greedy`: `mes-approval+add1`, then filled by `greedy`.
    pub const MES_APPROVAL_ADD1_GREEDY: Rule = mes(Utility::Cardinality, true, Completion::Greedy);
    /// `phragmen`: sequential Phragmén (`sequential_phragmen`), on approvals.
    pub const PHRAGMEN: Rule = Rule {
        method: Method::Phragmen,
        completion: Completion::None,
    };

    /// Every rule, in a stable display order.
    pub const ALL: [Rule; RULES.len()] = {
        let mut all = [Rule::GREEDY; RULES.len()];
        let mut i = 0;
        while i < RULES.len() {
            all[i] = RULES[i].0;
            i += 1;
        }
        all
    };

    /// How it picks projects.
    pub fn method(self) -> Method {
        self.method
    }

    /// What spends the money its method left.
    pub fn completion(self) -> Completion {
        self.completion
    }

    /// The platform name, e.g. `"mes-cost+add1"`.
    pub fn name(self) -> &'static str {
        RULES
            .iter()
            .find(|(rule, _)| *rule == self)
            .map_or("", |(_, name)| name)
    }

    /// The rule called `name` (exactly as [`Rule::name`] spells it), or `None`.
    pub fn parse(name: &str) -> Option<Rule> {
        RULES
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(rule, _)| *rule)
    }

    /// `true` if the rule uses points (cumulative points, or Borda points for rankings).
    pub fn uses_points(self) -> bool {
        matches!(
            self.method,
            Method::Greedy(GreedyKey::Points | GreedyKey::PointsPerCost)
                | Method::EqualShares {
                    utility: Utility::Points,
                    ..
                }
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
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(
            names,
            [
                "greedy",
                "greedy-per-cost",
                "greedy-points",
                "greedy-points-per-cost",
                "mes-cost",
                "mes-approval",
                "mes-points",
                "mes-cost+greedy",
                "mes-approval+greedy",
                "mes-cost+add1",
                "mes-approval+add1",
                "mes-cost+add1+greedy",
                "mes-approval+add1+greedy",
                "phragmen",
            ]
        );
        let distinct: std::collections::HashSet<Rule> = Rule::ALL.into_iter().collect();
        assert_eq!(distinct.len(), Rule::ALL.len());
    }

    #[test]
    fn point_rules_only_for_point_ballots() {
        assert!(!Rule::MES_POINTS.applies_to(VoteType::Approval));
        assert!(Rule::MES_POINTS.applies_to(VoteType::Ordinal));
        assert!(Rule::MES_COST_ADD1.applies_to(VoteType::Cumulative));
        let approval = Rule::applying_to(VoteType::Approval);
        assert_eq!(approval.len(), Rule::ALL.len() - 3);
        assert!(approval.iter().all(|rule| !rule.uses_points()));
        assert_eq!(Rule::applying_to(VoteType::Ordinal), Rule::ALL.to_vec());
    }
}

//! Greedy rules: rank projects by a score, fund them in that order, skip those that no longer fit.
//!
//! Reproduces pabutools' `greedy_utilitarian_scheme_additive`: projects are sorted by
//! decreasing "satisfaction density" (total satisfaction / cost), ties by project id; a project
//! without satisfaction has density 0 and is still funded if it fits; a free project with
//! satisfaction has infinite density.

use std::cmp::Ordering;

use super::election::{Election, ProjectIdx};
use super::explain::{GreedyScore, GreedyStep};

/// What the ranking is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GreedyKey {
    /// Supporters (pabutools `Cost_Sat`: satisfaction = supporters × cost).
    Votes,
    /// Supporters per unit of cost (`Cardinality_Sat`).
    VotesPerCost,
    /// Total points.
    Points,
    /// Points per unit of cost (`Additive_Cardinal_Sat`).
    PointsPerCost,
}

/// A satisfaction density, compared exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Density {
    Finite { num: u128, den: u64 },
    Infinite,
}

impl Ord for Density {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Density::Infinite, Density::Infinite) => Ordering::Equal,
            (Density::Infinite, _) => Ordering::Greater,
            (_, Density::Infinite) => Ordering::Less,
            (Density::Finite { num: a, den: b }, Density::Finite { num: c, den: d }) => {
                // a/b vs c/d with b, d > 0; a, c < 2^65 and b, d < 2^53, so no overflow.
                (a * u128::from(*d)).cmp(&(c * u128::from(*b)))
            }
        }
    }
}

impl PartialOrd for Density {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn density(key: GreedyKey, score: u64, cost: u64) -> Density {
    let finite = |num: u64, den: u64| Density::Finite {
        num: u128::from(num),
        den,
    };
    match key {
        // Cost_Sat: total satisfaction = score × cost, so density = score unless cost is 0.
        GreedyKey::Votes if cost == 0 => finite(0, 1),
        GreedyKey::Votes | GreedyKey::Points => finite(score, 1),
        GreedyKey::VotesPerCost | GreedyKey::PointsPerCost => match (score, cost) {
            (0, _) => finite(0, 1),
            (_, 0) => Density::Infinite,
            (s, c) => finite(s, c),
        },
    }
}

fn greedy_score(key: GreedyKey, score: u64, cost: u64) -> GreedyScore {
    match key {
        GreedyKey::Votes => GreedyScore::Votes { votes: score },
        GreedyKey::VotesPerCost => GreedyScore::VotesPerCost { votes: score, cost },
        GreedyKey::Points => GreedyScore::Points { points: score },
        GreedyKey::PointsPerCost => GreedyScore::PointsPerCost {
            points: score,
            cost,
        },
    }
}

/// The result of a greedy pass.
pub(crate) struct GreedyRun {
    /// Projects funded by this pass, in order.
    pub funded: Vec<ProjectIdx>,
    /// The step of every project this pass considered (`None` for the already funded ones).
    pub steps: Vec<Option<GreedyStep>>,
}

/// Runs greedy on top of `already_funded` (empty for a plain greedy rule), with `scores[p]`
/// being the supporters or points of project `p`.
pub(crate) fn run(
    election: &Election,
    key: GreedyKey,
    scores: &[u64],
    already_funded: &[ProjectIdx],
) -> GreedyRun {
    let projects = election.projects();
    let mut taken = vec![false; projects.len()];
    let mut spent: i128 = 0;
    for &p in already_funded {
        taken[p.index()] = true;
        spent += i128::from(projects[p.index()].cost());
    }
    let mut order: Vec<ProjectIdx> = election
        .tie_break_order()
        .into_iter()
        .filter(|p| !taken[p.index()])
        .collect();
    let score_of = |p: ProjectIdx| scores.get(p.index()).copied().unwrap_or(0);
    let cost_of = |p: ProjectIdx| projects[p.index()].cost();
    // Stable sort: equal densities keep the id order.
    order.sort_by(|&a, &b| {
        density(key, score_of(b), cost_of(b)).cmp(&density(key, score_of(a), cost_of(a)))
    });

    let mut left = i128::from(election.budget()) - spent;
    let mut funded = Vec::new();
    let mut steps = vec![None; projects.len()];
    for (rank, &p) in order.iter().enumerate() {
        let cost = cost_of(p);
        let fits = i128::from(cost) <= left;
        steps[p.index()] = Some(GreedyStep {
            rank: rank as u64 + 1,
            score: greedy_score(key, score_of(p), cost),
            budget_left: u64::try_from(left.max(0)).unwrap_or(u64::MAX),
            funded: fits,
            funded_above: funded.clone(),
        });
        if fits {
            left -= i128::from(cost);
            funded.push(p);
        }
    }
    GreedyRun { funded, steps }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{approval_election, ids};
    use super::*;

    fn election(costs: &[(&str, u64)], budget: u64) -> Election {
        approval_election(costs, budget, &[&[]])
    }

    #[test]
    fn skips_what_does_not_fit_and_breaks_ties_by_id() {
        let e = election(&[("c", 60), ("b", 50), ("a", 50), ("d", 10)], 120);
        let run = run(&e, GreedyKey::Votes, &[9, 5, 5, 1], &[]);
        // c (9 votes), then a before b (tie on 5, "a" < "b"), b no longer fits, d fits.
        assert_eq!(ids(&e, &run.funded), ["c", "a", "d"]);
        let b = run.steps[1].as_ref().expect("b considered");
        assert_eq!((b.rank, b.budget_left, b.funded), (3, 10, false));
        assert_eq!(b.funded_above.len(), 2);
    }

    #[test]
    fn per_cost_orders_by_ratio_and_free_projects_first() {
        let e = election(&[("a", 100), ("b", 30), ("z", 0)], 100);
        let run = run(&e, GreedyKey::VotesPerCost, &[10, 4, 1], &[]);
        assert_eq!(ids(&e, &run.funded), ["z", "b"]); // 1/0 = ∞, then 4/30 > 10/100
    }
}

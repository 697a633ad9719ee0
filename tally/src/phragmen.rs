//! Sequential Phragmén, exactly as pabutools 1.2.3 `sequential_phragmen` (approval ballots;
//! other ballots through the approval projection).
//!
//! Every voter carries a load (money spent on their behalf), 0 at first. Buying project `p`
//! spreads its cost so that all its supporters end with the same load
//! `(Σ supporters' loads + cost) / supporters`; each round buys the project giving the smallest
//! such load (ties: smallest id). Projects costing more than the budget are never considered.
//! The rule **stops** as soon as one of the projects tied for the smallest load does not fit in
//! the money left, even if cheaper projects would. Projects without supporters have an infinite
//! load: they are bought last, in id order, while they fit.
//!
//! Loads are exact numerators over a common denominator multiplied by the supporter count of
//! each bought project; voters are grouped by identical ballots and by the last bought project
//! they support (which determines their load).

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::Zero;

use super::amount::Amount;
use super::election::{Election, ProjectIdx};
use super::explain::PhragmenStep;
use super::profile::Profile;

/// The result of sequential Phragmén.
pub(crate) struct PhragmenRun {
    /// Funded projects in order.
    pub selected: Vec<ProjectIdx>,
    /// One step per project.
    pub steps: Vec<PhragmenStep>,
}

/// Runs sequential Phragmén on the approval projection of `election`.
pub(crate) fn run(election: &Election) -> PhragmenRun {
    let profile = Profile::approval(election);
    let projects = election.projects();
    let budget = election.budget();
    let approvals: Vec<u64> = (0..projects.len()).map(|p| profile.voters_of(p)).collect();
    let mut tie_rank = vec![0u32; projects.len()];
    for (r, p) in election.tie_break_order().iter().enumerate() {
        tie_rank[p.index()] = r as u32;
    }
    let mut steps: Vec<PhragmenStep> = vec![PhragmenStep::CostExceedsBudget; projects.len()];
    let mut remaining: Vec<usize> = (0..projects.len())
        .filter(|&p| projects[p].cost() <= budget)
        .collect();

    // Loads: class 0 = nothing bought yet; class r = last supported purchase was round r.
    let mut d = BigInt::from(1u32);
    let mut class_load: Vec<BigInt> = vec![BigInt::zero()];
    let mut class_of: Vec<u32> = vec![0; profile.groups.len()];
    // Σ loads of each project's supporters, over d.
    let mut load_sum: Vec<BigInt> = vec![BigInt::zero(); projects.len()];
    let mut spent: u64 = 0;
    let mut selected = Vec::new();
    let mut counts = vec![0u64; projects.len()];

    // New max load of p, as numerator over d·approvals[p].
    let new_load = |p: usize, d: &BigInt, load_sum: &[BigInt]| -> BigInt {
        &load_sum[p] + BigInt::from(projects[p].cost()) * d
    };

    while !remaining.is_empty() {
        // Projects tied for the smallest new max load (all unsupported ones if none is supported).
        let mut tied: Vec<usize> = Vec::new();
        let mut best: Option<(BigInt, u64)> = None;
        for &p in &remaining {
            if approvals[p] == 0 {
                continue;
            }
            let num = new_load(p, &d, &load_sum);
            let ord = match &best {
                None => Ordering::Less,
                Some((bn, ba)) => (&num * *ba).cmp(&(bn * approvals[p])),
            };
            match ord {
                Ordering::Less => {
                    best = Some((num, approvals[p]));
                    tied.clear();
                    tied.push(p);
                }
                Ordering::Equal => tied.push(p),
                Ordering::Greater => {}
            }
        }
        if tied.is_empty() {
            tied = remaining.clone();
        }
        tied.sort_by_key(|&p| tie_rank[p]);
        let left = budget - spent;
        if let Some(&blocker) = tied.iter().find(|&&p| projects[p].cost() > left) {
            let round = selected.len() as u64 + 1;
            for &p in &remaining {
                let load_if_funded = (approvals[p] > 0)
                    .then(|| Amount::from_ratio(&new_load(p, &d, &load_sum), &(&d * approvals[p])));
                steps[p] = PhragmenStep::NotReached {
                    stopped_at_round: round,
                    blocked_by: ProjectIdx::new(blocker as u32),
                    budget_left: left,
                    load_if_funded,
                };
            }
            break;
        }
        let w = tied[0];
        remaining.retain(|&p| p != w);
        spent += projects[w].cost();
        selected.push(ProjectIdx::new(w as u32));
        let round = selected.len() as u64;
        if approvals[w] == 0 {
            steps[w] = PhragmenStep::Funded {
                round,
                load: Amount::from_integer(0),
            };
            continue;
        }
        // Everything moves to the denominator d·approvals[w]; the supporters' new load is L.
        let a = approvals[w];
        let load = new_load(w, &d, &load_sum);
        d *= a;
        for x in class_load.iter_mut().chain(load_sum.iter_mut()) {
            *x *= a;
        }
        steps[w] = PhragmenStep::Funded {
            round,
            load: Amount::from_ratio(&load, &d),
        };
        // Raise Σ loads of every project sharing supporters with w, per previous load class.
        let mut by_class: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(g, _) in &profile.supporters[w] {
            by_class.entry(class_of[g as usize]).or_default().push(g);
        }
        let new_class = class_load.len() as u32;
        for (c, groups) in by_class {
            let raise = &load - &class_load[c as usize];
            let mut touched: Vec<u32> = Vec::new();
            for &g in &groups {
                let group = &profile.groups[g as usize];
                for &(p, _) in &group.items {
                    if counts[p as usize] == 0 {
                        touched.push(p);
                    }
                    counts[p as usize] += u64::from(group.mult);
                }
                class_of[g as usize] = new_class;
            }
            for p in touched {
                load_sum[p as usize] += &raise * counts[p as usize];
                counts[p as usize] = 0;
            }
        }
        class_load.push(load);
    }
    PhragmenRun { selected, steps }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{approval_election, ids};
    use super::*;

    #[test]
    fn spreads_loads_and_stops_on_first_misfit() {
        // a: 3 voters, cost 3 → load 1; b: voters {0,3}, cost 2 → (1 + 0 + 2)/2 = 1.5;
        // c: voter 3 only, cost 1 → 1 (tie with a, id "a" wins first).
        let e = approval_election(
            &[("a", 3), ("b", 2), ("c", 1)],
            5,
            &[&[0, 1], &[0], &[0], &[1, 2]],
        );
        let r = run(&e);
        // round 1: a (load 1) ties c (load 1): a. round 2: c (1) vs b ((1+0+2)/2 = 1.5): c.
        // round 3: b: (1 + 1 + 2)/2 = 2 but cost 2 > 1 left → stop.
        assert_eq!(ids(&e, &r.selected), ["a", "c"]);
        assert!(matches!(
            r.steps[1],
            PhragmenStep::NotReached {
                stopped_at_round: 3,
                budget_left: 1,
                ..
            }
        ));
        assert_eq!(
            r.steps[2],
            PhragmenStep::Funded {
                round: 2,
                load: Amount::from_integer(1)
            }
        );
    }
}

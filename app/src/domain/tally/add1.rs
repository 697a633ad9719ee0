//! MES with budget increments (pabutools `voter_budget_increment=1`), without stepping one unit
//! at a time.
//!
//! pabutools runs MES with every voter's budget at `b₀ = budget / voters`, then `b₀ + 1`,
//! `b₀ + 2`, …, and stops at the first level `k` whose outcome is either over the budget (it
//! then returns the outcome of level `k − 1`) or exhaustive among the projects MES can buy (it
//! returns that outcome).
//!
//! **Why jumping is exact.** Run MES with budgets `b₀ + k + δ` where `δ` is symbolic: every
//! money value of the run is then an affine function of `δ` with exact rational coefficients
//! (a voter's budget, a price ρ, a payment), and every decision the run makes is the sign of
//! such a function — which project is cheapest, which supporters pay all they have, whether a
//! project is affordable. [`Lin`] evaluates each decision at `δ = 0` (so the run is exactly
//! pabutools' run at level `k`) and records the smallest `δ* > 0` at which any of those signs
//! could change. For every level `k + j` with `j < δ*` all decisions, hence the outcome, are the
//! same as at level `k`, and since level `k` did not stop, neither do those. So the next level
//! that can differ is `k + ⌈δ*⌉` (at least `k + 1`): we run that one next. The outcome returned is
//! then recomputed with plain numbers at the exact level pabutools stops at, so the explanation
//! carries pabutools' numbers.
//!
//! Two facts keep the set of recorded decisions small and still complete: budgets never
//! decrease and prices never increase when `δ` grows (by induction over rounds), so a voter who
//! pays the full share keeps doing so and an affordable project stays affordable; only the
//! opposite decisions are recorded. See [`super::mes`] for the run itself.

use num_bigint::BigInt;

use super::election::{Election, ProjectIdx};
use super::mes::{Mes, MesRun};
use super::scalar::{EventLog, Lin};

/// The outcome of MES with increments.
pub(crate) struct Add1 {
    /// The plain MES run whose outcome pabutools returns.
    pub run: MesRun,
    /// Its starting budget per voter, as a numerator over the number of voters.
    pub start: BigInt,
    /// Number of one-unit increments of that run.
    pub increments: u64,
    /// MES runs performed to find it (pabutools performs `increments + 1` or `+ 2`).
    pub runs: u64,
}

/// Runs MES with budget increments of one currency unit per voter; see the module docs.
pub(crate) fn run(election: &Election, mes: &Mes) -> Add1 {
    let n = BigInt::from(mes.n_voters());
    let base = BigInt::from(election.budget());
    let start_at = |k: u64| &base + &n * k;
    let candidates: Vec<ProjectIdx> = mes.candidates().collect();
    let cost = |sel: &[ProjectIdx]| -> u128 {
        sel.iter()
            .map(|p| u128::from(election.projects()[p.index()].cost()))
            .sum()
    };
    let budget = u128::from(election.budget());

    let mut k: u64 = 0;
    let mut runs = 0u64;
    let level = loop {
        let mut log = EventLog::default();
        let outcome = mes.run(Lin::new(start_at(k), n.clone()), &mut log);
        runs += 1;
        let spent = cost(&outcome.selected);
        if spent > budget {
            // Level k − 1 (and the last run) fitted; level 0 always fits since MES never
            // spends more than the voters' budgets.
            break k.saturating_sub(1);
        }
        let exhaustive = candidates.iter().all(|p| {
            outcome.selected.contains(p)
                || spent + u128::from(election.projects()[p.index()].cost()) > budget
        });
        if exhaustive {
            break k;
        }
        match log.next_step() {
            // No decision can ever change: the outcome is final (cannot happen in practice, as
            // an unfunded affordable-later project always records an event).
            None => break k,
            Some(step) => match k.checked_add(step) {
                Some(next) => k = next,
                None => break k,
            },
        }
    };
    let start = start_at(level);
    let mut quiet = EventLog::default();
    let run = mes.run(start.clone(), &mut quiet);
    Add1 {
        run,
        start,
        increments: level,
        runs: runs + 1,
    }
}

//! The MES family: plain MES, MES with budget increments (`+add1`), and their greedy
//! completion (`+greedy`, pabutools `completion_by_rule_combination` with
//! `greedy_utilitarian_welfare(sat_class=Cost_Sat)` as second rule: if the MES outcome is not
//! exhaustive, the leftover budget is filled by number of supporters).

use num_bigint::BigInt;

use super::add1;
use super::election::{Election, ProjectIdx};
use super::explain::{MesBudget, MesStep};
use super::greedy::{self, GreedyKey, GreedyRun};
use super::mes::{Mes, MesRun, Utility};
use super::profile::Profile;
use super::scalar::EventLog;

/// What an MES-family rule decided.
pub(crate) struct MesOutcome {
    /// Funded by MES, in order (free projects first).
    pub mes_selected: Vec<ProjectIdx>,
    /// MES's view of every project.
    pub mes_steps: Vec<MesStep>,
    /// The per-voter budget of the MES run.
    pub budget: MesBudget,
    /// The greedy completion, if the rule has one and MES left the outcome non-exhaustive.
    pub fill: Option<GreedyRun>,
}

/// Runs MES with `utility` (`Points` uses the points profile, the others the approval
/// projection), with increments if `add1`, then the greedy completion if `complete`.
pub(crate) fn run(election: &Election, utility: Utility, add1: bool, complete: bool) -> MesOutcome {
    let profile = match utility {
        Utility::Points => Profile::points(election),
        Utility::Cost | Utility::Cardinality => Profile::approval(election),
    };
    let mes = Mes::new(election, &profile, utility);
    let (run, budget): (MesRun, MesBudget) = if add1 {
        let found = add1::run(election, &mes);
        let info = mes.budget_info(&found.start, found.increments, found.runs);
        (found.run, info)
    } else {
        let start = BigInt::from(election.budget());
        let run = mes.run(start.clone(), &mut EventLog::default());
        (run, mes.budget_info(&start, 0, 1))
    };
    let mes_steps = mes.explain(&run);
    let fill = if complete && !is_exhaustive(election, &run.selected) {
        let votes = election.supporter_counts();
        Some(greedy::run(
            election,
            GreedyKey::Votes,
            &votes,
            &run.selected,
        ))
    } else {
        None
    };
    MesOutcome {
        mes_selected: run.selected,
        mes_steps,
        budget,
        fill,
    }
}

/// pabutools `Instance.is_exhaustive`: no unselected project fits in what is left.
fn is_exhaustive(election: &Election, selected: &[ProjectIdx]) -> bool {
    let mut taken = vec![false; election.projects().len()];
    let mut spent: u128 = 0;
    for p in selected {
        taken[p.index()] = true;
        spent += u128::from(election.projects()[p.index()].cost());
    }
    let budget = u128::from(election.budget());
    election
        .projects()
        .iter()
        .enumerate()
        .all(|(i, p)| taken[i] || spent + u128::from(p.cost()) > budget)
}

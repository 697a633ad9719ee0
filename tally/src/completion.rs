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

/// What MES (with increments or not) decided: the part of a rule that its `+greedy` variant
/// shares.
#[derive(Clone)]
pub(crate) struct MesFound {
    /// Funded by MES, in order (free projects first).
    pub mes_selected: Vec<ProjectIdx>,
    /// MES's view of every project.
    pub mes_steps: Vec<MesStep>,
    /// The per-voter budget of the MES run.
    pub budget: MesBudget,
}

/// Runs MES with `utility` (`Points` uses the points profile, the others the approval
/// projection), with increments if `add1`.
pub(crate) fn find(election: &Election, utility: Utility, add1: bool) -> MesFound {
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
    MesFound {
        mes_steps: mes.explain(&run),
        mes_selected: run.selected,
        budget,
    }
}

/// The greedy completion of what MES `found`, if MES left the outcome non-exhaustive.
pub(crate) fn complete(election: &Election, found: &MesFound) -> Option<GreedyRun> {
    let selected = &found.mes_selected;
    (!is_exhaustive(election, selected)).then(|| {
        let votes = election.supporter_counts();
        greedy::run(election, GreedyKey::Votes, &votes, selected)
    })
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

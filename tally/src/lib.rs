//! The tally engine: exact, deterministic participatory-budgeting rules with explanations.
//!
//! Entry point: [`tally`]. Every rule reproduces the corresponding pabutools 1.2.3 call (see
//! [`Rule`]); all arithmetic is exact (integers and big rationals, no floating point), ties are
//! broken in favour of the smallest project id compared as a string, and no outcome exceeds the
//! budget.

mod add1;
mod amount;
mod completion;
mod election;
mod explain;
mod greedy;
mod mes;
mod mes_classes;
pub mod pabulib;
mod phragmen;
mod profile;
mod rule;
mod scalar;
#[cfg(test)]
mod testing;

/// The README's example, compiled and run as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctest;

pub use amount::Amount;
pub use election::{
    ApprovalBallot, Ballots, CumulativeBallot, Election, ElectionError, MAX_AMOUNT, MAX_POINTS,
    OrdinalBallot, Project, ProjectIdx, VoteType,
};
pub use explain::{
    GreedyScore, GreedyStep, MesBudget, MesStep, Outcome, PhragmenStep, ProjectExplanation, Stage,
};
pub use greedy::GreedyKey;
pub use mes::Utility;
pub use rule::{Completion, Method, Rule};

use std::collections::HashMap;

/// Runs `rule` on `election`.
///
/// Approval-based rules use the approval projection of cumulative and ordinal ballots; point
/// rules use cumulative points, Borda points for rankings, 1 point per approval (see [`Rule`]).
/// Always succeeds: every [`Election`] is valid by construction.
pub fn tally(election: &Election, rule: Rule) -> Outcome {
    tally_sharing(election, rule, &mut MesRuns::new())
}

/// Runs each of `rules` on `election`, in order: the same outcomes as [`tally`], but a rule
/// and its `+greedy` variant share their MES run (for `+add1`, the costly search).
pub fn tally_each(election: &Election, rules: &[Rule]) -> Vec<Outcome> {
    let mut found = MesRuns::new();
    rules
        .iter()
        .map(|&rule| tally_sharing(election, rule, &mut found))
        .collect()
}

/// MES runs by utility and `+add1`.
type MesRuns = HashMap<(Utility, bool), completion::MesFound>;

fn tally_sharing(election: &Election, rule: Rule, found: &mut MesRuns) -> Outcome {
    let uses_points = rule.uses_points();
    let points = uses_points.then(|| total_points(election));
    let mut explanations = base_explanations(election, points.as_deref());
    let mut mes_budget = None;
    let selected: Vec<ProjectIdx> = match rule.method() {
        Method::Greedy(key) => {
            let scores = match key {
                GreedyKey::Votes | GreedyKey::VotesPerCost => election.supporter_counts(),
                GreedyKey::Points | GreedyKey::PointsPerCost => total_points(election),
            };
            let run = greedy::run(election, key, &scores, &[]);
            attach_greedy(&mut explanations, run.steps, Stage::Greedy);
            run.funded
        }
        Method::EqualShares { utility, add1 } => {
            let out = found
                .entry((utility, add1))
                .or_insert_with(|| completion::find(election, utility, add1));
            for (e, step) in explanations.iter_mut().zip(&out.mes_steps) {
                e.mes = Some(step.clone());
            }
            for &p in &out.mes_selected {
                explanations[p.index()].selected_by = Some(Stage::Mes);
            }
            mes_budget = Some(out.budget.clone());
            let mut selected = out.mes_selected.clone();
            if rule.completion() == Completion::Greedy
                && let Some(fill) = completion::complete(election, out)
            {
                attach_greedy(&mut explanations, fill.steps, Stage::GreedyFill);
                selected.extend(fill.funded);
            }
            selected
        }
        Method::Phragmen => {
            let run = phragmen::run(election);
            for (e, step) in explanations.iter_mut().zip(run.steps) {
                e.phragmen = Some(step);
            }
            for &p in &run.selected {
                explanations[p.index()].selected_by = Some(Stage::Phragmen);
            }
            run.selected
        }
    };
    let total_cost = selected
        .iter()
        .map(|p| election.projects()[p.index()].cost())
        .sum();
    Outcome {
        rule,
        selected,
        total_cost,
        budget: election.budget(),
        mes_budget,
        explanations,
    }
}

fn base_explanations(election: &Election, points: Option<&[u64]>) -> Vec<ProjectExplanation> {
    let supporters = election.supporter_counts();
    election
        .projects()
        .iter()
        .enumerate()
        .map(|(i, p)| ProjectExplanation {
            project: ProjectIdx::new(i as u32),
            cost: p.cost(),
            supporters: supporters[i],
            points: points.map(|pts| pts[i]),
            selected_by: None,
            greedy: None,
            mes: None,
            phragmen: None,
        })
        .collect()
}

fn attach_greedy(
    explanations: &mut [ProjectExplanation],
    steps: Vec<Option<GreedyStep>>,
    stage: Stage,
) {
    for (e, step) in explanations.iter_mut().zip(steps) {
        if let Some(step) = step {
            if step.funded {
                e.selected_by = Some(stage);
            }
            e.greedy = Some(step);
        }
    }
}

/// Total points per project (see [`Election::points_profile`]).
fn total_points(election: &Election) -> Vec<u64> {
    let mut totals = vec![0u64; election.projects().len()];
    for ballot in election.points_profile() {
        for &(p, pts) in ballot.points() {
            totals[p.index()] = totals[p.index()].saturating_add(pts);
        }
    }
    totals
}

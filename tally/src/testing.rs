//! Small elections for the engine's unit tests.

use super::election::{ApprovalBallot, Ballots, Election, Project, ProjectIdx};

/// The pabulib data directory, as the integration tests find it.
#[path = "../tests/common/mod.rs"]
mod common;
pub(crate) use common::read as read_pabulib;

/// An approval election: projects `(id, cost)` in order, `budget`, one ballot per slice of
/// project indices.
pub(crate) fn approval_election(
    costs: &[(&str, u64)],
    budget: u64,
    ballots: &[&[u32]],
) -> Election {
    Election::new(
        costs
            .iter()
            .map(|&(id, c)| Project::new(id.into(), c, None).expect("project"))
            .collect(),
        budget,
        Ballots::Approval(
            ballots
                .iter()
                .map(|b| {
                    ApprovalBallot::new(b.iter().map(|&i| ProjectIdx::new(i)).collect())
                        .expect("ballot")
                })
                .collect(),
        ),
    )
    .expect("election")
}

/// Projects with `costs`, whose ids `{prefix}{(i × stride) mod modulo}` do not follow their
/// order (so that tie-breaking by id is exercised).
pub(crate) fn scrambled_projects(
    costs: &[u64],
    prefix: &str,
    stride: usize,
    modulo: usize,
) -> Vec<Project> {
    costs
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            Project::new(format!("{prefix}{}", (i * stride) % modulo), c, None).expect("project")
        })
        .collect()
}

/// The ids of `selected`, in order.
pub(crate) fn ids<'e>(election: &'e Election, selected: &[ProjectIdx]) -> Vec<&'e str> {
    selected
        .iter()
        .map(|p| election.projects()[p.index()].id())
        .collect()
}

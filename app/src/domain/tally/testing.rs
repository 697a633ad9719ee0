//! Small elections for the engine's unit tests.

use super::election::{ApprovalBallot, Ballots, Election, Project, ProjectIdx};

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

/// The ids of `selected`, in order.
pub(crate) fn ids<'e>(election: &'e Election, selected: &[ProjectIdx]) -> Vec<&'e str> {
    selected
        .iter()
        .map(|p| election.projects()[p.index()].id())
        .collect()
}

//! Identical ballots grouped together, with per-project utilities: the input of MES and
//! Phragmén. Rules work per group (a ballot and its multiplicity), never per voter.

use std::collections::HashMap;

use super::election::Election;

/// Index of a group in [`Profile::groups`].
pub(crate) type GroupIdx = u32;

/// Distinct ballots with multiplicities; `a` values are the per-ballot utility units (1 per
/// approval, or points).
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// All voters, including empty ballots.
    pub n_voters: u64,
    /// Distinct non-empty ballots.
    pub groups: Vec<Group>,
    /// For each project, the groups giving it a positive utility unit, with that unit.
    pub supporters: Vec<Vec<(GroupIdx, u64)>>,
    /// `true` if every utility unit is 1 (approval ballots).
    pub unit: bool,
}

/// One distinct ballot.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// Number of voters who cast it.
    pub mult: u64,
    /// `(project index, utility unit > 0)`, sorted by project.
    pub items: Vec<(u32, u64)>,
}

impl Profile {
    /// Approval projection: every project on a ballot has unit 1.
    pub fn approval(election: &Election) -> Self {
        let ballots = election.approval_projection();
        Self::build(
            election,
            ballots
                .iter()
                .map(|b| b.projects().iter().map(|p| (p.get(), 1)).collect()),
        )
    }

    /// Points (see [`Election::points_profile`]); projects with 0 points are dropped.
    pub fn points(election: &Election) -> Self {
        let ballots = election.points_profile();
        Self::build(
            election,
            ballots.iter().map(|b| {
                b.points()
                    .iter()
                    .filter(|&&(_, pts)| pts > 0)
                    .map(|&(p, pts)| (p.get(), pts))
                    .collect()
            }),
        )
    }

    fn build(election: &Election, ballots: impl Iterator<Item = Vec<(u32, u64)>>) -> Self {
        let mut index: HashMap<Vec<(u32, u64)>, GroupIdx> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for items in ballots {
            if items.is_empty() {
                continue;
            }
            match index.get(&items) {
                Some(&g) => groups[g as usize].mult += 1,
                None => {
                    index.insert(items.clone(), groups.len() as GroupIdx);
                    groups.push(Group { mult: 1, items });
                }
            }
        }
        let mut supporters = vec![Vec::new(); election.projects().len()];
        let mut unit = true;
        for (g, group) in groups.iter().enumerate() {
            for &(p, a) in &group.items {
                unit &= a == 1;
                supporters[p as usize].push((g as GroupIdx, a));
            }
        }
        Self {
            n_voters: election.num_voters(),
            groups,
            supporters,
            unit,
        }
    }

    /// Number of voters supporting project `p`.
    pub fn voters_of(&self, p: usize) -> u64 {
        self.supporters[p]
            .iter()
            .map(|&(g, _)| self.groups[g as usize].mult)
            .sum()
    }

    /// Total utility units for project `p` (Σ multiplicity × unit).
    pub fn units_of(&self, p: usize) -> u128 {
        self.supporters[p]
            .iter()
            .map(|&(g, a)| u128::from(self.groups[g as usize].mult) * u128::from(a))
            .sum()
    }
}

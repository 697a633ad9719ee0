//! Identical ballots grouped together, with per-project utilities: the input of MES and
//! Phragmén. Rules work per group (a ballot and its multiplicity), never per voter.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::election::{Ballots, Election, MAX_POINTS, ProjectIdx};

/// Index of a group in [`Profile::groups`].
pub(crate) type GroupIdx = u32;

/// A utility unit: 1 per approval, or points. Points are at most [`MAX_POINTS`] (checked by
/// [`Election::new`]), Borda points at most the number of projects: a `u32` holds them, and
/// halves the size of the supporter lists the hot loops of MES read.
pub(crate) type Unit = u32;
const _: () = assert!(MAX_POINTS <= Unit::MAX as u64);

/// Distinct ballots with multiplicities; `a` values are the per-ballot utility units (1 per
/// approval, or points).
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// All voters, including empty ballots.
    pub n_voters: u64,
    /// Distinct non-empty ballots.
    pub groups: Vec<Group>,
    /// For each project, the groups giving it a positive utility unit, with that unit.
    pub supporters: Vec<Vec<(GroupIdx, Unit)>>,
    /// `groups[g].mult`, stored contiguously for the hot loops.
    pub mults: Vec<u32>,
    /// `true` if every utility unit is 1 (approval ballots).
    pub unit: bool,
}

/// One distinct ballot.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// Number of voters who cast it: at most `u32::MAX`, like all voters of an [`Election`]
    /// (so any sum of multiplicities fits in a `u32` too).
    pub mult: u32,
    /// `(project index, utility unit > 0)`, sorted by project.
    pub items: Vec<(u32, Unit)>,
}

impl Profile {
    /// Approval projection: every project on a ballot has unit 1.
    pub fn approval(election: &Election) -> Self {
        let unit = |b: &[ProjectIdx]| b.iter().map(|p| (p.get(), 1)).collect();
        match election.ballots() {
            Ballots::Approval(b) | Ballots::ChooseOne(b) => {
                Self::build(election, b.iter().map(|b| b.projects()), unit)
            }
            Ballots::Cumulative(b) => {
                let sets: Vec<Vec<ProjectIdx>> = b
                    .iter()
                    .map(|b| b.points().iter().map(|&(p, _)| p).collect())
                    .collect();
                Self::build(election, sets.iter().map(Vec::as_slice), unit)
            }
            Ballots::Ordinal(_) => {
                let sets = election.approval_projection();
                Self::build(election, sets.iter().map(|b| b.projects()), unit)
            }
        }
    }

    /// Points (see [`Election::points_profile`]); projects with 0 points are dropped.
    pub fn points(election: &Election) -> Self {
        let ballots: Vec<Vec<(u32, Unit)>> = election
            .points_profile()
            .iter()
            .map(|b| {
                b.points()
                    .iter()
                    .filter(|&&(_, pts)| pts > 0)
                    // Never saturates: see `Unit`.
                    .map(|&(p, pts)| (p.get(), Unit::try_from(pts).unwrap_or(Unit::MAX)))
                    .collect()
            })
            .collect();
        Self::build(election, ballots.iter().map(Vec::as_slice), |b| b.to_vec())
    }

    /// Groups identical `ballots` (keys), turning each distinct one into items with `items`.
    fn build<K: Hash + Eq + Copy + IsEmpty>(
        election: &Election,
        ballots: impl Iterator<Item = K>,
        items: impl Fn(K) -> Vec<(u32, Unit)>,
    ) -> Self {
        let mut index: HashMap<K, GroupIdx, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut groups: Vec<Group> = Vec::new();
        for key in ballots {
            if key.is_empty() {
                continue;
            }
            match index.get(&key) {
                Some(&g) => groups[g as usize].mult += 1,
                None => {
                    index.insert(key, groups.len() as GroupIdx);
                    groups.push(Group {
                        mult: 1,
                        items: items(key),
                    });
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
        let mults = groups.iter().map(|g| g.mult).collect();
        Self {
            n_voters: election.num_voters(),
            groups,
            supporters,
            mults,
            unit,
        }
    }

    /// Number of voters supporting project `p`.
    pub fn voters_of(&self, p: usize) -> u64 {
        self.supporters[p]
            .iter()
            .map(|&(g, _)| u64::from(self.groups[g as usize].mult))
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

/// Slices that may be empty (empty ballots form no group).
trait IsEmpty {
    fn is_empty(&self) -> bool;
}

impl<T> IsEmpty for &[T] {
    fn is_empty(&self) -> bool {
        <[T]>::is_empty(self)
    }
}

/// A fast, non-cryptographic hasher for small integer keys (the "Fx" hash used by rustc).
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

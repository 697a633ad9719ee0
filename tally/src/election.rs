//! The election model: projects, budget and ballots.
//!
//! Every value here is validated on construction ([`Election::new`], [`Project::new`], the
//! ballot constructors), so the rules never see an out-of-range index, a duplicate project in a
//! ballot or an amount that does not fit the exact arithmetic.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest cost or budget accepted: 2^53 − 1, the largest integer a browser (JavaScript
/// `Number`) represents exactly.
pub const MAX_AMOUNT: u64 = (1 << 53) - 1;

/// Largest number of points one ballot may give one project.
pub const MAX_POINTS: u64 = u32::MAX as u64;

/// Position of a project in [`Election::projects`].
///
/// Only meaningful together with the election it was made for; [`Election::new`] rejects
/// ballots that refer to a position past the end of the project list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProjectIdx(u32);

impl ProjectIdx {
    /// The project at position `index` of the project list.
    pub const fn new(index: u32) -> Self {
        Self(index)
    }

    /// The position in the project list, usable to index `election.projects()`.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The position as a `u32`.
    pub const fn get(self) -> u32 {
        self.0
    }
}

/// A project that can be funded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProjectData")]
pub struct Project {
    id: String,
    cost: u64,
    name: Option<String>,
}

#[derive(Deserialize)]
struct ProjectData {
    id: String,
    cost: u64,
    name: Option<String>,
}

impl TryFrom<ProjectData> for Project {
    type Error = ElectionError;
    fn try_from(d: ProjectData) -> Result<Self, Self::Error> {
        Project::new(d.id, d.cost, d.name)
    }
}

impl Project {
    /// A project with an `id` (unique within an election, also the tie-breaking key), a `cost`
    /// in whole currency units and an optional display name.
    ///
    /// # Errors
    /// [`ElectionError::EmptyProjectId`]; [`ElectionError::InvalidProjectId`] if the id contains
    /// a comma (pabulib separates ids with commas in votes) or starts or ends with whitespace;
    /// [`ElectionError::MultiLineText`] if the id or the name contains a line break;
    /// [`ElectionError::AmountTooLarge`] if `cost > MAX_AMOUNT`.
    pub fn new(id: String, cost: u64, name: Option<String>) -> Result<Self, ElectionError> {
        if id.is_empty() {
            return Err(ElectionError::EmptyProjectId);
        }
        if id.contains(',') || id.trim() != id {
            return Err(ElectionError::InvalidProjectId(id));
        }
        for text in std::iter::once(&id).chain(name.as_ref()) {
            if text.contains(['\n', '\r']) {
                return Err(ElectionError::MultiLineText(text.clone()));
            }
        }
        if cost > MAX_AMOUNT {
            return Err(ElectionError::AmountTooLarge(cost));
        }
        Ok(Self { id, cost, name })
    }

    /// The identifier (pabulib `project_id`); ties are broken by comparing these as strings.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The cost in whole currency units.
    pub fn cost(&self) -> u64 {
        self.cost
    }

    /// The display name, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// How voters expressed their preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VoteType {
    /// Each voter approves any set of projects.
    #[serde(rename = "approval")]
    Approval,
    /// Each voter picks at most one project (an approval ballot of size ≤ 1).
    #[serde(rename = "choose-1")]
    ChooseOne,
    /// Each voter spreads points over projects.
    #[serde(rename = "cumulative")]
    Cumulative,
    /// Each voter ranks projects, best first.
    #[serde(rename = "ordinal")]
    Ordinal,
}

impl VoteType {
    /// The pabulib `vote_type` string (`approval`, `choose-1`, `cumulative`, `ordinal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approval => "approval",
            Self::ChooseOne => "choose-1",
            Self::Cumulative => "cumulative",
            Self::Ordinal => "ordinal",
        }
    }

    /// Parses a pabulib `vote_type` string; `None` for unsupported ones (e.g. `scoring`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approval" => Some(Self::Approval),
            "choose-1" => Some(Self::ChooseOne),
            "cumulative" => Some(Self::Cumulative),
            "ordinal" => Some(Self::Ordinal),
            _ => None,
        }
    }
}

/// A set of approved projects, kept sorted by index, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ApprovalBallot(Vec<ProjectIdx>);

impl ApprovalBallot {
    /// The ballot approving `projects` (any order).
    ///
    /// # Errors
    /// [`ElectionError::DuplicateInBallot`] if a project is listed twice.
    pub fn new(mut projects: Vec<ProjectIdx>) -> Result<Self, ElectionError> {
        projects.sort_unstable();
        if let Some(w) = projects.windows(2).find(|w| w[0] == w[1]) {
            return Err(ElectionError::DuplicateInBallot(w[0]));
        }
        Ok(Self(projects))
    }

    /// The approved projects, sorted by index.
    pub fn projects(&self) -> &[ProjectIdx] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ApprovalBallot {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<ProjectIdx>::deserialize(d)?;
        Self::new(v).map_err(serde::de::Error::custom)
    }
}

/// Points given to projects, kept sorted by project index, without duplicates.
///
/// A project listed with 0 points still counts as "on the ballot" for the approval projection
/// (as pabutools does) but gives no utility to the point-based rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CumulativeBallot(Vec<(ProjectIdx, u64)>);

impl CumulativeBallot {
    /// The ballot giving `points` to each listed project (any order).
    ///
    /// # Errors
    /// [`ElectionError::DuplicateInBallot`], or [`ElectionError::PointsTooLarge`] above
    /// [`MAX_POINTS`].
    pub fn new(mut points: Vec<(ProjectIdx, u64)>) -> Result<Self, ElectionError> {
        points.sort_unstable_by_key(|&(p, _)| p);
        if let Some(w) = points.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(ElectionError::DuplicateInBallot(w[0].0));
        }
        if let Some(&(_, pts)) = points.iter().find(|&&(_, pts)| pts > MAX_POINTS) {
            return Err(ElectionError::PointsTooLarge(pts));
        }
        Ok(Self(points))
    }

    /// `(project, points)` pairs sorted by project index.
    pub fn points(&self) -> &[(ProjectIdx, u64)] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for CumulativeBallot {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<(ProjectIdx, u64)>::deserialize(d)?;
        Self::new(v).map_err(serde::de::Error::custom)
    }
}

/// A ranking of projects, best first, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrdinalBallot(Vec<ProjectIdx>);

impl OrdinalBallot {
    /// The ranking `ranked` (best first).
    ///
    /// # Errors
    /// [`ElectionError::DuplicateInBallot`] if a project is ranked twice.
    pub fn new(ranked: Vec<ProjectIdx>) -> Result<Self, ElectionError> {
        let mut seen = HashSet::with_capacity(ranked.len());
        for &p in &ranked {
            if !seen.insert(p) {
                return Err(ElectionError::DuplicateInBallot(p));
            }
        }
        Ok(Self(ranked))
    }

    /// The ranked projects, best first.
    pub fn ranking(&self) -> &[ProjectIdx] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for OrdinalBallot {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<ProjectIdx>::deserialize(d)?;
        Self::new(v).map_err(serde::de::Error::custom)
    }
}

/// All ballots of an election; one variant per [`VoteType`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "vote_type", content = "ballots")]
pub enum Ballots {
    /// Approval ballots.
    #[serde(rename = "approval")]
    Approval(Vec<ApprovalBallot>),
    /// Choose-one ballots (approval ballots with at most one project).
    #[serde(rename = "choose-1")]
    ChooseOne(Vec<ApprovalBallot>),
    /// Cumulative (points) ballots.
    #[serde(rename = "cumulative")]
    Cumulative(Vec<CumulativeBallot>),
    /// Rankings.
    #[serde(rename = "ordinal")]
    Ordinal(Vec<OrdinalBallot>),
}

impl Ballots {
    /// The vote type of these ballots.
    pub fn vote_type(&self) -> VoteType {
        match self {
            Self::Approval(_) => VoteType::Approval,
            Self::ChooseOne(_) => VoteType::ChooseOne,
            Self::Cumulative(_) => VoteType::Cumulative,
            Self::Ordinal(_) => VoteType::Ordinal,
        }
    }

    /// Number of ballots (voters), including empty ones.
    pub fn len(&self) -> usize {
        match self {
            Self::Approval(b) | Self::ChooseOne(b) => b.len(),
            Self::Cumulative(b) => b.len(),
            Self::Ordinal(b) => b.len(),
        }
    }

    /// `true` if nobody voted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The projects on ballot `voter` in ballot order (sorted for approval and cumulative,
    /// ranked for ordinal); empty if `voter` is out of range.
    pub fn projects_of(&self, voter: usize) -> Vec<ProjectIdx> {
        match self {
            Self::Approval(b) | Self::ChooseOne(b) => {
                b.get(voter).map(|b| b.0.clone()).unwrap_or_default()
            }
            Self::Cumulative(b) => b
                .get(voter)
                .map(|b| b.0.iter().map(|&(p, _)| p).collect())
                .unwrap_or_default(),
            Self::Ordinal(b) => b.get(voter).map(|b| b.0.clone()).unwrap_or_default(),
        }
    }

    fn for_each_project(&self, mut f: impl FnMut(usize, ProjectIdx)) {
        match self {
            Self::Approval(b) | Self::ChooseOne(b) => {
                for (v, ballot) in b.iter().enumerate() {
                    ballot.0.iter().for_each(|&p| f(v, p));
                }
            }
            Self::Cumulative(b) => {
                for (v, ballot) in b.iter().enumerate() {
                    ballot.0.iter().for_each(|&(p, _)| f(v, p));
                }
            }
            Self::Ordinal(b) => {
                for (v, ballot) in b.iter().enumerate() {
                    ballot.0.iter().for_each(|&p| f(v, p));
                }
            }
        }
    }
}

/// Why an election (or one of its parts) is invalid.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ElectionError {
    /// A project has an empty id.
    #[error("a project has an empty id")]
    EmptyProjectId,
    /// A project id contains a comma or surrounding whitespace.
    #[error("project id \"{0}\" must not contain a comma or start or end with a space")]
    InvalidProjectId(String),
    /// Two projects share an id.
    #[error("project id \"{0}\" is used twice")]
    DuplicateProjectId(String),
    /// A text contains a line break.
    #[error("text \"{0}\" contains a line break")]
    MultiLineText(String),
    /// A cost or the budget is larger than [`MAX_AMOUNT`].
    #[error("amount {0} is larger than the supported maximum 9007199254740991")]
    AmountTooLarge(u64),
    /// More points than [`MAX_POINTS`].
    #[error("{0} points is more than the supported maximum 4294967295")]
    PointsTooLarge(u64),
    /// More projects than fit a [`ProjectIdx`].
    #[error("too many projects ({0})")]
    TooManyProjects(usize),
    /// More voters than supported (2^32 − 1).
    #[error("too many voters ({0})")]
    TooManyVoters(usize),
    /// A ballot refers to a project index past the end of the project list.
    #[error("ballot {voter} refers to project #{} but there are only {count} projects", project.get())]
    UnknownProject {
        /// Position of the ballot.
        voter: u64,
        /// The bad index.
        project: ProjectIdx,
        /// Number of projects.
        count: u64,
    },
    /// A ballot lists a project twice.
    #[error("project #{} appears twice in one ballot", .0.get())]
    DuplicateInBallot(ProjectIdx),
    /// A choose-1 ballot lists more than one project.
    #[error("choose-1 ballot {voter} lists {count} projects")]
    ChooseOneTooMany {
        /// Position of the ballot.
        voter: u64,
        /// How many projects it lists.
        count: u64,
    },
}

/// A complete participatory-budgeting election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ElectionData")]
pub struct Election {
    projects: Vec<Project>,
    budget: u64,
    ballots: Ballots,
}

#[derive(Deserialize)]
struct ElectionData {
    projects: Vec<Project>,
    budget: u64,
    ballots: Ballots,
}

impl TryFrom<ElectionData> for Election {
    type Error = ElectionError;
    fn try_from(d: ElectionData) -> Result<Self, Self::Error> {
        Election::new(d.projects, d.budget, d.ballots)
    }
}

impl Election {
    /// An election over `projects` with total `budget` (whole currency units).
    ///
    /// # Errors
    /// Duplicate project ids, a budget above [`MAX_AMOUNT`], more than 2^32 − 1 projects or
    /// voters, ballots referring to unknown project indices, choose-1 ballots listing more than
    /// one project.
    pub fn new(
        projects: Vec<Project>,
        budget: u64,
        ballots: Ballots,
    ) -> Result<Self, ElectionError> {
        if budget > MAX_AMOUNT {
            return Err(ElectionError::AmountTooLarge(budget));
        }
        if u32::try_from(projects.len()).is_err() {
            return Err(ElectionError::TooManyProjects(projects.len()));
        }
        if u32::try_from(ballots.len()).is_err() {
            return Err(ElectionError::TooManyVoters(ballots.len()));
        }
        let mut ids = HashSet::with_capacity(projects.len());
        for p in &projects {
            if !ids.insert(p.id.as_str()) {
                return Err(ElectionError::DuplicateProjectId(p.id.clone()));
            }
        }
        let count = projects.len() as u64;
        let mut bad = None;
        ballots.for_each_project(|voter, p| {
            if bad.is_none() && p.index() >= projects.len() {
                bad = Some(ElectionError::UnknownProject {
                    voter: voter as u64,
                    project: p,
                    count,
                });
            }
        });
        if let Some(e) = bad {
            return Err(e);
        }
        if let Ballots::ChooseOne(b) = &ballots
            && let Some((voter, ballot)) = b.iter().enumerate().find(|(_, b)| b.0.len() > 1)
        {
            return Err(ElectionError::ChooseOneTooMany {
                voter: voter as u64,
                count: ballot.0.len() as u64,
            });
        }
        Ok(Self {
            projects,
            budget,
            ballots,
        })
    }

    /// The projects; a [`ProjectIdx`] is a position in this slice.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The project at `idx`, or `None` if out of range.
    pub fn project(&self, idx: ProjectIdx) -> Option<&Project> {
        self.projects.get(idx.index())
    }

    /// The index of the project with id `id`.
    pub fn find_project(&self, id: &str) -> Option<ProjectIdx> {
        self.projects
            .iter()
            .position(|p| p.id == id)
            .map(|i| ProjectIdx(i as u32))
    }

    /// The budget limit in whole currency units.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// The ballots.
    pub fn ballots(&self) -> &Ballots {
        &self.ballots
    }

    /// The vote type.
    pub fn vote_type(&self) -> VoteType {
        self.ballots.vote_type()
    }

    /// Number of voters (ballots), including empty ballots: they count when MES splits the
    /// budget into equal shares.
    pub fn num_voters(&self) -> u64 {
        self.ballots.len() as u64
    }

    /// The approval projection: every project that appears on a ballot counts as approved,
    /// whatever its rank or number of points (pabutools' `ApprovalBallot(set(ballot))`).
    pub fn approval_projection(&self) -> Vec<ApprovalBallot> {
        match &self.ballots {
            Ballots::Approval(b) | Ballots::ChooseOne(b) => b.clone(),
            Ballots::Cumulative(b) => b
                .iter()
                .map(|b| ApprovalBallot(b.0.iter().map(|&(p, _)| p).collect()))
                .collect(),
            Ballots::Ordinal(b) => b
                .iter()
                .map(|b| {
                    let mut v = b.0.clone();
                    v.sort_unstable();
                    ApprovalBallot(v)
                })
                .collect(),
        }
    }

    /// Points per ballot, as used by the point-based rules:
    /// * cumulative ballots: the points given;
    /// * ordinal ballots: **Borda points** — with `L` the length of the longest ranking in the
    ///   election, the project ranked `r`-th (1-based) gets `L − r + 1` points (first choice
    ///   `L`, unranked 0). For Kraków 2024 (rankings of exactly 3) that is 3, 2, 1;
    /// * approval and choose-1 ballots: 1 point per approved project.
    pub fn points_profile(&self) -> Vec<CumulativeBallot> {
        match &self.ballots {
            Ballots::Approval(b) | Ballots::ChooseOne(b) => b
                .iter()
                .map(|b| CumulativeBallot(b.0.iter().map(|&p| (p, 1)).collect()))
                .collect(),
            Ballots::Cumulative(b) => b.clone(),
            Ballots::Ordinal(b) => {
                let longest = b.iter().map(|b| b.0.len()).max().unwrap_or(0) as u64;
                b.iter()
                    .map(|b| {
                        let mut pts: Vec<(ProjectIdx, u64)> =
                            b.0.iter()
                                .enumerate()
                                .map(|(rank, &p)| (p, longest - rank as u64))
                                .collect();
                        pts.sort_unstable_by_key(|&(p, _)| p);
                        CumulativeBallot(pts)
                    })
                    .collect()
            }
        }
    }

    /// Project indices sorted by id (Rust `str` order, i.e. Unicode code point order, the same
    /// as Python's): position 0 wins every tie.
    pub fn tie_break_order(&self) -> Vec<ProjectIdx> {
        let mut order: Vec<ProjectIdx> = (0..self.projects.len() as u32).map(ProjectIdx).collect();
        order.sort_by(|a, b| {
            self.projects[a.index()]
                .id
                .cmp(&self.projects[b.index()].id)
        });
        order
    }

    /// Number of ballots on which each project appears (approval projection), by project index.
    pub fn supporter_counts(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.projects.len()];
        self.ballots.for_each_project(|_, p| counts[p.index()] += 1);
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, cost: u64) -> Project {
        Project::new(id.into(), cost, None).expect("valid project")
    }

    #[test]
    fn rejects_duplicate_ids_and_bad_indices() {
        let e = Election::new(vec![p("a", 1), p("a", 2)], 10, Ballots::Approval(vec![]));
        assert_eq!(e, Err(ElectionError::DuplicateProjectId("a".into())));
        let b = ApprovalBallot::new(vec![ProjectIdx::new(3)]).expect("ballot");
        let e = Election::new(vec![p("a", 1)], 10, Ballots::Approval(vec![b]));
        assert!(matches!(e, Err(ElectionError::UnknownProject { .. })));
    }

    #[test]
    fn ballots_reject_duplicates() {
        let d = ApprovalBallot::new(vec![ProjectIdx::new(1), ProjectIdx::new(1)]);
        assert_eq!(d, Err(ElectionError::DuplicateInBallot(ProjectIdx::new(1))));
        let d = OrdinalBallot::new(vec![ProjectIdx::new(0), ProjectIdx::new(0)]);
        assert!(d.is_err());
    }

    #[test]
    fn borda_uses_longest_ranking() {
        let r = |v: &[u32]| {
            OrdinalBallot::new(v.iter().map(|&i| ProjectIdx::new(i)).collect()).expect("ranking")
        };
        let e = Election::new(
            vec![p("a", 1), p("b", 1), p("c", 1)],
            10,
            Ballots::Ordinal(vec![r(&[2, 0, 1]), r(&[1])]),
        )
        .expect("election");
        let pts = e.points_profile();
        let idx = ProjectIdx::new;
        assert_eq!(pts[0].points(), &[(idx(0), 2), (idx(1), 1), (idx(2), 3)]);
        assert_eq!(pts[1].points(), &[(idx(1), 3)]);
        let proj = e.approval_projection();
        assert_eq!(proj[0].projects(), &[idx(0), idx(1), idx(2)]);
    }

    #[test]
    fn serde_round_trip_validates() {
        let e = Election::new(
            vec![p("a", 5)],
            10,
            Ballots::Approval(vec![
                ApprovalBallot::new(vec![ProjectIdx::new(0)]).expect("b"),
            ]),
        )
        .expect("election");
        let json = serde_json::to_string(&e).expect("json");
        let back: Election = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, e);
        let bad = json.replace("[[0]]", "[[7]]");
        assert!(serde_json::from_str::<Election>(&bad).is_err());
    }
}

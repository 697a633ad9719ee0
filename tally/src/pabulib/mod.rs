//! Reading and writing the pabulib `.pb` format (<https://pabulib.org/format>).
//!
//! A file has three `;`-separated sections, each starting with its name on a line and a header
//! row: `META` (`key;value`), `PROJECTS` (`project_id;cost;…`) and `VOTES` (`voter_id;vote;…`,
//! plus `points` for cumulative ballots). [`parse`] turns text into a [`PbFile`] (an
//! [`Election`] plus every other column, kept for display and for writing back); [`write()`] does
//! the reverse, and `parse(&write(&f)) == Ok(f)`.
//!
//! Supported `vote_type`s: `approval`, `choose-1`, `cumulative` (`points` column), `ordinal`
//! (the `vote` order is the ranking). Budget, costs and points must be whole numbers (`1000`,
//! or `1000.0` / `1000,00`); anything else is rejected with the line number.

mod error;
mod fields;
mod parse;
mod write;

// The only link to the rest of the engine.
use crate::{
    ApprovalBallot, Ballots, CumulativeBallot, Election, ElectionError, MAX_AMOUNT, OrdinalBallot,
    Project, ProjectIdx, VoteType,
};

pub use error::{PabulibError, Reason};
pub use parse::parse;
pub use write::write;

/// A parsed `.pb` file: the election and every other piece of data it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PbFile {
    meta: Vec<(String, String)>,
    election: Election,
    project_columns: Vec<String>,
    project_extra: Vec<Vec<Option<String>>>,
    vote_columns: Vec<String>,
    voter_extra: FieldTable,
}

/// Column names with a meaning in the election model.
const PROJECT_ID: &str = "project_id";
const COST: &str = "cost";
const NAME: &str = "name";
const VOTE: &str = "vote";
const POINTS: &str = "points";
const VOTER_ID: &str = "voter_id";

impl PbFile {
    /// A file for `election` with the given META entries (`budget` and `vote_type` are always
    /// written from the election), columns `project_id;cost;name` and `voter_id;vote[;points]`,
    /// voters numbered from 1.
    pub fn from_election(election: Election, meta: Vec<(String, String)>) -> Self {
        let mut vote_columns = vec![VOTER_ID.to_string(), VOTE.to_string()];
        if matches!(election.ballots(), Ballots::Cumulative(_)) {
            vote_columns.push(POINTS.to_string());
        }
        let mut voter_extra = FieldTable::new(1);
        for v in 1..=election.num_voters() {
            voter_extra.push_row([Some(v.to_string().as_str())]);
        }
        let project_extra = vec![Vec::new(); election.projects().len()];
        Self {
            meta,
            election,
            project_columns: vec![PROJECT_ID.into(), COST.into(), NAME.into()],
            project_extra,
            vote_columns,
            voter_extra,
        }
    }

    /// The election.
    pub fn election(&self) -> &Election {
        &self.election
    }

    /// The election, dropping the rest.
    pub fn into_election(self) -> Election {
        self.election
    }

    /// META entries in file order (the `budget` value normalised to a whole number).
    pub fn meta(&self) -> &[(String, String)] {
        &self.meta
    }

    /// The META value for `key`.
    pub fn meta_value(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The PROJECTS header, in file order.
    pub fn project_columns(&self) -> &[String] {
        &self.project_columns
    }

    /// Value of an extra PROJECTS column (anything but `project_id`, `cost`, `name`, which are
    /// in [`PbFile::election`]); `None` if missing, `none`, or no such column.
    pub fn project_field(&self, project: ProjectIdx, column: &str) -> Option<&str> {
        let i = extra_position(&self.project_columns, &[PROJECT_ID, COST, NAME], column)?;
        self.project_extra.get(project.index())?.get(i)?.as_deref()
    }

    /// The VOTES header, in file order.
    pub fn vote_columns(&self) -> &[String] {
        &self.vote_columns
    }

    /// Value of an extra VOTES column for voter `voter` (0-based row; anything but `vote` and
    /// `points`, which are in the ballots), e.g. `voter_id`, `age`.
    pub fn voter_field(&self, voter: usize, column: &str) -> Option<&str> {
        let model: &[&str] = match self.election.ballots() {
            Ballots::Cumulative(_) => &[VOTE, POINTS],
            _ => &[VOTE],
        };
        let i = extra_position(&self.vote_columns, model, column)?;
        self.voter_extra.get(voter, i)
    }
}

/// Position of `column` among the columns of `header` that are not in `model`.
fn extra_position(header: &[String], model: &[&str], column: &str) -> Option<usize> {
    if model.contains(&column) {
        return None;
    }
    header
        .iter()
        .filter(|c| !model.contains(&c.as_str()))
        .position(|c| c == column)
}

/// A rectangular table of optional text cells stored in one buffer (no allocation per cell).
#[derive(Clone, Debug, Default)]
struct FieldTable {
    width: usize,
    text: String,
    /// `(start, end)` byte offsets in `text`; `start == u32::MAX` for a missing value.
    cells: Vec<(u32, u32)>,
}

impl FieldTable {
    fn new(width: usize) -> Self {
        Self {
            width,
            ..Self::default()
        }
    }

    /// Appends a row; missing trailing cells are `None`, extra ones are ignored.
    fn push_row<'s>(&mut self, row: impl IntoIterator<Item = Option<&'s str>>) {
        let before = self.cells.len();
        for cell in row.into_iter().take(self.width) {
            self.cells.push(match cell {
                None => (u32::MAX, 0),
                Some(s) => {
                    let start = self.text.len();
                    self.text.push_str(s);
                    // The parser rejects inputs over 4 GiB, so offsets fit.
                    (
                        u32::try_from(start).unwrap_or(u32::MAX),
                        u32::try_from(self.text.len()).unwrap_or(u32::MAX),
                    )
                }
            });
        }
        self.cells.resize(before + self.width, (u32::MAX, 0));
    }

    fn rows(&self) -> usize {
        self.cells.len().checked_div(self.width).unwrap_or(0)
    }

    fn get(&self, row: usize, col: usize) -> Option<&str> {
        if col >= self.width {
            return None;
        }
        let &(start, end) = self.cells.get(row * self.width + col)?;
        if start == u32::MAX {
            return None;
        }
        self.text.get(start as usize..end as usize)
    }
}

impl PartialEq for FieldTable {
    fn eq(&self, other: &Self) -> bool {
        self.width == other.width
            && self.rows() == other.rows()
            && (0..self.rows()).all(|r| (0..self.width).all(|c| self.get(r, c) == other.get(r, c)))
    }
}

impl Eq for FieldTable {}

//! Parse errors, with the line they occur on.

use thiserror::Error;

use super::ElectionError;

/// A `.pb` input that cannot be read; displays as `line 42: <reason>`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}: {reason}")]
pub struct PabulibError {
    /// 1-based line number (the line after the last one for problems found at the end).
    pub line: usize,
    /// What is wrong.
    pub reason: Reason,
}

/// What is wrong with a `.pb` input.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Reason {
    /// The input is larger than 4 GiB.
    #[error("input is too large")]
    TooLarge,
    /// A data line before any `META`, `PROJECTS` or `VOTES` line.
    #[error("data before the first section (expected META)")]
    DataBeforeSection,
    /// A section appears twice or out of order (META, PROJECTS, VOTES).
    #[error("section {section} is out of order or repeated (expected META, PROJECTS, VOTES)")]
    SectionOrder {
        /// The section name.
        section: &'static str,
    },
    /// A required section is missing.
    #[error("missing {section} section")]
    MissingSection {
        /// The section name.
        section: &'static str,
    },
    /// A section has no header row.
    #[error("section {section} has no header row")]
    MissingHeader {
        /// The section name.
        section: &'static str,
    },
    /// A required column is missing from a section header.
    #[error("{section} header has no \"{column}\" column")]
    MissingColumn {
        /// The section name.
        section: &'static str,
        /// The column.
        column: &'static str,
    },
    /// A header names a column twice.
    #[error("{section} header names column \"{column}\" twice")]
    DuplicateColumn {
        /// The section name.
        section: &'static str,
        /// The column.
        column: String,
    },
    /// A row does not have as many fields as the header.
    #[error("expected {expected} fields like the header, found {found}")]
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A META row is not `key;value`.
    #[error("META rows must be key;value, found {found} fields")]
    MetaRow {
        /// Fields in the row.
        found: usize,
    },
    /// A META key appears twice.
    #[error("META key \"{0}\" appears twice")]
    DuplicateMeta(String),
    /// A required META key is missing.
    #[error("META has no \"{0}\" entry")]
    MissingMeta(&'static str),
    /// An unsupported `vote_type`.
    #[error("vote_type \"{0}\" is not supported (approval, choose-1, cumulative, ordinal)")]
    UnsupportedVoteType(String),
    /// A number that is not a non-negative whole number.
    #[error("{what} \"{value}\" is not a whole number")]
    NotWhole {
        /// What the number is (budget, cost, points).
        what: &'static str,
        /// The text found.
        value: String,
    },
    /// A project id used twice in PROJECTS.
    #[error("project \"{0}\" is listed twice in PROJECTS")]
    DuplicateProject(String),
    /// A vote names an unknown project.
    #[error("project \"{0}\" in vote is not in PROJECTS")]
    UnknownProject(String),
    /// A vote names a project twice.
    #[error("project \"{0}\" appears twice in the same vote")]
    DuplicateInVote(String),
    /// `vote` and `points` list different numbers of items.
    #[error("vote lists {votes} projects but points lists {points} values")]
    PointsMismatch {
        /// Projects in `vote`.
        votes: usize,
        /// Values in `points`.
        points: usize,
    },
    /// A choose-1 vote names several projects.
    #[error("choose-1 vote lists {0} projects")]
    ChooseOneTooMany(usize),
    /// The data is valid pabulib but not a valid election (e.g. an amount too large).
    #[error("{0}")]
    Election(#[from] ElectionError),
}

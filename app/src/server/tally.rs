//! From stored ballots to the tally engine and back: builds the engine's
//! election from a campaign's accepted proposals and ballots, and the
//! digest that identifies exactly what was counted.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::domain::ids::ProposalId;
use crate::domain::money::Money;
use crate::domain::results::CountedProject;
use crate::server::results::RecordedResults;
use chrono::{DateTime, Utc};
use essaim_tally::{self as tally, Ballots, Election, Project, ProjectIdx, Rule};
use sea_orm::ConnectionTrait;

use crate::domain::ids::UserId;
use crate::domain::proposal::ProposalStatus;
use crate::server::db::ballots;
use crate::server::db::campaigns::Campaign;
use crate::server::db::proposals::{self, Proposal};
use crate::server::db::tally_runs::{self, NewTallyRun};

/// The version of the counting code, recorded with every computation.
pub const ENGINE_VERSION: &str = concat!("essaim-tally ", env!("CARGO_PKG_VERSION"));

/// A campaign's ballots, ready to count.
pub struct TallyInput {
    election: Election,
    projects: Vec<CountedProject>,
    /// SHA-256 (hex) of the canonical form of the input.
    pub digest: String,
    /// Number of ballots.
    pub ballot_count: u64,
}

/// Why a count failed.
#[derive(Debug, thiserror::Error)]
pub enum TallyError {
    /// The stored data does not form a valid election (a bug or corrupt
    /// data: ballots are validated when cast).
    #[error("cannot build the election: {0}")]
    Input(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
}

impl From<TallyError> for crate::error::AppError {
    fn from(error: TallyError) -> Self {
        match error {
            TallyError::Database(error) => error.into(),
            TallyError::Input(reason) => {
                tracing::error!(%reason, "tally input");
                crate::error::AppError::Internal
            }
        }
    }
}

/// A campaign's accepted proposals and ballots, ready to count.
///
/// # Errors
/// A [`TallyError`] if the database fails or the data is inconsistent.
pub async fn load_input(
    db: &impl ConnectionTrait,
    campaign: &Campaign,
) -> Result<TallyInput, TallyError> {
    let accepted: Vec<Proposal> = proposals::list_for_campaign(db, campaign.id)
        .await?
        .into_iter()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .collect();
    let ballots = ballots::list_choices(db, campaign.id).await?;
    build_input(&accepted, &ballots, campaign.budget)
}

/// Counts a campaign's ballots with its rule and records the computation
/// (not published). Returns the run's id. The count runs on a blocking
/// thread: large campaigns take CPU time.
///
/// # Errors
/// A [`TallyError`] if the database fails or the data is inconsistent.
pub async fn count_and_record(
    db: &impl ConnectionTrait,
    campaign: &Campaign,
    official: UserId,
    now: DateTime<Utc>,
) -> Result<i64, TallyError> {
    let input = load_input(db, campaign).await?;
    let rule = campaign.rule;
    let (results, input) = tokio::task::spawn_blocking(move || (input.count(rule), input))
        .await
        .map_err(|e| TallyError::Input(format!("count interrupted: {e}")))?;
    let run = NewTallyRun {
        campaign_id: campaign.id,
        rule: rule.name().to_owned(),
        engine_version: ENGINE_VERSION.to_owned(),
        input_digest: input.digest,
        ballot_count: input.ballot_count,
        outcome_json: results
            .to_json()
            .map_err(|e| TallyError::Input(e.to_string()))?,
        computed_by: official,
    };
    Ok(tally_runs::record_run(db, &run, now).await?)
}

/// Builds the election: projects are the accepted proposals (costs in
/// cents), ballots their approval sets. Choices of proposals not on the
/// ballot are an error.
///
/// # Errors
/// [`TallyError::Input`] when the data does not form a valid election.
pub fn build_input(
    accepted: &[Proposal],
    ballots: &[Vec<ProposalId>],
    budget: Money,
) -> Result<TallyInput, TallyError> {
    // Every choice of every ballot is looked up: one map, not a scan each time.
    let positions: HashMap<ProposalId, ProjectIdx> = accepted
        .iter()
        .zip(0u32..)
        .map(|(p, i)| (p.id, ProjectIdx::new(i)))
        .collect();
    let index_of = |id: ProposalId| {
        positions.get(&id).copied().ok_or_else(|| {
            TallyError::Input(format!("ballot chooses proposal {id}, not on the ballot"))
        })
    };
    let approval = ballots
        .iter()
        .map(|choices| {
            let projects = choices
                .iter()
                .map(|id| index_of(*id))
                .collect::<Result<Vec<_>, _>>()?;
            tally::ApprovalBallot::new(projects).map_err(|e| TallyError::Input(e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let projects = accepted
        .iter()
        .map(|p| {
            Project::new(
                p.id.to_string(),
                cents(p.cost),
                Some(p.title.as_str().to_owned()),
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TallyError::Input(e.to_string()))?;
    let election = Election::new(projects, cents(budget), Ballots::Approval(approval))
        .map_err(|e| TallyError::Input(e.to_string()))?;
    Ok(TallyInput {
        digest: digest(accepted, ballots, budget),
        ballot_count: ballots.len() as u64,
        projects: accepted
            .iter()
            .map(|p| CountedProject {
                id: p.id,
                title: p.title.as_str().to_owned(),
                cost: p.cost,
            })
            .collect(),
        election,
    })
}

impl TallyInput {
    /// Runs `rule` and keeps what the results pages need.
    pub fn count(&self, rule: Rule) -> RecordedResults {
        RecordedResults {
            projects: self.projects.clone(),
            outcome: tally::tally(&self.election, rule),
        }
    }

    /// The engine's outcome for each of `rules`, sharing what they have in common (see
    /// [`tally::tally_each`]).
    pub fn outcomes(&self, rules: &[Rule]) -> Vec<tally::Outcome> {
        tally::tally_each(&self.election, rules)
    }

    /// The projects counted, in engine order.
    pub fn projects(&self) -> &[CountedProject] {
        &self.projects
    }
}

fn cents(money: Money) -> u64 {
    u64::try_from(money.cents()).unwrap_or_default()
}

/// The canonical input: budget, projects with costs, then every ballot as
/// its sorted choices, ballots sorted. Independent of storage order, so a
/// recount from an export gives the same digest.
fn digest(accepted: &[Proposal], ballots: &[Vec<ProposalId>], budget: Money) -> String {
    let mut lines = vec![
        "essaim-approval-ballots/1".to_owned(),
        format!("budget:{}", budget.cents()),
    ];
    lines.extend(
        accepted
            .iter()
            .map(|p| format!("project:{}:{}", p.id, p.cost.cents())),
    );
    let mut ballot_lines: Vec<String> = ballots
        .iter()
        .map(|choices| {
            let mut ids: Vec<i64> = choices.iter().map(|id| id.0).collect();
            ids.sort_unstable();
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!("ballot:{}", ids.join(","))
        })
        .collect();
    ballot_lines.sort_unstable();
    lines.extend(ballot_lines);
    hex::encode(Sha256::digest(lines.join("\n")))
}

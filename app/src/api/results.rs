//! Counting and publishing results, and showing them.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::campaigns::CampaignView;
use crate::domain::money::Money;
use crate::domain::results::{CountedProject, ShownResults};
use crate::domain::rule::RuleInfo;
use crate::error::AppError;

/// Results as the results page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    /// The campaign.
    pub campaign: CampaignView,
    /// What was computed.
    pub results: ShownResults,
    /// The engine that computed it.
    pub engine_version: String,
    /// SHA-256 of the canonical ballots counted.
    pub input_digest: String,
    /// Number of ballots counted.
    pub ballot_count: u64,
    /// When it was computed (local time).
    pub computed_at: NaiveDateTime,
    /// Whether these are the published results (else an officials' preview).
    pub published: bool,
}

/// The campaign's results: the published ones for everyone; before
/// publication, officials see the latest computation as a preview.
///
/// # Errors
/// [`AppError::NotPublished`] before publication (for officials:
/// [`AppError::NotFound`] when nothing is computed yet).
#[server]
pub async fn get_results(campaign_id: i64) -> Result<ResultsView, AppError> {
    use super::campaigns::ssr::{campaign_view, load_campaign};
    use crate::domain::ids::CampaignId;
    use crate::server::results::RecordedResults;
    use crate::server::{auth, db::tally_runs, state::AppState, time_zone::to_local};

    let state = AppState::current()?;
    let campaign = load_campaign(&state, CampaignId(campaign_id)).await?;
    let published = tally_runs::find_published_run(&state.db, campaign.id).await?;
    let run = match published {
        Some(run) => run,
        None => {
            let viewer = auth::current_user(&state).await?;
            if !viewer.is_some_and(|user| user.role.runs(campaign.municipality.id)) {
                return Err(AppError::NotPublished);
            }
            tally_runs::find_latest_run(&state.db, campaign.id)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    let results = RecordedResults::read(&run.run.outcome_json)
        .map_err(|error| {
            tracing::error!(%error, run = run.id, "stored outcome unreadable");
            AppError::Internal
        })?
        .shown();
    Ok(ResultsView {
        campaign: campaign_view(&campaign, chrono::Utc::now()),
        results,
        engine_version: run.run.engine_version,
        input_digest: run.run.input_digest,
        ballot_count: run.run.ballot_count,
        computed_at: to_local(run.computed_at, campaign.municipality.time_zone),
        published: run.published_at.is_some(),
    })
}

/// Counts the ballots with the campaign's rule and records the computation
/// (not yet public), once voting is over.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff, [`AppError::Phase`] unless voting is over.
#[server]
pub async fn compute_results(campaign_id: i64) -> Result<(), AppError> {
    use super::campaigns::ssr::load_campaign_for_staff;
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::server::{state::AppState, tally};

    let state = AppState::current()?;
    let (official, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let now = chrono::Utc::now();
    campaign.phase(now).require(Phase::allows_counting)?;
    let id = tally::count_and_record(&state.db, &campaign, official.id, now).await?;
    tracing::info!(campaign = %campaign.id, run = id, rule = campaign.rule.name(), "results computed");
    Ok(())
}

/// Publishes the latest computation, after checking it counted exactly the
/// ballots stored now. The check and the publication are one transaction
/// that holds the campaign alone: no ballot can slip in between.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff of the campaign's municipality,
/// [`AppError::Phase`] unless voting is over, [`AppError::NotFound`] if
/// nothing was computed, [`AppError::ResultsOutdated`] if the ballots or the
/// rule changed since.
#[server]
pub async fn publish_results(campaign_id: i64) -> Result<(), AppError> {
    use super::campaigns::ssr::{hold_for_change, load_campaign_for_staff};
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::server::db::{campaigns, tally_runs};
    use crate::server::{state::AppState, tally};

    let state = AppState::current()?;
    let (official, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let (txn, campaign) = hold_for_change(&state, campaign.id).await?;
    let now = chrono::Utc::now();
    campaign.phase(now).require(Phase::allows_counting)?;
    let latest = tally_runs::find_latest_run(&txn, campaign.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = tally::load_input(&txn, &campaign).await?;
    if latest.run.input_digest != current.digest || latest.run.rule != campaign.rule.name() {
        return Err(AppError::ResultsOutdated);
    }
    tally_runs::record_published(&txn, latest.id, now).await?;
    campaigns::record_results_published(&txn, campaign.id, now).await?;
    txn.commit().await?;
    tracing::info!(campaign = %campaign.id, run = latest.id, official = %official.id, "results published");
    leptos_axum::redirect(&format!("/campaigns/{}/results", campaign.id));
    Ok(())
}

/// One rule's outcome in the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOutcome {
    /// The rule.
    pub rule: RuleInfo,
    /// Funded or not, per project (in [`Comparison::projects`] order).
    pub funded: Vec<bool>,
    /// What the funded projects cost.
    pub total: Money,
}

/// The same ballots counted with every rule that fits approval ballots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The campaign.
    pub campaign: CampaignView,
    /// The projects on the ballot.
    pub projects: Vec<CountedProject>,
    /// Votes per project.
    pub votes: Vec<u64>,
    /// Number of ballots.
    pub ballot_count: u64,
    /// One entry per rule; the campaign's rule first.
    pub outcomes: Vec<RuleOutcome>,
}

/// Counts the ballots with every approval rule, for officials to see what
/// each rule would have funded. Only once voting is over: seeing live
/// outcomes while people vote would let officials steer the result.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff of the campaign's municipality,
/// [`AppError::Phase`] until voting closes.
#[server]
pub async fn compare_rules(campaign_id: i64) -> Result<Comparison, AppError> {
    use super::campaigns::ssr::{campaign_view, load_campaign_for_staff};
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::server::{state::AppState, tally};
    use essaim_tally::{Rule, VoteType};

    let state = AppState::current()?;
    let (_, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let phase = campaign.phase(chrono::Utc::now());
    phase.require(|p| matches!(p, Phase::Counting | Phase::Published))?;
    let input = std::sync::Arc::new(tally::load_input(&state.db, &campaign).await?);
    let counting = std::sync::Arc::clone(&input);
    let outcomes = state
        .comparisons
        .get_or_count(&input.digest, move || {
            counting.outcomes(&Rule::applying_to(VoteType::Approval))
        })
        .await?;
    // The campaign's rule first, the others in the usual order.
    let mut outcomes: Vec<&essaim_tally::Outcome> = outcomes.iter().collect();
    outcomes.sort_by_key(|outcome| outcome.rule != campaign.rule);
    let first = outcomes.first().ok_or(AppError::Internal)?;
    Ok(Comparison {
        campaign: campaign_view(&campaign, chrono::Utc::now()),
        projects: input.projects().to_vec(),
        votes: first.explanations.iter().map(|e| e.supporters).collect(),
        ballot_count: input.ballot_count,
        outcomes: outcomes
            .iter()
            .map(|outcome| RuleOutcome {
                rule: outcome.rule.into(),
                funded: outcome
                    .explanations
                    .iter()
                    .map(|e| e.selected_by.is_some())
                    .collect(),
                total: Money::clamped(i64::try_from(outcome.total_cost).unwrap_or(i64::MAX)),
            })
            .collect(),
    })
}

/// Changes the campaign's decision rule, until voting opens: from then on
/// the rule is frozen, so that nobody picks it knowing the ballots.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff of the campaign's municipality,
/// [`AppError::Phase`] once voting has opened, [`AppError::Input`] for an
/// unknown rule.
#[server]
pub async fn set_campaign_rule(campaign_id: i64, rule: String) -> Result<(), AppError> {
    use super::campaigns::ssr::{hold_for_change, load_campaign_for_staff};
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::error::InputError;
    use crate::server::db::campaigns;
    use crate::server::state::AppState;
    use essaim_tally::{Rule, VoteType};

    let state = AppState::current()?;
    let (official, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let rule = Rule::parse(&rule)
        .filter(|r| r.applies_to(VoteType::Approval))
        .ok_or(InputError::Rule)?;
    let (txn, campaign) = hold_for_change(&state, campaign.id).await?;
    campaign
        .phase(chrono::Utc::now())
        .require(Phase::allows_settings_changes)?;
    campaigns::record_rule(&txn, campaign.id, rule).await?;
    txn.commit().await?;
    tracing::info!(campaign = %campaign.id, official = %official.id, rule = rule.name(), "rule changed");
    Ok(())
}

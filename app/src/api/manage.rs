//! Officials move a campaign through its phases.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::campaigns::CampaignView;
use crate::error::AppError;

/// What officials see to run a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagePage {
    /// The campaign.
    pub campaign: CampaignView,
    /// Proposals waiting for review.
    pub pending_reviews: u64,
    /// Proposals on the ballot.
    pub on_ballot: u64,
    /// Ballots cast so far.
    pub ballot_count: u64,
    /// The rules the campaign can use.
    pub rules: Vec<crate::domain::rule::RuleInfo>,
}

/// The manage page's data.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff.
#[server]
pub async fn get_manage_page(campaign_id: i64) -> Result<ManagePage, AppError> {
    use super::campaigns::ssr::{campaign_view, load_campaign_for_staff};
    use crate::domain::ids::CampaignId;
    use crate::domain::proposal::ProposalStatus;
    use crate::server::{db::ballots, db::proposals, state::AppState};

    let state = AppState::current()?;
    let (_, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let proposals = proposals::list_for_campaign(&state.db, campaign.id).await?;
    let count =
        |status: ProposalStatus| proposals.iter().filter(|p| p.status == status).count() as u64;
    Ok(ManagePage {
        campaign: campaign_view(&campaign, chrono::Utc::now()),
        pending_reviews: count(ProposalStatus::Submitted),
        on_ballot: count(ProposalStatus::Accepted),
        ballot_count: ballots::count_ballots(&state.db, campaign.id).await?,
        rules: crate::domain::rule::approval_rules(),
    })
}

/// The phase change an official asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseChange {
    /// End the call for proposals now.
    CloseCall,
    /// Open voting now (the call must be over).
    OpenVoting,
    /// End voting now.
    CloseVoting,
}

/// Moves a campaign to its next phase now, instead of waiting for the date.
/// Closing voting early needs a reason, recorded with who closed it.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff of the campaign's municipality,
/// [`AppError::Phase`] when the change does not follow from the current
/// phase, [`AppError::Input`] for closing voting without a reason.
#[server]
pub async fn change_phase(
    campaign_id: i64,
    change: PhaseChange,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::campaigns::ssr::{hold_for_change, load_campaign_for_staff};
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::domain::text::Reason;
    use crate::error::{Field, InputError};
    use crate::server::db::campaigns;
    use crate::server::state::AppState;

    let state = AppState::current()?;
    let (official, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let (txn, campaign) = hold_for_change(&state, campaign.id).await?;
    let now = chrono::Utc::now();
    match change {
        PhaseChange::CloseCall => {
            let schedule = campaign.schedule.close_proposals(now)?;
            campaigns::record_schedule(&txn, campaign.id, &schedule).await?;
        }
        PhaseChange::OpenVoting => {
            let schedule = campaign.schedule.open_voting(now)?;
            campaigns::record_schedule(&txn, campaign.id, &schedule).await?;
        }
        PhaseChange::CloseVoting => {
            campaign.phase(now).require(Phase::accepts_ballots)?;
            let reason = Reason::parse(&reason).map_err(|e| InputError::Text(Field::Reason, e))?;
            campaigns::record_voting_closed(&txn, campaign.id, now, official.id, &reason).await?;
        }
    }
    txn.commit().await?;
    tracing::info!(campaign = %campaign.id, official = %official.id, ?change, "phase changed");
    Ok(())
}

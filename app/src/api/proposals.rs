//! Submitting proposals and reviewing them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::campaigns::{CampaignView, ProposalView};
use crate::domain::ids::ProposalId;
use crate::error::AppError;

/// Submits a proposal to a campaign whose call is open, then goes back to
/// the campaign page, which confirms it.
///
/// # Errors
/// [`AppError::Unauthenticated`] when signed out, [`AppError::Phase`] when
/// the call is closed, [`AppError::Input`] naming the first invalid field.
#[server]
pub async fn submit_proposal(
    campaign_id: i64,
    title: String,
    description: String,
    cost: String,
) -> Result<ProposalId, AppError> {
    use super::campaigns::ssr::load_campaign;
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::domain::{money::Money, proposal::NewProposal, text::Description, text::Title};
    use crate::error::{Field, InputError};
    use crate::server::{auth, db::proposals, state::AppState};

    let state = AppState::current()?;
    let author = auth::require_citizen(&state).await?;
    let campaign = load_campaign(&state, CampaignId(campaign_id)).await?;
    let now = chrono::Utc::now();
    campaign.phase(now).require(Phase::accepts_proposals)?;
    let proposal = NewProposal {
        title: Title::parse(&title).map_err(|e| InputError::Text(Field::Title, e))?,
        description: Description::parse(&description)
            .map_err(|e| InputError::Text(Field::Description, e))?,
        cost: Money::parse_positive(&cost).map_err(|e| InputError::Money(Field::Amount, e))?,
    };
    let id = proposals::create_proposal(&state.db, campaign.id, author.id, &proposal, now).await?;
    tracing::info!(campaign = %campaign.id, proposal = %id, "proposal submitted");
    leptos_axum::redirect(&format!("/campaigns/{}?submitted={id}", campaign.id));
    Ok(id)
}

/// What officials see to review a campaign's proposals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    /// The campaign.
    pub campaign: CampaignView,
    /// Its proposals, in submission order.
    pub proposals: Vec<ProposalView>,
}

/// The review page's data.
///
/// # Errors
/// [`AppError::Forbidden`] unless the caller is staff.
#[server]
pub async fn get_review_page(campaign_id: i64) -> Result<ReviewPage, AppError> {
    use super::campaigns::ssr::{campaign_view, load_campaign_for_staff, proposal_view};
    use crate::domain::ids::CampaignId;
    use crate::server::{db::proposals, state::AppState};

    let state = AppState::current()?;
    let (official, campaign) = load_campaign_for_staff(&state, CampaignId(campaign_id)).await?;
    let proposals = proposals::list_for_campaign(&state.db, campaign.id).await?;
    Ok(ReviewPage {
        campaign: campaign_view(&campaign, chrono::Utc::now()),
        proposals: proposals
            .into_iter()
            .map(|p| proposal_view(p, Some(&official)))
            .collect(),
    })
}

/// Accepts (at a reviewed cost) or rejects (with a reason) a proposal,
/// until voting opens.
///
/// # Errors
/// [`AppError::Forbidden`] unless staff, [`AppError::Phase`] once voting
/// has opened, [`AppError::Input`] for a missing cost or reason.
#[server]
pub async fn review_proposal(
    proposal_id: i64,
    decision: String,
    cost: String,
    reason: String,
) -> Result<(), AppError> {
    use super::campaigns::ssr::{hold_for_change, load_campaign_for_staff};
    use crate::domain::campaign::Phase;
    use crate::domain::proposal::ReviewDecision;
    use crate::error::InputError;
    use crate::server::db::proposals;
    use crate::server::state::AppState;

    let state = AppState::current()?;
    let proposal = proposals::find_proposal(&state.db, ProposalId(proposal_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let (official, campaign) = load_campaign_for_staff(&state, proposal.campaign_id).await?;
    let decision = ReviewDecision::parse(&decision, &cost, &reason).map_err(InputError::Review)?;
    // Checked inside the transaction: a review that commits after voting
    // opened would change the ballot under the voters.
    let (txn, campaign) = hold_for_change(&state, campaign.id).await?;
    let now = chrono::Utc::now();
    campaign.phase(now).require(Phase::allows_review)?;
    proposals::record_review(&txn, proposal.id, official.id, &decision, now).await?;
    txn.commit().await?;
    tracing::info!(proposal = %proposal.id, official = %official.id, "proposal reviewed");
    Ok(())
}

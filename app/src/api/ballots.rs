//! Voting: the ballot page and casting an approval ballot.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::campaigns::{CampaignView, ProposalView};
use crate::domain::ids::ProposalId;
use crate::error::AppError;

/// Everything on the voting page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotPage {
    /// The campaign.
    pub campaign: CampaignView,
    /// The projects on the ballot (accepted proposals).
    pub items: Vec<ProposalView>,
    /// Whether someone is signed in.
    pub signed_in: bool,
    /// The viewer's current choices, if they voted.
    pub my_choices: Option<Vec<ProposalId>>,
    /// When the viewer last voted (local time).
    pub voted_at: Option<NaiveDateTime>,
}

/// The voting page's data: open to everyone (to read the ballot), the
/// viewer's choices only to them.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown campaign.
#[server]
pub async fn get_ballot_page(campaign_id: i64) -> Result<BallotPage, AppError> {
    use super::campaigns::ssr::{campaign_view, load_campaign, proposal_view};
    use crate::domain::ids::CampaignId;
    use crate::domain::proposal::ProposalStatus;
    use crate::server::{auth, db::ballots, db::proposals, state::AppState, time_zone::to_local};

    let state = AppState::current()?;
    let viewer = auth::current_user(&state).await?;
    let campaign = load_campaign(&state, CampaignId(campaign_id)).await?;
    let items = proposals::list_for_campaign(&state.db, campaign.id)
        .await?
        .into_iter()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .map(|p| proposal_view(p, viewer.as_ref()))
        .collect();
    let ballot = match &viewer {
        Some(user) => ballots::find_ballot(&state.db, campaign.id, user.id).await?,
        None => None,
    };
    Ok(BallotPage {
        campaign: campaign_view(&campaign, chrono::Utc::now()),
        items,
        signed_in: viewer.is_some(),
        voted_at: ballot
            .as_ref()
            .map(|b| to_local(b.cast_at, campaign.municipality.time_zone)),
        my_choices: ballot.map(|b| b.choices),
    })
}

/// Casts (or replaces) the caller's approval ballot while voting is open.
/// `selection` holds the ids of the picked projects (`selection[]` fields).
///
/// # Errors
/// [`AppError::Unauthenticated`] when signed out, [`AppError::Forbidden`]
/// for a staff account, [`AppError::Phase`]
/// outside the voting window, [`AppError::Input`] for an empty, unknown or
/// over-budget selection, [`AppError::Busy`] when the server is overloaded
/// (nothing is stored then).
#[server]
pub async fn cast_ballot(
    campaign_id: i64,
    #[server(default)] selection: Vec<i64>,
) -> Result<(), AppError> {
    use super::campaigns::ssr::load_campaign;
    use crate::domain::ballot::{ApprovalBallot, BallotItem};
    use crate::domain::campaign::Phase;
    use crate::domain::ids::CampaignId;
    use crate::domain::proposal::ProposalStatus;
    use crate::error::InputError;
    use crate::server::{auth, db::proposals, state::AppState};

    let state = AppState::current()?;
    let voter = auth::require_citizen(&state).await?;
    let campaign = load_campaign(&state, CampaignId(campaign_id)).await?;
    campaign
        .phase(chrono::Utc::now())
        .require(Phase::accepts_ballots)?;
    let on_ballot: Vec<BallotItem> = proposals::list_for_campaign(&state.db, campaign.id)
        .await?
        .into_iter()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .map(|p| BallotItem {
            id: p.id,
            cost: p.cost,
        })
        .collect();
    let picks: Vec<ProposalId> = selection.into_iter().map(ProposalId).collect();
    let ballot =
        ApprovalBallot::parse(&picks, &on_ballot, campaign.budget).map_err(InputError::Ballot)?;
    // The ballot box checks the phase again when it writes the ballot:
    // voting may close while the ballot is being checked here.
    state.ballot_box.cast(campaign.id, voter.id, ballot).await?;
    tracing::info!(campaign = %campaign.id, "ballot cast");
    leptos_axum::redirect(&format!("/campaigns/{}/vote?cast=1", campaign.id));
    Ok(())
}

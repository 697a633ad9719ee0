//! Public campaign pages: the list and one campaign with its proposals.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::campaign::Phase;
use crate::domain::ids::{CampaignId, ProposalId};
use crate::domain::money::Money;
use crate::domain::proposal::ProposalStatus;
use crate::error::AppError;

/// A campaign as pages show it. Dates are the municipality's wall-clock time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    /// Its id.
    pub id: CampaignId,
    /// Its title.
    pub title: String,
    /// What it is about (plain text).
    pub description: String,
    /// The municipality's name.
    pub municipality: String,
    /// The money to share.
    pub budget: Money,
    /// Where it stands now.
    pub phase: Phase,
    /// The tally rule's name.
    pub rule: String,
    /// When the call for proposals ends (local time).
    pub proposals_close_at: NaiveDateTime,
    /// When voting opens (local time).
    pub voting_opens_at: NaiveDateTime,
    /// When voting closes (local time).
    pub voting_closes_at: NaiveDateTime,
    /// The municipality's time zone, e.g. `Europe/Paris`.
    pub time_zone: String,
}

/// A proposal as pages show it. The author's identity is not shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    /// Its id.
    pub id: ProposalId,
    /// Its title.
    pub title: String,
    /// Its description (plain text).
    pub description: String,
    /// Estimated, or reviewed once accepted.
    pub cost: Money,
    /// Where it stands in the review.
    pub status: ProposalStatus,
    /// Whether the viewer submitted it.
    pub mine: bool,
}

/// Everything on a campaign's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPage {
    /// The campaign.
    pub campaign: CampaignView,
    /// Its proposals, in submission order.
    pub proposals: Vec<ProposalView>,
    /// Whether someone is signed in.
    pub viewer_signed_in: bool,
    /// Whether the viewer runs campaigns (shows the officials' links).
    pub viewer_is_staff: bool,
    /// Whether the viewer has a ballot in this campaign.
    pub viewer_has_voted: bool,
}

/// Every campaign, newest first.
///
/// # Errors
/// [`AppError::Internal`] if the database fails.
#[server]
pub async fn list_campaigns() -> Result<Vec<CampaignView>, AppError> {
    use crate::server::{db::campaigns, state::AppState};
    let state = AppState::current()?;
    let now = chrono::Utc::now();
    Ok(campaigns::list_campaigns(&state.db)
        .await?
        .iter()
        .map(|campaign| ssr::campaign_view(campaign, now))
        .collect())
}

/// A campaign with its proposals.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown campaign.
#[server]
pub async fn get_campaign_page(id: i64) -> Result<CampaignPage, AppError> {
    use crate::server::{auth, db::ballots, db::proposals, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::current_user(&state).await?;
    let campaign = ssr::load_campaign(&state, CampaignId(id)).await?;
    let proposals = proposals::list_for_campaign(&state.db, campaign.id).await?;
    let viewer_has_voted = match &viewer {
        Some(user) => ballots::find_ballot(&state.db, campaign.id, user.id)
            .await?
            .is_some(),
        None => false,
    };
    Ok(CampaignPage {
        campaign: ssr::campaign_view(&campaign, chrono::Utc::now()),
        proposals: proposals
            .into_iter()
            .map(|proposal| ssr::proposal_view(proposal, viewer.as_ref()))
            .collect(),
        viewer_signed_in: viewer.is_some(),
        viewer_is_staff: viewer.is_some_and(|user| user.role.runs(campaign.municipality.id)),
        viewer_has_voted,
    })
}

/// Server-side helpers shared by the campaign features.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use chrono::{DateTime, Utc};

    use super::{CampaignView, ProposalView};
    use crate::domain::ids::CampaignId;
    use crate::error::AppError;
    use sea_orm::DatabaseTransaction;

    use crate::server::db::campaigns::{Campaign, Hold};
    use crate::server::db::{self, campaigns, proposals::Proposal, users::User};
    use crate::server::state::AppState;
    use crate::server::time_zone::to_local;

    /// The campaign, or [`AppError::NotFound`].
    pub async fn load_campaign(state: &AppState, id: CampaignId) -> Result<Campaign, AppError> {
        campaigns::find_campaign(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The campaign, for the staff who run its municipality (its officials
    /// and administrators): the check every staff server function makes.
    ///
    /// # Errors
    /// [`AppError::NotFound`], [`AppError::Unauthenticated`] or
    /// [`AppError::Forbidden`].
    pub async fn load_campaign_for_staff(
        state: &AppState,
        id: CampaignId,
    ) -> Result<(User, Campaign), AppError> {
        let campaign = load_campaign(state, id).await?;
        let staff = crate::server::auth::require_staff_of(state, campaign.municipality.id).await?;
        Ok((staff, campaign))
    }

    /// A write transaction that holds the campaign alone (see
    /// [`Hold::Exclusive`]), with the campaign as it is now: staff changes
    /// check the phase on this copy, then write, then commit.
    ///
    /// # Errors
    /// [`AppError::NotFound`], or [`AppError::Internal`] if the database fails.
    pub async fn hold_for_change(
        state: &AppState,
        id: CampaignId,
    ) -> Result<(DatabaseTransaction, Campaign), AppError> {
        let txn = db::begin_write(&state.db).await?;
        let campaign = campaigns::hold_campaign(&txn, id, Hold::Exclusive)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((txn, campaign))
    }

    /// The wire view of a campaign at instant `now`.
    pub fn campaign_view(campaign: &Campaign, now: DateTime<Utc>) -> CampaignView {
        let tz = campaign.municipality.time_zone;
        CampaignView {
            id: campaign.id,
            title: campaign.title.as_str().to_owned(),
            description: campaign.description.as_str().to_owned(),
            municipality: campaign.municipality.name.as_str().to_owned(),
            budget: campaign.budget,
            phase: campaign.phase(now),
            rule: campaign.rule.name().to_owned(),
            proposals_close_at: to_local(campaign.schedule.proposals_close_at(), tz),
            voting_opens_at: to_local(campaign.schedule.voting_opens_at(), tz),
            voting_closes_at: to_local(campaign.schedule.voting_closes_at(), tz),
            time_zone: tz.name().to_owned(),
        }
    }

    /// The wire view of a proposal for `viewer`.
    pub fn proposal_view(proposal: Proposal, viewer: Option<&User>) -> ProposalView {
        ProposalView {
            id: proposal.id,
            mine: viewer.is_some_and(|user| user.id == proposal.author_id),
            title: proposal.title.into_inner(),
            description: proposal.description.into_inner(),
            cost: proposal.cost,
            status: proposal.status,
        }
    }
}

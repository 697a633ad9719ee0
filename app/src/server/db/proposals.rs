//! Proposals.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::corrupt;
use super::entities::proposal;
use crate::domain::ids::{CampaignId, ProposalId, UserId};
use crate::domain::money::Money;
use crate::domain::proposal::{NewProposal, ProposalStatus, ReviewDecision};
use crate::domain::text::{Description, Title};

/// A stored proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// Its id.
    pub id: ProposalId,
    /// The campaign it was submitted to.
    pub campaign_id: CampaignId,
    /// Who submitted it.
    pub author_id: UserId,
    /// Its title.
    pub title: Title,
    /// Its description.
    pub description: Description,
    /// The author's estimate, replaced by the reviewed cost on acceptance.
    pub cost: Money,
    /// Where it stands in the review.
    pub status: ProposalStatus,
    /// When it was submitted.
    pub created_at: DateTime<Utc>,
}

fn to_proposal(row: proposal::Model) -> Result<Proposal, DbErr> {
    let bad = |what| corrupt("proposals", row.id, what);
    Ok(Proposal {
        id: ProposalId(row.id),
        campaign_id: CampaignId(row.campaign_id),
        author_id: UserId(row.author_id),
        title: Title::parse(&row.title).map_err(|_| bad("title"))?,
        description: Description::parse(&row.description).map_err(|_| bad("description"))?,
        cost: Money::from_cents(row.cost_cents).map_err(|_| bad("cost"))?,
        status: ProposalStatus::from_db(&row.status, row.review_reason.as_deref())
            .ok_or_else(|| bad("status"))?,
        created_at: row.created_at,
    })
}

/// Stores a submitted proposal, waiting for review.
///
/// # Errors
/// A [`DbErr`] if the insert fails.
pub async fn create_proposal(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
    author_id: UserId,
    new: &NewProposal,
    now: DateTime<Utc>,
) -> Result<ProposalId, DbErr> {
    let row = proposal::ActiveModel {
        campaign_id: Set(campaign_id.0),
        author_id: Set(author_id.0),
        title: Set(new.title.as_str().to_owned()),
        description: Set(new.description.as_str().to_owned()),
        cost_cents: Set(new.cost.cents()),
        status: Set(ProposalStatus::Submitted.db_name().to_owned()),
        review_reason: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(ProposalId(row.id))
}

/// A campaign's proposals, in submission order.
///
/// # Errors
/// A [`DbErr`] if the query fails or a row is corrupt.
pub async fn list_for_campaign(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
) -> Result<Vec<Proposal>, DbErr> {
    proposal::Entity::find()
        .filter(proposal::Column::CampaignId.eq(campaign_id.0))
        .order_by_asc(proposal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_proposal)
        .collect()
}

/// The proposal with this id.
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn find_proposal(
    db: &impl ConnectionTrait,
    id: ProposalId,
) -> Result<Option<Proposal>, DbErr> {
    proposal::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_proposal)
        .transpose()
}

/// Stores an official's decision on a proposal.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_review(
    db: &impl ConnectionTrait,
    id: ProposalId,
    reviewer: UserId,
    decision: &ReviewDecision,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row = proposal::ActiveModel {
        id: Set(id.0),
        status: Set(decision.resulting_status().db_name().to_owned()),
        reviewed_by: Set(Some(reviewer.0)),
        reviewed_at: Set(Some(now)),
        review_reason: Set(None),
        ..Default::default()
    };
    match decision {
        ReviewDecision::Accept { cost } => row.cost_cents = Set(cost.cents()),
        ReviewDecision::Reject { reason } => {
            row.review_reason = Set(Some(reason.as_str().to_owned()))
        }
    }
    row.update(db).await.map(|_| ())
}

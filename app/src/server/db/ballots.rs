//! Ballots. One per voter and campaign; casting again replaces the choices
//! (a voter may change their mind until voting closes).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};

use super::entities::{ballot, ballot_choice};
use crate::domain::ballot::ApprovalBallot;
use crate::domain::ids::{CampaignId, ProposalId, UserId};

/// A voter's ballot as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBallot {
    /// The approved proposals, in id order.
    pub choices: Vec<ProposalId>,
    /// When it was last cast.
    pub cast_at: DateTime<Utc>,
}

/// Records `voter`'s ballot, replacing any earlier one. Run it inside a
/// write transaction that holds the campaign (see
/// [`super::campaigns::hold_campaign`]): the ballot row is upserted, so two
/// casts by one voter at once leave one ballot, the last one written.
///
/// # Errors
/// A [`DbErr`] if a statement fails; the caller's transaction then rolls back.
pub async fn record_ballot(
    txn: &DatabaseTransaction,
    campaign_id: CampaignId,
    voter: UserId,
    ballot: &ApprovalBallot,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = ballot::Entity::insert(ballot::ActiveModel {
        campaign_id: Set(campaign_id.0),
        voter_id: Set(voter.0),
        cast_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([ballot::Column::CampaignId, ballot::Column::VoterId])
            .update_column(ballot::Column::CastAt)
            .to_owned(),
    )
    .exec_with_returning(txn)
    .await?;
    ballot_choice::Entity::delete_many()
        .filter(ballot_choice::Column::BallotId.eq(row.id))
        .exec(txn)
        .await?;
    let choices = ballot.choices().map(|proposal| ballot_choice::ActiveModel {
        ballot_id: Set(row.id),
        proposal_id: Set(proposal.0),
    });
    ballot_choice::Entity::insert_many(choices)
        .exec(txn)
        .await?;
    Ok(())
}

/// `voter`'s ballot in a campaign, if they voted.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn find_ballot(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
    voter: UserId,
) -> Result<Option<StoredBallot>, DbErr> {
    let Some(row) = ballot::Entity::find()
        .filter(ballot::Column::CampaignId.eq(campaign_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let choices = ballot_choice::Entity::find()
        .filter(ballot_choice::Column::BallotId.eq(row.id))
        .order_by_asc(ballot_choice::Column::ProposalId)
        .all(db)
        .await?
        .into_iter()
        .map(|choice| ProposalId(choice.proposal_id))
        .collect();
    Ok(Some(StoredBallot {
        choices,
        cast_at: row.cast_at,
    }))
}

/// Every ballot of a campaign as its set of approved proposals, in the
/// order they were first cast. This is the tally's input.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn list_choices(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
) -> Result<Vec<Vec<ProposalId>>, DbErr> {
    let rows: Vec<(i64, i64)> = ballot_choice::Entity::find()
        .select_only()
        .column(ballot_choice::Column::BallotId)
        .column(ballot_choice::Column::ProposalId)
        .join(JoinType::InnerJoin, ballot_choice::Relation::Ballot.def())
        .filter(ballot::Column::CampaignId.eq(campaign_id.0))
        .order_by_asc(ballot_choice::Column::BallotId)
        .order_by_asc(ballot_choice::Column::ProposalId)
        .into_tuple()
        .all(db)
        .await?;
    let mut ballots: BTreeMap<i64, Vec<ProposalId>> = BTreeMap::new();
    for (ballot_id, proposal_id) in rows {
        ballots
            .entry(ballot_id)
            .or_default()
            .push(ProposalId(proposal_id));
    }
    Ok(ballots.into_values().collect())
}

/// How many people voted in a campaign.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn count_ballots(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
) -> Result<u64, DbErr> {
    ballot::Entity::find()
        .filter(ballot::Column::CampaignId.eq(campaign_id.0))
        .count(db)
        .await
}

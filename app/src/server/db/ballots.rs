//! Ballots. One per voter and campaign; casting again replaces the choices
//! (a voter may change their mind until voting closes).

use std::collections::{BTreeMap, HashMap};

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

/// One ballot to store: whose, in which campaign, what it approves.
#[derive(Clone, Copy, Debug)]
pub struct NewBallot<'a> {
    /// The campaign.
    pub campaign: CampaignId,
    /// The voter.
    pub voter: UserId,
    /// The choices.
    pub ballot: &'a ApprovalBallot,
}

/// Rows per statement when inserting choices (well under the bound-parameter
/// limits of SQLite and PostgreSQL).
const CHOICES_PER_STATEMENT: usize = 5_000;

/// Records ballots, each replacing its voter's earlier one in its campaign,
/// in a few statements whatever their number: one upsert of the ballot
/// rows, one delete of their old choices, inserts of the new ones. Run it
/// inside a write transaction that holds the campaigns (see
/// [`super::campaigns::hold_campaign`]). Each (campaign, voter) may appear
/// once.
///
/// # Errors
/// A [`DbErr`] if a statement fails; the caller's transaction then rolls back.
pub async fn record_ballots(
    txn: &DatabaseTransaction,
    new: &[NewBallot<'_>],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = ballot::Entity::insert_many(new.iter().map(|b| ballot::ActiveModel {
        campaign_id: Set(b.campaign.0),
        voter_id: Set(b.voter.0),
        cast_at: Set(now),
        ..Default::default()
    }))
    .on_conflict(
        OnConflict::columns([ballot::Column::CampaignId, ballot::Column::VoterId])
            .update_column(ballot::Column::CastAt)
            .to_owned(),
    )
    .exec_with_returning(txn)
    .await?;
    let ids: HashMap<(i64, i64), i64> = rows
        .iter()
        .map(|row| ((row.campaign_id, row.voter_id), row.id))
        .collect();
    ballot_choice::Entity::delete_many()
        .filter(ballot_choice::Column::BallotId.is_in(ids.values().copied()))
        .exec(txn)
        .await?;
    let mut choices = Vec::new();
    for b in new {
        let id = *ids
            .get(&(b.campaign.0, b.voter.0))
            .ok_or_else(|| DbErr::RecordNotFound("upserted ballot".into()))?;
        choices.extend(
            b.ballot
                .choices()
                .map(|proposal| ballot_choice::ActiveModel {
                    ballot_id: Set(id),
                    proposal_id: Set(proposal.0),
                }),
        );
    }
    for chunk in choices.chunks(CHOICES_PER_STATEMENT) {
        ballot_choice::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
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

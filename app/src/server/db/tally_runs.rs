//! Recorded tally computations. Each run keeps what it was computed from
//! (rule, engine version, digest of the ballots) next to its outcome, so
//! anyone can check a published result by recounting.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::entities::tally_run;
use crate::domain::ids::{CampaignId, UserId};

/// A computation to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTallyRun {
    /// The campaign counted.
    pub campaign_id: CampaignId,
    /// The rule's name.
    pub rule: String,
    /// The engine's version.
    pub engine_version: String,
    /// SHA-256 (hex) of the canonical list of ballots counted.
    pub input_digest: String,
    /// How many ballots were counted.
    pub ballot_count: u64,
    /// The outcome, as JSON.
    pub outcome_json: String,
    /// The official who ran it.
    pub computed_by: UserId,
}

/// A recorded computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyRun {
    /// Its id.
    pub id: i64,
    /// The recorded input and outcome.
    pub run: NewTallyRun,
    /// When it was computed.
    pub computed_at: DateTime<Utc>,
    /// When it was published, if it was.
    pub published_at: Option<DateTime<Utc>>,
}

fn to_run(row: tally_run::Model) -> TallyRun {
    TallyRun {
        id: row.id,
        run: NewTallyRun {
            campaign_id: CampaignId(row.campaign_id),
            rule: row.rule,
            engine_version: row.engine_version,
            input_digest: row.input_digest,
            ballot_count: u64::try_from(row.ballot_count).unwrap_or_default(),
            outcome_json: row.outcome_json,
            computed_by: UserId(row.computed_by),
        },
        computed_at: row.computed_at,
        published_at: row.published_at,
    }
}

/// Records a computation (not yet published).
///
/// # Errors
/// A [`DbErr`] if the insert fails.
pub async fn record_run(
    db: &impl ConnectionTrait,
    run: &NewTallyRun,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = tally_run::ActiveModel {
        campaign_id: Set(run.campaign_id.0),
        rule: Set(run.rule.clone()),
        engine_version: Set(run.engine_version.clone()),
        input_digest: Set(run.input_digest.clone()),
        ballot_count: Set(i64::try_from(run.ballot_count).unwrap_or(i64::MAX)),
        outcome_json: Set(run.outcome_json.clone()),
        computed_by: Set(run.computed_by.0),
        computed_at: Set(now),
        published_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The most recent computation for a campaign.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn find_latest_run(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
) -> Result<Option<TallyRun>, DbErr> {
    Ok(tally_run::Entity::find()
        .filter(tally_run::Column::CampaignId.eq(campaign_id.0))
        .order_by_desc(tally_run::Column::Id)
        .one(db)
        .await?
        .map(to_run))
}

/// The published computation of a campaign.
///
/// # Errors
/// A [`DbErr`] if the query fails.
pub async fn find_published_run(
    db: &impl ConnectionTrait,
    campaign_id: CampaignId,
) -> Result<Option<TallyRun>, DbErr> {
    Ok(tally_run::Entity::find()
        .filter(tally_run::Column::CampaignId.eq(campaign_id.0))
        .filter(tally_run::Column::PublishedAt.is_not_null())
        .order_by_desc(tally_run::Column::Id)
        .one(db)
        .await?
        .map(to_run))
}

/// Marks a computation as the published one.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_published(
    db: &impl ConnectionTrait,
    run_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    tally_run::ActiveModel {
        id: Set(run_id),
        published_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

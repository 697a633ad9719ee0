//! Campaigns.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryOrder,
    QuerySelect, Set,
};

use super::corrupt;
use super::entities::{campaign, municipality};
use super::municipalities::{Municipality, to_municipality};
use crate::domain::campaign::{Decisions, Phase, Schedule};
use crate::domain::ids::UserId;
use crate::domain::ids::{CampaignId, MunicipalityId};
use crate::domain::money::Money;
use crate::domain::text::{Description, Reason, Title};
use essaim_tally::Rule;

/// A campaign as the rest of the server sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    /// Its id.
    pub id: CampaignId,
    /// The municipality running it.
    pub municipality: Municipality,
    /// Its title.
    pub title: Title,
    /// What it is about.
    pub description: Description,
    /// The money to share among projects.
    pub budget: Money,
    /// Its calendar.
    pub schedule: Schedule,
    /// What officials decided beyond the calendar.
    pub decisions: Decisions,
    /// How winners are chosen.
    pub rule: Rule,
}

impl Campaign {
    /// The phase at `now`.
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        Phase::at(&self.schedule, &self.decisions, now)
    }
}

/// A campaign to create, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCampaign {
    /// The municipality running it.
    pub municipality_id: MunicipalityId,
    /// Its title.
    pub title: Title,
    /// What it is about.
    pub description: Description,
    /// The money to share among projects.
    pub budget: Money,
    /// Its calendar.
    pub schedule: Schedule,
    /// How winners are chosen.
    pub rule: Rule,
}

fn to_campaign(row: campaign::Model, municipality: Municipality) -> Result<Campaign, DbErr> {
    let bad = |what| corrupt("campaigns", row.id, what);
    Ok(Campaign {
        id: CampaignId(row.id),
        municipality,
        title: Title::parse(&row.title).map_err(|_| bad("title"))?,
        description: Description::parse(&row.description).map_err(|_| bad("description"))?,
        budget: Money::from_cents(row.budget_cents).map_err(|_| bad("budget"))?,
        schedule: Schedule::new(
            row.proposals_close_at,
            row.voting_opens_at,
            row.voting_closes_at,
        )
        .map_err(|_| bad("schedule"))?,
        decisions: Decisions {
            voting_closed_at: row.voting_closed_at,
            results_published_at: row.results_published_at,
        },
        rule: Rule::parse(&row.rule).ok_or_else(|| bad("rule"))?,
    })
}

/// Creates a campaign.
///
/// # Errors
/// A [`DbErr`] if the insert fails (e.g. unknown municipality).
pub async fn create_campaign(
    db: &impl ConnectionTrait,
    new: &NewCampaign,
    now: DateTime<Utc>,
) -> Result<CampaignId, DbErr> {
    let row = campaign::ActiveModel {
        municipality_id: Set(new.municipality_id.0),
        title: Set(new.title.as_str().to_owned()),
        description: Set(new.description.as_str().to_owned()),
        budget_cents: Set(new.budget.cents()),
        proposals_close_at: Set(new.schedule.proposals_close_at()),
        voting_opens_at: Set(new.schedule.voting_opens_at()),
        voting_closes_at: Set(new.schedule.voting_closes_at()),
        voting_closed_at: Set(None),
        voting_closed_by: Set(None),
        voting_closed_reason: Set(None),
        rule: Set(new.rule.name().to_owned()),
        results_published_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(CampaignId(row.id))
}

/// Every campaign, newest first.
///
/// # Errors
/// A [`DbErr`] if the query fails or a row is corrupt.
pub async fn list_campaigns(db: &impl ConnectionTrait) -> Result<Vec<Campaign>, DbErr> {
    let municipalities = municipality::Entity::find().all(db).await?;
    campaign::Entity::find()
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let municipality = municipalities
                .iter()
                .find(|m| m.id == row.municipality_id)
                .cloned()
                .ok_or_else(|| corrupt("campaigns", row.id, "municipality"))?;
            to_campaign(row, to_municipality(municipality)?)
        })
        .collect()
}

/// The campaign with this id.
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn find_campaign(
    db: &impl ConnectionTrait,
    id: CampaignId,
) -> Result<Option<Campaign>, DbErr> {
    let Some((row, Some(municipality))) = campaign::Entity::find_by_id(id.0)
        .find_also_related(municipality::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    to_campaign(row, to_municipality(municipality)?).map(Some)
}

/// How a write transaction holds a campaign while it checks the phase and
/// writes: ballots share it (they do not wait for each other), phase
/// changes, reviews and publication hold it alone. A ballot therefore
/// commits before voting closes or sees it closed, never after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Alongside other shared holders (casting a ballot).
    Shared,
    /// Alone (changing the campaign or what its ballots count).
    Exclusive,
}

/// The campaign with this id, locked in `txn` as `hold` says until the
/// transaction ends. On PostgreSQL a row lock (`FOR SHARE` / `FOR UPDATE`);
/// on SQLite the transaction already holds the database's write lock
/// (see [`super::begin_write`]).
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn hold_campaign(
    txn: &DatabaseTransaction,
    id: CampaignId,
    hold: Hold,
) -> Result<Option<Campaign>, DbErr> {
    let lock = match hold {
        Hold::Shared => LockType::Share,
        Hold::Exclusive => LockType::Update,
    };
    let mut select = campaign::Entity::find_by_id(id.0).find_also_related(municipality::Entity);
    QuerySelect::query(&mut select).lock_with_tables(lock, [campaign::Entity]);
    let Some((row, Some(municipality))) = select.one(txn).await? else {
        return Ok(None);
    };
    to_campaign(row, to_municipality(municipality)?).map(Some)
}

/// Stores a changed calendar (an official moved a phase forward).
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_schedule(
    db: &impl ConnectionTrait,
    id: CampaignId,
    schedule: &Schedule,
) -> Result<(), DbErr> {
    campaign::ActiveModel {
        id: Set(id.0),
        proposals_close_at: Set(schedule.proposals_close_at()),
        voting_opens_at: Set(schedule.voting_opens_at()),
        voting_closes_at: Set(schedule.voting_closes_at()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Records that an official closed voting early at `now`, and why.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_voting_closed(
    db: &impl ConnectionTrait,
    id: CampaignId,
    now: DateTime<Utc>,
    by: UserId,
    reason: &Reason,
) -> Result<(), DbErr> {
    campaign::ActiveModel {
        id: Set(id.0),
        voting_closed_at: Set(Some(now)),
        voting_closed_by: Set(Some(by.0)),
        voting_closed_reason: Set(Some(reason.as_str().to_owned())),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Records that results were published at `now`.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_results_published(
    db: &impl ConnectionTrait,
    id: CampaignId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    campaign::ActiveModel {
        id: Set(id.0),
        results_published_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Changes the decision rule.
///
/// # Errors
/// A [`DbErr`] if the update fails.
pub async fn record_rule(
    db: &impl ConnectionTrait,
    id: CampaignId,
    rule: Rule,
) -> Result<(), DbErr> {
    campaign::ActiveModel {
        id: Set(id.0),
        rule: Set(rule.name().to_owned()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

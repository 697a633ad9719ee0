//! Municipalities.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, QueryOrder, Set};

use super::corrupt;
use super::entities::municipality;
use crate::domain::{ids::MunicipalityId, text::Title};

/// A municipality running campaigns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Municipality {
    /// Its id.
    pub id: MunicipalityId,
    /// Its name.
    pub name: Title,
    /// The time zone its officials and citizens live in.
    pub time_zone: Tz,
}

pub(super) fn to_municipality(row: municipality::Model) -> Result<Municipality, DbErr> {
    Ok(Municipality {
        id: MunicipalityId(row.id),
        name: Title::parse(&row.name).map_err(|_| corrupt("municipalities", row.id, "name"))?,
        time_zone: row
            .time_zone
            .parse()
            .map_err(|_| corrupt("municipalities", row.id, "time_zone"))?,
    })
}

/// Creates a municipality.
///
/// # Errors
/// A [`DbErr`], e.g. when the name is taken.
pub async fn create_municipality(
    db: &impl ConnectionTrait,
    name: &Title,
    time_zone: Tz,
    now: DateTime<Utc>,
) -> Result<Municipality, DbErr> {
    let row = municipality::ActiveModel {
        name: Set(name.as_str().to_owned()),
        time_zone: Set(time_zone.name().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    to_municipality(row)
}

/// All municipalities, by name.
///
/// # Errors
/// A [`DbErr`] if the query fails or a row is corrupt.
pub async fn list_municipalities(db: &impl ConnectionTrait) -> Result<Vec<Municipality>, DbErr> {
    municipality::Entity::find()
        .order_by_asc(municipality::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(to_municipality)
        .collect()
}

/// The municipality with this id.
///
/// # Errors
/// A [`DbErr`] if the query fails or the row is corrupt.
pub async fn find_municipality(
    db: &impl ConnectionTrait,
    id: MunicipalityId,
) -> Result<Option<Municipality>, DbErr> {
    municipality::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_municipality)
        .transpose()
}

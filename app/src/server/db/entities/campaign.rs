//! The `campaigns` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub municipality_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub budget_cents: i64,
    pub proposals_close_at: DateTimeUtc,
    pub voting_opens_at: DateTimeUtc,
    pub voting_closes_at: DateTimeUtc,
    pub voting_closed_at: Option<DateTimeUtc>,
    pub voting_closed_by: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub voting_closed_reason: Option<String>,
    pub rule: String,
    pub results_published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::municipality::Entity",
        from = "Column::MunicipalityId",
        to = "super::municipality::Column::Id"
    )]
    Municipality,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::municipality::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Municipality.def()
    }
}

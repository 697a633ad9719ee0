//! The `tally_runs` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tally_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub rule: String,
    pub engine_version: String,
    pub input_digest: String,
    pub ballot_count: i64,
    #[sea_orm(column_type = "Text")]
    pub outcome_json: String,
    pub computed_by: i64,
    pub computed_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

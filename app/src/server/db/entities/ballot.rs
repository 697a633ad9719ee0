//! The `ballots` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub voter_id: i64,
    pub cast_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::ballot_choice::Entity")]
    Choices,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::ballot_choice::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Choices.def()
    }
}

//! The `ballot_choices` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_choices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ballot_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::ballot::Entity",
        from = "Column::BallotId",
        to = "super::ballot::Column::Id"
    )]
    Ballot,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::ballot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ballot.def()
    }
}

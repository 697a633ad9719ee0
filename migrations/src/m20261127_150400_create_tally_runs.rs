//! Recorded tally computations: which rule, which engine, on which ballots,
//! with what outcome; the published one is what citizens see.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_150000_create_users::Users;
use crate::m20261127_150100_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TallyRuns {
    Table,
    Id,
    CampaignId,
    Rule,
    EngineVersion,
    InputDigest,
    BallotCount,
    OutcomeJson,
    ComputedBy,
    ComputedAt,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TallyRuns::Table)
                    .col(big_pk_auto(TallyRuns::Id))
                    .col(big_integer(TallyRuns::CampaignId))
                    .col(string_len(TallyRuns::Rule, 32))
                    .col(string_len(TallyRuns::EngineVersion, 32))
                    .col(char_len(TallyRuns::InputDigest, 64))
                    .col(big_integer(TallyRuns::BallotCount))
                    .col(text(TallyRuns::OutcomeJson))
                    .col(big_integer(TallyRuns::ComputedBy))
                    .col(timestamp_with_time_zone(TallyRuns::ComputedAt))
                    .col(timestamp_with_time_zone_null(TallyRuns::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TallyRuns::Table, TallyRuns::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TallyRuns::Table, TallyRuns::ComputedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TallyRuns::Table).to_owned())
            .await
    }
}

//! Municipalities and their budget campaigns.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Municipalities {
    Table,
    Id,
    Name,
    TimeZone,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Campaigns {
    Table,
    Id,
    MunicipalityId,
    Title,
    Description,
    BudgetCents,
    ProposalsCloseAt,
    VotingOpensAt,
    VotingClosesAt,
    VotingClosedAt,
    Rule,
    ResultsPublishedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .col(big_pk_auto(Municipalities::Id))
                    .col(string_len_uniq(Municipalities::Name, 120))
                    .col(string_len(Municipalities::TimeZone, 64))
                    .col(timestamp_with_time_zone(Municipalities::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(big_pk_auto(Campaigns::Id))
                    .col(big_integer(Campaigns::MunicipalityId))
                    .col(string_len(Campaigns::Title, 120))
                    .col(text(Campaigns::Description))
                    .col(big_integer(Campaigns::BudgetCents))
                    .col(timestamp_with_time_zone(Campaigns::ProposalsCloseAt))
                    .col(timestamp_with_time_zone(Campaigns::VotingOpensAt))
                    .col(timestamp_with_time_zone(Campaigns::VotingClosesAt))
                    .col(timestamp_with_time_zone_null(Campaigns::VotingClosedAt))
                    .col(string_len(Campaigns::Rule, 32).default("greedy"))
                    .col(timestamp_with_time_zone_null(Campaigns::ResultsPublishedAt))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Campaigns::Table, Campaigns::MunicipalityId)
                            .to(Municipalities::Table, Municipalities::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Campaigns::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Municipalities::Table).to_owned())
            .await
    }
}

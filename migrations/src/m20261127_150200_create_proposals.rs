//! Proposals submitted by citizens and reviewed by officials.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_150000_create_users::Users;
use crate::m20261127_150100_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Proposals {
    Table,
    Id,
    CampaignId,
    AuthorId,
    Title,
    Description,
    CostCents,
    Status,
    ReviewReason,
    ReviewedBy,
    ReviewedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Proposals::Table)
                    .col(big_pk_auto(Proposals::Id))
                    .col(big_integer(Proposals::CampaignId))
                    .col(big_integer(Proposals::AuthorId))
                    .col(string_len(Proposals::Title, 120))
                    .col(text(Proposals::Description))
                    .col(big_integer(Proposals::CostCents))
                    .col(string_len(Proposals::Status, 16))
                    .col(text_null(Proposals::ReviewReason))
                    .col(big_integer_null(Proposals::ReviewedBy))
                    .col(timestamp_with_time_zone_null(Proposals::ReviewedAt))
                    .col(timestamp_with_time_zone(Proposals::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::ReviewedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_campaign_status")
                    .table(Proposals::Table)
                    .col(Proposals::CampaignId)
                    .col(Proposals::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Proposals::Table).to_owned())
            .await
    }
}

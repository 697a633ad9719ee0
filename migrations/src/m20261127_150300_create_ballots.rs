//! Ballots: one per voter and campaign, with the proposals it approves.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_150000_create_users::Users;
use crate::m20261127_150100_create_campaigns::Campaigns;
use crate::m20261127_150200_create_proposals::Proposals;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Ballots {
    Table,
    Id,
    CampaignId,
    VoterId,
    CastAt,
}

#[derive(DeriveIden)]
enum BallotChoices {
    Table,
    BallotId,
    ProposalId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Ballots::Table)
                    .col(big_pk_auto(Ballots::Id))
                    .col(big_integer(Ballots::CampaignId))
                    .col(big_integer(Ballots::VoterId))
                    .col(timestamp_with_time_zone(Ballots::CastAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Ballots::Table, Ballots::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Ballots::Table, Ballots::VoterId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ballots_campaign_voter")
                    .table(Ballots::Table)
                    .col(Ballots::CampaignId)
                    .col(Ballots::VoterId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BallotChoices::Table)
                    .col(big_integer(BallotChoices::BallotId))
                    .col(big_integer(BallotChoices::ProposalId))
                    .primary_key(
                        Index::create()
                            .col(BallotChoices::BallotId)
                            .col(BallotChoices::ProposalId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BallotChoices::Table, BallotChoices::BallotId)
                            .to(Ballots::Table, Ballots::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BallotChoices::Table, BallotChoices::ProposalId)
                            .to(Proposals::Table, Proposals::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BallotChoices::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Ballots::Table).to_owned())
            .await
    }
}

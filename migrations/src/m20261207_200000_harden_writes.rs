//! Hardening: staff belong to a municipality; rate limits become one
//! counter row per key, updated by a single statement (the per-attempt
//! `sign_in_failures` rows could be raced past); closing voting early
//! records who did it and why.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_150000_create_users::Users;
use crate::m20261127_150100_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersMunicipality {
    MunicipalityId,
}

#[derive(DeriveIden)]
enum CampaignsClosing {
    VotingClosedBy,
    VotingClosedReason,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStartedAt,
    Hits,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(big_integer_null(UsersMunicipality::MunicipalityId))
                    .to_owned(),
            )
            .await?;
        // Officials made before this migration served the only municipality
        // there was: they keep serving the first one. Without any
        // municipality an official had nothing to run: they become citizens.
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE users SET municipality_id = (SELECT MIN(id) FROM municipalities) \
             WHERE role = 'official'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE users SET role = 'citizen', password_hash = NULL \
             WHERE role = 'official' AND municipality_id IS NULL",
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(big_integer_null(CampaignsClosing::VotingClosedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(text_null(CampaignsClosing::VotingClosedReason))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(string_len(RateLimits::Key, 300).primary_key())
                    .col(timestamp_with_time_zone(RateLimits::WindowStartedAt))
                    .col(integer(RateLimits::Hits))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SignInFailures::Table).to_owned())
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the hardening migration cannot be undone: restore a backup".into(),
        ))
    }
}

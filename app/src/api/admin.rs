//! Administration: municipalities and new campaigns.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::campaigns::CampaignView;
use crate::domain::ids::{CampaignId, MunicipalityId};
use crate::error::AppError;

/// A municipality as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityView {
    /// Its id.
    pub id: MunicipalityId,
    /// Its name.
    pub name: String,
    /// Its time zone.
    pub time_zone: String,
}

/// Everything on the admin page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPage {
    /// Municipalities, by name.
    pub municipalities: Vec<MunicipalityView>,
    /// Campaigns, newest first.
    pub campaigns: Vec<CampaignView>,
    /// The rules a campaign can use.
    pub rules: Vec<crate::domain::rule::RuleInfo>,
}

/// The admin page's data.
///
/// # Errors
/// [`AppError::Forbidden`] unless the caller is an administrator.
#[server]
pub async fn get_admin_page() -> Result<AdminPage, AppError> {
    use super::campaigns::ssr::campaign_view;
    use crate::server::{auth, db::campaigns, db::municipalities, state::AppState};

    let state = AppState::current()?;
    auth::require_admin(&state).await?;
    let now = chrono::Utc::now();
    Ok(AdminPage {
        municipalities: municipalities::list_municipalities(&state.db)
            .await?
            .into_iter()
            .map(|m| MunicipalityView {
                id: m.id,
                name: m.name.into_inner(),
                time_zone: m.time_zone.name().to_owned(),
            })
            .collect(),
        campaigns: campaigns::list_campaigns(&state.db)
            .await?
            .iter()
            .map(|c| campaign_view(c, now))
            .collect(),
        rules: crate::domain::rule::approval_rules(),
    })
}

/// Creates a municipality.
///
/// # Errors
/// [`AppError::Input`] for a bad name or time zone,
/// [`AppError::AlreadyExists`] for a name in use.
#[server]
pub async fn create_municipality(
    name: String,
    time_zone: String,
) -> Result<MunicipalityId, AppError> {
    use crate::domain::text::Title;
    use crate::error::{Field, InputError};
    use crate::server::{auth, db::municipalities, state::AppState, time_zone as tz};

    let state = AppState::current()?;
    auth::require_admin(&state).await?;
    let name = Title::parse(&name).map_err(|e| InputError::Text(Field::Title, e))?;
    let time_zone = tz::parse(&time_zone)?;
    let taken = municipalities::list_municipalities(&state.db)
        .await?
        .iter()
        .any(|m| m.name.as_str().eq_ignore_ascii_case(name.as_str()));
    if taken {
        return Err(AppError::AlreadyExists);
    }
    let municipality =
        municipalities::create_municipality(&state.db, &name, time_zone, chrono::Utc::now())
            .await?;
    Ok(municipality.id)
}

/// The new-campaign form, as typed (fields `campaign[title]`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignForm {
    /// The municipality running it.
    pub municipality_id: i64,
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// The budget, in currency units as typed (`250 000`).
    pub budget: String,
    /// `datetime-local` values, in the municipality's time.
    pub proposals_close_at: String,
    /// Idem.
    pub voting_opens_at: String,
    /// Idem.
    pub voting_closes_at: String,
    /// The decision rule's name.
    pub rule: String,
}

/// Creates a campaign from the admin form. Dates are the municipality's
/// local time (`datetime-local` inputs). Goes to the new campaign's page.
///
/// # Errors
/// [`AppError::Input`] naming the first invalid field.
#[server]
pub async fn create_campaign(campaign: CampaignForm) -> Result<CampaignId, AppError> {
    use crate::domain::{campaign::Schedule, money::Money, text::Description, text::Title};
    use crate::error::{Field, InputError};
    use crate::server::db::campaigns::{self, NewCampaign};
    use crate::server::{auth, db::municipalities, state::AppState, time_zone::parse_local};
    use essaim_tally::Rule;

    let state = AppState::current()?;
    auth::require_admin(&state).await?;
    let CampaignForm {
        municipality_id,
        title,
        description,
        budget,
        proposals_close_at,
        voting_opens_at,
        voting_closes_at,
        rule,
    } = campaign;
    let municipality =
        municipalities::find_municipality(&state.db, MunicipalityId(municipality_id))
            .await?
            .ok_or(AppError::NotFound)?;
    let tz = municipality.time_zone;
    let new = NewCampaign {
        municipality_id: municipality.id,
        title: Title::parse(&title).map_err(|e| InputError::Text(Field::Title, e))?,
        description: Description::parse(&description)
            .map_err(|e| InputError::Text(Field::Description, e))?,
        budget: Money::parse_positive(&budget).map_err(|e| InputError::Money(Field::Amount, e))?,
        schedule: Schedule::new(
            parse_local(&proposals_close_at, tz, Field::Date)?,
            parse_local(&voting_opens_at, tz, Field::Date)?,
            parse_local(&voting_closes_at, tz, Field::Date)?,
        )
        .map_err(InputError::Schedule)?,
        rule: Rule::parse(&rule)
            .filter(|rule| rule.applies_to(essaim_tally::VoteType::Approval))
            .ok_or(InputError::Rule)?,
    };
    let id = campaigns::create_campaign(&state.db, &new, chrono::Utc::now()).await?;
    tracing::info!(campaign = %id, "campaign created");
    leptos_axum::redirect(&format!("/campaigns/{id}"));
    Ok(id)
}

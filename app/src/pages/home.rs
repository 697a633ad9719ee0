//! The home page: every campaign, the ones citizens can act on first.

use leptos::prelude::*;

use crate::api::campaigns::{CampaignView, list_campaigns};
use crate::components::loaded::Loaded;
use crate::components::phase_badge::PhaseBadge;
use crate::domain::campaign::Phase;
use crate::i18n::{format_date_time, format_money, use_lang, use_texts};

/// The list of campaigns.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    let render = move |campaigns: Vec<CampaignView>| {
        let mut campaigns = campaigns;
        campaigns.sort_by_key(|c| urgency(c.phase));
        if campaigns.is_empty() {
            view! { <p>{t.no_campaigns}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {campaigns.into_iter().map(|campaign| view! { <CampaignCard campaign /> }).collect_view()}
                </ul>
            }
                .into_any()
        }
    };
    view! {
        <h1>{t.home_title}</h1>
        <p class="lead">{t.home_lead}</p>
        <Loaded resource=campaigns render />
    }
}

#[component]
fn CampaignCard(campaign: CampaignView) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    view! {
        <li class="card">
            <h2>
                <a href=format!("/campaigns/{}", campaign.id)>{campaign.title.clone()}</a>
            </h2>
            <p class="card-meta">
                <PhaseBadge phase=campaign.phase />
                " " {campaign.municipality.clone()} " · " {t.budget} " "
                <span class="money">{format_money(lang, campaign.budget)}</span>
            </p>
            <p class="hint">
                {t.voting_window} {t.colon} {format_date_time(lang, campaign.voting_opens_at)} " → "
                {format_date_time(lang, campaign.voting_closes_at)}
            </p>
        </li>
    }
}

/// Campaigns where citizens can act come first.
fn urgency(phase: Phase) -> u8 {
    match phase {
        Phase::Voting => 0,
        Phase::Proposals => 1,
        Phase::Published => 2,
        Phase::Counting => 3,
        Phase::Review => 4,
    }
}

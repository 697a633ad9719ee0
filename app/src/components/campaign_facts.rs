//! A campaign's key facts: municipality, budget, calendar.

use leptos::prelude::*;

use super::phase_badge::PhaseBadge;
use crate::api::campaigns::CampaignView;
use crate::i18n::{format_date_time, format_money, use_lang, use_texts};

/// Budget, phase and dates of a campaign, as a definition list.
#[component]
pub fn CampaignFacts(campaign: CampaignView) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    view! {
        <dl class="facts">
            <div>
                <dt>{t.municipality}</dt>
                <dd>{campaign.municipality.clone()}</dd>
            </div>
            <div>
                <dt>{t.budget}</dt>
                <dd class="money">{format_money(lang, campaign.budget)}</dd>
            </div>
            <div>
                <dt>{t.phase}</dt>
                <dd>
                    <PhaseBadge phase=campaign.phase />
                </dd>
            </div>
            <div>
                <dt>{t.proposals_close}</dt>
                <dd>{format_date_time(lang, campaign.proposals_close_at)}</dd>
            </div>
            <div>
                <dt>{t.voting_window}</dt>
                <dd>
                    {format_date_time(lang, campaign.voting_opens_at)} " → "
                    {format_date_time(lang, campaign.voting_closes_at)}
                </dd>
            </div>
        </dl>
        <p class="hint">{t.times_are_local} " (" {campaign.time_zone.clone()} ")"</p>
    }
}

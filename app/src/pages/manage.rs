//! Officials run a campaign: move it to the next phase, count, publish.

use leptos::prelude::*;

use crate::api::manage::{ChangePhase, ManagePage as Page, PhaseChange, get_manage_page};
use crate::components::campaign_facts::CampaignFacts;
use crate::components::errors::{FormError, action_error};
use crate::components::loaded::Loaded;
use crate::components::route_params::use_id_param;
use crate::domain::campaign::Phase;
use crate::i18n::use_texts;
use crate::pages::results::CountingPanel;

/// The manage page.
#[component]
pub fn ManagePage() -> impl IntoView {
    let id = use_id_param();
    let change = ServerAction::<ChangePhase>::new();
    let page = Resource::new(
        move || (id.get(), change.version().get()),
        |(id, _)| get_manage_page(id),
    );
    view! { <Loaded resource=page render=move |page: Page| view! { <Manage page change /> } /> }
}

#[component]
fn Manage(page: Page, change: ServerAction<ChangePhase>) -> impl IntoView {
    let t = use_texts();
    let error = action_error(change);
    let campaign = page.campaign.clone();
    let id = campaign.id;
    let next_step = match campaign.phase {
        Phase::Proposals => Some((PhaseChange::CloseCall, t.close_call_now, t.close_call_help)),
        Phase::Review => Some((
            PhaseChange::OpenVoting,
            t.open_voting_now,
            t.open_voting_help,
        )),
        Phase::Voting => Some((
            PhaseChange::CloseVoting,
            t.close_voting_now,
            t.close_voting_help,
        )),
        Phase::Counting | Phase::Published => None,
    };
    view! {
        <h1>{t.manage_title}</h1>
        <p class="lead">
            <a href=format!("/campaigns/{id}")>{campaign.title.clone()}</a>
        </p>
        <CampaignFacts campaign=campaign.clone() />
        <ul class="stats">
            <li>
                <strong>{page.pending_reviews}</strong> " " {t.stat_pending}
                " · " <a href=format!("/campaigns/{id}/review")>{t.review_link}</a>
            </li>
            <li><strong>{page.on_ballot}</strong> " " {t.stat_on_ballot}</li>
            <li><strong>{page.ballot_count}</strong> " " {t.stat_ballots}</li>
        </ul>
        <FormError error />
        {next_step.map(|(step, label, help)| view! {
            <ActionForm action=change attr:class="form">
                <input type="hidden" name="campaign_id" value=id.0 />
                <input type="hidden" name="change" value=step_name(step) />
                <p class="hint">{help}</p>
                <button type="submit">{label}</button>
            </ActionForm>
        })}
        {matches!(campaign.phase, Phase::Voting | Phase::Counting | Phase::Published)
            .then(|| view! { <p><a href=format!("/campaigns/{id}/compare")>{t.compare_link}</a></p> })}
        {matches!(campaign.phase, Phase::Counting | Phase::Published).then(|| view! { <CountingPanel campaign_id=id /> })}
    }
}

fn step_name(step: PhaseChange) -> &'static str {
    match step {
        PhaseChange::CloseCall => "close_call",
        PhaseChange::OpenVoting => "open_voting",
        PhaseChange::CloseVoting => "close_voting",
    }
}

//! Officials run a campaign: move it to the next phase, count, publish.

use leptos::prelude::*;

use crate::api::manage::{ChangePhase, ManagePage as Page, PhaseChange, get_manage_page};
use crate::api::results::SetCampaignRule;
use crate::components::campaign_facts::CampaignFacts;
use crate::components::counting_panel::CountingPanel;
use crate::components::errors::{FormError, action_error};
use crate::components::loaded::Loaded;
use crate::components::route_params::use_id_param;
use crate::domain::campaign::Phase;
use crate::domain::text::Reason;
use crate::i18n::{rule_label, use_lang, use_texts};

/// The manage page.
#[component]
pub fn ManagePage() -> impl IntoView {
    let id = use_id_param();
    let change = ServerAction::<ChangePhase>::new();
    let set_rule = ServerAction::<SetCampaignRule>::new();
    let page = Resource::new(
        move || (id.get(), change.version().get(), set_rule.version().get()),
        |(id, _, _)| get_manage_page(id),
    );
    view! { <Loaded resource=page render=move |page: Page| view! { <Manage page change set_rule /> } /> }
}

#[component]
fn Manage(
    page: Page,
    change: ServerAction<ChangePhase>,
    set_rule: ServerAction<SetCampaignRule>,
) -> impl IntoView {
    let t = use_texts();
    let error = action_error(change);
    let rule_error = action_error(set_rule);
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
                {(step == PhaseChange::CloseVoting).then(|| view! {
                    <label for="close-reason">{t.close_voting_reason}</label>
                    <textarea id="close-reason" name="reason" required maxlength=Reason::MAX rows="2"></textarea>
                })}
                <button type="submit">{label}</button>
            </ActionForm>
        })}
        {campaign.phase.allows_settings_changes().then(|| view! {
            <RuleChoice campaign_id=id.0 current=campaign.rule.clone() rules=page.rules.clone() set_rule error=rule_error />
        })}
        {matches!(campaign.phase, Phase::Counting | Phase::Published)
            .then(|| view! { <p><a href=format!("/campaigns/{id}/compare")>{t.compare_link}</a></p> })}
        {matches!(campaign.phase, Phase::Counting | Phase::Published).then(|| view! { <CountingPanel campaign_id=id /> })}
    }
}

/// The decision rule, changeable until voting opens.
#[component]
fn RuleChoice(
    campaign_id: i64,
    current: String,
    rules: Vec<crate::domain::rule::RuleInfo>,
    set_rule: ServerAction<SetCampaignRule>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let options = rules
        .into_iter()
        .map(|rule| {
            let selected = rule.name == current;
            view! { <option value=rule.name.clone() selected=selected>{rule_label(lang, &rule)}</option> }
        })
        .collect_view();
    view! {
        <FormError error />
        <ActionForm action=set_rule attr:class="form">
            <input type="hidden" name="campaign_id" value=campaign_id />
            <label for="rule">{t.field_rule}</label>
            <select id="rule" name="rule">{options}</select>
            <p class="hint">{t.rule_change_help}</p>
            <button type="submit" class="secondary">{t.rule_change}</button>
        </ActionForm>
    }
}

fn step_name(step: PhaseChange) -> &'static str {
    match step {
        PhaseChange::CloseCall => "close_call",
        PhaseChange::OpenVoting => "open_voting",
        PhaseChange::CloseVoting => "close_voting",
    }
}

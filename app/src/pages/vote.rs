//! Voting: pick the projects you want, within the budget.
//!
//! Works without JavaScript (a plain form; the server checks the budget).
//! With JavaScript, a meter shows the total as boxes are ticked and the
//! submit button is disabled while the total is over the budget.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::ballots::{BallotPage, CastBallot, get_ballot_page};
use crate::api::campaigns::ProposalView;
use crate::components::errors::{FormError, SignInPrompt, action_error};
use crate::components::loaded::Loaded;
use crate::components::route_params::{use_id_param, use_query_param};
use crate::domain::ids::ProposalId;
use crate::domain::money::Money;
use crate::i18n::{format_date_time, format_money, use_lang, use_texts};

/// The voting page.
#[component]
pub fn VotePage() -> impl IntoView {
    let id = use_id_param();
    let cast = ServerAction::<CastBallot>::new();
    let page = Resource::new(
        move || (id.get(), cast.version().get()),
        |(id, _)| get_ballot_page(id),
    );
    view! { <Loaded resource=page render=move |page: BallotPage| view! { <Ballot page cast /> } /> }
}

#[component]
fn Ballot(page: BallotPage, cast: ServerAction<CastBallot>) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let just_cast = use_query_param("cast");
    let campaign = page.campaign;
    let back = format!("/campaigns/{}", campaign.id);
    let budget = campaign.budget;
    let error = action_error(cast);
    let chosen = RwSignal::new(
        page.my_choices
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect::<BTreeSet<_>>(),
    );
    let costs: Vec<(ProposalId, Money)> =
        page.items.iter().map(|item| (item.id, item.cost)).collect();
    let total = Memo::new(move |_| {
        let chosen = chosen.read();
        Money::sum(
            costs
                .iter()
                .filter(|(id, _)| chosen.contains(id))
                .map(|(_, cost)| *cost),
        )
    });
    let over_budget = move || total.get().is_none_or(|total| total > budget);

    if !campaign.phase.accepts_ballots() {
        return view! {
            <h1>{campaign.title.clone()}</h1>
            <p class="notice">{t.voting_not_open}</p>
            <p><a href=back>{t.back_to_campaign}</a></p>
        }
        .into_any();
    }
    let status = page.voted_at.map(|at| {
        view! { <p class="notice notice-success" role="status">{t.ballot_recorded} " " {format_date_time(lang, at)}</p> }
    });
    view! {
        <h1>{t.vote_title}</h1>
        <p class="lead">{campaign.title.clone()}</p>
        {move || just_cast.get().map(|_| view! { <p class="notice notice-success" role="status">{t.thanks_for_voting}</p> })}
        {status}
        <p>{t.vote_instructions} " " <strong class="money">{format_money(lang, budget)}</strong></p>
        <FormError error />
        {if page.signed_in { None } else { Some(view! { <SignInPrompt next=format!("/campaigns/{}/vote", campaign.id) /> }) }}
        <ActionForm action=cast attr:class="form ballot">
            <input type="hidden" name="campaign_id" value=campaign.id.0 />
            <fieldset>
                <legend>{t.projects_on_ballot}</legend>
                {page
                    .items
                    .into_iter()
                    .map(|item| view! { <BallotChoice item chosen /> })
                    .collect_view()}
            </fieldset>
            <div class="meter" aria-live="polite">
                <span>{t.your_total} {t.colon}</span>
                <strong class="money" class:over=over_budget>
                    {move || total.get().map(|total| format_money(lang, total)).unwrap_or_default()}
                </strong>
                <span>" / " {format_money(lang, budget)}</span>
                {move || over_budget().then(|| view! { <span class="over">{t.over_budget}</span> })}
            </div>
            <button type="submit" disabled=move || !page.signed_in || over_budget()>
                {t.cast_ballot}
            </button>
        </ActionForm>
        <p><a href=back>{t.back_to_campaign}</a></p>
    }
        .into_any()
}

#[component]
fn BallotChoice(item: ProposalView, chosen: RwSignal<BTreeSet<ProposalId>>) -> impl IntoView {
    let lang = use_lang();
    let id = item.id;
    let input_id = format!("project-{id}");
    let checked = move || chosen.read().contains(&id);
    view! {
        <div class="choice">
            <input
                type="checkbox"
                id=input_id.clone()
                name="selection[]"
                value=id.0
                prop:checked=checked
                checked=chosen.read_untracked().contains(&id)
                on:change=move |event| {
                    let on = event_target_checked(&event);
                    chosen.update(|set| { if on { set.insert(id); } else { set.remove(&id); } });
                }
            />
            <label for=input_id>
                <span class="choice-title">{item.title.clone()}</span>
                <span class="money">{format_money(lang, item.cost)}</span>
            </label>
            <details>
                <summary>{use_texts().details}</summary>
                <p class="description">{item.description.clone()}</p>
            </details>
        </div>
    }
}

//! Why one project was or was not funded, in plain words.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::results::{ResultsView, get_results};
use crate::components::loaded::Loaded;
use crate::components::not_found::NotFoundPage;
use crate::components::route_params::use_id_param;
use crate::domain::ids::ProposalId;
use crate::i18n::{
    explain_project, fill, format_money, rule_label, rule_summary, use_lang, use_texts,
};

/// The explanation page of a project.
#[component]
pub fn ExplanationPage() -> impl IntoView {
    let id = use_id_param();
    let params = use_params_map();
    let proposal = move || {
        params
            .read()
            .get("proposal")
            .and_then(|raw| raw.parse().ok())
            .map(ProposalId)
    };
    let results = Resource::new(move || id.get(), get_results);
    view! {
        <Loaded
            resource=results
            render=move |view: ResultsView| view! { <Explanation view proposal=proposal() /> }
        />
    }
}

#[component]
fn Explanation(view: ResultsView, proposal: Option<ProposalId>) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let Some(index) = view
        .results
        .projects
        .iter()
        .position(|p| Some(p.id) == proposal)
    else {
        return view! { <NotFoundPage /> }.into_any();
    };
    let project = view.results.projects[index].clone();
    let votes = project.votes;
    let (paragraphs, funded_before) = explain_project(lang, &view.results, index);
    let campaign = view.campaign.id;
    view! {
        <h1>{t.explain_title}</h1>
        <p class="lead">{project.title.clone()}</p>
        <p>
            {fill(t.explain_summary, &[("votes", votes.to_string()), ("cost", format_money(lang, project.cost))])}
        </p>
        <section class="explanation">
            {paragraphs.into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
        </section>
        {(!funded_before.is_empty()).then(|| view! {
            <h2>{t.explain_funded_before}</h2>
            <ol>{funded_before.into_iter().map(|title| view! { <li>{title}</li> }).collect_view()}</ol>
        })}
        <details class="audit">
            <summary>{t.how_winners_are_chosen}</summary>
            <p><strong>{rule_label(lang, &view.results.rule)}</strong></p>
            {rule_summary(lang, &view.results, view.ballot_count).into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
        </details>
        <p><a href=format!("/campaigns/{campaign}/results")>{t.back_to_results}</a></p>
    }
        .into_any()
}

//! Officials compare what each decision rule would have funded with the
//! same ballots, once voting is over (the rule itself was frozen when
//! voting opened).

use leptos::prelude::*;

use crate::api::results::{Comparison, compare_rules};
use crate::components::loaded::Loaded;
use crate::components::route_params::use_id_param;
use crate::i18n::{format_money, rule_label, use_lang, use_texts};

/// The comparison page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let id = use_id_param();
    let comparison = Resource::new(move || id.get(), compare_rules);
    view! { <Loaded resource=comparison render=move |c: Comparison| view! { <CompareTable c /> } /> }
}

#[component]
fn CompareTable(c: Comparison) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let campaign = c.campaign.id;
    let Comparison {
        campaign: campaign_view,
        projects,
        votes,
        ballot_count,
        outcomes,
    } = c;
    let current = outcomes.first().cloned();
    let differences = outcomes
        .iter()
        .skip(1)
        .map(|outcome| {
            let titles = |wanted: bool| -> Vec<String> {
                projects
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        let now = current.as_ref().and_then(|cur| cur.funded.get(*i).copied()).unwrap_or(false);
                        outcome.funded.get(*i).copied().unwrap_or(false) == wanted && now != wanted
                    })
                    .map(|(_, p)| p.title.clone())
                    .collect()
            };
            let (gains, losses) = (titles(true), titles(false));
            let same = gains.is_empty() && losses.is_empty();
            view! {
                <li>
                    <strong>{rule_label(lang, &outcome.rule)}</strong> {t.colon}
                    {same.then_some(t.compare_same)}
                    {(!gains.is_empty()).then(|| format!("{} {}", t.compare_gains, gains.join(", ")))}
                    {(!gains.is_empty() && !losses.is_empty()).then_some(" ; ")}
                    {(!losses.is_empty()).then(|| format!("{} {}", t.compare_loses, losses.join(", ")))}
                </li>
            }
        })
        .collect_view();
    let header = outcomes
        .iter()
        .enumerate()
        .map(|(i, outcome)| {
            view! {
                <th scope="col">
                    {rule_label(lang, &outcome.rule)}
                    {(i == 0).then(|| view! { <br /><em>"(" {t.compare_current} ")"</em> })}
                </th>
            }
        })
        .collect_view();
    let rows = projects
        .iter()
        .enumerate()
        .map(|(i, project)| {
            let cells = outcomes
                .iter()
                .map(|o| {
                    let funded = o.funded.get(i).copied().unwrap_or(false);
                    view! { <td class:funded=funded>{if funded { t.yes_mark } else { t.no_mark }}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{project.title.clone()}</th>
                    <td class="num">{votes.get(i).copied().unwrap_or_default()}</td>
                    <td class="num money">{format_money(lang, project.cost)}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let totals = outcomes
        .iter()
        .map(|o| view! { <td class="money">{format_money(lang, o.total)}</td> })
        .collect_view();
    let counts = outcomes
        .iter()
        .map(|o| view! { <td>{o.funded.iter().filter(|f| **f).count()}</td> })
        .collect_view();
    view! {
        <h1>{t.compare_title}</h1>
        <p class="lead"><a href=format!("/campaigns/{campaign}/manage")>{campaign_view.title.clone()}</a></p>
        <p>{t.compare_lead}</p>
        <p class="hint">{ballot_count} " " {t.stat_ballots}</p>
        <h2>{t.compare_differences}</h2>
        <ul>{differences}</ul>
        <div class="table-scroll">
            <table class="results compare">
                <caption>{t.compare_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.project}</th>
                        <th scope="col" class="num">{t.votes}</th>
                        <th scope="col" class="num">{t.cost}</th>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr><th scope="row" colspan="3">{t.compare_count}</th>{counts}</tr>
                    <tr><th scope="row" colspan="3">{t.compare_total}</th>{totals}</tr>
                </tfoot>
            </table>
        </div>
    }
}

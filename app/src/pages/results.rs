//! Results: what was funded, with how many votes, at what cost.

use leptos::prelude::*;

use crate::api::results::{ResultsView, get_results};
use crate::components::loaded::Loaded;
use crate::components::route_params::use_id_param;
use crate::domain::ids::ProposalId;
use crate::domain::money::Money;
use crate::domain::results::ShownResults;
use crate::i18n::{
    Lang, format_date_time, format_money, format_percent, rule_label, rule_summary, use_lang,
    use_texts,
};

/// The public results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let id = use_id_param();
    let results = Resource::new(move || id.get(), get_results);
    view! { <Loaded resource=results render=move |view: ResultsView| view! { <Results view /> } /> }
}

/// One row of the results table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: ProposalId,
    title: String,
    votes: u64,
    cost: Money,
    funded: bool,
}

fn rows(results: &ShownResults) -> Vec<Row> {
    let mut rows: Vec<Row> = results
        .projects
        .iter()
        .map(|project| Row {
            id: project.id,
            title: project.title.clone(),
            votes: project.votes,
            cost: project.cost,
            funded: project.funded(),
        })
        .collect();
    rows.sort_by(|a, b| b.votes.cmp(&a.votes).then(b.funded.cmp(&a.funded)));
    rows
}

/// `part / whole` in tenths of a percent, rounded down.
fn per_mille(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        part.saturating_mul(1000) / whole
    }
}

#[component]
fn Results(view: ResultsView) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let campaign = view.campaign.clone();
    let rows = rows(&view.results);
    let funded_total =
        Money::sum(rows.iter().filter(|r| r.funded).map(|r| r.cost)).unwrap_or_default();
    let funded_count = rows.iter().filter(|r| r.funded).count();
    let budget = campaign.budget;
    view! {
        <h1>{t.results_title}</h1>
        <p class="lead">
            <a href=format!("/campaigns/{}", campaign.id)>{campaign.title.clone()}</a>
        </p>
        {(!view.published).then(|| view! { <p class="notice" role="status">{t.results_preview}</p> })}
        <ul class="stats">
            <li><strong>{view.ballot_count}</strong> " " {t.stat_ballots}</li>
            <li><strong>{funded_count}</strong> " " {t.stat_funded}</li>
            <li>
                <strong class="money">{format_money(lang, funded_total)}</strong> " " {t.stat_spent_of} " "
                <span class="money">{format_money(lang, budget)}</span>
            </li>
        </ul>
        <h2>{t.how_winners_are_chosen}</h2>
        <p><strong>{rule_label(lang, &view.results.rule)}</strong></p>
        {rule_summary(lang, &view.results, view.ballot_count).into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
        <ResultsChart rows=rows.clone() lang />
        <div class="table-scroll">
            <table class="results">
                <caption>{t.results_table_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.project}</th>
                        <th scope="col" class="num">{t.votes}</th>
                        <th scope="col" class="num">{t.cost}</th>
                        <th scope="col" class="num">{t.share_of_budget}</th>
                        <th scope="col">{t.decision}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| view! {
                            <tr class:funded=row.funded>
                                <th scope="row">
                                    {row.title} " "
                                    <a class="why" href=format!("/campaigns/{}/results/{}", campaign.id, row.id)>{t.explain_link}</a>
                                </th>
                                <td class="num">{row.votes}</td>
                                <td class="num money">{format_money(lang, row.cost)}</td>
                                <td class="num">{format_percent(lang, per_mille(row.cost.cents(), budget.cents()))}</td>
                                <td>{if row.funded { t.funded } else { t.not_funded }}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t.turnout_title}</h2>
        <table class="results turnout">
            <tbody>
                <tr><th scope="row">{t.turnout_online}</th><td class="num">{view.ballot_count}</td></tr>
                <tr><th scope="row">{t.turnout_total}</th><td class="num">{view.ballot_count}</td></tr>
            </tbody>
        </table>
        <details class="audit">
            <summary>{t.audit_title}</summary>
            <dl class="facts">
                <div><dt>{t.audit_digest}</dt><dd><code class="digest">{view.input_digest}</code></dd></div>
                <div><dt>{t.audit_engine}</dt><dd>{view.engine_version}</dd></div>
                <div><dt>{t.audit_computed_at}</dt><dd>{format_date_time(lang, view.computed_at)}</dd></div>
            </dl>
        </details>
    }
}

/// Votes per project as labelled horizontal bars, funded ones in green.
/// Drawn on the server as SVG; the table below is its text alternative.
#[component]
fn ResultsChart(rows: Vec<Row>, lang: Lang) -> impl IntoView {
    const WIDTH: u64 = 360;
    const ROW: u64 = 40;
    let t = lang.texts();
    let max_votes = rows.iter().map(|r| r.votes).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as u64;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i as u64 * ROW;
            let width = (row.votes * (WIDTH - 40) / max_votes).max(2);
            let title: String = row.title.chars().take(48).collect();
            view! {
                <text x="0" y=y + 13 class="chart-label">{title}</text>
                <rect x="0" y=y + 18 width=width height="14" rx="2" class=if row.funded { "bar funded" } else { "bar" } />
                <text x=width + 4 y=y + 30 class="chart-value">{row.votes}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=t.chart_label width="100%">
                {bars}
            </svg>
            <figcaption>
                <span class="key funded"></span> {t.funded} " "
                <span class="key"></span> {t.not_funded}
            </figcaption>
        </figure>
    }
}

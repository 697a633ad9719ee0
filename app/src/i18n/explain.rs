//! Why each project won or lost, in plain French or English, from the
//! tally engine's structured explanations.
//!
//! The platform counts in cents: every engine amount is a number of cents.

use super::Lang;
use super::format::{fill, format_money};
use crate::api::results::RecordedResults;
use crate::domain::money::Money;
use crate::domain::tally::{
    Amount, GreedyStep, MesStep, PhragmenStep, ProjectExplanation, Rule, Stage,
};

/// An engine amount (in cents, possibly fractional) rounded to the cent.
pub fn money_of(amount: &Amount) -> Money {
    Money::clamped(amount.to_decimal_string(0).parse().unwrap_or_default())
}

fn cents(value: u64) -> Money {
    Money::clamped(i64::try_from(value).unwrap_or(i64::MAX))
}

/// The rule's name for people, e.g. "Equal Shares (cost utility), completed by most votes".
pub fn rule_label(lang: Lang, rule: Rule) -> String {
    let t = lang.texts();
    let (base, suffix) = match rule {
        Rule::Greedy => (t.rule_greedy, ""),
        Rule::GreedyPerCost => (t.rule_greedy_per_cost, ""),
        Rule::GreedyPoints => (t.rule_greedy_points, ""),
        Rule::GreedyPointsPerCost => (t.rule_greedy_points_per_cost, ""),
        Rule::MesCost => (t.rule_mes_cost, ""),
        Rule::MesApproval => (t.rule_mes_approval, ""),
        Rule::MesPoints => (t.rule_mes_points, ""),
        Rule::MesCostGreedy => (t.rule_mes_cost, t.rule_then_greedy),
        Rule::MesApprovalGreedy => (t.rule_mes_approval, t.rule_then_greedy),
        Rule::MesCostAdd1 => (t.rule_mes_cost, t.rule_then_add1),
        Rule::MesApprovalAdd1 => (t.rule_mes_approval, t.rule_then_add1),
        Rule::MesCostAdd1Greedy => (t.rule_mes_cost, ""),
        Rule::MesApprovalAdd1Greedy => (t.rule_mes_approval, ""),
        Rule::Phragmen => (t.rule_phragmen, ""),
    };
    match rule {
        Rule::MesCostAdd1Greedy | Rule::MesApprovalAdd1Greedy => {
            format!("{base}{}{}", t.rule_then_add1, t.rule_then_greedy)
        }
        _ => format!("{base}{suffix}"),
    }
}

/// How the rule chooses, in a few sentences, for the results page.
pub fn rule_summary(lang: Lang, results: &RecordedResults, voters: u64) -> Vec<String> {
    let t = lang.texts();
    let rule = results.outcome.rule;
    let mut text = Vec::new();
    match rule {
        Rule::Greedy | Rule::GreedyPoints => text.push(t.explain_greedy_rule.to_owned()),
        Rule::GreedyPerCost | Rule::GreedyPointsPerCost => {
            text.push(t.explain_greedy_per_cost_rule.to_owned())
        }
        Rule::Phragmen => text.push(t.explain_phragmen_rule.to_owned()),
        _ => {
            let (share, increments) = match &results.outcome.mes_budget {
                Some(budget) => (money_of(&budget.per_voter), budget.increments),
                None => (Money::ZERO, 0),
            };
            text.push(fill(
                t.explain_mes_rule,
                &[
                    ("voters", voters.to_string()),
                    ("share", format_money(lang, share)),
                ],
            ));
            if increments > 0 {
                text.push(fill(
                    t.explain_mes_add1,
                    &[("share", format_money(lang, share))],
                ));
            }
            if matches!(
                rule,
                Rule::MesCostGreedy
                    | Rule::MesApprovalGreedy
                    | Rule::MesCostAdd1Greedy
                    | Rule::MesApprovalAdd1Greedy
            ) {
                text.push(t.explain_fill_rule.to_owned());
            }
        }
    }
    text
}

/// Paragraphs explaining project `index` of `results`, and the titles of
/// the projects funded before it (for the greedy rules).
pub fn explain_project(
    lang: Lang,
    results: &RecordedResults,
    index: usize,
) -> (Vec<String>, Vec<String>) {
    let t = lang.texts();
    let Some(explanation) = results.outcome.explanations.get(index) else {
        return (Vec::new(), Vec::new());
    };
    let money = |value: Money| format_money(lang, value);
    let cost = money(cents(explanation.cost));
    let mut text = vec![if explanation.selected_by.is_some() {
        t.explain_verdict_funded.to_owned()
    } else {
        t.explain_verdict_not_funded.to_owned()
    }];
    let mut funded_before = Vec::new();
    if let Some(step) = &explanation.mes {
        text.extend(explain_mes(lang, step, &cost));
    }
    if let Some(step) = &explanation.phragmen {
        text.push(explain_phragmen(lang, step));
    }
    let greedy_decides = explanation.mes.is_none()
        || explanation.selected_by == Some(Stage::GreedyFill)
        || (explanation.selected_by.is_none() && explanation.greedy.is_some());
    if let Some(step) = explanation.greedy.as_ref().filter(|_| greedy_decides) {
        if explanation.mes.is_some() {
            text.push(t.explain_fill_rule.to_owned());
        }
        text.push(explain_greedy(lang, step, explanation, &cost));
        funded_before = step
            .funded_above
            .iter()
            .filter_map(|p| results.projects.get(p.index()))
            .map(|p| p.title.clone())
            .collect();
    }
    (text, funded_before)
}

fn explain_greedy(
    lang: Lang,
    step: &GreedyStep,
    explanation: &ProjectExplanation,
    cost: &str,
) -> String {
    let t = lang.texts();
    let left = cents(step.budget_left);
    let values = vec![
        ("rank", step.rank.to_string()),
        ("left", format_money(lang, left)),
        ("cost", cost.to_owned()),
        (
            "short",
            format_money(
                lang,
                cents(explanation.cost.saturating_sub(step.budget_left)),
            ),
        ),
    ];
    fill(
        if step.funded {
            t.explain_greedy_funded
        } else {
            t.explain_greedy_not_funded
        },
        &values,
    )
}

fn explain_mes(lang: Lang, step: &MesStep, cost: &str) -> Vec<String> {
    let t = lang.texts();
    let money = |amount: &Amount| format_money(lang, money_of(amount));
    match step {
        MesStep::Funded {
            round,
            share,
            full_share_payers,
            all_in_payers,
            all_in_paid,
            ..
        } => {
            let mut text = vec![fill(
                t.explain_mes_funded,
                &[
                    ("round", round.to_string()),
                    ("cost", cost.to_owned()),
                    ("full", full_share_payers.to_string()),
                    ("each", money(share)),
                ],
            )];
            if *all_in_payers > 0 {
                text.push(fill(
                    t.explain_mes_all_in,
                    &[
                        ("count", all_in_payers.to_string()),
                        ("paid", money(all_in_paid)),
                    ],
                ));
            }
            text
        }
        MesStep::FundedAtNoCost => vec![t.explain_mes_free.to_owned()],
        MesStep::NotFunded {
            supporters,
            money_left,
            shortfall,
        } => vec![fill(
            t.explain_mes_not_funded,
            &[
                ("supporters", supporters.to_string()),
                ("left", money(money_left)),
                ("cost", cost.to_owned()),
                ("short", money(shortfall)),
            ],
        )],
        MesStep::NoSupport => vec![t.explain_mes_no_support.to_owned()],
    }
}

fn explain_phragmen(lang: Lang, step: &PhragmenStep) -> String {
    let t = lang.texts();
    match step {
        PhragmenStep::Funded { round, load } => fill(
            t.explain_phragmen_funded,
            &[
                ("round", round.to_string()),
                ("load", format_money(lang, money_of(load))),
            ],
        ),
        PhragmenStep::CostExceedsBudget => t.explain_phragmen_too_costly.to_owned(),
        PhragmenStep::NotReached {
            stopped_at_round,
            budget_left,
            ..
        } => fill(
            t.explain_phragmen_not_reached,
            &[
                ("round", stopped_at_round.to_string()),
                ("left", format_money(lang, cents(*budget_left))),
            ],
        ),
    }
}

//! Why each project won or lost, in plain French or English, from the
//! tally engine's structured explanations.
//!
//! The platform counts in cents: every engine amount is a number of cents.

use super::Lang;
use super::format::{fill, format_money};
use crate::api::results::RecordedResults;
use crate::domain::money::Money;
use essaim_tally::{Amount, GreedyStep, MesStep, PhragmenStep, ProjectExplanation, Rule, Stage};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::results::CountedProject;
    use crate::domain::ids::ProposalId;
    use essaim_tally::{ApprovalBallot, Ballots, Election, Project, ProjectIdx, tally};

    /// Three projects (costs in cents), budget 1000: A 600 (3 votes),
    /// B 500 (2 votes), C 300 (1 vote).
    fn results(rule: Rule) -> RecordedResults {
        let projects = [("A", 600), ("B", 500), ("C", 300)];
        let ballot = |ids: &[u32]| {
            ApprovalBallot::new(ids.iter().map(|i| ProjectIdx::new(*i)).collect())
                .expect("valid ballot")
        };
        let election = Election::new(
            projects
                .iter()
                .map(|(id, cost)| Project::new((*id).into(), *cost, None).expect("valid project"))
                .collect(),
            1000,
            Ballots::Approval(vec![ballot(&[0, 1]), ballot(&[0, 1]), ballot(&[0, 2])]),
        )
        .expect("valid election");
        RecordedResults {
            projects: projects
                .iter()
                .zip(1..)
                .map(|((title, cost), id)| CountedProject {
                    id: ProposalId(id),
                    title: (*title).into(),
                    cost: cents(*cost),
                })
                .collect(),
            outcome: tally(&election, rule),
        }
    }

    #[test]
    fn greedy_says_what_was_left_when_its_turn_came() {
        let results = results(Rule::Greedy);
        let (text, before) = explain_project(Lang::En, &results, 1);
        assert_eq!(text[0], "This project is not funded.");
        assert_eq!(
            text[1],
            "It came in position 2. When its turn came, the projects ahead of it had already taken \
             the money: only €4 was left, less than its cost of €5. It was €1 short."
        );
        assert_eq!(before, vec!["A".to_owned()]);
        let (text, _) = explain_project(Lang::Fr, &results, 2);
        assert_eq!(text[0], "Ce projet est financé.");
        assert!(
            text[1].starts_with("Il est arrivé au rang 3."),
            "{}",
            text[1]
        );
    }

    #[test]
    fn equal_shares_say_who_paid_and_who_could_not() {
        let results = results(Rule::MesCost);
        let (funded, _) = explain_project(Lang::En, &results, 0);
        assert_eq!(funded[0], "This project is funded.");
        assert!(
            funded[1].starts_with("Picked in round 1: its cost of €6 was paid by its supporters"),
            "{funded:?}"
        );
        let (not_funded, _) = explain_project(Lang::Fr, &results, 1);
        assert_eq!(not_funded[0], "Ce projet n'est pas financé.");
        assert!(
            not_funded[1].starts_with("À la fin, ses 2 soutiens n'avaient plus que"),
            "{not_funded:?}"
        );
        let summary = rule_summary(Lang::En, &results, 3);
        assert!(
            summary[0].starts_with(
                "Method of Equal Shares: the budget is split equally among the 3 voters"
            )
        );
    }

    #[test]
    fn every_rule_has_a_name_in_both_languages() {
        for rule in Rule::ALL {
            for lang in [Lang::Fr, Lang::En] {
                assert!(!rule_label(lang, rule).is_empty());
            }
        }
        assert_eq!(
            rule_label(Lang::Fr, Rule::MesCostAdd1Greedy),
            "Parts égales (utilité = coût), parts relevées, complétée par les plus votés"
        );
    }
}

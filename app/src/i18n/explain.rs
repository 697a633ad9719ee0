//! Why each project won or lost, in plain French or English, from the
//! figures the server sends ([`ShownResults`], built from the tally
//! engine's structured explanations).

use super::Lang;
use super::format::{fill, format_money};
use crate::domain::money::Money;
use crate::domain::results::{FundedBy, GreedyTurn, MesPart, PhragmenPart, ShownResults};
use crate::domain::rule::{RuleInfo, RuleMethod};

/// The rule's name for people, e.g. "Equal Shares (cost utility), completed by most votes".
pub fn rule_label(lang: Lang, rule: &RuleInfo) -> String {
    let t = lang.texts();
    let mut label = match rule.method {
        RuleMethod::Greedy => t.rule_greedy,
        RuleMethod::GreedyPerCost => t.rule_greedy_per_cost,
        RuleMethod::GreedyPoints => t.rule_greedy_points,
        RuleMethod::GreedyPointsPerCost => t.rule_greedy_points_per_cost,
        RuleMethod::MesCost => t.rule_mes_cost,
        RuleMethod::MesApproval => t.rule_mes_approval,
        RuleMethod::MesPoints => t.rule_mes_points,
        RuleMethod::Phragmen => t.rule_phragmen,
    }
    .to_owned();
    if rule.raised_shares {
        label.push_str(t.rule_then_add1);
    }
    if rule.completed {
        label.push_str(t.rule_then_greedy);
    }
    label
}

/// How the rule chooses, in a few sentences, for the results page.
pub fn rule_summary(lang: Lang, results: &ShownResults, voters: u64) -> Vec<String> {
    let t = lang.texts();
    let mut text = Vec::new();
    match results.rule.method {
        RuleMethod::Greedy | RuleMethod::GreedyPoints => {
            text.push(t.explain_greedy_rule.to_owned())
        }
        RuleMethod::GreedyPerCost | RuleMethod::GreedyPointsPerCost => {
            text.push(t.explain_greedy_per_cost_rule.to_owned())
        }
        RuleMethod::Phragmen => text.push(t.explain_phragmen_rule.to_owned()),
        RuleMethod::MesCost | RuleMethod::MesApproval | RuleMethod::MesPoints => {
            let (share, increments) = match &results.mes_share {
                Some(share) => (share.per_voter, share.increments),
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
            if results.rule.completed {
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
    results: &ShownResults,
    index: usize,
) -> (Vec<String>, Vec<String>) {
    let t = lang.texts();
    let Some(project) = results.projects.get(index) else {
        return (Vec::new(), Vec::new());
    };
    let cost = format_money(lang, project.cost);
    let mut text = vec![if project.funded() {
        t.explain_verdict_funded.to_owned()
    } else {
        t.explain_verdict_not_funded.to_owned()
    }];
    let mut funded_before = Vec::new();
    if let Some(part) = &project.mes {
        text.extend(explain_mes(lang, part, &cost));
    }
    if let Some(part) = &project.phragmen {
        text.push(explain_phragmen(lang, part));
    }
    let greedy_decides = project.mes.is_none()
        || project.funded_by == Some(FundedBy::GreedyFill)
        || (project.funded_by.is_none() && project.greedy.is_some());
    if let Some(turn) = project.greedy.as_ref().filter(|_| greedy_decides) {
        if project.mes.is_some() {
            text.push(t.explain_fill_rule.to_owned());
        }
        text.push(explain_greedy(lang, turn, &cost));
        funded_before = turn
            .funded_above
            .iter()
            .filter_map(|&i| results.projects.get(i as usize))
            .map(|p| p.title.clone())
            .collect();
    }
    (text, funded_before)
}

fn explain_greedy(lang: Lang, turn: &GreedyTurn, cost: &str) -> String {
    let t = lang.texts();
    let values = vec![
        ("rank", turn.rank.to_string()),
        ("left", format_money(lang, turn.budget_left)),
        ("cost", cost.to_owned()),
        ("short", format_money(lang, turn.short)),
    ];
    fill(
        if turn.funded {
            t.explain_greedy_funded
        } else {
            t.explain_greedy_not_funded
        },
        &values,
    )
}

fn explain_mes(lang: Lang, part: &MesPart, cost: &str) -> Vec<String> {
    let t = lang.texts();
    let money = |amount: Money| format_money(lang, amount);
    match part {
        MesPart::Funded {
            round,
            share,
            full_share_payers,
            all_in_payers,
            all_in_paid,
        } => {
            let mut text = vec![fill(
                t.explain_mes_funded,
                &[
                    ("round", round.to_string()),
                    ("cost", cost.to_owned()),
                    ("full", full_share_payers.to_string()),
                    ("each", money(*share)),
                ],
            )];
            if *all_in_payers > 0 {
                text.push(fill(
                    t.explain_mes_all_in,
                    &[
                        ("count", all_in_payers.to_string()),
                        ("paid", money(*all_in_paid)),
                    ],
                ));
            }
            text
        }
        MesPart::FundedAtNoCost => vec![t.explain_mes_free.to_owned()],
        MesPart::NotFunded {
            supporters,
            money_left,
            shortfall,
        } => vec![fill(
            t.explain_mes_not_funded,
            &[
                ("supporters", supporters.to_string()),
                ("left", money(*money_left)),
                ("cost", cost.to_owned()),
                ("short", money(*shortfall)),
            ],
        )],
        MesPart::NoSupport => vec![t.explain_mes_no_support.to_owned()],
    }
}

fn explain_phragmen(lang: Lang, part: &PhragmenPart) -> String {
    let t = lang.texts();
    match part {
        PhragmenPart::Funded { round, load } => fill(
            t.explain_phragmen_funded,
            &[
                ("round", round.to_string()),
                ("load", format_money(lang, *load)),
            ],
        ),
        PhragmenPart::CostExceedsBudget => t.explain_phragmen_too_costly.to_owned(),
        PhragmenPart::NotReached {
            stopped_at_round,
            budget_left,
        } => fill(
            t.explain_phragmen_not_reached,
            &[
                ("round", stopped_at_round.to_string()),
                ("left", format_money(lang, *budget_left)),
            ],
        ),
    }
}

/// The engine runs on the server only: these tests count there.
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::ids::ProposalId;
    use crate::domain::results::CountedProject;
    use crate::server::results::RecordedResults;
    use essaim_tally::{ApprovalBallot, Ballots, Election, Project, ProjectIdx, Rule, tally};

    /// Three projects (costs in cents), budget 1000: A 600 (3 votes),
    /// B 500 (2 votes), C 300 (1 vote).
    fn results(rule: Rule) -> ShownResults {
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
                    cost: Money::clamped(i64::try_from(*cost).unwrap_or_default()),
                })
                .collect(),
            outcome: tally(&election, rule),
        }
        .shown()
    }

    #[test]
    fn greedy_says_what_was_left_when_its_turn_came() {
        let results = results(Rule::GREEDY);
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
        let results = results(Rule::MES_COST);
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
}

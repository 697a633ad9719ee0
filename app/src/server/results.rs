//! Results as stored (`tally_runs.outcome_json`) and what pages get from
//! them. The stored form holds the engine's whole outcome; pages get
//! [`ShownResults`], plain figures without the engine's types, so that the
//! engine stays out of the browser.

use serde::{Deserialize, Serialize};

use crate::domain::money::Money;
use crate::domain::results::{
    CountedProject, FundedBy, GreedyTurn, MesPart, MesShare, PhragmenPart, ProjectResult,
    ShownResults,
};
use essaim_tally::{Amount, GreedyStep, MesStep, Outcome, PhragmenStep, ProjectExplanation, Stage};

/// The version of the stored form written today, in its `version` field.
/// Version 1 (the first slice's) had no such field and the same shape.
pub const STORED_VERSION: u32 = 2;

/// What a computation produced: the projects (the engine's project `i` is
/// `projects[i]`) and the engine's outcome with its explanations. Stored as
/// JSON with a `version` field; every earlier version must keep reading
/// (see the tests).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedResults {
    /// The projects on the ballot, in engine order.
    pub projects: Vec<CountedProject>,
    /// The outcome.
    pub outcome: Outcome,
}

/// The stored form: the results and the version that wrote them.
#[derive(Serialize, Deserialize)]
struct Stored<R> {
    /// Missing in version 1.
    #[serde(default = "first_version")]
    version: u32,
    #[serde(flatten)]
    results: R,
}

fn first_version() -> u32 {
    1
}

impl RecordedResults {
    /// Reads stored results of any version up to [`STORED_VERSION`].
    ///
    /// # Errors
    /// The JSON error if `json` is not stored results, or was written by a
    /// later version than this one.
    pub fn read(json: &str) -> Result<Self, serde_json::Error> {
        let stored: Stored<RecordedResults> = serde_json::from_str(json)?;
        if stored.version > STORED_VERSION {
            return Err(serde::de::Error::custom(format!(
                "results stored by version {} of the format; this server reads up to {STORED_VERSION}",
                stored.version
            )));
        }
        Ok(stored.results)
    }

    /// The stored form, tagged with [`STORED_VERSION`].
    ///
    /// # Errors
    /// The JSON error if serialising fails (it does not for these types).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Stored {
            version: STORED_VERSION,
            results: self,
        })
    }

    /// What pages show of these results.
    pub fn shown(&self) -> ShownResults {
        ShownResults {
            rule: self.outcome.rule.into(),
            mes_share: self.outcome.mes_budget.as_ref().map(|budget| MesShare {
                per_voter: money_of(&budget.per_voter),
                increments: budget.increments,
            }),
            projects: self
                .projects
                .iter()
                .zip(&self.outcome.explanations)
                .map(|(project, explanation)| project_result(project, explanation))
                .collect(),
        }
    }
}

/// An engine amount (in cents, possibly fractional) rounded to the cent.
fn money_of(amount: &Amount) -> Money {
    Money::clamped(amount.to_decimal_string(0).parse().unwrap_or_default())
}

fn cents(value: u64) -> Money {
    Money::clamped(i64::try_from(value).unwrap_or(i64::MAX))
}

fn project_result(project: &CountedProject, explanation: &ProjectExplanation) -> ProjectResult {
    ProjectResult {
        id: project.id,
        title: project.title.clone(),
        cost: project.cost,
        votes: explanation.supporters,
        funded_by: explanation.selected_by.map(|stage| match stage {
            Stage::Greedy => FundedBy::Greedy,
            Stage::Mes => FundedBy::Mes,
            Stage::GreedyFill => FundedBy::GreedyFill,
            Stage::Phragmen => FundedBy::Phragmen,
        }),
        greedy: explanation
            .greedy
            .as_ref()
            .map(|step| greedy_turn(step, explanation.cost)),
        mes: explanation.mes.as_ref().map(mes_part),
        phragmen: explanation.phragmen.as_ref().map(phragmen_part),
    }
}

fn greedy_turn(step: &GreedyStep, cost: u64) -> GreedyTurn {
    GreedyTurn {
        rank: step.rank,
        budget_left: cents(step.budget_left),
        short: cents(cost.saturating_sub(step.budget_left)),
        funded: step.funded,
        funded_above: step
            .funded_above
            .iter()
            .filter_map(|p| u32::try_from(p.index()).ok())
            .collect(),
    }
}

fn mes_part(step: &MesStep) -> MesPart {
    match step {
        MesStep::Funded {
            round,
            share,
            full_share_payers,
            all_in_payers,
            all_in_paid,
            ..
        } => MesPart::Funded {
            round: *round,
            share: money_of(share),
            full_share_payers: *full_share_payers,
            all_in_payers: *all_in_payers,
            all_in_paid: money_of(all_in_paid),
        },
        MesStep::FundedAtNoCost => MesPart::FundedAtNoCost,
        MesStep::NotFunded {
            supporters,
            money_left,
            shortfall,
        } => MesPart::NotFunded {
            supporters: *supporters,
            money_left: money_of(money_left),
            shortfall: money_of(shortfall),
        },
        MesStep::NoSupport => MesPart::NoSupport,
    }
}

fn phragmen_part(step: &PhragmenStep) -> PhragmenPart {
    match step {
        PhragmenStep::Funded { round, load } => PhragmenPart::Funded {
            round: *round,
            load: money_of(load),
        },
        PhragmenStep::CostExceedsBudget => PhragmenPart::CostExceedsBudget,
        PhragmenStep::NotReached {
            stopped_at_round,
            budget_left,
            ..
        } => PhragmenPart::NotReached {
            stopped_at_round: *stopped_at_round,
            budget_left: cents(*budget_left),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, explain_project, rule_label, rule_summary};

    /// Results stored by the first version (six rules on a small election of
    /// 7 voters), one JSON per line, and the texts that version rendered from
    /// them: per rule, in French then English, the rule's label, its summary,
    /// then per project its paragraphs and `before: ` the titles funded
    /// before it.
    const STORED_V1: &str = include_str!("../../tests/fixtures/stored_results_v1.jsonl");
    const RENDERED_V1: &str = include_str!("../../tests/fixtures/stored_results_v1_rendered.json");

    fn render(results: &ShownResults, lang: Lang) -> Vec<String> {
        let mut page = vec![rule_label(lang, &results.rule)];
        page.extend(rule_summary(lang, results, 7));
        for index in 0..results.projects.len() {
            let (text, before) = explain_project(lang, results, index);
            page.extend(text);
            page.push(format!("before: {}", before.join(", ")));
        }
        page
    }

    #[test]
    fn results_stored_by_the_first_version_read_and_render_the_same() {
        let expected: Vec<Vec<String>> = serde_json::from_str(RENDERED_V1).expect("fixture");
        let mut rendered = Vec::new();
        for line in STORED_V1.lines() {
            let stored = RecordedResults::read(line).expect("stored results read");
            let again = stored.to_json().expect("json");
            assert_eq!(
                again,
                format!("{{\"version\":{STORED_VERSION},{}", &line[1..]),
                "written back the same, with today's version"
            );
            assert_eq!(RecordedResults::read(&again).expect("reads"), stored);
            let shown = stored.shown();
            for lang in [Lang::Fr, Lang::En] {
                rendered.push(render(&shown, lang));
            }
        }
        assert_eq!(rendered.len(), 12);
        for (got, want) in rendered.iter().zip(&expected) {
            assert_eq!(got, want);
        }
        assert_eq!(rendered, expected);
    }

    /// The fixture's election, counted again, gives the stored outcomes
    /// byte for byte: the engine's results and their stored form are unchanged.
    #[test]
    fn counting_the_fixture_election_again_gives_the_stored_results() {
        use crate::domain::ids::ProposalId;
        use essaim_tally::{ApprovalBallot, Ballots, Election, Project, ProjectIdx, Rule, tally};
        let projects = [
            ("A", 6000),
            ("B", 5000),
            ("C", 3000),
            ("D", 2500),
            ("E", 20000),
            ("F", 1000),
        ];
        let ballot = |ids: &[u32]| {
            ApprovalBallot::new(ids.iter().copied().map(ProjectIdx::new).collect()).expect("ballot")
        };
        let election = Election::new(
            projects
                .iter()
                .map(|(id, cost)| Project::new((*id).into(), *cost, None).expect("project"))
                .collect(),
            13000,
            Ballots::Approval(vec![
                ballot(&[0, 1]),
                ballot(&[0, 1, 4]),
                ballot(&[0, 2]),
                ballot(&[0, 3]),
                ballot(&[1, 2]),
                ballot(&[2, 3, 5]),
                ballot(&[3]),
            ]),
        )
        .expect("election");
        let rules = [
            Rule::GREEDY,
            Rule::GREEDY_PER_COST,
            Rule::MES_COST,
            Rule::MES_APPROVAL_GREEDY,
            Rule::MES_COST_ADD1_GREEDY,
            Rule::PHRAGMEN,
        ];
        for (rule, line) in rules.into_iter().zip(STORED_V1.lines()) {
            let results = RecordedResults {
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
            };
            let stored = results.to_json().expect("json");
            assert_eq!(
                stored,
                format!("{{\"version\":{STORED_VERSION},{}", &line[1..]),
                "{rule}"
            );
        }
    }

    #[test]
    fn results_of_a_later_format_are_refused_with_a_reason() {
        let line = STORED_V1.lines().next().expect("fixture");
        let later = format!("{{\"version\":{},{}", STORED_VERSION + 1, &line[1..]);
        let error = RecordedResults::read(&later).expect_err("a later version");
        assert!(
            error.to_string().contains("this server reads up to"),
            "{error}"
        );
    }

    #[test]
    fn every_rule_has_a_name_in_both_languages() {
        for rule in essaim_tally::Rule::ALL {
            for lang in [Lang::Fr, Lang::En] {
                assert!(!rule_label(lang, &rule.into()).is_empty());
            }
        }
        assert_eq!(
            rule_label(Lang::Fr, &essaim_tally::Rule::MES_COST_ADD1_GREEDY.into()),
            "Parts égales (utilité = coût), parts relevées, complétée par les plus votés"
        );
    }
}

//! One whole campaign through the server functions, as the web pages drive
//! it: creation, proposals, review, voting, counting, publication.

use app::api::admin::{AdminPage, CreateCampaign, GetAdminPage};
use app::api::ballots::CastBallot;
use app::api::manage::ChangePhase;
use app::api::proposals::{ReviewProposal, SubmitProposal};
use app::api::results::{
    CompareRules, Comparison, ComputeResults, GetResults, PublishResults, ResultsView,
    SetCampaignRule,
};
use app::domain::ballot::BallotError;
use app::domain::campaign::PhaseError;
use app::error::{AppError, InputError};
use chrono::{Duration, Utc};
use essaim_tally::{Rule, VoteType};

use crate::each_backend;
use crate::helpers::{ADMIN, Browser, OFFICIAL, TOWN, TestApp};

fn local(offset: Duration) -> String {
    (Utc::now() + offset).format("%Y-%m-%dT%H:%M").to_string()
}

/// Creates a campaign of [`TOWN`] open for proposals; returns its id.
pub async fn create_campaign(admin: &mut Browser, budget: &str) -> String {
    create_campaign_in(admin, TOWN, budget).await
}

/// Creates a campaign of municipality `town` open for proposals; returns its id.
pub async fn create_campaign_in(admin: &mut Browser, town: &str, budget: &str) -> String {
    let page: AdminPage =
        serde_json::from_str(&admin.call::<GetAdminPage>(&[]).await.expect("admin page"))
            .expect("admin page JSON");
    let municipality = page
        .municipalities
        .iter()
        .find(|m| m.name == town)
        .expect("the town exists")
        .id
        .to_string();
    admin
        .call::<CreateCampaign>(&[
            ("campaign[municipality_id]", &municipality),
            ("campaign[title]", "Budget 2027"),
            ("campaign[description]", "Des projets pour Testville."),
            ("campaign[budget]", budget),
            ("campaign[proposals_close_at]", &local(Duration::days(2))),
            ("campaign[voting_opens_at]", &local(Duration::days(3))),
            ("campaign[voting_closes_at]", &local(Duration::days(10))),
            ("campaign[rule]", "greedy"),
        ])
        .await
        .expect("campaign created")
}

/// A campaign of [`TOWN`] open for voting on projects costing `costs`
/// (budget 10 000): returns its id and the projects' ids.
pub async fn voting_campaign(app: &TestApp, costs: &[&str]) -> (String, Vec<String>) {
    let mut admin = app.staff(ADMIN).await;
    let mut official = app.staff(OFFICIAL).await;
    let mut author = app.citizen("autrice@example.fr").await;
    let campaign = create_campaign(&mut admin, "10 000").await;
    let mut projects = Vec::new();
    for (i, cost) in costs.iter().enumerate() {
        let id = submit(&mut author, &campaign, &format!("Projet {i}"), cost)
            .await
            .expect("submitted");
        official
            .call::<ReviewProposal>(&[
                ("proposal_id", id.as_str()),
                ("decision", "accept"),
                ("cost", cost),
                ("reason", ""),
            ])
            .await
            .expect("accepted");
        projects.push(id);
    }
    for change in ["close_call", "open_voting"] {
        change_phase(&mut official, &campaign, change)
            .await
            .expect("phase changed");
    }
    (campaign, projects)
}

pub async fn submit(
    citizen: &mut Browser,
    campaign: &str,
    title: &str,
    cost: &str,
) -> Result<String, AppError> {
    citizen
        .call::<SubmitProposal>(&[
            ("campaign_id", campaign),
            ("title", title),
            ("description", "Une description."),
            ("cost", cost),
        ])
        .await
}

pub async fn vote(
    citizen: &mut Browser,
    campaign: &str,
    picks: &[&str],
) -> Result<String, AppError> {
    let mut form = vec![("campaign_id", campaign)];
    form.extend(picks.iter().map(|id| ("selection[]", *id)));
    citizen.call::<CastBallot>(&form).await
}

async fn compare(official: &mut Browser, campaign: &str) -> Comparison {
    let json = official
        .call::<CompareRules>(&[("campaign_id", campaign)])
        .await
        .expect("comparison");
    serde_json::from_str(&json).expect("comparison JSON")
}

pub async fn change_phase(
    official: &mut Browser,
    campaign: &str,
    change: &str,
) -> Result<String, AppError> {
    official
        .call::<ChangePhase>(&[
            ("campaign_id", campaign),
            ("change", change),
            ("reason", "Fin de la consultation."),
        ])
        .await
}

#[tokio::test]
async fn a_whole_campaign_from_creation_to_published_results() {
    each_backend!(|app| {
        let mut admin = app.staff(ADMIN).await;
        let mut official = app.staff(OFFICIAL).await;
        let campaign = create_campaign(&mut admin, "1 000").await;
        let mut alice = app.citizen("alice@example.fr").await;
        let mut bob = app.citizen("bob@example.fr").await;
        let mut chloe = app.citizen("chloe@example.fr").await;

        // Proposals while the call is open.
        let bench = submit(&mut alice, &campaign, "Bancs", "600")
            .await
            .expect("submitted");
        let trees = submit(&mut alice, &campaign, "Arbres", "450")
            .await
            .expect("submitted");
        let books = submit(&mut bob, &campaign, "Boîte à livres", "300")
            .await
            .expect("submitted");
        let pool = submit(&mut bob, &campaign, "Piscine", "900 000")
            .await
            .expect("submitted");
        assert_eq!(
            submit(&mut bob, &campaign, " ", "10").await,
            Err(AppError::Input(InputError::Text(
                app::error::Field::Title,
                app::domain::text::TextError::Empty
            )))
        );
        let (_, html) = alice.page(&format!("/campaigns/{campaign}")).await;
        assert!(
            html.contains("Boîte à livres") && html.contains("Votre proposition"),
            "{html}"
        );

        // Review: the official corrects a cost and gives a reason to reject.
        let review = |id: &str, decision: &str, cost: &str, reason: &str| {
            [
                ("proposal_id", id.to_owned()),
                ("decision", decision.into()),
                ("cost", cost.into()),
                ("reason", reason.into()),
            ]
        };
        for (id, decision, cost, reason) in [
            (&bench, "accept", "600", ""),
            (&trees, "accept", "500", ""),
            (&books, "accept", "300", ""),
            (&pool, "reject", "", "Hors budget"),
        ] {
            let form = review(id, decision, cost, reason);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            official
                .call::<ReviewProposal>(&form)
                .await
                .expect("reviewed");
        }
        let form = review(&pool, "reject", "", "  ");
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert!(matches!(
            official.call::<ReviewProposal>(&form).await,
            Err(AppError::Input(InputError::Review(_)))
        ));

        // No voting before it opens; then the official moves the phases on.
        assert_eq!(
            vote(&mut alice, &campaign, &[&bench]).await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        assert_eq!(
            change_phase(&mut official, &campaign, "open_voting").await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        change_phase(&mut official, &campaign, "close_call")
            .await
            .expect("call closed");
        // The rule can change until voting opens, then it is frozen.
        for rule in ["mes-cost", "greedy"] {
            official
                .call::<SetCampaignRule>(&[("campaign_id", &campaign), ("rule", rule)])
                .await
                .expect("rule changed before voting");
        }
        assert_eq!(
            submit(&mut chloe, &campaign, "Trop tard", "10").await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        change_phase(&mut official, &campaign, "open_voting")
            .await
            .expect("voting open");

        // Votes: the budget is enforced, unknown projects refused, a voter may change their mind.
        vote(&mut alice, &campaign, &[&bench, &books])
            .await
            .expect("fits: 900 of 1000");
        vote(&mut bob, &campaign, &[&trees, &books])
            .await
            .expect("fits: 800 of 1000");
        assert!(matches!(
            vote(&mut chloe, &campaign, &[&bench, &trees]).await,
            Err(AppError::Input(InputError::Ballot(
                BallotError::OverBudget { .. }
            )))
        ));
        assert!(matches!(
            vote(&mut chloe, &campaign, &[&pool]).await,
            Err(AppError::Input(InputError::Ballot(
                BallotError::UnknownProject(_)
            )))
        ));
        assert_eq!(
            vote(&mut chloe, &campaign, &[]).await,
            Err(AppError::Input(InputError::Ballot(BallotError::Empty)))
        );
        vote(&mut chloe, &campaign, &[&trees])
            .await
            .expect("first choice");
        // While people vote, officials see no outcome and cannot change the
        // rule: that would let them steer the result.
        assert_eq!(
            official
                .call::<CompareRules>(&[("campaign_id", &campaign)])
                .await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        assert_eq!(
            official
                .call::<SetCampaignRule>(&[("campaign_id", &campaign), ("rule", "mes-cost")])
                .await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        vote(&mut chloe, &campaign, &[&bench])
            .await
            .expect("changed choice");

        // Counting only after voting closes; results private until published.
        assert_eq!(
            official
                .call::<ComputeResults>(&[("campaign_id", &campaign)])
                .await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        assert!(matches!(
            official
                .call::<ChangePhase>(&[("campaign_id", &campaign), ("change", "close_voting")])
                .await,
            Err(AppError::Input(InputError::Text(
                app::error::Field::Reason,
                _
            )))
        ));
        change_phase(&mut official, &campaign, "close_voting")
            .await
            .expect("voting closed");
        assert_eq!(
            vote(&mut bob, &campaign, &[&bench]).await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        // Officials compare rules on the same ballots, the campaign's own first.
        let comparison = compare(&mut official, &campaign).await;
        assert_eq!(comparison.outcomes[0].rule, Rule::GREEDY.into());
        assert!(
            comparison
                .outcomes
                .iter()
                .any(|o| o.rule == Rule::MES_COST.into())
        );
        assert!(comparison.outcomes.iter().all(|o| {
            Rule::parse(&o.rule.name).is_some_and(|rule| rule.applies_to(VoteType::Approval))
        }));
        assert_eq!(comparison.votes, vec![2, 1, 2]);
        assert_eq!(
            alice
                .call::<CompareRules>(&[("campaign_id", &campaign)])
                .await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            official
                .call::<SetCampaignRule>(&[("campaign_id", &campaign), ("rule", "mes-cost")])
                .await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        official
            .call::<ComputeResults>(&[("campaign_id", &campaign)])
            .await
            .expect("computed");
        let mut visitor = app.browser();
        assert_eq!(
            visitor
                .call::<GetResults>(&[("campaign_id", &campaign)])
                .await,
            Err(AppError::NotPublished)
        );
        official
            .call::<PublishResults>(&[("campaign_id", &campaign)])
            .await
            .expect("published");

        // Greedy by votes: bench (2 votes, 600) then books (2 votes, 300)
        // fit; trees (1 vote, 500) no longer fits in the 100 left.
        let results: ResultsView = serde_json::from_str(
            &visitor
                .call::<GetResults>(&[("campaign_id", &campaign)])
                .await
                .expect("public"),
        )
        .expect("results");
        assert!(results.published);
        assert_eq!(results.ballot_count, 3);
        let funded: Vec<(&str, u64, bool)> = results
            .results
            .projects
            .iter()
            .map(|p| (p.title.as_str(), p.votes, p.funded()))
            .collect();
        assert_eq!(
            funded,
            vec![
                ("Bancs", 2, true),
                ("Arbres", 1, false),
                ("Boîte à livres", 2, true)
            ]
        );
        assert_eq!(
            official
                .call::<SetCampaignRule>(&[("campaign_id", &campaign), ("rule", "mes-cost")])
                .await,
            Err(AppError::Phase(PhaseError::WrongPhase))
        );
        let (status, html) = visitor
            .page(&format!("/campaigns/{campaign}/results"))
            .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Non financé") && html.contains("Financé"),
            "{html}"
        );
    });
}

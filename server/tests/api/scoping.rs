//! Staff act for their own municipality only: every staff action, tried by
//! each kind of person on a campaign of [`TOWN`]. Refused attempts change
//! nothing; an official of [`TOWN`] and the platform's administrator succeed.

use app::api::campaigns::GetCampaignPage;
use app::api::manage::{ChangePhase, GetManagePage};
use app::api::proposals::{GetReviewPage, ReviewProposal};
use app::api::results::{
    CompareRules, ComputeResults, GetResults, PublishResults, SetCampaignRule,
};
use app::error::AppError;

use crate::campaign_flow::{create_campaign, submit, vote};
use crate::each_backend;
use crate::helpers::{ADMIN, Browser, OFFICIAL, OTHER_OFFICIAL, TestApp};

/// Every staff action, in an order that walks a campaign to its results.
#[derive(Clone, Copy, Debug)]
enum Action {
    ReviewPage,
    ManagePage,
    SetRule,
    Review,
    CloseCall,
    OpenVoting,
    CloseVoting,
    Compare,
    Compute,
    Preview,
    Publish,
}

const ACTIONS: [Action; 11] = [
    Action::ReviewPage,
    Action::ManagePage,
    Action::SetRule,
    Action::Review,
    Action::CloseCall,
    Action::OpenVoting,
    Action::CloseVoting,
    Action::Compare,
    Action::Compute,
    Action::Preview,
    Action::Publish,
];

async fn perform(
    who: &mut Browser,
    action: Action,
    campaign: &str,
    proposal: &str,
) -> Result<String, AppError> {
    let id = [("campaign_id", campaign)];
    let phase = |change| {
        [
            ("campaign_id", campaign),
            ("change", change),
            ("reason", "Motif."),
        ]
    };
    match action {
        Action::ReviewPage => who.call::<GetReviewPage>(&id).await,
        Action::ManagePage => who.call::<GetManagePage>(&id).await,
        Action::SetRule => {
            who.call::<SetCampaignRule>(&[("campaign_id", campaign), ("rule", "mes-cost")])
                .await
        }
        Action::Review => {
            who.call::<ReviewProposal>(&[
                ("proposal_id", proposal),
                ("decision", "accept"),
                ("cost", "100"),
                ("reason", ""),
            ])
            .await
        }
        Action::CloseCall => who.call::<ChangePhase>(&phase("close_call")).await,
        Action::OpenVoting => who.call::<ChangePhase>(&phase("open_voting")).await,
        Action::CloseVoting => who.call::<ChangePhase>(&phase("close_voting")).await,
        Action::Compare => who.call::<CompareRules>(&id).await,
        Action::Compute => who.call::<ComputeResults>(&id).await,
        Action::Preview => who.call::<GetResults>(&id).await,
        Action::Publish => who.call::<PublishResults>(&id).await,
    }
}

/// What the public and the database show of the campaign.
async fn snapshot(app: &TestApp, campaign: &str) -> (String, usize) {
    use app::server::db::entities::tally_run;
    use sea_orm::EntityTrait;
    let page = app
        .browser()
        .call::<GetCampaignPage>(&[("id", campaign)])
        .await
        .expect("campaign page");
    let runs = tally_run::Entity::find()
        .all(&app.db)
        .await
        .expect("tally runs")
        .len();
    (page, runs)
}

#[tokio::test]
async fn staff_act_for_their_own_municipality_only() {
    each_backend!(|app| {
        let mut admin = app.staff(ADMIN).await;
        let campaign = create_campaign(&mut admin, "5000").await;
        let mut author = app.citizen("auteur@example.fr").await;
        let proposal = submit(&mut author, &campaign, "Bancs", "100")
            .await
            .expect("submitted");
        let mut official = app.staff(OFFICIAL).await;
        let mut refused = [
            ("visitor", app.browser(), AppError::Unauthenticated),
            (
                "citizen",
                app.citizen("curieux@example.fr").await,
                AppError::Forbidden,
            ),
            (
                "other town's official",
                app.staff(OTHER_OFFICIAL).await,
                AppError::Forbidden,
            ),
        ];
        for (step, action) in ACTIONS.into_iter().enumerate() {
            if matches!(action, Action::CloseVoting) {
                vote(&mut author, &campaign, &[&proposal])
                    .await
                    .expect("a ballot to count");
            }
            for (who, browser, error) in &mut refused {
                let before = snapshot(&app, &campaign).await;
                // Unpublished results do not exist for anyone but the staff.
                let expected = match action {
                    Action::Preview => AppError::NotPublished,
                    _ => error.clone(),
                };
                assert_eq!(
                    perform(browser, action, &campaign, &proposal).await,
                    Err(expected),
                    "{who}: {action:?}"
                );
                assert_eq!(snapshot(&app, &campaign).await, before, "{who}: {action:?}");
            }
            // The town's official and the platform's administrator take turns.
            let allowed = if step % 2 == 0 {
                &mut official
            } else {
                &mut admin
            };
            perform(allowed, action, &campaign, &proposal)
                .await
                .unwrap_or_else(|e| panic!("{action:?} refused to allowed staff: {e:?}"));
        }
    });
}

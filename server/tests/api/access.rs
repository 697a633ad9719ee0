//! Every server function checks who is calling.

use app::api::admin::{CreateMunicipality, GetAdminPage};
use app::api::manage::{ChangePhase, GetManagePage};
use app::api::proposals::{GetReviewPage, ReviewProposal, SubmitProposal};
use app::api::results::ComputeResults;
use app::error::AppError;

use crate::campaign_flow::{create_campaign, submit, vote, voting_campaign};
use crate::each_backend;
use crate::helpers::{ADMIN, OFFICIAL};

#[tokio::test]
async fn visitors_must_sign_in_and_citizens_cannot_act_as_staff() {
    each_backend!(|app| {
        let mut admin = app.staff(ADMIN).await;
        let campaign = create_campaign(&mut admin, "5000").await;
        let id = campaign.as_str();
        let mut visitor = app.browser();
        let mut citizen = app.citizen("dominique@example.fr").await;
        let mut official = app.staff(OFFICIAL).await;

        let proposal = [
            ("campaign_id", id),
            ("title", "Bancs"),
            ("description", "Des bancs."),
            ("cost", "100"),
        ];
        assert_eq!(
            visitor.call::<SubmitProposal>(&proposal).await,
            Err(AppError::Unauthenticated)
        );
        assert_eq!(
            visitor.call::<GetAdminPage>(&[]).await,
            Err(AppError::Unauthenticated)
        );
        let proposal_id = citizen
            .call::<SubmitProposal>(&proposal)
            .await
            .expect("citizens propose");

        let review = [
            ("proposal_id", proposal_id.as_str()),
            ("decision", "accept"),
            ("cost", "100"),
            ("reason", ""),
        ];
        for result in [
            citizen.call::<ReviewProposal>(&review).await.map(drop),
            citizen
                .call::<GetReviewPage>(&[("campaign_id", id)])
                .await
                .map(drop),
            citizen
                .call::<GetManagePage>(&[("campaign_id", id)])
                .await
                .map(drop),
            citizen
                .call::<ChangePhase>(&[("campaign_id", id), ("change", "close_call")])
                .await
                .map(drop),
            citizen
                .call::<ComputeResults>(&[("campaign_id", id)])
                .await
                .map(drop),
            citizen.call::<GetAdminPage>(&[]).await.map(drop),
            citizen
                .call::<CreateMunicipality>(&[("name", "X"), ("time_zone", "Europe/Paris")])
                .await
                .map(drop),
            official
                .call::<CreateMunicipality>(&[("name", "X"), ("time_zone", "Europe/Paris")])
                .await
                .map(drop),
        ] {
            assert_eq!(result, Err(AppError::Forbidden));
        }
        // The refusals above changed nothing.
        let (_, html) = visitor.page(&format!("/campaigns/{id}")).await;
        assert!(
            html.contains("En attente d&#x27;étude") || html.contains("En attente d'étude"),
            "{html}"
        );
        official
            .call::<ReviewProposal>(&review)
            .await
            .expect("officials review");
    });
}

#[tokio::test]
async fn the_staff_pages_answer_forbidden_to_citizens_in_html_too() {
    each_backend!(|app| {
        let mut citizen = app.citizen("eve@example.fr").await;
        let (status, html) = citizen.page("/admin").await;
        assert_eq!(status, 403);
        assert!(
            html.contains("Vous n&#x27;avez pas accès") || html.contains("Vous n'avez pas accès"),
            "{html}"
        );
        assert!(!html.contains("Nouvelle campagne"));
    });
}

#[tokio::test]
async fn staff_accounts_neither_vote_nor_propose() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100"]).await;
        for staff in [ADMIN, OFFICIAL] {
            let mut browser = app.staff(staff).await;
            assert_eq!(
                vote(&mut browser, &campaign, &[&projects[0]]).await,
                Err(AppError::Forbidden)
            );
        }
        let stored = app::server::db::ballots::count_ballots(
            &app.db,
            app::domain::ids::CampaignId(campaign.parse().expect("id")),
        )
        .await
        .expect("count");
        assert_eq!(stored, 0);
        let mut admin = app.staff(ADMIN).await;
        let open = create_campaign(&mut admin, "5000").await;
        assert_eq!(
            submit(&mut admin, &open, "Bancs", "100").await,
            Err(AppError::Forbidden)
        );
    });
}

#[tokio::test]
async fn a_page_that_cannot_be_shown_answers_with_the_status_of_its_error() {
    each_backend!(|app| {
        let mut admin = app.staff(ADMIN).await;
        let campaign = create_campaign(&mut admin, "5000").await;
        let mut visitor = app.browser();
        let mut citizen = app.citizen("eve@example.fr").await;

        let (status, html) = visitor.page("/admin").await;
        assert_eq!(status, 401);
        assert!(html.contains("/signin?next=/admin"), "{html}");
        for path in [
            format!("/campaigns/{campaign}/manage"),
            format!("/campaigns/{campaign}/review"),
        ] {
            assert_eq!(visitor.page(&path).await.0, 401, "{path}");
            assert_eq!(citizen.page(&path).await.0, 403, "{path}");
        }
        for path in [
            "/campaigns/987654",
            "/campaigns/987654/vote",
            "/campaigns/987654/results",
            "/campaigns/not-a-number",
        ] {
            assert_eq!(visitor.page(path).await.0, 404, "{path}");
        }
        for path in ["/", "/admin", &format!("/campaigns/{campaign}")] {
            assert_eq!(admin.page(path).await.0, 200, "{path}");
        }
    });
}

//! Failures reach the browser as safe, translated messages.

use app::api::campaigns::ListCampaigns;
use app::error::AppError;
use sea_orm::ConnectionTrait;

use crate::each_backend;

#[tokio::test]
async fn database_errors_do_not_leak_to_the_browser() {
    each_backend!(|app| {
        app.db
            .execute_unprepared("DROP TABLE tally_runs")
            .await
            .expect("drop");
        app.db
            .execute_unprepared("ALTER TABLE campaigns RENAME TO campaigns_gone")
            .await
            .expect("rename");
        let mut browser = app.browser();
        assert_eq!(
            browser.call::<ListCampaigns>(&[]).await,
            Err(AppError::Internal)
        );
        let (status, html) = browser.page("/").await;
        assert_eq!(status, 500);
        assert!(
            html.contains("Une erreur est survenue de notre côté"),
            "{html}"
        );
        assert!(
            !html.contains("campaigns_gone")
                && !html.contains("no such table")
                && !html.contains("does not exist")
        );
    });
}

#[tokio::test]
async fn pages_speak_french_by_default_and_english_on_request() {
    each_backend!(|app| {
        let mut browser = app.browser();
        let (_, html) = browser.page("/").await;
        assert!(html.contains(r#"<html lang="fr""#) && html.contains("Budgets participatifs"));
        let (status, _) = browser.page("/lang/en?back=/").await;
        assert_eq!(status, 303);
        let (_, html) = browser.page("/").await;
        assert!(
            html.contains(r#"<html lang="en""#) && html.contains("Participatory budgets"),
            "{html}"
        );
        let (status, html) = browser.page("/no/such/page").await;
        assert_eq!(status, 404);
        assert!(html.contains("Page not found"));
    });
}

#[tokio::test]
async fn the_language_switch_goes_back_to_this_site_only_and_never_fails() {
    each_backend!(|app| {
        let mut browser = app.browser();
        for (back, expected) in [
            ("/campaigns/1", "/campaigns/1"),
            ("/%09/evil.example", "/"),
            ("/%0A/evil.example", "/"),
            ("/%0A", "/"),
            ("/%0D%0ASet-Cookie:%20x=1", "/"),
            ("//evil.example", "/"),
            ("/%5Cevil.example", "/"),
        ] {
            let response = browser.get(&format!("/lang/en?back={back}")).await;
            assert_eq!(response.status(), 303, "{back}");
            let location = response.headers().get(http::header::LOCATION);
            assert_eq!(
                location.and_then(|l| l.to_str().ok()),
                Some(expected),
                "{back}"
            );
        }
    });
}

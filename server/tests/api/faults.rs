//! When the disk or the mail relay fails, nobody is told something was
//! done that was not.

use std::sync::{Arc, Mutex};

use app::api::session::RequestSignInCode;
use app::domain::ids::CampaignId;
use app::error::AppError;
use app::server::config::MailTransport;
use app::server::db::ballots;
use app::server::mail::Mailer;
use sea_orm::{ConnectionTrait, DbBackend};

use crate::campaign_flow::{vote, voting_campaign};
use crate::each_backend;
use crate::helpers::{TestApp, backends};

/// Makes every ballot write fail as a full disk or an I/O error would.
async fn break_ballot_writes(app: &TestApp) {
    let statements: &[&str] = match app.db.get_database_backend() {
        DbBackend::Sqlite => &["CREATE TRIGGER disk_full BEFORE INSERT ON ballot_choices \
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"],
        _ => &[
            "CREATE FUNCTION disk_full() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END \
             $$ LANGUAGE plpgsql",
            "CREATE TRIGGER disk_full BEFORE INSERT ON ballot_choices \
             FOR EACH ROW EXECUTE FUNCTION disk_full()",
        ],
    };
    for statement in statements {
        app.db
            .execute_unprepared(statement)
            .await
            .expect("break the disk");
    }
}

#[tokio::test]
async fn a_failing_write_never_answers_cast() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100", "200"]).await;
        let mut first = app.citizen("premiere@example.fr").await;
        vote(&mut first, &campaign, &[&projects[0]])
            .await
            .expect("stored before the failure");
        break_ballot_writes(&app).await;
        let mut second = app.citizen("seconde@example.fr").await;
        assert_eq!(
            vote(&mut second, &campaign, &[&projects[1]]).await,
            Err(AppError::Internal)
        );
        assert_eq!(
            vote(&mut first, &campaign, &[&projects[1]]).await,
            Err(AppError::Internal)
        );
        let id = CampaignId(campaign.parse().expect("id"));
        assert_eq!(ballots::count_ballots(&app.db, id).await.expect("count"), 1);
        let kept = ballots::list_choices(&app.db, id).await.expect("choices");
        assert_eq!(
            kept,
            vec![vec![app::domain::ids::ProposalId(
                projects[0].parse().expect("id")
            )]],
            "the earlier ballot is whole, not half replaced"
        );
    });
}

#[tokio::test]
async fn a_mail_relay_that_is_down_gets_a_clear_answer() {
    for backend in backends() {
        // Nothing listens on port 9 (discard) here: the connection is refused.
        let relay = MailTransport::Smtp("smtp://127.0.0.1:9".into());
        let mailer = Mailer::from_config(&relay, "Essaim <no-reply@essaim.test>").expect("mailer");
        let app =
            TestApp::spawn_with(&backend, mailer, Arc::new(Mutex::new(Vec::new())), |_| ()).await;
        let mut browser = app.browser();
        assert_eq!(
            browser
                .call::<RequestSignInCode>(&[("email", "patiente@example.fr"), ("next", "/")])
                .await,
            Err(AppError::MailUnavailable)
        );
        let (status, location) = browser
            .post_form::<RequestSignInCode>(
                &[("email", "patiente@example.fr"), ("next", "/")],
                "http://essaim.test/signin",
            )
            .await;
        assert_eq!(status, 302, "without JavaScript: back to the form");
        assert!(location.contains("__err="), "{location}");
        app.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn past_its_limit_the_server_answers_busy_at_once() {
    use crate::helpers::ADMIN;
    use app::api::session::SignInWithPassword;
    use app::server::mail::Mailer;
    for backend in backends() {
        let (mailer, mail) = Mailer::recorder();
        let app =
            TestApp::spawn_with(&backend, mailer, mail, |config| config.max_in_flight = 2).await;
        // Password checks take a while each: twenty at once overflow two slots.
        let answers = crate::races::all_at_once((0..20).map(|i| {
            let mut browser = app.browser();
            async move {
                browser
                    .call::<SignInWithPassword>(&[
                        ("email", &format!("personne{i}@example.fr")),
                        ("password", "not the password!"),
                        ("next", "/"),
                    ])
                    .await
            }
        }))
        .await;
        let counts = crate::races::outcomes(&answers);
        assert!(
            counts.get("Busy").is_some_and(|busy| *busy > 0),
            "{counts:?}"
        );
        let wrong = counts.get("WrongCredentials").copied().unwrap_or(0);
        assert_eq!(
            counts.get("Busy").copied().unwrap_or(0) + wrong,
            20,
            "{counts:?}"
        );
        // Once the crowd is gone, requests go through again.
        app.staff(ADMIN).await;
        app.finish().await;
    }
}

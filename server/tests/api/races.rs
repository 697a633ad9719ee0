//! Write paths that many people hit at once: every one ends as if the
//! requests had come one after the other, with no 5xx.

use std::collections::BTreeMap;
use std::future::Future;

use app::api::results::{ComputeResults, GetResults, PublishResults, ResultsView};
use app::api::session::{RequestSignInCode, SignInWithPassword, VerifySignInCode};
use app::domain::ids::CampaignId;
use app::error::AppError;
use app::server::db::{ballots, campaigns};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::campaign_flow::{change_phase, vote, voting_campaign};
use crate::each_backend;
use crate::helpers::{ADMIN, Browser, OFFICIAL, TestApp};

/// Runs every future at once on the test's runtime and collects the answers.
pub async fn all_at_once<T: Send + 'static>(
    futures: impl IntoIterator<Item = impl Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut answers = Vec::with_capacity(handles.len());
    for handle in handles {
        answers.push(handle.await.expect("request task"));
    }
    answers
}

/// How many answers had each outcome: `Ok` for a success, else the error.
pub fn outcomes(answers: &[Result<String, AppError>]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for answer in answers {
        let outcome = match answer {
            Ok(_) => "Ok".to_owned(),
            Err(error) => format!("{error:?}"),
        };
        *counts.entry(outcome).or_default() += 1;
    }
    counts
}

/// The expected outcome counts, for comparing with [`outcomes`].
pub fn expected(counts: &[(&str, usize)]) -> BTreeMap<String, usize> {
    counts.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

fn campaign_id(raw: &str) -> CampaignId {
    CampaignId(raw.parse().expect("campaign id"))
}

async fn citizens(app: &TestApp, count: usize) -> Vec<Browser> {
    let mut signed_in = Vec::with_capacity(count);
    for i in 0..count {
        signed_in.push(app.citizen(&format!("votant{i}@example.fr")).await);
    }
    signed_in
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_voters_at_once_give_two_hundred_ballots() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100", "200"]).await;
        let voters = citizens(&app, 200).await;
        let answers = all_at_once(voters.into_iter().enumerate().map(|(i, mut voter)| {
            let (campaign, pick) = (campaign.clone(), projects[i % 2].clone());
            async move { vote(&mut voter, &campaign, &[&pick]).await }
        }))
        .await;
        let failures: Vec<_> = answers.iter().filter(|a| a.is_err()).collect();
        assert!(failures.is_empty(), "{failures:?}");
        let stored = ballots::count_ballots(&app.db, campaign_id(&campaign))
            .await
            .expect("count");
        assert_eq!(stored, 200);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_voter_sending_the_form_two_hundred_times_has_one_ballot() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100", "200", "300"]).await;
        let voter = app.citizen("impatient@example.fr").await;
        let answers = all_at_once((0..200).map(|i| {
            let (mut voter, campaign) = (voter.clone(), campaign.clone());
            let pick = projects[i % 3].clone();
            async move { vote(&mut voter, &campaign, &[&pick]).await }
        }))
        .await;
        let failures: Vec<_> = answers.iter().filter(|a| a.is_err()).collect();
        assert!(failures.is_empty(), "{failures:?}");
        let id = campaign_id(&campaign);
        assert_eq!(ballots::count_ballots(&app.db, id).await.expect("count"), 1);
        assert_eq!(
            ballots::list_choices(&app.db, id).await.expect("choices")[0].len(),
            1,
            "one of the ballots sent, whole"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_ballot_slips_in_while_voting_closes_and_results_are_published() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100", "200"]).await;
        let voters = citizens(&app, 60).await;
        let mut official = app.staff(OFFICIAL).await;
        let casting = all_at_once(voters.into_iter().enumerate().map(|(i, mut voter)| {
            let (campaign, pick) = (campaign.clone(), projects[i % 2].clone());
            async move { vote(&mut voter, &campaign, &[&pick]).await }
        }));
        let closing = async {
            change_phase(&mut official, &campaign, "close_voting")
                .await
                .expect("closed");
            official
                .call::<ComputeResults>(&[("campaign_id", campaign.as_str())])
                .await
                .expect("computed");
            official
                .call::<PublishResults>(&[("campaign_id", campaign.as_str())])
                .await
        };
        let (answers, published) = tokio::join!(casting, closing);
        // Publication may find ballots that came in after the count: the
        // official counts again, then it goes through.
        if published == Err(AppError::ResultsOutdated) {
            official
                .call::<ComputeResults>(&[("campaign_id", campaign.as_str())])
                .await
                .expect("computed again");
            official
                .call::<PublishResults>(&[("campaign_id", campaign.as_str())])
                .await
                .expect("published");
        } else {
            published.expect("published");
        }
        for answer in &answers {
            assert!(
                matches!(answer, Ok(_) | Err(AppError::Phase(_))),
                "{answer:?}"
            );
        }
        let accepted = answers.iter().filter(|a| a.is_ok()).count() as u64;
        let id = campaign_id(&campaign);
        assert_eq!(
            ballots::count_ballots(&app.db, id).await.expect("count"),
            accepted
        );
        // The published count is exactly the ballots stored now.
        let results: ResultsView = serde_json::from_str(
            &app.browser()
                .call::<GetResults>(&[("campaign_id", campaign.as_str())])
                .await
                .expect("published results"),
        )
        .expect("results JSON");
        assert_eq!(results.ballot_count, accepted);
        let stored = campaigns::find_campaign(&app.db, id)
            .await
            .expect("campaign")
            .expect("exists");
        let input = app::server::tally::load_input(&app.db, &stored)
            .await
            .expect("input");
        assert_eq!(results.input_digest, input.digest);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_wrong_codes_count_five_attempts_and_kill_the_code() {
    use app::server::db::entities::login_code;
    each_backend!(|app| {
        let email = "devine@example.fr";
        let mut browser = app.browser();
        browser
            .call::<RequestSignInCode>(&[("email", email), ("next", "/")])
            .await
            .expect("sent");
        let code = browser.last_code_for(email);
        let wrong = format!(
            "{:06}",
            (code.parse::<u32>().expect("digits") + 1) % 1_000_000
        );
        let answers = all_at_once((0..50).map(|_| {
            let (mut guesser, wrong) = (app.browser(), wrong.clone());
            async move {
                guesser
                    .call::<VerifySignInCode>(&[("email", email), ("code", &wrong), ("next", "/")])
                    .await
            }
        }))
        .await;
        assert_eq!(
            outcomes(&answers),
            expected(&[("WrongCode", 5), ("TooManyAttempts", 45)])
        );
        let row = login_code::Entity::find()
            .filter(login_code::Column::Email.eq(email))
            .one(&app.db)
            .await
            .expect("query")
            .expect("the code");
        assert_eq!(row.attempts, 5);
        assert_eq!(
            app.browser()
                .call::<VerifySignInCode>(&[("email", email), ("code", &code), ("next", "/")])
                .await,
            Err(AppError::TooManyAttempts),
            "the code is dead"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_code_requests_send_five_codes() {
    each_backend!(|app| {
        let email = "presse@example.fr";
        let answers = all_at_once((0..30).map(|_| {
            let mut browser = app.browser();
            async move {
                browser
                    .call::<RequestSignInCode>(&[("email", email), ("next", "/")])
                    .await
            }
        }))
        .await;
        assert_eq!(
            outcomes(&answers),
            expected(&[("Ok", 5), ("TooManyAttempts", 25)])
        );
        let sent = app
            .mail
            .lock()
            .expect("mail")
            .iter()
            .filter(|m| m.to == email)
            .count();
        assert_eq!(sent, 5);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_password_guesses_try_ten_then_lock() {
    each_backend!(|app| {
        let answers = all_at_once((0..30).map(|_| {
            let mut browser = app.browser();
            async move {
                browser
                    .call::<SignInWithPassword>(&[
                        ("email", ADMIN.0),
                        ("password", "not the password!"),
                        ("next", "/"),
                    ])
                    .await
            }
        }))
        .await;
        assert_eq!(
            outcomes(&answers),
            expected(&[("WrongCredentials", 10), ("TooManyAttempts", 20)])
        );
        assert_eq!(
            app.browser()
                .call::<SignInWithPassword>(&[
                    ("email", ADMIN.0),
                    ("password", ADMIN.1),
                    ("next", "/")
                ])
                .await,
            Err(AppError::TooManyAttempts)
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn publishing_twice_at_once_publishes_once() {
    each_backend!(|app| {
        let (campaign, projects) = voting_campaign(&app, &["100"]).await;
        let mut voter = app.citizen("seule@example.fr").await;
        vote(&mut voter, &campaign, &[&projects[0]])
            .await
            .expect("voted");
        let mut official = app.staff(OFFICIAL).await;
        change_phase(&mut official, &campaign, "close_voting")
            .await
            .expect("closed");
        official
            .call::<ComputeResults>(&[("campaign_id", campaign.as_str())])
            .await
            .expect("computed");
        let answers = all_at_once((0..10).map(|_| {
            let (mut official, campaign) = (official.clone(), campaign.clone());
            async move {
                official
                    .call::<PublishResults>(&[("campaign_id", campaign.as_str())])
                    .await
            }
        }))
        .await;
        assert_eq!(
            outcomes(&answers),
            expected(&[("Ok", 1), ("Phase(WrongPhase)", 9)])
        );
        let published = app::server::db::entities::tally_run::Entity::find()
            .filter(app::server::db::entities::tally_run::Column::PublishedAt.is_not_null())
            .all(&app.db)
            .await
            .expect("runs");
        assert_eq!(published.len(), 1);
    });
}

#[tokio::test]
async fn one_client_cannot_spray_codes_over_many_addresses() {
    use app::server::auth::limits::CODES_PER_CLIENT;
    each_backend!(|app| {
        let mut sprayer = app.browser();
        for i in 0..CODES_PER_CLIENT {
            sprayer
                .call::<RequestSignInCode>(&[
                    ("email", &format!("cible{i}@example.fr")),
                    ("next", "/"),
                ])
                .await
                .expect("within the client's limit");
        }
        assert_eq!(
            sprayer
                .call::<RequestSignInCode>(&[("email", "une-de-plus@example.fr"), ("next", "/")])
                .await,
            Err(AppError::TooManyAttempts)
        );
        // Another client is not held back by it.
        app.browser()
            .call::<RequestSignInCode>(&[("email", "une-de-plus@example.fr"), ("next", "/")])
            .await
            .expect("another client");
    });
}

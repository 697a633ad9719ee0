//! No input may fail a request on the server's side: random form fields
//! (control characters, huge and negative numbers, any Unicode, nothing at
//! all) for every server function, through the real router, as a visitor,
//! a citizen and an administrator. A refusal is fine (4xx, with its
//! `AppError`); a 5xx or a panic is a bug.

use std::cell::RefCell;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::api::{admin, ballots, campaigns, manage, proposals, results, session};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};

use crate::campaign_flow::create_campaign;
use crate::helpers::{ADMIN, Browser, TestApp, backends, body_text};

/// Random requests per database (a few seconds on SQLite).
const CASES: u32 = 256;

/// A server function: its path and its form fields (`selection[]` repeats).
struct Endpoint {
    path: &'static str,
    fields: &'static [&'static str],
}

macro_rules! endpoints {
    ($($fn:ty => [$($field:literal),*]),* $(,)?) => {
        &[$(Endpoint { path: <$fn as ServerFn>::PATH, fields: &[$($field),*] }),*]
    };
}

/// Every server function of `app/src/api/` but `SignOut` (no fields; it
/// would end the session the next cases need).
const ENDPOINTS: &[Endpoint] = endpoints![
    admin::GetAdminPage => [],
    admin::CreateMunicipality => ["name", "time_zone"],
    admin::CreateCampaign => [
        "campaign[municipality_id]", "campaign[title]", "campaign[description]",
        "campaign[budget]", "campaign[proposals_close_at]", "campaign[voting_opens_at]",
        "campaign[voting_closes_at]", "campaign[rule]"
    ],
    ballots::GetBallotPage => ["campaign_id"],
    ballots::CastBallot => ["campaign_id", "selection[]"],
    campaigns::ListCampaigns => [],
    campaigns::GetCampaignPage => ["id"],
    manage::GetManagePage => ["campaign_id"],
    manage::ChangePhase => ["campaign_id", "change"],
    proposals::SubmitProposal => ["campaign_id", "title", "description", "cost"],
    proposals::GetReviewPage => ["campaign_id"],
    proposals::ReviewProposal => ["proposal_id", "decision", "cost", "reason"],
    results::GetResults => ["campaign_id"],
    results::ComputeResults => ["campaign_id"],
    results::PublishResults => ["campaign_id"],
    results::CompareRules => ["campaign_id"],
    results::SetCampaignRule => ["campaign_id", "rule"],
    session::GetViewer => [],
    session::RequestSignInCode => ["email", "next"],
    session::VerifySignInCode => ["email", "code", "next"],
    session::SignInWithPassword => ["email", "password", "next"],
];

const MOST_FIELDS: usize = 8;

/// Words the server knows, so that random cases get past the first check.
const KNOWN: &[&str] = &[
    "1", "2", "0", "-1", "accept", "reject", "greedy", "mes-cost", "phragmen",
    "Europe/Paris", "Pacific/Kiritimati", "close_call", "open_voting", "close_voting",
    "2027-01-01T10:00", "9999-12-31T23:59", "0000-01-01T00:00", "2027-02-30T25:61",
    "/", "//evil.example", "/\t/evil.example", "/\n", "a@b.fr", "admin@test.example",
    "1 000", "1,50", "0,001", "99999999999999999999", "-0", "1e308", "NaN",
];

/// One field's value: anything a person or a script could send.
fn value(ids: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x20\\x7f\u{85}\u{2028}\u{feff}]{0,4}",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u128>().prop_map(|n| n.to_string()),
        "-?[0-9 ]{1,30}([.,][0-9]{0,6})?",
        ".{200,2000}",
        Just(String::new()),
        select(ids),
        select(KNOWN).prop_map(str::to_owned),
    ]
}

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics on every thread (a spawned task's panic does not reach
/// the test otherwise).
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

#[test]
fn no_form_field_makes_a_server_function_fail() {
    count_panics();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for backend in backends() {
        let app = runtime.block_on(TestApp::spawn(&backend));
        let (browsers, ids) = runtime.block_on(cast(&app));
        let browsers = RefCell::new(browsers);
        let panics_before = PANICS.load(Ordering::SeqCst);
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        });
        let case = (
            0..3usize,
            0..ENDPOINTS.len(),
            vec(weighted(0.9, value(ids.clone())), MOST_FIELDS),
            vec(value(ids), 0..4),
            any::<bool>(),
        );
        let outcome = runner.run(&case, |(who, endpoint, values, selection, html)| {
            let endpoint = &ENDPOINTS[endpoint];
            let mut form: Vec<(&str, &str)> = Vec::new();
            for (field, value) in endpoint.fields.iter().zip(&values) {
                if *field == "selection[]" {
                    form.extend(selection.iter().map(|pick| (*field, pick.as_str())));
                } else if let Some(value) = value {
                    form.push((field, value));
                }
            }
            let mut browsers = browsers.borrow_mut();
            let (status, body) = runtime.block_on(send(&mut browsers[who], endpoint, &form, html));
            let what = format!("{} as {} with {form:?}", endpoint.path, ["visitor", "citizen", "admin"][who]);
            prop_assert!(!status.is_server_error(), "{what}: {status} {body}");
            if !html && !status.is_success() {
                let error: Result<AppError, _> = serde_json::from_str(&body);
                prop_assert!(
                    error.as_ref().is_ok_and(|e| e.status_code() == status.as_u16()),
                    "{what}: {status} {body}"
                );
            }
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{backend:?}: {failure}");
        }
        assert_eq!(
            PANICS.load(Ordering::SeqCst),
            panics_before,
            "{backend:?}: a request panicked (see above)"
        );
        runtime.block_on(app.finish());
    }
}

/// The people who send the requests, and the ids worth aiming at: a
/// campaign open for proposals with one proposal, its municipality.
async fn cast(app: &TestApp) -> (Vec<Browser>, Vec<String>) {
    let mut admin = app.staff(ADMIN).await;
    let campaign = create_campaign(&mut admin, "10 000").await;
    let mut citizen = app.citizen("fuzz@example.fr").await;
    let proposal = citizen
        .call::<proposals::SubmitProposal>(&[
            ("campaign_id", &campaign),
            ("title", "Bancs"),
            ("description", "Des bancs."),
            ("cost", "100"),
        ])
        .await
        .expect("proposal");
    (
        vec![app.browser(), citizen, admin],
        vec![campaign, proposal, "1".into(), i64::MAX.to_string()],
    )
}

/// Posts `form` as the page's script does (JSON) or as a form without
/// JavaScript (HTML, redirected back).
async fn send(
    browser: &mut Browser,
    endpoint: &Endpoint,
    form: &[(&str, &str)],
    html: bool,
) -> (http::StatusCode, String) {
    let response = if html {
        browser
            .post_to(
                endpoint.path,
                form,
                "text/html,application/xhtml+xml",
                &[("referer", "http://essaim.test/campaigns/1")],
            )
            .await
    } else {
        browser
            .post_to(endpoint.path, form, "application/json", &[])
            .await
    };
    let status = response.status();
    (status, body_text(response).await)
}

//! No input may fail a request on the server's side: random form fields
//! (control characters, huge and negative numbers, any Unicode, nothing at
//! all) for every server function, through the real router, as a visitor,
//! a citizen and an administrator. A refusal is fine (4xx, with its
//! `AppError`); a 5xx or a panic is a bug.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Once;

use app::api::{admin, ballots, campaigns, manage, proposals, results, session};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::campaign_flow::create_campaign;
use crate::helpers::{ADMIN, Browser, TestApp, backends, body_text};

/// Random requests per server function and database (with the sweep of
/// nasty values: about 6 s on SQLite, 9 s more on PostgreSQL).
const CASES: u32 = 64;

/// A server function: its path and its form fields, each with a value it
/// accepts (`{campaign}` open for proposals and its `{proposal}`,
/// `{voting}` open for voting and its `{on_ballot}` project,
/// `{municipality}`, and the dates `{close}`, `{open}`, `{end}` are filled
/// in at run time), so that a case
/// that garbles only some fields reaches the code behind the first checks.
struct Endpoint {
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    /// Sent by a browser of its own (signing in would change who the
    /// shared browsers are).
    session: bool,
}

macro_rules! endpoints {
    (@session) => { false };
    (@session session) => { true };
    ($($fn:ty $(as $session:ident)? => [$($field:literal = $valid:literal),*]),* $(,)?) => {
        &[$(Endpoint {
            path: <$fn as ServerFn>::PATH,
            fields: &[$(($field, $valid)),*],
            session: endpoints!(@session $($session)?),
        }),*]
    };
}

/// Every server function of `app/src/api/` but `SignOut` (no fields; it
/// would end the sessions the next cases need), those that move the
/// campaign on last.
const ENDPOINTS: &[Endpoint] = endpoints![
    session::GetViewer => [],
    session::RequestSignInCode as session => ["email" = "fuzz@example.fr", "next" = "/"],
    session::VerifySignInCode as session => [
        "email" = "fuzz@example.fr",
        "code" = "000000",
        "next" = "/"
    ],
    // `next` first: the sweep garbles it while the password still opens
    // the account (wrong passwords lock it for a quarter of an hour).
    session::SignInWithPassword as session => [
        "next" = "/",
        "email" = "admin@test.example",
        "password" = "admin password 1234"
    ],
    campaigns::ListCampaigns => [],
    campaigns::GetCampaignPage => ["id" = "{campaign}"],
    admin::GetAdminPage => [],
    admin::CreateMunicipality => ["name" = "Autreville", "time_zone" = "Europe/Paris"],
    admin::CreateCampaign => [
        "campaign[municipality_id]" = "{municipality}",
        "campaign[title]" = "Budget 2028",
        "campaign[description]" = "Des projets.",
        "campaign[budget]" = "20 000",
        "campaign[proposals_close_at]" = "{close}",
        "campaign[voting_opens_at]" = "{open}",
        "campaign[voting_closes_at]" = "{end}",
        "campaign[rule]" = "greedy"
    ],
    proposals::SubmitProposal => [
        "campaign_id" = "{campaign}",
        "title" = "Arbres",
        "description" = "Des arbres.",
        "cost" = "450"
    ],
    proposals::GetReviewPage => ["campaign_id" = "{campaign}"],
    proposals::ReviewProposal => [
        "proposal_id" = "{proposal}",
        "decision" = "accept",
        "cost" = "100",
        "reason" = ""
    ],
    ballots::GetBallotPage => ["campaign_id" = "{campaign}"],
    ballots::CastBallot => ["campaign_id" = "{voting}", "selection[]" = "{on_ballot}"],
    manage::GetManagePage => ["campaign_id" = "{campaign}"],
    results::GetResults => ["campaign_id" = "{campaign}"],
    results::CompareRules => ["campaign_id" = "{campaign}"],
    results::SetCampaignRule => ["campaign_id" = "{campaign}", "rule" = "mes-cost"],
    manage::ChangePhase => ["campaign_id" = "{voting}", "change" = "close_voting"],
    results::ComputeResults => ["campaign_id" = "{voting}"],
    results::PublishResults => ["campaign_id" = "{voting}"],
];

/// Words the server knows, so that random cases get past the first check.
const KNOWN: &[&str] = &[
    "1",
    "2",
    "0",
    "-1",
    "accept",
    "reject",
    "greedy",
    "mes-cost",
    "phragmen",
    "Europe/Paris",
    "Pacific/Kiritimati",
    "close_call",
    "open_voting",
    "close_voting",
    "2027-01-01T10:00",
    "9999-12-31T23:59",
    "0000-01-01T00:00",
    "2027-02-30T25:61",
    "/",
    "//evil.example",
    "/\t/evil.example",
    "/\n",
    "a@b.fr",
    "admin@test.example",
    "1 000",
    "1,50",
    "0,001",
    "99999999999999999999",
    "-0",
    "1e308",
    "NaN",
];

/// One field's value: anything a person or a script could send.
fn value(ids: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => "[\\x00-\\x20\\x7f\u{85}\u{2028}\u{feff}]{0,4}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<u128>().prop_map(|n| n.to_string()),
        1 => "-?[0-9 ]{1,30}([.,][0-9]{0,6})?",
        1 => ".{200,2000}",
        2 => "/[\\x00-\\x7f]{0,6}",
        1 => Just(String::new()),
        2 => select(ids),
        2 => select(KNOWN).prop_map(str::to_owned),
    ]
}

/// What a case does to one field.
#[derive(Clone, Debug)]
enum Field {
    /// Sends the value the function accepts.
    Valid,
    /// Leaves the field out.
    Missing,
    /// Sends this instead.
    Random(String),
    /// Sends the valid value with this after it.
    Appended(String),
}

/// A few characters that text fields and databases treat specially: NUL
/// (PostgreSQL refuses it), line breaks, DEL, Unicode separators.
fn awkward() -> impl Strategy<Value = String> {
    "[\\x00\t\n\r\x7f\u{85}\u{2028}\u{feff}]{1,2}"
}

/// A field of a case that may garble any of them: mostly left valid.
fn field(ids: Vec<String>) -> impl Strategy<Value = Field> {
    prop_oneof![
        6 => Just(Field::Valid),
        1 => Just(Field::Missing),
        3 => value(ids).prop_map(Field::Random),
        1 => awkward().prop_map(Field::Appended),
    ]
}

thread_local! {
    static PANICS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Panics so far on this thread, where the test's runtime runs every
/// request (a panic in a spawned task does not reach the test otherwise).
fn panics_here() -> usize {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|count| count.set(count.get() + 1));
            previous(info);
        }));
    });
    PANICS.with(std::cell::Cell::get)
}

#[test]
fn no_form_field_makes_a_server_function_fail() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for backend in backends() {
        let app = runtime.block_on(TestApp::spawn(&backend));
        let (browsers, valid) = runtime.block_on(cast(&app));
        let browsers = RefCell::new(browsers);
        let ids: Vec<String> = [
            "{campaign}",
            "{proposal}",
            "{voting}",
            "{on_ballot}",
            "{municipality}",
        ]
        .iter()
        .map(|key| valid[key].clone())
        .chain([i64::MAX.to_string()])
        .collect();
        let panics_before = panics_here();
        for endpoint in ENDPOINTS {
            let target = Target {
                runtime: &runtime,
                app: &app,
                browsers: &browsers,
                valid: &valid,
                endpoint,
            };
            sweep(&target).unwrap_or_else(|failure| panic!("{backend:?}: {failure}"));
            fuzz(&target, &ids).unwrap_or_else(|failure| panic!("{backend:?}: {failure}"));
        }
        assert_eq!(
            panics_here(),
            panics_before,
            "{backend:?}: a request panicked (see above)"
        );
        runtime.block_on(app.finish());
    }
}

/// What the requests go to, and who sends them.
struct Target<'a> {
    runtime: &'a tokio::runtime::Runtime,
    app: &'a TestApp,
    browsers: &'a RefCell<Vec<Browser>>,
    valid: &'a HashMap<&'static str, String>,
    endpoint: &'a Endpoint,
}

impl Target<'_> {
    /// The form: each field valid, left out, replaced or lengthened as
    /// `fields` says (`picks` are extra `selection[]` values).
    fn form(&self, fields: &[Field], picks: &[String]) -> Vec<(&'static str, String)> {
        let mut form = Vec::new();
        for (&(name, valid), field) in self.endpoint.fields.iter().zip(fields) {
            let valid = self
                .valid
                .get(valid)
                .cloned()
                .unwrap_or_else(|| valid.to_owned());
            match field {
                Field::Valid => form.push((name, valid)),
                Field::Missing => {}
                Field::Random(value) => form.push((name, value.clone())),
                Field::Appended(tail) => form.push((name, valid + tail)),
            }
            if name == "selection[]" {
                form.extend(picks.iter().map(|pick| (name, pick.clone())));
            }
        }
        form
    }

    /// Sends `form` as `who` (the session functions from a new browser)
    /// and checks the answer: no 5xx, and a refusal is an [`AppError`]
    /// with its own status.
    fn check(&self, who: usize, form: &[(&str, String)], html: bool) -> Result<(), String> {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let who = if self.endpoint.session { 0 } else { who };
        let mut browsers = self.browsers.borrow_mut();
        if self.endpoint.session {
            browsers[0] = self.app.browser();
        }
        let (status, body) =
            self.runtime
                .block_on(send(&mut browsers[who], self.endpoint, &form, html));
        let what = format!(
            "{} as {} with {form:?}",
            self.endpoint.path,
            ["visitor", "citizen", "admin"][who]
        );
        if status.is_server_error() {
            return Err(format!("{what}: {status} {body}"));
        }
        if !html && !status.is_success() {
            let error: Result<AppError, _> = serde_json::from_str(&body);
            if !error.is_ok_and(|e| e.status_code() == status.as_u16()) {
                return Err(format!("{what}: {status} {body}"));
            }
        }
        Ok(())
    }
}

/// Values that broke web applications before: sent in each field in turn,
/// the other fields valid, as the administrator (who gets past every
/// permission check).
const NASTY: &[Nasty] = &[
    Nasty::Is(""),
    Nasty::Is("\0"),
    Nasty::After("\0"),
    Nasty::After("\n"),
    Nasty::After("\r\n"),
    Nasty::Is("\t"),
    Nasty::Is("/\t/evil.example"),
    Nasty::Is("/\n"),
    Nasty::Is("-1"),
    Nasty::Is("-9223372036854775808"),
    Nasty::Is("9223372036854775807"),
    Nasty::Is("99999999999999999999999"),
    Nasty::Is("1e308"),
    Nasty::Is("NaN"),
    Nasty::Is("\u{202e}ﬀ€🙂\u{feff}"),
    Nasty::Long,
];

enum Nasty {
    Is(&'static str),
    After(&'static str),
    Long,
}

/// Every [`NASTY`] value in every field of the endpoint, once.
fn sweep(target: &Target) -> Result<(), String> {
    let width = target.endpoint.fields.len();
    for garbled in 0..width {
        for nasty in NASTY {
            let change = match nasty {
                Nasty::Is(value) => Field::Random((*value).to_owned()),
                Nasty::After(tail) => Field::Appended((*tail).to_owned()),
                Nasty::Long => Field::Random("9".repeat(20_000)),
            };
            let fields: Vec<Field> = (0..width)
                .map(|n| {
                    if n == garbled {
                        change.clone()
                    } else {
                        Field::Valid
                    }
                })
                .collect();
            target.check(2, &target.form(&fields, &[]), false)?;
        }
    }
    Ok(())
}

/// Sends [`CASES`] random forms to the endpoint: each case garbles either
/// one field (the others valid, to get deep) or any of them.
fn fuzz(target: &Target, ids: &[String]) -> Result<(), String> {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let width = target.endpoint.fields.len().max(1);
    let case = (
        0..3usize,
        prop_oneof![
            (
                0..width,
                prop_oneof![
                    2 => value(ids.to_vec()).prop_map(Field::Random),
                    1 => awkward().prop_map(Field::Appended),
                ]
            )
                .prop_map(move |(garbled, change)| {
                    (0..width)
                        .map(|n| {
                            if n == garbled {
                                change.clone()
                            } else {
                                Field::Valid
                            }
                        })
                        .collect::<Vec<_>>()
                }),
            vec(field(ids.to_vec()), width),
        ],
        vec(value(ids.to_vec()), 0..4),
        any::<bool>(),
    );
    runner
        .run(&case, |(who, fields, picks, html)| {
            let form = target.form(&fields, &picks);
            target.check(who, &form, html).map_err(TestCaseError::fail)
        })
        .map_err(|failure| failure.to_string())
}

/// The people who send the requests (a visitor, a citizen, an
/// administrator), and the values to fill in: a campaign open for
/// proposals with one proposal, another open for voting with one project,
/// their municipality, valid dates.
async fn cast(app: &TestApp) -> (Vec<Browser>, HashMap<&'static str, String>) {
    let mut admin = app.staff(ADMIN).await;
    let campaign = create_campaign(&mut admin, "10 000").await;
    let local = |days| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (close, open, end) = (local(2), local(3), local(10));
    let voting = admin
        .call::<admin::CreateCampaign>(&[
            ("campaign[municipality_id]", "1"),
            ("campaign[title]", "Budget 2029"),
            ("campaign[description]", "Des projets."),
            ("campaign[budget]", "10 000"),
            ("campaign[proposals_close_at]", &close),
            ("campaign[voting_opens_at]", &open),
            ("campaign[voting_closes_at]", &end),
            ("campaign[rule]", "greedy"),
        ])
        .await
        .expect("second campaign");
    let mut citizen = app.citizen("fuzz@example.fr").await;
    let mut propose = async |campaign: &str| {
        citizen
            .call::<proposals::SubmitProposal>(&[
                ("campaign_id", campaign),
                ("title", "Bancs"),
                ("description", "Des bancs."),
                ("cost", "100"),
            ])
            .await
            .expect("proposal")
    };
    let proposal = propose(&campaign).await;
    let on_ballot = propose(&voting).await;
    admin
        .call::<proposals::ReviewProposal>(&[
            ("proposal_id", &on_ballot),
            ("decision", "accept"),
            ("cost", "100"),
            ("reason", ""),
        ])
        .await
        .expect("accepted");
    for change in ["close_call", "open_voting"] {
        admin
            .call::<manage::ChangePhase>(&[("campaign_id", &voting), ("change", change)])
            .await
            .expect("phase changed");
    }
    let valid = HashMap::from([
        ("{campaign}", campaign),
        ("{proposal}", proposal),
        ("{voting}", voting),
        ("{on_ballot}", on_ballot),
        ("{municipality}", "1".to_owned()),
        ("{close}", close),
        ("{open}", open),
        ("{end}", end),
    ]);
    (vec![app.browser(), citizen, admin], valid)
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

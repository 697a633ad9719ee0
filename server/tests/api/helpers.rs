//! A test instance of Essaim and a cookie-keeping "browser" to talk to it.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use rand::Rng;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tower::ServiceExt;

use app::domain::role::Role;
use app::error::AppError;
use app::server::config::{Config, DatabaseUrl, MailTransport};
use app::server::db::municipalities;
use app::server::mail::{Mail, Mailer};
use app::server::secret::{SecretSource, ServerSecret};

/// The database a test runs against.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// SQLite always; PostgreSQL too when `ESSAIM_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("ESSAIM_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        backends.push(Backend::Postgres(url));
    }
    backends
}

/// One running instance with its own fresh database.
pub struct TestApp {
    router: Router,
    pub db: DatabaseConnection,
    pub mail: Arc<Mutex<Vec<Mail>>>,
    postgres_database: Option<(String, String)>,
    dir: tempfile::TempDir,
}

pub const ADMIN: (&str, &str) = ("admin@test.example", "admin password 1234");
/// An official of [`TOWN`].
pub const OFFICIAL: (&str, &str) = ("official@test.example", "official password 1234");
/// An official of [`OTHER_TOWN`].
pub const OTHER_OFFICIAL: (&str, &str) = ("other-official@test.example", "other password 1234");
/// The municipality tests run campaigns in.
pub const TOWN: &str = "Testville";
/// Another municipality, whose staff must not touch [`TOWN`]'s campaigns.
pub const OTHER_TOWN: &str = "Autreville";

impl TestApp {
    /// Starts an instance on `backend` with an administrator and officials,
    /// recording the mail it sends.
    pub async fn spawn(backend: &Backend) -> TestApp {
        let (mailer, mail) = Mailer::recorder();
        TestApp::spawn_with(backend, mailer, mail, |_| ()).await
    }

    /// Starts an instance that sends mail through `mailer` (`mail` stays
    /// empty unless it is a recorder's list), its configuration changed by
    /// `adjust`.
    pub async fn spawn_with(
        backend: &Backend,
        mailer: Mailer,
        mail: Arc<Mutex<Vec<Mail>>>,
        adjust: impl FnOnce(&mut Config),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (database_url, postgres_database) = match backend {
            Backend::Sqlite => (
                DatabaseUrl::Sqlite(format!(
                    "sqlite://{}/essaim.db?mode=rwc",
                    dir.path().display()
                )),
                None,
            ),
            Backend::Postgres(admin_url) => {
                let (url, name) = create_postgres_database(admin_url).await;
                (DatabaseUrl::Postgres(url), Some((admin_url.clone(), name)))
            }
        };
        let mut config = Config {
            database_url,
            addr: "127.0.0.1:0".parse().expect("address"),
            public_url: "http://essaim.test".into(),
            site_root: dir.path().into(),
            mail_transport: MailTransport::File(dir.path().join("mail")),
            mail_from: "Essaim <no-reply@essaim.test>".into(),
            trusted_proxies: Vec::new(),
            max_in_flight: 512,
            secret: SecretSource::Key(ServerSecret::generate()),
        };
        adjust(&mut config);
        let state = server::build_state_with_mailer(config, mailer)
            .await
            .unwrap_or_else(|e| panic!("cannot start on {backend:?}: {e}"));
        let mut towns = Vec::new();
        for name in [TOWN, OTHER_TOWN] {
            let name = app::domain::text::Title::parse(name).expect("town name");
            let town = municipalities::create_municipality(
                &state.db,
                &name,
                app::server::time_zone::parse("Europe/Paris").expect("time zone"),
                chrono::Utc::now(),
            )
            .await
            .expect("municipality");
            towns.push(town.id);
        }
        for (email, password, role) in [
            (ADMIN.0, ADMIN.1, Role::Admin),
            (OFFICIAL.0, OFFICIAL.1, Role::Official(towns[0])),
            (OTHER_OFFICIAL.0, OTHER_OFFICIAL.1, Role::Official(towns[1])),
        ] {
            app::server::auth::enroll_staff(&state.db, email, role, password)
                .await
                .expect("staff account");
        }
        TestApp {
            db: state.db.clone(),
            router: server::http::router(state),
            mail,
            postgres_database,
            dir,
        }
    }

    /// The folder static files are served from.
    pub fn site_root(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A new browser with no cookies, on a client address of its own.
    pub fn browser(&self) -> Browser {
        static NEXT_CLIENT: AtomicU32 = AtomicU32::new(1);
        let client = NEXT_CLIENT.fetch_add(1, Ordering::Relaxed);
        Browser {
            router: self.router.clone(),
            cookies: Vec::new(),
            mail: self.mail.clone(),
            client: SocketAddr::from((Ipv4Addr::from(0x0a00_0000 | client), 40_000)),
        }
    }

    /// A browser signed in with a staff password.
    pub async fn staff(&self, (email, password): (&str, &str)) -> Browser {
        let mut browser = self.browser();
        browser
            .call::<app::api::session::SignInWithPassword>(&[
                ("email", email),
                ("password", password),
                ("next", "/"),
            ])
            .await
            .expect("staff sign-in");
        browser
    }

    /// A browser signed in as a citizen through the email code.
    pub async fn citizen(&self, email: &str) -> Browser {
        let mut browser = self.browser();
        browser.sign_in_citizen(email).await;
        browser
    }

    /// Drops the PostgreSQL database of this test.
    pub async fn finish(self) {
        let TestApp {
            db,
            postgres_database,
            ..
        } = self;
        db.close().await.expect("close the pool");
        if let Some((admin_url, name)) = postgres_database {
            let admin = Database::connect(&admin_url)
                .await
                .expect("admin connection");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .expect("drop test database");
        }
    }
}

/// Creates `essaim_t_<unix time>_<random>` next to the admin URL's
/// database and returns its URL; first drops such databases left over by
/// crashed runs more than an hour ago.
async fn create_postgres_database(admin_url: &str) -> (String, String) {
    let admin = Database::connect(admin_url).await.unwrap_or_else(|e| {
        panic!("ESSAIM_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
    });
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let stale = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'essaim_t_%'",
        ))
        .await
        .expect("list test databases");
    for row in stale {
        let name: String = row.try_get("", "datname").expect("datname");
        let created = name
            .split('_')
            .nth(2)
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(now);
        if now.saturating_sub(created) > 3600 {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
    let name = format!("essaim_t_{now}_{}", rand::rng().random_range(0..u32::MAX));
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let (server, _) = base.rsplit_once('/').expect("URL ends with /database");
    (format!("{server}/{name}{query}"), name)
}

/// A browser: keeps cookies, calls server functions and loads pages. A
/// clone shares nothing but the cookies it had (a second tab, or the same
/// form sent again).
#[derive(Clone)]
pub struct Browser {
    router: Router,
    cookies: Vec<(String, String)>,
    mail: Arc<Mutex<Vec<Mail>>>,
    client: SocketAddr,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, response: &http::Response<Body>) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let Some((pair, _)) = value.to_str().unwrap_or_default().split_once(';') else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    /// Sends `request` with the browser's cookies and keeps the ones it sets.
    pub async fn send(
        &mut self,
        request: http::request::Builder,
        body: Body,
    ) -> http::Response<Body> {
        let mut request = request
            .header(header::COOKIE, self.cookie_header())
            .body(body)
            .expect("request");
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(self.client));
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        self.keep_cookies(&response);
        response
    }

    /// Posts `form` to server function `S`, accepting `accept`, with
    /// `headers` besides (e.g. `Referer`, `Origin`).
    async fn post<S: ServerFn>(
        &mut self,
        form: &[(&str, &str)],
        accept: &str,
        headers: &[(&str, &str)],
    ) -> http::Response<Body> {
        self.post_to(S::PATH, form, accept, headers).await
    }

    /// Posts `form` to `path`, accepting `accept`, with `headers` besides.
    pub async fn post_to(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
        headers: &[(&str, &str)],
    ) -> http::Response<Body> {
        let body = serde_urlencoded::to_string(form).expect("form encoding");
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request, Body::from(body)).await
    }

    /// Calls server function `S` as the browser's JavaScript would, with
    /// form fields. `Ok` holds the JSON answer, `Err` the decoded error
    /// (checked to come with its own HTTP status).
    pub async fn call<S: ServerFn>(&mut self, form: &[(&str, &str)]) -> Result<String, AppError> {
        self.call_with::<S>(form, &[]).await
    }

    /// [`Browser::call`] with extra request headers, as a page of another
    /// site would make the browser send (`Origin`, `Sec-Fetch-Site`).
    pub async fn call_with<S: ServerFn>(
        &mut self,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Result<String, AppError> {
        let response = self.post::<S>(form, "application/json", headers).await;
        let status = response.status();
        let text = body_text(response).await;
        if status.is_success() {
            return Ok(text);
        }
        let error: AppError = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("undecodable error {status}: {text}"));
        assert_eq!(
            status.as_u16(),
            error.status_code(),
            "HTTP status of {error:?}"
        );
        Err(error)
    }

    /// Posts `form` to server function `S` and returns the bare response
    /// (status, headers, body), whatever it is.
    pub async fn post_raw<S: ServerFn>(
        &mut self,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> http::Response<Body> {
        self.post::<S>(form, "application/json", headers).await
    }

    /// Posts a form as a browser without JavaScript does (it came from
    /// `referer`); returns the status and the `Location` it is sent to.
    pub async fn post_form<S: ServerFn>(
        &mut self,
        form: &[(&str, &str)],
        referer: &str,
    ) -> (StatusCode, String) {
        let response = self
            .post::<S>(
                form,
                "text/html,application/xhtml+xml",
                &[("referer", referer)],
            )
            .await;
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (response.status(), location)
    }

    /// Loads a page (server-side rendered HTML).
    pub async fn page(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, body_text(response).await)
    }

    /// Loads a page and returns the bare response (status, headers, body).
    pub async fn get(&mut self, path: &str) -> http::Response<Body> {
        self.send(
            Request::get(path).header(header::ACCEPT, "text/html"),
            Body::empty(),
        )
        .await
    }

    /// The sign-in code most recently mailed to `email`.
    pub fn last_code_for(&self, email: &str) -> String {
        let mail = self.mail.lock().expect("mail recorder");
        let message = mail
            .iter()
            .rev()
            .find(|m| m.to == email)
            .expect("a code was mailed");
        message
            .subject
            .rsplit(' ')
            .next()
            .expect("code at the end of the subject")
            .to_owned()
    }

    /// Signs in with the emailed code.
    pub async fn sign_in_citizen(&mut self, email: &str) {
        self.call::<app::api::session::RequestSignInCode>(&[("email", email), ("next", "/")])
            .await
            .expect("code sent");
        let code = self.last_code_for(email);
        self.call::<app::api::session::VerifySignInCode>(&[
            ("email", email),
            ("code", &code),
            ("next", "/"),
        ])
        .await
        .expect("code accepted");
    }
}

pub async fn body_text(response: http::Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs `test` once per backend.
#[macro_export]
macro_rules! each_backend {
    (|$app:ident| $body:block) => {
        for backend in $crate::helpers::backends() {
            let $app = $crate::helpers::TestApp::spawn(&backend).await;
            $body
            $app.finish().await;
        }
    };
}

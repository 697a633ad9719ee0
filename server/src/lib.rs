//! Wiring of the `essaim` binary: configuration, logging, database, HTTP.
//! No business rules here: they live in the `app` crate.

pub mod cli;
pub mod http;
pub mod tally_cli;
pub mod telemetry;

use std::sync::Arc;

use app::server::{config::Config, count_cache::CountCache, db, mail::Mailer, state::AppState};
use leptos::config::LeptosOptions;
use migrations::{Migrator, MigratorTrait};

/// Why Essaim could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A variable of the environment is wrong.
    #[error(transparent)]
    Config(#[from] app::server::config::ConfigError),
    /// The database cannot be reached or migrated.
    #[error("database {url}: {source}")]
    Database {
        /// The database URL, password redacted.
        url: String,
        /// The cause.
        source: sea_orm::DbErr,
    },
    /// The secret key cannot be read or created.
    #[error(transparent)]
    Secret(#[from] app::server::secret::SecretError),
    /// The mail transport cannot be set up.
    #[error("mail: {0}")]
    Mail(#[from] app::server::mail::MailError),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: std::net::SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// Connects to the configured database and brings its schema up to date.
///
/// # Errors
/// [`StartError::Database`] with the (redacted) URL and the cause.
pub async fn connect_and_migrate(
    config: &Config,
) -> Result<sea_orm::DatabaseConnection, StartError> {
    let database_error = |source| StartError::Database {
        url: format!("{:?}", config.database_url),
        source,
    };
    let db = db::connect(&config.database_url)
        .await
        .map_err(database_error)?;
    Migrator::up(&db, None).await.map_err(database_error)?;
    Ok(db)
}

/// Builds the application state from the configuration.
///
/// # Errors
/// A [`StartError`] for the database or the mail transport.
pub async fn build_state(config: Config) -> Result<AppState, StartError> {
    let mailer = Mailer::from_config(&config.mail_transport, &config.mail_from)?;
    build_state_with_mailer(config, mailer).await
}

/// Builds the application state with a given mailer (tests use a recorder).
///
/// # Errors
/// [`StartError::Database`] if the database cannot be reached or migrated.
pub async fn build_state_with_mailer(
    config: Config,
    mailer: Mailer,
) -> Result<AppState, StartError> {
    let secret = config.secret.load()?;
    let db = connect_and_migrate(&config).await?;
    let leptos_options = LeptosOptions::builder()
        .output_name("essaim")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        // Under `cargo leptos watch`: where its live-reload websocket listens
        // (`reload-port` in Cargo.toml), for the reload script and the CSP.
        .reload_port(
            std::env::var("LEPTOS_RELOAD_PORT")
                .ok()
                .and_then(|port| port.parse().ok())
                .unwrap_or(3001),
        )
        .build();
    Ok(AppState {
        ballot_box: app::server::ballot_box::BallotBox::start(db.clone()),
        db,
        mailer,
        secret,
        password_hashing: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
        )),
        config: Arc::new(config),
        leptos_options,
        comparisons: CountCache::default(),
    })
}

/// How often [`spawn_housekeeping`] sweeps.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Sweeps expired codes, sessions and rate-limit counters now and every
/// hour, for as long as the server runs.
pub fn spawn_housekeeping(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(HOUSEKEEPING_EVERY);
        loop {
            ticks.tick().await;
            match app::server::housekeeping::sweep(&db, chrono::Utc::now()).await {
                Ok(swept) => tracing::info!(?swept, "house-keeping"),
                Err(error) => tracing::error!(%error, "house-keeping failed"),
            }
        }
    });
}

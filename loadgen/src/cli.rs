//! The command line: `essaim-load [bench|cast|check|session]`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const ABOUT_CLIENTS: &str = "\
Every simulated citizen sends its own `X-Forwarded-For: 10.a.b.1` (a distinct \
/24 network each), because the server limits sign-in codes per client network \
and would otherwise see every citizen as 127.0.0.1. The server trusts that \
header only from the addresses in ESSAIM_TRUSTED_PROXIES: start it with \
ESSAIM_TRUSTED_PROXIES=127.0.0.1. Sign-in codes are read from the server's \
mail folder: start it with ESSAIM_MAIL_TRANSPORT=file and give the same \
ESSAIM_MAIL_DIR as --mail-dir. Only http://IP:PORT URLs are accepted (no DNS).";

/// Load and fault generator for Essaim: signs citizens in and casts
/// approval ballots over HTTP, as phones without JavaScript do.
#[derive(Debug, Parser)]
#[command(name = "essaim-load", version, about, after_help = ABOUT_CLIENTS)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure ballots/s and latency at each concurrency level, the rate of
    /// GET /healthz, and the raw commit rate of the database; print markdown.
    #[command(after_help = ABOUT_CLIENTS)]
    Bench(BenchArgs),
    /// Sign citizens in, then cast ballots until a deadline or a stop file,
    /// journaling every cast and its answer (for crash and two-server runs).
    #[command(after_help = ABOUT_CLIENTS)]
    Cast(CastArgs),
    /// Check every journaled voter's stored ballot (read over HTTP as them)
    /// against the journal; exit 1 on any discrepancy.
    Check(CheckArgs),
    /// Sign a citizen in on the first --url and check that the second --url
    /// sees them signed in (sessions shared through the database).
    #[command(after_help = ABOUT_CLIENTS)]
    Session(ServerArgs),
}

/// Where the servers are.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// A server, e.g. http://127.0.0.1:3000. Repeat for several servers on
    /// one database: each client alternates between them.
    #[arg(long = "url", required = true)]
    pub urls: Vec<String>,
    /// The servers' ESSAIM_MAIL_DIR (file mail transport).
    #[arg(long)]
    pub mail_dir: PathBuf,
    /// The campaign to vote in (default: the first one open for voting
    /// linked from the home page, e.g. the demo's).
    #[arg(long)]
    pub campaign: Option<i64>,
    /// Citizens' addresses are PREFIX00000@load.essaim.example, PREFIX00001@...
    #[arg(long, default_value = "citizen")]
    pub email_prefix: String,
}

/// `essaim-load bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Where the servers are.
    #[command(flatten)]
    pub servers: ServerArgs,
    /// Concurrent casting clients at each level (each a distinct citizen).
    #[arg(long, value_delimiter = ',', default_value = "1,10,50,200")]
    pub levels: Vec<usize>,
    /// Seconds of load per level.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Clients for the GET /healthz measurement (0: skip it).
    #[arg(long, default_value_t = 50)]
    pub healthz_clients: usize,
    /// The server's DATABASE_URL, for the raw commit rate (skipped without).
    /// It works in tables of its own, `load_raw_*`, dropped at the end.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Concurrent tasks for the raw commit rate, comma-separated: each count
    /// is measured (1 gives the disk's own commit rate, without waiting for
    /// locks; 50 what 50 writers at once get).
    #[arg(long, value_delimiter = ',', default_value = "1,50")]
    pub db_tasks: Vec<usize>,
    /// Ballots per transaction for the batched raw commit rate.
    #[arg(long, default_value_t = 50)]
    pub db_batch: usize,
    /// A label for the report's title (e.g. sqlite).
    #[arg(long, default_value = "Essaim")]
    pub label: String,
}

/// `essaim-load cast`.
#[derive(Debug, Args)]
pub struct CastArgs {
    /// Where the servers are.
    #[command(flatten)]
    pub servers: ServerArgs,
    /// Citizens, each cast for by one client.
    #[arg(long, default_value_t = 20)]
    pub clients: usize,
    /// Stop after this many seconds at the latest.
    #[arg(long, default_value_t = 300)]
    pub max_seconds: u64,
    /// Stop as soon as this file exists.
    #[arg(long)]
    pub stop_file: Option<PathBuf>,
    /// Created once every citizen is signed in and casting begins.
    #[arg(long)]
    pub ready_file: Option<PathBuf>,
    /// Where to journal every cast.
    #[arg(long)]
    pub journal: PathBuf,
    /// Clients 0..N stop for good at an outage (client k at its k+1-th), so
    /// that under repeated kills each kill leaves one ballot as it found it.
    #[arg(long, default_value_t = 0)]
    pub retiring: usize,
    /// Where to write the citizens' sessions (for `check`).
    #[arg(long)]
    pub sessions: PathBuf,
}

/// `essaim-load check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A server (repeat to read through several, alternating).
    #[arg(long = "url", required = true)]
    pub urls: Vec<String>,
    /// The journal written by `cast`.
    #[arg(long)]
    pub journal: PathBuf,
    /// The sessions written by `cast`.
    #[arg(long)]
    pub sessions: PathBuf,
}

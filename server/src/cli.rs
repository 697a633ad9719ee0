//! The command line: `essaim [serve|migrate|demo|admin create]`.

use clap::{Parser, Subcommand, ValueEnum};

/// Essaim: participatory budgeting for communes.
#[derive(Debug, Parser)]
#[command(name = "essaim", version, about, long_about = None)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (creates and migrates the database first).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Load demonstration data (does nothing if already loaded), then exit.
    Demo,
    /// Count a pabulib .pb file and print the outcome as JSON.
    Tally(TallyArgs),
    /// Manage municipalities.
    Municipality {
        /// What to do with municipalities.
        #[command(subcommand)]
        action: MunicipalityCommand,
    },
    /// Manage staff accounts.
    Admin {
        /// What to do with staff accounts.
        #[command(subcommand)]
        action: AdminCommand,
    },
}

/// Municipality commands.
#[derive(Debug, Subcommand)]
pub enum MunicipalityCommand {
    /// Create a municipality (does nothing if one has this name already).
    Create {
        /// Its name, e.g. "Villeneuve-sur-Lot".
        #[arg(long)]
        name: String,
        /// Its time zone (IANA name).
        #[arg(long, default_value = "Europe/Paris")]
        time_zone: String,
    },
}

/// Staff account commands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account, or reset its role and password. The password
    /// is read from ESSAIM_ADMIN_PASSWORD, else from the first line of
    /// standard input (at least 12 characters).
    Create {
        /// The person's email address.
        #[arg(long)]
        email: String,
        /// What the account may do.
        #[arg(long, value_enum, default_value_t = StaffRole::Admin)]
        role: StaffRole,
        /// The municipality an official serves (its name), required for officials.
        #[arg(long, required_if_eq("role", "official"))]
        municipality: Option<String>,
    },
}

/// The staff roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StaffRole {
    /// Creates municipalities and campaigns, and runs those of every municipality.
    Admin,
    /// Reviews proposals and runs the campaigns of one municipality.
    Official,
}

/// `essaim tally` options.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("rules").required(true).args(["rule", "all_rules"]))]
pub struct TallyArgs {
    /// The rule, e.g. greedy, mes-cost, mes-cost+add1 (see --help for all).
    #[arg(long, value_parser = parse_rule)]
    pub rule: Option<essaim_tally::Rule>,
    /// Every rule that fits the file's vote type (prints a JSON array).
    #[arg(long)]
    pub all_rules: bool,
    /// Add a per-project explanation of the outcome.
    #[arg(long)]
    pub explain: bool,
    /// The .pb file.
    pub file: std::path::PathBuf,
}

fn parse_rule(name: &str) -> Result<essaim_tally::Rule, String> {
    essaim_tally::Rule::parse(name).ok_or_else(|| {
        let names: Vec<&str> = essaim_tally::Rule::ALL.iter().map(|r| r.name()).collect();
        format!("unknown rule; one of: {}", names.join(", "))
    })
}

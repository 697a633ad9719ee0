//! `essaim`: see `essaim --help`.

use std::error::Error;
use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Parser;

use app::domain::{ids::MunicipalityId, role::Role};
use app::server::config::Config;
use server::cli::{AdminCommand, Cli, Command, MunicipalityCommand, StaffRole, TallyArgs};
use server::{build_state, connect_and_migrate, http, tally_cli, telemetry};

/// The tally's exact arithmetic allocates many short-lived big numbers: mimalloc counts them
/// 10–15% faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), Box<dyn Error>> {
    if let Command::Tally(args) = &command {
        return tally(args);
    }
    let config = Config::from_env()?;
    match command {
        Command::Tally(_) => Ok(()),
        Command::Serve => serve(config).await,
        Command::Migrate => {
            connect_and_migrate(&config).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Demo => {
            let db = connect_and_migrate(&config).await?;
            let summary = app::server::demo::load_demo(&db, chrono::Utc::now()).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Municipality {
            action: MunicipalityCommand::Create { name, time_zone },
        } => {
            let db = connect_and_migrate(&config).await?;
            if let Ok(id) = find_municipality(&db, &name).await {
                println!("{name} exists already (id {id})");
                return Ok(());
            }
            let title = app::domain::text::Title::parse(&name)?;
            let zone = app::server::time_zone::parse(&time_zone)?;
            let created = app::server::db::municipalities::create_municipality(
                &db,
                &title,
                zone,
                chrono::Utc::now(),
            )
            .await?;
            println!("{} created (id {})", created.name.as_str(), created.id);
            Ok(())
        }
        Command::Admin {
            action:
                AdminCommand::Create {
                    email,
                    role,
                    municipality,
                },
        } => {
            let db = connect_and_migrate(&config).await?;
            let role = match (role, municipality) {
                (StaffRole::Official, Some(name)) => {
                    Role::Official(find_municipality(&db, &name).await?)
                }
                (StaffRole::Official, None) => {
                    return Err("an official needs --municipality".into());
                }
                (StaffRole::Admin, _) => Role::Admin,
            };
            let password = read_password()?;
            let user = app::server::auth::enroll_staff(&db, &email, role, &password).await?;
            println!(
                "{} can sign in at /staff/signin as {:?}",
                user.email.as_str(),
                user.role
            );
            Ok(())
        }
    }
}

async fn serve(config: Config) -> Result<(), Box<dyn Error>> {
    let addr = config.addr;
    let public_url = config.public_url.clone();
    // Listening for the signals before anything else: a SIGTERM during
    // start-up must not kill the process halfway.
    let stop = shutdown_signal()?;
    let state = build_state(config).await?;
    server::spawn_housekeeping(state.db.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| server::StartError::Listen { addr, source })?;
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!(addr = %bound, "listening");
    println!("Essaim is running at {public_url}");
    let app = http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what `docker stop`, systemd and
/// Kubernetes send): the server then stops accepting connections and
/// finishes the requests in flight before exiting.
///
/// # Errors
/// When the SIGTERM handler cannot be installed.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        let terminate = async move {
            terminate.recv().await;
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = terminate => {}
        }
        tracing::info!("shutting down: finishing the requests in flight");
    })
}

/// `essaim tally`: pure computation, no configuration or database needed.
fn tally(args: &TallyArgs) -> Result<(), Box<dyn Error>> {
    let file = tally_cli::read_file(&args.file)?;
    let report = match args.rule {
        Some(rule) => tally_cli::report(&file, rule, args.explain),
        None => tally_cli::report_all(&file, args.explain),
    };
    let mut out = std::io::stdout().lock();
    let printed = serde_json::to_writer_pretty(&mut out, &report)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match printed {
        // The reader stopped reading (`essaim tally … | head`): nothing is left to tell it.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        printed => Ok(printed?),
    }
}

/// The id of the municipality called `name` (case aside).
async fn find_municipality(
    db: &sea_orm::DatabaseConnection,
    name: &str,
) -> Result<MunicipalityId, Box<dyn Error>> {
    let all = app::server::db::municipalities::list_municipalities(db).await?;
    let found = all
        .iter()
        .find(|m| m.name.as_str().eq_ignore_ascii_case(name.trim()));
    match found {
        Some(municipality) => Ok(municipality.id),
        None => {
            let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
            Err(format!(
                "no municipality named {name:?}; there are: {}",
                names.join(", ")
            )
            .into())
        }
    }
}

fn read_password() -> Result<String, Box<dyn Error>> {
    if let Ok(password) = std::env::var("ESSAIM_ADMIN_PASSWORD") {
        return Ok(password);
    }
    eprintln!("password (at least 12 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

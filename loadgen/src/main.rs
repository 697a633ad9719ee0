//! `essaim-load`: see `essaim-load --help` and `scripts/load.sh`,
//! `scripts/crash.sh`, `scripts/two-servers.sh`.

mod cast;
mod check;
mod cli;
mod healthz;
mod html;
mod http;
mod journal;
mod mail;
mod rawdb;
mod report;
mod signin;
mod stats;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Parser;

use crate::cast::{Plan, find_ballot, run_clients, vote_path};
use crate::cli::{BenchArgs, CastArgs, CheckArgs, Cli, Command, ServerArgs};
use crate::http::{Caller, Connection, Endpoint};
use crate::journal::Journal;
use crate::report::Report;
use crate::signin::{Citizen, discover_forms, email, forwarded_for, sign_in_all};

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Bench(args) => bench(args).await,
        Command::Cast(args) => cast_journaled(args).await,
        Command::Check(args) => check(args).await,
        Command::Session(args) => session(args).await,
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("essaim-load: {error}");
            ExitCode::from(2)
        }
    }
}

fn endpoints(urls: &[String]) -> Result<Vec<Endpoint>, String> {
    urls.iter().map(|url| Endpoint::parse(url)).collect()
}

/// The servers, the campaign open for voting and its ballot form, and
/// `count` citizens signed in (numbered from `first`) who land on it.
async fn prepare(
    servers: &ServerArgs,
    count: usize,
    first: usize,
) -> Result<(Vec<Endpoint>, i64, html::BallotForm, Vec<Citizen>), String> {
    let endpoints = endpoints(&servers.urls)?;
    let visitor = Caller {
        forwarded_for: forwarded_for(65_535),
        cookie: None,
    };
    let mut conn = Connection::new(endpoints[0].clone());
    let (campaign, form) = find_ballot(&mut conn, &visitor, servers.campaign).await?;
    let forms = discover_forms(&mut conn, &visitor).await?;
    let emails: Vec<String> = (first..first + count)
        .map(|i| email(&servers.email_prefix, i))
        .collect();
    eprintln!(
        "campaign {campaign}: {} projects on the ballot; signing in {count} citizens",
        form.items.len()
    );
    let citizens = sign_in_all(
        &endpoints,
        &forms,
        &servers.mail_dir,
        &emails,
        first,
        &vote_path(campaign),
    )
    .await?;
    Ok((endpoints, campaign, form, citizens))
}

async fn bench(args: BenchArgs) -> Result<ExitCode, String> {
    let most = args.levels.iter().copied().max().unwrap_or(1).max(1);
    let (endpoints, campaign, form, citizens) = prepare(&args.servers, most, 0).await?;
    let duration = Duration::from_secs(args.seconds);
    let mut levels = Vec::new();
    for &clients in &args.levels {
        eprintln!("casting with {clients} clients for {duration:?}");
        let plan = Arc::new(Plan {
            endpoints: endpoints.clone(),
            campaign,
            form: form.clone(),
            duration,
            stop: Arc::new(AtomicBool::new(false)),
            journal: None,
            retiring: 0,
        });
        let (tally, elapsed) = run_clients(plan, &citizens[..clients.max(1)]).await;
        levels.push((clients, tally.summary(elapsed)));
    }
    let healthz = if args.healthz_clients > 0 {
        eprintln!("GET /healthz with {} clients", args.healthz_clients);
        let (tally, elapsed) = healthz::run(&endpoints, args.healthz_clients, duration).await;
        Some((args.healthz_clients, tally.summary(elapsed)))
    } else {
        None
    };
    let mut raw = Vec::new();
    if let Some(url) = &args.database_url {
        for &tasks in &args.db_tasks {
            eprintln!("raw commit rate, {tasks} tasks");
            raw.extend(rawdb::measure(url, tasks, args.db_batch, duration).await?);
        }
    }
    let report = Report {
        title: format!(
            "{}: campaign {campaign}, {} server(s), {} s per level",
            args.label,
            endpoints.len(),
            args.seconds
        ),
        levels,
        healthz,
        raw,
    };
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

async fn cast_journaled(args: CastArgs) -> Result<ExitCode, String> {
    let (endpoints, campaign, form, citizens) =
        prepare(&args.servers, args.clients.max(1), 0).await?;
    check::write_sessions(&args.sessions, &citizens)
        .map_err(|e| format!("{}: {e}", args.sessions.display()))?;
    let journal = Arc::new(
        Journal::create(&args.journal, campaign)
            .map_err(|e| format!("{}: {e}", args.journal.display()))?,
    );
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = args.stop_file.clone().map(|file| {
        let stop = stop.clone();
        tokio::spawn(async move {
            while !file.exists() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            stop.store(true, Ordering::Relaxed);
        })
    });
    if let Some(ready) = &args.ready_file {
        std::fs::write(ready, b"casting\n").map_err(|e| format!("{}: {e}", ready.display()))?;
    }
    eprintln!("casting with {} clients", citizens.len());
    let plan = Arc::new(Plan {
        endpoints,
        campaign,
        form,
        duration: Duration::from_secs(args.max_seconds),
        stop,
        journal: Some(journal.clone()),
        retiring: args.retiring.min(citizens.len()),
    });
    let (tally, elapsed) = run_clients(plan, &citizens).await;
    if let Some(watcher) = watcher {
        watcher.abort();
    }
    journal
        .flush()
        .map_err(|e| format!("{}: {e}", args.journal.display()))?;
    let retired = tally.retired;
    let s = tally.summary(elapsed);
    println!(
        "{} acknowledged casts in {:.1} s ({:.0}/s), {} refused, {} without an answer; \
         {retired} clients stopped at an outage",
        s.ok,
        elapsed.as_secs_f64(),
        s.per_second,
        s.refused,
        s.lost
    );
    Ok(ExitCode::SUCCESS)
}

async fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let endpoints = endpoints(&args.urls)?;
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let citizens = check::parse_sessions(&read(&args.sessions)?)?;
    let result = check::check_ballots(&endpoints, &read(&args.journal)?, &citizens).await?;
    for line in &result.discrepancies {
        println!("DISCREPANCY {line}");
    }
    println!("{result}");
    Ok(if result.discrepancies.is_empty() && result.voters > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn session(args: ServerArgs) -> Result<ExitCode, String> {
    let endpoints = endpoints(&args.urls)?;
    let [first, second] = endpoints.as_slice() else {
        return Err("session needs exactly two --url".into());
    };
    let one_server = ServerArgs {
        urls: vec![first.base().to_owned()],
        mail_dir: args.mail_dir.clone(),
        campaign: args.campaign,
        email_prefix: args.email_prefix.clone(),
    };
    let (_, campaign, _, citizens) = prepare(&one_server, 1, 64_000).await?;
    let citizen = &citizens[0];
    check::session_elsewhere(second, citizen, campaign).await?;
    println!(
        "{} signed in on {} is signed in on {}{}",
        citizen.email,
        first.base(),
        second.base(),
        vote_path(campaign)
    );
    Ok(ExitCode::SUCCESS)
}

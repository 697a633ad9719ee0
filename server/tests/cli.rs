//! The `essaim` binary as an operator runs it.

use std::process::Command;

fn essaim(dir: &std::path::Path, database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_essaim"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("ESSAIM_MAIL_DIR", dir.join("mail"))
        .env_remove("RUST_LOG")
        .output()
        .expect("essaim runs")
}

#[test]
fn a_bad_database_url_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = essaim(dir.path(), "mysql://localhost/essaim", &["migrate"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        "error: DATABASE_URL is invalid: must start with sqlite: or postgres://"
    );

    let output = essaim(
        dir.path(),
        "postgres://nobody:secret@127.0.0.1:1/none",
        &["migrate"],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: database postgres://[redacted]"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn migrate_and_demo_create_the_database_in_an_empty_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = "sqlite://data/essaim.db?mode=rwc";
    let output = essaim(dir.path(), url, &["migrate"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("data/essaim.db").exists());
    let output = essaim(dir.path(), url, &["demo"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("demo data loaded"));
    let output = essaim(dir.path(), url, &["demo"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("already loaded"));
}

fn tally(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_essaim"))
        .arg("tally")
        .args(args)
        .output()
        .expect("essaim runs")
}

/// Assen 2024 (pabulib): the city funded exactly what `mes-cost+add1` selects.
const ASSEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/Netherlands_Assen_2024.pb"
);

#[test]
fn tally_prints_the_outcome_of_a_pabulib_file() {
    let output = tally(&["--rule", "mes-cost+add1", ASSEN]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["rule"], "mes-cost+add1");
    assert_eq!(report["budget"], 100_000);
    assert_eq!(
        report["selected"],
        serde_json::json!(["11", "12", "13", "14", "2", "3", "5", "6", "9"])
    );
    assert!(report.get("explanations").is_none());

    let output = tally(&["--all-rules", "--explain", ASSEN]);
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = reports.as_array().expect("one report per rule");
    assert!(reports.iter().any(|r| r["rule"] == "phragmen"));
    assert!(
        reports.iter().all(|r| r["rule"] != "mes-points"),
        "point rules need point ballots"
    );
    assert_eq!(
        reports[0]["explanations"].as_array().map(Vec::len),
        Some(14)
    );
}

#[test]
fn tally_reports_bad_files_with_their_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let bad = dir.path().join("bad.pb");
    std::fs::write(&bad, "META\nkey;value\nbudget;abc\n").expect("write");
    let output = tally(&["--rule", "greedy", bad.to_str().expect("path")]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.pb: line 3:"), "{stderr}");
    let output = tally(&["--rule", "best", ASSEN]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("one of: greedy"));
}

#[test]
fn tally_stops_quietly_when_its_reader_does() {
    // Enough projects for a report far larger than a pipe holds.
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("many.pb");
    let mut pb = String::from("META\nkey;value\nnum_projects;3000\nnum_votes;1\nbudget;3000\n");
    pb.push_str("vote_type;approval\nPROJECTS\nproject_id;cost\n");
    for p in 1..=3000 {
        pb.push_str(&format!("{p};1\n"));
    }
    pb.push_str("VOTES\nvoter_id;vote\n1;1,2,3\n");
    std::fs::write(&file, pb).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_essaim"))
        .args(["tally", "--all-rules", "--explain"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("essaim runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut start = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut start).expect("the report starts");
    drop(stdout);
    let output = child.wait_with_output().expect("essaim ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Kills the server if the test fails before it stops on its own.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server's log lines, as they come.
struct Log {
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Log {
    /// Reads lines until `count` of them contain `needle`; returns the last.
    fn wait_for(&mut self, needle: &str, count: usize) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut found = self.seen.iter().filter(|l| l.contains(needle)).count();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let matches = line.contains(needle);
                    self.seen.push(line.clone());
                    found += usize::from(matches);
                    if matches && found >= count {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "{count} × {needle:?} not logged; the log:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

/// `docker stop` and systemd send SIGTERM: requests already received are
/// answered in full before the process exits, with status 0.
#[cfg(unix)]
#[test]
fn sigterm_lets_the_requests_in_flight_finish() {
    use std::io::{BufRead, Read, Write};
    use std::net::TcpStream;

    use leptos::server_fn::ServerFn;

    const REQUESTS: usize = 40;
    let dir = tempfile::tempdir().expect("temporary folder");
    let child = Command::new(env!("CARGO_BIN_EXE_essaim"))
        .arg("serve")
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite://essaim.db?mode=rwc")
        .env("ESSAIM_ADDR", "127.0.0.1:0")
        .env("ESSAIM_MAIL_DIR", dir.path().join("mail"))
        .env("ESSAIM_SITE_ROOT", dir.path())
        .env("RUST_LOG", "info,tower_http=debug")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("essaim runs");
    let mut server = Running(child);
    // The log goes to standard output.
    let stdout = server.0.stdout.take().expect("stdout");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = send.send(line);
        }
    });
    let mut log = Log {
        lines,
        seen: Vec::new(),
    };
    let listening = log.wait_for("listening", 1);
    let addr = listening
        .split("addr=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {listening:?}"))
        .to_owned();

    // Requests whose bodies are still on their way: in flight for sure.
    let path = app::api::campaigns::ListCampaigns::PATH;
    let body = "padding=0";
    let (first, rest) = body.split_at(body.len() - 1);
    let mut connections: Vec<TcpStream> = (0..REQUESTS)
        .map(|_| {
            let mut stream = TcpStream::connect(&addr).expect("connect");
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(60)))
                .expect("timeout");
            write!(
                stream,
                "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
                body.len()
            )
            .expect("send the start of the request");
            stream
        })
        .collect();
    log.wait_for("started processing request", REQUESTS);

    let terminated = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(terminated.success());
    log.wait_for("shutting down", 1);

    for stream in &mut connections {
        stream
            .write_all(rest.as_bytes())
            .expect("the server still reads the request");
    }
    for (n, stream) in connections.iter_mut().enumerate() {
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .unwrap_or_else(|e| panic!("response {n}: {e}"));
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "response {n}: {response:?}"
        );
        assert!(
            response.ends_with("\r\n\r\n[]") || response.ends_with("\r\n0\r\n\r\n"),
            "response {n} is complete: {response:?}"
        );
    }

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "{status}; the log:\n{}",
        log.seen.join("\n")
    );
}

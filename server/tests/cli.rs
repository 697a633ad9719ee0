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

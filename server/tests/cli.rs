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

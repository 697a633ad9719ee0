//! Checks after a crash or two-server run, over HTTP as each voter: their
//! stored ballot (the ticked boxes of their voting page) against the
//! journal; and that a session made on one server works on another.

use std::fmt;
use std::path::Path;

use crate::cast::vote_path;
use crate::html;
use crate::http::{Caller, Connection, Endpoint};
use crate::journal::{self, Outcome};
use crate::signin::Citizen;

/// Writes the signed-in citizens (address, simulated client address,
/// session cookie), tab-separated, one a line.
///
/// # Errors
/// An I/O error if the file cannot be written.
pub fn write_sessions(path: &Path, citizens: &[Citizen]) -> std::io::Result<()> {
    let lines: Vec<String> = citizens
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\t{}\n",
                c.email,
                c.caller.forwarded_for,
                c.caller.cookie.as_deref().unwrap_or("")
            )
        })
        .collect();
    std::fs::write(path, lines.concat())
}

/// Reads what [`write_sessions`] wrote.
///
/// # Errors
/// A message naming a malformed line.
pub fn parse_sessions(text: &str) -> Result<Vec<Citizen>, String> {
    text.lines()
        .filter(|line| !line.is_empty())
        .map(
            |line| match line.split('\t').collect::<Vec<_>>().as_slice() {
                [email, forwarded_for, cookie] => Ok(Citizen {
                    email: (*email).to_owned(),
                    caller: Caller {
                        forwarded_for: (*forwarded_for).to_owned(),
                        cookie: (!cookie.is_empty()).then(|| (*cookie).to_owned()),
                    },
                }),
                _ => Err(format!("sessions file: malformed line {line:?}")),
            },
        )
        .collect()
}

/// What the ballot check found.
#[derive(Debug, Default)]
pub struct BallotCheck {
    /// Voters checked.
    pub voters: usize,
    /// Casts sent, acknowledged, refused, and without an answer.
    pub sent: usize,
    /// Acknowledged casts.
    pub acked: usize,
    /// Refused casts.
    pub refused: usize,
    /// Casts without an answer (lost in a kill, or the journal ended).
    pub unanswered: usize,
    /// Voters whose stored ballot is the last acknowledged one.
    pub last_ack_stored: usize,
    /// Voters whose stored ballot is a later cast whose answer was lost.
    pub lost_cast_stored: usize,
    /// Every discrepancy, one line each.
    pub discrepancies: Vec<String>,
}

impl fmt::Display for BallotCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} voters, {} casts sent: {} acknowledged, {} refused, {} without an answer; \
             stored ballot = last acknowledged for {} voters, = a later cast whose answer was lost for {}; \
             {} discrepancies",
            self.voters,
            self.sent,
            self.acked,
            self.refused,
            self.unanswered,
            self.last_ack_stored,
            self.lost_cast_stored,
            self.discrepancies.len()
        )
    }
}

/// Reads every journaled voter's stored ballot from their voting page (as
/// them, alternating between `endpoints`) and judges it against the journal.
///
/// # Errors
/// A message if the journal or sessions cannot be read; discrepancies are
/// in the result.
pub async fn check_ballots(
    endpoints: &[Endpoint],
    journal_text: &str,
    citizens: &[Citizen],
) -> Result<BallotCheck, String> {
    let parsed = journal::parse(journal_text)?;
    let mut conns: Vec<Connection> = endpoints.iter().cloned().map(Connection::new).collect();
    let mut check = BallotCheck::default();
    let path = vote_path(parsed.campaign);
    let mut voters: Vec<&String> = parsed.voters.keys().collect();
    voters.sort();
    for (i, email) in voters.into_iter().enumerate() {
        let history = &parsed.voters[email];
        check.voters += 1;
        check.sent += history.len();
        for (_, outcome) in history {
            match outcome {
                Some(Outcome::Ack) => check.acked += 1,
                Some(Outcome::Refused(_)) => check.refused += 1,
                Some(Outcome::Lost) | None => check.unanswered += 1,
            }
        }
        let Some(citizen) = citizens.iter().find(|c| &c.email == email) else {
            check
                .discrepancies
                .push(format!("{email}: in the journal but has no session"));
            continue;
        };
        let count = conns.len();
        let conn = &mut conns[i % count];
        let page = conn
            .get(&path, &citizen.caller)
            .await
            .map_err(|e| format!("{email}: GET {path}: {e}"))?
            .text();
        if html::signed_in_as(&page).as_deref() != Some(email.as_str()) {
            check.discrepancies.push(format!(
                "{email}: the voting page does not show them signed in"
            ));
            continue;
        }
        let Some(form) = html::ballot_form(&page) else {
            check
                .discrepancies
                .push(format!("{email}: no ballot form on {path}"));
            continue;
        };
        let mut stored = form.checked;
        stored.sort_unstable();
        let stored = (!stored.is_empty()).then_some(stored);
        match journal::verdict(history, stored.as_deref()) {
            Ok(()) => {
                let last_ack = history
                    .iter()
                    .rev()
                    .find(|(_, outcome)| *outcome == Some(Outcome::Ack));
                match (last_ack, &stored) {
                    (Some((acked, _)), Some(stored)) if acked != stored => {
                        check.lost_cast_stored += 1;
                    }
                    (None, Some(_)) => check.lost_cast_stored += 1,
                    (Some(_), _) => check.last_ack_stored += 1,
                    (None, None) => {}
                }
            }
            Err(why) => check.discrepancies.push(format!("{email}: {why}")),
        }
    }
    Ok(check)
}

/// Signs `citizen`'s session (made on one server) into the voting page of
/// `other`, and checks that page shows them signed in, and that the same
/// page without the cookie does not.
///
/// # Errors
/// A message saying what was seen instead.
pub async fn session_elsewhere(
    other: &Endpoint,
    citizen: &Citizen,
    campaign: i64,
) -> Result<(), String> {
    let mut conn = Connection::new(other.clone());
    let path = vote_path(campaign);
    let page = conn
        .get(&path, &citizen.caller)
        .await
        .map_err(|e| format!("GET {path} on {}: {e}", other.base()))?
        .text();
    let seen = html::signed_in_as(&page);
    if seen.as_deref() != Some(citizen.email.as_str()) {
        return Err(format!(
            "{}{path} shows {seen:?} signed in, expected {}",
            other.base(),
            citizen.email
        ));
    }
    let anonymous = Caller {
        cookie: None,
        ..citizen.caller.clone()
    };
    let page = conn
        .get(&path, &anonymous)
        .await
        .map_err(|e| format!("GET {path} on {}: {e}", other.base()))?
        .text();
    match html::signed_in_as(&page) {
        None => Ok(()),
        Some(someone) => Err(format!(
            "{}{path} shows {someone} signed in without a cookie",
            other.base()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_round_trip() {
        let citizens = vec![Citizen {
            email: "a@load.essaim.example".into(),
            caller: Caller {
                forwarded_for: "10.0.0.1".into(),
                cookie: Some("essaim_session=abc".into()),
            },
        }];
        let dir = std::env::temp_dir().join(format!("essaim-load-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("sessions.tsv");
        write_sessions(&path, &citizens).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        let back = parse_sessions(&text).expect("parsed");
        assert_eq!(back[0].email, citizens[0].email);
        assert_eq!(back[0].caller, citizens[0].caller);
        std::fs::remove_dir_all(&dir).expect("cleaned");
        assert!(parse_sessions("only-one-field").is_err());
    }
}

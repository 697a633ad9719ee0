//! The cast journal: every cast a client sends and what became of it, one
//! line each, so that after crashes a check can say which stored ballots are
//! right. Also the verdict on one voter's stored ballot.
//!
//! ```text
//! campaign 2
//! sent citizen00001@load.essaim.example 7 3,5,9
//! ack citizen00001@load.essaim.example 7
//! refused citizen00001@load.essaim.example 8 500
//! lost citizen00001@load.essaim.example 9
//! ```
//!
//! `ack` is a success answer (a redirect to `...vote?cast=1`), `refused`
//! any other answer, `lost` no answer (the connection broke, e.g. because
//! the server was killed, or timed out).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;

/// A journal being written by many clients.
pub struct Journal {
    out: Mutex<BufWriter<File>>,
}

impl Journal {
    /// Creates (or empties) the journal file and writes its header.
    ///
    /// # Errors
    /// An I/O error if the file cannot be written.
    pub fn create(path: &Path, campaign: i64) -> std::io::Result<Self> {
        let journal = Journal {
            out: Mutex::new(BufWriter::new(File::create(path)?)),
        };
        journal.line(format_args!("campaign {campaign}"));
        Ok(journal)
    }

    /// Before sending cast `seq` of `voter`.
    pub fn sent(&self, voter: &str, seq: u64, selection: &[i64]) {
        let ids: Vec<String> = selection.iter().map(i64::to_string).collect();
        self.line(format_args!("sent {voter} {seq} {}", ids.join(",")));
    }

    /// After the answer (or its absence) to cast `seq` of `voter`.
    pub fn answered(&self, voter: &str, seq: u64, outcome: &Outcome) {
        match outcome {
            Outcome::Ack => self.line(format_args!("ack {voter} {seq}")),
            Outcome::Refused(why) => self.line(format_args!("refused {voter} {seq} {why}")),
            Outcome::Lost => self.line(format_args!("lost {voter} {seq}")),
        }
    }

    /// Writes out what is buffered.
    ///
    /// # Errors
    /// An I/O error if the file cannot be written.
    pub fn flush(&self) -> std::io::Result<()> {
        self.out
            .lock()
            .map_err(|_| std::io::Error::other("journal lock poisoned"))?
            .flush()
    }

    fn line(&self, args: std::fmt::Arguments<'_>) {
        // A failed write shows when `flush` fails at the end of the run.
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{args}");
        }
    }
}

/// What became of one cast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server said it recorded the ballot.
    Ack,
    /// The server answered something else (the reason, without spaces).
    Refused(String),
    /// No answer.
    Lost,
}

/// What one voter sent, in order: each selection (sorted) and its outcome
/// (`None` if the journal ends before the outcome).
pub type History = Vec<(Vec<i64>, Option<Outcome>)>;

/// A parsed journal: the campaign and each voter's history.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The campaign voted in.
    pub campaign: i64,
    /// Each voter's casts.
    pub voters: HashMap<String, History>,
}

/// Reads a journal's text.
///
/// # Errors
/// A message naming the first line that cannot be read.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut seqs: HashMap<(String, u64), usize> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let bad = || format!("journal line {}: {line:?}", n + 1);
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            [] | [""] => {}
            ["campaign", id] => parsed.campaign = id.parse().map_err(|_| bad())?,
            ["sent", voter, seq, ids] => {
                let mut selection = ids
                    .split(',')
                    .filter(|id| !id.is_empty())
                    .map(str::parse)
                    .collect::<Result<Vec<i64>, _>>()
                    .map_err(|_| bad())?;
                selection.sort_unstable();
                let history = parsed.voters.entry((*voter).to_owned()).or_default();
                seqs.insert(
                    ((*voter).to_owned(), seq.parse().map_err(|_| bad())?),
                    history.len(),
                );
                history.push((selection, None));
            }
            [kind @ ("ack" | "refused" | "lost"), voter, seq, rest @ ..] => {
                let key = ((*voter).to_owned(), seq.parse().map_err(|_| bad())?);
                let at = *seqs.get(&key).ok_or_else(bad)?;
                let outcome = match *kind {
                    "ack" => Outcome::Ack,
                    "refused" => Outcome::Refused(rest.join(" ")),
                    _ => Outcome::Lost,
                };
                if let Some(history) = parsed.voters.get_mut(*voter) {
                    history[at].1 = Some(outcome);
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(parsed)
}

/// Whether `stored` (the voter's ballot as the server has it, sorted; `None`
/// for no ballot) is right after `history`: it must be the last acknowledged
/// selection, or one sent after it whose answer never came (it may have been
/// committed just before a crash). With no acknowledged cast, no ballot is
/// also right.
///
/// # Errors
/// A description of the discrepancy.
pub fn verdict(history: &History, stored: Option<&[i64]>) -> Result<(), String> {
    let last_ack = history
        .iter()
        .rposition(|(_, outcome)| *outcome == Some(Outcome::Ack));
    let unanswered_after = |from: usize| {
        history[from..]
            .iter()
            .filter(|(_, outcome)| matches!(outcome, None | Some(Outcome::Lost)))
            .map(|(selection, _)| selection.as_slice())
            .collect::<Vec<_>>()
    };
    let (acked, mut allowed) = match last_ack {
        Some(at) => (Some(history[at].0.as_slice()), unanswered_after(at + 1)),
        None => (None, unanswered_after(0)),
    };
    allowed.extend(acked);
    let fine = match stored {
        Some(stored) => allowed.contains(&stored),
        None => acked.is_none(),
    };
    if fine {
        return Ok(());
    }
    let acks = history
        .iter()
        .filter(|(_, outcome)| *outcome == Some(Outcome::Ack))
        .count();
    Err(format!(
        "stored {stored:?}, expected the last acknowledged {acked:?} or one of the unanswered {:?} ({} casts sent, {acks} acknowledged)",
        &allowed[..allowed.len().saturating_sub(usize::from(acked.is_some()))],
        history.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "campaign 2
sent a@x 1 5,3
ack a@x 1
sent b@x 1 4
sent a@x 2 9
lost a@x 2
sent b@x 2 4,6
refused b@x 2 303-error
sent a@x 3 1
";

    #[test]
    fn parses_histories_in_order() {
        let parsed = parse(TEXT).expect("valid");
        assert_eq!(parsed.campaign, 2);
        assert_eq!(
            parsed.voters["a@x"],
            vec![
                (vec![3, 5], Some(Outcome::Ack)),
                (vec![9], Some(Outcome::Lost)),
                (vec![1], None),
            ]
        );
        assert_eq!(
            parsed.voters["b@x"],
            vec![
                (vec![4], None),
                (vec![4, 6], Some(Outcome::Refused("303-error".into()))),
            ]
        );
        assert!(parse("sent a@x one 1").is_err());
        assert!(parse("ack a@x 4").is_err());
    }

    #[test]
    fn the_last_ack_or_a_later_lost_cast_is_right() {
        let parsed = parse(TEXT).expect("valid");
        let a = &parsed.voters["a@x"];
        assert_eq!(verdict(a, Some(&[3, 5])), Ok(()));
        assert_eq!(verdict(a, Some(&[9])), Ok(()));
        assert_eq!(verdict(a, Some(&[1])), Ok(()));
        assert!(verdict(a, None).is_err(), "an acknowledged ballot was lost");
        assert!(verdict(a, Some(&[4])).is_err(), "never sent");
    }

    #[test]
    fn a_refused_cast_must_not_be_stored() {
        let parsed = parse(TEXT).expect("valid");
        let b = &parsed.voters["b@x"];
        assert_eq!(verdict(b, None), Ok(()));
        assert_eq!(
            verdict(b, Some(&[4])),
            Ok(()),
            "unanswered, may have landed"
        );
        assert!(verdict(b, Some(&[4, 6])).is_err(), "refused yet stored");
    }

    #[test]
    fn a_cast_lost_before_the_last_ack_must_not_win() {
        let history = vec![
            (vec![1], Some(Outcome::Lost)),
            (vec![2], Some(Outcome::Ack)),
        ];
        assert_eq!(verdict(&history, Some(&[2])), Ok(()));
        assert!(verdict(&history, Some(&[1])).is_err());
    }
}

//! Sign-in codes from the server's mail folder (file mail transport:
//! `ESSAIM_MAIL_DIR`, one `.eml` file per message). The code is the last
//! word of the Subject line, as `end2end/tests/helpers.ts` reads it.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// The recipient and the sign-in code of one message, if it is a sign-in
/// code message.
pub fn code_from_eml(text: &str) -> Option<(String, String)> {
    let (mut to, mut subject) = (None, None);
    for (name, value) in headers(text) {
        if name.eq_ignore_ascii_case("to") {
            to = Some(address(&value));
        } else if name.eq_ignore_ascii_case("subject") {
            subject = Some(value);
        }
    }
    let code = subject?.split_whitespace().last()?.to_owned();
    let is_code = code.len() == 6 && code.chars().all(|c| c.is_ascii_digit());
    is_code.then(|| (to.unwrap_or_default().to_lowercase(), code))
}

/// The header fields of a message (up to the first empty line), folded
/// lines joined.
fn headers(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    fields
}

/// `a@b.fr` out of `a@b.fr`, `<a@b.fr>` or `Name <a@b.fr>`.
fn address(value: &str) -> String {
    match (value.rfind('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => value[open + 1..close].trim().to_owned(),
        _ => value.trim().to_owned(),
    }
}

/// The newest code mailed to each address found in `dir`.
///
/// # Errors
/// An I/O error if the folder cannot be listed.
pub fn newest_codes(dir: &Path) -> std::io::Result<HashMap<String, String>> {
    let mut newest: HashMap<String, (SystemTime, String)> = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "eml") {
            continue;
        }
        // A file being written or removed meanwhile is read on the next pass.
        let (Ok(text), Ok(meta)) = (std::fs::read_to_string(&path), std::fs::metadata(&path))
        else {
            continue;
        };
        let Some((to, code)) = code_from_eml(&text) else {
            continue;
        };
        let at = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if newest.get(&to).is_none_or(|(seen, _)| *seen <= at) {
            newest.insert(to, (at, code));
        }
    }
    Ok(newest
        .into_iter()
        .map(|(to, (_, code))| (to, code))
        .collect())
}

/// Waits (polling every 100 ms, at most `patience`) until `dir` holds a code
/// for every address of `emails`, and returns them.
///
/// # Errors
/// A message naming how many addresses got no code in time.
pub async fn wait_for_codes(
    dir: &Path,
    emails: &[String],
    patience: Duration,
) -> Result<HashMap<String, String>, String> {
    let deadline = Instant::now() + patience;
    loop {
        let codes = newest_codes(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let missing = emails
            .iter()
            .filter(|email| !codes.contains_key(&email.to_lowercase()))
            .count();
        if missing == 0 {
            return Ok(codes);
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "{missing} of {} addresses got no sign-in code in {} within {patience:?}",
                emails.len(),
                dir.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "From: Essaim <no-reply@localhost>\r\n\
        To: citizen0001@load.example\r\n\
        Subject: Votre code de connexion Essaim : 042917\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        Date: Mon, 07 Dec 2026 20:00:00 +0000\r\n\
        \r\n\
        Bonjour,\r\n\r\nVotre code de connexion est : 042917\r\n";

    #[test]
    fn the_code_is_the_last_word_of_the_subject() {
        assert_eq!(
            code_from_eml(MESSAGE),
            Some(("citizen0001@load.example".into(), "042917".into()))
        );
    }

    #[test]
    fn folded_subjects_and_named_recipients() {
        let text = "To: \"Camille\" <Camille@Example.fr>\nSubject: Your Essaim sign-in\n code: 123456\n\nbody";
        assert_eq!(
            code_from_eml(text),
            Some(("camille@example.fr".into(), "123456".into()))
        );
    }

    #[test]
    fn other_messages_have_no_code() {
        assert_eq!(
            code_from_eml("To: a@b.fr\nSubject: Reçu de vote\n\n123456"),
            None
        );
        assert_eq!(code_from_eml("To: a@b.fr\n\nSubject: x 123456"), None);
    }
}

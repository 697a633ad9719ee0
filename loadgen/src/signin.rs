//! Signing citizens in through the real flow, as a phone without JavaScript
//! does: post the address to the code-request server function, read the
//! code from the mail folder, post it to the verify server function, keep
//! the session cookie.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use crate::html;
use crate::http::{Caller, Connection, Endpoint};
use crate::mail;

const SESSION_COOKIE: &str = "essaim_session";

/// A signed-in citizen.
#[derive(Clone, Debug)]
pub struct Citizen {
    /// Their address.
    pub email: String,
    /// Their simulated network address and session cookie.
    pub caller: Caller,
}

/// The simulated client address of citizen `index`, for `X-Forwarded-For`:
/// `10.a.b.1`, a distinct /24 network for each of the first 65 536 citizens,
/// so a per-network limit on sign-in codes sees each citizen as a different
/// phone (the server trusts the header only from `ESSAIM_TRUSTED_PROXIES`).
pub fn forwarded_for(index: usize) -> String {
    let index = index % 65_536;
    format!("10.{}.{}.1", index / 256, index % 256)
}

/// The address of citizen `index`.
pub fn email(prefix: &str, index: usize) -> String {
    format!("{prefix}{index:05}@load.essaim.example")
}

/// The server-function URLs of the two sign-in forms.
#[derive(Clone, Debug)]
pub struct SignInForms {
    request: String,
    verify: String,
}

/// Reads the sign-in forms' actions from `/signin` and `/signin/code`.
///
/// # Errors
/// A message if a page cannot be loaded or has no such form.
pub async fn discover_forms(conn: &mut Connection, caller: &Caller) -> Result<SignInForms, String> {
    let mut action = async |path: &str, name: &str| -> Result<String, String> {
        let reply = conn
            .get(path, caller)
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        html::server_fn_action(&reply.text(), name)
            .ok_or_else(|| format!("GET {path} ({}): no form posting to {name}", reply.status))
    };
    let request = action("/signin", "request_sign_in_code").await?;
    let verify = action(
        "/signin/code?email=someone%40load.essaim.example&next=%2F",
        "verify_sign_in_code",
    )
    .await?;
    Ok(SignInForms { request, verify })
}

/// Signs in the citizens `emails[i]` (with [`forwarded_for`]`(first + i)`),
/// a few at a time, alternating between `endpoints`: the code is asked of
/// one server and checked by the next, which also proves that pending codes
/// live in the shared database. `next` is where they land.
///
/// # Errors
/// A message naming the first citizen who could not sign in.
pub async fn sign_in_all(
    endpoints: &[Endpoint],
    forms: &SignInForms,
    mail_dir: &Path,
    emails: &[String],
    first: usize,
    next: &str,
) -> Result<Vec<Citizen>, String> {
    let citizens: Vec<Citizen> = emails
        .iter()
        .enumerate()
        .map(|(i, email)| Citizen {
            email: email.clone(),
            caller: Caller {
                forwarded_for: forwarded_for(first + i),
                cookie: None,
            },
        })
        .collect();
    let context = |step| {
        Arc::new(Step {
            forms: forms.clone(),
            next: next.to_owned(),
            kind: step,
        })
    };
    run_step(endpoints, context(StepKind::AskCode), &citizens).await?;
    let codes = mail::wait_for_codes(mail_dir, emails, Duration::from_secs(30)).await?;
    let cookies = run_step(endpoints, context(StepKind::CheckCode(codes)), &citizens).await?;
    Ok(citizens
        .into_iter()
        .zip(cookies)
        .map(|(citizen, cookie)| Citizen {
            caller: Caller {
                cookie,
                ..citizen.caller
            },
            ..citizen
        })
        .collect())
}

struct Step {
    forms: SignInForms,
    next: String,
    kind: StepKind,
}

enum StepKind {
    AskCode,
    CheckCode(HashMap<String, String>),
}

/// Runs one step for every citizen, [`PARALLEL`] workers each with one
/// connection per endpoint: citizen `i` asks for a code on endpoint `i` and
/// checks it on endpoint `i + 1` (modulo their number). Returns the session
/// cookies (after [`StepKind::CheckCode`]) in citizen order.
async fn run_step(
    endpoints: &[Endpoint],
    step: Arc<Step>,
    citizens: &[Citizen],
) -> Result<Vec<Option<String>>, String> {
    const PARALLEL: usize = 8;
    let mut workers = JoinSet::new();
    for worker in 0..PARALLEL {
        let mine: Vec<(usize, Citizen)> = citizens
            .iter()
            .cloned()
            .enumerate()
            .skip(worker)
            .step_by(PARALLEL)
            .collect();
        let endpoints = endpoints.to_vec();
        let step = step.clone();
        workers.spawn(async move {
            let mut conns: Vec<Connection> = endpoints.into_iter().map(Connection::new).collect();
            let mut done = Vec::with_capacity(mine.len());
            for (i, citizen) in mine {
                let count = conns.len();
                let conn = match step.kind {
                    StepKind::AskCode => &mut conns[i % count],
                    StepKind::CheckCode(_) => &mut conns[(i + 1) % count],
                };
                done.push((i, one_step(conn, &step, &citizen).await?));
            }
            Ok::<_, String>(done)
        });
    }
    let mut cookies = vec![None; citizens.len()];
    while let Some(joined) = workers.join_next().await {
        for (i, cookie) in joined.map_err(|e| format!("sign-in worker: {e}"))?? {
            cookies[i] = cookie;
        }
    }
    Ok(cookies)
}

async fn one_step(
    conn: &mut Connection,
    step: &Step,
    citizen: &Citizen,
) -> Result<Option<String>, String> {
    let (email, caller, next) = (citizen.email.as_str(), &citizen.caller, step.next.as_str());
    match &step.kind {
        StepKind::AskCode => {
            let fields = [("email", email), ("next", next)];
            let reply = conn
                .post_form(&step.forms.request, &fields, caller, "/signin")
                .await
                .map_err(|e| format!("{email}: asking for a code: {e}"))?;
            match reply.location() {
                Some(to) if reply.status.is_redirection() && to.starts_with("/signin/code") => {
                    Ok(None)
                }
                to => Err(format!(
                    "{email}: asking for a code: {} to {to:?}",
                    reply.status
                )),
            }
        }
        StepKind::CheckCode(codes) => {
            let code = codes.get(&email.to_lowercase()).map_or("", String::as_str);
            let fields = [("email", email), ("code", code), ("next", next)];
            let reply = conn
                .post_form(&step.forms.verify, &fields, caller, "/signin/code")
                .await
                .map_err(|e| format!("{email}: checking the code: {e}"))?;
            let went_on = reply.status.is_redirection()
                && reply.location().is_some_and(|to| !to.contains("__err="));
            match reply.cookie(SESSION_COOKIE) {
                Some(cookie) if went_on => Ok(Some(cookie)),
                _ => Err(format!(
                    "{email}: checking the code: {} to {:?}, no session cookie",
                    reply.status,
                    reply.location()
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_citizen_comes_from_its_own_network() {
        assert_eq!(forwarded_for(0), "10.0.0.1");
        assert_eq!(forwarded_for(1), "10.0.1.1");
        assert_eq!(forwarded_for(257), "10.1.1.1");
        let networks: std::collections::HashSet<String> = (0..1000)
            .map(|i| {
                forwarded_for(i)
                    .rsplit_once('.')
                    .map(|(net, _)| net.to_owned())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(networks.len(), 1000);
    }

    #[test]
    fn addresses_are_numbered() {
        assert_eq!(email("citizen", 7), "citizen00007@load.essaim.example");
    }
}

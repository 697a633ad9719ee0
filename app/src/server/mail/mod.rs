//! Outgoing mail behind one swappable transport: SMTP in production, `.eml`
//! files for local use, a recorder for tests.

pub mod templates;

use std::sync::{Arc, Mutex};

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::config::MailTransport;

/// How long a relay may take to answer before sending counts as failed (a
/// person waits on the page meanwhile).
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A message to send, before addressing headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// Why mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address could not be used.
    #[error("invalid address: {0}")]
    Address(String),
    /// The transport failed.
    #[error("transport failed: {0}")]
    Transport(String),
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// Through an SMTP relay.
    Smtp {
        /// The relay.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// Into `.eml` files (local use: nothing leaves the machine).
    File {
        /// The folder writer.
        transport: AsyncFileTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
        /// The folder, for the log line.
        dir: std::path::PathBuf,
    },
    /// Kept in memory, for tests to read.
    Recorder(Arc<Mutex<Vec<Mail>>>),
}

impl Mailer {
    /// Builds the configured transport. The file transport's folder is
    /// created if missing.
    ///
    /// # Errors
    /// A [`MailError`] for an unusable sender, SMTP URL or folder.
    pub fn from_config(transport: &MailTransport, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        match transport {
            MailTransport::File(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    MailError::Transport(format!("cannot create {}: {e}", dir.display()))
                })?;
                Ok(Mailer::File {
                    transport: AsyncFileTransport::new(dir),
                    from,
                    dir: dir.clone(),
                })
            }
            MailTransport::Smtp(url) => Ok(Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Transport(e.to_string()))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
                from,
            }),
        }
    }

    /// A recorder and the list it fills.
    pub fn recorder() -> (Self, Arc<Mutex<Vec<Mail>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Recorder(sent.clone()), sent)
    }

    /// Sends one message.
    ///
    /// # Errors
    /// A [`MailError`] if the address is unusable or the transport fails.
    #[tracing::instrument(name = "send mail", skip_all, fields(subject = %mail.subject))]
    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        let build = |from: &Mailbox| -> Result<Message, MailError> {
            let to: Mailbox = mail
                .to
                .parse()
                .map_err(|_| MailError::Address(mail.to.clone()))?;
            Message::builder()
                .from(from.clone())
                .to(to)
                .subject(mail.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone())
                .map_err(|e| MailError::Transport(e.to_string()))
        };
        match self {
            Mailer::Smtp { transport, from } => {
                transport
                    .send(build(from)?)
                    .await
                    .map_err(|e| MailError::Transport(e.to_string()))?;
            }
            Mailer::File {
                transport,
                from,
                dir,
            } => {
                let id = transport
                    .send(build(from)?)
                    .await
                    .map_err(|e| MailError::Transport(e.to_string()))?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "mail written (file transport, local use only)");
            }
            Mailer::Recorder(sent) => {
                sent.lock()
                    .map_err(|_| MailError::Transport("recorder poisoned".into()))?
                    .push(mail);
            }
        }
        Ok(())
    }
}

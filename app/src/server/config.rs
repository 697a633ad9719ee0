//! Configuration from the environment, parsed once at start-up and
//! validated with errors that name the variable at fault.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use super::secret::{SecretSource, ServerSecret};

/// Where the data lives: the embedded SQLite file or a PostgreSQL server.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path?mode=rwc`: a file, created on first start.
    Sqlite(String),
    /// `postgres://user:password@host/db`.
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads a `DATABASE_URL`.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] unless it starts with `sqlite:` or `postgres(ql)://`.
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        if raw.starts_with("sqlite:") {
            Ok(DatabaseUrl::Sqlite(raw.to_owned()))
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(raw.to_owned()))
        } else {
            Err(ConfigError::Invalid {
                var: "DATABASE_URL",
                reason: "must start with sqlite: or postgres://".into(),
            })
        }
    }

    /// The URL as given (contains the password for PostgreSQL: never log it).
    pub fn expose(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url,
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseUrl::Sqlite(url) => write!(f, "{url}"),
            DatabaseUrl::Postgres(_) => f.write_str("postgres://[redacted]"),
        }
    }
}

/// How mail leaves the server.
#[derive(Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// Each message written as an `.eml` file into this folder (local use).
    File(PathBuf),
    /// Sent through an SMTP relay, e.g. `smtps://user:password@smtp.example.org:465`.
    Smtp(String),
}

impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailTransport::File(dir) => write!(f, "file({})", dir.display()),
            MailTransport::Smtp(_) => f.write_str("smtp([redacted])"),
        }
    }
}

/// Everything Essaim reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite://data/essaim.db?mode=rwc`.
    pub database_url: DatabaseUrl,
    /// `ESSAIM_ADDR`, default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `ESSAIM_PUBLIC_URL`, the address people use, for links in mail;
    /// default `http://<ESSAIM_ADDR>`. Cookies are `Secure` when it is https.
    pub public_url: String,
    /// `ESSAIM_SITE_ROOT`: the built stylesheet, WASM and JS; default `target/site`.
    pub site_root: PathBuf,
    /// `ESSAIM_MAIL_TRANSPORT` (`file` or `smtp`), with `ESSAIM_MAIL_DIR`
    /// (default `data/mail`) or `ESSAIM_SMTP_URL`.
    pub mail_transport: MailTransport,
    /// `ESSAIM_MAIL_FROM`, default `Essaim <no-reply@localhost>`.
    pub mail_from: String,
    /// `ESSAIM_SECRET_KEY` (64 hexadecimal digits), else the file
    /// `ESSAIM_SECRET_FILE` (default `data/secret.key`, created on first start).
    pub secret: SecretSource,
    /// `ESSAIM_TRUSTED_PROXIES`: addresses of the reverse proxies in front
    /// of Essaim, comma-separated (default none). Only from these is
    /// `X-Forwarded-For` believed, to find the client's address.
    pub trusted_proxies: Vec<IpAddr>,
    /// `ESSAIM_MAX_IN_FLIGHT`: requests one server works on at once (default
    /// 512); past that it answers 503 at once.
    pub max_in_flight: usize,
}

/// A variable that is set but wrong.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The variable's value cannot be used.
    #[error("{var} is invalid: {reason}")]
    Invalid {
        /// The variable's name.
        var: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl Config {
    /// Reads the configuration through `var` (`std::env::var` in production,
    /// a map in tests).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first invalid variable.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let or = |name: &str, default: &str| var(name).unwrap_or_else(|| default.to_owned());
        let database_url =
            DatabaseUrl::parse(&or("DATABASE_URL", "sqlite://data/essaim.db?mode=rwc"))?;
        let addr_raw = or("ESSAIM_ADDR", "127.0.0.1:3000");
        let addr: SocketAddr = addr_raw.parse().map_err(|_| ConfigError::Invalid {
            var: "ESSAIM_ADDR",
            reason: format!("{addr_raw:?} is not an address such as 127.0.0.1:3000"),
        })?;
        let public_url = or("ESSAIM_PUBLIC_URL", &format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                var: "ESSAIM_PUBLIC_URL",
                reason: "must start with http:// or https://".into(),
            });
        }
        let mail_transport = match or("ESSAIM_MAIL_TRANSPORT", "file").as_str() {
            "file" => MailTransport::File(or("ESSAIM_MAIL_DIR", "data/mail").into()),
            "smtp" => MailTransport::Smtp(var("ESSAIM_SMTP_URL").ok_or(ConfigError::Invalid {
                var: "ESSAIM_SMTP_URL",
                reason: "is required when ESSAIM_MAIL_TRANSPORT=smtp".into(),
            })?),
            other => {
                return Err(ConfigError::Invalid {
                    var: "ESSAIM_MAIL_TRANSPORT",
                    reason: format!("{other:?} is neither file nor smtp"),
                });
            }
        };
        let secret = match var("ESSAIM_SECRET_KEY") {
            Some(key) => SecretSource::Key(ServerSecret::from_hex(&key).map_err(|e| {
                ConfigError::Invalid {
                    var: "ESSAIM_SECRET_KEY",
                    reason: e.to_string(),
                }
            })?),
            None => SecretSource::File(or("ESSAIM_SECRET_FILE", "data/secret.key").into()),
        };
        let trusted_proxies = or("ESSAIM_TRUSTED_PROXIES", "")
            .split(',')
            .map(str::trim)
            .filter(|raw| !raw.is_empty())
            .map(|raw| {
                raw.parse::<IpAddr>().map_err(|_| ConfigError::Invalid {
                    var: "ESSAIM_TRUSTED_PROXIES",
                    reason: format!("{raw:?} is not an IP address"),
                })
            })
            .collect::<Result<_, _>>()?;
        let max_in_flight_raw = or("ESSAIM_MAX_IN_FLIGHT", "512");
        let max_in_flight = max_in_flight_raw
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ConfigError::Invalid {
                var: "ESSAIM_MAX_IN_FLIGHT",
                reason: format!("{max_in_flight_raw:?} is not a positive whole number"),
            })?;
        Ok(Config {
            database_url,
            secret,
            trusted_proxies,
            max_in_flight,
            addr,
            public_url: public_url.trim_end_matches('/').to_owned(),
            site_root: or("ESSAIM_SITE_ROOT", "target/site").into(),
            mail_transport,
            mail_from: or("ESSAIM_MAIL_FROM", "Essaim <no-reply@localhost>"),
        })
    }

    /// Reads the process environment.
    ///
    /// # Errors
    /// As [`Config::from_vars`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Config::from_vars(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Whether session cookies get the `Secure` flag (public URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_run_locally_on_sqlite() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(
            config.database_url,
            DatabaseUrl::Sqlite("sqlite://data/essaim.db?mode=rwc".into())
        );
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        assert_eq!(
            config.mail_transport,
            MailTransport::File("data/mail".into())
        );
        assert!(!config.secure_cookies());
        assert!(
            matches!(config.secret, SecretSource::File(ref path) if path.ends_with("data/secret.key"))
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        let error = config(&[("DATABASE_URL", "mysql://x")]).expect_err("mysql is not supported");
        assert!(error.to_string().starts_with("DATABASE_URL is invalid"));
        let error = config(&[("ESSAIM_ADDR", "localhost")]).expect_err("needs a port");
        assert!(error.to_string().starts_with("ESSAIM_ADDR is invalid"));
        let error =
            config(&[("ESSAIM_TRUSTED_PROXIES", "10.0.0.1, proxy")]).expect_err("not an IP");
        assert!(
            error
                .to_string()
                .starts_with("ESSAIM_TRUSTED_PROXIES is invalid")
        );
        let proxies = config(&[("ESSAIM_TRUSTED_PROXIES", "10.0.0.1, ::1")]).expect("valid");
        assert_eq!(proxies.trusted_proxies.len(), 2);
        let error = config(&[("ESSAIM_MAX_IN_FLIGHT", "0")]).expect_err("zero");
        assert!(
            error
                .to_string()
                .starts_with("ESSAIM_MAX_IN_FLIGHT is invalid")
        );
        let error = config(&[("ESSAIM_SECRET_KEY", "1234")]).expect_err("too short");
        assert!(
            error
                .to_string()
                .starts_with("ESSAIM_SECRET_KEY is invalid")
        );
        let error = config(&[("ESSAIM_MAIL_TRANSPORT", "smtp")]).expect_err("needs a URL");
        assert!(error.to_string().starts_with("ESSAIM_SMTP_URL is invalid"));
    }

    #[test]
    fn secrets_are_not_printed() {
        let config = config(&[
            ("DATABASE_URL", "postgres://essaim:hunter2@db/essaim"),
            ("ESSAIM_MAIL_TRANSPORT", "smtp"),
            ("ESSAIM_SMTP_URL", "smtps://u:hunter2@smtp.example.org"),
            ("ESSAIM_PUBLIC_URL", "https://budget.example.org/"),
            ("ESSAIM_SECRET_KEY", &"ab".repeat(32)),
        ])
        .expect("valid");
        assert!(!format!("{config:?}").contains("hunter2"));
        assert!(!format!("{config:?}").contains(&"ab".repeat(32)));
        assert!(config.secure_cookies());
        assert_eq!(config.public_url, "https://budget.example.org");
    }
}

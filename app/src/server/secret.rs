//! The server's secret key: it keys the hashes of short-lived secrets (the
//! six-digit sign-in codes), so that a copy of the database alone does not
//! give them away. It lives outside the database: in `ESSAIM_SECRET_KEY`,
//! or in a file created on first start (`ESSAIM_SECRET_FILE`).

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Where the key comes from (configuration).
#[derive(Clone, Debug)]
pub enum SecretSource {
    /// Given directly (`ESSAIM_SECRET_KEY`), e.g. shared by several servers.
    Key(ServerSecret),
    /// Kept in a file, created on first start (`ESSAIM_SECRET_FILE`).
    File(PathBuf),
}

impl SecretSource {
    /// The key, reading or creating its file if need be.
    ///
    /// # Errors
    /// A [`SecretError`] if the file cannot be read, created or parsed.
    pub fn load(&self) -> Result<ServerSecret, SecretError> {
        match self {
            SecretSource::Key(secret) => Ok(secret.clone()),
            SecretSource::File(path) => ServerSecret::load_or_create(path),
        }
    }
}

/// 32 random bytes. Its `Debug` never shows them.
#[derive(Clone)]
pub struct ServerSecret([u8; 32]);

/// Why the secret key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The key given is not 64 hexadecimal digits.
    #[error("the secret key must be 64 hexadecimal digits")]
    Malformed,
    /// The key file could not be read or written.
    #[error("secret key file {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl ServerSecret {
    /// Reads a key written as 64 hexadecimal digits.
    ///
    /// # Errors
    /// [`SecretError::Malformed`] for anything else.
    pub fn from_hex(hex_key: &str) -> Result<Self, SecretError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| SecretError::Malformed)?;
        bytes
            .try_into()
            .map(ServerSecret)
            .map_err(|_| SecretError::Malformed)
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        ServerSecret(bytes)
    }

    /// Reads the key file, or creates it with a fresh key (readable by its
    /// owner only) when it does not exist yet.
    ///
    /// # Errors
    /// A [`SecretError`] if the file cannot be read, created or parsed.
    pub fn load_or_create(path: &Path) -> Result<Self, SecretError> {
        let file_error = |source| SecretError::File {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => return ServerSecret::from_hex(&text),
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(file_error(error));
            }
            Err(_) => {}
        }
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(file_error)?;
        }
        let secret = ServerSecret::generate();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(mut file) => {
                writeln!(file, "{}", hex::encode(secret.0)).map_err(file_error)?;
                file.sync_all().map_err(file_error)?;
                Ok(secret)
            }
            // Another server started at the same moment and wrote it first.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(path).map_err(file_error)?;
                ServerSecret::from_hex(&text)
            }
            Err(error) => Err(file_error(error)),
        }
    }

    /// HMAC-SHA-256 of `parts` (each followed by a zero byte, so that no two
    /// different lists of parts give the same message), in hexadecimal.
    pub fn mac(&self, parts: &[&str]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            unreachable!("HMAC accepts keys of any length");
        };
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_depend_on_the_key_and_on_how_parts_split() {
        let one = ServerSecret::generate();
        let other = ServerSecret::generate();
        assert_eq!(one.mac(&["a", "b"]), one.mac(&["a", "b"]));
        assert_ne!(one.mac(&["a", "b"]), other.mac(&["a", "b"]));
        assert_ne!(one.mac(&["ab", ""]), one.mac(&["a", "b"]));
        assert!(!format!("{one:?}").contains(&hex::encode(one.0)));
    }

    #[test]
    fn the_key_file_is_created_once_then_read() {
        let dir = std::env::temp_dir().join(format!("essaim-secret-{}", rand::random::<u64>()));
        let path = dir.join("secret.key");
        let first = ServerSecret::load_or_create(&path).expect("created");
        let again = ServerSecret::load_or_create(&path).expect("read");
        assert_eq!(first.0, again.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("file").permissions().mode();
            assert_eq!(mode & 0o077, 0, "only its owner may read it");
        }
        std::fs::remove_dir_all(dir).expect("clean up");
    }

    #[test]
    fn malformed_keys_are_refused() {
        assert!(ServerSecret::from_hex("abc").is_err());
        assert!(ServerSecret::from_hex(&"0".repeat(64)).is_ok());
        assert!(ServerSecret::from_hex(&"z".repeat(64)).is_err());
    }
}

//! Encryption of secrets at rest (installation tokens): XChaCha20-Poly1305 with a key from
//! `MOPS_ENCRYPTION_KEY` and a fresh random nonce for every value sealed. The [`Token`] type
//! lives here too, so the store can hand tokens out without knowing the Slack layer.
//!
//! XChaCha20-Poly1305 is ChaCha20-Poly1305 with a 192-bit nonce, so nonces drawn at random
//! never realistically repeat however many tokens are sealed under one key. Each value is
//! bound to a context string (for example the workspace it belongs to): a sealed token copied
//! into another workspace's row does not open.
//!
//! Every sealed value names the key that sealed it (`v2:<key id>:…`), so keys can be rotated:
//! with `MOPS_ENCRYPTION_KEY_OLD` set to the previous key, values sealed with it still open,
//! and `mops-bot keys rotate` re-seals them under the current one. The key id is a short hash
//! of the key; it tells keys apart and reveals nothing usable about them. Values written
//! before key ids existed (`v1:`) are tried with the current key, then the old one.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// A bot (`xoxb-`) or app-level (`xapp-`) token. Never printed.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    pub fn new(raw: impl Into<String>) -> Self {
        Self(SecretString::from(raw.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<SecretString> for Token {
    fn from(s: SecretString) -> Self {
        Self(s)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

/// The format tag in front of every sealed value, so the format can change later.
const VERSION: &str = "v2:";
/// The first format: no key id.
const LEGACY: &str = "v1:";
const NONCE_LEN: usize = 24;

/// How to make a key, shown wherever a key is missing or malformed.
pub const KEY_HELP: &str = "expected 32 random bytes in base64 (44 characters); generate one with \
     `openssl rand -base64 32` or `head -c32 /dev/urandom | base64`";

/// A 256-bit key. Never printed.
#[derive(Clone)]
pub struct EncryptionKey([u8; 32]);

impl EncryptionKey {
    /// Parses the base64 text of `MOPS_ENCRYPTION_KEY`.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| KeyError::NotBase64)?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| KeyError::WrongLength(b.len()))?;
        Ok(Self(key))
    }

    /// The key's id: 8 hex digits of a domain-separated SHA-256 of the key.
    pub fn id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"mops-bot/encryption-key-id/v1")
            .chain_update(self.0)
            .finalize();
        hex::encode(&digest[..4])
    }
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EncryptionKey([REDACTED])")
    }
}

/// The keys secrets are sealed with: the current one and, while rotating, the previous one.
#[derive(Debug, Clone)]
pub struct Keys {
    pub current: EncryptionKey,
    pub previous: Option<EncryptionKey>,
}

impl Keys {
    pub fn cipher(&self) -> Cipher {
        Cipher::with_old(&self.current, self.previous.as_ref())
    }
}

/// Why a key was refused. Never contains the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not valid base64; {KEY_HELP}")]
    NotBase64,
    #[error("decodes to {0} bytes, not 32; {KEY_HELP}")]
    WrongLength(usize),
}

/// A sealed value could not be opened: wrong key, wrong context or damaged data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a stored secret could not be decrypted (is MOPS_ENCRYPTION_KEY, or MOPS_ENCRYPTION_KEY_OLD, the key it was stored with?)"
)]
pub struct Unreadable;

/// One key ready to use, with its id.
#[derive(Clone)]
struct Sealer {
    id: String,
    aead: XChaCha20Poly1305,
}

impl Sealer {
    fn new(key: &EncryptionKey) -> Self {
        Self {
            id: key.id(),
            aead: XChaCha20Poly1305::new((&key.0).into()),
        }
    }

    fn open(&self, b64: &str, context: &str) -> Result<SecretString, Unreadable> {
        let bytes = STANDARD.decode(b64).map_err(|_| Unreadable)?;
        if bytes.len() <= NONCE_LEN {
            return Err(Unreadable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plain = self
            .aead
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| Unreadable)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| Unreadable)
    }
}

/// Seals with the current key; opens with it or with the previous one.
#[derive(Clone)]
pub struct Cipher {
    current: Sealer,
    old: Option<Sealer>,
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher([REDACTED])")
    }
}

impl Cipher {
    pub fn new(key: &EncryptionKey) -> Self {
        Self::with_old(key, None)
    }

    /// A cipher that also opens values sealed with `old` (`MOPS_ENCRYPTION_KEY_OLD`).
    pub fn with_old(key: &EncryptionKey, old: Option<&EncryptionKey>) -> Self {
        Self {
            current: Sealer::new(key),
            old: old.map(Sealer::new),
        }
    }

    /// The id of the key values are sealed with.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// Encrypts `secret` for storage, bound to `context`:
    /// `v2:<key id>:` + base64(nonce ‖ ciphertext).
    pub fn seal(&self, secret: &str, context: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption into a Vec only fails if the message exceeds ChaCha20's 256 GiB limit.
        let sealed = self
            .current
            .aead
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{VERSION}{}:{}", self.current.id, STANDARD.encode(out))
    }

    /// Decrypts what [`Cipher::seal`] produced with the current or the old key and `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, Unreadable> {
        let keys = || std::iter::once(&self.current).chain(&self.old);
        if let Some(rest) = sealed.strip_prefix(VERSION) {
            let (id, b64) = rest.split_once(':').ok_or(Unreadable)?;
            let sealer = keys().find(|k| k.id == id).ok_or(Unreadable)?;
            return sealer.open(b64, context);
        }
        let b64 = sealed.strip_prefix(LEGACY).ok_or(Unreadable)?;
        keys()
            .find_map(|k| k.open(b64, context).ok())
            .ok_or(Unreadable)
    }

    /// Whether `sealed` is sealed with the current key (else `keys rotate` re-seals it).
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed
            .strip_prefix(VERSION)
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(id, _)| id == self.current.id)
    }
}

#[cfg(test)]
mod tests;

//! Encryption of secrets at rest (installation tokens): XChaCha20-Poly1305 with a key from
//! `MOPS_ENCRYPTION_KEY` and a fresh random nonce for every value sealed.
//!
//! XChaCha20-Poly1305 is ChaCha20-Poly1305 with a 192-bit nonce, so nonces drawn at random
//! never realistically repeat however many tokens are sealed under one key. Each value is
//! bound to a context string (for example the workspace it belongs to): a sealed token copied
//! into another workspace's row does not open.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::SecretString;

/// The format tag in front of every sealed value, so the format can change later.
const VERSION: &str = "v1:";
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
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EncryptionKey([REDACTED])")
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
    "a stored secret could not be decrypted (is MOPS_ENCRYPTION_KEY the key it was stored with?)"
)]
pub struct Unreadable;

/// Seals and opens secrets with one key.
#[derive(Clone)]
pub struct Cipher {
    aead: XChaCha20Poly1305,
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher([REDACTED])")
    }
}

impl Cipher {
    pub fn new(key: &EncryptionKey) -> Self {
        Self {
            aead: XChaCha20Poly1305::new((&key.0).into()),
        }
    }

    /// Encrypts `secret` for storage, bound to `context`: `v1:` + base64(nonce ‖ ciphertext).
    pub fn seal(&self, secret: &str, context: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption into a Vec only fails if the message exceeds ChaCha20's 256 GiB limit.
        let sealed = self
            .aead
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{VERSION}{}", STANDARD.encode(out))
    }

    /// Decrypts what [`Cipher::seal`] produced with the same key and `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, Unreadable> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .ok_or(Unreadable)?;
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

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn key(byte: u8) -> EncryptionKey {
        EncryptionKey::from_base64(&STANDARD.encode([byte; 32])).expect("valid key")
    }

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_context() {
        let cipher = Cipher::new(&key(7));
        let sealed = cipher.seal("xoxb-secret-token", "T0001/bot");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("xoxb"), "{sealed}");
        let opened = cipher.open(&sealed, "T0001/bot").expect("opens");
        assert_eq!(opened.expose_secret(), "xoxb-secret-token");

        assert_eq!(cipher.open(&sealed, "T0002/bot").unwrap_err(), Unreadable);
        assert_eq!(
            Cipher::new(&key(8)).open(&sealed, "T0001/bot").unwrap_err(),
            Unreadable
        );
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("still ascii");
        assert_eq!(cipher.open(&tampered, "T0001/bot").unwrap_err(), Unreadable);
        for junk in ["", "v1:", "v1:!!!", "v2:AAAA", "xoxb-plain"] {
            assert_eq!(cipher.open(junk, "T0001/bot").unwrap_err(), Unreadable);
        }
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let cipher = Cipher::new(&key(1));
        let a = cipher.seal("same", "ctx");
        let b = cipher.seal("same", "ctx");
        assert_ne!(a, b, "the same secret never seals to the same text twice");
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64_and_never_show() {
        assert_eq!(
            EncryptionKey::from_base64("not base64!").unwrap_err(),
            KeyError::NotBase64
        );
        assert_eq!(
            EncryptionKey::from_base64(&STANDARD.encode([0u8; 16])).unwrap_err(),
            KeyError::WrongLength(16)
        );
        let text = STANDARD.encode([42u8; 32]);
        let parsed = EncryptionKey::from_base64(&format!(" {text}\n")).expect("trimmed");
        assert_eq!(format!("{parsed:?}"), "EncryptionKey([REDACTED])");
        assert!(!format!("{:?}", Cipher::new(&parsed)).contains(&text));
        assert!(
            KeyError::NotBase64
                .to_string()
                .contains("openssl rand -base64 32")
        );
    }
}

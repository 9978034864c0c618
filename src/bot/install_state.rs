//! The OAuth `state` of an install, stateless until it is redeemed: the install page signs
//! `{expiry}.{nonce}` with a key derived from the client secret, bound to a hash of the
//! browser's cookie secret. Loading the page writes nothing anywhere, so no number of page
//! loads can fill a table or lock anyone out; only the redirect that redeems a good state
//! records it (so it works once).

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Why a presented state is not good for this browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a state this bot signed for this browser (forged, mangled, another browser's).
    Invalid,
    /// Signed for this browser, but too old.
    Expired,
}

/// A state checked against its signature and the browser's cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub expires_at: Timestamp,
}

/// Signs and checks states with a key only this bot knows.
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer { key: [REDACTED] }")
    }
}

/// 256 random bits as hex: nonces and browser secrets.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 as hex; what is stored in place of a state or a browser secret.
pub fn digest(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

impl Signer {
    /// A signing key derived from the app's client secret, separate from any other use of it.
    pub fn new(client_secret: &SecretString) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(client_secret.expose_secret().as_bytes())
            .expect("HMAC takes any key");
        mac.update(b"mops-bot/oauth-state-key/v1");
        Self {
            key: mac.finalize().into_bytes().into(),
        }
    }

    fn mac(&self, expires: i64, nonce: &str, browser: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(format!("{expires}.{nonce}.{}", digest(browser)).as_bytes());
        mac
    }

    /// A fresh state for the browser holding `browser`, good until `expires_at`.
    pub fn issue(&self, browser: &str, expires_at: Timestamp) -> String {
        let expires = expires_at.as_second();
        let nonce = random_hex();
        let tag = self.mac(expires, &nonce, browser).finalize().into_bytes();
        format!("{expires}.{nonce}.{}", hex::encode(tag))
    }

    /// Checks `state` against the browser's cookie secret at `now`.
    pub fn check(
        &self,
        state: &str,
        browser: Option<&str>,
        now: Timestamp,
    ) -> Result<Checked, Refusal> {
        let browser = browser.filter(|b| !b.is_empty()).ok_or(Refusal::Invalid)?;
        let mut parts = state.splitn(3, '.');
        let (Some(expires), Some(nonce), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Refusal::Invalid);
        };
        let expires: i64 = expires.parse().map_err(|_| Refusal::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| Refusal::Invalid)?;
        if nonce.len() != 64 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Refusal::Invalid);
        }
        // verify_slice compares in constant time.
        self.mac(expires, nonce, browser)
            .verify_slice(&tag)
            .map_err(|_| Refusal::Invalid)?;
        let expires_at = Timestamp::from_second(expires).map_err(|_| Refusal::Invalid)?;
        if expires_at <= now {
            return Err(Refusal::Expired);
        }
        Ok(Checked { expires_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(secret: &str) -> Signer {
        Signer::new(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_state_is_good_only_for_its_browser_its_bot_and_its_lifetime() {
        let now: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        let later = now
            .checked_add(jiff::SignedDuration::from_mins(10))
            .unwrap();
        let s = signer("client-secret-one");
        let state = s.issue("browser-a", later);
        assert!(s.check(&state, Some("browser-a"), now).is_ok());
        assert_eq!(
            s.check(&state, Some("browser-b"), now),
            Err(Refusal::Invalid)
        );
        assert_eq!(s.check(&state, None, now), Err(Refusal::Invalid));
        assert_eq!(
            signer("client-secret-two").check(&state, Some("browser-a"), now),
            Err(Refusal::Invalid)
        );
        assert_eq!(
            s.check(&state, Some("browser-a"), later),
            Err(Refusal::Expired)
        );
        let pushed = state.replacen(&later.as_second().to_string(), "9999999999", 1);
        assert_eq!(
            s.check(&pushed, Some("browser-a"), now),
            Err(Refusal::Invalid)
        );
        for junk in ["", "..", "1.2.3", "x.y.z.w", &"ab".repeat(32)] {
            assert_eq!(
                s.check(junk, Some("browser-a"), now),
                Err(Refusal::Invalid),
                "{junk}"
            );
        }
        assert_ne!(
            s.issue("browser-a", later),
            state,
            "a fresh nonce each time"
        );
        assert!(!format!("{s:?}").contains("client-secret"));
    }
}

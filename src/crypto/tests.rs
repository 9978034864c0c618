//! Sealing and opening secrets, key ids and rotation, and keys that never show.

use secrecy::ExposeSecret;

use super::*;

fn key(byte: u8) -> EncryptionKey {
    EncryptionKey::from_base64(&STANDARD.encode([byte; 32])).expect("valid key")
}

#[test]
fn sealed_values_open_only_with_the_same_key_and_context() {
    let cipher = Cipher::new(&key(7));
    let sealed = cipher.seal("xoxb-secret-token", "T0001/bot");
    assert!(
        sealed.starts_with(&format!("v2:{}:", key(7).id())),
        "{sealed}"
    );
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
    for junk in ["", "v1:", "v1:!!!", "v2:AAAA", "v3:AAAA", "xoxb-plain"] {
        assert_eq!(cipher.open(junk, "T0001/bot").unwrap_err(), Unreadable);
    }
}

#[test]
fn values_sealed_with_the_old_key_open_while_it_is_configured() {
    let (old, new) = (key(1), key(2));
    assert_ne!(old.id(), new.id());
    let sealed = Cipher::new(&old).seal("xoxb-old", "ctx");
    assert_eq!(
        Cipher::new(&new).open(&sealed, "ctx").unwrap_err(),
        Unreadable
    );
    let both = Cipher::with_old(&new, Some(&old));
    assert_eq!(
        both.open(&sealed, "ctx").expect("opens").expose_secret(),
        "xoxb-old"
    );
    assert!(!both.is_current(&sealed), "needs re-sealing");
    let resealed = both.seal("xoxb-old", "ctx");
    assert!(both.is_current(&resealed));
    assert_eq!(
        Cipher::new(&new)
            .open(&resealed, "ctx")
            .expect("opens")
            .expose_secret(),
        "xoxb-old"
    );
    // An id that names neither key is refused without trying them.
    let foreign = resealed.replacen(&new.id(), "00000000", 1);
    assert_eq!(both.open(&foreign, "ctx").unwrap_err(), Unreadable);
}

#[test]
fn values_from_before_key_ids_still_open_with_either_key() {
    let old = key(3);
    let sealed = Cipher::new(&old).seal("xoxb-legacy", "ctx");
    // The v1 format: the same bytes without the key id.
    let legacy = format!("v1:{}", sealed.rsplit(':').next().expect("base64 part"));
    let both = Cipher::with_old(&key(4), Some(&old));
    assert_eq!(
        both.open(&legacy, "ctx").expect("opens").expose_secret(),
        "xoxb-legacy"
    );
    assert!(!both.is_current(&legacy));
    assert_eq!(
        Cipher::new(&key(4)).open(&legacy, "ctx").unwrap_err(),
        Unreadable
    );
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

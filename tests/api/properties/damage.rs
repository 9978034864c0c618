//! Damage done to a body after it is built and before it is signed: truncation, a flipped
//! byte, junk appended, or repetition far past every size limit.

use proptest::prelude::*;

/// Damage done to a body after it was built (and before it is signed).
#[derive(Debug, Clone)]
pub enum Damage {
    None,
    Truncate(prop::sample::Index),
    Flip(prop::sample::Index, u8),
    Junk(Vec<u8>),
    /// Repeated until the body is far past every size limit.
    Huge,
}

pub fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        6 => Just(Damage::None),
        1 => any::<prop::sample::Index>().prop_map(Damage::Truncate),
        1 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        1 => prop::collection::vec(any::<u8>(), 1..64).prop_map(Damage::Junk),
        1 => Just(Damage::Huge),
    ]
}

impl Damage {
    pub fn apply(&self, mut body: Vec<u8>) -> Vec<u8> {
        match self {
            Damage::None => {}
            Damage::Truncate(at) if !body.is_empty() => body.truncate(at.index(body.len())),
            Damage::Flip(at, byte) if !body.is_empty() => {
                let i = at.index(body.len());
                body[i] ^= byte | 1;
            }
            Damage::Junk(junk) => body.extend_from_slice(junk),
            Damage::Huge => {
                let copy = if body.is_empty() {
                    b"a".to_vec()
                } else {
                    body.clone()
                };
                while body.len() < 2 << 20 {
                    body.extend_from_slice(&copy);
                }
            }
            Damage::Truncate(_) | Damage::Flip(..) => {}
        }
        body
    }
}

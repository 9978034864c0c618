//! Which nudge a channel gets next: each channel works through the whole library in its own
//! stable order, without repeats, before a new cycle starts. The order comes from a hash of
//! the channel and the nudge id, so adding or removing nudges never reshuffles what a
//! channel has already seen, and new nudges join the current cycle. Personal nudges (such as
//! whether it is time to leave) are never part of a channel's rotation; a person's own
//! subscription (its target is their user id) gets every nudge.

use super::scope::Scope;
use crate::guidance::nudge::Nudge;
use crate::ids::{ChannelId, TeamId};

/// The nudge to send and the rotation cycle it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick<'a> {
    pub nudge: &'a Nudge,
    pub cycle: i64,
}

/// The next nudge for a channel (or person) whose current `cycle` has used `used`; `None`
/// only when the library has no nudge fit for it.
pub fn next<'a>(
    library: &'a [Nudge],
    team: &TeamId,
    channel: &ChannelId,
    cycle: i64,
    used: &[String],
) -> Option<Pick<'a>> {
    let key = |n: &&Nudge| order_key(team, channel, &n.id);
    let scope = Scope::of_target(channel);
    let rotation = || library.iter().filter(|n| scope.fits(n));
    let fresh = rotation().filter(|n| !used.contains(&n.id)).min_by_key(key);
    match fresh {
        Some(nudge) => Some(Pick { nudge, cycle }),
        None => rotation().min_by_key(key).map(|nudge| Pick {
            nudge,
            cycle: cycle + 1,
        }),
    }
}

/// FNV-1a: stable across builds and Rust versions, unlike `DefaultHasher`.
fn order_key(team: &TeamId, channel: &ChannelId, nudge: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [team.as_str(), "/", channel.as_str(), "/", nudge] {
        for b in part.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::nudge::Audience;

    fn nudge(id: &str) -> Nudge {
        Nudge {
            id: id.into(),
            topic: "burnout".into(),
            audience: Audience::Channel,
            title: id.into(),
            body: "b".into(),
            action: "a".into(),
        }
    }

    #[test]
    fn a_channel_sees_every_nudge_once_per_cycle() {
        let library: Vec<Nudge> = (0..10).map(|i| nudge(&format!("n{i}"))).collect();
        let team = TeamId::parse("T1").unwrap();
        let channel = ChannelId::parse("C1").unwrap();
        let mut used = Vec::new();
        for _ in 0..10 {
            let pick = next(&library, &team, &channel, 0, &used).unwrap();
            assert_eq!(pick.cycle, 0);
            assert!(!used.contains(&pick.nudge.id));
            used.push(pick.nudge.id.clone());
        }
        let again = next(&library, &team, &channel, 0, &used).unwrap();
        assert_eq!(again.cycle, 1);
        assert_eq!(
            again.nudge.id, used[0],
            "the new cycle starts in the same order"
        );

        let other = ChannelId::parse("C2").unwrap();
        let orders: Vec<String> = (0..3)
            .scan(Vec::new(), |seen: &mut Vec<String>, _| {
                let p = next(&library, &team, &other, 0, seen)?;
                seen.push(p.nudge.id.clone());
                Some(p.nudge.id.clone())
            })
            .collect();
        assert_ne!(orders, used[..3].to_vec(), "channels get different orders");
        assert!(next(&[], &team, &channel, 0, &[]).is_none());
    }

    #[test]
    fn personal_nudges_are_never_picked_for_a_channel() {
        let mut library: Vec<Nudge> = (0..6).map(|i| nudge(&format!("n{i}"))).collect();
        for n in library.iter_mut().step_by(2) {
            n.audience = Audience::Personal;
        }
        let team = TeamId::parse("T1").unwrap();
        let mut used = Vec::new();
        for c in ["C1", "C2", "C3"] {
            let channel = ChannelId::parse(c).unwrap();
            used.clear();
            for _ in 0..3 {
                let pick = next(&library, &team, &channel, 0, &used).unwrap();
                assert!(pick.nudge.suits_channel(), "{c} got {}", pick.nudge.id);
                assert_eq!(pick.cycle, 0);
                used.push(pick.nudge.id.clone());
            }
            let again = next(&library, &team, &channel, 0, &used).unwrap();
            assert_eq!(again.cycle, 1, "a cycle is the channel nudges only");
            assert!(again.nudge.suits_channel());
        }
        for n in &mut library {
            n.audience = Audience::Personal;
        }
        let channel = ChannelId::parse("C1").unwrap();
        assert!(next(&library, &team, &channel, 0, &[]).is_none());
        let person = ChannelId::parse("U1").unwrap();
        let pick = next(&library, &team, &person, 0, &[]).expect("a person gets personal nudges");
        assert!(!pick.nudge.suits_channel());
    }
}

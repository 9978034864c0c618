//! Identifiers from Slack (workspaces, channels, people), parsed once where they enter: a value
//! of these types has already been checked. Neutral ground, so the domain (guidance, nudges,
//! store) can name a channel or a person without depending on the Slack layer.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string was refused as a Slack id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` must be a Slack id (letters and digits), got {shown:?}")]
pub struct InvalidId {
    field: &'static str,
    shown: String,
}

macro_rules! slack_id {
    ($(#[$meta:meta])* $name:ident, $field:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses `raw`, which must be 1 to 32 ASCII letters or digits.
            pub fn parse(raw: &str) -> Result<Self, InvalidId> {
                let ok = !raw.is_empty()
                    && raw.len() <= 32
                    && raw.bytes().all(|b| b.is_ascii_alphanumeric());
                if ok {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(InvalidId { field: $field, shown: raw.chars().take(40).collect() })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(raw: String) -> Result<Self, InvalidId> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slack_id!(
    /// A workspace (`T…`) or, for org-wide installs, an enterprise (`E…`).
    TeamId,
    "team_id"
);
slack_id!(
    /// A channel, private channel or DM (`C…`, `G…`, `D…`).
    ChannelId,
    "channel_id"
);
slack_id!(
    /// A user (`U…`, `W…`).
    UserId,
    "user_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slack_shaped_ids_and_refuses_others() {
        assert_eq!(
            TeamId::parse("T1DC2JH3J").map(|t| t.to_string()),
            Ok("T1DC2JH3J".into())
        );
        assert!(ChannelId::parse("").is_err());
        assert!(UserId::parse("U1 2").is_err());
        assert!(UserId::parse("U<script>").is_err());
        assert!(TeamId::parse(&"T".repeat(33)).is_err());
        let err = ChannelId::parse("bad id").unwrap_err().to_string();
        assert!(err.contains("channel_id"), "{err}");
    }
}

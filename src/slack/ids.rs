//! The Slack layer's view of the neutral ids: they are Slack's, parsed at this edge.

pub use crate::ids::*;

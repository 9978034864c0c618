//! The decision's weights, as `mops-bot tune` fitted them to the training questions (see
//! `stack` for what each feature is). Generated: run `mops-bot tune` after changing the
//! packs, the training questions or the features, and commit what it writes.

use super::stack::{NONE as N, TOPIC as T};

#[rustfmt::skip]
pub const TOPIC: [f32; T] = [5.047365, -0.9176804, 4.1218705, 6.7419524, 2.2169247, 11.057881, -0.36572036, 0.244072, -0.006774145, 2.1042533, 0.8661243, 1.95092, -1.7837961, 0.52709657, -3.8177242, -0.42302513, 3.267446, 9.996852, -2.8835595];
#[rustfmt::skip]
pub const NONE: [f32; N] = [13.589899, -5.0362196, -0.79390293, 0.6898913, 9.810403, 1.1640922];

//! The decision's weights, as `mops-bot tune` fitted them to the training questions (see
//! `stack` for what each feature is). Generated: run `mops-bot tune` after changing the
//! packs, the training questions or the features, and commit what it writes.

use super::stack::{NONE as N, TOPIC as T};

#[rustfmt::skip]
pub const TOPIC: [f32; T] = [5.0614443, -0.94767255, 3.9108357, 7.0395904, 1.6614819, 11.169377, -0.39609355, 0.18944041, 0.08288989, 2.1541154, 0.87861526, 2.2233489, -1.898865, 0.40576524, -3.8622115, -0.40141788, 3.2755883, 10.07469, -2.707938];
#[rustfmt::skip]
pub const NONE: [f32; N] = [13.618017, -5.050626, -0.7531632, 0.57225114, 9.675043, 1.1880416];

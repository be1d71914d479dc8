//! SplitMix64: a tiny generator whose output never changes between versions, shared by the
//! example data set (`xtask/src/dataset.rs`) and the fuzzer (`tests/src/bin/fuzz.rs`), both
//! reproduced from a seed (included with `#[path]`: neither may depend on the other's crate).

/// The generator's state.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

//! The fuzzed entry functions (see `harness.rs`, shared with tests/fuzz_seeds.rs).
pub mod harness;

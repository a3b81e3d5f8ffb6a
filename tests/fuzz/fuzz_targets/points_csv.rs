#![no_main]
//! cargo fuzz target `points_csv`: any byte string gives an error or a valid result, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = agglo_fuzz::harness::points_csv(data);
});

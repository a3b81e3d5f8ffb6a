#![no_main]
//! cargo fuzz target `matrix_csv`: any byte string gives an error or a valid result, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = agglo_fuzz::harness::matrix_csv(data);
});

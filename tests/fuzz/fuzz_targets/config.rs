#![no_main]
//! cargo fuzz target `config`: any byte string gives an error or a valid result, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = agglo_fuzz::harness::config(data);
});

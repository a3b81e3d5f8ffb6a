//! Writes a wages-calibration dataset: N random locations in a box of Europe (lat 36..60,
//! lon -10..30) with random worker shares and the core–periphery model's short-run wages at
//! (sigma, mu, rate), the recipe of `tests/calibration.rs` (`wages_dataset`, noise-free).
//!
//!   cargo run --release --example wages_dataset -- 177 11 configs/calibrate-wages-177.csv
//!
//! Arguments: N, seed, output CSV (id,lat,lon,lambda,wage). Truth: sigma = 6.5, mu = 0.3,
//! rate = 0.0009 per km.

use std::fmt::Write as _;
use std::path::Path;

use agglo::config;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(177);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(11);
    let out = args.get(3).map(String::as_str).unwrap_or("calibrate-wages-177.csv");
    let out = Path::new(out);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let raw: Vec<f64> = (0..n).map(|_| rng.random_range(0.2..1.8f64)).collect();
    let total: f64 = raw.iter().sum();
    let rows: Vec<(String, f64, f64, f64)> = (0..n)
        .map(|i| {
            (
                format!("p{i}"),
                rng.random_range(36.0..60.0),
                rng.random_range(-10.0..30.0),
                raw[i] / total,
            )
        })
        .collect();
    let mut csv = String::from("id,lat,lon,lambda\n");
    for (id, lat, lon, l) in &rows {
        let _ = writeln!(csv, "{id},{lat:.6},{lon:.6},{l:.17e}");
    }
    std::fs::write(out, &csv).expect("write the locations");
    let file = out.file_name().unwrap().to_string_lossy();
    let text = format!(
        "[model]\nsigma = 6.5\nmu = 0.3\nshares = \"lambda\"\n[geography]\nkind = \"points\"\nfile = \"{file}\"\nmetric = \"great-circle\"\ncost = \"exp\"\nrate = 0.0009\n[solver]\ntolerance = 1e-14\n[solve]\nhorizon = \"short-run\"\n"
    );
    let base = out.parent().unwrap_or(Path::new("."));
    let spec = config::from_text(&text, "truth.toml", base, &[]).expect("the truth config");
    let model = spec.model.mobile().expect("a mobile-factor model");
    let (w, _) = model
        .solve_short_run(spec.model.shares().unwrap(), None, &spec.solver)
        .expect("the short run");
    let mut csv = String::from("id,lat,lon,lambda,wage\n");
    for ((id, lat, lon, l), w) in rows.iter().zip(&w) {
        let _ = writeln!(csv, "{id},{lat:.6},{lon:.6},{l:.17e},{w:.17e}");
    }
    std::fs::write(out, &csv).expect("write the dataset");
    println!("wrote {} ({n} locations)", out.display());
}

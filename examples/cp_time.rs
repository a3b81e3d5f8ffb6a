//! Timing harness for `scripts/bench_vs_numpy.py`: the core–periphery short run (FKV
//! ch. 5; sigma = 5, mu = 0.4) on the points of a CSV file with columns `x,y,lambda,farmers`
//! (one region a row), T_rs = exp(2 d_rs) with d the Euclidean distance, tolerance 1e-10 on
//! the relative wage residual max_r |ln G(w)_r - ln w_r|.
//!
//! Times (median of `--runs`, after one checked warm-up solve of each method): building the
//! geography (distances and T), `CorePeriphery::new` (phi = T^(1-sigma), computed once) and
//! the solve with Anderson of each depth in `--depths` (default 10, the library default)
//! and, with `--picard`, plain Picard. Prints one JSON line; `--out FILE` writes the wages of
//! the default solve (`SolverSettings::default()`), one a line, for the script to compare
//! with NumPy's.
//! Also one product with phi alone (`matvec_s`, median of max(runs, 7)) and the bytes
//! phi holds (`matrix_mb`). Peak RSS (VmHWM) is read after the checked solves, before the timing loops.
//!
//! Run: `cargo run --release --example cp_time -- target/bench_vs_numpy/cp_points_5000.csv`.

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::model::{CorePeriphery, CorePeripheryParams};
use agglo::solve::{Method, SolverSettings, Tolerance};

mod timing;
use timing::{peak_rss_mb, time};

const RATE: f64 = 2.0;
const TOLERANCE: f64 = 1e-10;

struct Args {
    csv: String,
    runs: usize,
    depths: Vec<usize>,
    picard: bool,
    out: Option<String>,
}

fn parse_args() -> Args {
    const USAGE: &str = "usage: cp_time <csv> [--runs N] [--depths 3,5,10] [--picard] [--out FILE]";
    let mut args = Args {
        csv: String::new(),
        runs: 3,
        depths: vec![10],
        picard: false,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => args.runs = it.next().and_then(|v| v.parse::<usize>().ok()).expect(USAGE).max(1),
            "--depths" => {
                args.depths = it
                    .next()
                    .expect(USAGE)
                    .split(',')
                    .map(|d| d.trim().parse().expect(USAGE))
                    .collect()
            }
            "--picard" => args.picard = true,
            "--out" => args.out = Some(it.next().expect(USAGE)),
            _ if args.csv.is_empty() => args.csv = a,
            _ => panic!("{USAGE}"),
        }
    }
    assert!(!args.csv.is_empty(), "{USAGE}");
    args
}

/// Columns x, y, lambda, farmers (header row first).
fn read_csv(path: &str) -> (Vec<[f64; 2]>, Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').map(str::trim).collect();
    assert_eq!(
        header,
        ["x", "y", "lambda", "farmers"],
        "{path}: columns must be x,y,lambda,farmers"
    );
    let (mut points, mut lambda, mut farmers) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let v: Vec<f64> = line.split(',').map(|s| s.trim().parse().expect("a number")).collect();
        assert_eq!(v.len(), 4, "{path}: {line}");
        points.push([v[0], v[1]]);
        lambda.push(v[2]);
        farmers.push(v[3]);
    }
    (points, lambda, farmers)
}

fn settings(method: Method) -> SolverSettings {
    SolverSettings {
        method,
        tolerance: Tolerance {
            residual: TOLERANCE,
            max_iterations: 100_000,
        },
    }
}

fn main() {
    let args = parse_args();
    let (points, lambda, farmers) = read_csv(&args.csv);
    let n = points.len();
    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let geography = || {
        layouts::points(
            ids.clone(),
            points.clone(),
            Metric::Euclidean,
            CostFunction::Exp { rate: RATE },
            "csv",
        )
        .unwrap()
    };
    let params = CorePeripheryParams { sigma: 5.0, mu: 0.4 };
    let g = geography();
    let model = CorePeriphery::new(params, &g, farmers.clone()).unwrap();

    let default = SolverSettings::default();
    assert_eq!(default.tolerance.residual, TOLERANCE);
    let (wages, stats) = model.solve_short_run(&lambda, None, &default).unwrap();
    let mut methods: Vec<(String, Method)> = args
        .depths
        .iter()
        .map(|&depth| (format!("anderson{depth}"), Method::Anderson { depth, damping: 1.0 }))
        .collect();
    if args.picard {
        methods.push(("picard".into(), Method::Picard { damping: 1.0 }));
    }
    let checked: Vec<_> = methods
        .iter()
        .map(|(name, m)| {
            let (w, s) = model.solve_short_run(&lambda, None, &settings(*m)).unwrap();
            let gap = w
                .iter()
                .zip(&wages)
                .map(|(a, b)| (a.ln() - b.ln()).abs())
                .fold(0.0, f64::max);
            (name.clone(), *m, s, gap)
        })
        .collect();
    let rss = peak_rss_mb();

    let runs = args.runs;
    let t_geography = time(runs, geography);
    let t_new = time(runs, || CorePeriphery::new(params, &g, farmers.clone()).unwrap());
    let x: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64 / n as f64).collect();
    let mut product = vec![0.0; n];
    let t_matvec = time(runs.max(7), || {
        model.freeness().mul(&x, &mut product);
        product[0]
    });
    let mut solves = String::new();
    for (name, m, s, gap) in &checked {
        let t = time(runs, || model.solve_short_run(&lambda, None, &settings(*m)).unwrap());
        solves.push_str(&format!(
            ", \"{name}\": {{\"solve_s\": {t:.6}, \"iterations\": {}, \"residual\": {:e}, \"max_abs_dlnw_vs_default\": {gap:e}}}",
            s.iterations, s.residual
        ));
    }
    if let Some(path) = &args.out {
        let text: String = wages.iter().map(|v| format!("{v:.17e}\n")).collect();
        std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {path}: {e}"));
    }
    println!(
        "{{\"n\": {n}, \"runs\": {runs}, \"threads\": {}, \"geography_s\": {t_geography:.6}, \"new_s\": {t_new:.6}, \"matvec_s\": {t_matvec:.6}, \"matrix_mb\": {:.1}, \
         \"default_iterations\": {}, \"peak_rss_mb\": {rss:.1}{solves}}}",
        rayon::current_num_threads(),
        model.freeness().bytes() as f64 / 1e6,
        stats.iterations,
    );
}

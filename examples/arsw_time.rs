//! Timing harness for the ARSW city (src/model/arsw) and `scripts/bench_arsw_numpy.py`.
//!
//! On the synthetic `--size` × `--size` city (0.5 km blocks, 15 km/h, 100,000 people,
//! residents and workers decaying from the centre; ARSW's parameters): the inversion, the
//! forward solve with the recovered fundamentals from the uniform start (Anderson, depth 5,
//! tolerance `--tol` on the max relative change, default 1e-8; also once with damped
//! Picard, damping 0.1, the public toolkits' iteration, on the same map), and a corridor
//! counterfactual (travel times halved between the blocks of the middle row) with and
//! without spillovers, each solved from the baseline. Times are medians of `--runs`; the
//! peak RSS (VmHWM) is read at the end. Prints one JSON line.
//!
//! `--inputs FILE` writes the solve's inputs (one block a line: x, y, area, productivity,
//! amenity, floor_space; parameters in `#` lines), `--out FILE` the equilibrium (wage,
//! floor_price, residents, workers), for the NumPy script to solve and compare.
//!
//! Run: `cargo run --release --example arsw_time -- --size 50 --runs 3`.

use std::io::Write;
use std::time::Instant;

use agglo::model::arsw::{
    corridor_pairs, invert, ArswCity, ArswFundamentals, ArswParams, Closure, Spillovers, SyntheticCity,
};
use agglo::solve::{Method, SolverSettings, Tolerance};

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let size: usize = arg(&args, "--size", 50);
    let runs: usize = arg(&args, "--runs", 3).max(1);
    let tol: f64 = arg(&args, "--tol", 1e-8);
    let inputs: Option<String> = arg(&args, "--inputs", String::new()).into();
    let out: Option<String> = arg(&args, "--out", String::new()).into();
    let s = SyntheticCity {
        size,
        ..Default::default()
    };
    let n = size * size;
    let settings = SolverSettings {
        method: Method::Anderson { depth: 5, damping: 1.0 },
        tolerance: Tolerance {
            residual: tol,
            max_iterations: 10_000,
        },
    };
    let tight = SolverSettings {
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 10_000,
        },
        ..settings
    };
    let params = ArswParams::default();
    let clock = Instant::now();
    let placeholder = ArswFundamentals {
        productivity: vec![1.0; n],
        amenity: vec![1.0; n],
        floor_space: vec![1.0; n],
    };
    let city = ArswCity::new(
        params,
        s.travel().unwrap(),
        s.area(),
        placeholder,
        Closure::Closed {
            population: s.population,
        },
    )
    .unwrap();
    let build = clock.elapsed().as_secs_f64();
    let observed = s.observed();
    let mut invert_times = Vec::new();
    let mut inversion = None;
    for _ in 0..runs {
        let t = Instant::now();
        inversion = Some(invert(&city, &observed, None, &tight).unwrap());
        invert_times.push(t.elapsed().as_secs_f64());
    }
    let inv = inversion.unwrap();
    let city = city.with_fundamentals(inv.fundamentals.clone()).unwrap();
    let mut solve_times = Vec::new();
    let mut solution = None;
    for _ in 0..runs {
        let t = Instant::now();
        solution = Some(city.solve(None, &settings).unwrap());
        solve_times.push(t.elapsed().as_secs_f64());
    }
    let e = solution.unwrap();
    // The toolkits' iteration on agglo's map and kernels: damped Picard, damping 0.1 (one run).
    let picard = SolverSettings {
        method: Method::Picard { damping: 0.1 },
        tolerance: Tolerance {
            residual: tol,
            max_iterations: 100_000,
        },
    };
    let t = Instant::now();
    let damped = city.solve(None, &picard).unwrap();
    let picard_seconds = t.elapsed().as_secs_f64();
    let picard_vs_anderson = ArswCity::max_relative_difference(&damped, &e);
    let data_start = inv.as_start(&observed);
    let from_data = ArswCity::max_relative_difference(&e, &data_start);
    // Corridor: the middle row of blocks, travel times between them halved.
    let baseline = city.solve(Some(&data_start), &settings).unwrap();
    let g = s.grid();
    let centres: Vec<[f64; 2]> = (0..n).map(|i| g.centre(i)).collect();
    let km = size as f64 * s.block_km;
    let y = (size / 2) as f64 * s.block_km + s.block_km / 2.0;
    let pairs = corridor_pairs(&centres, [0.0, y], [km, y], 0.3 * s.block_km, 0.5);
    let faster = city.travel().scaled(&pairs).unwrap();
    let mut cf = Vec::new();
    for spill in [Spillovers::On, Spillovers::Off] {
        let mut times = Vec::new();
        let mut result = None;
        for _ in 0..runs {
            let t = Instant::now();
            result = Some(
                city.counterfactual(&baseline, faster.clone(), spill, &settings)
                    .unwrap(),
            );
            times.push(t.elapsed().as_secs_f64());
        }
        let r = result.unwrap();
        cf.push(format!(
            "\"{}\": {{\"welfare_ratio\": {:.10}, \"iterations\": {}, \"residual\": {:.3e}, \"seconds\": {:.4}}}",
            spill.name(),
            r.welfare_ratio,
            r.equilibrium.stats.iterations,
            r.equilibrium.stats.residual,
            median(times)
        ));
    }
    if let Some(path) = inputs.filter(|p| !p.is_empty()) {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let p = params;
        writeln!(f, "# size {size}").unwrap();
        writeln!(f, "# block_km {}", s.block_km).unwrap();
        writeln!(f, "# minutes_per_km {}", 60.0 / s.speed_kmh).unwrap();
        writeln!(f, "# population {}", s.population).unwrap();
        for (k, v) in [
            ("epsilon", p.epsilon),
            ("kappa_epsilon", p.kappa_epsilon),
            ("lambda", p.lambda),
            ("delta", p.delta),
            ("eta", p.eta),
            ("rho", p.rho),
            ("alpha", p.alpha),
            ("beta", p.beta),
        ] {
            writeln!(f, "# {k} {v:e}").unwrap();
        }
        writeln!(f, "x,y,area,productivity,amenity,floor_space").unwrap();
        let fu = city.fundamentals();
        for i in 0..n {
            writeln!(
                f,
                "{},{},{:e},{:e},{:e},{:e}",
                i % size,
                i / size,
                city.area()[i],
                fu.productivity[i],
                fu.amenity[i],
                fu.floor_space[i]
            )
            .unwrap();
        }
    }
    if let Some(path) = out.filter(|p| !p.is_empty()) {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "wage,floor_price,residents,workers").unwrap();
        for i in 0..n {
            writeln!(
                f,
                "{:e},{:e},{:e},{:e}",
                e.wage[i], e.floor_price[i], e.residents[i], e.workers[i]
            )
            .unwrap();
        }
    }
    println!(
        "{{\"blocks\": {n}, \"threads\": {}, \"build_seconds\": {build:.4}, \"invert_seconds\": {:.4}, \"invert_iterations\": {}, \"solve_seconds\": {:.4}, \"solve_iterations\": {}, \"solve_residual\": {:.3e}, \"utility\": {:.10}, \"solve_vs_data\": {from_data:.3e}, \"picard_seconds\": {picard_seconds:.4}, \"picard_iterations\": {}, \"picard_vs_anderson\": {picard_vs_anderson:.3e}, {}, \"peak_rss_mb\": {:.1}}}",
        rayon::current_num_threads(),
        median(invert_times),
        inv.stats.iterations,
        median(solve_times),
        e.stats.iterations,
        e.stats.residual,
        e.utility,
        damped.stats.iterations,
        cf.join(", "),
        peak_rss_mb()
    );
}

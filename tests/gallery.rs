//! The gallery (configs/gallery/): every config is run with the commands its header gives,
//! the figures are drawn (PNG and SVG), and the key numbers of each classic result are
//! asserted against closed forms or docs/reference.md: break and sustain points, the wiggle
//! values, the city counts of spatial period doubling, the equilibria of Allen–Arkolakis with
//! alpha + beta > 0, the sign and size of the border-removal welfare gain, and the cluster's
//! sustain point with and without a productivity spillover, the Krugman–Venables real incomes
//! (vertical linkages: apart below the break point, converging at free trade), the waves of
//! industrialization (Puga–Venables: three located entries into the periphery) and the
//! cluster that takes off below a located trade cost to a distant market. Also runs scripts/plot_h5.py on
//! one file of each kind (needs python3 with h5py and matplotlib: scripts/setup.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

use agglo::output;

/// Held while this process has an HDF5 file open and while it spawns a child (see
/// tests/plot.rs: HDF5 opens files without close-on-exec).
static HDF5_FORK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    HDF5_FORK.lock().unwrap_or_else(|e| e.into_inner())
}

fn gallery(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("configs/gallery")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(program: &str, args: &[&str]) -> Output {
    let child = {
        let _guard = lock();
        Command::new(program)
            .args(args)
            .env("RUST_BACKTRACE", "0")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    child.wait_with_output().unwrap()
}

/// `agglo ARGS`, asserting success; returns stdout.
fn agglo(args: &[&str]) -> String {
    let o = run(env!("CARGO_BIN_EXE_agglo"), args);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "agglo {}: {out}{}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Draws `inputs` to PNG and SVG in `dir` and checks both files.
fn figure(dir: &Path, name: &str, inputs: &[&Path], extra: &[&str]) {
    for ext in ["png", "svg"] {
        let out = dir.join(format!("{name}.{ext}"));
        let mut args: Vec<&str> = vec!["plot"];
        args.extend(inputs.iter().map(|i| p(i)));
        args.extend_from_slice(&["-o", p(&out)]);
        args.extend_from_slice(extra);
        agglo(&args);
        let bytes = std::fs::read(&out).unwrap();
        if ext == "png" {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}.png");
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with("<svg") && text.trim_end().ends_with("</svg>"),
                "{name}.svg"
            );
        }
    }
}

/// Special points of `kind` in a bifurcate file: (parameter, support of its branch).
fn special(path: &Path, kind: &str) -> Vec<(f64, String)> {
    let _guard = lock();
    let b = output::read_bifurcation(path).unwrap().expect("branches");
    b.special_points
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| {
            let support = b.branches[s.branch as usize].support.clone().unwrap_or_default();
            (s.parameter, support)
        })
        .collect()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

/// The root in (lo, hi) of f by bisection (f changes sign there).
fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let flo = f(lo);
    assert!(flo * f(hi) < 0.0, "no sign change in [{lo}, {hi}]");
    for _ in 0..200 {
        let m = 0.5 * (lo + hi);
        if (f(m) < 0.0) == (flo < 0.0) {
            lo = m;
        } else {
            hi = m;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn fkv_tomahawk_and_wiggle() {
    let dir = tempfile::tempdir().unwrap();
    let config = gallery("fkv-tomahawk.toml");
    let tomahawk = dir.path().join("fkv-tomahawk.h5");
    agglo(&["bifurcate", &config, "-o", p(&tomahawk)]);
    // sigma = 5, mu = 0.4: phi_B = (rho-mu)(1-mu)/((rho+mu)(1+mu)) = 1/7, T_B = 7^(1/4).
    let (sigma, mu) = (5.0f64, 0.4f64);
    let rho = (sigma - 1.0) / sigma;
    let phi_b = (rho - mu) * (1.0 - mu) / ((rho + mu) * (1.0 + mu));
    let t_b = phi_b.powf(1.0 / (1.0 - sigma));
    assert!(close(t_b, 7f64.powf(0.25), 1e-14));
    let phi_s = bisect(
        |phi| phi.powf(mu / rho) * ((1.0 + mu) * phi / 2.0 + (1.0 - mu) / (2.0 * phi)) - 1.0,
        0.01,
        0.5,
    );
    let t_s = phi_s.powf(1.0 / (1.0 - sigma));
    assert!(close(t_s, 1.807312719931, 1e-11), "{t_s}");
    let breaks = special(&tomahawk, "break");
    let sustains = special(&tomahawk, "sustain");
    assert!(
        breaks.iter().any(|b| close(b.0, t_b, 1e-8)),
        "break {breaks:?} vs {t_b}"
    );
    assert!(
        sustains.iter().any(|s| close(s.0, t_s, 1e-8)),
        "sustain {sustains:?} vs {t_s}"
    );
    figure(dir.path(), "fkv-tomahawk", &[&tomahawk], &[]);

    let wiggle = dir.path().join("fkv-wiggle.h5");
    agglo(&["wiggle", &config, "-o", p(&wiggle)]);
    let w = {
        let _guard = lock();
        output::read_wiggle(&wiggle).unwrap().expect("/wiggle").wiggle
    };
    // docs/reference.md §1, omega_1 - omega_2 at lambda = 0.6 .. 1.0 (5 decimals).
    let table = [
        (1.5, [0.00849, 0.01796, 0.02920, 0.04281, 0.05935]),
        (1.7, [-0.00509, -0.00651, -0.00265, 0.00673, 0.02172]),
        (2.1, [-0.04073, -0.06558, -0.07475, -0.07200, -0.05888]),
    ];
    let n = w.shares.len();
    for (t, row) in table {
        let c = w.values.iter().position(|v| *v == t).expect("a curve per trade cost");
        for (k, expected) in row.iter().enumerate() {
            let lambda = 0.6 + 0.1 * k as f64;
            let i = w.shares.iter().position(|s| (s - lambda).abs() < 1e-9).unwrap();
            let got = w.gap[c * n + i];
            assert!(
                (got - expected).abs() <= 5e-6,
                "T = {t}, lambda = {lambda}: {got} vs {expected}"
            );
        }
    }
    // The unstable interior equilibrium at T = 1.7 (docs/reference.md §1).
    let z: Vec<_> = w.zeros.iter().filter(|z| z.parameter == 1.7 && z.share > 0.6).collect();
    assert_eq!(z.len(), 1, "{:?}", w.zeros);
    assert!((z[0].share - 0.8348868355).abs() < 1e-8 && z[0].unstable, "{:?}", z[0]);
    figure(dir.path(), "fkv-wiggle", &[&wiggle], &[]);
}

#[test]
fn footloose_entrepreneur_next_to_core_periphery() {
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("cp.h5");
    let fe = dir.path().join("fe.h5");
    agglo(&["bifurcate", &gallery("fkv-tomahawk.toml"), "-o", p(&cp)]);
    agglo(&["bifurcate", &gallery("footloose-tomahawk.toml"), "-o", p(&fe)]);
    // docs/reference.md §3: phi_B = (sigma-mu)(sigma-1-mu)/((sigma+mu)(sigma-1+mu)) = 23/33,
    // sustain: phi^(mu/(sigma-1) - 1) [(sigma+mu) phi^2 + (sigma-mu)] / (2 sigma) = 1.
    let (sigma, mu) = (5.0f64, 0.4f64);
    let phi_b = (sigma - mu) * (sigma - 1.0 - mu) / ((sigma + mu) * (sigma - 1.0 + mu));
    assert!(close(phi_b, 23.0 / 33.0, 1e-14));
    let phi_s = bisect(
        |phi| phi.powf(mu / (sigma - 1.0) - 1.0) * ((sigma + mu) * phi * phi + (sigma - mu)) / (2.0 * sigma) - 1.0,
        0.5,
        phi_b,
    );
    assert!(close(phi_s, 0.695442368, 1e-9), "{phi_s}");
    let t = |phi: f64| phi.powf(1.0 / (1.0 - sigma));
    let breaks = special(&fe, "break");
    let sustains = special(&fe, "sustain");
    assert!(
        breaks.iter().any(|b| close(b.0, t(phi_b), 1e-8)),
        "{breaks:?} vs {}",
        t(phi_b)
    );
    assert!(
        sustains.iter().any(|s| close(s.0, t(phi_s), 1e-8)),
        "{sustains:?} vs {}",
        t(phi_s)
    );
    // The footloose tomahawk is far narrower than the core-periphery one.
    assert!(t(phi_s) - t(phi_b) < 0.001 && t(phi_s) - t(phi_b) > 0.0);
    figure(dir.path(), "footloose-vs-cp", &[&cp, &fe], &[]);
}

/// Number of regions with a share above 1e-6 in the stable equilibrium of a solve's output.
fn stable_pattern(path: &Path) -> Vec<f64> {
    let _guard = lock();
    let set = output::read_equilibria(path).unwrap().expect("equilibria");
    let stable: Vec<_> = set.equilibria.iter().filter(|e| e.stable == Some(true)).collect();
    assert_eq!(
        stable.len(),
        1,
        "{}: {} stable equilibria",
        path.display(),
        stable.len()
    );
    stable[0].share.clone()
}

#[test]
fn racetrack_spatial_period_doubling() {
    let dir = tempfile::tempdir().unwrap();
    let config = gallery("racetrack8.toml");
    let out = dir.path().join("rt.h5");
    let mut shares = vec![0.125; 8];
    let mut counts: Vec<(f64, usize)> = Vec::new();
    // From T = 2.1 down to 1.05 in steps of 0.05, each solve starting where the last settled.
    for step in 0..22 {
        let t = 2.1 - 0.05 * step as f64;
        let start = format!(
            "model.shares=[{}]",
            shares.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(",")
        );
        agglo(&[
            "solve",
            &config,
            "--set",
            &format!("geography.trade-cost={t:?}"),
            "--set",
            &start,
            "-o",
            p(&out),
        ]);
        shares = stable_pattern(&out);
        counts.push((t, shares.iter().filter(|s| **s > 1e-6).count()));
    }
    let mut sequence: Vec<usize> = counts.iter().map(|c| c.1).collect();
    sequence.dedup();
    assert_eq!(sequence, vec![8, 4, 2, 1], "cities along the path: {counts:?}");
    // The first change brackets the mode-4 break of the uniform state: chi_4 = Z_B with
    // chi_k = f_k / f_0 (docs/reference.md §2), at per-step T = 1.9318517 for K = 8 too.
    let first = counts.iter().position(|c| c.1 != 8).unwrap();
    let (above, below) = (counts[first - 1].0, counts[first].0);
    let (sigma, mu) = (5.0f64, 0.4f64);
    let rho = (sigma - 1.0) / sigma;
    let z_b = mu * (1.0 + rho) / (rho + mu * mu);
    let chi4 = |t: f64| {
        let r = t.powf(1.0 - sigma);
        let f = |k: f64| {
            (1.0 - r * r) * (1.0 - (-1f64).powf(k) * r.powi(4))
                / (1.0 - 2.0 * r * (std::f64::consts::PI * k / 4.0).cos() + r * r)
        };
        f(4.0) / f(0.0)
    };
    let t_break = bisect(|t| chi4(t) - z_b, 1.5, 3.0);
    assert!(close(t_break, 1.931852, 1e-6), "{t_break}");
    assert!(
        below < t_break && t_break < above,
        "8 -> 4 between {above} and {below}, break at {t_break}"
    );
    // Two cities are half-way round (4 steps apart); four cities alternate.
    let two = counts.iter().position(|c| c.1 == 2).unwrap();
    assert!(
        counts[two].0 > 1.6 && counts.iter().any(|c| c.1 == 1 && c.0 > 1.2),
        "{counts:?}"
    );
}

/// Residual of docs/reference.md §5's equation for symmetric tau at shares l: the ratio
/// l_i^p1 / sum_j tau_ij^(1-s) (A_i u_j)^((s-1) st) (u_i A_j)^(s st) l_j^p2 is the same for every i.
fn aa_residual(l: &[f64], tau: f64, abar: &[f64], s: f64, alpha: f64, beta: f64) -> f64 {
    let st = (s - 1.0) / (2.0 * s - 1.0);
    let p1 = st * (1.0 - alpha * (s - 1.0) - beta * s);
    let p2 = st * (1.0 + s * alpha + beta * (s - 1.0));
    let ratio: Vec<f64> = (0..l.len())
        .map(|i| {
            let sum: f64 = (0..l.len())
                .map(|j| {
                    let t: f64 = if i == j { 1.0 } else { tau };
                    t.powf(1.0 - s) * abar[i].powf((s - 1.0) * st) * abar[j].powf(s * st) * l[j].powf(p2)
                })
                .sum();
            l[i].powf(p1) / sum
        })
        .collect();
    (ratio[0] / ratio[1] - 1.0).abs()
}

#[test]
fn allen_arkolakis_two_locations_many_equilibria() {
    let dir = tempfile::tempdir().unwrap();
    let config = gallery("aa-two-locations.toml");
    let mut files = Vec::new();
    for (tau, count, interior) in [(1.2, 3, 0.205197), (1.5, 3, 0.268768), (3.0, 1, 0.278226)] {
        let out = dir.path().join(format!("aa-{tau}.h5"));
        agglo(&[
            "solve",
            &config,
            "--set",
            &format!("geography.trade-cost={tau:?}"),
            "-o",
            p(&out),
        ]);
        let set = {
            let _guard = lock();
            output::read_equilibria(&out).unwrap().expect("equilibria")
        };
        assert_eq!(set.equilibria.len(), count, "tau = {tau}");
        let inner: Vec<&Vec<f64>> = set
            .equilibria
            .iter()
            .map(|e| &e.share)
            .filter(|s| s[0] > 0.01 && s[0] < 0.99)
            .collect();
        assert_eq!(inner.len(), 1, "tau = {tau}: one interior equilibrium");
        assert!(
            (inner[0][0] - interior).abs() < 1e-5,
            "tau = {tau}: l_1 = {}",
            inner[0][0]
        );
        let r = aa_residual(inner[0], tau, &[1.1, 1.0], 9.0, 0.1, 0.0);
        assert!(r < 1e-9, "tau = {tau}: docs/reference.md §5 residual {r}");
        files.push(out);
    }
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    figure(dir.path(), "aa-two-locations", &inputs, &["--kind", "equilibria"]);
}

#[test]
fn border_removal_gains_on_a_thirty_by_thirty_grid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("border-grid.h5");
    let text = agglo(&["counterfactual", &gallery("border-grid.toml"), "-o", p(&out)]);
    let gains: Vec<(f64, f64)> = text
        .lines()
        .filter(|l| l.starts_with("welfare change in country"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.trim_end_matches('%').parse().ok())
                .collect();
            (nums[nums.len() - 2], nums[nums.len() - 1])
        })
        .collect();
    assert_eq!(gains.len(), 2, "{text}");
    for (levels, hat) in gains {
        // Percent: a gain, of the order of a few percent, the two methods agreeing.
        assert!(levels > 1.0 && levels < 10.0, "welfare gain {levels}% ({text})");
        assert!((levels - hat).abs() < 1e-4, "levels {levels}% vs hat {hat}%");
    }
    figure(dir.path(), "border-grid", &[&out], &["--kind", "map"]);
}

/// The cluster's sustain point in closed form: at manufacturing all in the cluster,
/// omega_market / omega_cluster = 1 solves phi_m^(mu sigma/(sigma-1)) [Y_1 phi_m + Y_2 phi_m/phi_h
/// + Y_3/phi_m] = exp(s (sigma-1)), farmers (0.1, 0.3, 0.6), T_h = 1.3.
fn cluster_sustain(s: f64) -> f64 {
    let (sigma, mu) = (5.0f64, 0.4f64);
    let phi_h = 1.3f64.powf(1.0 - sigma);
    let y = [mu + 0.1 * (1.0 - mu), 0.3 * (1.0 - mu), 0.6 * (1.0 - mu)];
    let f = |t: f64| {
        let pm = t.powf(1.0 - sigma);
        pm.powf(mu * sigma / (sigma - 1.0)) * (y[0] * pm + y[1] * pm / phi_h + y[2] / pm) - (s * (sigma - 1.0)).exp()
    };
    bisect(f, 1.4, 3.0)
}

#[test]
fn cluster_sustain_point_with_and_without_a_spillover() {
    let dir = tempfile::tempdir().unwrap();
    let mut located = Vec::new();
    for (name, s) in [("cluster", 0.0), ("cluster-spillover", 0.05)] {
        let out = dir.path().join(format!("{name}.h5"));
        agglo(&["bifurcate", &gallery(&format!("{name}.toml")), "-o", p(&out)]);
        let cluster: Vec<f64> = special(&out, "sustain")
            .into_iter()
            .filter(|(_, support)| support == "1")
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            cluster.len(),
            1,
            "{name}: one sustain point of the cluster's branch: {cluster:?}"
        );
        let expected = cluster_sustain(s);
        assert!(
            close(cluster[0], expected, 1e-8),
            "{name}: {} vs closed form {expected}",
            cluster[0]
        );
        located.push((out, cluster[0]));
    }
    assert!(close(located[0].1, 1.6213694322, 1e-9) && close(located[1].1, 1.8217468352, 1e-9));
    // The spillover lets the cluster hold at poorer links to the distant market.
    assert!(located[1].1 > located[0].1 * 1.1);
    figure(dir.path(), "cluster", &[&located[0].0], &[]);
    figure(dir.path(), "cluster-spillover", &[&located[0].0, &located[1].0], &[]);
}

/// Krugman and Venables (1995): two countries with vertical linkages, mu = 0.6. Real incomes
/// w G^(-mu) equal above the break point T_B = 7^(1/4) (dispersion, w = 1), apart below it,
/// converging again as T -> 1; scripts/real_incomes.py draws them.
#[test]
fn krugman_venables_real_incomes_diverge_then_converge() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kv-real-incomes.h5");
    agglo(&["sweep", &gallery("kv-real-incomes.toml"), "-o", p(&out)]);
    let (t, share, wage, price) = {
        let _guard = lock();
        let f = hdf5::File::open(&out).unwrap();
        let g = f.group("sweep").unwrap();
        let read = |name: &str| -> Vec<f64> { g.dataset(name).unwrap().read_raw().unwrap() };
        (read("parameters"), read("share"), read("wage"), read("price_index"))
    };
    let mu = 0.6;
    let real = |i: usize, r: usize| wage[2 * i + r] * price[2 * i + r].powf(-mu);
    let t_b = 7f64.powf(0.25);
    let step = (2.5 - 1.01) / 149.0;
    let (mut below, mut above) = (None, None);
    for i in 0..t.len() {
        let dispersed = (share[2 * i] - 0.5).abs() < 1e-9;
        if t[i] > t_b {
            assert!(dispersed && (real(i, 0) - real(i, 1)).abs() < 1e-12, "T = {}", t[i]);
            above = Some(above.map_or(i, |a: usize| if t[i] < t[a] { i } else { a }));
        } else if t[i] < t_b - step {
            assert!(!dispersed && share[2 * i] > 0.8, "T = {}: share {}", t[i], share[2 * i]);
            below = Some(below.map_or(i, |b: usize| if t[i] > t[b] { i } else { b }));
        }
    }
    let (below, above) = (below.unwrap(), above.unwrap());
    // The jump at T_B: the core gains, the periphery loses.
    assert!(real(below, 0) > real(above, 0) + 0.1 && real(below, 1) < real(above, 1) - 0.1);
    assert!(close(real(below, 0), 1.188, 2e-3) && close(real(below, 1), 0.924, 2e-3));
    // The core's wage rises above the periphery's, most in between; then convergence.
    let first = (0..t.len()).min_by(|&a, &b| t[a].total_cmp(&t[b])).unwrap();
    let widest = (0..t.len())
        .map(|i| (real(i, 0) - real(i, 1)).abs())
        .fold(0.0f64, f64::max);
    assert!(widest > 0.25);
    let last_gap = real(first, 0) - real(first, 1);
    assert!(last_gap > 0.0 && last_gap < 0.1 * widest, "{last_gap} vs {widest}");
    assert!(wage.iter().step_by(2).any(|w| *w > 1.12) && wage.iter().skip(1).step_by(2).all(|w| *w == 1.0));
    // The figure.
    if Command::new("python3")
        .args(["-c", "import h5py, matplotlib"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let png = dir.path().join("kv-real-incomes.png");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/real_incomes.py");
        let o = run("python3", &[script.to_str().unwrap(), p(&out), "-o", p(&png)]);
        assert!(
            o.status.success() && png.is_file(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// The located step points of a several-industry file: (kind, industry, region id, p,
/// value_low, value_high), and the periphery's shares by industry at each grid value.
fn industry_steps(out: &Path) -> Vec<(String, u64, u64, f64, f64, f64)> {
    let _guard = lock();
    let f = hdf5::File::open(out).unwrap();
    let g = f.group("industries/steps").unwrap();
    let kind: Vec<hdf5::types::VarLenUnicode> = g.dataset("kind").unwrap().read_raw().unwrap();
    let int = |n: &str| -> Vec<u64> { g.dataset(n).unwrap().read_raw().unwrap() };
    let real = |n: &str| -> Vec<f64> { g.dataset(n).unwrap().read_raw().unwrap() };
    let (j, r, x, lo, hi) = (
        int("industry"),
        int("region"),
        real("parameter"),
        real("value_low"),
        real("value_high"),
    );
    (0..kind.len())
        .map(|k| (kind[k].as_str().to_string(), j[k], r[k], x[k], lo[k], hi[k]))
        .collect()
}

/// Draws the figure of a several-industry file with scripts/industries.py, where python can.
fn industries_figure(dir: &Path, out: &Path, name: &str) {
    if Command::new("python3")
        .args(["-c", "import h5py, matplotlib"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let png = dir.join(format!("{name}.png"));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/industries.py");
        let o = run("python3", &[script.to_str().unwrap(), p(out), "-o", p(&png)]);
        assert!(
            o.status.success() && png.is_file(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn waves_of_industrialization_enter_the_periphery_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pv-waves.h5");
    agglo(&["bifurcate", &gallery("pv-waves.toml"), "-o", p(&out)]);
    let entries: Vec<_> = industry_steps(&out)
        .into_iter()
        .filter(|s| s.0 == "entry" && s.2 == 2)
        .collect();
    // The three entries into the periphery, in the order the header gives, each with the
    // entering industry's profit crossing 0 (tests/puga_venables.rs checks them further).
    let expected = [(1, 1.1159650), (2, 1.4597157), (3, 2.1242019)];
    assert_eq!(entries.len(), 3, "{entries:?}");
    for (s, (j, x)) in entries.iter().zip(expected) {
        assert!(s.1 == j && (s.3 - x).abs() < 1e-6, "{s:?}");
        assert!(s.4 < 0.0 && s.5 > 0.0, "{s:?}");
    }
    industries_figure(dir.path(), &out, "pv-waves");
}

#[test]
fn the_cluster_takes_off_below_a_located_trade_cost_to_the_market() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vl-distant-market.h5");
    agglo(&["bifurcate", &gallery("vl-distant-market.toml"), "-o", p(&out)]);
    let steps = industry_steps(&out);
    // One entry, into the cluster (region 1), where its profit crosses 0; the neighbour's
    // firms displaced in the same grid interval.
    let entries: Vec<_> = steps.iter().filter(|s| s.0 == "entry").collect();
    assert_eq!(entries.len(), 1, "{steps:?}");
    let e = entries[0];
    assert!(
        e.2 == 1 && (e.3 - 1.1730910).abs() < 1e-6 && e.4 < 0.0 && e.5 > 0.0,
        "{e:?}"
    );
    assert!(steps.iter().any(|s| s.0 == "displaced" && s.2 == 2), "{steps:?}");
    let share: Vec<f64> = {
        let _guard = lock();
        let f = hdf5::File::open(&out).unwrap();
        f.dataset("industries/industry_share").unwrap().read_raw().unwrap()
    };
    let t: Vec<f64> = {
        let _guard = lock();
        let f = hdf5::File::open(&out).unwrap();
        f.dataset("industries/parameter").unwrap().read_raw().unwrap()
    };
    for (k, x) in t.iter().enumerate() {
        let cluster = share[3 * k];
        assert_eq!(cluster > 0.0, *x < e.3, "T_c = {x}: cluster share {cluster}");
    }
    industries_figure(dir.path(), &out, "vl-distant-market");
}

#[test]
fn plot_h5_script_reads_one_file_of_each_kind() {
    match Command::new("python3").args(["-c", "import h5py, matplotlib"]).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "python3 cannot import h5py and matplotlib, which scripts/plot_h5.py needs: run scripts/setup.sh\n{}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run python3 ({e}): run scripts/setup.sh"),
    }
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    agglo(&[
        "bifurcate",
        &gallery("footloose-tomahawk.toml"),
        "-o",
        p(&d("bifurcation.h5")),
    ]);
    agglo(&["solve", &gallery("fkv-tomahawk.toml"), "-o", p(&d("equilibria.h5"))]);
    agglo(&["wiggle", &gallery("fkv-tomahawk.toml"), "-o", p(&d("wiggle.h5"))]);
    let sweep_config = d("sweep.toml");
    std::fs::write(
        &sweep_config,
        "[model]\nkind = \"core-periphery\"\n[geography]\nkind = \"two-region\"\n[sweep]\nrecord = [\"share\", \"herfindahl\"]\n[[sweep.axis]]\nkey = \"geography.trade-cost\"\nfrom = 1.4\nto = 2.0\nsteps = 7\n[[sweep.axis]]\nkey = \"model.mu\"\nfrom = 0.3\nto = 0.4\nsteps = 2\n",
    )
    .unwrap();
    agglo(&["sweep", p(&sweep_config), "-o", p(&d("sweep.h5")), "-q"]);
    figure(dir.path(), "sweep", &[&d("sweep.h5")], &["--quantity", "herfindahl"]);
    agglo(&[
        "counterfactual",
        &gallery("border-grid.toml"),
        "--set",
        "geography.width=8",
        "--set",
        "geography.height=6",
        "--set",
        "geography.border-column=4",
        "-o",
        p(&d("counterfactual.h5")),
    ]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/plot_h5.py");
    for kind in ["bifurcation", "equilibria", "wiggle", "sweep", "counterfactual"] {
        let file = d(&format!("{kind}.h5"));
        let figures = d(&format!("{kind}-figures"));
        let o = run("python3", &[p(&script), p(&file), "-o", p(&figures)]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "plot_h5.py {kind}: {stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let pngs = std::fs::read_dir(&figures)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png"))
            .count();
        assert!(pngs >= 1, "plot_h5.py {kind} wrote no PNG: {stdout}");
    }
}

#[test]
fn every_gallery_config_checks_and_every_thumbnail_is_small_and_shown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/gallery");
    let mut configs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    configs.sort();
    assert!(configs.len() >= 7, "{configs:?}");
    for c in &configs {
        let text = agglo(&["check", p(c)]);
        assert!(text.contains(": ok"), "{}: {text}", c.display());
        let header = std::fs::read_to_string(c).unwrap();
        assert!(
            header.starts_with("# Gallery:") && header.contains("What to look for"),
            "{}: the header names the paper, the figure and what to look for",
            c.display()
        );
    }
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut pngs = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "png") {
            pngs += 1;
            let size = std::fs::metadata(&path).unwrap().len();
            assert!(
                size < 60_000,
                "{}: {size} bytes (keep thumbnails under 60 KB)",
                path.display()
            );
            let name = format!("configs/gallery/{}", path.file_name().unwrap().to_string_lossy());
            assert!(readme.contains(&name), "README.md does not show {name}");
        }
    }
    assert!(pngs >= 8, "{pngs} thumbnails");
}

#[test]
fn wiggle_errors_name_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.h5");
    let fail = |args: &[&str], needles: &[&str]| {
        let o = run(env!("CARGO_BIN_EXE_agglo"), args);
        let e = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!o.status.success() && e.starts_with("error:"), "{args:?}: {e}");
        for n in needles {
            assert!(e.contains(n), "{args:?}: error lacks \"{n}\": {e}");
        }
        assert!(!out.exists(), "no output after an error");
    };
    let fkv = gallery("fkv-tomahawk.toml");
    let racetrack = gallery("racetrack8.toml");
    fail(&["wiggle", &racetrack, "-o", p(&out)], &["two-region", "8 regions"]);
    fail(
        &["wiggle", &fkv, "--set", "wiggle.points=1", "-o", p(&out)],
        &["wiggle.points"],
    );
    fail(
        &["wiggle", &fkv, "--set", "wiggle.to=1.5", "-o", p(&out)],
        &["wiggle.to", "[0, 1]"],
    );
    fail(
        &[
            "wiggle",
            &fkv,
            "--set",
            "wiggle.parameter=\"model.nope\"",
            "-o",
            p(&out),
        ],
        &["wiggle.parameter"],
    );
    fail(
        &["wiggle", &gallery("border-grid.toml"), "-o", p(&out)],
        &["two-region"],
    );
}

//! `agglo plot`: bifurcation diagrams from synthetic branch files (a two-region tomahawk,
//! and a three-region file with every kind of special point) and equilibria plots from a
//! real `agglo solve` run, as PNG and SVG; errors name the file to fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};

#[path = "plot/figures.rs"]
mod figures;

use agglo::output::schema as s;
use hdf5::types::VarLenUnicode;
use ndarray::Array2;

/// Break point T_B = 7^(1/4) of the FKV model (sigma = 5, mu = 0.4).
const T_BREAK: f64 = 1.626_576_561_697_786;
/// Sustain point T_S of the same model.
const T_SUSTAIN: f64 = 1.8073;

/// Held while this process has an HDF5 file open and while it spawns `agglo`: HDF5 opens
/// files without close-on-exec, so a child forked meanwhile would inherit the descriptor and
/// its lock, and an `agglo` of another test could not open that file until the child ends.
static HDF5_FORK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    HDF5_FORK.lock().unwrap_or_else(|e| e.into_inner())
}

fn agglo(args: &[&str]) -> Output {
    let child = {
        let _guard = lock();
        Command::new(env!("CARGO_BIN_EXE_agglo"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("agglo runs")
    };
    child.wait_with_output().expect("agglo runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "agglo failed: {}\n{}",
        stderr(&o),
        String::from_utf8_lossy(&o.stdout)
    );
    o
}

fn text(v: &str) -> VarLenUnicode {
    v.parse().unwrap()
}

/// One branch: parameter values, shares per point (rows), stability.
struct SyntheticBranch {
    parameter: Vec<f64>,
    state: Vec<Vec<f64>>,
    stable: Vec<bool>,
    support: &'static str,
}

struct SyntheticPoint {
    kind: &'static str,
    parameter: f64,
    branch: u64,
    index: u64,
    value: f64,
}

fn write_branch_file(
    path: &Path,
    parameter_name: &str,
    branches: &[SyntheticBranch],
    points: &[SyntheticPoint],
    config: &str,
) {
    let _guard = lock();
    let file = hdf5::File::create(path).unwrap();
    file.new_attr::<VarLenUnicode>()
        .create(s::CONFIG)
        .unwrap()
        .write_scalar(&text(config))
        .unwrap();
    let top = file.create_group(s::BRANCHES).unwrap();
    for (b, br) in branches.iter().enumerate() {
        let g = top.create_group(&b.to_string()).unwrap();
        let (p, n) = (br.state.len(), br.state[0].len());
        g.new_dataset_builder()
            .with_data(&br.parameter)
            .create(s::PARAMETER)
            .unwrap();
        let state = Array2::from_shape_fn((p, n), |(i, j)| br.state[i][j]);
        g.new_dataset_builder().with_data(&state).create(s::STATE).unwrap();
        let stable: Vec<u8> = br.stable.iter().map(|&x| x as u8).collect();
        g.new_dataset_builder().with_data(&stable).create(s::STABLE).unwrap();
        let n_unstable: Vec<u64> = br.stable.iter().map(|&x| (!x) as u64).collect();
        g.new_dataset_builder()
            .with_data(&n_unstable)
            .create(s::N_UNSTABLE)
            .unwrap();
        g.new_attr::<VarLenUnicode>()
            .create(s::PARAMETER_NAME)
            .unwrap()
            .write_scalar(&text(parameter_name))
            .unwrap();
        g.new_attr::<VarLenUnicode>()
            .create(s::SUPPORT)
            .unwrap()
            .write_scalar(&text(br.support))
            .unwrap();
    }
    let sp = file.create_group(s::SPECIAL_POINTS).unwrap();
    let kinds: Vec<VarLenUnicode> = points.iter().map(|p| text(p.kind)).collect();
    sp.new_dataset_builder().with_data(&kinds).create(s::KIND).unwrap();
    let f = |g: &dyn Fn(&SyntheticPoint) -> f64| points.iter().map(g).collect::<Vec<f64>>();
    sp.new_dataset_builder()
        .with_data(&f(&|p| p.parameter))
        .create(s::PARAMETER)
        .unwrap();
    sp.new_dataset_builder()
        .with_data(&points.iter().map(|p| p.branch).collect::<Vec<_>>())
        .create(s::BRANCH)
        .unwrap();
    sp.new_dataset_builder()
        .with_data(&points.iter().map(|p| p.index).collect::<Vec<_>>())
        .create(s::INDEX)
        .unwrap();
    sp.new_dataset_builder()
        .with_data(&f(&|p| p.parameter - 1e-3))
        .create(s::BRACKET_LOW)
        .unwrap();
    sp.new_dataset_builder()
        .with_data(&f(&|p| p.parameter + 1e-3))
        .create(s::BRACKET_HIGH)
        .unwrap();
    sp.new_dataset_builder()
        .with_data(&f(&|p| p.value))
        .create(s::VALUE)
        .unwrap();
    file.new_attr::<u8>()
        .create(s::COMPLETE)
        .unwrap()
        .write_scalar(&1u8)
        .unwrap();
}

const FKV_CONFIG: &str =
    "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n\n[geography]\nkind = \"two-region\"\ntrade-cost = 1.7\n";

fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    (0..n).map(|i| a + (b - a) * i as f64 / (n - 1) as f64).collect()
}

/// The two-region tomahawk: the symmetric branch (stable above T_B, unstable below), two
/// interior unstable branches from the break point to the sustain point, and the two
/// core–periphery branches (stable below T_S), with the break and sustain points.
pub fn write_tomahawk(path: &Path) {
    let (t_lo, t_hi) = (1.1, 2.2);
    let ts = linspace(t_lo, t_hi, 221);
    let symmetric = SyntheticBranch {
        state: ts.iter().map(|_| vec![0.5, 0.5]).collect(),
        stable: ts.iter().map(|&t| t > T_BREAK).collect(),
        parameter: ts.clone(),
        support: "1,2",
    };
    // Interior: T(lambda) rises from T_B at 1/2 to T_S at the corner.
    let interior = |upper: bool| {
        let lambdas = linspace(0.5, if upper { 1.0 } else { 0.0 }, 81);
        SyntheticBranch {
            parameter: lambdas
                .iter()
                .map(|l| T_BREAK + (T_SUSTAIN - T_BREAK) * ((l - 0.5) / 0.5_f64).powi(2))
                .collect(),
            state: lambdas.iter().map(|&l| vec![l, 1.0 - l]).collect(),
            stable: vec![false; lambdas.len()],
            support: "1,2",
        }
    };
    let cp_ts = linspace(t_lo, T_SUSTAIN, 141);
    let core = |lambda: f64, support| SyntheticBranch {
        parameter: cp_ts.clone(),
        state: cp_ts.iter().map(|_| vec![lambda, 1.0 - lambda]).collect(),
        stable: vec![true; cp_ts.len()],
        support,
    };
    let break_index = ts.iter().position(|&t| t > T_BREAK).unwrap() as u64;
    let points = [
        SyntheticPoint {
            kind: "break",
            parameter: T_BREAK,
            branch: 0,
            index: break_index,
            value: 0.5,
        },
        SyntheticPoint {
            kind: "sustain",
            parameter: T_SUSTAIN,
            branch: 3,
            index: 140,
            value: 1.0,
        },
        SyntheticPoint {
            kind: "sustain",
            parameter: T_SUSTAIN,
            branch: 4,
            index: 140,
            value: 0.0,
        },
    ];
    write_branch_file(
        path,
        "geography.trade-cost",
        &[
            symmetric,
            interior(true),
            interior(false),
            core(1.0, "1"),
            core(0.0, "2"),
        ],
        &points,
        FKV_CONFIG,
    );
}

/// Three regions along sigma, with a fold, a branch point and a boundary point; the y axis
/// is the largest share. `value` is NaN for the fold, to exercise the branch/index lookup.
fn write_three_region(path: &Path) {
    let sig = linspace(2.0, 6.0, 101);
    let uniform = SyntheticBranch {
        state: sig.iter().map(|_| vec![1.0 / 3.0; 3]).collect(),
        stable: sig.iter().map(|&x| x > 4.0).collect(),
        parameter: sig.clone(),
        support: "1,2,3",
    };
    // An S-shaped branch leaving the uniform state at sigma = 4 with a fold at sigma = 3.
    let u = linspace(0.0, 1.0, 101);
    let folded = SyntheticBranch {
        parameter: u.iter().map(|&t| 4.0 - 3.0 * t + 2.5 * t * t).collect(),
        state: u
            .iter()
            .map(|&t| {
                let top = 1.0 / 3.0 + t * (2.0 / 3.0) * 0.9;
                vec![top, (1.0 - top) / 2.0, (1.0 - top) / 2.0]
            })
            .collect(),
        stable: u.iter().map(|&t| t > 0.6).collect(),
        support: "1,2,3",
    };
    let fold_index = 60;
    let points = [
        SyntheticPoint {
            kind: "branch-point",
            parameter: 4.0,
            branch: 0,
            index: 50,
            value: 1.0 / 3.0,
        },
        SyntheticPoint {
            kind: "fold",
            parameter: 4.0 - 3.0 * 0.6 + 2.5 * 0.36,
            branch: 1,
            index: fold_index,
            value: f64::NAN,
        },
        SyntheticPoint {
            kind: "boundary",
            parameter: 3.5,
            branch: 1,
            index: 100,
            value: 0.94,
        },
    ];
    let config = "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n\n[geography]\nkind = \"racetrack\"\nregions = 3\ntrade-cost = 1.5\n";
    write_branch_file(path, "model.sigma", &[uniform, folded], &points, config);
}

/// Adds `/special_points/mode` to a file of [`write_branch_file`].
fn write_modes(path: &Path, modes: &[u64]) {
    let _guard = lock();
    let file = hdf5::File::open_rw(path).unwrap();
    let sp = file.group(s::SPECIAL_POINTS).unwrap();
    sp.new_dataset_builder().with_data(modes).create(s::MODE).unwrap();
}

/// Breaks of the uniform state of the 12-region racetrack (sigma = 5, mu = 0.4), mode 6
/// first, as `agglo bifurcate configs/racetrack12.toml` finds them.
const RACETRACK_BREAKS: [(f64, u64); 6] = [
    (1.931_851_652_5, 6),
    (1.903_192_660_1, 5),
    (1.817_354_021_0, 4),
    (1.675_066_324_1, 3),
    (1.479_493_514_4, 2),
    (1.236_617_210_5, 1),
];

/// A racetrack-like diagram with many special points: the uniform branch at 1/12 with six
/// breaks (with their modes), and from the breaks 40 branches, every one drawn twice (as
/// the rotations of a racetrack pattern are), each with a branch point, a fold and a
/// sustain point: 126 special points.
fn write_many_points(path: &Path) {
    let n = 12;
    let ts = linspace(1.0, 2.5, 151);
    let uniform = SyntheticBranch {
        parameter: ts.clone(),
        state: ts.iter().map(|_| vec![1.0 / n as f64; n]).collect(),
        stable: ts.iter().map(|&t| t > RACETRACK_BREAKS[0].0).collect(),
        support: "1,2,3,4,5,6,7,8,9,10,11,12",
    };
    let mut branches = vec![uniform];
    let mut points: Vec<SyntheticPoint> = RACETRACK_BREAKS
        .iter()
        .map(|&(t, _)| SyntheticPoint {
            kind: "break",
            parameter: t,
            branch: 0,
            index: ts.iter().position(|&x| x >= t).unwrap() as u64,
            value: 1.0 / n as f64,
        })
        .collect();
    let mut modes: Vec<u64> = RACETRACK_BREAKS.iter().map(|b| b.1).collect();
    for k in 0..20 {
        let (t_break, _) = RACETRACK_BREAKS[k % 6];
        let u = linspace(0.0, 1.0, 41);
        let top_max = 0.3 + 0.033 * k as f64;
        let param: Vec<f64> = u
            .iter()
            .map(|&s| t_break - (0.25 + 0.01 * k as f64) * s + 0.3 * s * (1.0 - s))
            .collect();
        let state: Vec<Vec<f64>> = u
            .iter()
            .map(|&s| {
                let top = 1.0 / n as f64 + (top_max - 1.0 / n as f64) * s;
                let mut v = vec![(1.0 - top) / (n - 1) as f64; n];
                v[0] = top;
                v
            })
            .collect();
        for copy in 0..2 {
            let b = branches.len() as u64;
            for (kind, index) in [("branch-point", 10), ("fold", 25), ("sustain", 40)] {
                let value = if copy == 0 { state[index][0] } else { f64::NAN };
                points.push(SyntheticPoint {
                    kind,
                    parameter: param[index],
                    branch: b,
                    index: index as u64,
                    value,
                });
                modes.push(0);
            }
            branches.push(SyntheticBranch {
                parameter: param.clone(),
                state: state.clone(),
                stable: u.iter().map(|&s| s > 0.9).collect(),
                support: "1,2,3,4,5,6,7,8,9,10,11,12",
            });
        }
    }
    let config = "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n\n[geography]\nkind = \"racetrack\"\nregions = 12\ntrade-cost = 1.5\n";
    write_branch_file(path, "geography.trade-cost", &branches, &points, config);
    write_modes(path, &modes);
}

/// A box in SVG user units: x0, y0, x1, y1.
type SvgBox = (f64, f64, f64, f64);

/// The point labels of a bifurcation SVG: the white boxes behind them (x0, y0, x1, y1), and
/// the texts naming a parameter value ("break T=1.9319") or a mode ("(mode 6)").
fn svg_labels(svg: &str) -> (Vec<SvgBox>, Vec<String>) {
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + name.len()
            + 3;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let boxes = svg
        .split("<rect")
        .skip(1)
        .map(|r| r.split('>').next().unwrap())
        .filter(|r| r.contains("opacity=\"0.85\"") && r.contains("fill=\"#FFFFFF\""))
        .map(|r| {
            let (x, y) = (attr(r, "x"), attr(r, "y"));
            (x, y, x + attr(r, "width"), y + attr(r, "height"))
        })
        .collect();
    let texts = svg
        .split("<text")
        .skip(1)
        .map(|t| {
            t.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .trim()
                .to_string()
        })
        .filter(|t| t.contains("T=") || t.starts_with("(mode"))
        .collect();
    (boxes, texts)
}

/// At most `max` labels, none over another, none saying the same twice.
fn assert_few_clear_labels(svg: &str, max: usize) -> Vec<String> {
    let (boxes, texts) = svg_labels(svg);
    assert!(
        !boxes.is_empty() && boxes.len() <= max,
        "{} label boxes: {texts:?}",
        boxes.len()
    );
    let named: Vec<&String> = texts.iter().filter(|t| t.contains("T=")).collect();
    assert!(named.len() <= max, "{} label texts: {texts:?}", named.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
            assert!(!overlap, "labels overlap: {a:?} and {b:?} ({texts:?})");
        }
    }
    for (i, t) in named.iter().enumerate() {
        assert!(!named[i + 1..].contains(t), "\"{t}\" is labelled twice: {texts:?}");
    }
    texts
}

fn assert_png(path: &Path) {
    keep(path);
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    assert!(
        bytes.len() > 10_000,
        "{} is suspiciously small ({} bytes)",
        path.display(),
        bytes.len()
    );
}

fn read_svg(path: &Path) -> String {
    keep(path);
    let svg = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(svg.contains("<svg"), "{} is not an SVG", path.display());
    svg
}

/// With AGGLO_PLOT_EXAMPLES=DIR set, keeps a copy of each figure in DIR (to look at them).
fn keep(path: &Path) {
    if let Some(dir) = std::env::var_os("AGGLO_PLOT_EXAMPLES") {
        std::fs::copy(path, Path::new(&dir).join(path.file_name().unwrap())).unwrap();
    }
}

/// No temporary files left next to the figures.
fn assert_no_temp_files(dir: &Path) {
    let left: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn tomahawk_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("tomahawk.h5");
    write_tomahawk(&h5);

    let png = dir.path().join("tomahawk.png");
    let out = ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 branches, 3 special points"));
    assert_png(&png);

    let svg_path = dir.path().join("tomahawk.svg");
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path), "--kind", "bifurcation"]));
    let svg = read_svg(&svg_path);
    for label in [
        "break T=1.6266",
        "sustain T=1.8073",
        "trade cost T (iceberg)",
        "share of region 1",
        "stable",
        "unstable",
        "break point",
        "sustain point",
        "Bifurcation diagram",
        "core-periphery model",
    ] {
        assert!(svg.contains(label), "the SVG lacks \"{label}\"");
    }
    // Kinds not in the file are not in the legend; the duplicate sustain label is drawn once.
    assert!(!svg.contains("fold"));
    assert_eq!(svg.matches("sustain T=1.8073").count(), 1);
    let texts = assert_few_clear_labels(&svg, 2);
    assert_eq!(texts, ["break T=1.6266", "sustain T=1.8073"], "two regions: no mode");
    // Few branches: thick lines.
    assert!(
        svg.contains("stroke=\"#0072B2\" stroke-width=\"3\""),
        "stable lines are thin"
    );
    assert_no_temp_files(dir.path());
}

#[test]
fn many_special_points_get_few_labels() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("many.h5");
    write_many_points(&h5);
    let svg_path = dir.path().join("many.svg");
    let out = ok(agglo(&["plot", p(&h5), "-o", p(&svg_path)]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("41 branches, 126 special points"));
    let svg = read_svg(&svg_path);
    let texts = assert_few_clear_labels(&svg, 15);
    // Every break of the uniform state is labelled, with its mode.
    for (t, mode) in RACETRACK_BREAKS {
        let name = format!("break T={t:.4}");
        assert!(texts.iter().any(|x| x.contains(&name)), "no \"{name}\": {texts:?}");
        assert!(
            texts.iter().any(|x| x.contains(&format!("(mode {mode})"))),
            "no mode {mode}: {texts:?}"
        );
    }
    // The labels beyond them go to the points with the largest share, here the sustain
    // point of the last branch.
    assert!(texts.iter().any(|x| x.contains("sustain T=")), "{texts:?}");
    // Every point is marked (a marker is a polygon or circle with a black outline): the
    // legend lists the kinds.
    for kind in ["break point", "branch point", "fold", "sustain point"] {
        assert!(svg.contains(kind), "the legend lacks \"{kind}\"");
    }
    // Many branches: thin lines.
    assert!(
        svg.contains("stroke=\"#0072B2\" stroke-width=\"2\""),
        "stable lines are not thin"
    );
    assert!(
        !svg.contains("stroke=\"#0072B2\" stroke-width=\"3\""),
        "stable lines are not thin"
    );
    let png = dir.path().join("many.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert_png(&png);
}

#[test]
fn racetrack_diagram_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("r12.h5");
    let config = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("configs")
        .join("racetrack12.toml");
    ok(agglo(&["bifurcate", p(&config), "-o", p(&h5)]));
    let svg_path = dir.path().join("r12.svg");
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path)]));
    let svg = read_svg(&svg_path);
    let texts = assert_few_clear_labels(&svg, 15);
    // The first break of the uniform state, in mode 6 (six cities).
    assert!(texts.iter().any(|t| t.contains("break T=1.9319")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("(mode 6)")), "{texts:?}");
    let png = dir.path().join("r12.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert_png(&png);
}

#[test]
fn default_output_is_the_input_with_png_extension() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("diagram.h5");
    write_tomahawk(&h5);
    ok(agglo(&["plot", p(&h5)]));
    assert_png(&dir.path().join("diagram.png"));
}

#[test]
fn three_regions_with_every_special_point_kind() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("three.h5");
    write_three_region(&h5);
    let svg_path = dir.path().join("three.svg");
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path)]));
    let svg = read_svg(&svg_path);
    for label in [
        "largest regional share",
        "elasticity of substitution σ",
        "fold σ=3.1000",
        "branch point σ=4.0000",
        "boundary σ=3.5000",
        "branch point",
        "fold",
        "boundary",
        "racetrack",
    ] {
        assert!(svg.contains(label), "the SVG lacks \"{label}\"");
    }
    let png = dir.path().join("three.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert_png(&png);
}

#[test]
fn diagram_of_a_real_bifurcate() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("bif.h5");
    ok(agglo(&["bifurcate", "-o", p(&h5)]));
    let svg_path = dir.path().join("bif.svg");
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path)]));
    let svg = read_svg(&svg_path);
    // The default FKV tomahawk: break and sustain points at their closed forms.
    for label in [
        "break T=1.6266",
        "sustain T=1.8073",
        "trade cost T (iceberg)",
        "break point",
        "sustain point",
    ] {
        assert!(svg.contains(label), "the SVG lacks \"{label}\"");
    }
    let png = dir.path().join("bif.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert_png(&png);
}

#[test]
fn equilibria_of_a_real_solve() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("solve.h5");
    ok(agglo(&["solve", "-o", p(&h5)]));
    let png = dir.path().join("eq.png");
    let out = ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("equilibria"));
    assert_png(&png);
    let svg_path = dir.path().join("eq.svg");
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path), "--kind", "equilibria"]));
    let svg = read_svg(&svg_path);
    // The default model at T = 1.7 has five equilibria, three stable.
    for label in [
        "#0",
        "#4",
        "stable equilibrium",
        "unstable",
        "uniform share 1/2",
        "Long-run equilibria",
    ] {
        assert!(svg.contains(label), "the SVG lacks \"{label}\"");
    }
    // No branches in a solve file.
    let o = agglo(&["plot", p(&h5), "-o", p(&png), "--kind", "bifurcation"]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.starts_with("error:") && e.contains("solve.h5") && e.contains("/branches"),
        "{e}"
    );
    assert_no_temp_files(dir.path());
}

#[test]
fn equilibria_of_many_regions() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("ring.h5");
    let cfg = dir.path().join("ring.toml");
    std::fs::write(
        &cfg,
        "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n\n[geography]\nkind = \"racetrack\"\nregions = 40\ntrade-cost = 1.1\n\n[solve]\nstarts = 3\n",
    )
    .unwrap();
    ok(agglo(&["solve", p(&cfg), "-o", p(&h5)]));
    let svg_path = dir.path().join("ring.svg");
    let png = dir.path().join("ring.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    assert_png(&png);
    ok(agglo(&["plot", p(&h5), "-o", p(&svg_path)]));
    assert!(read_svg(&svg_path).contains("uniform share 1/40"));
}

fn assert_error(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "expected failure");
    let e = stderr(o);
    assert!(e.starts_with("error:"), "{e}");
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    for n in needles {
        assert!(e.contains(n), "error lacks \"{n}\": {e}");
    }
}

#[test]
fn errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.h5");
    assert_error(&agglo(&["plot", p(&missing)]), &["missing.h5", "no such file"]);

    let text_file = dir.path().join("notes.h5");
    std::fs::write(&text_file, "not HDF5").unwrap();
    assert_error(&agglo(&["plot", p(&text_file)]), &["notes.h5", "not an HDF5 file"]);

    let empty = dir.path().join("empty.h5");
    {
        let _guard = lock();
        let f = hdf5::File::create(&empty).unwrap();
        f.new_attr::<u8>()
            .create(s::COMPLETE)
            .unwrap()
            .write_scalar(&1u8)
            .unwrap();
    }
    assert_error(
        &agglo(&["plot", p(&empty)]),
        &["empty.h5", "neither /branches nor /equilibria"],
    );
    assert_error(
        &agglo(&["plot", p(&empty), "--kind", "equilibria"]),
        &["empty.h5", "/equilibria"],
    );

    let h5 = dir.path().join("tomahawk.h5");
    write_tomahawk(&h5);
    let pdf = dir.path().join("fig.pdf");
    assert_error(
        &agglo(&["plot", p(&h5), "-o", p(&pdf)]),
        &["fig.pdf", ".pdf", ".png or .svg"],
    );
    let nowhere = dir.path().join("no-such-folder").join("fig.png");
    assert_error(
        &agglo(&["plot", p(&h5), "-o", p(&nowhere)]),
        &["no-such-folder", "does not exist"],
    );
    assert_error(&agglo(&["plot", p(&h5), "-o", p(dir.path())]), &["folder"]);
    assert!(!pdf.exists() && !nowhere.exists());
    assert_no_temp_files(dir.path());
}

#[test]
fn incomplete_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("partial.h5");
    {
        let _guard = lock();
        let f = hdf5::File::create(&h5).unwrap();
        f.create_group(s::BRANCHES).unwrap();
    }
    assert_error(&agglo(&["plot", p(&h5)]), &["partial.h5", "incomplete"]);
}

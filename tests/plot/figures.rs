//! Figures that must be right, not only drawn: maps of great-circle geographies with
//! longitude on x, latin-hypercube sweeps drawn as coloured points, flat fields in one
//! middle colour, ratios on a scale centred on 1, ARSW cities mapped, bars labelled by
//! region id, counts on integer ticks. Each reads the SVG that `agglo plot` writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{agglo, keep, lock, ok, p, read_svg, stderr};

/// The attributes of every `<tag ...>` element of `svg`.
fn elements(svg: &str, tag: &str) -> Vec<HashMap<String, String>> {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .map(|rest| {
            let head = rest.split('>').next().unwrap();
            let mut attrs = HashMap::new();
            let mut parts = head.split('"');
            while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
                attrs.insert(name.trim().trim_end_matches('=').to_string(), value.to_string());
            }
            attrs
        })
        .collect()
}

fn num(e: &HashMap<String, String>, name: &str) -> f64 {
    e.get(name).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

/// Filled discs (the map's locations, the scatter's points), in drawing order.
fn discs(svg: &str) -> Vec<HashMap<String, String>> {
    elements(svg, "circle")
        .into_iter()
        .filter(|c| c.get("fill").is_some_and(|f| f != "none") && num(c, "r") >= 2.0)
        .collect()
}

/// Every `<text>` with its content and attributes.
fn texts(svg: &str) -> Vec<(String, HashMap<String, String>)> {
    let attrs = elements(svg, "text");
    let contents = svg.split("<text ").skip(1).map(|t| {
        t.split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .trim()
            .to_string()
    });
    contents.zip(attrs).collect()
}

fn rgb(hex: &str) -> (i32, i32, i32) {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| i32::from_str_radix(&h[i..i + 2], 16).unwrap();
    (c(0), c(2), c(4))
}

fn config(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").join(name)
}

fn read_f64s(path: &Path, dataset: &str) -> Vec<f64> {
    let _guard = lock();
    let f = hdf5::File::open(path).unwrap();
    f.dataset(dataset).unwrap().read_raw::<f64>().unwrap()
}

fn plot_svg(h5: &Path, svg: &Path, more: &[&str]) -> String {
    let mut args = vec!["plot", p(h5), "-o", p(svg)];
    args.extend_from_slice(more);
    ok(agglo(&args));
    read_svg(svg)
}

#[test]
fn great_circle_maps_put_longitude_on_x_and_label_the_cities() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("gc.h5");
    ok(agglo(&["solve", p(&config("great-circle.toml")), "-o", p(&h5)]));
    let svg = plot_svg(&h5, &dir.path().join("gc-map.svg"), &["--kind", "map"]);
    // (lat, lon) per city, in region order.
    let c = read_f64s(&h5, "geography/coordinates");
    let n = c.len() / 2;
    let d = discs(&svg);
    assert!(d.len() >= n, "{} discs for {n} cities", d.len());
    let first: Vec<(f64, f64)> = d[..n].iter().map(|e| (num(e, "cx"), num(e, "cy"))).collect();
    for i in 0..n {
        for j in 0..n {
            let (lat_i, lon_i, lat_j, lon_j) = (c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1]);
            if lon_i < lon_j - 0.5 {
                assert!(
                    first[i].0 < first[j].0,
                    "city {i} is west of {j} but drawn east of it: {first:?}"
                );
            }
            if lat_i > lat_j + 0.5 {
                assert!(
                    first[i].1 < first[j].1,
                    "city {i} is north of {j} but drawn below it: {first:?}"
                );
            }
        }
    }
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.0).collect();
    for axis in ["longitude (°E)", "latitude (°N)"] {
        assert!(all.iter().any(|t| t == axis), "no axis label \"{axis}\"");
    }
    for city in ["Lisbon", "Madrid", "Paris", "London"] {
        assert!(all.iter().any(|t| t == city), "{city} is not labelled");
    }
}

#[test]
fn long_region_ids_label_the_bars() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("gc.h5");
    ok(agglo(&["solve", p(&config("great-circle.toml")), "-o", p(&h5)]));
    let svg = plot_svg(&h5, &dir.path().join("gc-bars.svg"), &["--kind", "equilibria"]);
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.0).collect();
    for city in ["Lisbon", "Madrid", "Paris", "London", "Berlin", "Rome"] {
        assert!(all.iter().any(|t| t == city), "no bar labelled {city}: {all:?}");
    }
}

#[test]
fn a_flat_field_gets_one_middle_colour() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("ring.toml");
    // Dear trade on a symmetric ring: the dispersed state, every share 1/6.
    std::fs::write(
        &cfg,
        "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n\n[geography]\nkind = \"racetrack\"\nregions = 6\ntrade-cost = 3.0\n\n[solve]\nhorizon = \"short-run\"\n",
    )
    .unwrap();
    let h5 = dir.path().join("ring.h5");
    ok(agglo(&["solve", p(&cfg), "-o", p(&h5)]));
    let shares = read_f64s(&h5, "equilibria/0/share");
    assert!(shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-12), "{shares:?}");
    let svg = plot_svg(&h5, &dir.path().join("flat.svg"), &["--kind", "map"]);
    let d = discs(&svg);
    assert!(d.len() >= 6);
    let fills: Vec<&str> = d[..6].iter().map(|e| e["fill"].as_str()).collect();
    assert!(
        fills.iter().all(|f| *f == fills[0]),
        "equal shares, different colours: {fills:?}"
    );
    // Viridis' ends: 0 is #440154, 1 is #FDE725.
    assert!(fills[0] != "#440154" && fills[0] != "#FDE725", "{fills:?}");
    assert!(
        svg.contains("all equal: 0.1667"),
        "the colour bar does not say the field is flat"
    );
}

#[test]
fn latin_hypercube_sweeps_are_drawn_as_coloured_points_with_integer_counts() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lhs.toml");
    std::fs::write(
        &cfg,
        "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\nfarmers = \"uniform\"\nshares = \"uniform\"\n\n\
         [geography]\nkind = \"two-region\"\ntrade-cost = 1.7\n\n[solve]\nhorizon = \"long-run\"\n\n\
         [sweep]\ndesign = \"latin-hypercube\"\npoints = 40\nseed = 3\nrecord = [\"n-equilibria\", \"herfindahl\"]\n\n\
         [[sweep.axis]]\nkey = \"geography.trade-cost\"\nfrom = 1.3\nto = 2.2\n\n\
         [[sweep.axis]]\nkey = \"model.mu\"\nfrom = 0.3\nto = 0.5\n",
    )
    .unwrap();
    let h5 = dir.path().join("lhs.h5");
    ok(agglo(&["sweep", p(&cfg), "-o", p(&h5)]));
    let png = dir.path().join("lhs.png");
    ok(agglo(&["plot", p(&h5), "-o", p(&png)]));
    keep(&png);
    for (quantity, counts) in [("n_equilibria", true), ("herfindahl", false)] {
        let svg = plot_svg(
            &h5,
            &dir.path().join(format!("lhs-{quantity}.svg")),
            &["--quantity", quantity],
        );
        let d = discs(&svg);
        assert_eq!(d.len(), 40, "{quantity}: one disc per point");
        let mut fills: Vec<&str> = d.iter().map(|e| e["fill"].as_str()).collect();
        fills.sort();
        fills.dedup();
        assert!(fills.len() >= 2, "{quantity}: every point the same colour");
        if counts {
            // 1, 3 or 5 equilibria: at most three colours, and the colour bar ticks integers.
            assert!(fills.len() <= 3, "{fills:?}");
            let bar: Vec<String> = texts(&svg)
                .into_iter()
                .map(|t| t.0)
                .filter(|t| t.parse::<f64>().is_ok())
                .collect();
            assert!(bar.iter().any(|t| t == "3"), "{bar:?}");
            assert!(
                !bar.iter().any(|t| ["2.5", "3.5", "4.5"].contains(&t.as_str())),
                "fractional count ticks: {bar:?}"
            );
        }
    }
}

#[test]
fn counts_on_a_grid_sweep_tick_on_integers() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("grid.toml");
    std::fs::write(
        &cfg,
        "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\nfarmers = \"uniform\"\nshares = \"uniform\"\n\n\
         [geography]\nkind = \"two-region\"\ntrade-cost = 1.7\n\n[solve]\nhorizon = \"long-run\"\n\n\
         [sweep]\ndesign = \"grid\"\nrecord = [\"n-equilibria\"]\n\n\
         [[sweep.axis]]\nkey = \"geography.trade-cost\"\nfrom = 1.4\nto = 2.0\nsteps = 25\n",
    )
    .unwrap();
    let h5 = dir.path().join("grid.h5");
    ok(agglo(&["sweep", p(&cfg), "-o", p(&h5)]));
    let svg = plot_svg(&h5, &dir.path().join("grid-counts.svg"), &[]);
    // y tick labels are right-aligned ("end"); every one a whole number.
    let y_ticks: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|(t, a)| a.get("text-anchor").is_some_and(|v| v == "end") && t.parse::<f64>().is_ok())
        .map(|t| t.0)
        .collect();
    assert!(y_ticks.len() >= 3, "{y_ticks:?}");
    for t in &y_ticks {
        assert_eq!(
            t.parse::<f64>().unwrap().fract(),
            0.0,
            "tick {t} of a count: {y_ticks:?}"
        );
    }
}

#[test]
fn counterfactual_ratios_are_coloured_about_one() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("aa-cf.h5");
    ok(agglo(&["counterfactual", p(&config("aa-cities.toml")), "-o", p(&h5)]));
    let change = read_f64s(&h5, "counterfactual/levels/population_change");
    assert!(change.iter().any(|c| *c > 1.0) && change.iter().any(|c| *c < 1.0));
    let svg = plot_svg(
        &h5,
        &dir.path().join("aa-change.svg"),
        &["--kind", "map", "--quantity", "population_change"],
    );
    let d = discs(&svg);
    assert_eq!(d.len(), change.len());
    for (e, c) in d.iter().zip(&change) {
        let (r, _, b) = rgb(&e["fill"]);
        if *c > 1.0 + 1e-3 {
            assert!(b > r, "a rise ({c}) is not blue: {}", e["fill"]);
        } else if *c < 1.0 - 1e-3 {
            assert!(r > b, "a fall ({c}) is not red: {}", e["fill"]);
        }
    }
    // The bar's ticks are symmetric about 1: as far below as above.
    let ticks: Vec<f64> = texts(&svg)
        .into_iter()
        .filter_map(|t| t.0.parse::<f64>().ok())
        .filter(|v| (0.5..1.5).contains(v))
        .collect();
    let (lo, hi) = ticks
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    assert!(ticks.contains(&1.0), "no tick at 1: {ticks:?}");
    assert!(
        ((1.0 - lo) - (hi - 1.0)).abs() < 1e-9,
        "ticks not centred on 1: {ticks:?}"
    );
}

#[test]
fn arsw_cities_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let city = config("arsw-city.toml");
    let small = ["--set", "model.synthetic.size=10"];
    let solved = dir.path().join("city.h5");
    ok(agglo(
        &[&["solve", p(&city), "-o", p(&solved)][..], &small[..]].concat(),
    ));
    let svg = plot_svg(&solved, &dir.path().join("city.svg"), &[]);
    for words in ["residents H_R", "workers H_M", "floor price Q"] {
        assert!(svg.contains(words), "no panel of {words}");
    }
    let cells = elements(&svg, "rect")
        .into_iter()
        .filter(|r| (3.0..60.0).contains(&num(r, "width")) && (3.0..60.0).contains(&num(r, "height")))
        .count();
    assert!(cells >= 3 * 100, "{cells} cells for 3 panels of 100 blocks");
    let cf = dir.path().join("city-cf.h5");
    let corridor = [
        "--set",
        "counterfactual.corridor.from=[0.0, 2.75]",
        "--set",
        "counterfactual.corridor.to=[5.0, 2.75]",
    ];
    ok(agglo(
        &[
            &["counterfactual", p(&city), "-o", p(&cf)][..],
            &small[..],
            &corridor[..],
        ]
        .concat(),
    ));
    let svg = plot_svg(
        &cf,
        &dir.path().join("city-cf.svg"),
        &["--quantity", "residents_change"],
    );
    assert!(
        svg.contains("with spillovers") && svg.contains("without spillovers"),
        "two panels"
    );
    let png = dir.path().join("city-cf.png");
    ok(agglo(&["plot", p(&cf), "-o", p(&png), "--kind", "map"]));
    keep(&png);
    let o = agglo(&["plot", p(&cf), "-o", p(&png), "--quantity", "rent"]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("\"rent\"") && e.contains("residents_change") && e.contains("floor_price"),
        "{e}"
    );
}

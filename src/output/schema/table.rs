//! The schema table's row type and its lookup. A row's `parent` is a path pattern: a
//! segment `<k>` (any text in angle brackets) stands for any one group name, e.g.
//! `/equilibria/<k>` matches `/equilibria/0`.

use super::{entries_industries, entries_mrrh, entries_results, entries_workflows};

/// What a row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Group,
    Dataset,
    Attribute,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Dataset => "dataset",
            Kind::Attribute => "attribute",
        }
    }
}

/// The stored element type. Strings are variable-length UTF-8; flags are `u8` (0/1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// Groups have none.
    None,
    F64,
    U64,
    U8,
    Str,
}

impl Dtype {
    pub fn name(self) -> &'static str {
        match self {
            Dtype::None => "",
            Dtype::F64 => "f64",
            Dtype::U64 => "u64",
            Dtype::U8 => "u8",
            Dtype::Str => "string",
        }
    }
}

/// One group, dataset or attribute of the files agglo writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// Path pattern of the group (or, for an attribute, the group or dataset) holding it;
    /// `/` for the root.
    pub parent: &'static str,
    pub name: &'static str,
    pub dtype: Dtype,
    /// Dimensions in symbols ([`SYMBOLS`]) or numbers; empty for scalars and groups.
    pub shape: &'static [&'static str],
    /// `"1"` when dimensionless; empty for groups.
    pub units: &'static str,
    pub description: &'static str,
    /// The `agglo` commands whose files hold it (in some configurations).
    pub commands: &'static [&'static str],
}

impl Entry {
    /// `/parent/name` for groups and datasets, `/parent@name` for attributes.
    pub fn path(&self) -> String {
        let sep = if self.kind == Kind::Attribute { "@" } else { "/" };
        if self.parent == "/" {
            if self.kind == Kind::Attribute {
                format!("/@{}", self.name)
            } else {
                format!("/{}", self.name)
            }
        } else {
            format!("{}{sep}{}", self.parent, self.name)
        }
    }
}

/// What the shape symbols count.
pub const SYMBOLS: &[(&str, &str)] = &[
    ("N", "regions (locations, blocks): the length of /geography/ids"),
    (
        "M",
        "eigenvalues of the migration dynamics (N - 1), or residuals of a calibration",
    ),
    ("P", "points of a branch, or shares of a wiggle diagram"),
    ("S", "special points of a diagram"),
    ("K", "points of a sweep, or distinct optima of a calibration"),
    ("Q", "swept or calibrated parameters"),
    ("R", "recorded quantities of a sweep"),
    ("C", "chunks of an unfinished sweep, or curves of a wiggle diagram"),
    ("Z", "located zeros of a wiggle diagram's real-wage gap"),
    ("I", "iterations of a calibration's best start"),
    ("B", "successful bootstrap replicates"),
    ("J", "industries of a several-industry model"),
];

/// Every row, results first (geography, equilibria, diagrams), then the workflows (sweeps,
/// calibration, ARSW cities).
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    entries_results::ROWS
        .iter()
        .chain(entries_workflows::ROWS)
        .chain(entries_workflows::CITY_EQUILIBRIUM_ROWS)
        .chain(entries_mrrh::ROWS)
        .chain(entries_mrrh::EQUILIBRIUM_ROWS)
        .chain(entries_industries::ROWS)
}

/// True when the concrete HDF5 path `path` (e.g. `/equilibria/0`) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let placeholder = |p: &str| p.starts_with('<') && p.ends_with('>');
    let a: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    a.len() == b.len() && a.iter().zip(&b).all(|(p, s)| placeholder(p) || p == s)
}

/// The row of the `kind` named `name` inside the object at the concrete path `parent`
/// (a row named `<k>` stands for any group name there).
pub fn find(kind: Kind, parent: &str, name: &str) -> Option<&'static Entry> {
    let named = |e: &Entry| e.name == name || (e.name.starts_with('<') && e.name.ends_with('>'));
    entries()
        .filter(|e| e.kind == kind && matches(e.parent, parent))
        .find(|e| e.name == name)
        .or_else(|| entries().find(|e| e.kind == kind && named(e) && matches(e.parent, parent)))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Entry {
        /// True when this row is the object `last` inside `up` (both may be patterns).
        fn name_matches(&self, up: &str, last: &str) -> bool {
            self.parent == up && (self.name == last || (last.starts_with('<') && last.ends_with('>')))
        }
    }

    #[test]
    fn patterns_match_one_segment_per_placeholder() {
        assert!(matches("/equilibria/<k>", "/equilibria/3"));
        assert!(matches("/", "/"));
        assert!(!matches("/equilibria/<k>", "/equilibria"));
        assert!(!matches("/equilibria/<k>", "/branches/0"));
        assert!(matches(
            "/city/counterfactual/<case>",
            "/city/counterfactual/with_spillovers"
        ));
    }

    #[test]
    fn rows_are_unique_and_complete() {
        let all: Vec<&Entry> = entries().collect();
        for (i, e) in all.iter().enumerate() {
            assert!(!e.description.is_empty(), "{} has no description", e.path());
            assert!(!e.commands.is_empty(), "{} names no command", e.path());
            let is_group = e.kind == Kind::Group;
            assert_eq!(
                is_group,
                e.dtype == Dtype::None,
                "{}: only groups have no type",
                e.path()
            );
            assert_eq!(
                is_group,
                e.units.is_empty(),
                "{}: units are for datasets and attributes",
                e.path()
            );
            for d in e.shape {
                assert!(
                    d.parse::<usize>().is_ok() || SYMBOLS.iter().any(|(s, _)| d.starts_with(s)),
                    "{}: unknown dimension {d}",
                    e.path()
                );
            }
            for other in &all[..i] {
                assert!(
                    !(other.kind == e.kind && other.name == e.name && matches(other.parent, e.parent)),
                    "{} is listed twice",
                    e.path()
                );
            }
            if e.parent != "/" {
                let (up, last) = e.parent.rsplit_once('/').expect("absolute parent");
                let up = if up.is_empty() { "/" } else { up };
                let holder = all
                    .iter()
                    .any(|g| (g.kind == Kind::Group || g.kind == Kind::Dataset) && g.name_matches(up, last));
                assert!(holder, "{}: its parent {} is not in the table", e.path(), e.parent);
            }
        }
    }
}

/// A group row.
pub(super) const fn group(
    parent: &'static str,
    name: &'static str,
    description: &'static str,
    commands: &'static [&'static str],
) -> Entry {
    Entry {
        kind: Kind::Group,
        parent,
        name,
        dtype: Dtype::None,
        shape: &[],
        units: "",
        description,
        commands,
    }
}

/// A dataset row.
pub(super) const fn dataset(
    parent: &'static str,
    name: &'static str,
    dtype: Dtype,
    shape: &'static [&'static str],
    units: &'static str,
    description: &'static str,
    commands: &'static [&'static str],
) -> Entry {
    Entry {
        kind: Kind::Dataset,
        parent,
        name,
        dtype,
        shape,
        units,
        description,
        commands,
    }
}

/// An attribute row (scalar when `shape` is empty).
pub(super) const fn attribute(
    parent: &'static str,
    name: &'static str,
    dtype: Dtype,
    shape: &'static [&'static str],
    units: &'static str,
    description: &'static str,
    commands: &'static [&'static str],
) -> Entry {
    Entry {
        kind: Kind::Attribute,
        parent,
        name,
        dtype,
        shape,
        units,
        description,
        commands,
    }
}

/// Command lists of the rows.
pub(super) mod commands {
    pub const ALL: &[&str] = &[
        "solve",
        "bifurcate",
        "wiggle",
        "sweep",
        "merge",
        "calibrate",
        "invert",
        "counterfactual",
    ];
    pub const SOLVE: &[&str] = &["solve"];
    pub const EQUILIBRIA: &[&str] = &["solve", "invert", "counterfactual"];
    pub const SPATIAL: &[&str] = &["solve", "invert", "counterfactual"];
    pub const CLOSED_FORM: &[&str] = &["solve", "bifurcate", "wiggle"];
    pub const BIFURCATE: &[&str] = &["bifurcate"];
    pub const INVERT: &[&str] = &["invert"];
    pub const COUNTERFACTUAL: &[&str] = &["counterfactual"];
    pub const WIGGLE: &[&str] = &["wiggle"];
    pub const SWEEP: &[&str] = &["sweep", "merge"];
    pub const SWEEP_PARTIAL: &[&str] = &["sweep"];
    pub const CALIBRATE: &[&str] = &["calibrate"];
    /// ARSW cities (`model.kind = "arsw"`).
    pub const CITY: &[&str] = &["solve", "invert", "counterfactual"];
    pub const CITY_INVERSION: &[&str] = &["invert", "counterfactual"];
    /// MRRH models (`model.kind = "mrrh"`).
    pub const MRRH: &[&str] = &["solve", "invert", "counterfactual"];
    /// Several-industry models (`model.kind = "puga-venables"`).
    pub const INDUSTRIES: &[&str] = &["solve", "bifurcate"];
    /// Files whose locations are a city's blocks.
    pub const CITY_BLOCKS: &[&str] = &["solve", "invert", "counterfactual", "sweep", "merge", "calibrate"];
}

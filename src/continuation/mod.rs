//! Bifurcation diagrams: continuation of long-run equilibrium branches in one parameter,
//! with stability along every branch, special points located by bisection, and branch
//! switching, so that a whole diagram (the FKV "tomahawk", racetrack period doubling)
//! comes out of one run.
//!
//! Every branch lives on a support S (the occupied regions; ARCHITECTURE.md, "Branches live on supports"): a branch whose
//! shares reach 0 meets a branch on a smaller support there, and a branch on which an empty
//! region's real wage reaches the others' meets one on a larger support (the two-region
//! sustain point). Both are located exactly rather than smoothed away.
//!
//! Files: [`system`] (the equations on a support), [`branch`] (predictor–corrector tracing),
//! [`locate`] (bisection of special points), [`switching`] (directions at branch points),
//! [`diagram`] (the queue of branches that makes a whole diagram).

pub mod arclength;
pub mod branch;
pub mod diagram;
pub mod events;
pub mod locate;
pub mod problem;
pub mod scale;
pub mod spatial;
pub mod spatial_diagram;
pub mod switching;
pub mod system;

pub use diagram::trace_diagram;
pub use spatial::SpatialFamily;
pub use spatial_diagram::trace_spatial_diagram;
pub use system::Family;

/// Kinds of special points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A real eigenvalue crosses zero on a branch of equal shares on its support
    /// (symmetry-breaking: the two-region break point, racetrack breaks).
    Break,
    /// A real eigenvalue crosses zero on a branch without that symmetry.
    BranchPoint,
    /// The branch turns back in the parameter (limit point).
    Fold,
    /// A complex pair crosses the imaginary axis.
    Hopf,
    /// Branches on neighbouring supports meet: shares reach 0 / an empty region's real wage
    /// reaches the others' (the two-region sustain point).
    Sustain,
}

impl SpecialKind {
    /// Name used in output files.
    pub fn name(self) -> &'static str {
        match self {
            SpecialKind::Break => "break",
            SpecialKind::BranchPoint => "branch-point",
            SpecialKind::Fold => "fold",
            SpecialKind::Hopf => "hopf",
            SpecialKind::Sustain => "sustain",
        }
    }
}

/// One point of a branch.
#[derive(Debug, Clone)]
pub struct Point {
    pub parameter: f64,
    pub shares: Vec<f64>,
    pub n_unstable: usize,
    pub stable: bool,
}

/// A located special point. `index` is its position in its branch's points; the points
/// before and after it lie on either side.
#[derive(Debug, Clone)]
pub struct SpecialPoint {
    pub kind: SpecialKind,
    pub parameter: f64,
    /// Bisection bracket [low, high] containing `parameter`.
    pub bracket: (f64, f64),
    /// n_unstable at the two ends of the bracket (for a sustain point found where shares
    /// reach zero, on the smaller support).
    pub sides: (usize, usize),
    pub branch: usize,
    pub index: usize,
    /// Fourier mode of the critical direction on a circulant geography (0 if none).
    pub mode: usize,
}

/// A traced branch.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Occupied regions.
    pub support: Vec<usize>,
    pub points: Vec<Point>,
    /// Why tracing stopped.
    pub end: String,
}

/// A bifurcation diagram.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    pub parameter_name: String,
    pub branches: Vec<Branch>,
    pub special_points: Vec<SpecialPoint>,
    /// Notes on what could not be traced (never silent).
    pub notes: Vec<String>,
}

/// Continuation settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where tracing starts (equilibria there seed the diagram) and the other end of the range.
    pub from: f64,
    pub to: f64,
    /// Step lengths in arclength, as fractions of |to - from|.
    pub initial_step: f64,
    pub max_step: f64,
    pub min_step: f64,
    /// The largest step relative to the parameter's scale, `max_relative_step * max(|p|, 1)`
    /// (see [`arclength::StepControl`]): over a wide range steps become geometric, so
    /// special points at the small end are not stepped over.
    pub max_relative_step: f64,
    /// Continue in ln p rather than p (a positive parameter over decades); reported
    /// parameters are p.
    pub log_scale: bool,
    /// Points per branch at most.
    pub max_points: usize,
    /// Branches at most.
    pub max_branches: usize,
    /// Width of the bisection bracket of located special points.
    pub location_tolerance: f64,
    /// The geography is circulant (racetrack): switch into Fourier modes.
    pub circulant: bool,
    /// Also switch at branch points of asymmetric branches (breaks of symmetric states are
    /// always switched at); off by default, since on many regions it multiplies branches.
    pub switch_at_branch_points: bool,
    /// Shares to seed from as well as the uniform distribution (`model.shares` when not
    /// uniform): equilibria reached from them start branches too, e.g. a cluster's corner.
    pub start: Option<Vec<f64>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: 2.5,
            to: 1.0,
            initial_step: 0.01,
            max_step: 0.02,
            min_step: 1e-9,
            max_relative_step: 0.05,
            log_scale: false,
            max_points: 1000,
            max_branches: 64,
            location_tolerance: 1e-11,
            circulant: false,
            switch_at_branch_points: false,
            start: None,
        }
    }
}

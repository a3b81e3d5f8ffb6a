//! Command-line interface (clap derive), one file per subcommand. Only this module reads
//! the environment and the command line.

mod activity;
mod bifurcate;
mod calibrate;
mod check;
mod city;
mod counterfactual;
mod guard;
mod industries;
mod inspect;
mod invert;
mod merge;
mod mrrh;
mod plot;
mod preflight;
mod report;
mod schema;
mod solve;
mod stdout;
mod sweep;
#[cfg(feature = "mpi")]
mod sweep_mpi;
mod wiggle;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// agglo: equilibria, stability and bifurcations of spatial-economics models.
#[derive(Debug, Parser)]
#[command(name = "agglo", version, about, long_about = None)]
pub struct Cli {
    /// Cap the number of worker threads (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// Memory budget, e.g. 8GB or 512MiB (default: half the physical memory). Runs whose
    /// estimated memory exceeds it are refused before anything is allocated.
    #[arg(long = "max-memory", global = true, value_name = "SIZE", allow_hyphen_values = true)]
    pub max_memory: Option<String>,
    /// Silence progress output on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Config and overrides shared by the commands that run a model.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// TOML config (default: the compiled-in FKV two-region model, sigma = 5, mu = 0.4, T = 1.7).
    pub config: Option<PathBuf>,
    /// Override a config key by its dotted path, e.g. --set model.sigma=4 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Also write the N x N trade-cost matrix /geography/trade_cost (uncompressed, chunked).
    /// By default only what rebuilds it is written: coordinates, metric, the [geography]
    /// table, and an input file's name and SHA-256.
    #[arg(long)]
    pub write_trade_costs: bool,
    /// The config as text instead of a file (set by an embedding, never on the command line).
    #[arg(skip)]
    pub text: Option<ConfigText>,
}

/// A config given as text: what it is called in messages and where its relative paths start.
#[derive(Debug, Clone)]
pub struct ConfigText {
    /// The TOML.
    pub toml: String,
    /// Its name in messages, e.g. `<python dict>`.
    pub origin: String,
    /// The folder relative paths in it are resolved against.
    pub base_dir: PathBuf,
}

impl ConfigArgs {
    /// Reads, overrides (`--set`), validates and resolves the config: the file, the text, or
    /// the compiled-in default.
    pub fn load(&self) -> crate::error::Result<crate::config::RunSpec> {
        match &self.text {
            Some(t) => crate::config::from_text(&t.toml, &t.origin, &t.base_dir, &self.set),
            None => crate::config::load(self.config.as_deref(), &self.set),
        }
    }

    /// The config file, when the config is one (not text, not the default).
    pub fn config_path(&self) -> Option<&std::path::Path> {
        match self.text {
            Some(_) => None,
            None => self.config.as_deref(),
        }
    }

    /// How `/geography` is written for a config resolved against `base_dir`.
    pub fn geography_output(&self, base_dir: &std::path::Path) -> crate::output::GeographyOptions {
        crate::output::GeographyOptions {
            base_dir: base_dir.to_path_buf(),
            trade_costs: self.write_trade_costs,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find equilibria (with stability, in the long run) and write them to HDF5.
    Solve {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
    /// Trace the bifurcation diagram along the parameter of [bifurcate] (default: the FKV
    /// tomahawk, trade cost from 2.5 to 1) with stability and special points, to HDF5.
    Bifurcate {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
    /// Recover location fundamentals from observed population and wages ([invert]), and
    /// check them by solving the model forward (spatial models).
    Invert {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
    /// The equilibrium after a shock ([counterfactual]), by re-solving in levels and by exact
    /// hat algebra, with welfare, population and wage changes (spatial models).
    Counterfactual {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
    /// Solve the points of [sweep] (a grid or a latin-hypercube / sobol sample over config
    /// keys) in parallel into /sweep of an HDF5 file, written chunk by chunk and resumable;
    /// --shard/--nshards (or a SLURM job array) solve a strided share of the points.
    Sweep(sweep::SweepArgs),
    /// Put the shard files of one sweep back together (checking config, grid and that every
    /// shard is there once): the same /sweep as a single-process run.
    Merge {
        /// The shard files (agglo sweep --shard I --nshards N), in any order.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
    /// Estimate the [calibrate] parameters (any numeric config keys, within bounds) against
    /// observed wages, trade flows or equilibrium moments, with argmin from seeded starts in
    /// parallel; standard errors, bootstrap and identification, to /calibration.
    Calibrate {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
        /// Continue from the checkpoints of an interrupted run (calibrate.checkpoint-every > 0).
        #[arg(long)]
        resume: bool,
    },
    /// Validate a config (files it names included) without solving.
    Check {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Summarise a results file: equilibria, stability, residuals.
    Inspect {
        /// An HDF5 file written by agglo.
        file: PathBuf,
    },
    /// Draw a results file: the bifurcation diagram (from agglo bifurcate), the equilibria by
    /// region or a map (agglo solve, counterfactual), a wiggle diagram (agglo wiggle) or
    /// comparative statics (agglo sweep), as PNG or SVG; several files become panels.
    Plot {
        /// An HDF5 file written by agglo.
        file: PathBuf,
        /// More files: each becomes a panel, side by side (e.g. two tomahawks to compare).
        more: Vec<PathBuf>,
        /// Figure file, .png or .svg (default: FILE with the extension .png).
        #[arg(short, long, value_name = "FIG")]
        output: Option<PathBuf>,
        /// Which figure (default: bifurcation when the file has /branches, else equilibria).
        #[arg(long)]
        kind: Option<plot::PlotKind>,
        /// The quantity to draw: of a sweep, a recorded one (share, herfindahl, n_equilibria;
        /// default: the first); of a map, e.g. share, wage, population_change, or for an ARSW
        /// city residents, workers, floor_price, residents_change, floor_price_change
        /// (default: the main ones).
        #[arg(long, value_name = "NAME")]
        quantity: Option<String>,
    },
    /// Print the HDF5 layout of agglo's files: every group, dataset and attribute with its
    /// type, shape, units, description and the commands that write it.
    Schema {
        /// As JSON (for scripts; `scripts/check_h5.py` reads it), instead of Markdown.
        #[arg(long)]
        json: bool,
    },
    /// The wiggle diagram of a two-region model ([wiggle]): omega_1 - omega_2 against region
    /// 1's share for a few trade costs (or values of another key), zeros located, to HDF5.
    Wiggle {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output file.
        #[arg(short, long, default_value = "agglo-out.h5")]
        output: PathBuf,
    },
}

/// Runs the parsed command line (the binary): the global thread pool, the process's
/// command line recorded in the files, reports on stdout.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(n) = cli.threads {
        let n = guard::threads(n, cli.quiet)?;
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global()?;
    }
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    let options = RunOptions {
        max_memory: cli.max_memory,
        quiet: cli.quiet,
        command_line,
        silent: false,
    };
    execute(cli.command, &options)
}

/// How a command is run, beside the command itself: what [`run`] takes from the command line
/// and the process, and what an embedding (the Python package) sets itself.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `--max-memory` (default: half the physical memory).
    pub max_memory: Option<String>,
    /// `--quiet`: no progress (spinner, sweep and calibration progress) on stderr.
    pub quiet: bool,
    /// Recorded as the files' `command` attribute.
    pub command_line: String,
    /// No reports (tables, "wrote FILE") on stdout.
    pub silent: bool,
}

/// Runs one command in the current rayon pool: the guards first (memory budget, an output
/// that is one of the inputs), then the command.
pub fn execute(command: Command, options: &RunOptions) -> anyhow::Result<()> {
    guard::set_memory_budget(options.max_memory.as_deref())?;
    stdout::set_silent(options.silent);
    guard_output(&command)?;
    let (command_line, quiet) = (options.command_line.as_str(), options.quiet);
    // Sweep and calibrate show their own progress (points, evaluations).
    let _activity = match &command {
        Command::Solve { .. } => Some(activity::Activity::start("solve", quiet)),
        Command::Bifurcate { .. } => Some(activity::Activity::start("bifurcate", quiet)),
        Command::Invert { .. } => Some(activity::Activity::start("invert", quiet)),
        Command::Counterfactual { .. } => Some(activity::Activity::start("counterfactual", quiet)),
        Command::Wiggle { .. } => Some(activity::Activity::start("wiggle", quiet)),
        _ => None,
    };
    match command {
        Command::Solve { config, output } => solve::run(&config, &output, command_line, quiet),
        Command::Bifurcate { config, output } => bifurcate::run(&config, &output, command_line, quiet),
        Command::Invert { config, output } => invert::run(&config, &output, command_line),
        Command::Counterfactual { config, output } => counterfactual::run(&config, &output, command_line),
        Command::Sweep(args) => sweep::run(&args, command_line, quiet),
        Command::Merge { parts, output } => merge::run(&parts, &output, command_line),
        Command::Check { config } => check::run(&config),
        Command::Calibrate { config, output, resume } => calibrate::run(&config, &output, resume, command_line, quiet),
        Command::Inspect { file } => inspect::run(&file),
        Command::Plot {
            file,
            more,
            output,
            kind,
            quantity,
        } => plot::run(&file, &more, output.as_deref(), kind, quantity.as_deref()),
        Command::Wiggle { config, output } => wiggle::run(&config, &output, command_line),
        Command::Schema { json } => schema::run(json),
    }
}

impl Command {
    /// The config arguments of a command that runs a model (`None` for merge, inspect, plot,
    /// schema).
    pub fn config_args_mut(&mut self) -> Option<&mut ConfigArgs> {
        match self {
            Command::Solve { config, .. }
            | Command::Bifurcate { config, .. }
            | Command::Invert { config, .. }
            | Command::Counterfactual { config, .. }
            | Command::Wiggle { config, .. }
            | Command::Check { config }
            | Command::Calibrate { config, .. } => Some(config),
            Command::Sweep(args) => Some(&mut args.config),
            Command::Merge { .. } | Command::Inspect { .. } | Command::Plot { .. } | Command::Schema { .. } => None,
        }
    }
}

/// Refuses, before anything runs, an output that is one of the command's inputs or has the
/// wrong extension (`guard::output`).
fn guard_output(command: &Command) -> anyhow::Result<()> {
    let of_config = |c: &ConfigArgs| guard::config_inputs(c.config_path(), &c.set);
    match command {
        Command::Solve { config, output }
        | Command::Bifurcate { config, output }
        | Command::Invert { config, output }
        | Command::Counterfactual { config, output }
        | Command::Wiggle { config, output }
        | Command::Calibrate { config, output, .. } => {
            guard::output(output, guard::HDF5_EXTENSIONS, &of_config(config))
        }
        Command::Sweep(args) => {
            let out = args.output.clone().unwrap_or_else(|| PathBuf::from("agglo-out.h5"));
            guard::output(&out, guard::HDF5_EXTENSIONS, &of_config(&args.config))
        }
        Command::Merge { parts, output } => guard::output(output, guard::HDF5_EXTENSIONS, parts),
        Command::Plot { file, more, output, .. } => {
            let out = output.clone().unwrap_or_else(|| crate::plot::default_output(file));
            let inputs: Vec<PathBuf> = std::iter::once(file.clone()).chain(more.iter().cloned()).collect();
            guard::output(&out, guard::FIGURE_EXTENSIONS, &inputs)
        }
        Command::Check { .. } | Command::Inspect { .. } | Command::Schema { .. } => Ok(()),
    }
}

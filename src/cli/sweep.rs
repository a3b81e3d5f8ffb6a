//! `agglo sweep [CONFIG] [-o OUT] [--shard I --nshards N] [--resume]`: solve the points of
//! `[sweep]` in parallel into `/sweep` of an HDF5 file, written chunk by chunk to
//! `OUT.partial` and renamed to OUT when complete (see `output::sweep`). Built with the
//! `mpi` feature and started under `mpirun -np R`, the chunks are shared among the R ranks
//! and rank 0 writes (see `sweep_mpi`).

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::stdout::println;
use super::{report, ConfigArgs};
use crate::config::{PointFamily, RunSpec, SweepSpec};
use crate::output::sweep::{partial_path, read_sweep, GeographySource, SweepFile, SweepLayout};
use crate::output::{self, RunInfo};
use crate::sweep::{run_chunks, shard, solve_point, ChunkResult, Event, PointResult, Shard};

/// Options of `agglo sweep` besides the config.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Output file (default: agglo-out.h5, or agglo-out.shard-I-of-N.h5 for a shard).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Solve only shard I (0-based) of --nshards: the points k with k mod N = I. Default:
    /// SLURM_ARRAY_TASK_ID (relative to SLURM_ARRAY_TASK_MIN) in a SLURM job array, else all.
    #[arg(long, value_name = "I", requires = "nshards")]
    pub shard: Option<usize>,
    /// Number of shards (default: SLURM_ARRAY_TASK_COUNT in a SLURM job array, else 1).
    #[arg(long, value_name = "N", requires = "shard")]
    pub nshards: Option<usize>,
    /// Finish the interrupted run left in OUT.partial (a fresh start when there is none;
    /// nothing to do when OUT is already this sweep, complete).
    #[arg(long)]
    pub resume: bool,
    /// Points per chunk, the unit of writing and resuming (default: about 1/64 of the shard,
    /// at most 1024). A resumed run keeps the chunks of the run it resumes.
    #[arg(long, value_name = "POINTS")]
    pub chunk: Option<usize>,
}

/// The shard from --shard/--nshards, else from the SLURM array variables, else the whole sweep.
fn shard_of(args: &SweepArgs) -> anyhow::Result<(Shard, Option<String>)> {
    if let (Some(i), Some(n)) = (args.shard, args.nshards) {
        return Ok((Shard::new(i, n)?, None));
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_COUNT")) {
        (Some(id), Some(count)) => {
            let s = Shard::from_slurm(
                &id,
                &count,
                var("SLURM_ARRAY_TASK_MIN").as_deref(),
                var("SLURM_ARRAY_TASK_STEP").as_deref(),
            )?;
            Ok((
                s,
                Some(format!(
                    "from SLURM_ARRAY_TASK_ID = {id}, SLURM_ARRAY_TASK_COUNT = {count}"
                )),
            ))
        }
        _ => Ok((Shard::WHOLE, None)),
    }
}

fn default_output(shard: Shard) -> PathBuf {
    if shard.is_whole() {
        PathBuf::from("agglo-out.h5")
    } else {
        PathBuf::from(format!("agglo-out.shard-{}-of-{}.h5", shard.index, shard.count))
    }
}

/// A checked sweep ready to run: config, points, this process's shard and output.
pub(super) struct Setup {
    pub spec: RunSpec,
    pub sweep: SweepSpec,
    pub family: PointFamily,
    pub shard: Shard,
    pub shard_source: Option<String>,
    pub out: PathBuf,
    pub layout: SweepLayout,
    /// Global indices of this shard's points.
    pub rows: Vec<usize>,
}

impl Setup {
    pub fn new(args: &SweepArgs) -> anyhow::Result<Setup> {
        let spec = args.config.load()?;
        let (sweep, family) = super::preflight::sweep(&spec)?;
        let (shard, shard_source) = shard_of(args)?;
        let out = args.output.clone().unwrap_or_else(|| default_output(shard));
        output::check_writable(&out)?;
        let plan = &sweep.plan;
        let layout = SweepLayout {
            names: plan.names(),
            record: sweep
                .record
                .iter()
                .map(|q| (q.name().to_string(), q.width(sweep.regions)))
                .collect(),
            points: plan.len(),
            shard,
            design: plan.design.name().to_string(),
            solved: sweep.kind.name().to_string(),
            config_hash: sweep.config_hash.clone(),
        };
        if layout.rows() == 0 {
            anyhow::bail!(
                "--nshards {} is more than the {} points of the sweep: shard {} would be empty",
                shard.count,
                plan.len(),
                shard.index
            );
        }
        let rows = shard.rows(plan.len());
        Ok(Setup {
            spec,
            sweep,
            family,
            shard,
            shard_source,
            out,
            layout,
            rows,
        })
    }

    /// Creates OUT.partial, or reopens it with --resume; `None` when OUT is already this
    /// sweep, complete (and --resume was given).
    pub fn open(&self, args: &SweepArgs, command_line: &str) -> anyhow::Result<Option<SweepFile>> {
        let partial = partial_path(&self.out);
        if partial.exists() {
            if !args.resume {
                anyhow::bail!(
                    "{} exists, left by an interrupted run: pass --resume to finish it, or delete it to start afresh",
                    partial.display()
                );
            }
            let file = SweepFile::resume(&self.out, &self.layout)?;
            if args.chunk.is_some_and(|c| c != file.chunk()) {
                eprintln!(
                    "note: --chunk ignored: resuming with the {} points per chunk of {}",
                    file.chunk(),
                    partial.display()
                );
            }
            return Ok(Some(file));
        }
        if args.resume && self.out.is_file() && read_sweep(&self.out).is_ok_and(|d| d.layout == self.layout) {
            println(&format!(
                "{} is already this sweep, complete: nothing to resume",
                self.out.display()
            ))?;
            return Ok(None);
        }
        let plan = &self.sweep.plan;
        let index: Vec<u64> = self.rows.iter().map(|&k| k as u64).collect();
        let parameters: Vec<f64> = self.rows.iter().flat_map(|&k| plan.point(k)).collect();
        let info = RunInfo {
            command: command_line.to_string(),
            config_toml: self.spec.resolved_toml.clone(),
        };
        let chunk = args.chunk.unwrap_or_else(|| shard::default_chunk(self.rows.len()));
        if chunk == 0 {
            anyhow::bail!("--chunk must be >= 1");
        }
        let options = args.config.geography_output(&self.spec.base_dir);
        let geography = match (self.spec.model.city(), self.spec.model.commuting()) {
            (Some(city), _) => GeographySource::Blocks(super::city::layout(city, city.data().city().area())),
            (None, Some(m)) => GeographySource::Locations(&m.data().ids),
            (None, None) => GeographySource::Model(&self.spec.geography, &options),
        };
        Ok(Some(SweepFile::create(
            &self.out,
            &info,
            geography,
            &self.layout,
            chunk,
            &index,
            &parameters,
        )?))
    }

    /// The row of global point `k`.
    pub fn solve(&self, k: usize) -> (PointResult, Option<String>) {
        let values = self.sweep.plan.point(k);
        match self.family.at(&values) {
            Ok(setup) => solve_point(&setup, &self.sweep.record),
            Err(e) => (
                PointResult::failed(&self.sweep.record, self.sweep.regions, &e),
                Some(format!("{e:#}")),
            ),
        }
    }

    /// Points in the chunks `todo` of `chunk` points.
    pub fn points_in(&self, todo: &[usize], chunk: usize) -> usize {
        todo.iter().map(|&c| (self.rows.len() - c * chunk).min(chunk)).sum()
    }

    /// What is about to be solved, on stdout.
    pub fn announce(&self, file: &SweepFile, todo_points: usize, ranks: usize) -> anyhow::Result<()> {
        let plan = &self.sweep.plan;
        println(&report::heading(&self.spec))?;
        let axes: Vec<String> = plan.axes.iter().map(|a| a.key.clone()).collect();
        let design = match plan.design {
            crate::sweep::Design::Grid => format!("grid over {}", axes.join(" × ")),
            d => format!("{} sample of {}", d.name(), axes.join(", ")),
        };
        println(&format!(
            "sweep: {} points ({design}), {} each; recording {}",
            plan.len(),
            self.sweep.kind.name(),
            self.sweep
                .record
                .iter()
                .map(|q| q.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        if !self.shard.is_whole() {
            let from = self
                .shard_source
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            println(&format!(
                "shard {} of {}{from}: {} points",
                self.shard.index,
                self.shard.count,
                self.rows.len()
            ))?;
        }
        if ranks > 1 {
            println(&format!("{ranks} MPI ranks share the chunks; rank 0 writes"))?;
        }
        let chunks = file.done().len();
        let done = file.done().iter().filter(|d| **d).count();
        if done > 0 {
            println(&format!(
                "resuming {}: {done} of {chunks} chunks done, {todo_points} points to go",
                file.partial().display()
            ))?;
        }
        Ok(())
    }
}

/// Chunks written, failures, and the first failure's message.
#[derive(Default)]
pub(super) struct Tally {
    pub written: usize,
    pub failed: usize,
    pub first_error: Option<String>,
}

impl Tally {
    /// Writes a solved chunk and counts it.
    pub fn write(&mut self, file: &mut SweepFile, (c, results, error): ChunkResult) -> crate::error::Result<()> {
        file.write_chunk(c, &results)?;
        self.written += results.len();
        self.failed += results.iter().filter(|r| !r.converged).count();
        if self.first_error.is_none() {
            self.first_error = error;
        }
        Ok(())
    }

    /// Throughput and failures on stdout, then finishes the file.
    pub fn finish(&self, file: SweepFile, todo_points: usize, seconds: f64, workers: &str) -> anyhow::Result<()> {
        let path = file.finish()?;
        if todo_points > 0 {
            println(&format!(
                "solved {todo_points} points in {seconds:.2} s: {:.1} points/s ({workers})",
                todo_points as f64 / seconds.max(1e-9)
            ))?;
        }
        if self.failed > 0 {
            let why = self
                .first_error
                .as_ref()
                .map(|e| format!("; first failure: {e}"))
                .unwrap_or_default();
            println(&format!(
                "{} of {todo_points} points did not converge (recorded with converged = 0){why}",
                self.failed
            ))?;
        }
        println(&format!("wrote {}", path.display()))?;
        Ok(())
    }
}

/// "2 threads", "1 thread".
pub(super) fn threads() -> String {
    let n = rayon::current_num_threads();
    format!("{n} thread{}", if n == 1 { "" } else { "s" })
}

pub fn run(args: &SweepArgs, command_line: &str, quiet: bool) -> anyhow::Result<()> {
    #[cfg(feature = "mpi")]
    if let Some(outcome) = super::sweep_mpi::run(args, command_line, quiet) {
        return outcome;
    }
    let setup = Setup::new(args)?;
    let Some(mut file) = setup.open(args, command_line)? else {
        return Ok(());
    };
    let chunk = file.chunk();
    let todo: Vec<usize> = (0..file.done().len()).filter(|&c| !file.done()[c]).collect();
    let todo_points = setup.points_in(&todo, chunk);
    setup.announce(&file, todo_points, 1)?;
    let progress = Progress::new(todo_points, quiet);
    let clock = Instant::now();
    let mut tally = Tally::default();
    run_chunks(
        &setup.rows,
        chunk,
        &todo,
        |k| setup.solve(k),
        |event| {
            match event {
                Event::Chunk(done) => {
                    tally.write(&mut file, done)?;
                    progress.written(tally.written);
                }
                Event::Tick(solved) => progress.solved(solved),
            }
            Ok(())
        },
    )?;
    let seconds = clock.elapsed().as_secs_f64();
    progress.finish();
    tally.finish(file, todo_points, seconds, &threads())
}

/// A progress bar on a terminal; elsewhere (job logs) a line per 10% written.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
    total: usize,
    next_line: std::cell::Cell<usize>,
    clock: Instant,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal && total > 0).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr_with_hz(10));
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} points  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            lines: !quiet && !terminal,
            total,
            next_line: std::cell::Cell::new(1),
            clock: Instant::now(),
        }
    }

    /// Points solved so far (the bar).
    pub fn solved(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(n.min(self.total) as u64);
        }
    }

    /// Points written so far (the log lines).
    pub fn written(&self, n: usize) {
        if !self.lines || self.total == 0 {
            return;
        }
        let tenth = n * 10 / self.total;
        if tenth >= self.next_line.get() && n < self.total {
            self.next_line.set(tenth + 1);
            let rate = n as f64 / self.clock.elapsed().as_secs_f64().max(1e-9);
            eprintln!(
                "sweep: {}% ({n}/{} points written, {rate:.1} points/s)",
                tenth * 10,
                self.total
            );
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

//! `agglo._native`, the extension module under the Python package `agglo` (python/agglo/).
//!
//! One entry point, [`run`]: a command line for the same parser the binary uses
//! (`agglo::cli::Cli`), the config as a file, TOML text or JSON (a Python dict), overrides as
//! JSON, and how to run it (threads, memory budget, progress). The command runs exactly as
//! the CLI runs it (same validation, same solvers, same HDF5 writer) in its own rayon pool,
//! on a worker thread with the GIL released; the calling thread waits, checking for Ctrl-C
//! every 50 ms: on KeyboardInterrupt the run is asked to stop (`agglo::error::request_interrupt`),
//! its temporary output is removed, and the interrupt is raised once the worker has ended.
//! Errors raise `agglo.AggloError` with the CLI's message (`error: ` left off).

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use clap::Parser as _;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError};
use pyo3::prelude::*;

create_exception!(
    _native,
    AggloError,
    PyException,
    "An agglo error: the message names the key or file to fix."
);

/// One command at a time: the memory budget, the report switch and the stop request are
/// process-wide, as they are in the binary.
static RUNNING: Mutex<()> = Mutex::new(());

/// How often the waiting thread looks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Runs `argv` (e.g. `["agglo", "solve", "-o", "out.h5"]`) as the CLI would.
///
/// `config_toml` (or `config_json`, a JSON object of the TOML tables) replaces the config
/// file; its relative paths are resolved against `base_dir` and messages call it `origin`.
/// `overrides_json` is a JSON object of dotted keys and values, applied as `--set` in order.
#[pyfunction]
#[pyo3(signature = (argv, *, config_toml=None, config_json=None, overrides_json=None, origin=None, base_dir=None, threads=None, max_memory=None, progress=false, command_line=None))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    argv: Vec<String>,
    config_toml: Option<String>,
    config_json: Option<String>,
    overrides_json: Option<String>,
    origin: Option<String>,
    base_dir: Option<PathBuf>,
    threads: Option<usize>,
    max_memory: Option<String>,
    progress: bool,
    command_line: Option<String>,
) -> PyResult<()> {
    let mut cli = agglo::cli::Cli::try_parse_from(&argv).map_err(|e| AggloError::new_err(e.to_string()))?;
    let text = match (config_toml, config_json) {
        (Some(t), None) => Some(t),
        (None, Some(j)) => Some(json_to_toml(&j).map_err(AggloError::new_err)?),
        (None, None) => None,
        (Some(_), Some(_)) => return Err(AggloError::new_err("give the config as TOML or as JSON, not both")),
    };
    if let Some(o) = overrides_json {
        let sets = overrides(&o).map_err(AggloError::new_err)?;
        let args = cli
            .command
            .config_args_mut()
            .ok_or_else(|| AggloError::new_err("this command takes no overrides"))?;
        args.set.extend(sets);
    }
    if let Some(toml) = text {
        let args = cli
            .command
            .config_args_mut()
            .ok_or_else(|| AggloError::new_err("this command takes no config"))?;
        args.text = Some(agglo::cli::ConfigText {
            toml,
            origin: origin.unwrap_or_else(|| "<python config>".into()),
            base_dir: base_dir.unwrap_or_else(|| PathBuf::from(".")),
        });
    }
    let threads = pool_size(threads)?;
    let options = agglo::cli::RunOptions {
        max_memory,
        quiet: !progress,
        command_line: command_line.unwrap_or_else(|| argv.join(" ")),
        silent: true,
    };
    // Wait for another thread's command with the GIL released (a guard cannot cross detach).
    let _one = loop {
        match RUNNING.try_lock() {
            Ok(guard) => break guard,
            Err(std::sync::TryLockError::Poisoned(e)) => break e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => py.detach(|| std::thread::sleep(SIGNAL_POLL)),
        }
    };
    agglo::error::clear_interrupt();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let result = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(anyhow::Error::from)
            .and_then(|pool| pool.install(|| agglo::cli::execute(cli.command, &options)));
        let _ = tx.send(result.map_err(|e| format!("{e:#}")));
    });
    let mut rx = rx;
    let outcome = loop {
        // The receiver is not Sync: it moves into the detached closure and back.
        let (received, back) = py.detach(move || (rx.recv_timeout(SIGNAL_POLL), rx));
        rx = back;
        match received {
            Ok(r) => break r,
            Err(mpsc::RecvTimeoutError::Disconnected) => break Err("the agglo worker thread panicked".into()),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    agglo::error::request_interrupt();
                    let _ = py.detach(|| worker.join());
                    agglo::error::clear_interrupt();
                    return Err(interrupt);
                }
            }
        }
    };
    let _ = py.detach(|| worker.join());
    outcome.map_err(|message| {
        if message.contains("panicked") {
            PyRuntimeError::new_err(message)
        } else {
            AggloError::new_err(message)
        }
    })
}

/// Threads of the run's pool: `threads`, else every core; more than the cores is capped.
fn pool_size(threads: Option<usize>) -> PyResult<usize> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    match threads {
        Some(0) => Err(AggloError::new_err("threads must be >= 1")),
        Some(n) => Ok(n.min(cores)),
        None => Ok(cores),
    }
}

/// A JSON object of TOML tables as TOML text (`null` has no TOML form and is refused).
fn json_to_toml(json: &str) -> Result<String, String> {
    let value: toml::Value = serde_json::from_str(json).map_err(|e| format!("config: {e}"))?;
    match value {
        toml::Value::Table(t) => toml::to_string(&t).map_err(|e| format!("config: {e}")),
        _ => Err("config: expected a dict of tables".into()),
    }
}

/// `{"model.sigma": 4}` as `--set` assignments (`model.sigma=4`), values as TOML literals.
fn overrides(json: &str) -> Result<Vec<String>, String> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| format!("overrides: {e}"))?;
    map.into_iter()
        .map(|(key, value)| {
            let v: toml::Value = serde_json::from_value(value).map_err(|e| format!("overrides: {key}: {e}"))?;
            Ok(format!("{key}={v}"))
        })
        .collect()
}

/// The compiled-in default config (configs/default.toml), as TOML.
#[pyfunction]
fn default_config() -> &'static str {
    agglo::config::DEFAULT_CONFIG
}

/// The HDF5 layout of agglo's files as JSON (what `agglo schema --json` prints).
#[pyfunction]
fn schema_json() -> String {
    agglo::output::schema::json()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(default_config, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add("AggloError", m.py().get_type::<AggloError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

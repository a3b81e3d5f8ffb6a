//! A spinner on stderr while a command works (issue 15: long work shows progress on a
//! terminal): the command, the stage it is in and the elapsed time, redrawn ten times a
//! second and cleared when the command ends. Only on a terminal and without `--quiet`: job
//! logs, pipes and tests see nothing. Reports printed to stdout while it spins go through
//! [`suspend`], so lines are never broken by the spinner.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The spinner of the running command, if any (one command per process).
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Shows the spinner until the guard is dropped.
pub struct Activity;

impl Activity {
    /// Starts the spinner for `command` ("solve", "bifurcate", ...) when stderr is a
    /// terminal and `quiet` is off.
    pub fn start(command: &str, quiet: bool) -> Activity {
        if !quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            let style = ProgressStyle::with_template("{spinner} agglo {prefix}: {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_message("working");
            bar.set_prefix(command.to_string());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(100));
            *ACTIVE.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
        }
        Activity
    }
}

impl Drop for Activity {
    fn drop(&mut self) {
        if let Some(bar) = ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

/// Sets what the spinner says the command is doing ("tracing branches", "writing").
pub fn stage(what: &str) {
    if let Some(bar) = ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        bar.set_message(what.to_string());
    }
}

/// Runs `f` (a write to stdout) with the spinner hidden, so the text is not interleaved.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

//! Typed errors. Numerical failures carry their numbers; input errors name the key, file,
//! line or entry to fix and the allowed range.

use std::path::PathBuf;

/// Every error agglo reports. `main` prints it once as `error: {e:#}`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter outside its allowed range (`key` is the dotted config path).
    #[error("{key} = {value} is invalid: {allowed}")]
    InvalidParameter {
        key: String,
        value: String,
        allowed: String,
    },

    /// A configuration that cannot be parsed or is inconsistent.
    #[error("{0}")]
    Config(String),

    /// A data file that is missing, unreadable or malformed.
    #[error("{path}: {message}")]
    Data { path: PathBuf, message: String },

    /// An output file that cannot be written.
    #[error("cannot write {path}: {message}")]
    Output { path: PathBuf, message: String },

    /// An iterative solver stopped before reaching the tolerance.
    #[error(
        "{solver} did not converge: {iterations} iterations, residual {residual:.3e} \
         (tolerance {tolerance:.1e}){}",
        if context.is_empty() { String::new() } else { format!(" while {context}") }
    )]
    NotConverged {
        solver: &'static str,
        iterations: usize,
        residual: f64,
        tolerance: f64,
        context: String,
    },

    /// A run whose estimated memory exceeds the budget, refused before anything is allocated
    /// (`key` sets the size; `option` changes the budget).
    #[error(
        "{key}: {what} need an estimated {estimate}, over the memory budget of {budget} \
         (reduce {key}, or raise the budget with {option} SIZE, e.g. {option} 64GB, if the machine has the memory)"
    )]
    OverBudget {
        key: String,
        what: String,
        estimate: String,
        budget: String,
        option: &'static str,
    },

    /// A linear system (Newton step, Jacobian) was singular or produced non-finite numbers.
    #[error("{0}")]
    Numerical(String),

    /// The run was asked to stop ([`request_interrupt`]: Ctrl-C in the Python package).
    #[error("interrupted")]
    Interrupted,

    /// HDF5 library error with the file it concerns.
    #[error("{path}: {source}")]
    Hdf5 { path: PathBuf, source: hdf5::Error },
}

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid(key: impl Into<String>, value: impl ToString, allowed: impl Into<String>) -> Self {
        Error::InvalidParameter {
            key: key.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }

    /// Adds what was being solved to a `NotConverged` error that does not say yet.
    pub fn while_solving(self, what: &str) -> Self {
        match self {
            Error::NotConverged {
                solver,
                iterations,
                residual,
                tolerance,
                context,
            } if context.is_empty() => Error::NotConverged {
                solver,
                iterations,
                residual,
                tolerance,
                context: what.to_string(),
            },
            other => other,
        }
    }

    /// Shorthand for [`Error::Data`].
    pub fn data(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Set to stop the running command at the next iteration of any solver, integrator or
/// continuation step (an embedding's Ctrl-C; the binary ends the process instead, see
/// `output::cleanup`). Solvers stop as if out of iterations and report it; commands fail.
static INTERRUPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks the running command to stop (callable from any thread).
pub fn request_interrupt() {
    INTERRUPT.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Clears a stop request before the next command.
pub fn clear_interrupt() {
    INTERRUPT.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// Whether a stop was requested.
pub fn interrupt_requested() -> bool {
    INTERRUPT.load(std::sync::atomic::Ordering::Relaxed)
}

/// `Err(Error::Interrupted)` once a stop was requested.
pub fn check_interrupt() -> Result<()> {
    if interrupt_requested() {
        return Err(Error::Interrupted);
    }
    Ok(())
}

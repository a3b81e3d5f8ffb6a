//! The `agglo` binary: parse, dispatch, print the error once, exit code.
//!
//! Exit status (README "Exit status"): 0 on success (and for --help, --version); 1 on any
//! error, a bad command line included; 130 when interrupted (Ctrl-C, SIGTERM, SIGHUP).

use clap::Parser;

/// Exit status of every error.
const EXIT_ERROR: i32 = 1;

fn main() {
    let cli = match agglo::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => EXIT_ERROR,
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    agglo::output::cleanup::install_signal_handler();
    if let Err(e) = agglo::cli::run(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(EXIT_ERROR);
    }
}

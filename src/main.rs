//! The `agglo` binary: parse, dispatch, print the error once, exit code.

use clap::Parser;

fn main() {
    let cli = agglo::cli::Cli::parse();
    agglo::output::cleanup::install_signal_handler();
    if let Err(e) = agglo::cli::run(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

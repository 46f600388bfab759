use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = ctrldoc::cli::CliArgs::parse();
    match ctrldoc::run(&args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

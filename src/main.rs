use std::process::ExitCode;

use clap::Parser;

// mimalloc gives freed memory back to the system: with the C allocator a
// build stays as large as its largest output made it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ctrldoc::compile::small_pages();
    let args = ctrldoc::cli::CliArgs::parse();
    match ctrldoc::run(&args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

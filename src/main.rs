use std::process::ExitCode;

use clap::Parser;

// mimalloc gives freed memory back to the system: with the C allocator a
// build stays as large as its largest output made it. Its version 2 (the
// `v2` feature) gives it back sooner than version 3, which waits a second
// before it does: full builds of the benchmark's sets peaked at 338 MB
// against 365 MB (10,011 forms, one build each) and 323–335 MB against
// 348–368 MB (1,011 forms, three builds each), in the same time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ctrldoc::compile::small_pages();
    let args = ctrldoc::cli::CliArgs::parse();
    match ctrldoc::run(&args) {
        Ok(code) => code,
        Err(err) => {
            ctrldoc::errln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

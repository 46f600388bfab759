//! The command line, as typed: raw arguments that `config` resolves.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Compiles controlled-document YAML and templates into the printed paper of
/// a quality system.
#[derive(Debug, Parser)]
#[command(name = "ctrldoc", version, about)]
pub struct CliArgs {
    /// The document set's root folder (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Also use the fonts installed on this machine (output then depends on them).
    #[arg(long, global = true)]
    pub system_fonts: bool,

    /// How many outputs to compile at once (default: all cores).
    #[arg(long, short, global = true, value_name = "N")]
    pub jobs: Option<usize>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate everything, print every problem, exit 1 on errors.
    Check,
    /// Write every output to `output/`.
    Build,
    /// List the fonts ctrldoc can use.
    Fonts,
}

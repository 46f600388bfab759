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
    /// Picture one page of an output as PNG, without writing any PDF.
    Preview(PreviewArgs),
    /// Issue the next numbered controlled copy of a document to a holder.
    Issue(IssueArgs),
    /// Print the master list of controlled documents and forms.
    List {
        /// How to print it.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// Formats of `list`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Comma-separated values with Chinese headings.
    Csv,
    /// JSON with English keys.
    Json,
}

/// Arguments of `issue`.
#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    /// The document number, e.g. `XS-ZD-001`.
    pub document: String,
    /// Who receives it: a department code or name, or a person's name.
    #[arg(long)]
    pub holder: String,
    /// Replace this copy number of the same holder (needs `--reason`).
    #[arg(long, value_name = "N", requires = "reason")]
    pub replace: Option<u32>,
    /// Why the copy is replaced: `lost` voids its number, `worn` reprints it.
    #[arg(long, value_enum, requires = "replace")]
    pub reason: Option<crate::register::Reason>,
    /// The issue date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Who issues it (default: `document_controller` in `data/settings.yaml`).
    #[arg(long)]
    pub by: Option<String>,
}

/// Arguments of `preview`.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The document or form number, e.g. `XS-ZD-001` or `QR-XS-008`.
    pub number: String,
    /// The page, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// Pixels per point (1 is 72 dpi).
    #[arg(long, default_value_t = 1.5)]
    pub scale: f32,
    /// Where to write the PNG (default: `output/preview/NUMBER-pPAGE.png`).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

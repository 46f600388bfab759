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

    /// Say only what is wrong: errors, no warnings or summaries.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also say what each step did, e.g. every output built or kept.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new document set that builds at once: one regulation, two
    /// forms, the organisation and the house templates.
    Init {
        /// Where to create it (default: `--root`, else the current folder).
        dir: Option<PathBuf>,
        /// The language of its labels, fonts and sample text.
        #[arg(long, value_enum, default_value = "zh")]
        lang: crate::labels::Language,
    },
    /// Validate everything, print every problem, exit 1 on errors.
    Check,
    /// Write every output to `output/`.
    Build,
    /// Build, then build again whenever a file of the set is saved, saying
    /// what was rebuilt and what is wrong; Ctrl-C stops.
    Watch,
    /// List the fonts ctrldoc can use, and which of them cover Chinese.
    Fonts,
    /// Print the completions of a shell, e.g. `ctrldoc completions bash >
    /// /etc/bash_completion.d/ctrldoc`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Picture one page of an output as PNG, without writing any PDF.
    Preview(PreviewArgs),
    /// Issue the next numbered controlled copy of a document to a holder.
    Issue(IssueArgs),
    /// Open the next version of a document as a draft (the version in force
    /// is archived and stays in force until the new one takes effect), or
    /// record the next version of a form, in effect from the day.
    Revise(ReviseArgs),
    /// Sign a step of a draft's approval chain; from its effective date, the
    /// approved version supersedes the version before it.
    Approve(ApproveArgs),
    /// Record a periodic review (复审) that found the version in force still
    /// fit for use; the next review falls due a review period later.
    Review(ReviewArgs),
    /// Take back the approval of a version approved to take effect on a
    /// later day, to correct it: it is a draft again, to be signed anew, and
    /// the version in force stays in force.
    Withdraw(WithdrawArgs),
    /// List copies of superseded versions still out, or record a return.
    Recall(RecallArgs),
    /// Reserve and print the next serial numbers of a pre-numbered form, or
    /// void a sheet.
    Serial(SerialArgs),
    /// Report what an auditor would find: approvals, overdue reviews, obsolete
    /// copies still out, gaps in serial ledgers, stale outputs. Exit 1 on errors.
    Audit {
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Audit as of this date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Say what each PDF is, whether its version is in force and whether it
    /// is exactly what ctrldoc printed. Exit 0: current and intact; 1: intact
    /// but not current; 5: sealed but not on record; 4: not printed by
    /// ctrldoc; 3: altered; with several files, the worst, altered worst of
    /// all; 2: a file could not be read, and none is altered.
    Verify {
        /// The PDFs to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How to print what it finds.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Write the Typst sources of every output into DIR, one main file per
    /// output under `mains/`, for the benchmark's Typst CLI baseline.
    #[command(hide = true)]
    EmitTypst {
        /// Where to write them.
        dir: PathBuf,
    },
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
    /// Comma-separated values, headed in the set's language.
    Csv,
    /// JSON with English keys.
    Json,
}

/// Formats of `audit` and `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Lines for people.
    Text,
    /// JSON for programs.
    Json,
}

/// Arguments of `issue`.
#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    /// The document number, e.g. `XS-ZD-001`.
    pub document: String,
    /// Who receives it: a department code or name, or a person's name; with
    /// `--replace`, the replaced copy's holder when not given.
    #[arg(long, required_unless_present = "replace")]
    pub holder: Option<String>,
    /// Replace this copy number of the same holder (needs `--reason`).
    #[arg(long, value_name = "N", requires = "reason")]
    pub replace: Option<u32>,
    /// Why the copy is replaced: `lost` voids its number, `worn` reprints it.
    #[arg(long, value_enum, requires = "replace")]
    pub reason: Option<crate::register::Reason>,
    /// The issue date, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = day)]
    pub date: Option<chrono::NaiveDate>,
    /// Who issues it (default: `document_controller` in `data/settings.yaml`).
    #[arg(long)]
    pub by: Option<String>,
    /// The version to issue: the one in force (the default), or one approved
    /// to take effect on a later day, to hand it out before that day.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Issue it though the holder holds a copy of the version already, as a
    /// second office of one department may.
    #[arg(long, conflicts_with = "replace")]
    pub another: bool,
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

/// Arguments of `revise`.
#[derive(Debug, clap::Args)]
pub struct ReviseArgs {
    /// The document or form number, e.g. `XS-ZD-001` or `QR-XS-008`.
    pub document: String,
    /// What the revision changes, for the revision record (修订记录).
    #[arg(long)]
    pub summary: String,
    /// Start a new edition (A/3 → B/0, V1.2 → V2.0) instead of the next
    /// revision (A/3 → A/4, V1.2 → V1.3).
    #[arg(long)]
    pub major: bool,
    /// Who writes the revision (default: for a document, who prepared the
    /// version in force; for a form, the set's document controller).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The date of the revision record entry, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = day)]
    pub date: Option<chrono::NaiveDate>,
}

/// A step of the approval chain, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Step {
    /// Prepared by (编制).
    #[value(alias = "prepare")]
    Preparer,
    /// Reviewed by (审核).
    #[value(alias = "review")]
    Reviewer,
    /// Approved by (批准).
    #[value(alias = "approve")]
    Approver,
}

/// Arguments of `approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The document number, e.g. `XS-ZD-001`.
    pub document: String,
    /// Which step is signed.
    #[arg(long = "as", value_enum, value_name = "STEP")]
    pub step: Step,
    /// Who signs: a person of `data/organisation.yaml` allowed to take this step.
    #[arg(long)]
    pub name: String,
    /// The date of the signature, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = day)]
    pub date: Option<chrono::NaiveDate>,
    /// For the approver: when the version takes effect (default: the approval
    /// date). Until that day the version before it stays in force.
    #[arg(long, value_parser = day, value_name = "DATE")]
    pub effective: Option<chrono::NaiveDate>,
}

/// Arguments of `review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The document number, e.g. `XS-ZD-001`.
    pub document: String,
    /// Who reviewed it: a person of `data/organisation.yaml` who may review
    /// or approve documents.
    #[arg(long)]
    pub name: String,
    /// The date of the review, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = day)]
    pub date: Option<chrono::NaiveDate>,
    /// What the review found, when more than that the version stays as it is.
    #[arg(long)]
    pub note: Option<String>,
}

/// Arguments of `withdraw`.
#[derive(Debug, clap::Args)]
pub struct WithdrawArgs {
    /// The document number, e.g. `XS-ZD-001`.
    pub document: String,
}

/// Arguments of `recall`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("outcome").args(["returned", "lost", "mistaken"])))]
pub struct RecallArgs {
    /// The document number (default: every document).
    pub document: Option<String>,
    /// The distribution number of the copy that came back, or was lost.
    #[arg(long, value_name = "N", requires = "outcome", requires = "document")]
    pub copy: Option<u32>,
    /// Record the copy as returned, on DATE (default: today).
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "today", requires = "copy")]
    pub returned: Option<ReturnDate>,
    /// Record the copy as lost, on DATE (default: today): void, its number
    /// never used again, and nothing issued in its place.
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "today", requires = "copy")]
    pub lost: Option<ReturnDate>,
    /// The copy is kept for reference, stamped obsolete, instead of destroyed.
    #[arg(long, requires = "returned")]
    pub kept: bool,
    /// The copy's return or loss was recorded by mistake: it is out with
    /// its holder again, with a note of the correction.
    #[arg(long, requires = "copy")]
    pub mistaken: bool,
    /// Who takes it back (default: `document_controller` in `data/settings.yaml`).
    #[arg(long)]
    pub by: Option<String>,
}

/// The date given to `--returned`: a day, or `today`.
#[derive(Debug, Clone, Copy)]
pub struct ReturnDate(pub Option<chrono::NaiveDate>);

impl std::str::FromStr for ReturnDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s == "today" {
            return Ok(Self(None));
        }
        day(s).map(|d| Self(Some(d)))
    }
}

/// A day given on the command line, YYYY-MM-DD, of a year a PDF can be
/// dated with.
pub fn day(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::config::parse_day(s).map_err(|e| e.to_string())
}

/// Arguments of `serial`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["count", "void", "used_up"])))]
pub struct SerialArgs {
    /// The form number, e.g. `QR-XS-003`.
    pub form: String,
    /// Reserve this many numbers and print them as one pad.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub count: Option<u32>,
    /// The department or person the pad goes to.
    #[arg(long, requires = "count")]
    pub holder: Option<String>,
    /// Void the sheet with this serial number.
    #[arg(
        long,
        value_name = "SERIAL",
        requires = "reason",
        conflicts_with = "count"
    )]
    pub void: Option<String>,
    /// With `--void`, void every sheet from it to this serial number, of
    /// the same pad (those void already are passed over).
    #[arg(long, value_name = "SERIAL", requires = "void")]
    pub to: Option<String>,
    /// Why the sheet is void.
    #[arg(long, requires = "void")]
    pub reason: Option<String>,
    /// Record the pad that begins with this serial number as used up:
    /// its numbers not voided were all used, its last sheet too.
    #[arg(long, value_name = "SERIAL", conflicts_with_all = ["count", "void", "holder", "reason", "to"])]
    pub used_up: Option<String>,
    /// With `--used-up`, the pad was recorded used up by mistake: the
    /// record is taken out, and its sheets not voided are blank again.
    #[arg(long, requires = "used_up")]
    pub mistaken: bool,
    /// The date, YYYY-MM-DD (default: today); a pad's numbers belong to its year.
    #[arg(long, value_parser = day)]
    pub date: Option<chrono::NaiveDate>,
    /// Who records it (default: `document_controller` in `data/settings.yaml`).
    #[arg(long)]
    pub by: Option<String>,
}

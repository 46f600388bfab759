//! The pipeline: load, validate, plan, render, compile, write.

use anyhow::Result;

use crate::compile::{Compiled, Compiler, Preview};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Sources};
use crate::fonts::Fonts;
use crate::write::Manifest;
use crate::{archive, audit, master_list, plan, render, reports, write};

/// What a run of the pipeline produced.
pub struct Outcome {
    /// Every problem found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into.
    pub sources: Sources,
    /// The PDFs, when there were no errors.
    pub compiled: Vec<Compiled>,
    /// The manifest, when outputs were written.
    pub manifest: Option<Manifest>,
}

impl Outcome {
    /// Tells whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What a run of the pipeline should do besides checking.
#[derive(Debug, Clone, Default)]
pub struct Goal {
    /// Write the outputs to `output/`.
    pub write: bool,
    /// Make only the outputs with this number.
    pub only: Option<String>,
    /// Picture a page of each output.
    pub preview: Option<Preview>,
}

/// Runs the pipeline; writes to `output/` only when asked and no error was
/// found, so a broken document set never replaces good paper.
pub fn build(config: &Config, goal: &Goal) -> Result<Outcome> {
    let (history, diagnostics) = archive::load(&config.root)?;
    let mut sources = history.set.sources.clone();
    for archived in &history.archived {
        sources.extend(&archived.set.sources);
    }
    let mut outcome = Outcome {
        diagnostics,
        sources: Sources::default(),
        compiled: vec![],
        manifest: None,
    };
    if !outcome.has_errors() {
        let fonts = Fonts::load(&config.root, config.system_fonts);
        let compiler = Compiler {
            fonts: &fonts,
            epoch: config.epoch,
            jobs: config.jobs,
            preview: goal.preview,
        };
        let mut groups = plan::plan(&history);
        // The audit report is as of the build's date: what is overdue
        // depends on the day it is read.
        let today = config
            .epoch
            .map_or_else(|| chrono::Utc::now().date_naive(), |e| e.date());
        let findings = audit::findings(&history, &outcome.diagnostics, today, None);
        groups[0]
            .jobs
            .push(reports::audit_job(&history, &findings, today));
        for mut group in groups {
            if let Some(number) = &goal.only {
                group.jobs.retain(|job| &job.number == number);
            }
            if group.jobs.is_empty() {
                continue;
            }
            let (rendered, problems) = render::render(group.set, &group.jobs, &mut sources)?;
            outcome.diagnostics.extend(problems);
            let (compiled, problems) = compiler.compile(group.set, &rendered, &mut sources);
            outcome.diagnostics.extend(problems);
            outcome.compiled.extend(compiled);
        }
        if goal.write && !outcome.has_errors() {
            outcome.manifest = Some(write::write(
                &config.output,
                &outcome.compiled,
                &sources,
                fonts.fingerprint(),
                &[
                    (
                        "master-list.csv",
                        master_list::csv(&master_list::rows(&history)),
                    ),
                    (
                        "records-list.csv",
                        reports::records_csv(&reports::records(&history.set)),
                    ),
                ],
            )?);
        }
    }
    outcome.sources = sources;
    Ok(outcome)
}

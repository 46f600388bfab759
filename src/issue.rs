//! `ctrldoc issue`: numbers a controlled copy, records it in the
//! distribution register and writes its PDF.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Local;

use crate::cli::IssueArgs;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::loader::{self, DocumentSet};
use crate::model::Status;
use crate::register::{self, StateLock};
use crate::validate;

/// Issues a copy (or a replacement) and rebuilds the outputs.
pub fn issue(config: &Config, args: &IssueArgs) -> Result<ExitCode> {
    let (set, mut diagnostics) = loader::load(&config.root)?;
    diagnostics.extend(validate::validate(&set));
    let Some(doc) = set
        .documents
        .iter()
        .find(|d| d.value.number.as_str() == args.document)
    else {
        let known: Vec<&str> = set
            .documents
            .iter()
            .map(|d| d.value.number.as_str())
            .collect();
        bail!(
            "no document is numbered `{}`\nhint: the documents are {}",
            args.document,
            known.join(", ")
        );
    };
    let doc = &doc.value;
    if doc.status != Status::Effective || !doc.is_approved() {
        diagnostics.push(
            Diagnostic::error(format!(
                "`{}` version {} is a draft and cannot be issued",
                doc.number, doc.version
            ))
            .hint("only an approved, effective version can be issued: record the approvals and set `status: effective`"),
        );
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        set.sources.print(&diagnostics);
        eprintln!("nothing was issued: fix the errors above first");
        return Ok(ExitCode::from(1));
    }
    let holder = holder(&set, &args.holder)?;
    let by = match (&args.by, &set.settings.document_controller) {
        (Some(by), _) | (None, Some(by)) => by.clone(),
        (None, None) => bail!(
            "who issues this copy?\nhint: pass `--by NAME`, or set `document_controller: NAME` in `data/settings.yaml`"
        ),
    };
    if set
        .organisation
        .as_ref()
        .is_some_and(|o| o.value.person(&by).is_none())
    {
        bail!(
            "`{by}` is not a person of the organisation\nhint: people are listed under `people:` in `data/organisation.yaml`"
        );
    }
    let date = args.date.unwrap_or_else(|| Local::now().date_naive());

    let lock = StateLock::take(&config.root)?;
    let mut reg = register::read(&config.root, doc.number.as_str())?;
    let replace = args.replace.zip(args.reason);
    let number =
        register::record_issue(&mut reg, &holder, doc.version.as_str(), date, &by, replace)
            .with_context(|| format!("nothing was issued for `{}`", doc.number))?;
    register::save(&config.root, &reg, &lock)?;
    let what = match replace {
        Some((old, register::Reason::Lost)) => {
            format!("copy {old} is void; issued copy {number:02}")
        }
        Some((_, register::Reason::Worn)) => format!("reissued copy {number:02}"),
        None => format!("issued copy {number:02}"),
    };
    eprintln!(
        "{what} of {} {} to {holder} (recorded in `{}`)",
        doc.number,
        doc.version,
        register::path(doc.number.as_str())
    );
    // The register is the truth: rebuild everything it implies.
    let code = crate::build(config)?;
    drop(lock);
    Ok(code)
}

/// Resolves a holder given as a department code or name, or a person's name,
/// to the name printed on the copy.
fn holder(set: &DocumentSet, given: &str) -> Result<String> {
    let Some(org) = set.organisation.as_ref().map(|o| &o.value) else {
        bail!("the organisation could not be read");
    };
    if let Some(dept) = org
        .departments
        .iter()
        .find(|d| d.id == given || d.name == given)
    {
        return Ok(dept.name.clone());
    }
    if let Some(person) = org.person(given) {
        return Ok(person.name.clone());
    }
    let known: Vec<String> = org
        .departments
        .iter()
        .map(|d| format!("{} ({})", d.name, d.id))
        .collect();
    bail!(
        "unknown holder `{given}`\nhint: a holder is a department or a person of `data/organisation.yaml`: {}",
        known.join(", ")
    )
}

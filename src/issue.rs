//! `ctrldoc issue`: numbers a controlled copy, records it in the
//! distribution register and writes its PDF; and what the commands that
//! change the document set's state share.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::archive::{self, History};
use crate::cli::IssueArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Sources};
use crate::loader::{DocumentSet, Loaded};
use crate::model::Document;
use crate::register::{self, StateLock};
use crate::undo::{Change, Undo};

/// The forms a copy of `doc` binds, as printed: each as `NUMBER VERSION
/// FINGERPRINT`, from the snapshot that keeps the version in force while
/// its revision is open, else from the working set.
fn bound_forms(history: &History, doc: &Document) -> Vec<String> {
    let set = match history.current(doc.number.as_str()) {
        Some((kept, current)) if current.value.version == doc.version => kept,
        _ => &history.set,
    };
    crate::validate::referenced_forms(doc)
        .iter()
        .filter_map(|number| set.form(number))
        .map(|f| crate::plan::bound_form(&f.value))
        .collect()
}

/// Issues a copy (or a replacement) and rebuilds the outputs.
pub fn issue(config: &Config, args: &IssueArgs) -> Result<ExitCode> {
    let Opened {
        lock,
        history,
        index,
    } = match open_for_change(config, &args.document, "nothing was issued")? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let set = &history.set;
    let working = &set.documents[index];
    let mut reg = register::read(&config.root, working.value.number.as_str())?;
    let current = match version_to_issue(&history, working, args, &reg) {
        Ok(current) => current,
        Err(d) => {
            set.sources.print(&[*d]);
            crate::errln!("nothing was issued: fix the errors above first");
            return Ok(ExitCode::from(1));
        }
    };
    let doc = &current.value;
    // A form it binds changed at its version, without a revision: a copy
    // would be printed with it under the version printed otherwise before
    // (found by a reviewer: the build then refused the copy as one issued).
    if std::ptr::eq(current, working)
        && let Some(changed) = crate::build::bound_form_changed(&config.output, &history, doc)
    {
        let (number, at) = (&changed.number, &changed.version);
        let mut d = Diagnostic::error(format!(
            "form {number} {at}, which {} {} binds, prints otherwise than the last build printed it, at the same version: a copy issued now would print it so, which the approval of {} does not cover, so nothing was issued",
            doc.number, doc.version, doc.version
        ))
        .hint(match archive::pending(doc, history.today) {
            Some(day) => format!(
                "put the form back as the last build printed it; to change it, take the approval of {} back with `ctrldoc withdraw {}` before {day}, change the form, and sign it again",
                doc.version, doc.number
            ),
            None => format!(
                "put the form back as the last build printed it; a change to a form a document binds is a change to the document: open its revision with `ctrldoc revise {} --summary TEXT`, then make the change and record it with `ctrldoc revise {number} --summary TEXT`",
                doc.number
            ),
        });
        d.location = changed.location;
        set.sources.print(&[d]);
        return Ok(ExitCode::from(1));
    }
    let date = today(config, args.date)?;
    // Copies are numbered in the order they are issued; a worn copy's
    // reprint takes no number.
    let worn = matches!(args.reason, Some(register::Reason::Worn));
    if let Some(last) = reg.copies.iter().max_by_key(|c| (c.issued, c.number))
        && last.issued > date
        && !worn
    {
        bail!(
            "copy {:02} of `{}` was issued on {}, after {date}, so nothing was issued\nhint: copies are numbered in the order they are issued: date this one on or after {}",
            last.number,
            doc.number,
            last.issued,
            last.issued
        );
    }
    // A copy dated before the version took effect is of it only when
    // handed out early on purpose.
    if let Some(from) = doc.effective.filter(|&from| from > date)
        && args.version.is_none()
        && args.replace.is_none()
    {
        bail!(
            "`{}` {} takes effect on {from}, after {date}, so nothing was issued\nhint: a copy dated {date} is of the version in force then; add `--version {}` if it is {} handed out before it takes effect",
            doc.number,
            doc.version,
            doc.version,
            doc.version
        );
    }
    // A replacement goes to the replaced copy's holder.
    let replaced = args
        .replace
        .and_then(|n| reg.copies.iter().find(|c| c.number == n))
        .map(|c| c.holder.clone());
    let Some(given) = args.holder.clone().or(replaced) else {
        bail!(
            "copy {} of `{}` is not in its register, so nothing was issued\nhint: `--replace` takes a copy number the register records; see `{}`",
            args.replace.unwrap_or(0),
            doc.number,
            register::path(doc.number.as_str())
        );
    };
    let holder = holder(set, &given, date)?;
    let by = clerk(set, args.by.as_deref(), date)?;

    if let Some((copy, said)) = unrecorded_copy(&config.output, doc.number.as_str(), &reg) {
        bail!(
            "copy {copy:02} of `{}` was printed ({said}), but `{}` does not record it, so nothing was issued\nhint: restore the register from a backup or version control: a number once printed is never issued again; if this `output/` came from another set, remove it",
            doc.number,
            register::path(doc.number.as_str())
        );
    }
    let replace = args.replace.zip(args.reason);
    // A second copy of the same version to the same holder may be meant
    // (two offices of one department), or the same command run twice: it
    // is issued when asked for.
    let held: Vec<String> = reg
        .also_held(0, &holder, doc.version.as_str())
        .map(|c| format!("{:02} (issued {})", c.number, c.issued))
        .collect();
    if replace.is_none() && !args.another && !held.is_empty() {
        bail!(
            "{holder} holds {} {} of {} {} already, so nothing was issued\nhint: to give them one more, as a second office may need, add `--another`; a worn or lost copy is replaced with `--replace N --reason worn|lost`",
            match held.len() {
                1 => "copy",
                _ => "copies",
            },
            held.join(", "),
            doc.number,
            doc.version
        );
    }
    // Where a person keeps the copy: their department when it is issued,
    // which the register keeps, as a record, whatever becomes of it.
    let department = department_of(set, &holder);
    // A copy lost at a version still in force is replaced by one of it, not
    // of a version approved to take effect later (`--version`).
    if let Some((old, register::Reason::Lost)) = replace
        && let Some(lost) = reg.copies.iter().find(|c| c.number == old)
        && let Some(day) = lost.still_lost()
        && lost.version != doc.version.as_str()
        && history
            .superseded(doc.number.as_str(), &lost.version)
            .is_none()
    {
        bail!(
            "copy {old} of `{}` was lost on {day}, a copy of {}, which is still in force, so no copy of {} is issued in its place: a lost copy is replaced by one of its own version\nhint: to replace it, leave out `--version {}`; to give `{holder}` a copy of {} as well, issue one: `ctrldoc issue {} --holder {holder} --version {}`",
            doc.number,
            lost.version,
            doc.version,
            doc.version,
            doc.version,
            doc.number,
            doc.version
        );
    }
    let number =
        register::record_issue(&mut reg, &holder, doc.version.as_str(), date, &by, replace)
            .with_context(|| format!("nothing was issued for `{}`", doc.number))?;
    // A copy issued now, not one reprinted under its number, is recorded
    // where it is kept: one issued for a lost one too, at the department
    // its holder is in now, which may not be the lost one's.
    if !matches!(replace, Some((_, register::Reason::Worn)))
        && let Some(copy) = reg.copies.iter_mut().find(|c| c.number == number)
        && department.is_some()
    {
        copy.department = department;
    }
    // The forms its copies bind, as the first was issued with them.
    reg.forms
        .entry(doc.version.to_string())
        .or_insert_with(|| bound_forms(&history, doc));
    let mut undo = Undo::new(&config.root);
    undo.file(&register::path(doc.number.as_str()))?;
    register::save(&config.root, &reg, &lock)?;
    let what = match replace {
        Some((old, register::Reason::Lost)) => {
            format!("copy {old} is void; issued copy {number:02}")
        }
        Some((_, register::Reason::Worn)) => format!("reissued copy {number:02}"),
        None => format!("issued copy {number:02}"),
    };
    let done = format!(
        "{what} of {} {} to {holder} (recorded in `{}`)",
        doc.number,
        doc.version,
        register::path(doc.number.as_str())
    );
    let mut done = vec![done];
    // A second copy of the same version to the same holder may be meant
    // (two offices of one department), or a slip: said, not refused.
    let others: Vec<String> = reg
        .also_held(number, &holder, doc.version.as_str())
        .map(|c| format!("{:02} (issued {})", c.number, c.issued))
        .collect();
    if replace.is_none() && !others.is_empty() {
        done.push(format!(
            "{holder} also holds {} {} of {} {}",
            match others.len() {
                1 => "copy",
                _ => "copies",
            },
            others.join(", "),
            doc.number,
            doc.version
        ));
    }
    if let Some(from) = archive::pending(&working.value, history.today)
        && working.value.version != doc.version
        && args.version.is_none()
        && args.replace.is_none()
    {
        done.push(format!(
            "{} {} takes effect on {from}, when this copy of {} is to be recalled: to hand out copies of {} before then, add `--version {}`",
            working.value.number, working.value.version, doc.version, working.value.version, working.value.version
        ));
    }
    // The register is the truth: rebuild everything it implies.
    let change = Change {
        undo,
        done,
        nothing: "nothing was issued",
        prints: true,
        signed: None,
        corrected: None,
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

/// The version a copy is issued of: the one asked for with `--version`;
/// else, for a replacement, the version still to take effect when the
/// replaced copy is of it; else the version in force. Only the version in
/// force and one approved to take effect on a later day may be issued.
fn version_to_issue<'a>(
    history: &'a History,
    working: &'a Loaded<Document>,
    args: &IssueArgs,
    reg: &register::Register,
) -> Result<&'a Loaded<Document>, Box<Diagnostic>> {
    let doc = &working.value;
    let number = doc.number.as_str();
    let current = history.current(number).map(|(_, d)| d);
    let ahead = archive::pending(doc, history.today);
    let in_force = |v: &str| current.filter(|c| c.value.version.as_str() == v);
    // A replacement is of the replaced copy's version while that is still
    // issued: the one in force, or the one still to take effect.
    let replaced = reg
        .copies
        .iter()
        .find(|c| Some(c.number) == args.replace)
        .map(|c| c.version.as_str())
        .filter(|&v| in_force(v).is_some() || (ahead.is_some() && v == doc.version.as_str()));
    if let (Some(own), Some(v), Some((n, register::Reason::Worn))) = (
        replaced,
        args.version.as_deref(),
        args.replace.zip(args.reason),
    ) && own != v
    {
        return Err(Box::new(
            Diagnostic::error(format!(
                "copy {n} of `{number}` is of version {own}, and a worn copy is reprinted as it was, not as {v}"
            ))
            .hint(format!(
                "leave out `--version` to reprint it; to give its holder {v} as well, issue a copy of {v} without `--replace`"
            )),
        ));
    }
    let asked = args.version.as_deref().or(replaced);
    let d = match asked {
        None => match (current, ahead) {
            (Some(current), _) => return Ok(current),
            (None, Some(from)) => Diagnostic::error(format!(
                "`{number}` version {} takes effect on {from}, and no version is in force before it",
                doc.version
            ))
            .hint(format!(
                "to hand out copies of it before that day, add `--version {}`",
                doc.version
            )),
            (None, None) => Diagnostic::error(format!(
                "`{number}` version {} is a draft and cannot be issued",
                doc.version
            ))
            .hint("only an approved version can be issued: sign it with `ctrldoc approve`"),
        },
        Some(v) if in_force(v).is_some() => return Ok(current.expect("matched")),
        Some(v) if v == doc.version.as_str() && ahead.is_some() => return Ok(working),
        Some(v) if v == doc.version.as_str() => Diagnostic::error(format!(
            "`{number}` version {v} is a draft and cannot be issued"
        ))
        .hint("only an approved version can be issued: sign it with `ctrldoc approve`"),
        Some(v) => {
            let what = match history.superseded(number, v) {
                Some(s) => format!("`{number}` version {v} is superseded by {}", s.by),
                None => format!("`{number}` has no version {v} on record"),
            };
            let issued = match (current, ahead) {
                (Some(c), Some(from)) => format!(
                    "{} is in force, and {} takes effect on {from}",
                    c.value.version, doc.version
                ),
                (Some(c), None) => format!("{} is in force", c.value.version),
                (None, Some(from)) => format!("{} takes effect on {from}", doc.version),
                (None, None) => format!("{} is a draft", doc.version),
            };
            Diagnostic::error(what).hint(format!(
                "only the version in force, or one approved to take effect later, is issued: {issued}"
            ))
        }
    };
    Err(Box::new(d))
}

/// The highest copy number of the document `number` that the last build's
/// manifest says was printed and the register does not record: a register
/// lost, or put back from an old backup, would otherwise hand it out again.
fn unrecorded_copy(
    output: &std::path::Path,
    number: &str,
    reg: &register::Register,
) -> Option<(u32, &'static str)> {
    // And the copies in `output/` that it does not list say what was
    // printed, all of them with no manifest to read.
    crate::write::Manifest::printed_of(output, number)
        .iter()
        .flat_map(|m| {
            m.outputs
                .iter()
                .chain(&m.retired)
                .filter(|e| e.number == number)
                .filter_map(|e| e.copy)
                .filter(|n| !reg.copies.iter().any(|c| c.number == *n))
                .map(|copy| (copy, m.where_said()))
        })
        .max_by_key(|&(copy, _)| copy)
}

/// Prints the errors of a document set and returns exit code 1 when there
/// are any: a command does not change a set that does not check.
pub(crate) fn refuse(
    history: &History,
    diagnostics: &[Diagnostic],
    what: &str,
) -> Option<ExitCode> {
    if !diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let mut sources: Sources = history.set.sources.clone();
    for archived in &history.archived {
        sources.extend(&archived.set.sources);
    }
    sources.print(diagnostics);
    crate::errln!("{what}: fix the errors above first");
    Some(ExitCode::from(1))
}

/// A set opened for a command that changes a document's records.
pub(crate) struct Opened {
    /// The state lock, held until the change is built.
    pub lock: StateLock,
    /// The set and its archive.
    pub history: History,
    /// Where the document is among the working set's documents.
    pub index: usize,
}

/// Opens the set for a command that changes a document's records: takes
/// the state lock, loads the set and its archive, and finds the document
/// numbered `number`. When the set has errors they are said with `nothing`
/// ("nothing was issued"), and the exit code is returned instead.
pub(crate) fn open_for_change(
    config: &Config,
    number: &str,
    nothing: &str,
) -> Result<std::result::Result<Opened, ExitCode>> {
    let lock = StateLock::take(&config.root)?;
    let (history, diagnostics) = archive::load(&config.root, config.today())?;
    let index = match document_index(&history.set, number) {
        Ok(index) => index,
        // A document whose file could not be read is not in the set: its
        // errors say why, not that there is no such document.
        Err(e) => {
            return refuse(&history, &diagnostics, nothing)
                .map(Err)
                .ok_or_else(|| withdrawn_form(&history, number).unwrap_or(e));
        }
    };
    match refuse(&history, &diagnostics, nothing) {
        Some(code) => Ok(Err(code)),
        None => Ok(Ok(Opened {
            lock,
            history,
            index,
        })),
    }
}

/// What is said of `number` given for a document when it is a form
/// withdrawn, whose file is no longer in the set.
pub(crate) fn withdrawn_form(history: &archive::History, number: &str) -> Option<anyhow::Error> {
    let withdrawn = history.withdrawn();
    let w = withdrawn.get(number)?;
    Some(anyhow::anyhow!(
        "`{number}` is a form, not a document, and was withdrawn on {}, when {} {} took effect without it\nhint: a form has no controlled copies or approval chain of its own; the sheets not used of its pads are voided with `ctrldoc serial {number} --void FIRST --to LAST --reason TEXT`, and a pad used to its last sheet is recorded with `--used-up FIRST` (`ctrldoc audit` lists those still open)",
        w.day,
        w.document,
        w.by
    ))
}

/// Finds a document of the working set by number.
pub(crate) fn document<'a>(set: &'a DocumentSet, number: &str) -> Result<&'a Loaded<Document>> {
    Ok(&set.documents[document_index(set, number)?])
}

/// Where the document numbered `number` is among the working set's.
fn document_index(set: &DocumentSet, number: &str) -> Result<usize> {
    if let Some(index) = set
        .documents
        .iter()
        .position(|d| d.value.number.as_str() == number)
    {
        return Ok(index);
    }
    if set.form(number).is_some() {
        bail!(
            "`{number}` is a form, not a document: a form has no controlled copies or approval chain\nhint: its blank form is printed in `output/forms/`, and numbered pads of it by `ctrldoc serial`; `ctrldoc revise {number} --summary TEXT` records its next version"
        );
    }
    let known: Vec<&str> = set
        .documents
        .iter()
        .map(|d| d.value.number.as_str())
        .collect();
    let near = crate::diagnostic::did_you_mean(number, known.iter().copied())
        .map_or(String::new(), |near| format!("did you mean `{near}`? "));
    match known.as_slice() {
        [] => bail!(
            "no document is numbered `{number}`\nhint: {near}the set has no documents: each is a file in `data/documents/`"
        ),
        _ => bail!(
            "no document is numbered `{number}`\nhint: {near}the documents are {}",
            known.join(", ")
        ),
    }
}

/// The person who records a change: `--by`, else the set's document controller.
pub(crate) fn clerk(set: &DocumentSet, by: Option<&str>, date: NaiveDate) -> Result<String> {
    controller_or(set, by, "--by", date)
}

/// Who acts for document control on `date`: the person given by `flag`
/// (`by`), or else the set's document controller, who must be a person of
/// the organisation still with it then.
pub(crate) fn controller_or(
    set: &DocumentSet,
    by: Option<&str>,
    flag: &str,
    date: NaiveDate,
) -> Result<String> {
    let given = format!("`{flag}`");
    let (by, whose) = match (by, &set.settings.document_controller) {
        (Some(by), _) => (by.to_owned(), given.as_str()),
        (None, Some(by)) => (by.clone(), "`document_controller` in `data/settings.yaml`"),
        (None, None) => bail!(
            "who records this?\nhint: pass `{flag} NAME`, or set `document_controller: NAME` in `data/settings.yaml`"
        ),
    };
    let Some(org) = set.organisation.as_ref().map(|o| &o.value) else {
        return Ok(by);
    };
    match org.person(&by) {
        None => bail!(
            "`{by}`, given by {whose}, is not a person of the organisation\nhint: {}",
            org.person_hint(&by)
        ),
        Some(person) if let Some(left) = person.left_before(date) => bail!(
            "`{by}`, given by {whose}, left the company on {left}, before {date}, and records nothing after\nhint: pass `{flag} NAME` of someone with it then, or name them as `document_controller` in `data/settings.yaml`"
        ),
        Some(_) => Ok(by),
    }
}

/// The date given, or today's. A record is made on or after the day it
/// tells of, so a date after today is refused: a typo for another year
/// would otherwise stand in the register.
pub(crate) fn today(config: &Config, given: Option<NaiveDate>) -> Result<NaiveDate> {
    let today = config.today();
    match given {
        Some(date) if date > today => bail!(
            "the date {date} is after today ({today})\nhint: a record is made on or after the day it tells of; leave the date out for today's"
        ),
        Some(date) => Ok(date),
        None => Ok(today),
    }
}

/// The name of the department of `holder`, when a person of the
/// organisation: where a copy or pad handed to them is kept.
pub fn department_of(set: &DocumentSet, holder: &str) -> Option<String> {
    let org = &set.organisation.as_ref()?.value;
    let person = org.person(holder)?;
    Some(org.department(&person.department)?.name.clone())
}

/// Resolves a holder given as a department code or name, or a person's name,
/// to the name printed on the copy.
pub(crate) fn holder(set: &DocumentSet, given: &str, date: NaiveDate) -> Result<String> {
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
        if let Some(left) = person.left_before(date) {
            bail!(
                "`{given}` left the company on {left}, before {date}, and holds nothing after\nhint: issue it to their department, or to whoever took over from them"
            );
        }
        return Ok(person.name.clone());
    }
    // A department's code written in other case, `xs`, is that code.
    let codes = org.departments.iter().map(|d| d.id.as_str());
    if let Some(best) = crate::diagnostic::did_you_mean(given, org.holder_names().chain(codes)) {
        bail!("unknown holder `{given}`\nhint: did you mean `{best}`?");
    }
    let known: Vec<String> = org
        .departments
        .iter()
        .map(|d| format!("{} ({})", d.name, d.id))
        .collect();
    bail!(
        "unknown holder `{given}`\nhint: a holder is a department or a person of `data/organisation.yaml`; the departments are {}",
        known.join(", ")
    )
}

//! `ctrldoc recall`: the copies of superseded versions that are still out,
//! and the record of each one that comes back.

use std::process::ExitCode;

use anyhow::{Context, Result};
use unicode_width::UnicodeWidthStr;

use crate::archive::{self, History};
use crate::cli::RecallArgs;
use crate::config::Config;
use crate::issue::{clerk, document, refuse, today};
use crate::register::{self, CopyState, Disposition, StateLock};
use crate::undo::{Change, Undo};

/// Lists what is to be recalled, or records a return.
pub fn recall(config: &Config, args: &RecallArgs) -> Result<ExitCode> {
    let (Some(copy), Some(number)) = (args.copy, &args.document) else {
        return list(config, args.document.as_deref());
    };
    let lock = StateLock::take(&config.root)?;
    let (history, diagnostics) = archive::load(&config.root, config.today())?;
    let set = &history.set;
    // A copy out to a holder since renamed or gone is what a return
    // records: those errors do not stop it.
    let diagnostics: Vec<_> = diagnostics
        .into_iter()
        .filter(|d| !d.out_to_unknown)
        .collect();
    // Errors first: a document whose file could not be read is not found.
    if let Some(code) = refuse(&history, &diagnostics, "nothing was recorded") {
        return Ok(code);
    }
    if let Err(e) = document(set, number) {
        return Err(crate::issue::withdrawn_form(&history, number).unwrap_or(e));
    }
    if args.mistaken {
        return take_back(config, args, lock, &history, number, copy);
    }
    let disposition = if args.kept {
        Disposition::Kept
    } else {
        Disposition::Destroyed
    };
    let mut reg = register::read(&config.root, number)?;
    let (date, lost) = match (args.returned, args.lost) {
        (_, Some(lost)) => (today(config, lost.0)?, true),
        (Some(returned), None) => (today(config, returned.0)?, false),
        (None, None) => unreachable!("clap asks `--copy` for `--returned` or `--lost`"),
    };
    let by = clerk(set, args.by.as_deref(), date)?;
    // A copy lost that turns up comes back void.
    let lost_before = reg
        .copies
        .iter()
        .find(|c| c.number == copy && c.state == register::CopyState::Void)
        .map(|c| c.lost_on());
    match lost {
        true => register::record_loss(&mut reg, copy, date, &by),
        false => register::record_return(&mut reg, copy, date, &by, disposition),
    }
    .with_context(|| format!("nothing was recorded for `{number}`"))?;
    let mut undo = Undo::new(&config.root);
    undo.file(&register::path(number))?;
    register::save(&config.root, &reg, &lock)?;
    let mut done = vec![];
    if let Some(c) = reg.copies.iter().find(|c| c.number == copy) {
        done.push(match lost {
            true => format!(
                "copy {copy:02} of {number} {}, held by {}, was lost on {date}: it is void, and its number is never used again (recorded in `{}`)",
                c.version,
                c.holder,
                register::path(number)
            ),
            false if let Some(lost_on) = lost_before => format!(
                "copy {copy:02} of {number} {}, held by {} and lost{}, was found and came back on {date} ({}; recorded in `{}`): it stays void, and its number is never used again",
                c.version,
                c.holder,
                lost_on.map_or(String::new(), |d| format!(" on {d}")),
                set.labels.get(disposition.label_key()),
                register::path(number)
            ),
            false => format!(
                "copy {copy:02} of {number} {} came back from {} on {date} ({}; recorded in `{}`)",
                c.version,
                c.holder,
                set.labels.get(disposition.label_key()),
                register::path(number)
            ),
        });
        // Said only when it was the holder's last of that version, and not
        // again of one lost, found since.
        if lost_before.is_none()
            && reg.also_held(copy, &c.holder, &c.version).next().is_none()
            && history
                .current(number)
                .is_some_and(|(_, current)| current.value.version.as_str() == c.version)
        {
            done.push(match lost {
                true => format!(
                    "note: it is a copy of the version in force; {} no longer holds a controlled copy of it: to give them one in its place, `ctrldoc issue {number} --replace {copy} --reason lost`",
                    c.holder
                ),
                false => format!(
                    "note: it is a copy of the version in force; {} no longer holds a controlled copy of it",
                    c.holder
                ),
            });
        }
    }
    let change = Change {
        undo,
        done,
        nothing: "nothing was recorded",
        prints: false,
        signed: None,
        corrected: None,
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

/// Takes back a return or loss recorded by mistake (`--mistaken`).
fn take_back(
    config: &Config,
    args: &RecallArgs,
    lock: StateLock,
    history: &crate::archive::History,
    number: &str,
    copy: u32,
) -> Result<ExitCode> {
    let set = &history.set;
    let date = today(config, None)?;
    let by = clerk(set, args.by.as_deref(), date)?;
    let mut reg = register::read(&config.root, number)?;
    let was = register::take_back(&mut reg, copy, date, &by, &set.labels)
        .with_context(|| format!("nothing was recorded for `{number}`"))?;
    let mut undo = Undo::new(&config.root);
    undo.file(&register::path(number))?;
    register::save(&config.root, &reg, &lock)?;
    let c = reg.copies.iter().find(|c| c.number == copy);
    let (version, holder) = (
        c.map_or("", |c| c.version.as_str()),
        c.map_or("", |c| c.holder.as_str()),
    );
    let path = register::path(number);
    let mut done = vec![match was {
        register::Taken::Found => format!(
            "copy {copy:02} of {number} {version}, held by {holder}, is void as lost and not found: its return was recorded by mistake (corrected in `{path}`)"
        ),
        register::Taken::Lost => format!(
            "copy {copy:02} of {number} {version} is out with {holder} again: it was recorded lost by mistake (corrected in `{path}`)"
        ),
        register::Taken::Returned => format!(
            "copy {copy:02} of {number} {version} is out with {holder} again: it was recorded returned by mistake (corrected in `{path}`)"
        ),
    }];
    // Out again beside the copy that replaced it, or one issued since:
    // the holder has two of one version, as `issue` gives only when asked.
    if let Some(c) = c.filter(|_| was != register::Taken::Found) {
        let others: Vec<String> = reg
            .copies
            .iter()
            .filter(|o| {
                o.number != copy
                    && o.state == CopyState::Issued
                    && o.holder == c.holder
                    && o.version == c.version
            })
            .map(|o| format!("{:02}", o.number))
            .collect();
        if let Some(other) = others.first() {
            // A return recorded of the wrong copy is the other's, that day.
            let day = c
                .corrected
                .last()
                .filter(|k| k.was == register::Mistaken::Returned)
                .map_or(String::new(), |k| format!(" {}", k.on));
            done.push(format!(
                "{} holds {} of {number} {} besides it ({}): if only one is with them, record the return of the other with `ctrldoc recall {number} --copy {other} --returned{day}`",
                c.holder,
                if others.len() == 1 { "another copy" } else { "other copies" },
                c.version,
                others.join(", ")
            ));
        }
    }
    let change = Change {
        undo,
        done,
        nothing: "nothing was recorded",
        prints: true,
        signed: None,
        corrected: Some((number.to_owned(), copy)),
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

/// Prints every copy of a superseded version not yet returned.
fn list(config: &Config, only: Option<&str>) -> Result<ExitCode> {
    let (history, diagnostics) = archive::load(&config.root, config.today())?;
    if let Some(number) = only
        && let Err(e) = document(&history.set, number)
    {
        return refuse(&history, &diagnostics, "nothing was listed")
            .ok_or_else(|| crate::issue::withdrawn_form(&history, number).unwrap_or(e));
    }
    // A copy printed that no register records may be out: a lost register
    // is said, not listed as no copies out.
    let last = crate::write::Manifest::read(&config.output, |e| e.copy.is_some());
    let mut diagnostics = diagnostics;
    diagnostics.extend(crate::build::lost_prints(
        &config.output,
        &history.set,
        last.as_ref(),
        crate::register::unrecorded_copies,
    ));
    if let Some(code) = refuse(&history, &diagnostics, "nothing was listed") {
        return Ok(code);
    }
    let rows = outstanding(&history, only);
    // What a version approved for a later day will call for on that day.
    for line in upcoming(&history, only) {
        crate::say!("{line}");
    }
    if rows.is_empty() {
        crate::say!("no copies of superseded versions are out");
        return Ok(ExitCode::SUCCESS);
    }
    let labels = &history.set.labels;
    let headings = [
        "document_number",
        "version",
        "copy_number",
        "holder",
        "issued_on",
        "superseding_version",
    ];
    let lines: Vec<[String; 6]> = std::iter::once(headings.map(|k| labels.get(k).to_owned()))
        .chain(rows)
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
        .collect();
    for line in &lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        crate::outln!("{}", cells.join("  ").trim_end());
    }
    let count = lines.len() - 1;
    crate::say!(
        "{count} {} to recall; record each return with `ctrldoc recall DOC --copy N --returned [DATE]`, or a loss with `--lost [DATE]`",
        if count == 1 { "copy" } else { "copies" }
    );
    Ok(ExitCode::SUCCESS)
}

/// For each version approved to take effect on a later day, how many
/// copies of other versions are out, to recall from that day.
fn upcoming(history: &History, only: Option<&str>) -> Vec<String> {
    let mut said = vec![];
    for working in &history.set.documents {
        let doc = &working.value;
        let number = doc.number.as_str();
        if only.is_some_and(|n| n != number) {
            continue;
        }
        let Some(from) = archive::pending(doc, history.today) else {
            continue;
        };
        let out = history.set.register(number).map_or(0, |r| {
            r.value
                .copies
                .iter()
                .filter(|c| c.state == CopyState::Issued && c.version != doc.version.as_str())
                .count()
        });
        if out == 0 {
            continue;
        }
        said.push(format!(
            "{number} {} takes effect on {from}: from then, {out} {} of the version before it to recall",
            doc.version,
            if out == 1 { "copy" } else { "copies" }
        ));
    }
    said
}

/// The copies of superseded versions still out, as table rows.
pub fn outstanding(history: &History, only: Option<&str>) -> Vec<[String; 6]> {
    let mut rows = vec![];
    for loaded in &history.set.registers {
        let register = &loaded.value;
        if only.is_some_and(|n| n != register.document) {
            continue;
        }
        for copy in &register.copies {
            if copy.state != CopyState::Issued {
                continue;
            }
            if let Some(superseded) = history.superseded(&register.document, &copy.version) {
                rows.push([
                    register.document.clone(),
                    copy.version.clone(),
                    format!("{:02}", copy.number),
                    copy.holder.clone(),
                    copy.issued.to_string(),
                    superseded.by.clone(),
                ]);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn return_needs_a_document_and_a_copy() {
        use clap::Parser;
        let parse = |args: &str| {
            crate::cli::CliArgs::try_parse_from(format!("ctrldoc recall {args}").split(' '))
        };
        assert!(crate::cli::CliArgs::try_parse_from(["ctrldoc", "recall"]).is_ok());
        for good in [
            "XS-ZD-001 --copy 2 --returned",
            "XS-ZD-001 --copy 2 --returned 2017-03-01",
            "XS-ZD-001 --copy 2 --lost",
        ] {
            assert!(parse(good).is_ok(), "{good}");
        }
        for bad in [
            "--copy 2 --returned",
            "XS-ZD-001 --copy 2",
            "XS-ZD-001 --returned bad",
            "XS-ZD-001 --copy 2 --lost --returned",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

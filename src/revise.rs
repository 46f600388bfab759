//! `ctrldoc revise` opens the next version of a document; `ctrldoc approve`
//! signs its approval chain, and the approver's signature puts it in force.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::archive::{self, History, approved};
use crate::cli::{ApproveArgs, ReviewArgs, ReviseArgs, Step, WithdrawArgs};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::edit::{Edit, keeps_the_rest, scalar};
use crate::issue::{Opened, document, open_for_change, refuse, today};
use crate::loader::{DocumentSet, Loaded};
use crate::model::{Document, Form, Revision, Role, Status, Version};
use crate::register::{CopyState, StateLock};
use crate::serial::Pad;
use crate::undo::{Change, Undo};
use crate::write::write_durable;

/// Archives the version in force and opens the next one as a draft.
pub fn revise(config: &Config, args: &ReviseArgs) -> Result<ExitCode> {
    let lock = StateLock::take(&config.root)?;
    let (mut history, mut diagnostics) = archive::load(&config.root, config.today())?;
    if let Some(form) = history.set.form(&args.document) {
        if let Some(code) = refuse(&history, &diagnostics, "nothing was revised") {
            return Ok(code);
        }
        return revise_form(config, args, lock, &history, form);
    }
    if let Err(e) = document(&history.set, &args.document) {
        // A file that could not be read is not in the set: its errors say
        // why, not that there is no document or form of that number.
        if let Some(code) = refuse(&history, &diagnostics, "nothing was revised") {
            return Ok(code);
        }
        if let Some(w) = history.withdrawn().get(args.document.as_str()) {
            return Err(not_revised_withdrawn(w));
        }
        // Taken out of `data/forms/` as the revision that drops it is
        // written: in use as the snapshot keeps it, until then.
        if let Some(drop) = history.dropping().get(args.document.as_str())
            && let Some(&(kept, index)) = history.bound_by_snapshots().get(args.document.as_str())
        {
            let number = &args.document;
            let (document, by) = (&drop.document, &drop.by);
            bail!(
                "`{number}` is in use as the snapshot of {document} keeps it, until {by}, which drops it, takes effect: it is withdrawn then, so nothing was revised\nhint: to keep it in {by}, copy `{}` back to `data/forms/{number}.yaml`, name it in {by} ({{{{ form(\"{number}\") }}}}), and revise it there",
                kept.forms[index].path
            );
        }
        let forms = history.set.forms.iter().map(|f| f.value.number.as_str());
        if let Some(near) = crate::diagnostic::did_you_mean(&args.document, forms) {
            bail!(
                "no document or form is numbered `{}`\nhint: did you mean the form `{near}`?",
                args.document
            );
        }
        return Err(e);
    }
    let working = document(&history.set, &args.document)?;
    if let Some(base) = archive::unfinished(&history.set, working) {
        // The last build printed a later version: the file was put back
        // from an older copy, and the archive is that version's record.
        let last = crate::write::Manifest::read(&config.output, |_| false);
        if let Some(later) = last.and_then(|m| printed_later(&history.set, &working.value, &m)) {
            bail!(
                "`{}` is at version {}, which is archived in `{base}`, but the last build printed {later}: the document's file was put back from an older copy, so nothing was revised, and `{base}` was left as it is\nhint: put `{}` back at {later} from version control or a backup",
                args.document,
                working.value.version,
                working.path,
            );
        }
        std::fs::remove_dir_all(config.root.join(&base))
            .with_context(|| format!("failed to remove `{base}`"))?;
        crate::say!(
            "removed `{base}`, left by a revise of {} that stopped before it changed the document",
            args.document
        );
        (history, diagnostics) = archive::load(&config.root, config.today())?;
    }
    let set = &history.set;
    let working = document(set, &args.document)?;
    if let Some(code) = refuse(&history, &diagnostics, "nothing was revised") {
        return Ok(code);
    }
    let doc = &working.value;
    if let Some(from) = archive::pending(doc, history.today) {
        bail!(
            "`{}` version {} is approved and takes effect on {from}\nhint: a version is revised once it is in force: run this again on or after {from}",
            doc.number,
            doc.version,
        );
    }
    if !approved(doc) {
        bail!(
            "`{}` version {} is a draft already\nhint: edit `{}`, then sign it with `ctrldoc approve {} --as preparer|reviewer|approver`",
            doc.number,
            doc.version,
            working.path,
            doc.number
        );
    }
    let date = today(config, args.date)?;
    let next = next_revision(set, &doc.version, args.major, &doc.history, date)?;
    // The version archived must be the text approved and printed, not one
    // changed by hand since: the snapshot would keep the change as approved.
    // So must the forms it binds, which its snapshot keeps with it.
    let bound: Vec<&Loaded<Form>> = crate::validate::referenced_forms(doc)
        .iter()
        .filter_map(|n| set.form(n))
        .collect();
    let manifest = crate::write::Manifest::read(&config.output, |e| {
        e.number == doc.number.as_str() || bound.iter().any(|f| e.number == f.value.number.as_str())
    });
    if let Some(manifest) = &manifest {
        let (changed, forms): (Vec<_>, Vec<_>) =
            crate::build::approved_text_changed(&history, &crate::plan::plan(&history), manifest)
                .into_iter()
                // A form at another version than printed, with copies out.
                .chain(
                    crate::build::form_versions_by_hand(&history, manifest)
                        .into_iter()
                        .filter(Diagnostic::is_error),
                )
                .filter_map(|d| {
                    let (path, _) = d.location.as_ref()?;
                    let form = bound.iter().find(|f| f.path == *path);
                    (*path == working.path || form.is_some()).then_some((d, form))
                })
                .partition(|(_, form)| form.is_none());
        if let Some((said, Some(form))) = forms.first() {
            let form = &form.value;
            let mut d = Diagnostic::error(format!(
                "form {} {}, which {} {} binds, is not what the last build printed of it, so {} cannot be archived with the form it approved; nothing was revised",
                form.number, form.version, doc.number, doc.version, doc.version
            ));
            d.location = said.location.clone();
            let d = d.hint(format!(
                "put the form back as the last build printed it (from a backup or version control), then revise {}; make the change once {next} is opened, and record it with `ctrldoc revise {} --summary TEXT`",
                doc.number, form.number
            ));
            set.sources.print(&[d]);
            return Ok(ExitCode::from(1));
        }
        let changed: Vec<Diagnostic> = changed.into_iter().map(|(d, _)| d).collect();
        if !changed.is_empty() {
            // Where, and what it read when printed, when the build kept it.
            let found = crate::build::changed_since_printed(
                manifest,
                doc,
                history.set.located(&working.path),
            );
            let mut d = Diagnostic::error(format!(
                "the text of `{}` {} is not what the last build printed of it, so it cannot be archived as the version approved; nothing was revised",
                doc.number, doc.version
            ));
            if let Some((span, what)) = found {
                if let Some(span) = span {
                    d = d.at(working.path.clone(), span);
                }
                d = d.hint(what);
            }
            d = d.hint(format!(
                "put the text back as it was approved (from a backup or version control), then revise, and make the change in {next}"
            ));
            set.sources.print(&[d]);
            return Ok(ExitCode::from(1));
        }
    }
    let author = match &args.author {
        Some(name) => person(set, name, date)?,
        None => doc
            .prepared
            .as_ref()
            .map(|s| s.name.clone())
            .context("who writes the revision?\nhint: pass `--author NAME`")?,
    };

    let mut undo = Undo::new(&config.root);
    undo.file(&working.path)?;
    let base = archive::snapshot(set, working, &lock)?;
    undo.folder(&base);
    let before = text(set, working);
    let mut edit = Edit::new(before);
    edit.set("version", Some(&next), &[]);
    edit.set("status", Some("draft"), &["version"]);
    for role in Role::CHAIN {
        edit.set(role.key(), None, &[]);
    }
    edit.set("effective", None, &[]);
    // The reviews were of the version in force; its snapshot keeps them.
    edit.set("reviews", None, &[]);
    push_revision(&mut edit, &next, date, &args.summary, &author, &[]);
    let text = edit.finish();
    let mut changed = vec!["version", "status", "effective", "reviews"];
    changed.extend(Role::CHAIN.iter().map(|r| r.key()));
    let checked = reparse(&text).filter(|d| {
        keeps_the_rest(before, &text, &changed, "history")
            && d.version.as_str() == next
            && d.status == Status::Draft
            && Role::CHAIN.iter().all(|&r| d.signature(r).is_none())
            && d.effective.is_none()
            && d.reviews.is_empty()
            && d.history.last().is_some_and(|r| r.version.as_str() == next)
    });
    if checked.is_none() {
        let _ = std::fs::remove_dir_all(config.root.join(&base));
        bail!(
            "`{}` could not be changed safely, so nothing was revised\nhint: check that `version`, `status`, `history` and the approvals are top-level keys written one per line",
            working.path
        );
    }
    write_durable(&config.root.join(&working.path), text.as_bytes())?;
    // Its author, when not given, is said: the revision record prints it.
    let by = match &args.author {
        Some(_) => String::new(),
        None => format!(
            ", recorded as written by {author}, who prepared {} (修订人; `--author NAME` names another)",
            doc.version
        ),
    };
    let done = format!(
        "opened {} {next} as a draft in `{}`{by}; {} is archived in `{base}` and stays in force until {next} is approved",
        doc.number, working.path, doc.version
    );
    let change = Change {
        undo,
        done: vec![done],
        nothing: "nothing was revised",
        prints: false,
        signed: None,
        corrected: None,
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

/// The refusal to revise a form withdrawn, but with the draft of a
/// document that brings it back.
fn not_revised_withdrawn(w: &archive::Withdrawn<'_>) -> anyhow::Error {
    let number = &w.form().value.number;
    anyhow::anyhow!(
        "{}, so nothing was revised\nhint: to bring it back, name it in a revision of the document that requires it, {{{{ form(\"{number}\") }}}}, and then revise it",
        w.said()
    )
}

/// Records the next version of a form, in effect from the day of the
/// revision: its version, its effective date and an entry of its revision
/// record. A form has no approval chain and no archive: its layout is
/// edited in its file, before or after.
fn revise_form(
    config: &Config,
    args: &ReviseArgs,
    lock: StateLock,
    history: &archive::History,
    loaded: &Loaded<Form>,
) -> Result<ExitCode> {
    let set = &history.set;
    let form = &loaded.value;
    let date = today(config, args.date)?;
    // A form an approved document binds is approved with it: its next
    // version goes with the document's next, opened first, so that the
    // version approved is archived with the form it approved, as its
    // copies hold it, and no copy or master of it is printed with another.
    let binding = crate::validate::approved_binders(set, form.number.as_str());
    if !binding.is_empty() {
        let named: Vec<String> = binding
            .iter()
            .map(|(d, issued)| match issued {
                0 => format!("{} {}", d.number, d.version),
                1 => format!("{} {} (1 controlled copy issued)", d.number, d.version),
                n => format!("{} {} ({n} controlled copies issued)", d.number, d.version),
            })
            .collect();
        let first: Vec<String> = binding
            .iter()
            .map(|(d, issued)| match archive::pending(d, date) {
                // Its copies handed out before its day keep its approval.
                Some(day) if *issued > 0 => format!(
                    "{} {} takes effect on {day}, and copies of it were handed out: on or after {day}, open its revision with `ctrldoc revise {} --summary TEXT`",
                    d.number, d.version, d.number
                ),
                Some(day) => format!(
                    "{} {} takes effect on {day}: take back its approval with `ctrldoc withdraw {}`",
                    d.number, d.version, d.number
                ),
                None => format!(
                    "open the revision of {} with `ctrldoc revise {} --summary TEXT`, which archives {} with the form as it approved it",
                    d.number, d.number, d.version
                ),
            })
            .collect();
        bail!(
            "`{}` is bound by {}, approved: a change to the form is a change to the document, which its approval does not cover, so nothing was revised\nhint: {}; then revise the form, and edit it, before the document is signed again",
            form.number,
            named.join(" and "),
            first.join("; ")
        );
    }
    // A form withdrawn is revised only as it is brought back, with the
    // draft of a document that names it again.
    if let Some(w) = history.withdrawn().get(form.number.as_str()) {
        let named_again = set.documents.iter().any(|d| {
            !archive::approved(&d.value)
                && crate::validate::referenced_forms(&d.value)
                    .iter()
                    .any(|n| n == form.number.as_str())
        });
        if !named_again {
            return Err(not_revised_withdrawn(w));
        }
    }
    if form.effective > date {
        bail!(
            "`{}` version {} takes effect on {}, after {date}\nhint: a form is revised once its version is in effect: on or after {}",
            form.number,
            form.version,
            form.effective,
            form.effective
        );
    }
    // Nor before a pad already printed at the version it replaces.
    if let Some(pad) = set.ledger(form.number.as_str()).and_then(|l| {
        l.value.pads.iter().filter(|p| p.date > date).find(|p| {
            p.version
                .as_deref()
                .is_none_or(|v| v == form.version.as_str())
        })
    }) {
        let (first, last) = pad.range();
        bail!(
            "the revision cannot be dated {date}: the pad {first} to {last} was printed at {} on {}\nhint: date the revision on or after {}",
            form.version,
            pad.date,
            pad.date
        );
    }
    // A version not yet in use, the one before kept in the snapshot of the
    // version in force of a document that binds it, is changed in place:
    // a version after it would be one never in use.
    if let Some(&(kept, index)) = history.forms_from_snapshots().get(form.number.as_str()) {
        let document = kept
            .documents
            .first()
            .map_or(String::new(), |d| format!(" of {}", d.value.number));
        bail!(
            "`{}` is at {}, which is not yet in use: it comes into use with the revision{document} that binds it, and {} is in use until then, so nothing was revised\nhint: change {} in `{}` as it is, and its entry in `history:` if need be: a version not yet in use is changed in place, and recorded once",
            form.number,
            form.version,
            kept.forms[index].value.version,
            form.version,
            loaded.path
        );
    }
    let next = next_revision(set, &form.version, args.major, &form.history, date)?;
    let author = crate::issue::controller_or(set, args.author.as_deref(), "--author", date)?;
    let before = set.sources.get(&loaded.path).unwrap_or("");
    let mut edit = Edit::new(before);
    edit.set("version", Some(&next), &[]);
    edit.set("effective", Some(&date.to_string()), &["version"]);
    let after = ["keeper", "retention", "effective"];
    // A form with no revision record yet gets one from its first version,
    // as it took effect, recorded now by document control: who wrote the
    // revision (`--author`) did not write that version.
    if form.history.is_empty() {
        let recorder = crate::issue::controller_or(set, None, "--author", date)
            .unwrap_or_else(|_| author.clone());
        let first = match form.version.as_str() == set.settings.version_scheme.first() {
            true => "first_issue_recorded",
            false => "version_recorded",
        };
        let first = set.labels.get(first);
        push_revision(
            &mut edit,
            form.version.as_str(),
            form.effective,
            first,
            &recorder,
            &after,
        );
    }
    push_revision(&mut edit, &next, date, &args.summary, &author, &after);
    let text = edit.finish();
    let checked = serde_yaml::from_str::<Form>(&text).ok().filter(|f| {
        keeps_the_rest(before, &text, &["version", "effective"], "history")
            && f.version.as_str() == next
            && f.effective == date
            && f.history.last().is_some_and(|r| r.version.as_str() == next)
    });
    if checked.is_none() {
        bail!(
            "`{}` could not be changed safely, so nothing was revised\nhint: check that `version`, `effective` and `history` are top-level keys written one per line, and that the entries of `history` are a block list (`- version: …` lines), not `[ … ]`",
            loaded.path
        );
    }
    let entries = match form.history.is_empty() {
        true => format!("entries for {} and {next}", form.version),
        false => "an entry".to_owned(),
    };
    // Bound by the version in force from its snapshot, it comes into use
    // with the revision open: until then the version kept there is.
    let waits = history
        .bound_by_snapshots()
        .get(form.number.as_str())
        .and_then(|&(kept, index)| {
            let doc = kept.documents.first()?;
            Some((
                doc.value.number.clone(),
                kept.forms[index].value.version.clone(),
            ))
        });
    // Withdrawn, and named again by a draft: it comes back with it.
    let back = history
        .withdrawn()
        .get(form.number.as_str())
        .map(|w| (w.day, w.form().value.version.clone()));
    let mut done = vec![match &waits {
        _ if let Some((day, was)) = &back => format!(
            "{} is now at {next}, with {entries} in its revision record in `{}`; withdrawn on {day} at {was}, it comes back into use, at {next}, with the document version that names it again, once that takes effect",
            form.number, loaded.path
        ),
        Some((doc, in_use)) => format!(
            "{} is now at {next}, with {entries} in its revision record in `{}`; it comes into use with the revision of {doc} that binds it: until that takes effect, {in_use} stays in use, blank and in pads",
            form.number, loaded.path
        ),
        None => format!(
            "{} is now at {next}, in effect from {date}, with {entries} in its revision record in `{}`; its earlier blank forms are no longer current",
            form.number, loaded.path
        ),
    }];
    // Its author, when not given, is said: the revision record prints it.
    if args.author.is_none() {
        done.push(format!(
            "{next} is recorded as written by {author}, the document controller (修订人; `--author NAME` names another)"
        ));
    }
    // A pad stays as printed, at its version. One recorded before pads
    // kept theirs was printed at the version in force until now, and is
    // recorded so.
    let mut stamped = None;
    if let Some(ledger) = set.ledger(form.number.as_str()) {
        let (kept, again): (Vec<&Pad>, Vec<&Pad>) =
            ledger.value.pads.iter().partition(|p| p.version.is_some());
        if !again.is_empty() {
            let mut with = ledger.value.clone();
            for pad in with.pads.iter_mut().filter(|p| p.version.is_none()) {
                pad.version = Some(form.version.to_string());
            }
            stamped = Some(with);
        }
        // A pad whose last sheet is void, as one lost or withdrawn, has
        // none to void.
        let open = |pad: &&Pad| !ledger.value.withdrawn(pad);
        // Each pad's numbers, as recorded; past five, how many more.
        let from_to = |pads: &[&Pad]| {
            let mut said: Vec<String> = pads
                .iter()
                .take(5)
                .map(|p| {
                    let (first, last) = p.range();
                    format!("{first} to {last}")
                })
                .collect();
            if pads.len() > 5 {
                said.push(format!("{} more", pads.len() - 5));
            }
            (!said.is_empty()).then(|| said.join(", "))
        };
        let void = format!(
            "{}void the sheets not yet used (`ctrldoc serial {} --void FIRST [--to LAST] --reason TEXT`) and reserve new numbers",
            waits.as_ref().map_or(String::new(), |(doc, _)| format!(
                "once the revision of {doc} takes effect, "
            )),
            form.number
        );
        let kept: Vec<&Pad> = kept.into_iter().filter(open).collect();
        if let Some(numbers) = from_to(&kept) {
            done.push(format!(
                "the pads of `{}` ({numbers}) stay as they were printed, at their versions; {void}",
                ledger.path
            ));
        }
        // Those recorded anew are said all, void or not.
        if let Some(numbers) = from_to(&again) {
            let void = match again.iter().any(open) {
                true => format!("; {void}"),
                false => String::new(),
            };
            done.push(format!(
                "the pads of `{}` recorded without their version ({numbers}) are now recorded at {}, the version they were printed at, and stay as they were printed{void}",
                ledger.path, form.version
            ));
        }
    }
    rewrite_with(
        config,
        lock,
        &loaded.path,
        &text,
        stamped.as_ref(),
        Said {
            done,
            nothing: "nothing was revised",
            signed: None,
            put_back: true,
        },
    )
}

/// Signs one step of a draft's approval chain.
pub fn approve(config: &Config, args: &ApproveArgs) -> Result<ExitCode> {
    let Opened {
        lock,
        history,
        index,
    } = match open_for_change(config, &args.document, "nothing was signed")? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let set = &history.set;
    let working = &set.documents[index];
    let doc = &working.value;
    if let Some(from) = archive::pending(doc, history.today) {
        bail!(
            "`{}` version {} is already approved, and takes effect on {from}\nhint: to change it, open a revision with `ctrldoc revise {} --summary TEXT` on or after {from}",
            doc.number,
            doc.version,
            doc.number
        );
    }
    if approved(doc) {
        bail!(
            "`{}` version {} is already approved and in force\nhint: to change it, open a revision with `ctrldoc revise {} --summary TEXT`",
            doc.number,
            doc.version,
            doc.number
        );
    }
    // A signature covers the text as it prints: one with a form reference
    // written wrong would be approved with it printed as written.
    let file = set.located(&working.path);
    let mut wrong: Vec<(&str, Option<std::ops::Range<usize>>)> = vec![];
    let mut from = 0;
    for (text, at) in crate::validate::texts_located(file, doc) {
        if let Some(span) = &at {
            from = span.start;
        }
        for (written, span) in crate::validate::malformed_located(file, text, from) {
            wrong.push((written, span.or(at.clone())));
        }
    }
    if let Some((first, span)) = wrong.first().cloned() {
        let line = |span: &Option<std::ops::Range<usize>>| {
            span.as_ref()
                .map(|s| crate::diagnostic::position(file, s.start).0)
        };
        let at = |line: Option<usize>| line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let more = match &wrong[1..] {
            [] => String::new(),
            [(written, span)] => format!(", and neither is `{written}`{}", at(line(span))),
            rest => {
                let mut lines: Vec<String> = rest
                    .iter()
                    .filter_map(|(_, s)| line(s).map(|l| l.to_string()))
                    .collect();
                // Two on a line, the line once.
                lines.dedup();
                format!(
                    ", and neither are {} more{}",
                    rest.len(),
                    match lines.as_slice() {
                        [] => String::new(),
                        [one] => format!(" (line {one})"),
                        [all @ .., last] => format!(" (lines {} and {last})", all.join(", ")),
                    }
                )
            }
        };
        let mut d = Diagnostic::error(format!(
            "`{}` {} prints `{first}`{} as written: it is not a form reference{more}; nothing was signed",
            doc.number,
            doc.version,
            at(line(&span)),
        ))
        .hint(format!(
            "write each reference as `{{{{ form(\"{}\") }}}}` in `{}`, then sign",
            crate::validate::example_form(set, first),
            working.path
        ));
        if let Some(span) = span {
            d = d.at(working.path.clone(), span);
        }
        set.sources.print(&[d]);
        return Ok(ExitCode::from(1));
    }
    let role = match args.step {
        Step::Preparer => Role::Prepare,
        Step::Reviewer => Role::Review,
        Step::Approver => Role::Approve,
    };
    let date = today(config, args.date)?;
    let name = person(set, &args.name, date)?;
    let org = set.organisation.as_ref().map(|o| &o.value);
    if let Some(p) = org.and_then(|o| o.person(&name))
        && !p.roles.contains(&role)
    {
        bail!(
            "`{name}` may not sign as {} ({})\nhint: add `{}` to their `roles` in `data/organisation.yaml`, or choose someone who has it",
            step_name(role),
            set.labels.role(role),
            crate::validate::role_verb(role)
        );
    }
    let position = Role::CHAIN.iter().position(|&r| r == role).unwrap_or(0);
    if let Some(&after) = Role::CHAIN.get(position + 1)
        && doc.signature(after).is_some()
    {
        // To sign this step again, its own signature goes too.
        let remove: Vec<String> = Role::CHAIN[position..]
            .iter()
            .filter(|&&r| doc.signature(r).is_some())
            .map(|r| format!("`{}`", r.key()))
            .collect();
        bail!(
            "`{}` {} is already signed by its {} ({})\nhint: to sign an earlier step again, remove {} from `{}` first",
            doc.number,
            doc.version,
            step_name(after),
            set.labels.role(after),
            remove.join(" and "),
            working.path
        );
    }
    if let Some(sig) = doc.signature(role) {
        bail!(
            "`{}` {} is already signed by its {} ({}): {}, {}\nhint: a signature is not replaced; to sign this step again, remove `{}` from `{}` first",
            doc.number,
            doc.version,
            step_name(role),
            set.labels.role(role),
            sig.name,
            sig.date,
            role.key(),
            working.path
        );
    }
    // The first step not yet signed is the one said, not the one before.
    if let Some(&unsigned) = Role::CHAIN[..position]
        .iter()
        .find(|&&r| doc.signature(r).is_none())
    {
        bail!(
            "`{}` {} is not signed by its {} ({}) yet\nhint: the chain is signed in order: {}",
            doc.number,
            doc.version,
            step_name(unsigned),
            set.labels.role(unsigned),
            set.labels.chain()
        );
    }
    if let Some(&before) = position.checked_sub(1).and_then(|i| Role::CHAIN.get(i)) {
        match doc.signature(before) {
            None => {}
            Some(sig) if date < sig.date => bail!(
                "the {}'s date {date} ({}) is before the {}'s date {} ({})\nhint: the chain is signed in order: {}",
                step_name(role),
                set.labels.role(role),
                step_name(before),
                sig.date,
                set.labels.role(before),
                set.labels.chain()
            ),
            Some(_) => {}
        }
    }
    // A revision is signed after the version it revises was approved.
    if let Some((before, approved)) = archive::revises(&history, doc)
        && date < approved
    {
        bail!(
            "the {}'s date {date} ({}) is before {} {before}, which {} revises, was approved on {approved}\nhint: date the signature on or after {approved}",
            step_name(role),
            set.labels.role(role),
            doc.number,
            doc.version,
        );
    }
    // Nor more than a year before the day its revision record gives it
    // (the day it was opened, or often the day it takes effect): a year
    // mistyped (2016-09-02 for 2026-09-02).
    if archive::revises(&history, doc).is_some()
        && let Some(opened) = archive::signed_long_before(doc, date)
    {
        bail!(
            "the {}'s date {date} ({}) is more than a year before {opened}, the day the revision record gives {} {}\nhint: a year mistyped? date the signature as it was signed; if the revision record's date is the one wrong, correct it in `history:` of `{}` first",
            step_name(role),
            set.labels.role(role),
            doc.number,
            doc.version,
            working.path
        );
    }
    let preparer = match role {
        Role::Prepare => Some(name.as_str()),
        _ => doc.prepared.as_ref().map(|s| s.name.as_str()),
    };
    if role == Role::Approve && preparer == Some(name.as_str()) {
        bail!(
            "`{name}` prepared this version and may not also approve it\nhint: the approver must be someone other than the preparer"
        );
    }
    let effective = match (role, args.effective) {
        (Role::Approve, Some(e)) if e < date => {
            bail!("the version cannot take effect on {e}, before it is approved on {date}")
        }
        (Role::Approve, e) => Some(e.unwrap_or(date)),
        (_, Some(_)) => bail!("`--effective` goes with `--as approver`"),
        (_, None) => None,
    };
    // The approval covers the forms the version binds as they print: one
    // changed at its version, without a revision, is not to be approved
    // so (found by a reviewer: it was, and no copy could be issued).
    if role == Role::Approve
        && let Some(d) = form_changed_unrevised(config, &history, doc)
    {
        set.sources.print(&[d]);
        return Ok(ExitCode::from(1));
    }

    let before = text(set, working);
    let mut edit = Edit::new(before);
    let signature = format!("{{ name: {}, date: {date} }}", scalar(&name));
    let after: &[&str] = match role {
        Role::Prepare => &["department", "status", "version"],
        Role::Review => &["prepared", "department", "status"],
        Role::Approve => &["reviewed", "prepared", "department"],
    };
    edit.set(role.key(), Some(&signature), after);
    if let Some(effective) = effective {
        edit.set("status", Some("effective"), &["version"]);
        edit.set(
            "effective",
            Some(&effective.to_string()),
            &["approved", "reviewed"],
        );
    }
    let text = edit.finish();
    let changed = match effective {
        Some(_) => vec![role.key(), "status", "effective"],
        None => vec![role.key()],
    };
    let checked = reparse(&text).filter(|d| {
        keeps_the_rest(before, &text, &changed, "")
            && d.signature(role)
                .is_some_and(|s| s.name == name && s.date == date)
            && d.effective == effective.or(doc.effective)
    });
    if checked.is_none() {
        bail!(
            "`{}` could not be changed safely, so nothing was signed\nhint: check that `{}` and `status` are top-level keys of the file",
            working.path,
            role.key()
        );
    }
    let mut done = vec![format!(
        "{} {} {}: {name}, {date}",
        doc.number,
        doc.version,
        set.labels.role(role)
    )];
    if let Some(effective) = effective {
        done.extend(superseded_note(&history, doc, effective));
        // A year mistyped (2207 for 2027): the version in force would stay
        // so, its review and all, that long (found by a reviewer).
        if date
            .checked_add_months(chrono::Months::new(12))
            .is_some_and(|year| effective > year)
        {
            let until = match history.current(doc.number.as_str()) {
                Some((_, d)) => format!(
                    "{} stays in force, its periodic reviews with it",
                    d.value.version
                ),
                None => "no version of it is in force".to_owned(),
            };
            done.push(format!(
                "warning: {} {} takes effect on {effective}, more than a year after its approval on {date}: a year mistyped? if so, take the approval back with `ctrldoc withdraw {}`, and sign it again, all three steps, with the day it takes effect; until that day, {until}",
                doc.number, doc.version, doc.number,
            ));
        }
    }
    rewrite_with(
        config,
        lock,
        &working.path,
        &text,
        None,
        Said {
            done,
            nothing: "nothing was signed",
            signed: Some(doc.number.to_string()),
            put_back: false,
        },
    )
}

/// A form `doc` binds that prints otherwise than the last build printed
/// it at the same version (see [`crate::build::approved_text_changed`]),
/// said as the reason `approve` signs nothing.
fn form_changed_unrevised(
    config: &Config,
    history: &History,
    doc: &Document,
) -> Option<Diagnostic> {
    let changed = crate::build::bound_form_changed(&config.output, history, doc)?;
    let (number, at) = (&changed.number, &changed.version);
    let mut d = Diagnostic::error(format!(
        "form {number} {at}, which {} {} binds, prints otherwise than the last build printed it, at the same version: its approval would cover a form changed without a revision, so nothing was signed",
        doc.number, doc.version
    ))
    .hint(format!(
        "record the change as the form's next version with `ctrldoc revise {number} --summary TEXT`: it comes into use with {} {}, and the paper of {at} printed before stays told apart by its version; or put the form back as the last build printed it",
        doc.number, doc.version
    ));
    d.location = changed.location;
    Some(d)
}

/// Takes back the approval of a version approved to take effect on a later
/// day: it is a draft again, its signatures cleared, so that it can be
/// corrected and signed anew. The version before it stays in force. A
/// version of which copies were handed out before its day is not taken
/// back: that paper is out, and the register keeps it.
pub fn withdraw(config: &Config, args: &WithdrawArgs) -> Result<ExitCode> {
    let Opened {
        lock,
        history,
        index,
    } = match open_for_change(config, &args.document, "nothing was withdrawn")? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let set = &history.set;
    let working = &set.documents[index];
    let doc = &working.value;
    let Some(from) = archive::pending(doc, history.today) else {
        if approved(doc) {
            bail!(
                "`{}` version {} is in force: only a version still to take effect can be withdrawn\nhint: to change it, open a revision with `ctrldoc revise {} --summary TEXT`",
                doc.number,
                doc.version,
                doc.number
            );
        }
        bail!(
            "`{}` version {} is a draft, not approved\nhint: edit `{}`; to sign a step again, remove its signature from the file first",
            doc.number,
            doc.version,
            working.path
        );
    };
    // The last build printed the version before as obsolete: this one was
    // in force then, whatever day this run takes for today.
    if let Some(before) = history.versions_of(doc.number.as_str()).last()
        && let Some(printed) = crate::write::Manifest::read(&config.output, |_| false)
        && printed.outputs.iter().any(|e| {
            e.kind == crate::plan::Kind::Obsolete.name()
                && e.number == doc.number.as_str()
                && e.version == before.document().value.version.as_str()
        })
    {
        bail!(
            "`{}` version {} was in force when the last build was made, which printed {} as obsolete: a version once in force cannot be withdrawn\nhint: is today {}? to change {}, open a revision with `ctrldoc revise {} --summary TEXT`",
            doc.number,
            doc.version,
            before.document().value.version,
            history.today,
            doc.version,
            doc.number
        );
    }
    let handed_out: Vec<String> = set
        .register(doc.number.as_str())
        .into_iter()
        .flat_map(|r| &r.value.copies)
        .filter(|c| c.version == doc.version.as_str())
        .map(|c| format!("{:02} to {} on {}", c.number, c.holder, c.issued))
        .collect();
    if !handed_out.is_empty() {
        bail!(
            "copies of `{}` {} were handed out before its day ({}), so its approval cannot be taken back\nhint: the register keeps them; once {} takes effect on {from}, correct it with `ctrldoc revise {} --summary TEXT`",
            doc.number,
            doc.version,
            handed_out.join("; "),
            doc.version,
            doc.number
        );
    }
    let before = text(set, working);
    let mut edit = Edit::new(before);
    edit.set("status", Some("draft"), &["version"]);
    for role in Role::CHAIN {
        edit.set(role.key(), None, &[]);
    }
    edit.set("effective", None, &[]);
    let text = edit.finish();
    let mut changed = vec!["status", "effective"];
    changed.extend(Role::CHAIN.iter().map(|r| r.key()));
    let checked = reparse(&text).filter(|d| {
        keeps_the_rest(before, &text, &changed, "")
            && d.version == doc.version
            && d.status == Status::Draft
            && Role::CHAIN.iter().all(|&r| d.signature(r).is_none())
            && d.effective.is_none()
    });
    if checked.is_none() {
        bail!(
            "`{}` could not be changed safely, so nothing was withdrawn\nhint: check that `status`, `effective` and the approvals are top-level keys written one per line",
            working.path
        );
    }
    let stays = history
        .current(doc.number.as_str())
        .map_or("no version is in force".to_owned(), |(_, d)| {
            format!("{} stays in force", d.value.version)
        });
    let done = format!(
        "withdrew the approval of {} {}, which was to take effect on {from}: it is a draft again in `{}`, to be corrected and signed anew; {stays}",
        doc.number, doc.version, working.path
    );
    rewrite(
        config,
        lock,
        &working.path,
        &text,
        vec![done],
        "nothing was withdrawn",
    )
}

/// Records a periodic review (复审) that found the version in force still
/// fit for use.
pub fn review(config: &Config, args: &ReviewArgs) -> Result<ExitCode> {
    let Opened {
        lock,
        history,
        index,
    } = match open_for_change(config, &args.document, "no review was recorded")? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let set = &history.set;
    let working = &set.documents[index];
    let doc = &working.value;
    let number = doc.number.as_str();
    match history.current(number) {
        None => bail!(
            "`{number}` has no version in force to review: {} is {}\nhint: a version is reviewed once it is in force",
            doc.version,
            match archive::pending(doc, history.today) {
                Some(from) => format!("approved to take effect on {from}"),
                None => "a draft".to_owned(),
            }
        ),
        Some((_, current)) if current.value.version != doc.version => {
            let (until, then) = match archive::pending(doc, history.today) {
                Some(from) => (format!("takes effect on {from}"), String::new()),
                None => (
                    "is approved".to_owned(),
                    format!(": finish it with `ctrldoc approve {number} --as …`"),
                ),
            };
            bail!(
                "`{number}` is being revised: {} stays in force until {} {until}\nhint: the revision is what reviewing {} found, so there is no review of it to record{then}",
                current.value.version,
                doc.version,
                current.value.version
            )
        }
        Some(_) => {}
    }
    let date = today(config, args.date)?;
    let name = person(set, &args.name, date)?;
    if let Some(p) = set
        .organisation
        .as_ref()
        .and_then(|o| o.value.person(&name))
        && !p.roles.contains(&Role::Review)
        && !p.roles.contains(&Role::Approve)
    {
        bail!(
            "`{name}` may neither review nor approve documents, so may not review them periodically\nhint: add `review` to their `roles` in `data/organisation.yaml`, or choose someone who has it or `approve`"
        );
    }
    if let Some(last) = doc.last_review()
        && date < last
    {
        let what = if doc.reviews.is_empty() {
            "it took effect"
        } else {
            "its last review"
        };
        bail!(
            "`{number}` {} cannot be reviewed on {date}, before {what} on {last}",
            doc.version
        );
    }
    if doc.reviews.iter().any(|r| r.name == name && r.date == date) {
        bail!(
            "a review of `{number}` {} by {name} on {date} is recorded already",
            doc.version
        );
    }
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let mut item = vec![("name", scalar(&name)), ("date", date.to_string())];
    if let Some(note) = note {
        item.push(("note", scalar(note)));
    }
    let before = text(set, working);
    let mut edit = Edit::new(before);
    edit.push(
        "reviews",
        &item,
        &["review_months", "effective", "approved"],
    );
    let text = edit.finish();
    let checked = reparse(&text).filter(|d| {
        keeps_the_rest(before, &text, &[], "reviews")
            && d.reviews.len() == doc.reviews.len() + 1
            && d.reviews
                .last()
                .is_some_and(|r| r.name == name && r.date == date && r.note.as_deref() == note)
    });
    if checked.is_none() {
        bail!(
            "`{}` could not be changed safely, so no review was recorded\nhint: check that `reviews`, if there, is a top-level list written one item per line",
            working.path
        );
    }
    let next = checked
        .and_then(|d| d.next_review(set.settings.default_review_months))
        .map_or(String::new(), |d| {
            format!("; the next review is due on {d}")
        });
    let done = vec![format!(
        "{number} {} reviewed by {name} on {date}, and stays in force as it is{next}",
        doc.version
    )];
    rewrite(
        config,
        lock,
        &working.path,
        &text,
        done,
        "no review was recorded",
    )
}

/// Writes a document's changed text, then builds (see
/// [`crate::build_after`]): when the change leaves the set with errors, the
/// document is put back as it was and `nothing` is said, else `done`.
fn rewrite(
    config: &Config,
    lock: StateLock,
    path: &str,
    text: &str,
    done: Vec<String>,
    nothing: &'static str,
) -> Result<ExitCode> {
    let said = Said {
        done,
        nothing,
        signed: None,
        put_back: false,
    };
    rewrite_with(config, lock, path, text, None, said)
}

/// What a rewrite says once the set builds with it (`done`), or when it
/// is put back (`nothing`), and the document whose approval it signed.
struct Said {
    done: Vec<String>,
    nothing: &'static str,
    signed: Option<String>,
    /// Whether it is put back when the set has errors besides it, as paper
    /// never printed is: a form's revision is, or the same command run
    /// again once they are fixed would record a second version.
    put_back: bool,
}

/// [`rewrite`], and a form's ledger written as `ledger` along with it.
fn rewrite_with(
    config: &Config,
    lock: StateLock,
    path: &str,
    text: &str,
    ledger: Option<&crate::serial::Ledger>,
    said: Said,
) -> Result<ExitCode> {
    let mut undo = Undo::new(&config.root);
    undo.file(path)?;
    if let Some(ledger) = ledger {
        undo.file(&crate::serial::path(&ledger.form))?;
        crate::serial::save(&config.root, ledger, &lock)?;
    }
    write_durable(&config.root.join(path), text.as_bytes())?;
    let change = Change {
        undo,
        done: said.done,
        nothing: said.nothing,
        prints: said.put_back,
        signed: said.signed,
        corrected: None,
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

/// Says what the approval put in force, or will on a later day, and what
/// is left to recall.
fn superseded_note(history: &History, doc: &Document, effective: NaiveDate) -> Vec<String> {
    let set = &history.set;
    let later = effective > history.today;
    let mut said = vec![if later {
        // Until then the version in force is the one before.
        let before = history
            .current(doc.number.as_str())
            .map_or(String::new(), |(_, d)| {
                format!(
                    "; until then {} stays in force, and is the version `ctrldoc issue` issues; add `--version {}` to hand out copies of {} before then",
                    d.value.version, doc.version, doc.version
                )
            });
        format!(
            "{} {} takes effect on {effective}{before}",
            doc.number, doc.version
        )
    } else {
        format!(
            "{} {} is in force from {effective}",
            doc.number, doc.version
        )
    }];
    let out: Vec<String> = set
        .register(doc.number.as_str())
        .map(|r| {
            r.value
                .copies
                .iter()
                .filter(|c| c.state == CopyState::Issued && c.version != doc.version.as_str())
                .map(|c| format!("{:02} ({}, {})", c.number, c.holder, c.version))
                .collect()
        })
        .unwrap_or_default();
    if !out.is_empty() {
        let (which, when) = if later {
            (
                "versions it supersedes on that day",
                format!("from {effective}, "),
            )
        } else {
            ("superseded versions", String::new())
        };
        said.push(format!(
            "copies of {which} still out: {}\nhint: {when}recall them and record each return with `ctrldoc recall {} --copy N --returned`; issue {} with `ctrldoc issue {} --holder H`",
            out.join(", "),
            doc.number,
            doc.version,
            doc.number
        ));
    }
    said
}

/// Who takes a step, as typed after `--as`.
fn step_name(role: Role) -> &'static str {
    match role {
        Role::Prepare => "preparer",
        Role::Review => "reviewer",
        Role::Approve => "approver",
    }
}

/// A person of the organisation, by name.
fn person(set: &DocumentSet, name: &str, date: NaiveDate) -> Result<String> {
    let Some(org) = set.organisation.as_ref().map(|o| &o.value) else {
        bail!("the organisation could not be read");
    };
    match org.person(name) {
        Some(person) if let Some(left) = person.left_before(date) => bail!(
            "`{name}` left the company on {left}, before {date}, and signs nothing after\nhint: choose someone who was with it then"
        ),
        Some(_) => Ok(name.to_owned()),
        None => bail!(
            "`{name}` is not a person of the organisation\nhint: {}",
            org.person_hint(name)
        ),
    }
}

/// The version after `version` in the set's scheme (the next edition when
/// `major`), for a revision dated `date`, which may not be before the last
/// entry of the revision record `history`.
fn next_revision(
    set: &DocumentSet,
    version: &Version,
    major: bool,
    history: &[Revision],
    date: NaiveDate,
) -> Result<String> {
    if let Some(last) = history.last()
        && date < last.date
    {
        bail!(
            "the revision cannot be dated {date}: the last entry of the revision record is dated {}",
            last.date
        );
    }
    set.settings
        .version_scheme
        .next(version.as_str(), major)
        .with_context(|| format!("there is no version after {version} in the set's version scheme"))
}

/// Adds the entry of the revision record (`history:`) that opens `version`.
fn push_revision(
    edit: &mut Edit,
    version: &str,
    date: NaiveDate,
    summary: &str,
    author: &str,
    after: &[&str],
) {
    edit.push(
        "history",
        &[
            ("version", scalar(version)),
            ("date", date.to_string()),
            ("summary", scalar(summary)),
            ("author", scalar(author)),
        ],
        after,
    );
}

/// The text of a document's file as loaded.
fn text<'a>(set: &'a DocumentSet, doc: &Loaded<Document>) -> &'a str {
    set.sources.get(&doc.path).unwrap_or("")
}

/// The document an edited text would load as, if it loads.
fn reparse(text: &str) -> Option<Document> {
    serde_yaml::from_str(text).ok()
}

/// The latest version of `doc` after its own that `last`, the last build's
/// manifest, printed: its file was put back from an older copy when there
/// is one, and an archive of its version is not left by a revise that
/// stopped (see [`archive::unfinished`]).
pub(crate) fn printed_later(
    set: &crate::loader::DocumentSet,
    doc: &crate::model::Document,
    last: &crate::write::Manifest,
) -> Option<String> {
    let scheme = set.settings.version_scheme;
    let own = scheme.parts(doc.version.as_str())?;
    // A draft's prints are not: a revision given up by putting the file
    // back leaves the set as a revise that stopped does (reviewer BQ 5).
    last.outputs
        .iter()
        .filter(|e| e.number == doc.number.as_str() && !e.approval.is_empty())
        .filter_map(|e| Some((scheme.parts(&e.version)?, &e.version)))
        .filter(|(parts, _)| *parts > own)
        .max()
        .map(|(_, v)| v.clone())
}

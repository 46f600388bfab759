//! The pipeline: load, validate, plan, render, compile, write.

use anyhow::Result;
use rayon::prelude::*;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::sync::{Arc, Mutex};

use crate::compile::{Compiled, Compiler, Preview};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Sources};
use crate::fonts::{self, Fonts};
use crate::loader::DocumentSet;
use crate::plan::{Job, Kind};
use crate::say::plural;
use crate::write::{Entry, Inputs, Manifest};
use crate::{archive, audit, master_list, plan, render, reports, write};

/// What a run of the pipeline produced.
pub struct Outcome {
    /// Every problem found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into.
    pub sources: Sources,
    /// The outputs compiled, when there were no errors.
    pub compiled: Vec<Compiled>,
    /// The outputs of the last build kept as they were: nothing they are
    /// made from has changed, or only what they are rendered from, and
    /// they render alike.
    pub reused: Vec<Entry>,
    /// The paths of those of `reused` that were rendered again and kept
    /// because they render alike.
    pub alike: BTreeSet<String>,
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
    /// Keep the fonts and Typst's memory of earlier layouts for the next
    /// build of this process (for `watch`): a change to one form then
    /// recompiles only what differs.
    pub warm: bool,
    /// The document whose approval the command that runs this build has
    /// just signed with `ctrldoc approve`: not one typed into its file.
    pub signed: Option<String>,
    /// The copy whose return or loss the command that runs this build has
    /// just taken back as recorded by mistake (`recall --mistaken`): issued
    /// again by it, not reopened by hand.
    pub corrected: Option<(String, u32)>,
}

/// Every output a build makes: the plan, and the audit report as of the
/// build's date (what is overdue depends on the day it is read).
pub fn outputs<'a>(
    config: &Config,
    history: &'a crate::archive::History,
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> Vec<plan::Group<'a>> {
    let mut groups = plan::plan(history);
    let today = config.report_date();
    let findings = audit::findings(history, diagnostics, today, None);
    groups[0]
        .jobs
        .push(reports::audit_job(history, &findings, today));
    groups
}

/// The hint for a build run as of an earlier day than the last one.
const CLOCK_HINT: &str = "check the day this build is run as of (`CTRLDOC_TODAY`, or this machine's clock): a version once in force stays so until one after it is";

/// A form written at a version that takes effect after today, when the
/// version before it is in force: printed by the last build at another
/// version, or named in the form's own `history:`. ctrldoc keeps no earlier
/// version of a form to print meanwhile, so a build would put the new one
/// in staff's hands, and take the one in force away, before its day.
fn forms_ahead_of_their_day(
    config: &Config,
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let mut out = vec![];
    // Read only when a form's day is to be judged: most builds judge none.
    let drafted = std::cell::LazyCell::new(|| history.drafted_only());
    for loaded in &history.set.forms {
        let form = &loaded.value;
        // A form only drafts name is not yet in use: its day is its own.
        if form.effective <= history.today || drafted.contains(form.number.as_str()) {
            continue;
        }
        // Printed in force by the last build: not among what it printed as
        // yet to take effect.
        let entry = manifest
            .outputs
            .iter()
            .find(|e| e.kind == "form" && e.number == form.number.as_str());
        let printed = entry.map(|e| e.version.as_str()).filter(|&v| {
            !manifest
                .pending
                .iter()
                .any(|p| p.number == form.number.as_str() && p.version == v)
        });
        let recorded = form
            .history
            .iter()
            .map(|r| r.version.as_str())
            .find(|&v| v != form.version.as_str());
        let Some(before) = printed.or(recorded) else {
            continue;
        };
        let text = fs::read_to_string(config.root.join(&loaded.path)).unwrap_or_default();
        // The file as the last build read it: what moved is the day.
        let same_file = entry
            .and_then(|e| e.inputs.get(&loaded.path))
            .is_some_and(|hash| *hash == crate::write::sha256(text.as_bytes()));
        if before == form.version.as_str() && same_file {
            out.push(
                Diagnostic::error(format!(
                    "form {} {} takes effect on {}, after today ({}), but the last build, with the form as it is, printed it in force: a build would take it away from staff until then",
                    form.number, form.version, form.effective, history.today
                ))
                .at(loaded.path.clone(), crate::locate::key_or_start(&text, &["effective"]))
                .hint(CLOCK_HINT),
            );
            continue;
        }
        if before == form.version.as_str() {
            out.push(
                Diagnostic::error(format!(
                    "form {} {} is now dated to take effect on {}, after today ({}), but the last build printed it in force: a build would take it away from staff until then",
                    form.number, form.version, form.effective, history.today
                ))
                .at(loaded.path.clone(), crate::locate::key_or_start(&text, &["effective"]))
                .hint(format!(
                    "put back the `effective:` date it had; a form's next version is recorded on the day it takes effect, with `ctrldoc revise {} --summary TEXT`",
                    form.number
                ))
                // The file changed since, but perhaps not its date.
                .hint(format!("if that date is as it was, {CLOCK_HINT}")),
            );
            continue;
        }
        out.push(
            Diagnostic::error(format!(
                "form {} {} takes effect on {}, after today, but {before} is in force until then, and ctrldoc keeps no earlier version of a form to print: a build would take {before} away from staff now and print {} in its place",
                form.number, form.version, form.effective, form.version
            ))
            .at(loaded.path.clone(), crate::locate::key_or_start(&text, &["effective"]))
            .hint(format!(
                "record a form's next version on the day it takes effect: until {}, keep the form as {before} was (the new text aside, e.g. in a branch), then run `ctrldoc revise {} --summary TEXT`; or, to put {} in force at once, make `effective:` today",
                form.effective, form.number, form.version
            )),
        );
    }
    out
}

/// A version whose approved text (see [`plan::approved_text`]) is not
/// what the last build printed of it: changed by hand after it was
/// approved, so its approval does not cover it. An error once controlled
/// copies of it were issued, which say otherwise under the same version;
/// before, a warning, said once: the build prints it as it is.
pub(crate) fn approved_text_changed(
    history: &crate::archive::History,
    groups: &[plan::Group],
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let printed: HashMap<(&str, &str), &str> = manifest
        .outputs
        .iter()
        .filter_map(|e| Some(((e.number.as_str(), e.version.as_str()), e.text.as_deref()?)))
        .collect();
    let mut out = vec![];
    let mut said = BTreeSet::new();
    for group in groups {
        // A pad printed from a snapshot is as the snapshot keeps its form,
        // which is not edited: what it says of the form, another snapshot
        // or the working set may say otherwise at the same version.
        let snapshot = !std::ptr::eq(group.set, &history.set);
        for job in &group.jobs {
            if snapshot && job.kind == Kind::Pad {
                continue;
            }
            let Some(now) = &job.text else { continue };
            let Some(&then) = printed.get(&(job.number.as_str(), job.version.as_str())) else {
                continue;
            };
            if then == now
                || !plan::comparable_texts(then, now)
                || !said.insert((&job.number, &job.version))
            {
                continue;
            }
            // A snapshot's form edited is said by `snapshot_edited`, at
            // the snapshot: the working form is not what changed.
            if snapshot
                && job.kind == Kind::Form
                && snapshot_file_edited(history, manifest, &group.set.forms[job.index].path)
            {
                continue;
            }
            let key = Some((job.number.clone(), job.version.clone()));
            if matches!(job.kind, Kind::Form | Kind::Pad) {
                out.extend(
                    form_changed(history, &group.set.forms[job.index], &job.version, manifest).map(
                        |d| Diagnostic {
                            unapproved: key,
                            ..d
                        },
                    ),
                );
                continue;
            }
            let loaded = &group.set.documents[job.index];
            let doc = &loaded.value;
            let issued = issued_of(&history.set, &job.number, &job.version);
            let text = fs::read_to_string(history.set.root.join(&loaded.path)).unwrap_or_default();
            let at = crate::locate::key_or_start(&text, &["version"]);
            let (number, version) = (&doc.number, &doc.version);
            // To take effect later as the last build printed it: a day
            // moved by hand does not make a version in force one to withdraw.
            let printed_effective = printed_of(manifest, doc, |e| !e.approval.is_empty())
                .and_then(|e| {
                    e.approval
                        .iter()
                        .find_map(|p| p.strip_prefix("effective: "))
                })
                .and_then(|d| d.parse::<chrono::NaiveDate>().ok());
            let day_of_effect = printed_effective.or(doc.effective);
            let pending = match printed_effective {
                Some(day) => day > history.today,
                None => archive::pending(doc, history.today).is_some(),
            };
            let revise = match pending {
                // A snapshot is the version as it was approved.
                _ if loaded.path.starts_with(archive::FOLDER) => format!(
                    "`{}` keeps {version} as it was approved and printed: it is not to be edited",
                    loaded.path
                ),
                // Copies handed out before its day: `withdraw` refuses.
                true if issued > 0 => format!(
                    "copies of {version} were handed out before its day, so its approval cannot be taken back: a change to it is a revision, to open with `ctrldoc revise {number} --summary TEXT` once it takes effect"
                ),
                true => format!(
                    "to change a version approved to take effect later, take its approval back with `ctrldoc withdraw {number}`, then change it and sign it again"
                ),
                false => format!(
                    "a change to an approved text is a revision: with the text put back, open one with `ctrldoc revise {number} --summary TEXT`, and change it there"
                ),
            };

            // Its signatures or effective date, edited by hand: the copies
            // issued bear the approval as it was.
            if !plan::texts_differ(then, now) {
                let (severity, issued_so) = match issued {
                    0 if pending => (
                        Diagnostic::error as fn(String) -> Diagnostic,
                        ", and it is yet to take effect".to_owned(),
                    ),
                    0 => (
                        Diagnostic::warning as fn(String) -> Diagnostic,
                        String::new(),
                    ),
                    n => (
                        Diagnostic::error as fn(String) -> Diagnostic,
                        format!(
                            ", and {n} controlled {} of it {} issued with it as it was",
                            if n == 1 { "copy" } else { "copies" },
                            if n == 1 { "was" } else { "were" },
                        ),
                    ),
                };
                let changed = approval_changed(manifest, doc, &text);
                let mut d = severity(format!(
                    "the approval record of {number} {version} (its signatures, or the day it takes effect) is not what the last build printed{issued_so}"
                ))
                .at(
                    loaded.path.clone(),
                    changed.as_ref().and_then(|(span, _)| span.clone()).unwrap_or(at),
                )
                .hint(format!("a signature, or the day a version takes effect, is not changed once it is approved: put it back as the last build printed it; {revise}"));
                if let Some((_, what)) = changed {
                    d.hints.insert(0, what);
                }
                d.unapproved = key;
                out.push(d);
                continue;
            }
            let changed = changed_since_printed(manifest, doc, &text);
            let at = changed
                .as_ref()
                .and_then(|(span, _)| span.clone())
                .unwrap_or(at);
            // Approved to take effect later, it would take effect so, or,
            // the day come since the last build, has: not printed, copies
            // or none (found by a reviewer: it took effect with the change,
            // and no copy of it could be issued).
            let was_pending = manifest
                .pending
                .iter()
                .any(|p| p.number == number.as_str() && p.version == version.as_str());
            let mut diagnostic = if issued == 0 && (pending || was_pending) {
                Diagnostic::error(match pending {
                    true => format!(
                        "the text of {number} {version} is not what the last build printed of it, but {version} is approved to take effect on {}: it would take effect with a change its approval does not cover",
                        day_of_effect.map_or("a later day".to_owned(), |d| d.to_string())
                    ),
                    false => format!(
                        "the text of {number} {version} is not what the last build printed of it, when {version} was approved to take effect later: it has taken effect since, with a change its approval does not cover"
                    ),
                })
                .at(loaded.path.clone(), at)
                .hint(format!("put the text back as the last build printed it; {revise}"))
            } else if issued > 0 {
                Diagnostic::error(format!(
                    "the text of {number} {version} is not what the last build printed of it, but {version} is approved, and {issued} controlled {} of it {} issued with the text as it was: its approval does not cover the change",
                    if issued == 1 { "copy" } else { "copies" },
                    if issued == 1 { "was" } else { "were" },
                ))
                .at(loaded.path.clone(), at)
                .hint(format!("put the text back as the last build printed it; {revise}"))
            } else {
                Diagnostic::warning(format!(
                    "the text of {number} {version} is not what the last build printed of it, though {version} is approved: its approval does not cover the change"
                ))
                .at(loaded.path.clone(), at)
                .hint(format!(
                    "no controlled copy of {version} has been issued, so it is printed as it is now; {revise}"
                ))
            };
            if let Some((_, what)) = changed {
                diagnostic.hints.insert(0, what);
            }
            diagnostic.unapproved = key;
            out.push(diagnostic);
        }
    }
    // A form as the masters of approved versions that bind it printed it,
    // at a version whose blank is not printed yet (it comes into use with
    // a version approved to take effect later): changed since, once
    // copies of such a version were issued ahead of its day, they would
    // be printed again with it otherwise.
    let bound: HashMap<(&str, &str), &str> = manifest
        .outputs
        .iter()
        .flat_map(|e| &e.forms)
        .filter_map(|f| plan::read_bound_form(f))
        .map(|(number, version, print)| ((number, version), print))
        .collect();
    for loaded in &history.set.forms {
        let form = &loaded.value;
        let (number, version) = (form.number.as_str(), form.version.as_str());
        // Its blank printed at that version, it is compared above; else
        // worked out only for a form bound at a version not printed blank.
        let Some(&then) = bound
            .get(&(number, version))
            .filter(|_| !printed.contains_key(&(number, version)))
        else {
            continue;
        };
        let now = plan::form_text(form);
        // With copies of such a version out, or the version yet to take
        // effect, which would take effect with the change (found by
        // reviewer BQ: its master was printed again with it, silently).
        if then == now
            || !plan::comparable_texts(then, &now)
            || !crate::validate::approved_binders(&history.set, number)
                .iter()
                .any(|&(doc, issued)| issued > 0 || archive::pending(doc, history.today).is_some())
        {
            continue;
        }
        let key = Some((number.to_owned(), version.to_owned()));
        out.extend(
            form_changed(history, loaded, version, manifest).map(|d| Diagnostic {
                unapproved: key,
                ..d
            }),
        );
    }
    // Printed so by a build before, with this warning: what is kept as
    // approved is the text printed before it was changed.
    for d in &mut out {
        let Some((number, version)) = &d.unapproved else {
            continue;
        };
        if manifest
            .outputs
            .iter()
            .any(|e| e.unapproved && &e.number == number && &e.version == version)
        {
            d.hints.push(format!(
                "the builds since it was changed printed {number} {version} as it is now, each saying so; what they keep as approved is what was printed before the change, and `verify` calls their prints not current"
            ));
        }
    }
    out
}

/// How many controlled copies of a document's version its register records
/// issued, whatever became of them since.
pub(crate) fn issued_of(set: &DocumentSet, number: &str, version: &str) -> usize {
    set.register(number).map_or(0, |r| {
        r.value
            .copies
            .iter()
            .filter(|c| c.version == version)
            .count()
    })
}

/// The approved version in the working set of a document that binds
/// `form` and has controlled copies issued before the form's version was
/// recorded (all of them when its revision record has no entry for it),
/// with how many: those were issued with the form at an earlier version.
fn bound_with_earlier_copies<'a>(
    set: &'a DocumentSet,
    form: &crate::model::Form,
) -> Option<(&'a crate::model::Document, usize)> {
    let recorded = form
        .history
        .iter()
        .find(|r| r.version == form.version)
        .map(|r| r.date);
    crate::validate::approved_binders(set, form.number.as_str())
        .into_iter()
        .map(|(doc, _)| {
            let issued = set.register(doc.number.as_str()).map_or(0, |r| {
                r.value
                    .copies
                    .iter()
                    .filter(|c| c.version == doc.version.as_str())
                    .filter(|c| recorded.is_none_or(|day| c.issued < day))
                    .count()
            });
            (doc, issued)
        })
        .find(|&(_, issued)| issued > 0)
}

/// A form that prints otherwise than the last build printed it, at the same
/// version: an error once the last build printed pads of it at that
/// version, whose numbers would be printed again on other paper; before, a
/// warning, as blank forms of one version would differ, but on the day
/// the version takes effect, when its layout is edited after `revise`.
fn form_changed(
    history: &crate::archive::History,
    loaded: &crate::loader::Loaded<crate::model::Form>,
    version: &str,
    manifest: &Manifest,
) -> Option<Diagnostic> {
    let set = &history.set;
    let number = loaded.value.number.as_str();
    // The pads printed at that version, and one `serial` is printing now,
    // recorded in the ledger but not yet in the manifest.
    let printed = manifest
        .outputs
        .iter()
        .filter(|e| e.serials.is_some() && e.number == number && e.version == version)
        .count();
    let recorded = set.ledger(number).map_or(0, |l| {
        l.value
            .pads
            .iter()
            .filter(|p| p.version.as_deref() == Some(version))
            .count()
    });
    let pads = printed.max(recorded);
    // A snapshot is not edited: the form changed is the working one, as
    // while the revision of the document that binds it is open.
    let loaded = match loaded.path.starts_with(crate::archive::FOLDER) {
        true => set.form(number).unwrap_or(loaded),
        false => loaded,
    };
    let text = fs::read_to_string(set.root.join(&loaded.path)).unwrap_or_default();
    let at = crate::locate::key_or_start(&text, &["version"]);
    let revise = revise_form_hint(set, number);
    let binders = crate::validate::approved_binders(set, number);
    // The controlled copies of an approved version that binds it were
    // issued with it as it was: printed again, they would say otherwise
    // under the same version of the document.
    if let Some(&(doc, issued)) = binders.iter().find(|&&(_, issued)| issued > 0) {
        let (document, its) = (&doc.number, &doc.version);
        // Approved for a later day, with copies out ahead of it, it is
        // revised once in force.
        let once = archive::pending(doc, history.today).map_or(String::new(), |day| {
            format!(
                "{its} can be neither withdrawn nor revised before it takes effect on {day}, its copies out; from then, "
            )
        });
        return Some(
            Diagnostic::error(format!(
                "form {number} {version} prints otherwise than the last build printed it, and {issued} controlled {} of {document} {its}, which binds it, {} issued with it as it was: copies printed from now would say otherwise under the same version",
                if issued == 1 { "copy" } else { "copies" },
                if issued == 1 { "was" } else { "were" },
            ))
            .at(loaded.path.clone(), at)
            .hint(format!(
                "put the form back as the last build printed it; a change to a form a document binds is a change to the document: {once}open its revision with `ctrldoc revise {document} --summary TEXT`, then make the change and record it with `ctrldoc revise {number} --summary TEXT`; approve the revision, and recall the copies of {its}"
            )),
        );
    }
    // Bound by a version approved to take effect later, whose master
    // printed it: that version would take effect with the change.
    if let Some((doc, day)) = binders
        .iter()
        .find_map(|&(doc, _)| Some((doc, archive::pending(doc, history.today)?)))
    {
        let (document, its) = (&doc.number, &doc.version);
        // In use at that version, the change is the form's next version.
        let recorded = match history
            .forms_in_use()
            .get(number)
            .is_some_and(|(f, _)| f.version.as_str() == version)
        {
            true => format!(", recorded with `ctrldoc revise {number} --summary TEXT`"),
            false => String::new(),
        };
        return Some(
            Diagnostic::error(format!(
                "form {number} {version} prints otherwise than the master of {document} {its}, which binds it, printed it: {its} is approved to take effect on {day}, and would take effect with a change its approval does not cover"
            ))
            .at(loaded.path.clone(), at)
            .hint(format!(
                "put the form back as the last build printed it; to change it, take the approval of {its} back with `ctrldoc withdraw {document}` (its three steps are signed again after), and change the form then{recorded}"
            )),
        );
    }
    // Named by drafts alone, it is not in use yet: a change is free.
    let drafted = || history.drafted_only().contains(number);
    match pads {
        0 if loaded.value.effective >= history.today || drafted() => None,
        0 => Some(Diagnostic::warning(format!(
            "form {number} {version} prints otherwise than the last build printed it, at the same version: blank forms of {version} printed before differ from those printed now"
        ))
        .at(loaded.path.clone(), at)
        .hint(revise)),
        // The pad `serial` is printing, the first at that version.
        _ if printed == 0 => Some(Diagnostic::error(format!(
            "form {number} {version} prints otherwise than the last build printed it: a pad printed now would be other paper than the blank forms of {version} printed before, under the same version"
        ))
        .at(loaded.path.clone(), at)
        .hint(format!("put the form back, or revise it first; {revise}"))),
        _ => Some(Diagnostic::error(format!(
            "form {number} {version} prints otherwise than the last build printed it, and {} of it {} printed at {version} as it was: pads printed from now would be other paper under the same version",
            plural(printed, "pad"),
            if printed == 1 { "was" } else { "were" },
        ))
        .at(loaded.path.clone(), at)
        .hint(format!("put the form back; {revise}"))),
    }
}

/// How a form is changed: by a revision, that of the approved document
/// that binds it opened first.
fn revise_form_hint(set: &DocumentSet, number: &str) -> String {
    let binders = crate::validate::approved_binders(set, number);
    let first = binders.first().map_or(String::new(), |(doc, _)| {
        format!(
            "with the form put back, open the revision of {} that binds it (`ctrldoc revise {} --summary TEXT`), then make the change and record it with ",
            doc.number, doc.number
        )
    });
    format!(
        "a change to a form is a revision: {first}`ctrldoc revise {number} --summary TEXT`, so that paper printed before and after it tell apart by their version"
    )
}

/// The pads a ledger records as printed from a form that now prints
/// otherwise at their version (see [`Pad::print`](crate::serial::Pad)):
/// printed again, their numbers would be on other paper under the same
/// version. Said by the ledger, not `manifest`, so that a form changed in
/// place is caught with `output/` gone; versions `manifest` printed are
/// left to [`approved_text_changed`], which compares with it.
pub(crate) fn pads_printed_otherwise(
    history: &crate::archive::History,
    groups: &[plan::Group],
    manifest: Option<&Manifest>,
) -> Vec<Diagnostic> {
    let printed: HashSet<(&str, &str)> = manifest.map_or_else(HashSet::new, |m| {
        m.outputs
            .iter()
            .filter(|e| e.text.is_some())
            .map(|e| (e.number.as_str(), e.version.as_str()))
            .collect()
    });
    // What each pad printed, as its ledger records it, by form and range:
    // looked up once a pad, not by going through its ledger again.
    let prints: HashMap<(&str, (String, String)), &String> = history
        .set
        .ledgers
        .iter()
        .flat_map(|l| {
            l.value
                .pads
                .iter()
                .filter_map(|p| Some(((l.value.form.as_str(), p.range()), p.print.as_ref()?)))
        })
        .collect();
    // By form and version: the form as it prints now, and the pads.
    let mut changed: BTreeMap<(&str, &str), (&crate::loader::Loaded<crate::model::Form>, usize)> =
        BTreeMap::new();
    for group in groups {
        for job in group.jobs.iter().filter(|j| j.kind == Kind::Pad) {
            let (Some(now), Some(range)) = (&job.text, job.serials()) else {
                continue;
            };
            let Some(&then) = prints.get(&(job.number.as_str(), range)) else {
                continue;
            };
            if then == now
                || !plan::comparable_texts(then, now)
                || printed.contains(&(job.number.as_str(), job.version.as_str()))
            {
                continue;
            }
            let loaded = &group.set.forms[job.index];
            changed
                .entry((&job.number, &job.version))
                .or_insert((loaded, 0))
                .1 += 1;
        }
    }
    changed
        .into_iter()
        .map(|((number, version), (loaded, pads))| {
            let text =
                fs::read_to_string(history.set.root.join(&loaded.path)).unwrap_or_default();
            let at = crate::locate::key_or_start(&text, &["version"]);
            let ledger = crate::serial::path(number);
            let back = match loaded.path.starts_with(archive::FOLDER) {
                true => format!(
                    "`{}` keeps {version} as it was approved and printed: it is not to be edited; put it back",
                    loaded.path
                ),
                false => format!(
                    "put the form back as it was when they were printed; {}",
                    revise_form_hint(&history.set, number)
                ),
            };
            Diagnostic::error(format!(
                "form {number} {version} prints otherwise than when {} of it {} printed at {version}, as `{ledger}` records: printed again, {} numbers would be on other paper under the same version",
                plural(pads, "pad"),
                if pads == 1 { "was" } else { "were" },
                if pads == 1 { "its" } else { "their" },
            ))
            .at(loaded.path.clone(), at)
            .hint(back)
        })
        .collect()
}

/// The forms that print otherwise, or at another version, than the copies
/// of an approved version that binds them were issued with, as its
/// register records (see [`crate::register::Register::forms`]): printed
/// again, those copies would say otherwise under the same version. Said
/// by the register, so that it holds with `output/` gone; a version whose
/// master the last build printed with its forms is left to the checks
/// that compare with `manifest`.
pub(crate) fn copies_bind_otherwise(
    history: &crate::archive::History,
    manifest: Option<&Manifest>,
) -> Vec<Diagnostic> {
    let set = &history.set;
    let mut out = vec![];
    // Each approved version whose copies are printed, with the set its
    // forms are printed from: the working set, and the snapshot of the
    // version in force while its revision is open or approved for later.
    let mut versions: Vec<(&crate::model::Document, &DocumentSet)> = vec![];
    for loaded in &set.documents {
        versions.push((&loaded.value, set));
        if let Some((kept, current)) = history.current(loaded.value.number.as_str())
            && !std::ptr::eq(kept, set)
        {
            versions.push((&current.value, kept));
        }
    }
    for (doc, forms) in versions {
        let (number, version) = (doc.number.as_str(), doc.version.as_str());
        let Some(register) = set.register(number) else {
            continue;
        };
        let Some(recorded) = register.value.forms.get(version) else {
            continue;
        };
        let compared = manifest.is_some_and(|m| {
            m.outputs.iter().any(|e| {
                e.kind == Kind::Master.name()
                    && e.number == number
                    && e.version == version
                    && !e.forms.is_empty()
            })
        });
        if !archive::approved(doc) || compared {
            continue;
        }
        let issued = issued_of(set, number, version);
        let copies = format!(
            "{issued} controlled {} of {number} {version}, which binds it, {} issued with",
            if issued == 1 { "copy" } else { "copies" },
            if issued == 1 { "was" } else { "were" },
        );
        let records = format!("as `{}` records", crate::register::path(number));
        for record in recorded {
            let Some((form, was, then)) = plan::read_bound_form(record) else {
                continue;
            };
            let Some(loaded) = forms.form(form) else {
                continue;
            };
            let now = &loaded.value;
            let text = fs::read_to_string(set.root.join(&loaded.path)).unwrap_or_default();
            let at = crate::locate::key_or_start(&text, &["version"]);
            // A snapshot is put back; a working form is changed by a
            // revision, of a version in force.
            let revise = match (
                loaded.path.starts_with(archive::FOLDER),
                archive::pending(doc, history.today),
            ) {
                (true, _) => format!(
                    "`{}` keeps {version} of {number} as it was approved and issued: it is not to be edited",
                    loaded.path
                ),
                (false, Some(day)) => format!(
                    "{version} can be neither withdrawn nor revised before it takes effect on {day}, its copies out; from then, {}",
                    revise_form_hint(set, form)
                ),
                (false, None) => revise_form_hint(set, form),
            };
            if now.version.as_str() != was {
                out.push(
                    Diagnostic::error(format!(
                        "form {form} is at {}, but {copies} {was}, {records}: copies printed from now would say otherwise under the same version",
                        now.version
                    ))
                    .at(loaded.path.clone(), at)
                    .hint(format!("put the form back as {was} was, its `version:` too; {revise}")),
                );
            } else if plan::comparable_texts(then, &plan::form_text(now))
                && then != plan::form_text(now)
            {
                out.push(
                    Diagnostic::error(format!(
                        "form {form} {was} prints otherwise than when {copies} it, {records}: copies printed from now would say otherwise under the same version"
                    ))
                    .at(loaded.path.clone(), at)
                    .hint(format!("put the form back as it was when they were issued; {revise}")),
                );
            }
        }
    }
    out
}

/// The text of a document as its approval covers it, in pieces a reader
/// can find in its file: its title, its revision record, its purpose, and
/// each title, paragraph, item and table cell of its body, in order.
pub fn approved_pieces(doc: &crate::model::Document) -> Vec<String> {
    // The revision record, which the approval covers too, where a file
    // writes it: before the purpose and the body.
    let history = doc.history.iter().flat_map(|r| {
        [
            r.version.to_string(),
            r.date.to_string(),
            r.summary.clone(),
            r.author.clone(),
        ]
    });
    std::iter::once(doc.title.clone())
        .chain(history)
        .chain(crate::validate::texts(doc).into_iter().map(str::to_owned))
        .collect()
}

/// A version's approval record as its YAML writes it, one key a piece:
/// `approved: 陈堃, 2016-08-30`, `effective: 2016-09-01`.
pub fn approval_pieces(doc: &crate::model::Document) -> Vec<String> {
    let signed = crate::model::Role::CHAIN.iter().filter_map(|&role| {
        doc.signature(role)
            .map(|s| format!("{}: {}, {}", role.key(), s.name, s.date))
    });
    signed
        .chain(doc.effective.map(|d| format!("effective: {d}")))
        .collect()
}

/// The last build's print of `doc`'s version that kept what `kept` asks.
fn printed_of<'m>(
    manifest: &'m Manifest,
    doc: &crate::model::Document,
    kept: fn(&crate::write::Entry) -> bool,
) -> Option<&'m crate::write::Entry> {
    manifest
        .outputs
        .iter()
        .find(|e| e.number == doc.number.as_str() && e.version == doc.version.as_str() && kept(e))
}

/// What of `doc`'s approval record, as written in `file`, differs from
/// what the last build printed of it, when `manifest` kept that: the first
/// key changed, where it is, and what it said then.
fn approval_changed(
    manifest: &Manifest,
    doc: &crate::model::Document,
    file: &str,
) -> Option<(Option<std::ops::Range<usize>>, String)> {
    let printed = printed_of(manifest, doc, |e| !e.approval.is_empty())?;
    let now = approval_pieces(doc);
    // What a key says in pieces written `key: value`.
    let value = |pieces: &[String], k: &str| {
        pieces
            .iter()
            .find_map(|p| p.strip_prefix(k)?.strip_prefix(": ").map(str::to_owned))
    };
    let (k, then, now) = crate::model::Role::CHAIN
        .iter()
        .map(|r| r.key())
        .chain(["effective"])
        .find_map(|k| {
            let (a, b) = (value(&printed.approval, k), value(&now, k));
            (a != b).then_some((k, a, b))
        })?;
    let said = match (then, now) {
        (Some(then), Some(now)) => {
            format!("`{k}:` reads `{now}` where the last build printed `{then}`")
        }
        (Some(then), None) => format!("`{k}: {then}` was taken out"),
        (None, Some(_)) => format!("`{k}:` was put in, where the last build printed none"),
        (None, None) => return None,
    };
    Some(with_line(file, crate::locate::key(file, &[k]), said))
}

/// What was said of a change, with the line it is on in `file` before
/// it, when it was found there (`span`).
fn with_line(
    file: &str,
    span: Option<std::ops::Range<usize>>,
    said: String,
) -> (Option<std::ops::Range<usize>>, String) {
    match span {
        Some(span) => {
            let (line, _) = crate::diagnostic::position(file, span.start);
            (Some(span), format!("line {line}: {said}"))
        }
        None => (None, said),
    }
}

/// What the last build printed of the approved texts a build prints
/// otherwise, with only a warning (see [`approved_text_changed`]): the
/// build's manifest keeps them as they were, so that the change is said by
/// every build, `check`, `audit` and `revise` after it until the text is
/// put back, not by that build alone.
#[derive(Default)]
pub(crate) struct Baseline {
    /// By number and version, the fingerprint of the text printed before.
    pub texts: HashMap<(String, String), String>,
    /// By path, what the master of an approved version printed before, of
    /// such a version or binding such a form.
    pub pieces: HashMap<String, write::ApprovedPrint>,
}

impl Baseline {
    fn of(manifest: &Manifest, changed: &[Diagnostic]) -> Self {
        let flagged: HashSet<(&str, &str)> = changed
            .iter()
            .filter_map(|d| d.unapproved.as_ref())
            .map(|(number, version)| (number.as_str(), version.as_str()))
            .collect();
        let mut out = Self::default();
        for e in &manifest.outputs {
            let key = (e.number.as_str(), e.version.as_str());
            if let Some(text) = e.text.as_ref().filter(|_| flagged.contains(&key)) {
                out.texts
                    .entry((e.number.clone(), e.version.clone()))
                    .or_insert_with(|| text.clone());
            }
            let binds_one = e
                .forms
                .iter()
                .filter_map(|f| plan::read_bound_form(f))
                .any(|(number, version, _)| flagged.contains(&(number, version)));
            if !e.approved_text.is_empty() && (flagged.contains(&key) || binds_one) {
                out.pieces.insert(
                    e.path.clone(),
                    write::ApprovedPrint {
                        text: e.approved_text.clone(),
                        approval: e.approval.clone(),
                        forms: e.forms.clone(),
                    },
                );
            }
        }
        out
    }
}

/// A form the approved text of a document names as printed, and its text
/// changed by hand (`changed`, see [`approved_text_changed`]) names no
/// more, is said to be so: not withdrawn, nor to be taken out, as the
/// warnings of a form no version in force names would have it (found by
/// a reviewer: the hint to take its file out of the set was followed, and
/// the form, still in use under the approval, lost).
pub(crate) fn unnamed_by_hand(
    history: &archive::History,
    manifest: &Manifest,
    changed: &[Diagnostic],
    diagnostics: &mut [Diagnostic],
) {
    for (said, (number, version)) in changed
        .iter()
        .filter_map(|d| Some((d, d.unapproved.as_ref()?)))
    {
        let Some(doc) = history
            .set
            .documents
            .iter()
            .find(|d| d.value.number.as_str() == number && d.value.version.as_str() == version)
        else {
            continue;
        };
        let named = crate::validate::referenced_forms(&doc.value);
        let printed: BTreeSet<&str> = manifest
            .outputs
            .iter()
            .filter(|e| &e.number == number && &e.version == version)
            .flat_map(|e| e.forms.iter().filter_map(|f| plan::read_bound_form(f)))
            .map(|(form, _, _)| form)
            .filter(|form| !named.iter().any(|n| n == form))
            .collect();
        for form in printed {
            let Some(path) = history.set.form(form).map(|f| f.path.as_str()) else {
                continue;
            };
            let about = format!("form `{form}` ");
            for d in diagnostics.iter_mut().filter(|d| {
                !d.is_error()
                    && d.message.starts_with(&about)
                    && d.location.as_ref().is_some_and(|(at, _)| at == path)
            }) {
                d.message = format!(
                    "form `{form}` is named by {number} {version} as it was approved and printed, but not by its text as it is now, changed by hand since"
                );
                // Printed as edited (a warning), no document names it in
                // what the build prints: the lists call it a draft.
                let (now, now_zh) = match said.is_error() {
                    true => ("", ""),
                    false => (
                        "; printed as it is now, the lists call the form a draft, and the portal leaves it out, until then",
                        "；按现文本印制时，清单将该表单列为草稿，门户不再列出，直至改回",
                    ),
                };
                d.hints = vec![format!(
                    "{version}'s approval covers the form: keep `{path}`, and put the text of `{}` back as the last build printed it{now}; to stop using the form, open a revision with `ctrldoc revise {number} --summary TEXT`, and drop it there",
                    doc.path
                )];
                d.chinese = Some((
                    format!(
                        "表单 {form} 由已批准并印制的 {number} {version} 版引用，但该文件此后被手工改动，现文本不再引用它"
                    ),
                    format!(
                        "{version} 版的批准涵盖该表单：保留 `{path}`，并将 `{}` 改回上次构建印制的文本{now_zh}；如需停用该表单，用 `ctrldoc revise {number} --summary 说明` 修订，在修订版中取消",
                        doc.path
                    ),
                ));
                d.alike = None;
            }
        }
    }
}

/// A form of the working set that `doc` binds, found to print otherwise
/// than the last build printed it at the same version: see
/// [`bound_form_changed`].
pub(crate) struct BoundFormChanged {
    pub number: String,
    pub version: String,
    /// Where the form is, and the change in it when it is found.
    pub location: Option<(String, std::ops::Range<usize>)>,
}

/// The first form `doc`, a document of the working set, binds that prints
/// otherwise than the last build (its manifest in `output`) printed it,
/// at the same version (see [`approved_text_changed`]): a signature or a
/// copy would take it as it is, under a version printed otherwise before.
pub(crate) fn bound_form_changed(
    output: &std::path::Path,
    history: &archive::History,
    doc: &crate::model::Document,
) -> Option<BoundFormChanged> {
    let manifest = Manifest::read(output, |e| e.text.is_some())?;
    let bound = crate::validate::referenced_forms(doc);
    approved_text_changed(history, &plan::plan(history), &manifest)
        .into_iter()
        .find_map(|d| {
            let (number, version) = d.unapproved?;
            let form = history.set.form(&number)?;
            (bound.contains(&number) && form.value.version.as_str() == version).then_some(
                BoundFormChanged {
                    number,
                    version,
                    location: d.location,
                },
            )
        })
}

/// What of `doc`'s approved text, as written in `file`, differs from
/// what the last build printed of it, when `manifest` kept that: where
/// the first change is, when it can be found, and what it is ("line 12:
/// it reads … where the last build printed …").
pub(crate) fn changed_since_printed(
    manifest: &Manifest,
    doc: &crate::model::Document,
    file: &str,
) -> Option<(Option<std::ops::Range<usize>>, String)> {
    let printed = printed_of(manifest, doc, |e| !e.approved_text.is_empty())?;
    let (span, what) = what_changed(file, &printed.approved_text, &approved_pieces(doc))?;
    Some(with_line(file, span, what))
}

/// What of an approved text was changed, piece by piece against `then`,
/// the pieces the last build printed: the first change, where in `file`
/// it is when it can be found there, and what it says now and said then;
/// when the pieces are alike, that they are arranged otherwise. `None`
/// when it is the same text.
fn what_changed(
    file: &str,
    then: &[String],
    now: &[String],
) -> Option<(Option<std::ops::Range<usize>>, String)> {
    let a: Vec<String> = then.iter().map(|p| crate::text::canonical(p)).collect();
    let b: Vec<String> = now.iter().map(|p| crate::text::canonical(p)).collect();
    let hunks = hunks(&a, &b);
    // Every piece as printed, in order: only how they are arranged in
    // parts and sections changed.
    let Some(first) = hunks.first() else {
        return Some((
            None,
            "its words are as printed, but arranged otherwise: a part made a section, or a section a part, or the like; check how far each line is indented".to_owned(),
        ));
    };
    let short = |text: &str, at: usize| -> String {
        let chars: Vec<char> = text.chars().collect();
        let start = at.saturating_sub(12);
        let end = (at + 24).min(chars.len());
        // A line end, as the sign of one: the hint stays one line.
        format!(
            "{}{}{}",
            if start > 0 { "…" } else { "" },
            chars[start..end]
                .iter()
                .map(|&c| if c == '\n' { '↵' } else { c })
                .collect::<String>(),
            if end < chars.len() { "…" } else { "" }
        )
    };
    // A run of pieces by its first: a section or a table's row is many.
    let run = |first: &str, count: usize| match count {
        1 => format!("`{}` was", short(first, 0)),
        2 => format!("`{}` and the piece that followed it were", short(first, 0)),
        n => format!(
            "`{}` and the {} pieces that followed it were",
            short(first, 0),
            n - 1
        ),
    };
    // Pieces taken out in one place and put in in another, and nothing
    // else: moved, as a block indented under another part is.
    let mut gone: Vec<&String> = hunks.iter().flat_map(|h| &a[h.old.clone()]).collect();
    let mut came: Vec<&String> = hunks.iter().flat_map(|h| &b[h.new.clone()]).collect();
    gone.sort();
    came.sort();
    let (old, new) = (then.get(first.old.start), now.get(first.new.start));
    // Where in the piece it was changed, when it was changed in place.
    let mut changed_at = None;
    let (said, piece) = if gone == came {
        (
            "the text from here is as printed, but in another order, or under another part or section: check the order of its lines, and how far each is indented".to_owned(),
            first.new.start,
        )
    } else {
        match (first.old.is_empty(), first.new.is_empty(), old, new) {
            (false, false, Some(old), Some(new)) => {
                let at = old
                    .chars()
                    .zip(new.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                changed_at = Some(at);
                (
                    format!(
                        "it reads `{}` where the last build printed `{}`",
                        short(new, at),
                        short(old, at)
                    ),
                    first.new.start,
                )
            }
            (false, _, Some(old), _) => match now.get(first.new.start) {
                Some(_) => (
                    format!("{} taken out before it", run(old, first.old.len())),
                    first.new.start,
                ),
                None => (
                    format!("{} taken out after it", run(old, first.old.len())),
                    first.new.start.saturating_sub(1),
                ),
            },
            (_, _, _, Some(new)) => (
                format!("{} put in", run(new, first.new.len())),
                first.new.start,
            ),
            _ => return None,
        }
    };
    let said = match hunks.len() {
        n if n > 1 && gone != came => format!(
            "{said}, and {} after it",
            crate::say::plural(n - 1, "more change")
        ),
        _ => said,
    };
    // Found in the file after the pieces before it that are there. A
    // part's or section's keys may be written in any order (`tables:`
    // before `items:`), so a piece not found after the one before it is
    // looked for after those before that, the nearest first.
    let mut found: Vec<usize> = vec![0];
    let mut find = |piece: &str| {
        let at = found
            .iter()
            .rev()
            .take(64)
            .find_map(|&from| find_piece(file, piece, from))?;
        found.push(at.end);
        Some(at)
    };
    for piece in &now[..piece.min(now.len())] {
        find(piece);
    }
    let span = now.get(piece).and_then(|p| find(p));
    // A text over many lines (`>-`, `|`) changed on a line after its first
    // is pointed at on that line.
    let span = match (span, changed_at) {
        (Some(start), Some(at)) => Some(
            change_in_piece(file, &now[piece], at, start.start)
                .filter(|change| line_of(file, change.start) != line_of(file, start.start))
                .unwrap_or(start),
        ),
        (span, _) => span,
    };
    Some((span, said))
}

fn line_of(file: &str, at: usize) -> usize {
    crate::diagnostic::position(file, at).0
}

/// Where in `file`, from `from` (where `piece` begins), the piece's text
/// at its `at`th character is written: by the run of it about there, up
/// to a space or a quoting mark (which YAML may have written otherwise, or
/// folded a line at), found as often in the file as in the piece before it.
fn change_in_piece(
    file: &str,
    piece: &str,
    at: usize,
    from: usize,
) -> Option<std::ops::Range<usize>> {
    let chars: Vec<char> = piece.chars().collect();
    let mark = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\\');
    let at = at.min(chars.len());
    let mut start = at;
    while start > 0 && at - start < 4 && !mark(chars[start - 1]) {
        start -= 1;
    }
    let mut end = at;
    while end < chars.len() && end - start < 12 && !mark(chars[end]) {
        end += 1;
    }
    if end - start < 2 {
        return None;
    }
    let run: String = chars[start..end].iter().collect();
    let before: String = chars[..start].iter().collect();
    let mut found = from..from;
    for _ in 0..=before.matches(&run).count() {
        found = crate::locate::text(file, &run, found.end)?;
    }
    Some(found)
}

/// A run of pieces changed: those of the text printed (`old`) that the
/// text now has not, and those it has in their place (`new`).
#[derive(Debug, PartialEq)]
struct Hunk {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// The runs in which `b` differs from `a`, in order, by the longest
/// common subsequence of their pieces; past four million pairs of pieces
/// between what they share at each end, the whole middle as one run.
fn hunks(a: &[String], b: &[String]) -> Vec<Hunk> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (x, y) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    if x.is_empty() && y.is_empty() {
        return vec![];
    }
    if x.len().saturating_mul(y.len()) > 4_000_000 {
        return vec![Hunk {
            old: head..head + x.len(),
            new: head..head + y.len(),
        }];
    }
    // longest[i][j]: the longest common run of x[i..] and y[j..].
    let width = y.len() + 1;
    let mut longest = vec![0u32; (x.len() + 1) * width];
    for i in (0..x.len()).rev() {
        for j in (0..y.len()).rev() {
            longest[i * width + j] = if x[i] == y[j] {
                longest[(i + 1) * width + j + 1] + 1
            } else {
                longest[(i + 1) * width + j].max(longest[i * width + j + 1])
            };
        }
    }
    let mut out: Vec<Hunk> = vec![];
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Hunk> = None;
    while i < x.len() || j < y.len() {
        if i < x.len() && j < y.len() && x[i] == y[j] {
            out.extend(open.take());
            i += 1;
            j += 1;
            continue;
        }
        let hunk = open.get_or_insert(Hunk {
            old: head + i..head + i,
            new: head + j..head + j,
        });
        if j < y.len()
            && (i == x.len() || longest[i * width + j + 1] >= longest[(i + 1) * width + j])
        {
            j += 1;
            hunk.new.end = head + j;
        } else {
            i += 1;
            hunk.old.end = head + i;
        }
    }
    out.extend(open);
    out
}

/// Where `piece`, a text as read from YAML, is written in `file` from
/// `from`: by its first line as it is, or by the longest run of it
/// between quotes and backslashes, which YAML may have written otherwise
/// (`''`, `\"`), of its first line as read, which a text folded over lines
/// does not have as written.
fn find_piece(file: &str, piece: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let first = piece.lines().next().unwrap_or(piece);
    crate::locate::text(file, first, from).or_else(|| {
        // The longest run between such marks, its first eight characters.
        let run = first
            .split(['"', '\'', '\\'])
            .max_by_key(|run| run.chars().count())?;
        let run: String = run.chars().take(8).collect();
        (run.chars().count() >= 2)
            .then(|| crate::locate::text(file, &run, from))
            .flatten()
    })
}

/// The documents new to a set already built that come in approved: their
/// signatures were written into the file, not signed with `ctrldoc
/// approve`, which prints a draft first. Right for a document approved
/// on paper before it came to ctrldoc; wrong for a file copied from
/// another document with its signatures. So are those the last build
/// printed a draft, signed since in the file. Said once, by the build that
/// first meets it.
pub(crate) fn arrived_approved(
    history: &crate::archive::History,
    manifest: &Manifest,
    signed: Option<&str>,
) -> Vec<Diagnostic> {
    if manifest.outputs.is_empty() {
        return vec![];
    }
    let known: HashSet<&str> = manifest
        .outputs
        .iter()
        .chain(&manifest.retired)
        .map(|e| e.number.as_str())
        .collect();
    // Or printed a draft by the last build, never approved: signed since
    // in its file, not with `ctrldoc approve`, whose build prints it so.
    let printed = |draft: bool| -> HashSet<(&str, &str)> {
        manifest
            .outputs
            .iter()
            .filter(|e| e.draft == draft)
            .map(|e| (e.number.as_str(), e.version.as_str()))
            .collect()
    };
    let (drafts, approved) = (printed(true), printed(false));
    let set = &history.set;
    set.documents
        .iter()
        .filter(|loaded| !loaded.path.starts_with(archive::FOLDER))
        .filter(|loaded| archive::approved(&loaded.value))
        .filter(|loaded| signed != Some(loaded.value.number.as_str()))
        .filter_map(|loaded| {
            let doc = &loaded.value;
            let key = (doc.number.as_str(), doc.version.as_str());
            match known.contains(doc.number.as_str()) {
                false => Some((loaded, "is new to this set")),
                true if drafts.contains(&key) && !approved.contains(&key) => {
                    Some((loaded, "was printed a draft by the last build"))
                }
                true => None,
            }
        })
        .map(|(loaded, arrived)| {
            let doc = &loaded.value;
            let signed: Vec<String> = crate::model::Role::CHAIN
                .iter()
                .filter_map(|&role| {
                    let sig = doc.signature(role)?;
                    Some(format!(
                        "{} {}, {}",
                        set.labels.role(role),
                        sig.name,
                        sig.date
                    ))
                })
                .collect();
            let text = set.located(&loaded.path);
            let at = crate::locate::key_or_start(text, &["approved"]);
            Diagnostic::warning(format!(
                "`{}` {} {arrived}, and its file says it is approved already ({}): it was not signed here with `ctrldoc approve`",
                doc.number,
                doc.version,
                signed.join("; ")
            ))
            .at(loaded.path.clone(), at)
            .hint(format!(
                "if it was approved on paper, check these names and dates against the signed original; if they were written in the file, or copied from another document, take out `prepared:`, `reviewed:`, `approved:`, `effective:` and `reviews:`, write `status: draft`, and sign it step by step: `ctrldoc approve {} --as preparer --name NAME`, then as reviewer and as approver",
                doc.number
            ))
        })
        .collect()
}

/// The versions of documents the last build printed from their snapshots
/// in `data/archive/` (an obsolete master, a copy, a register) whose
/// snapshot is gone: a build would drop their prints without a word, and
/// nothing would be left of the version.
pub(crate) fn snapshots_gone(
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let mut said = BTreeSet::new();
    let mut out = vec![];
    for entry in &manifest.outputs {
        let Some(working) = history
            .set
            .documents
            .iter()
            .find(|d| d.value.number.as_str() == entry.number)
        else {
            continue;
        };
        let stem = crate::model::Version(entry.version.clone()).file_stem();
        let snapshot = archive::base(&entry.number, &stem);
        // A draft is printed from the working file, never from a snapshot;
        // one there but not read is said by its own errors.
        if entry.version.is_empty()
            || history.set.root.join(&snapshot).is_dir()
            || entry.draft
            || entry.version == working.value.version.as_str()
            || history
                .versions_of(&entry.number)
                .any(|a| a.document().value.version.as_str() == entry.version)
            || !said.insert((entry.number.as_str(), entry.version.as_str()))
        {
            continue;
        }
        // Printed from the working file, which says another version now,
        // with no snapshot of the one it said: its `version:` changed by
        // hand, or the snapshot `revise` made is gone.
        let d = if entry.inputs.contains_key(&working.path) {
            let text = history.set.located(&working.path);
            Diagnostic::error(format!(
                "the last build printed {} {} from `{}`, which now says {}, but there is no snapshot of {} in `{snapshot}/`",
                entry.number, entry.version, working.path, working.value.version, entry.version
            ))
            .at(
                working.path.clone(),
                crate::locate::key_or_start(text, &["version"]),
            )
            .hint(format!(
                "if `version:` was changed by hand, put back `version: {}` and open the next version with `ctrldoc revise {} --summary TEXT`, which keeps {} in `{snapshot}/`; if `{}` was removed, restore it from a backup or version control",
                entry.version, entry.number, entry.version, archive::FOLDER
            ))
        } else {
            Diagnostic::error(format!(
                "the last build printed {} {} from its snapshot `{snapshot}/` (`{}`), which is gone",
                entry.number, entry.version, entry.path
            ))
            .hint(format!(
                "restore `{}/` from a backup or version control: `ctrldoc revise` wrote it, and it is all that is kept of the version",
                archive::FOLDER
            ))
        };
        out.push(d);
    }
    out
}

/// The blank forms the last build printed, by form number: looked up, not
/// searched for each of a set's forms among all its outputs.
fn blank_forms_printed(manifest: &Manifest) -> HashMap<&str, Vec<&crate::write::Entry>> {
    let mut by_number: HashMap<&str, Vec<&crate::write::Entry>> = HashMap::new();
    for entry in manifest
        .outputs
        .iter()
        .filter(|e| e.kind == Kind::Form.name())
    {
        by_number
            .entry(entry.number.as_str())
            .or_default()
            .push(entry);
    }
    by_number
}

/// The forms titled otherwise than the last build printed them that an
/// approved document with controlled copies out names: a document names a
/// form by its title, so the copies printed from now read otherwise than
/// those its holders have. A warning, said by the build that prints them:
/// a form's title may change with its revision, and the document's next
/// revision brings the holders the new one.
pub(crate) fn forms_renamed(
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let set = &history.set;
    let printed = blank_forms_printed(manifest);
    let mut out = vec![];
    for form in &set.forms {
        let (number, title) = (form.value.number.as_str(), form.value.title.as_str());
        let Some(printed) = printed.get(number) else {
            continue;
        };
        if printed.iter().any(|e| e.title == title) {
            continue;
        }
        let was = printed[0].title.as_str();
        for loaded in &set.documents {
            let doc = &loaded.value;
            if loaded.path.starts_with(archive::FOLDER)
                || !archive::approved(doc)
                || !crate::validate::referenced_forms(doc)
                    .iter()
                    .any(|n| n == number)
            {
                continue;
            }
            let copies: Vec<String> = set
                .register(doc.number.as_str())
                .into_iter()
                .flat_map(|r| r.value.out(doc.version.as_str()))
                .map(|c| format!("{:02}", c.number))
                .collect();
            if copies.is_empty() {
                continue;
            }
            let text = set.located(&form.path);
            let at = crate::locate::key_or_start(text, &["title"]);
            let n = copies.len();
            out.push(
                Diagnostic::warning(format!(
                    "form {number} is titled `{title}`, where the last build printed `{was}`, and {} {} names it by its title: its controlled copies printed from now read otherwise than those printed before, and {n} {} issued ({})",
                    doc.number,
                    doc.version,
                    if n == 1 { "is" } else { "are" },
                    copies.join(", ")
                ))
                .at(form.path.clone(), at)
                .hint(format!(
                    "a copy issued names the form by its title when it was printed: to bring every holder the title `{title}`, revise {} and issue its next version; else keep the form's title as it was when the copies were issued",
                    doc.number
                ))
                .chinese(
                    format!(
                        "表单 {number} 的名称现为“{title}”，上次构建印的是“{was}”；{} {} 按名称引用它，此后印出的受控副本与此前印出的不同，已发放 {n} 份（{}）",
                        doc.number,
                        doc.version,
                        copies.join("、")
                    ),
                    format!(
                        "已发放的副本写的是印制时的表单名称：如需持有者均用“{title}”，请修订 {} 并发放新版本；否则请恢复副本发放时的表单名称",
                        doc.number
                    ),
                ),
            );
        }
    }
    out
}

/// The controlled copies the last build printed with another company's
/// name than the organisation gives now, by document: those printed from
/// now carry the new name, and those their holders have the old one. A
/// warning, said by the build that prints them, as a form renamed is.
/// Copies printed from a snapshot print its organisation, which is not
/// edited.
pub(crate) fn company_renamed(
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let set = &history.set;
    let Some(org) = &set.organisation else {
        return vec![];
    };
    let now = org.value.company.as_str();
    let mut was: Option<&str> = None;
    let mut copies: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for entry in &manifest.outputs {
        let (Some(copy), Some(printed)) = (entry.copy, entry.company.as_deref()) else {
            continue;
        };
        let working = set.documents.iter().any(|d| {
            d.value.number.as_str() == entry.number && d.value.version.as_str() == entry.version
        });
        if printed == now || !working {
            continue;
        }
        was.get_or_insert(printed);
        copies
            .entry((entry.number.as_str(), entry.version.as_str()))
            .or_default()
            .push(format!("{copy:02}"));
    }
    let Some(was) = was else {
        return vec![];
    };
    let said: Vec<String> = copies
        .iter()
        .map(|((number, version), copies)| format!("{number} {version} ({})", copies.join(", ")))
        .collect();
    let text = set.located(&org.path);
    let at = crate::locate::key_or_start(text, &["company"]);
    vec![
        Diagnostic::warning(format!(
            "the company is `{now}` in `{}`, where the last build printed `{was}` on the controlled copies of {}: those printed from now carry the new name, and those their holders have the old one",
            org.path,
            said.join(", ")
        ))
        .at(org.path.clone(), at)
        .hint("a controlled copy is as it was printed: to bring its holders the new name, revise the document and issue its next version; else keep `company:` as it was when the copies were issued"),
    ]
}

/// The files of a snapshot in `data/archive/` that are not what the last
/// build printed from: a snapshot keeps a version as it was approved and
/// printed, and only `revise` writes one. The document's own file is
/// compared by its text and approval record instead (see
/// [`approved_text_changed`]), which say what changed.
pub(crate) fn snapshot_edited(
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    edited_snapshot_files(history, manifest)
        .into_iter()
        .map(|(path, entry)| {
            Diagnostic::error(format!(
                    "`{path}` is not what the last build printed {} {} from (`{}`): a snapshot keeps a version as it was approved and printed, and is not to be edited",
                entry.number, entry.version, entry.path
            ))
            .hint("put it back as it was, from a backup or version control: `ctrldoc revise` wrote it; a change is made in the working files, as a revision")
        })
        .collect()
}

/// The snapshot files, but documents' (said by the approved text), that
/// are not what the last build read, each with an output made from it.
fn edited_snapshot_files<'m>(
    history: &crate::archive::History,
    manifest: &'m Manifest,
) -> Vec<(&'m str, &'m Entry)> {
    // Hashed as the build hashed them for the manifest, from the texts of
    // the snapshots already read.
    let mut sources = Sources::default();
    for archived in &history.archived {
        sources.extend(&archived.set.sources);
    }
    let inputs = Inputs::new(&history.set.root, &sources, String::new());
    let folder = format!("{}/", archive::FOLDER);
    let mut seen = BTreeSet::new();
    let mut out = vec![];
    for entry in &manifest.outputs {
        for (path, hash) in &entry.inputs {
            if !path.starts_with(&folder)
                || path.contains("/data/documents/")
                || !seen.insert(path.as_str())
            {
                continue;
            }
            // One gone is said by `snapshots_gone`.
            if inputs.hash(path).is_some_and(|now| now != *hash) {
                out.push((path.as_str(), entry));
            }
        }
    }
    out
}

/// Whether the snapshot's file at `path` is not what the last build read.
fn snapshot_file_edited(
    history: &crate::archive::History,
    manifest: &Manifest,
    path: &str,
) -> bool {
    edited_snapshot_files(history, manifest)
        .iter()
        .any(|&(edited, _)| edited == path)
}

/// The forms at a version the last build did not print them at, with no
/// entry for it in their revision record and the day it took effect as
/// printed: a `version:` changed by hand alone, not by `revise`, which
/// records the version and the day it takes effect (a form revised by hand
/// with a day of its own is taken as revised). The documents that bind
/// such a form would print it, under their approval, at a version no one
/// opened.
pub(crate) fn form_versions_by_hand(
    history: &crate::archive::History,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let set = &history.set;
    let printed = blank_forms_printed(manifest);
    // Read only when a form's day is to be judged: most builds judge none.
    let drafted = std::cell::LazyCell::new(|| history.drafted_only());
    let from_snapshots = std::cell::LazyCell::new(|| history.forms_from_snapshots());
    let mut out = vec![];
    for loaded in &set.forms {
        let form = &loaded.value;
        let Some(printed) = printed.get(form.number.as_str()) else {
            continue;
        };
        let (was, since) = (printed[0].version.as_str(), printed[0].effective);
        // At the version printed, a day of taking effect moved by hand
        // moves the master list's, and the one `revise` records for it.
        let moved = printed.iter().find_map(|e| {
            e.effective
                .filter(|&d| e.version == form.version.as_str() && d != form.effective)
        });
        if let Some(day) = moved
            && form.effective <= history.today
            && !drafted.contains(form.number.as_str())
        {
            let text = set.located(&loaded.path);
            out.push(
                Diagnostic::warning(format!(
                    "form {} {} took effect on {day}, as the last build printed it, but its file now says {}",
                    form.number, form.version, form.effective
                ))
                .at(
                    loaded.path.clone(),
                    crate::locate::key_or_start(text, &["effective"]),
                )
                .hint(format!(
                    "if {day} is the day, put back `effective: {day}`: the master list shows this day, and `revise` records it for {}; a form's next version takes effect with `ctrldoc revise {} --summary TEXT`",
                    form.version, form.number
                )),
            );
        }
        // At a version the last build did not print, by hand or not, while
        // controlled copies of an approved version that binds it are out:
        // they would be printed again with a form they were not issued with.
        // Not one revised with the revision of the document that binds it,
        // approved to take effect later: its blank is printed from the
        // snapshot of the version in force until then, and the copies of
        // the revision, issued ahead of its day, bind it as it is, on that
        // day too (the last build printed its blank at the version before).
        if !printed.iter().any(|e| e.version == form.version.as_str())
            && !from_snapshots.contains_key(form.number.as_str())
            && let Some((doc, issued)) = bound_with_earlier_copies(set, form)
        {
            let text = set.located(&loaded.path);
            out.push(
                Diagnostic::error(format!(
                    "form {} is at {}, but the last build printed it at {was}, and {issued} controlled {} of {} {}, which binds it, {} issued with {was}: copies printed from now would say otherwise under the same version",
                    form.number,
                    form.version,
                    if issued == 1 { "copy" } else { "copies" },
                    doc.number,
                    doc.version,
                    if issued == 1 { "was" } else { "were" },
                ))
                .at(
                    loaded.path.clone(),
                    crate::locate::key_or_start(text, &["version"]),
                )
                .hint(format!(
                    "put the form back as {was} was printed (its `version:`, `effective:` and layout); a change to a form a document binds is a change to the document: open its revision with `ctrldoc revise {} --summary TEXT`, then make the change and record it with `ctrldoc revise {} --summary TEXT`",
                    doc.number, form.number
                )),
            );
            continue;
        }
        // Not yet in force, its version is still its own to change.
        if printed.iter().any(|e| e.version == form.version.as_str())
            || since != Some(form.effective)
            || form.effective > history.today
            || form.history.iter().any(|r| r.version == form.version)
        {
            continue;
        }
        let text = set.located(&loaded.path);
        out.push(
            Diagnostic::error(format!(
                "form {} is at {}, but the last build printed it at {was}, in force since {}, the day it still says, and its revision record has no entry for {}: its version was changed by hand",
                form.number, form.version, form.effective, form.version
            ))
            .at(
                loaded.path.clone(),
                crate::locate::key_or_start(text, &["version"]),
            )
            .hint(format!(
                "put back `version: {was}` and open the next version with `ctrldoc revise {} --summary TEXT`, which records it and the day it takes effect",
                form.number
            )),
        );
    }
    out
}

/// The versions the last build printed obsolete that are in force again
/// as of today: a build run as of an earlier day (`CTRLDOC_TODAY`, or a
/// clock set back) would take back the version that superseded them, and
/// the record that it was in force.
fn taken_back(history: &crate::archive::History, manifest: &Manifest) -> Vec<Diagnostic> {
    let mut out = vec![];
    for entry in &manifest.outputs {
        if entry.kind != Kind::Obsolete.name()
            || history.superseded(&entry.number, &entry.version).is_some()
            || !history
                .versions_of(&entry.number)
                .any(|a| a.document().value.version.as_str() == entry.version)
        {
            continue;
        }
        out.push(
            Diagnostic::error(format!(
                "the last build printed {} {} obsolete (`{}`), but as of {} it is in force again: the version that superseded it would be taken back",
                entry.number, entry.version, entry.path, history.today
            ))
            .hint(CLOCK_HINT),
        );
    }
    out
}

/// The pads and copies `manifest` says were printed that no ledger or
/// register records now.
pub(crate) fn unrecorded_prints(
    set: &crate::loader::DocumentSet,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let mut lost = crate::serial::unrecorded_pads(set, manifest);
    lost.extend(crate::register::unrecorded_copies(set, manifest));
    lost.extend(reopened(set, manifest));
    lost
}

/// The copies returned or void, and the sheets void, when the last build
/// was made (`manifest`) that the registers and ledgers now record as open:
/// a record edited back by hand, after which a void number would be
/// printed, or handed out, again. Warnings, not errors: a record made by
/// mistake (the wrong copy's return) is taken back with `recall
/// --mistaken`, which keeps the correction. Said by every build, `check`
/// and `audit` until the record is put back: a build keeps what the last
/// one recorded as closed (see [`write::Closed::kept`]).
pub(crate) fn reopened(set: &crate::loader::DocumentSet, manifest: &Manifest) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (number, copies) in &manifest.closed.copies {
        let Some(loaded) = set.register(number) else {
            continue;
        };
        for (&copy, was) in copies {
            let (was, _) = write::Closed::said(was);
            let Some(now) = loaded.value.copies.iter().find(|c| c.number == copy) else {
                continue;
            };
            if now.state != crate::register::CopyState::Issued {
                continue;
            }
            let text = set.located(&loaded.path);
            let at = crate::register::copy_span(text, copy);
            let mut d =
                Diagnostic::warning_in(
                    &loaded.path,
                    text,
                    at,
                    &format!(
                        "copy {copy:02} of `{number}` was recorded {was} when the last build was made, but `{}` now records it as issued, so it is printed again",
                        loaded.path
                    ),
                )
                .hint(format!(
                    "a copy returned or void is never issued again: put its record back as it was (`state: {was}`); if it was recorded {was} by mistake, take that back then with `ctrldoc recall {number} --copy {copy} --mistaken`, which keeps the correction in the register; to give {} a copy, issue a new one (`ctrldoc issue {number} --holder NAME`)",
                    now.holder
                ));
            d.reopened = Some((number.clone(), copy));
            out.push(d);
        }
    }
    for (form, voids) in &manifest.closed.voids {
        let Some(loaded) = set.ledgers.iter().find(|l| &l.value.form == form) else {
            continue;
        };
        let gone: Vec<&str> = voids
            .iter()
            .filter(|serial| !loaded.value.voids.iter().any(|v| &&v.serial == serial))
            .map(String::as_str)
            .collect();
        let Some(first) = gone.first() else {
            continue;
        };
        let text = set.located(&loaded.path);
        let at = crate::locate::key_or_start(text, &["voids"]);
        let (them, it) = match gone.len() {
            1 => (format!("`{first}`"), "it"),
            _ => (
                format!("{} numbers (`{}`)", gone.len(), gone.join("`, `")),
                "them",
            ),
        };
        out.push(
            Diagnostic::warning_in(
                &loaded.path,
                text,
                at,
                &format!(
                    "{them} of `{form}` {} recorded void when the last build was made, but `{}` no longer records {it}",
                    if gone.len() == 1 { "was" } else { "were" },
                    loaded.path
                ),
            )
            .hint("a number voided is never issued again: restore the ledger's `voids:` from a backup or version control; a sheet voided by mistake stays void, with the mistake said in its `reason:`".to_owned()),
        );
    }
    // Found in the files as read, said where they stand as written.
    set.unmend(&mut out);
    out
}

/// The prints in `output` that no register or ledger of `set` records, as
/// `unrecorded` finds them in a manifest (copies, pads, or both): those the
/// last build's manifest (`last`, read with its retired copies and pads)
/// lists, and those in `output` it does not list (every one, with no
/// manifest), which say themselves that they were printed.
pub(crate) fn lost_prints(
    output: &std::path::Path,
    set: &crate::loader::DocumentSet,
    last: Option<&Manifest>,
    unrecorded: fn(&crate::loader::DocumentSet, &Manifest) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let found = Manifest::unlisted_prints(output, last);
    let mut lost = unrecorded(set, &found);
    if let Some(manifest) = last {
        lost.extend(unrecorded(set, manifest));
    }
    lost
}

/// A document whose file was put back from an older copy, at a version
/// archived since, is said to be so, not to be left by a revise that
/// stopped, when the last build printed a later version of it: `revise`,
/// which that says to run again, would remove the archive (found by a
/// reviewer), and refuses.
pub(crate) fn put_back(
    history: &archive::History,
    manifest: &Manifest,
    diagnostics: &mut [Diagnostic],
) {
    for doc in &history.set.documents {
        let Some(base) = archive::unfinished(&history.set, doc) else {
            continue;
        };
        let Some(later) = crate::revise::printed_later(&history.set, &doc.value, manifest) else {
            continue;
        };
        let (number, version) = (&doc.value.number, &doc.value.version);
        let stopped = archive::stopped_said(number.as_str());
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.message.starts_with(&stopped))
        {
            d.message = format!(
                "`{number}` is at version {version}, which is archived in `{base}`, but the last build printed {later}: the document's file was put back from an older copy"
            );
            d.hints = vec![format!(
                "put `{}` back at {later} from version control or a backup, and leave `{base}` as it is: it is the record of {version} as it was approved",
                doc.path
            )];
        }
    }
}

/// A form a document names that the set has no file of, which the last
/// build printed, is said to be gone, with its file to restore: not as a
/// form perhaps numbered otherwise, or still to be written (found by a
/// reviewer).
pub(crate) fn forms_gone(
    history: &archive::History,
    manifest: &Manifest,
    diagnostics: &mut [Diagnostic],
) {
    for d in diagnostics.iter_mut() {
        let Some(number) = d
            .message
            .strip_prefix("unknown form `")
            .and_then(|rest| rest.split('`').next())
        else {
            continue;
        };
        // A file named for it, numbered otherwise, is there: its number
        // is what to correct, as said.
        let filed = |f: &crate::loader::Loaded<crate::model::Form>| {
            std::path::Path::new(&f.path).file_stem() == Some(std::ffi::OsStr::new(number))
        };
        if history.set.form(number).is_some() || history.set.forms.iter().any(filed) {
            continue;
        }
        // Nor one the archive keeps, as said: a reference to a form a
        // revision drops (reviewer BQ 6).
        if d.hints.iter().any(|h| h.starts_with("the archive keeps")) {
            continue;
        }
        let Some(printed) = manifest
            .outputs
            .iter()
            .find(|e| e.kind == "form" && e.number == number)
        else {
            continue;
        };
        d.hints = vec![format!(
            "the last build printed form {number} {} (`output/{}`): its file is gone from `data/forms/`; restore it from version control or a backup, as `data/forms/{number}.yaml`",
            printed.version, printed.path
        )];
    }
}

/// Runs the pipeline; writes to `output/` only when asked and no error was
/// found, so a broken document set never replaces good paper.
pub fn build(config: &Config, goal: &Goal) -> Result<Outcome> {
    let (mut history, diagnostics) = archive::load(&config.root, config.today())?;
    history.report_date = config.report_date();
    // Checked, the files read are set aside until a diagnostic points into
    // them; with errors they are held, to be shown.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        history.set.sources.set_aside();
        for archived in &mut history.archived {
            archived.set.sources.set_aside();
        }
    }
    let mut sources = history.set.sources.clone();
    for archived in &history.archived {
        sources.extend(&archived.set.sources);
    }
    let mut outcome = Outcome {
        diagnostics,
        sources: Sources::default(),
        compiled: vec![],
        reused: vec![],
        alike: BTreeSet::new(),
    };
    if outcome.has_errors() {
        // The outputs cannot be planned, but the templates can still be
        // read, so that one run says every problem there is to say.
        outcome
            .diagnostics
            .extend(render::template_problems(&history.set, &mut sources)?);
        // And the pads and copies printed that no ledger or register
        // records: a pad edited by hand shows first as its voids of numbers
        // never printed, which is not what to mend.
        if goal.preview.is_none() {
            let last =
                Manifest::read_where(&config.output, |e| e.copy.is_some() || e.serials.is_some());
            if let Ok(Some(manifest)) = &last {
                put_back(&history, manifest, &mut outcome.diagnostics);
                forms_gone(&history, manifest, &mut outcome.diagnostics);
            }
            outcome.diagnostics.extend(lost_prints(
                &config.output,
                &history.set,
                last.ok().flatten().as_ref(),
                unrecorded_prints,
            ));
        }
        outcome.sources = sources;
        return Ok(outcome);
    }
    let groups = outputs(config, &history, &outcome.diagnostics);
    let today = config.report_date();

    // What the last build wrote and nothing has changed since is kept as it
    // is; a check takes it as checked, since it would compile as it did. A
    // preview compiles its output whatever it is, to picture it.
    let fingerprint = fonts::fingerprint(&config.root, config.system_fonts);
    let last = match goal.preview {
        Some(_) => None,
        // Its retired prints are checked, and let go, but for the copies
        // and pads: those of a superseded version are still out, and their
        // numbers still recorded (see `register::unrecorded_copies`).
        None => Manifest::read_where(&config.output, |e| {
            e.copy.is_some() || e.serials.is_some()
        })
        .unwrap_or_else(|why| {
            outcome.diagnostics.push(
                Diagnostic::warning(format!(
                    "`output/manifest.json` cannot be read ({why}): every output is made again"
                ))
                .hint(format!(
                    "a build keeps it aside as `output/{}` (or a numbered name beside it), with the prints it retired, which `verify` no longer knows",
                    crate::write::UNREADABLE
                )),
            );
            None
        }),
    };
    // What the last build printed of an approved text this one prints
    // otherwise, kept in the manifest as it was.
    let mut baseline = Baseline::default();
    // A pad or a copy the last build printed is not dropped because its
    // ledger or register was lost: nothing is built until it is back.
    if goal.preview.is_none() {
        let mut lost = lost_prints(
            &config.output,
            &history.set,
            last.as_ref(),
            unrecorded_prints,
        );
        lost.extend(pads_printed_otherwise(&history, &groups, last.as_ref()));
        lost.extend(copies_bind_otherwise(&history, last.as_ref()));
        if let Some(manifest) = &last {
            lost.extend(forms_ahead_of_their_day(config, &history, manifest));
            lost.extend(snapshots_gone(&history, manifest));
            lost.extend(snapshot_edited(&history, manifest));
            lost.extend(form_versions_by_hand(&history, manifest));
            lost.extend(taken_back(&history, manifest));
            lost.extend(arrived_approved(&history, manifest, goal.signed.as_deref()));
            lost.extend(forms_renamed(&history, manifest));
            lost.extend(company_renamed(&history, manifest));
            let changed = approved_text_changed(&history, &groups, manifest);
            baseline = Baseline::of(manifest, &changed);
            unnamed_by_hand(&history, manifest, &changed, &mut outcome.diagnostics);
            let (errors, warnings): (Vec<_>, Vec<_>) =
                changed.into_iter().partition(Diagnostic::is_error);
            lost.extend(errors);
            outcome.diagnostics.extend(warnings);
        }
        // A record reopened by hand is said, and the build goes on.
        let (lost, reopened): (Vec<_>, Vec<_>) = lost.into_iter().partition(Diagnostic::is_error);
        outcome.diagnostics.extend(
            reopened
                .into_iter()
                .filter(|d| d.reopened.is_none() || d.reopened != goal.corrected),
        );
        if !lost.is_empty() {
            outcome.diagnostics.extend(lost);
            outcome.sources = sources;
            return Ok(outcome);
        }
    }
    // Owned, so that what is kept moves into the outcome and what is made
    // again, but for what may render alike, is dropped before anything is
    // compiled: a build that makes every output again (a changed house
    // style, a new ctrldoc) would otherwise hold the whole manifest, and
    // the prints it retired, while it compiles.
    // What it recorded as closed stays so, but for a copy issued again by
    // `recall --mistaken`.
    let last_closed = last.as_ref().map(|m| m.closed.clone());
    let mut last: HashMap<String, Entry> = last
        .map(|m| m.outputs)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.path.clone(), e))
        .collect();
    // What the run asks of the outputs besides their inputs: the PDFs'
    // date when `SOURCE_DATE_EPOCH` gives one, and the rows of a part of a
    // list printed in parts.
    let part_rows = render::list_part_rows();
    let run = format!("epoch {:?}\n", config.epoch);
    let list_run = format!("{run}list part rows {part_rows}\n");
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut last_rendered: HashMap<String, String> = HashMap::new();
    let last_parts: HashMap<String, Vec<usize>> = last
        .values()
        .filter_map(|entry| Some((entry.path.clone(), entry.part_pages()?.to_vec())))
        .collect();
    let mut todo: Vec<(&DocumentSet, Vec<Job>, usize)> = vec![];
    // Before any output is found to be the one written (see `crate::seen`).
    let began = std::time::SystemTime::now();
    // A preview pictures one output. A number names a document's master or
    // a form; a document's copies and register share it. Of the outputs
    // with the number, only the master or form is made, the first in the
    // plan (a draft's master before the master of the version in force), so
    // that a page the others lack (a register's 5th, a shorter version's
    // 28th) is no error. A number with neither (a list's) makes what it
    // names.
    let pictured: Option<String> = goal.preview.as_ref().and_then(|_| {
        groups
            .iter()
            .flat_map(|group| &group.jobs)
            .find(|job| {
                goal.only.as_ref() == Some(&job.number)
                    && matches!(job.kind, Kind::Master | Kind::Form)
            })
            .map(|job| job.path.clone())
    });
    // The text each approved version's master printed (or its obsolete
    // print, once superseded), piece by piece,
    // for the next build to say what of it was changed by hand.
    let mut approved: HashMap<String, write::ApprovedPrint> = groups
        .iter()
        .filter(|_| goal.write)
        .flat_map(|group| {
            group
                .jobs
                .iter()
                .filter(|job| {
                    matches!(job.kind, Kind::Master | Kind::Obsolete) && job.text.is_some()
                })
                .map(|job| {
                    let doc = &group.set.documents[job.index].value;
                    let forms = job
                        .forms
                        .iter()
                        .map(|&i| plan::bound_form(&group.set.forms[i].value))
                        .collect();
                    (
                        job.path.clone(),
                        write::ApprovedPrint {
                            text: approved_pieces(doc),
                            approval: approval_pieces(doc),
                            forms,
                        },
                    )
                })
        })
        .collect();
    // As printed before a change its approval does not cover, when this
    // print has it.
    let mut printed_otherwise: HashSet<String> = HashSet::new();
    for (path, print) in &mut approved {
        if let Some(before) = baseline.pieces.get(path)
            && before != print
        {
            printed_otherwise.insert(path.clone());
            before.clone_into(print);
        }
    }
    {
        let inputs = Inputs::new(&config.root, &sources, fingerprint.clone())
            .seeing(crate::seen::Seen::read(&config.output));
        for group in groups {
            // Said whether or not its lists are made in this build.
            let (part_rows, whole) = render::set_part_rows(group.set, &group.jobs, part_rows);
            outcome.diagnostics.extend(whole);
            let wanted: Vec<Job> = group
                .jobs
                .into_iter()
                .filter(|job| {
                    goal.only.as_ref().is_none_or(|n| &job.number == n)
                        && pictured.as_ref().is_none_or(|path| &job.path == path)
                        // A form printed blank no more (withdrawn) is not
                        // pictured by a pad of it, nor by its ledger.
                        && !(goal.preview.is_some()
                            && pictured.is_none()
                            && matches!(job.kind, Kind::Pad | Kind::Ledger))
                })
                .collect();
            // Decided on every core, whatever `--jobs` says of compiling:
            // this reads and hashes every file the last build wrote (145 MB
            // for the benchmark's 1,011 forms).
            let decided: Vec<Decision> = wanted
                .par_iter()
                .map(|job| {
                    let run = if job.kind.is_list() { &list_run } else { &run };
                    let key = inputs.key(job, &group.set.base, run);
                    let entry = last.get(job.path.as_str());
                    // The portal's picture of it must be there too.
                    let pictured = !crate::compile::wants_thumb(job)
                        || config
                            .output
                            .join(crate::portal::thumb_path(&job.number))
                            .is_file();
                    match entry {
                        // A pad stays as it was printed, at its version,
                        // whatever has changed since.
                        Some(entry)
                            if job.printed_at.as_ref() == Some(&entry.version)
                                && inputs.written(entry, &config.output) =>
                        {
                            Decision::Keep
                        }
                        Some(entry)
                            if pictured && inputs.unchanged(entry, &key, &config.output) =>
                        {
                            Decision::Keep
                        }
                        // Made again, unless only what it is rendered from
                        // changed: then it is rendered, and kept if it
                        // renders alike.
                        _ => Decision::Make {
                            alike: entry.filter(|_| pictured).and_then(|entry| {
                                inputs
                                    .renders_alike(entry, &key, &config.output)
                                    .map(str::to_owned)
                            }),
                            key,
                        },
                    }
                })
                .collect();
            // Of the size it may come to: grown a job at a time, it held
            // room for 16,384 of the 10,011 forms' outputs, 2.8 MB more.
            let mut jobs = Vec::with_capacity(wanted.len());
            for (job, decision) in wanted.into_iter().zip(decided) {
                // A pad of an earlier version whose print is gone is not
                // printed again: no snapshot keeps that version's layout
                // (else it is printed from there, see `plan::pad_homes`),
                // and paper of the new one under the same numbers would be
                // a second sheet of each number.
                if let (Decision::Make { .. }, Some(version)) = (&decision, &job.printed_at)
                    && job.of_an_earlier_version()
                    && let Some((first, last)) = job.serials()
                {
                    // Withdrawn, its last sheet void, it is past saying.
                    let withdrawn = group.set.ledger(&job.number).is_some_and(|l| {
                        l.value.pads.iter().any(|pad| {
                            pad.range() == (first.clone(), last.clone()) && l.value.withdrawn(pad)
                        })
                    });
                    if withdrawn {
                        continue;
                    }
                    outcome.diagnostics.push(
                        Diagnostic::warning(format!(
                            "the pad {first} to {last} of {} was printed at {version}, and its print `output/{}` is gone: it is not printed again, since {version}'s layout is not kept and paper of {} would carry the same numbers",
                            job.number, job.path, job.version
                        ))
                        .hint(format!(
                            "the sheets handed out are as they were printed, and its numbers are in the ledger: void the sheets not used with `ctrldoc serial {} --void {first} --to {last} --reason …`",
                            job.number
                        )),
                    );
                    continue;
                }
                match decision {
                    // Every output has a path of its own (see `plan`), so its
                    // entry is there to take.
                    // An entry of an older ctrldoc is given the text its
                    // inputs, unchanged, still say, worked out as now.
                    Decision::Keep => {
                        outcome
                            .reused
                            .extend(last.remove(job.path.as_str()).map(|mut entry| {
                                let comparable = entry
                                    .text
                                    .as_deref()
                                    .zip(job.text.as_deref())
                                    .is_some_and(|(a, b)| plan::comparable_texts(a, b));
                                if !comparable {
                                    entry.text.clone_from(&job.text);
                                }
                                entry
                            }))
                    }
                    Decision::Make { key, alike } => {
                        if let Some(rendered) = alike {
                            last_rendered.insert(job.path.clone(), rendered);
                        }
                        keys.insert(job.path.clone(), key);
                        jobs.push(job);
                    }
                }
            }
            if !jobs.is_empty() {
                todo.push((group.set, jobs, part_rows));
            }
        }
    }

    // Of the last build's outputs, only those that may render alike are
    // looked at again.
    last.retain(|path, _| last_rendered.contains_key(path));
    last.shrink_to_fit();

    // Fonts are loaded only when something is to be compiled.
    let fonts = (!todo.is_empty()).then(|| load_fonts(config, &fingerprint, goal.warm));
    // PDFs wait in a staging folder until every output has compiled.
    let stage = config
        .output
        .join(format!(".staging-{}", std::process::id()));
    if goal.write {
        remove_stale_stages(&config.output);
        for dir in [
            config.output.clone(),
            config.root.join("data/registers"),
            config.root.join("data/ledgers"),
        ] {
            remove_stale_temporaries(&dir);
        }
    }
    // Opened before anything is written into it, so that syncing it at the
    // end reports a write that failed at any time since.
    let staged = match goal.write {
        true => Some(write::Stage::open(&stage)?),
        false => None,
    };
    let mut warnings = vec![];
    for (set, jobs, part_rows) in todo {
        let Some(fonts) = &fonts else { break };
        let compiler = Compiler {
            keep_cache: goal.warm,
            fonts,
            epoch: config.epoch,
            jobs: config.jobs,
            preview: goal.preview,
            stage: goal.write.then_some(stage.as_path()),
            last_rendered: &last_rendered,
            last_parts: &last_parts,
        };
        let renderer = match render::Renderer::new(set, &mut sources, part_rows)? {
            Ok(renderer) => renderer,
            Err(problems) => {
                outcome.diagnostics.extend(problems);
                continue;
            }
        };
        let done = compiler.compile(&renderer, &jobs, &mut sources);
        outcome.diagnostics.extend(done.problems);
        outcome.compiled.extend(done.compiled);
        warnings.extend(done.warnings);
        // What rendered alike stands as the last build made it, now made
        // from the inputs of this one.
        let inputs = Inputs::new(&config.root, &sources, fingerprint.clone());
        for job in done.kept {
            // Only an output whose entry is kept above renders alike.
            let Some(mut entry) = last.remove(job.path.as_str()) else {
                continue;
            };
            let reads = entry
                .typst_reads()
                .expect("an entry that renders alike has every read's hash");
            entry.inputs = inputs.of(&job, &reads);
            entry.text.clone_from(&job.text);
            outcome.alike.insert(entry.path.clone());
            outcome.reused.push(entry);
        }
    }
    // Typst's warnings about the outputs kept are said again: what caused
    // them is still there.
    for entry in &outcome.reused {
        warnings.extend(
            entry
                .warnings
                .iter()
                .map(|w| (w.clone(), entry.number.clone(), entry.path.clone())),
        );
    }
    // What they point into, when nothing made in this build read it: read
    // as the build that gave them read it, the templates as the renderer
    // reads them and other files as Typst does.
    let unread: Vec<&String> = warnings
        .iter()
        .filter_map(|(warned, _, _)| warned.diagnostic.location.as_ref())
        .map(|(file, _)| file)
        .filter(|file| sources.get(file).is_none())
        .collect();
    if !unread.is_empty() {
        // Templates that do not load were said when their outputs failed.
        let _ = render::template_problems(&history.set, &mut sources);
        let files = crate::world::RootFiles::new(&config.root);
        for file in unread {
            if sources.get(file).is_none()
                && let Some(text) = files.text(file)
            {
                sources.insert(file.clone(), text);
            }
        }
    }
    outcome
        .diagnostics
        .extend(crate::compile::said_once(warnings));
    // Stopped by Ctrl-C: nothing has been written yet, nor will be.
    if goal.write && !outcome.has_errors() && !crate::may_write() {
        if goal.write {
            let _ = fs::remove_dir_all(&stage);
        }
        return Err(crate::Interrupted.into());
    }
    if let Some(staged) = staged.as_ref().filter(|_| !outcome.has_errors()) {
        let inputs = Inputs::new(&config.root, &sources, fingerprint);
        let compiled: Vec<(&Compiled, &str)> = outcome
            .compiled
            .iter()
            .map(|c| (c, keys.get(&c.job.path).map_or("", String::as_str)))
            .collect();
        let master = master_list::rows(&history, history.report_date);
        // What the outputs will misstate, from the day each takes effect.
        let mut pending: Vec<write::Pending> = history
            .set
            .documents
            .iter()
            .filter_map(|d| {
                Some(write::Pending {
                    number: d.value.number.to_string(),
                    version: d.value.version.to_string(),
                    effective: crate::archive::pending(&d.value, history.today)?,
                })
            })
            .collect();
        // And the forms, which the portal leaves out until then.
        pending.extend(
            history
                .set
                .forms
                .iter()
                .filter(|f| f.value.effective > history.today)
                .map(|f| write::Pending {
                    number: f.value.number.to_string(),
                    version: f.value.version.to_string(),
                    effective: f.value.effective,
                }),
        );
        // The tables do not wait on the PDFs: they are written beside them,
        // each file synced as the PDFs are.
        let manifest = std::thread::scope(|scope| {
            let tables = scope.spawn(|| write_tables(&config.output, &history, &master, today));
            let manifest = write::write(
                &config.output,
                staged,
                &compiled,
                &outcome.reused,
                &inputs,
                &write::Kept {
                    pending: &pending,
                    closed: &write::Closed::kept(
                        &history.set,
                        last_closed.as_ref(),
                        goal.corrected.as_ref(),
                    ),
                    approved: &approved,
                    texts: &baseline.texts,
                    unapproved: &printed_otherwise,
                },
            );
            let tables = tables.join().expect("writing the tables does not panic");
            match (manifest, tables) {
                (Ok(manifest), Ok(())) => Ok(manifest),
                (Err(err), Ok(())) | (Ok(_), Err(err)) => Err(err),
                (Err(manifest), Err(tables)) => Err(anyhow::anyhow!(
                    "{manifest:#}\nerror: writing the tables failed too: {tables:#}"
                )),
            }
        })?;
        crate::portal::write(
            &config.output,
            &history.set,
            &master,
            &manifest,
            config.report_date(),
        )?;
        crate::seen::Seen::of(&config.output, &manifest, began).write(&config.output);
    }
    if goal.write {
        let _ = fs::remove_dir_all(&stage);
    }
    outcome.sources = sources;
    Ok(outcome)
}

/// Whether an output of the last build is kept, or made (see [`build`]).
enum Decision {
    /// Nothing it is made from has changed: its entry in the last manifest
    /// stands.
    Keep,
    /// Made, under this key; kept after all if it renders as `alike`.
    Make { key: String, alike: Option<String> },
}

/// Removes the staging folders of builds that were killed: those of
/// processes that no longer run. Where that cannot be known (no `/proc`),
/// they are left alone, since another build may be using them.
fn remove_stale_stages(output: &std::path::Path) {
    let proc = std::path::Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(output) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(".staging-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !proc.join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes the temporary files (`.tmp…`) that a write killed half-way left
/// beside its target, once they are an hour old: no live write keeps one
/// that long.
fn remove_stale_temporaries(dir: &std::path::Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let stale = entry.file_type().is_file()
            && entry.file_name().to_string_lossy().starts_with(".tmp")
            && entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t < hour_ago);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes the master list and the records list as tables, CSV and Excel,
/// under `output`.
fn write_tables(
    output: &std::path::Path,
    history: &crate::archive::History,
    master: &[master_list::Row],
    today: chrono::NaiveDate,
) -> Result<()> {
    let set = &history.set;
    let labels = &set.labels;
    let records = reports::records(history, today);
    for (name, csv) in [
        ("master-list.csv", master_list::csv(master, labels)),
        ("records-list.csv", reports::records_csv(&records, set)),
    ] {
        // A byte-order mark so that spreadsheet programs read the CSV as UTF-8.
        write::write_atomic(&output.join(name), format!("\u{feff}{csv}").as_bytes())?;
    }
    for (name, sheet, headings, rows) in [
        (
            "master-list.xlsx",
            labels.get("master_list"),
            master_list::headings(labels),
            master.iter().map(|r| r.cells(labels)).collect::<Vec<_>>(),
        ),
        (
            "records-list.xlsx",
            labels.get("records_list"),
            reports::record_headings(set),
            records,
        ),
    ] {
        let overdue = labels.get("review_overdue");
        let bytes = crate::xlsx::table(sheet, &headings, &rows, today, overdue)?;
        write::write_atomic(&output.join(name), &bytes)?;
    }
    Ok(())
}

/// The fonts of a build. With `warm` (for `watch`) they are loaded once per
/// process and kept, and loaded again only when the fonts themselves change.
fn load_fonts(config: &Config, fingerprint: &str, warm: bool) -> Arc<Fonts> {
    if !warm {
        return Arc::new(Fonts::load(&config.root, config.system_fonts));
    }
    static WARM: Mutex<Option<(String, Arc<Fonts>)>> = Mutex::new(None);
    let mut warm = WARM.lock().unwrap();
    match &*warm {
        Some((kept, fonts)) if kept == fingerprint => fonts.clone(),
        _ => {
            let fonts = Arc::new(Fonts::load(&config.root, config.system_fonts));
            *warm = Some((fingerprint.to_owned(), fonts.clone()));
            fonts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{find_piece, what_changed};

    fn pieces(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn what_changed_in_an_approved_text_is_found_in_its_file() {
        let file = "title: 制度\nbody:\n  - title: 职责\n    items:\n      - 甲负责监督和检查。\n      - 乙负责记录。\n";
        let then = pieces(&["制度", "职责", "甲负责监督检查。", "乙负责记录。"]);
        let now = pieces(&["制度", "职责", "甲负责监督和检查。", "乙负责记录。"]);
        let (span, said) = what_changed(file, &then, &now).unwrap();
        assert_eq!(&file[span.unwrap()], "甲负责监督和检查。");
        assert_eq!(
            said,
            "it reads `甲负责监督和检查。` where the last build printed `甲负责监督检查。`"
        );
        // Taken out: said at the piece after it.
        let (span, said) =
            what_changed(file, &then, &pieces(&["制度", "职责", "乙负责记录。"])).unwrap();
        assert_eq!(&file[span.unwrap()], "乙负责记录。");
        assert_eq!(said, "`甲负责监督检查。` was taken out before it");
        // Several taken out together: counted.
        let (_, said) = what_changed(file, &then, &pieces(&["制度", "职责"])).unwrap();
        assert_eq!(
            said,
            "`甲负责监督检查。` and the piece that followed it were taken out after it"
        );
        // Put in, and another change apart from it.
        let now = pieces(&["制度", "职责", "丙。", "甲负责监督检查。", "乙负责记录了。"]);
        let (_, said) = what_changed(file, &then, &now).unwrap();
        assert_eq!(said, "`丙。` was put in, and 1 more change after it");
        // Two changes apart: the first is said, a taking out, not paired
        // with the change after it.
        let then = pieces(&["制度", "甲", "乙", "丙", "丁"]);
        let now = pieces(&["制度", "乙", "丙", "丁改"]);
        let (_, said) = what_changed(file, &then, &now).unwrap();
        assert_eq!(
            said,
            "`甲` was taken out before it, and 1 more change after it"
        );
        // A cell changed to a value another cell has: changed, not taken out.
        let then = pieces(&["表", "30", "15", "10"]);
        let now = pieces(&["表", "15", "15", "10"]);
        let (_, said) = what_changed(file, &then, &now).unwrap();
        assert_eq!(said, "it reads `15` where the last build printed `30`");
        // Moved: the same pieces in another order.
        let then = pieces(&["制度", "职责", "甲负责监督检查。", "乙负责记录。"]);
        let moved = pieces(&["制度", "乙负责记录。", "职责", "甲负责监督检查。"]);
        let (_, said) = what_changed(file, &then, &moved).unwrap();
        assert!(
            said.starts_with("the text from here is as printed, but in another order"),
            "{said}"
        );
        // Alike: the words are as printed, arranged otherwise.
        let (span, said) = what_changed(file, &then, &then).unwrap();
        assert_eq!(span, None);
        assert!(
            said.starts_with("its words are as printed, but arranged otherwise"),
            "{said}"
        );
    }

    #[test]
    fn a_change_in_keys_written_in_another_order_is_found() {
        // `tables:` written before `items:`, which the pieces have first.
        let file = "body:\n  - title: 考核\n    tables:\n      - columns: [项目, 分值]\n        rows:\n          - [投诉, 20]\n    items:\n      - 甲。\n      - 乙。\n  - title: 附则\n";
        let then = pieces(&["考核", "甲。", "乙。", "项目", "分值", "投诉", "15", "附则"]);
        let now = pieces(&["考核", "甲。", "乙。", "项目", "分值", "投诉", "20", "附则"]);
        let (span, said) = what_changed(file, &then, &now).unwrap();
        assert_eq!(super::line_of(file, span.unwrap().start), 6);
        assert_eq!(said, "it reads `20` where the last build printed `15`");
        let then = now;
        let now = pieces(&["考核", "甲。", "乙。", "项目", "分值", "投诉", "20", "附加"]);
        let file = file.replace("附则", "附加");
        let (span, _) = what_changed(&file, &then, &now).unwrap();
        assert_eq!(super::line_of(&file, span.unwrap().start), 10);
    }

    #[test]
    fn a_piece_written_with_quotes_or_over_lines_is_found_by_its_start() {
        let file = "items:\n  - \"按\\\"首问负责制\\\"处理\"\n  - 客户档案由助销员建立，\n    每月更新一次。\n";
        let at = find_piece(file, "按\"首问负责制\"处理", 0).unwrap();
        assert_eq!(&file[at], "首问负责制");
        let at = find_piece(file, "客户档案由助销员建立， 每月更新一次。", 0).unwrap();
        assert_eq!(&file[at], "客户档案由助销员");
    }

    #[test]
    fn a_change_on_a_later_line_of_a_text_over_lines_is_pointed_at_there() {
        let file = "items:\n  - >-\n    Records are kept by sales,\n    checked each month by the office,\n    and filed by the quarter.\n  - Next item.\n";
        let then = pieces(&[
            "Records are kept by sales, checked each month by the office, and filed by the year.",
            "Next item.",
        ]);
        let now = pieces(&[
            "Records are kept by sales, checked each month by the office, and filed by the quarter.",
            "Next item.",
        ]);
        let (span, said) = what_changed(file, &then, &now).unwrap();
        let span = span.unwrap();
        assert_eq!(super::line_of(file, span.start), 5, "{:?}", &file[span]);
        assert!(
            said.starts_with("it reads `…iled by the quarter.`"),
            "{said}"
        );
        // The same words earlier in the text are not taken for it.
        let file = "items:\n  - |-\n    by the month,\n    by the week,\n    by the month\n";
        let then = pieces(&["by the month,\nby the week,\nby the year"]);
        let now = pieces(&["by the month,\nby the week,\nby the month"]);
        let (span, _) = what_changed(file, &then, &now).unwrap();
        assert_eq!(super::line_of(file, span.unwrap().start), 5);
    }
}

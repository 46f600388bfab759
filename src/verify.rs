//! `ctrldoc verify`: what a PDF is, whether its version is still in force,
//! and whether it is exactly what ctrldoc printed.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::archive::{self, History};
use crate::config::Config;
use crate::plan::unpercent;
use crate::register::{CopyState, Disposition};
use crate::seal::{self, Seal};
use crate::write::{Entry, Manifest, sha256};

/// How a file checks out, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Printed by ctrldoc as it is, of the version in force.
    CurrentIntact,
    /// Printed by ctrldoc as it is, but not of the version in force (or an
    /// earlier print since reprinted).
    NotCurrent,
    /// Its seal matches its contents, but no build's record has it (as when
    /// `output/` was deleted since it was printed): as printed, unless
    /// someone who knows how seals are made sealed it again.
    Unconfirmed,
    /// Not printed by ctrldoc, as far as it can tell.
    Unknown,
    /// Says it was printed by ctrldoc, but its bytes are not what was
    /// printed: a forgery, or a print damaged, the worst of all.
    Altered,
}

impl Verdict {
    /// The exit code of `verify` when this is the worst verdict.
    fn code(self) -> u8 {
        match self {
            Self::CurrentIntact => 0,
            Self::NotCurrent => 1,
            Self::Unconfirmed => 5,
            Self::Unknown => 4,
            Self::Altered => 3,
        }
    }
}

/// What `verify` says of one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The file as given.
    pub file: String,
    /// The verdict.
    pub verdict: Verdict,
    /// What it is, e.g. "controlled copy 02 of XS-ZD-001 A/0 to 财务部".
    pub what: Option<String>,
    /// Whether its version is in force, superseded or a draft.
    pub status: Option<String>,
    /// Whether its bytes are what ctrldoc printed.
    pub integrity: String,
}

/// What a PDF's keywords say it is. Two are the same output whether or
/// not they say they are a specimen: prints made before specimens were
/// marked do not.
#[derive(Debug, Clone, Default)]
pub(crate) struct Identity {
    pub kind: String,
    pub number: String,
    pub version: String,
    pub copy: Option<u32>,
    pub holder: Option<String>,
    pub serials: Option<(String, String)>,
    /// A draft's master, printed for review.
    pub draft: bool,
    /// For a blank form, whether it is a pre-numbered form's specimen (样张).
    pub specimen: bool,
}

impl PartialEq for Identity {
    fn eq(&self, other: &Self) -> bool {
        let Self {
            kind,
            number,
            version,
            copy,
            holder,
            serials,
            draft,
            specimen: _,
        } = self;
        (kind, number, version, copy, holder, serials, draft)
            == (
                &other.kind,
                &other.number,
                &other.version,
                &other.copy,
                &other.holder,
                &other.serials,
                &other.draft,
            )
    }
}

impl Eq for Identity {}

/// Checks every file and prints what it finds; the exit code is that of the
/// worst verdict.
pub fn verify(config: &Config, files: &[PathBuf], json: bool) -> Result<ExitCode> {
    let (history, diagnostics) = archive::load(&config.root, config.today())?;
    // Each file read once, and only what tells it apart kept.
    let mut read = vec![];
    // A file that cannot be read is said, after the verdicts on the others.
    let mut unread = vec![];
    for file in files {
        let bytes = match fs::read(file) {
            Ok(bytes) => bytes,
            Err(err) => {
                unread.push(format!("error: failed to read `{}`: {err}", file.display()));
                continue;
            }
        };
        let (identity, bound) = read_identity(&bytes).map_or((None, None), |(id, b)| (Some(id), b));
        read.push((
            file.display().to_string(),
            sha256(&bytes),
            identity,
            seal::check(&bytes),
            bound,
        ));
    }
    // Of the prints the manifest retired, only those a file may be.
    let hashes: HashSet<&str> = read.iter().map(|(_, hash, ..)| hash.as_str()).collect();
    let numbers: HashSet<&str> = read
        .iter()
        .filter_map(|(_, _, identity, ..)| Some(identity.as_ref()?.number.as_str()))
        .collect();
    let manifest = Manifest::read(&config.output, |e| {
        hashes.contains(e.sha256.as_str()) || numbers.contains(e.number.as_str())
    });
    let forms = FormsNow::of(&history);
    let reports: Vec<Report> = read
        .into_iter()
        .map(|(file, hash, identity, seal, bound)| {
            check(
                &history,
                &forms,
                manifest.as_ref(),
                Read {
                    file,
                    hash: &hash,
                    carried: identity,
                    seal,
                    bound,
                },
            )
        })
        .collect();
    if json {
        crate::outln!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        for r in &reports {
            // Its version not known to be current, as its files have errors.
            let unknown = r.verdict == Verdict::NotCurrent
                && r.status.as_deref().is_some_and(|s| s.contains("NOT KNOWN"));
            let headline = match unknown {
                true => "INTACT, but whether CURRENT is NOT KNOWN",
                false => label(r.verdict),
            };
            crate::outln!("{}: {headline}", r.file);
            if let Some(what) = &r.what {
                crate::outln!("  what:      {what}");
            }
            if let Some(status) = &r.status {
                crate::outln!("  version:   {status}");
            }
            crate::outln!("  integrity: {}", r.integrity);
        }
    }
    for said in &unread {
        crate::errln!("{said}");
    }
    // The files that could not be read are not in the set as it is judged.
    let broken = diagnostics.iter().filter(|d| d.is_error()).count();
    if broken > 0 && !reports.is_empty() {
        crate::errln!(
            "note: the document set has {} (`ctrldoc check` says {}): what its files with errors say is not known, and a verdict that depends on them may be wrong",
            crate::say::plural(broken, "error"),
            if broken == 1 { "it" } else { "them" }
        );
    }
    let worst = reports.iter().map(|r| r.verdict).max();
    // An altered print is said by the exit code even beside a file that
    // could not be read.
    if !unread.is_empty() {
        crate::errln!(
            "{} of {} files could not be read, and have no verdict",
            unread.len(),
            files.len()
        );
        if worst != Some(Verdict::Altered) {
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::from(worst.map_or(0, Verdict::code)))
}

fn label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::CurrentIntact => "CURRENT and INTACT",
        Verdict::NotCurrent => "INTACT but NOT CURRENT",
        Verdict::Unconfirmed => "SEALED but NOT ON RECORD",
        Verdict::Altered => "ALTERED",
        Verdict::Unknown => "UNKNOWN",
    }
}

/// The forms a handbook binds, each with its version, by number.
type Bound = Vec<(String, String)>;

/// What `verify` read of one file.
struct Read<'a> {
    /// The file as given.
    file: String,
    /// Its SHA-256.
    hash: &'a str,
    /// The identity it carries, if any.
    carried: Option<Identity>,
    /// How its seal checks out.
    seal: Seal,
    /// For a handbook, each form it binds with its version, when its
    /// identity says (prints made before it did say nothing).
    bound: Option<Bound>,
}

/// Tells what a file is, from its SHA-256, and the identity, seal and bound
/// forms it carries, if any.
/// What is in use of each form, worked out once for all the files read:
/// each reads every document's text.
struct FormsNow<'a> {
    from_snapshots: std::collections::BTreeMap<String, (&'a crate::loader::DocumentSet, usize)>,
    drafted: HashSet<String>,
    in_use: std::collections::BTreeMap<String, (&'a crate::model::Form, chrono::NaiveDate)>,
    withdrawn: std::collections::BTreeMap<String, crate::archive::Withdrawn<'a>>,
}

impl<'a> FormsNow<'a> {
    fn of(history: &'a History) -> Self {
        Self {
            from_snapshots: history.forms_from_snapshots(),
            drafted: history.drafted_only(),
            in_use: history.forms_in_use(),
            withdrawn: history.withdrawn(),
        }
    }
}

fn check(history: &History, forms: &FormsNow, manifest: Option<&Manifest>, read: Read) -> Report {
    let Read {
        file,
        hash,
        carried,
        seal,
        bound,
    } = read;
    let current = manifest.and_then(|m| m.outputs.iter().find(|e| e.sha256 == hash));
    let retired = manifest.and_then(|m| m.retired.iter().find(|e| e.sha256 == hash));
    // A specimen is said by the file itself: the manifest does not say it.
    let specimen = carried.as_ref().is_some_and(|c| c.specimen);
    let identity = current
        .or(retired)
        .map(from_entry)
        .or(carried)
        .map(|id| Identity { specimen, ..id });
    let Some(identity) = identity else {
        return Report {
            file,
            verdict: Verdict::Unknown,
            what: None,
            status: None,
            integrity: "not printed by ctrldoc: it carries no ctrldoc identity and matches no output in `output/manifest.json`".into(),
        };
    };
    let (mut in_force, mut status) = version_status(history, forms, &identity);
    // Printed from a text changed by hand after it was approved.
    if current.or(retired).is_some_and(|e| e.unapproved) {
        let but = if in_force { ", but" } else { ";" };
        in_force = false;
        status = format!(
            "{status}{but} it was printed with a change made by hand after its text was approved and printed, which its approval does not cover (`ctrldoc check` says what changed)"
        );
    }
    // The register of a version since superseded is the record its copies
    // are recalled by: it is current as long as the last build printed it.
    if !in_force
        && identity.kind == "register"
        && history
            .superseded(&identity.number, &identity.version)
            .is_some()
    {
        in_force = true;
        status = format!(
            "{status}; its register stays the record of its copies, that they are recalled by"
        );
    }
    // The draft of a version since approved is not its master.
    if identity.draft && in_force {
        in_force = false;
        status =
            format!("{status}, but this is its draft, printed for review before it was approved");
    }
    // A form it binds whose file could not be read: not known to be
    // the one in use.
    let broken = bound.as_ref().and_then(|b| {
        // A form's file, not its ledger's.
        b.iter().find_map(|(number, _)| {
            unreadable_of(history, number)
                .into_iter()
                .find(|p| p.starts_with("data/forms/") || p.contains("/data/forms/"))
        })
    });
    if in_force && let Some(revised) = bound.and_then(|b| revised_forms(history, &identity, &b)) {
        in_force = false;
        status = format!("{status}, but it binds {revised}");
    } else if in_force && let Some(file) = broken {
        in_force = false;
        status = format!(
            "{status}, but whether the forms it binds are in use is NOT KNOWN: `{file}` has errors (`ctrldoc check` says them)"
        );
    }
    // A pad's numbers the ledger records as void (a number is a sheet, or
    // a set of a form in parts): a pad all of them void, as when it was
    // lost, is no blank paper to fill in.
    // Said as a reason more of paper not current already.
    let but = if in_force { ", but" } else { ";" };
    if let Some(used) = used_up(history, &identity) {
        in_force = false;
        status = format!(
            "{status}{but} the ledger records this pad as used up on {} by {}: it has no blank sheet left",
            used.date, used.by
        );
    } else if let Some(voided) = voided_numbers(history, &identity) {
        if voided.all {
            in_force = false;
            status = format!(
                "{status}{but} the ledger records every number of this pad as void: {}",
                voided.runs
            );
        } else {
            status = format!(
                "{status}; the ledger records {} of its {} numbers as void: {}",
                voided.count, voided.numbers, voided.runs
            );
        }
    }
    // The print of the same copy the last build made, when its approved
    // text differs from this earlier print's: the text was changed since.
    let text_changed = retired.and_then(|then| {
        let now = manifest?
            .outputs
            .iter()
            .find(|e| from_entry(e) == identity)?;
        match (&then.text, &now.text) {
            (Some(a), Some(b)) if a != b && crate::plan::comparable_texts(a, b) => Some(now),
            _ => None,
        }
    });
    let (verdict, integrity) = match (current, retired) {
        (Some(entry), _) => (
            if in_force {
                Verdict::CurrentIntact
            } else {
                Verdict::NotCurrent
            },
            format!(
                "intact: SHA-256 matches `{}` of the last build{}",
                entry.path,
                // What the register records of a copy of a version no
                // longer in force; a list the last build printed is as it is.
                match in_force || shows_the_set(&identity) {
                    true => String::new(),
                    false => gone(history, &identity, true)
                        .map_or(String::new(), |why| format!(". {why}")),
                }
            ),
        ),
        // An earlier print of a copy the last build printed anew, with the
        // same number, version and holder (say, without the foot note of a
        // version that has taken effect since): the paper is that copy.
        (None, Some(entry)) if in_force && let Some(now) = text_changed => (
            Verdict::NotCurrent,
            format!(
                "intact: SHA-256 matches an earlier print of `{}`, but its {} is not the {} of {} printed now: it was changed after this was printed (see `{}`)",
                entry.path,
                changed_what(entry, now),
                changed_what(entry, now),
                identity.version,
                now.path
            ),
        ),
        (None, Some(entry))
            if in_force
                && matches!(
                    entry.kind.as_str(),
                    "controlled-copy" | "master" | "uncontrolled"
                )
                && manifest
                    .is_some_and(|m| m.outputs.iter().any(|e| from_entry(e) == identity)) =>
        {
            (
                Verdict::CurrentIntact,
                format!(
                    "intact: SHA-256 matches an earlier print of `{}`, which the last build printed anew with the same number, version and holder",
                    entry.path
                ),
            )
        }
        (None, Some(entry)) => (
            Verdict::NotCurrent,
            format!(
                "intact: SHA-256 matches an earlier print of `{}`, since replaced or withdrawn{}",
                entry.path,
                gone(history, &identity, true).map_or(String::new(), |why| format!(". {why}"))
            ),
        ),
        // No record of these bytes, as when `output/` was deleted since it
        // was printed; but its seal says they are those it was printed with.
        (None, None) if seal == Seal::Intact => {
            let unrecorded = match manifest {
                Some(_) => {
                    "no print with its SHA-256 is recorded in `output/manifest.json`, which forgets every earlier print when `output/` is deleted"
                }
                None => "there is no `output/manifest.json` to find it in",
            };
            match (in_force, gone(history, &identity, manifest.is_some())) {
                (true, None) => (
                    Verdict::Unconfirmed,
                    format!(
                        "its seal matches its contents, so it is as printed, unless someone who knows how seals are made sealed it again; but {unrecorded}{}",
                        match shows_the_set(&identity) {
                            true =>
                                ". Nor can it be told whether it shows the set as it is now: build, then verify it again",
                            false => "",
                        }
                    ),
                ),
                (true, Some(gone)) => (
                    Verdict::NotCurrent,
                    format!("intact: its seal matches its contents; {unrecorded}. {gone}"),
                ),
                (false, gone) => (
                    Verdict::NotCurrent,
                    format!(
                        "intact: its seal matches its contents; {unrecorded}{}",
                        gone.map_or(String::new(), |why| format!(". {why}"))
                    ),
                ),
            }
        }
        (None, None) => {
            let printed = manifest
                .into_iter()
                .flat_map(|m| m.outputs.iter().chain(&m.retired))
                .find(|e| from_entry(e) == identity);
            (
                Verdict::Altered,
                match (printed, seal) {
                    (Some(entry), Seal::Broken) => format!(
                        "ALTERED: it says it is `{}`, but its SHA-256 is not the one printed, and its seal does not match its contents",
                        entry.path
                    ),
                    (Some(entry), _) => format!(
                        "ALTERED: it says it is `{}`, but its SHA-256 is not the one printed",
                        entry.path
                    ),
                    (None, Seal::Broken) => "ALTERED: its contents are not those it was printed with (its seal does not match them)".into(),
                    (None, _) => "ALTERED or foreign: it says it was printed by ctrldoc, but no print of it is recorded".into(),
                },
            )
        }
    };
    Report {
        file,
        verdict,
        what: Some(
            match identity.draft && identity.kind != crate::plan::Kind::Form.name() {
                true => format!(
                    "draft master{} of {} {}, printed for review",
                    gloss(history, " (草稿)"),
                    identity.number,
                    identity.version
                ),
                false => describe(&identity, history),
            },
        ),
        status: Some(status),
        integrity,
    }
}

/// Why what `id` names, printed by a build with no record of it, is no
/// longer current though its version is in force, if that can be told: a
/// list the last build printed otherwise shows the set as it was; a
/// controlled copy may be back. Of a copy of a version no longer in force,
/// what the register records of it, back; or out, for a version
/// superseded, which is to be recalled.
fn gone(history: &History, id: &Identity, recorded: bool) -> Option<String> {
    if shows_the_set(id) {
        return recorded.then(|| {
            "The last build printed it otherwise: it shows the set as it was then".into()
        });
    }
    if id.kind != "controlled-copy" {
        return None;
    }
    let copy = history
        .set
        .register(&id.number)
        .and_then(|r| r.value.copies.iter().find(|c| Some(c.number) == id.copy));
    let number = id.copy.unwrap_or(0);
    let next = copy.and_then(|_| history.set.register(&id.number)?.value.replaced_by(number));
    // A register with errors is not read: what it records is not known.
    let file = history.set.name(&crate::register::path(&id.number));
    if history.set.unreadable.contains(&file) {
        return Some(format!(
            "What the register records of copy {number:02} is NOT KNOWN: `{file}` has errors"
        ));
    }
    match copy {
        Some(c)
            if Some(&c.holder) == id.holder.as_ref()
                && c.version == id.version
                && c.state == CopyState::Issued =>
        {
            history.superseded(&id.number, &id.version).is_some().then(|| {
                format!(
                    "The register records copy {number:02} as still out with {}: recall it (`ctrldoc recall {} --copy {number} --returned`)",
                    c.holder, id.number
                )
            })
        }
        // The number recorded as issued to another, or at another version,
        // whatever became of that copy since: issued twice, with the
        // register put back from an older copy and the record of the last
        // build gone (found by a reviewer), or the print is not genuine.
        Some(c) if Some(&c.holder) != id.holder.as_ref() || c.version != id.version => {
            let since = match c.state {
                CopyState::Issued => String::new(),
                state => format!(" ({} since)", state.label()),
            };
            Some(format!(
                "The register records copy {number:02} as issued to {} on {}, at {}{since}, not to {} at {}: the number was issued twice (a register put back from an older copy?), or this print is not genuine",
                c.holder,
                c.issued,
                c.version,
                id.holder.as_deref().unwrap_or("?"),
                id.version
            ))
        }
        Some(c) if c.state == CopyState::Returned => Some(format!(
            "The register records copy {number:02} as returned{}{}",
            c.returned.map_or(String::new(), |d| format!(" on {d}")),
            match c.disposition {
                Some(Disposition::Destroyed) => " and destroyed",
                Some(Disposition::Kept) => " and kept for reference, marked obsolete",
                None => "",
            }
        )),
        Some(c) if c.state == CopyState::Void => Some(format!(
            "The register records copy {number:02} as void{}{}",
            c.void_said(next).map_or(String::new(), |n| format!(" ({n})")),
            c.returned
                .map_or(String::new(), |d| format!(", found and returned on {d}"))
        )),
        // Issued to this holder at this version, in force.
        Some(_) => None,
        None => Some(format!(
            "The register records no copy {number:02} of {}: it was edited, or put back from an older copy, or this print is not genuine",
            id.number
        )),
    }
}

/// What the ledger records as void of the numbers of the pad `id` names.
struct Voided {
    /// Whether every number is void.
    all: bool,
    /// How many are.
    count: usize,
    /// How many numbers the pad has.
    numbers: usize,
    /// The runs of them, with each run's reason and date.
    runs: String,
}

/// The record of the pad `id` names as used up, if the ledger has one.
fn used_up(history: &History, id: &Identity) -> Option<crate::serial::UsedUp> {
    let (first, _) = id.serials.as_ref().filter(|_| id.kind == "pad")?;
    let ledger = &history.set.ledger(&id.number)?.value;
    ledger.used_up.iter().find(|u| &u.pad == first).cloned()
}

/// The numbers of the pad `id` names that the ledger records as void,
/// when there are any.
fn voided_numbers(history: &History, id: &Identity) -> Option<Voided> {
    let (first, last) = id.serials.as_ref().filter(|_| id.kind == "pad")?;
    let ledger = &history.set.ledger(&id.number)?.value;
    let pad = ledger
        .pads
        .iter()
        .find(|p| p.range() == (first.clone(), last.clone()))?;
    let (count, numbers) = ledger.voided_on(pad);
    if count == 0 {
        return None;
    }
    let on_pad: HashSet<String> = pad.serials().into_iter().collect();
    let runs: Vec<String> = crate::serial::void_runs(ledger)
        .into_iter()
        .filter(|run| on_pad.contains(run.first))
        .map(|run| crate::audit::void_run(&run, false))
        .collect();
    Some(Voided {
        all: count == numbers,
        count,
        numbers,
        runs: runs.join("; "),
    })
}

/// What of an approved version differs between two prints of it: its text,
/// or only its approval record (signatures, effective date).
fn changed_what(then: &Entry, now: &Entry) -> &'static str {
    match (&then.text, &now.text) {
        (Some(a), Some(b)) if !crate::plan::texts_differ(a, b) => "approval record",
        _ => "text",
    }
}

/// Whether what `id` names shows the set as it was when printed: a list,
/// a register or the audit report, current only as the last build made it.
fn shows_the_set(id: &Identity) -> bool {
    matches!(
        id.kind.as_str(),
        "master-list" | "records-list" | "audit" | "register" | "ledger"
    )
}

fn from_entry(entry: &Entry) -> Identity {
    Identity {
        kind: entry.kind.clone(),
        number: entry.number.clone(),
        version: entry.version.clone(),
        copy: entry.copy,
        holder: entry.holder.clone(),
        serials: entry.serials.clone(),
        draft: entry.draft,
        specimen: false,
    }
}

/// The forms a print of a handbook binds at another version than the one
/// it is printed with now, in words, if any: the paper is then not the
/// document in force, though its own version is.
fn revised_forms(history: &History, id: &Identity, bound: &[(String, String)]) -> Option<String> {
    if !matches!(
        id.kind.as_str(),
        "master" | "controlled-copy" | "uncontrolled"
    ) {
        return None;
    }
    let (set, _) = history.current(&id.number)?;
    let revised: Vec<String> = bound
        .iter()
        .filter_map(|(number, version)| {
            let now = set.form(number)?.value.version.as_str();
            (now != version).then(|| format!("{number} {version} (now {now})"))
        })
        .collect();
    match revised.len() {
        0 => None,
        1 => Some(format!("form {}, since revised", revised[0])),
        _ => Some(format!("forms {}, since revised", revised.join(", "))),
    }
}

/// Finds the `ctrldoc-id` keyword in a PDF's bytes, with the forms a
/// handbook's says it binds, each with its version. It is ASCII in the
/// document information and in the XMP metadata, so it is found even when
/// the file is damaged.
pub(crate) fn read_identity(bytes: &[u8]) -> Option<(Identity, Option<Bound>)> {
    let span = crate::plan::identities(bytes).into_iter().next()?;
    let text = std::str::from_utf8(&bytes[span]).ok()?;
    let mut id = Identity::default();
    let mut bound = None;
    for field in text.split(';') {
        let (key, raw) = field.split_once('=')?;
        let value = unpercent(raw);
        match key {
            // Each number and version is encoded on its own.
            "forms" => {
                bound = raw
                    .split('+')
                    .map(|pair| {
                        let (number, version) = pair.split_once('@')?;
                        Some((unpercent(number), unpercent(version)))
                    })
                    .collect();
            }
            "kind" => id.kind = value,
            "number" => id.number = value,
            "version" => id.version = value,
            "copy" => id.copy = value.parse().ok(),
            "holder" => id.holder = Some(value),
            "draft" => id.draft = value == "1",
            "specimen" => id.specimen = value == "1",
            "serials" => {
                let (first, last) = value.split_once("..")?;
                id.serials = Some((first.to_owned(), last.to_owned()));
            }
            _ => {}
        }
    }
    (!id.kind.is_empty() && !id.number.is_empty()).then_some((id, bound))
}

fn describe(id: &Identity, history: &History) -> String {
    let what = format!("{} {}", id.number, id.version);
    match id.kind.as_str() {
        "master" => format!("master copy{} of {what}", gloss(history, " (正本)")),
        "controlled-copy" => format!(
            "controlled copy {:02} of {what} to {}",
            id.copy.unwrap_or(0),
            id.holder.as_deref().unwrap_or("?")
        ),
        "uncontrolled" => format!("uncontrolled reference copy of {what}"),
        "obsolete" => format!("obsolete master of {what}"),
        // A pre-numbered form printed blank is its specimen: its sheets
        // in use come from its pads. (One printed before specimens were
        // marked is a blank form, as it says.)
        "form" if id.specimen => {
            format!(
                "specimen{} of pre-numbered form {what}, not a sheet of one of its pads",
                gloss(history, " (样张)")
            )
        }
        "form" => format!("blank form {what}"),
        "pad" => match &id.serials {
            Some((first, last)) => format!("pad of form {what}, serials {first}–{last}"),
            None => format!("pad of form {what}"),
        },
        "register" => format!("issue and return register of {what}"),
        "ledger" => format!(
            "serial ledger of form {}{}",
            id.number,
            gloss(history, " (流水号登记表)")
        ),
        "master-list" => format!("master list{}", gloss(history, " (受控文件清单)")),
        "records-list" => format!("records list{}", gloss(history, " (记录清单)")),
        "audit" => "audit report of the whole set".into(),
        other => format!("{other} {what}"),
    }
}

/// The Chinese name of what is described, said beside it in a Chinese set,
/// whose paper says it so; nothing in another.
fn gloss(history: &History, chinese: &'static str) -> &'static str {
    match history.set.labels.language {
        crate::labels::Language::Chinese => chinese,
        crate::labels::Language::English => "",
    }
}

/// The files of the set named for `number` (its form, document, register
/// or ledger) that could not be read.
fn unreadable_of<'h>(history: &'h History, number: &str) -> Vec<&'h String> {
    history
        .set
        .unreadable
        .iter()
        .filter(|p| {
            std::path::Path::new(p)
                .file_stem()
                .is_some_and(|s| s == number)
        })
        .collect()
}

/// Whether the version an output is of is in force, in words.
fn version_status(history: &History, forms: &FormsNow, id: &Identity) -> (bool, String) {
    let set = &history.set;
    // Its form's, document's, register's or ledger's file could not be
    // read: what it says of the paper is not known.
    if let Some(file) = unreadable_of(history, &id.number).into_iter().next() {
        return (
            false,
            format!(
                "NOT KNOWN: `{file}` has errors (`ctrldoc check` says them), so whether {} is in use cannot be said",
                id.version
            ),
        );
    }
    // A form's serial ledger is of all its versions, current as long as
    // the last build printed it.
    if id.kind == "ledger" {
        return match set.ledger(&id.number) {
            Some(_) => (true, "the form's serial ledger".into()),
            None => (
                false,
                format!("{} has no serial ledger in this document set", id.number),
            ),
        };
    }
    // In use as the snapshot of the version in force of a document that
    // binds it keeps it, until that document's revision takes effect.
    if let Some(&(kept, index)) = forms.from_snapshots.get(id.number.as_str()) {
        let in_use = kept.forms[index].value.version.as_str();
        let revision = kept.documents.first().map_or(String::new(), |d| {
            format!(" with the revision of {} that binds it", d.value.number)
        });
        return match set.form(&id.number) {
            _ if in_use == id.version => (
                true,
                format!("{} is the form's current version", id.version),
            ),
            Some(form) if form.value.version.as_str() == id.version => (
                false,
                format!(
                    "{} is NOT YET IN USE: it comes into use{revision}; {in_use} is in use until then",
                    id.version
                ),
            ),
            _ => (
                false,
                format!(
                    "{} is NOT the form's current version ({in_use})",
                    id.version
                ),
            ),
        };
    }
    // Withdrawn, none of its paper is for use, whatever its version.
    if let Some(w) = forms.withdrawn.get(id.number.as_str()) {
        return (false, format!("{} is WITHDRAWN: {}", id.version, w.said()));
    }
    // Only drafts binding it, it is not yet for use, whatever its version.
    if set.form(&id.number).is_some() && forms.drafted.contains(id.number.as_str()) {
        return (
            false,
            format!(
                "{} is a DRAFT form: no approved document binds it, so it is not yet for use",
                id.version
            ),
        );
    }
    // Only versions yet to take effect binding it, it is not yet in use.
    if set.form(&id.number).is_some() && !forms.in_use.contains_key(id.number.as_str()) {
        return (
            false,
            format!(
                "{} is APPROVED, and NOT YET IN USE: it comes into use when the document version that binds it takes effect",
                id.version
            ),
        );
    }
    if let Some(form) = set.form(&id.number) {
        let version = form.value.version.as_str();
        // A form's first version dated later is printed, but not in force:
        // the portal leaves it out until then.
        if version == id.version && form.value.effective > history.today {
            return (
                false,
                format!(
                    "{} is APPROVED, and NOT YET IN FORCE: it takes effect on {}",
                    id.version, form.value.effective
                ),
            );
        }
        return if version == id.version {
            (
                true,
                format!("{} is the form's current version", id.version),
            )
        } else {
            (
                false,
                format!(
                    "{} is NOT the form's current version ({version})",
                    id.version
                ),
            )
        };
    }
    if let Some(doc) = set
        .documents
        .iter()
        .find(|d| d.value.number.as_str() == id.number)
    {
        if let Some(s) = history.superseded(&id.number, &id.version) {
            let when = s.effective.map_or(String::new(), |d| format!(" from {d}"));
            return (
                false,
                format!("{} is SUPERSEDED by {}{when}", id.version, s.by),
            );
        }
        if doc.value.version.as_str() == id.version {
            if let Some(from) = archive::pending(&doc.value, history.today) {
                return (
                    false,
                    format!(
                        "{} is APPROVED, and NOT YET IN FORCE: it takes effect on {from}",
                        id.version
                    ),
                );
            }
            // Printed approved, its approval was taken back since.
            if !archive::approved(&doc.value) && !id.draft {
                return (
                    false,
                    format!(
                        "{} is a DRAFT again: this paper was printed with its approval, which was withdrawn since (`ctrldoc withdraw`), to be corrected and signed anew",
                        id.version
                    ),
                );
            }
            if !archive::approved(&doc.value) {
                return (false, format!("{} is a DRAFT, not approved", id.version));
            }
        }
        if let Some((_, current)) = history.current(&id.number)
            && current.value.version.as_str() == id.version
        {
            return (true, format!("{} is the version in force", id.version));
        }
        return (
            false,
            format!("{} is not a version of {} on record", id.version, id.number),
        );
    }
    match id.kind.as_str() {
        "master-list" | "records-list" => (true, "a list of the whole set".into()),
        "audit" => (true, "a report on the whole set".into()),
        _ => (false, format!("{} is not in this document set", id.number)),
    }
}

//! Versions that are no longer the working copy of a document. When a
//! revision is opened, everything the effective version's master is made
//! from is copied into `data/archive/<NUMBER>/<VERSION>/`, so that it can
//! still be rebuilt exactly: while the revision is a draft that version stays
//! in force, and from the day the revision takes effect it is superseded and
//! rebuilt stamped 作废 (obsolete).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::loader::{self, DocumentSet, Loaded, relative};
use crate::model::{Document, Form, Role, Signature, Status};
use crate::register::{CopyState, StateLock};
use crate::validate::{self, referenced_forms};

/// The folder of every archived version, relative to the set's root.
pub const FOLDER: &str = "data/archive";

/// An archived version of a document: a snapshot of its data and templates.
#[derive(Debug, Clone)]
pub struct Archived {
    /// The snapshot, loaded as a document set of its own.
    pub set: DocumentSet,
    /// Whether it is still in force.
    pub state: State,
}

/// Whether an archived version is still in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// The version in force while its revision is a draft, or approved to
    /// take effect on a later day.
    Current,
    /// Replaced by a later effective version.
    Superseded(Superseded),
}

/// What replaced a superseded version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    /// The version that replaced it.
    pub by: String,
    /// When that version took effect.
    pub effective: Option<NaiveDate>,
}

/// A form withdrawn (作废): a version in force of a document bound it, and
/// no version in force binds it now, since the one that replaced that
/// version took effect without it. Its ledger is kept: its numbers are on
/// paper, and its records are kept their time.
#[derive(Debug, Clone)]
pub struct Withdrawn<'a> {
    /// The snapshot of the last version in force that bound it.
    pub kept: &'a DocumentSet,
    /// The form's place in that snapshot: the version last in use.
    pub index: usize,
    /// The day it was withdrawn: the one the version that replaced that
    /// one took effect.
    pub day: NaiveDate,
    /// The day that version of it came into use: its own, or the day the
    /// first version in force that bound it at that version took effect,
    /// if later.
    pub since: NaiveDate,
    /// The document whose revision dropped it.
    pub document: String,
    /// That revision.
    pub by: String,
}

impl<'a> Withdrawn<'a> {
    /// The form as it was last in use.
    pub fn form(&self) -> &'a Loaded<Form> {
        &self.kept.forms[self.index]
    }

    /// What became of it, as said: `` `QR-XS-004` was withdrawn on DAY,
    /// when XS-ZD-001 A/1 took effect without it ``.
    pub fn said(&self) -> String {
        format!(
            "`{}` was withdrawn on {}, when {} {} took effect without it",
            self.form().value.number,
            self.day,
            self.document,
            self.by
        )
    }
}

/// A form in use that the revision being written drops: see
/// [`History::dropping`].
#[derive(Debug, Clone)]
pub struct Dropping {
    /// The document whose revision drops it.
    pub document: String,
    /// That revision.
    pub by: String,
    /// The day it takes effect, once approved for it.
    pub day: Option<NaiveDate>,
}

impl Archived {
    /// The archived document.
    pub fn document(&self) -> &Loaded<Document> {
        &self.set.documents[0]
    }
}

/// Tells whether a version of a document has been approved and made
/// effective, whether or not the day it takes effect has come.
pub fn approved(doc: &Document) -> bool {
    doc.status == Status::Effective && doc.is_approved()
}

/// Tells whether the approval of a document covers the version of a form
/// it binds: that version took effect with the document, or before the
/// document was approved. A form revised after the approval was signed is
/// not covered, though the document is yet to take effect: one that took
/// effect with the document in place of a version in effect before, when
/// its revision record dates it after the signature (without an entry of
/// its own, it is taken as covered). A form's first version (`first` of
/// the set's scheme, its revision record naming no other) is covered
/// whatever its day: there was no other the approval could have meant.
pub fn approval_covers(doc: &Document, form: &Form, first: &str) -> bool {
    if form.version.as_str() == first && form.history.iter().all(|r| r.version == form.version) {
        return approved(doc);
    }
    let taken = form.effective;
    // When the version was made, where its revision record says.
    let made = form
        .history
        .iter()
        .find(|r| r.version == form.version)
        .map(|r| r.date);
    let replaced = || {
        form.history
            .iter()
            .any(|r| r.version != form.version && r.date <= taken)
    };
    match (doc.effective, &doc.approved) {
        (Some(from), Some(signed)) if approved(doc) => {
            (taken < from && taken <= signed.date)
                || (taken == from && (made.is_none_or(|d| d <= signed.date) || !replaced()))
        }
        _ => false,
    }
}

/// The approval that first covered a form's version bound by a document:
/// that of `doc`, or of the earlier versions of it the archive keeps that
/// bound the form at the same version, each the one before the next,
/// whichever was signed first. A form left unchanged by a revision was
/// approved with the version it came into use with; the revision's
/// approval, later than the day it took effect, is not the day it was
/// approved. One a version before dropped came into use again with the
/// version that named it again.
pub fn first_approval<'a>(
    history: &'a History,
    doc: &'a Document,
    form: &Form,
    first: &str,
) -> Option<&'a Signature> {
    if !approval_covers(doc, form, first) {
        return None;
    }
    let versions: Vec<&Archived> = history.versions_of(doc.number.as_str()).collect();
    let before = versions
        .iter()
        .position(|kept| kept.document().value.version == doc.version)
        .unwrap_or(versions.len());
    let mut signed = doc.approved.as_ref()?;
    for kept in versions[..before].iter().rev() {
        let version = &kept.document().value;
        let bound = kept.set.form(form.number.as_str()).map(|f| &f.value);
        match (bound, &version.approved) {
            (Some(bound), Some(then))
                if bound.version == form.version
                    && referenced_forms(version).contains(&form.number.to_string())
                    && approval_covers(version, bound, first) =>
            {
                signed = then;
            }
            _ => break,
        }
    }
    Some(signed)
}

/// Tells whether a version of a document is in force on a day: approved,
/// and effective on or before it.
pub fn in_force(doc: &Document, today: NaiveDate) -> bool {
    approved(doc) && doc.effective.is_none_or(|from| from <= today)
}

/// The day an approved version takes effect, when that is after `today`:
/// until then the version before it stays in force (发布 before 实施).
pub fn pending(doc: &Document, today: NaiveDate) -> Option<NaiveDate> {
    doc.effective.filter(|&from| approved(doc) && from > today)
}

/// The folder of a version's snapshot, relative to the set's root.
pub fn base(number: &str, version_stem: &str) -> String {
    format!("{FOLDER}/{number}/{version_stem}")
}

/// The archive of a document's own version, left by a revise that stopped
/// after it archived the version and before it wrote the document: the
/// archive's copy of the document is the working one, byte for byte.
/// `revise` removes it and starts over.
/// Not so when its register records copies of a later version: the
/// document's file was put back from an older copy, and the archive is the
/// record of a version since superseded (found by a reviewer: `revise`
/// removed it).
pub fn unfinished(set: &DocumentSet, doc: &Loaded<Document>) -> Option<String> {
    let base = base(doc.value.number.as_str(), &doc.value.version.file_stem());
    let archived = fs::read(set.root.join(&base).join(&doc.path)).ok()?;
    let working = fs::read(set.root.join(&doc.path)).ok()?;
    (archived == working && later_recorded(set, &doc.value).is_none() && !archived_later(set, doc))
        .then_some(base)
}

/// How a revise that stopped is first said (see [`unfinished`]): a build
/// that knows better, from its record, says otherwise in its place.
pub fn stopped_said(number: &str) -> String {
    format!("a revise of `{number}` stopped before it changed the document")
}

/// Whether a version of `doc` later than its own is archived: its file
/// was put back from an older copy, past the versions archived since.
fn archived_later(set: &DocumentSet, doc: &Loaded<Document>) -> bool {
    let scheme = set.settings.version_scheme;
    let Some(own) = scheme.parts(doc.value.version.as_str()) else {
        return false;
    };
    let folder = set.root.join(FOLDER).join(doc.value.number.as_str());
    let Ok(versions) = fs::read_dir(folder) else {
        return false;
    };
    versions.flatten().any(|entry| {
        let Ok(text) = fs::read_to_string(entry.path().join(&doc.path)) else {
            return false;
        };
        // Its `version:`, read as written: the snapshot is loaded with
        // the rest of the archive, and said there if it cannot be.
        text.lines()
            .find_map(|l| l.strip_prefix("version:"))
            .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"'))
            .and_then(|v| scheme.parts(v))
            .is_some_and(|parts| parts > own)
    })
}

/// The snapshot of an archived version of `doc` whose document is the
/// working one, byte for byte: its file was put back from that version.
fn same_as_archived(set: &DocumentSet, doc: &Loaded<Document>) -> Option<String> {
    let working = fs::read(set.root.join(&doc.path)).ok()?;
    let folder = set.root.join(FOLDER).join(doc.value.number.as_str());
    let mut found: Vec<String> = fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter(|entry| fs::read(entry.path().join(&doc.path)).ok().as_ref() == Some(&working))
        .map(|entry| {
            format!(
                "{FOLDER}/{}/{}",
                doc.value.number,
                entry.file_name().to_string_lossy()
            )
        })
        .collect();
    found.sort();
    found.pop()
}

/// The latest version of `doc` after its own that its register records
/// copies of: the file was put back from an older copy when there is one.
pub fn later_recorded(set: &DocumentSet, doc: &Document) -> Option<String> {
    let scheme = set.settings.version_scheme;
    let own = scheme.parts(doc.version.as_str())?;
    let register = set.register(doc.number.as_str())?;
    register
        .value
        .copies
        .iter()
        .map(|c| c.version.as_str())
        .filter_map(|v| Some((scheme.parts(v)?, v)))
        .filter(|(parts, _)| *parts > own)
        .max()
        .map(|(_, v)| v.to_owned())
}

/// A document set with its archived versions, validated together.
#[derive(Debug, Clone)]
pub struct History {
    /// The working set.
    pub set: DocumentSet,
    /// Every archived version, by document number and then version.
    pub archived: Vec<Archived>,
    /// The day the history is read as of: what is in force depends on it.
    pub today: NaiveDate,
    /// The day the lists a build prints are as of, `today` unless a build
    /// is told otherwise ([`crate::config::Config::report_date`]): a review
    /// due before it is overdue.
    pub report_date: NaiveDate,
    /// The archived snapshots that could not be read, by folder, e.g.
    /// `data/archive/XS-ZD-001/A0`: their errors are said, and what they
    /// held is not known.
    pub unreadable: Vec<String>,
}

impl History {
    /// The version of a document that is in force, from the working set or
    /// the archive, with the set it belongs to.
    pub fn current(&self, number: &str) -> Option<(&DocumentSet, &Loaded<Document>)> {
        if let Some(doc) = self
            .set
            .documents
            .iter()
            .find(|d| d.value.number.as_str() == number && in_force(&d.value, self.today))
        {
            return Some((&self.set, doc));
        }
        self.archived
            .iter()
            .find(|a| a.state == State::Current && a.document().value.number.as_str() == number)
            .map(|a| (&a.set, a.document()))
    }

    /// Whether a snapshot of a document could not be read: what is in force
    /// may be in it.
    pub fn unreadable_of(&self, number: &str) -> bool {
        let folder = format!("{FOLDER}/{number}/");
        self.unreadable.iter().any(|base| base.starts_with(&folder))
    }

    /// The forms whose version in use is not the one in `data/forms/`, by
    /// number, with the snapshot's set and the form's place in it: a
    /// version in force from its snapshot, its revision a draft or yet to
    /// take effect, binds them as its snapshot keeps them, and no version
    /// in force in the working set binds them. A form revised, or taken
    /// out, with the revision is so in use as it was until the revision
    /// takes effect.
    pub fn forms_from_snapshots(&self) -> BTreeMap<String, (&DocumentSet, usize)> {
        let mut out = self.bound_by_snapshots();
        out.retain(|number, &mut (kept, index)| {
            self.set
                .form(number)
                .is_none_or(|f| f.value.version != kept.forms[index].value.version)
        });
        out
    }

    /// The version of each form in use, from `data/forms/` or a snapshot,
    /// by number, with the day it came into use: the form's own, or the day
    /// the first version in force that binds it took effect, if later. A
    /// form only drafts, or versions yet to take effect, bind is not in
    /// use yet, and not among them.
    pub fn forms_in_use(&self) -> BTreeMap<String, (&Form, NaiveDate)> {
        // The first day each version of a form was bound by a version in
        // force, now or before, of a document; and every form a working
        // version binds.
        let mut since: BTreeMap<(String, String), NaiveDate> = BTreeMap::new();
        let mut took_effect = |number: String, version: &str, doc: &Document| {
            let day = doc.effective.unwrap_or_default();
            let first = since.entry((number, version.to_owned())).or_insert(day);
            *first = (*first).min(day);
        };
        let (mut bound, mut bound_now) = (
            std::collections::HashSet::new(),
            std::collections::HashSet::new(),
        );
        for d in &self.set.documents {
            let names = referenced_forms(&d.value);
            if in_force(&d.value, self.today) {
                for number in &names {
                    if let Some(form) = self.set.form(number) {
                        took_effect(number.clone(), form.value.version.as_str(), &d.value);
                    }
                }
                bound_now.extend(names.iter().cloned());
            }
            bound.extend(names);
        }
        bound_now.extend(self.bound_by_snapshots().into_keys());
        for a in &self.archived {
            let doc = &a.document().value;
            for number in referenced_forms(doc) {
                if let Some(form) = a.set.form(&number) {
                    took_effect(number.clone(), form.value.version.as_str(), doc);
                }
            }
        }
        let first = |form: &Form| {
            since
                .get(&(form.number.to_string(), form.version.to_string()))
                .map(|day| (*day).max(form.effective))
        };
        let from_snapshots = self.forms_from_snapshots();
        let withdrawn = self.withdrawn();
        let mut out = BTreeMap::new();
        for (number, &(kept, index)) in &from_snapshots {
            let form = &kept.forms[index].value;
            if let Some(day) = first(form) {
                out.insert(number.clone(), (form, day));
            }
        }
        for loaded in &self.set.forms {
            let form = &loaded.value;
            let number = form.number.as_str();
            if from_snapshots.contains_key(number) {
                continue;
            }
            // Bound by no version in force, it is its own, or (bound by
            // drafts, or versions yet to take effect, only) not yet in use,
            // or withdrawn.
            match (bound_now.contains(number), first(form)) {
                (true, Some(day)) => {
                    out.insert(number.to_owned(), (form, day));
                }
                (false, _) if !bound.contains(number) && !withdrawn.contains_key(number) => {
                    out.insert(number.to_owned(), (form, form.effective));
                }
                _ => {}
            }
        }
        out
    }

    /// The forms the version in force of a document binds from its
    /// snapshot, while its revision is a draft or yet to take effect, and
    /// no version in force in the working set binds, whatever their
    /// version in `data/forms/`: see [`History::forms_from_snapshots`].
    pub fn bound_by_snapshots(&self) -> BTreeMap<String, (&DocumentSet, usize)> {
        // Most builds have no revision open: nothing to read then.
        if !self.archived.iter().any(|a| a.state == State::Current) {
            return BTreeMap::new();
        }
        let bound_now = self.bound_in_force();
        let mut out = BTreeMap::new();
        for a in self.archived.iter().filter(|a| a.state == State::Current) {
            let names = referenced_forms(&a.document().value);
            for number in names {
                if bound_now.contains(&number) || out.contains_key(&number) {
                    continue;
                }
                let Some(index) = a.set.form_index(&number) else {
                    continue;
                };
                out.insert(number, (&a.set, index));
            }
        }
        out
    }

    /// The forms withdrawn, by number: see [`Withdrawn`]. One a later
    /// version names again, approved to take effect or a draft, is
    /// withdrawn until that version takes effect.
    pub fn withdrawn(&self) -> BTreeMap<String, Withdrawn<'_>> {
        let mut out: BTreeMap<String, Withdrawn<'_>> = BTreeMap::new();
        // Most sets have never had a revision take effect.
        if !self
            .archived
            .iter()
            .any(|a| matches!(a.state, State::Superseded(_)))
        {
            return out;
        }
        let mut bound_now = self.bound_in_force();
        bound_now.extend(self.bound_by_snapshots().into_keys());
        for a in &self.archived {
            let State::Superseded(superseded) = &a.state else {
                continue;
            };
            let doc = &a.document().value;
            let day = superseded.effective.unwrap_or_default();
            for number in referenced_forms(doc) {
                if bound_now.contains(&number) {
                    continue;
                }
                let Some(index) = a.set.form_index(&number) else {
                    continue;
                };
                // Of the versions that bound it, the last to be replaced.
                if out.get(&number).is_some_and(|w| w.day > day) {
                    continue;
                }
                out.insert(
                    number,
                    Withdrawn {
                        kept: &a.set,
                        index,
                        day,
                        since: day,
                        document: doc.number.to_string(),
                        by: superseded.by.clone(),
                    },
                );
            }
        }
        // The versions in force that bound it at its last version did
        // before it was withdrawn, all superseded now.
        for a in &self.archived {
            let doc = &a.document().value;
            let from = doc.effective.unwrap_or_default();
            for number in referenced_forms(doc) {
                let (Some(w), Some(form)) = (out.get_mut(&number), a.set.form(&number)) else {
                    continue;
                };
                if form.value.version == w.form().value.version {
                    w.since = w.since.min(from);
                }
            }
        }
        for w in out.values_mut() {
            w.since = w.since.max(w.form().value.effective);
        }
        out
    }

    /// The forms withdrawn once and bound again since, by number: the day
    /// each was last withdrawn, when no version in force bound it, and the
    /// day it was bound again by one. The master list dates such a form
    /// from then; pads printed before it was withdrawn stay as they were,
    /// at the version then in use ([`History::forms_in_use`]), and none is
    /// printed between the two days.
    pub fn came_back(&self) -> BTreeMap<String, (NaiveDate, NaiveDate)> {
        let mut out = BTreeMap::new();
        // Most sets have never had a revision take effect.
        if !self
            .archived
            .iter()
            .any(|a| matches!(a.state, State::Superseded(_)))
        {
            return out;
        }
        // Each version in force, now or before: its document, its day and
        // the forms it binds.
        let mut versions: Vec<(&str, NaiveDate, Vec<String>)> = vec![];
        for a in &self.archived {
            let doc = &a.document().value;
            let forms = referenced_forms(doc);
            versions.push((
                doc.number.as_str(),
                doc.effective.unwrap_or_default(),
                forms,
            ));
        }
        for d in self.set.documents.iter().map(|d| &d.value) {
            if in_force(d, self.today) {
                let forms = referenced_forms(d);
                versions.push((d.number.as_str(), d.effective.unwrap_or_default(), forms));
            }
        }
        let mut days: Vec<NaiveDate> = versions.iter().map(|v| v.1).collect();
        days.sort();
        days.dedup();
        // The forms the versions in force on `day` bind.
        let bound_on = |day: NaiveDate| {
            let mut latest: BTreeMap<&str, (NaiveDate, &[String])> = BTreeMap::new();
            for (document, from, forms) in &versions {
                if *from <= day && latest.get(document).is_none_or(|(was, _)| was <= from) {
                    latest.insert(document, (*from, forms));
                }
            }
            latest
                .into_values()
                .flat_map(|(_, forms)| forms.iter().map(String::as_str))
                .collect::<std::collections::HashSet<&str>>()
        };
        // The forms withdrawn, with the day.
        let mut gone: BTreeMap<&str, NaiveDate> = BTreeMap::new();
        let mut before = std::collections::HashSet::new();
        for day in days {
            let now = bound_on(day);
            for &number in before.difference(&now) {
                gone.insert(number, day);
            }
            for &number in &now {
                if let Some(withdrawn) = gone.remove(number) {
                    out.insert(number.to_owned(), (withdrawn, day));
                }
            }
            before = now;
        }
        out
    }

    /// The forms in use that the revision being written of the document
    /// binding them drops, by number: no working version names them, and
    /// the version in force binds them from its snapshot. They are
    /// withdrawn once that revision takes effect.
    pub fn dropping(&self) -> BTreeMap<String, Dropping> {
        let bound = self.bound_by_snapshots();
        if bound.is_empty() {
            return BTreeMap::new();
        }
        let named: std::collections::HashSet<String> = self
            .set
            .documents
            .iter()
            .flat_map(|d| referenced_forms(&d.value))
            .collect();
        let mut out = BTreeMap::new();
        for (number, (kept, _)) in bound {
            let Some(doc) = kept.documents.first() else {
                continue;
            };
            let revision = self
                .set
                .documents
                .iter()
                .find(|w| w.value.number == doc.value.number);
            let (false, Some(revision)) = (named.contains(&number), revision) else {
                continue;
            };
            out.insert(
                number,
                Dropping {
                    document: doc.value.number.to_string(),
                    by: revision.value.version.to_string(),
                    day: pending(&revision.value, self.today),
                },
            );
        }
        out
    }

    /// The forms that drafts name and no approved version does, the one in
    /// force from its snapshot included: not yet in use, as the drafts are
    /// not. So too a form of the working set no version names at all, in
    /// the working set or the archive: no approval covers it.
    pub fn drafted_only(&self) -> std::collections::HashSet<String> {
        let mut drafted = std::collections::HashSet::new();
        let mut named = std::collections::HashSet::new();
        for loaded in &self.set.documents {
            let doc = &loaded.value;
            let names = referenced_forms(doc);
            match approved(doc) {
                true => named.extend(names),
                false => drafted.extend(names),
            }
            // As its snapshot names them.
            if let Some((_, current)) = self.current(doc.number.as_str())
                && current.value.version != doc.version
                && approved(&current.value)
            {
                named.extend(referenced_forms(&current.value));
            }
        }
        drafted.retain(|n| !named.contains(n));
        // Named by no version, working or archived: a form withdrawn is
        // named by the snapshot that keeps it.
        let archived: std::collections::HashSet<String> = self
            .archived
            .iter()
            .flat_map(|a| {
                a.set
                    .documents
                    .iter()
                    .flat_map(|d| referenced_forms(&d.value))
            })
            .collect();
        drafted.extend(
            self.set
                .forms
                .iter()
                .map(|f| f.value.number.to_string())
                .filter(|n| !named.contains(n) && !archived.contains(n)),
        );
        drafted
    }

    /// The forms the working versions in force bind.
    fn bound_in_force(&self) -> std::collections::HashSet<String> {
        self.set
            .documents
            .iter()
            .filter(|d| in_force(&d.value, self.today))
            .flat_map(|d| referenced_forms(&d.value))
            .collect()
    }

    /// The archived versions of a document, oldest first.
    pub fn versions_of<'a>(&'a self, number: &'a str) -> impl Iterator<Item = &'a Archived> + 'a {
        self.archived
            .iter()
            .filter(move |a| a.document().value.number.as_str() == number)
    }

    /// What became of a version of a document: `None` when it is in force or
    /// a draft, else what superseded it.
    pub fn superseded(&self, number: &str, version: &str) -> Option<&Superseded> {
        self.archived.iter().find_map(|a| {
            let doc = &a.document().value;
            match &a.state {
                State::Superseded(s)
                    if doc.number.as_str() == number && doc.version.as_str() == version =>
                {
                    Some(s)
                }
                _ => None,
            }
        })
    }
}

/// Loads and validates a document set and its archive, as of `today`;
/// every problem in either is returned.
pub fn load(root: &Path, today: NaiveDate) -> Result<(History, Vec<Diagnostic>)> {
    let (set, mut diagnostics) = loader::load(root)?;
    // What is found in the working set's files from here on is found in
    // them as read, and put back where it stands in them as written.
    let found_from = diagnostics.len();
    let mut archived = vec![];
    let mut unreadable = vec![];
    let folder = root.join(FOLDER);
    if folder.is_dir() {
        for entry in WalkDir::new(&folder)
            .min_depth(2)
            .max_depth(2)
            .sort_by_file_name()
        {
            let entry = entry.with_context(|| format!("failed to list `{FOLDER}`"))?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_dir() || name.starts_with('.') {
                continue;
            }
            let base = relative(root, entry.path());
            // A snapshot is as it was archived: its warnings were said of
            // the working files then, and editing it would change history.
            let (snapshot, problems) = loader::load_at(root, &base)?;
            let readable = !problems.iter().any(Diagnostic::is_error);
            diagnostics.extend(problems.into_iter().filter(Diagnostic::is_error));
            if !readable {
                unreadable.push(base);
                continue;
            }
            diagnostics.extend(
                validate::validate(&snapshot)
                    .into_iter()
                    .filter(Diagnostic::is_error),
            );
            if let Some(problem) = misfiled(&snapshot, &base) {
                diagnostics.push(problem);
                continue;
            }
            archived.push(Archived {
                set: snapshot,
                state: State::Current,
            });
        }
    }
    let scheme = set.settings.version_scheme;
    archived.sort_by_key(|a| {
        let doc = &a.document().value;
        (
            doc.number.clone(),
            scheme.parts(doc.version.as_str()),
            doc.version.to_string(),
        )
    });
    // Each version is superseded by the next one once that one is in force.
    for i in 0..archived.len() {
        let number = archived[i].document().value.number.to_string();
        let next = archived
            .get(i + 1)
            .map(|a| &a.document().value)
            .filter(|d| d.number.as_str() == number);
        let working = set
            .documents
            .iter()
            .map(|d| &d.value)
            .find(|d| d.number.as_str() == number);
        let successor = match (next, working) {
            (Some(next), _) => next,
            (None, Some(working)) => working,
            // The working document could not be read; that is reported.
            (None, None)
                if set
                    .unreadable
                    .iter()
                    .any(|p| p.starts_with("data/documents/")) =>
            {
                continue;
            }
            (None, None) => {
                let base = &archived[i].set.base;
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{base}` is an archived version of `{number}`, which is no longer in `data/documents/`"
                    ))
                    .hint(format!("restore `data/documents/{number}.yaml`; archived versions are kept for the document they belong to")),
                );
                continue;
            }
        };
        let version = archived[i].document().value.version.as_str();
        if scheme.parts(successor.version.as_str()) <= scheme.parts(version) {
            let doc = set
                .documents
                .iter()
                .find(|d| d.value.number.as_str() == number);
            let base = &archived[i].set.base;
            // A revise stops after archiving the document's own version,
            // the last archived: another is a file put back.
            let stopped = doc
                .filter(|d| next.is_none() && d.value.version.as_str() == version)
                .and_then(|doc| unfinished(&set, doc));
            let mut d = match stopped {
                Some(_) => Diagnostic::error(format!(
                    "{}, or the draft it opened was put back: version {version} is archived in `{base}`, and the document is still at it",
                    stopped_said(&number)
                ))
                .hint(format!(
                    "run `ctrldoc revise {number} --summary TEXT` again: it removes `{base}` first; or, to give the revision up, copy back from `{base}/data/forms/` any form revised with it, and remove `{base}`: {version} is in force from `data/documents/`"
                )),
                None => match doc.and_then(|d| later_recorded(&set, &d.value)) {
                    // As an archived version was: put back from an older
                    // copy, past the versions archived since.
                    None if let Some(was) = doc.and_then(|d| same_as_archived(&set, d)) => {
                        Diagnostic::error(format!(
                            "`{number}` is at version {}, as archived in `{was}`, but version {version} is archived since, in `{base}`: the document's file was put back from an older copy",
                            successor.version
                        ))
                        .hint(format!(
                            "put `data/documents/{number}.yaml` back at its latest version from version control or a backup, and leave `{FOLDER}/{number}/` as it is: it is the record of the versions approved before"
                        ))
                    }
                    // Put back from an older copy: the version its register
                    // records copies of is not to be given up.
                    Some(later) => Diagnostic::error(format!(
                        "`{number}` is at version {}, but its register records copies of {later}, and version {version} is archived in `{base}`: the document's file was put back from an older copy",
                        successor.version
                    ))
                    .hint(format!(
                        "put `data/documents/{number}.yaml` back at {later} from version control or a backup, and leave `{base}` as it is: it is the record of {version} as it was approved"
                    )),
                    // Before the version archived: most often a file put
                    // back from a copy since edited (reviewer BR).
                    None if scheme.parts(successor.version.as_str()) < scheme.parts(version) => {
                        Diagnostic::error(format!(
                            "`{number}` is at version {}, but version {version}, later, is already archived in `{base}`",
                            successor.version
                        ))
                        .hint(format!(
                            "if the document's file was put back from an older copy, put it back at its latest version from version control or a backup, and leave `{FOLDER}/{number}/` as it is; a document's version only moves forward, by `ctrldoc revise`"
                        ))
                    }
                    None => Diagnostic::error(format!(
                        "`{number}` is at version {}, but version {version} is already archived in `{base}`",
                        successor.version
                    ))
                    .hint("a revision takes a version after every archived one: open it with `ctrldoc revise`"),
                },
            };
            if let Some(doc) = doc {
                let span = crate::locate::key_or_start(set.located(&doc.path), &["version"]);
                d = d.at(doc.path.clone(), span);
            }
            diagnostics.push(d);
        }
        if in_force(successor, today) {
            archived[i].state = State::Superseded(Superseded {
                by: successor.version.to_string(),
                effective: successor.effective,
            });
        }
    }
    // The registers and ledgers are kept with the working set; copies of
    // an archived version that is still in force are made from its
    // snapshot, and so are pads of the forms it binds as it keeps them.
    for a in &mut archived {
        a.set.registers = set.registers.clone();
        a.set.ledgers = set.ledgers.clone();
    }
    let history = History {
        set,
        archived,
        today,
        report_date: today,
        unreadable,
    };
    // The working set is checked with the forms the archive keeps, taken
    // out of `data/forms/`: the ledger of one is of the form as kept. What
    // it finds is said before the archive's problems.
    let mut kept: BTreeMap<String, &Loaded<Form>> = BTreeMap::new();
    for (number, (snapshot, index)) in history.bound_by_snapshots() {
        kept.insert(number, &snapshot.forms[index]);
    }
    for (number, withdrawn) in history.withdrawn() {
        kept.entry(number).or_insert(withdrawn.form());
    }
    kept.retain(|number, _| history.set.form(number).is_none());
    let found = validate::validate_with(&history.set, &kept);
    diagnostics.splice(found_from..found_from, found);
    diagnostics.extend(check_registers(&history));
    diagnostics.extend(dated_later(&history));
    diagnostics.extend(signed_before_revised(&history));
    diagnostics.extend(forms_revised_since(&history.set, today));
    dropped_by_revisions(&history, &mut diagnostics);
    diagnostics.extend(pads_printed_late(&history));
    history.set.unmend(&mut diagnostics[found_from..]);
    Ok((history, diagnostics))
}

/// The pads recorded as printed at a version of their form before the one
/// in use, after the day that one came into use (on that day, the
/// revision may have come after the pad): a pad is printed at the version
/// in use on its day.
fn pads_printed_late(history: &History) -> Vec<Diagnostic> {
    let set = &history.set;
    let scheme = set.settings.version_scheme;
    let mut out = vec![];
    if set.ledgers.is_empty() {
        return out;
    }
    let in_use = history.forms_in_use();
    let withdrawn = history.withdrawn();
    for loaded in &set.ledgers {
        let ledger = &loaded.value;
        // None is printed after the day its form was withdrawn: one
        // recorded so, and not withdrawn itself, its last sheet void, is
        // warned of, so that `serial` may void it, and not printed (`plan`).
        // One of that day was printed before the revision took effect:
        // `serial` refuses one from then.
        if let Some(w) = withdrawn.get(&ledger.form) {
            let text = set.located(&loaded.path);
            for (n, pad) in ledger.pads.iter().enumerate() {
                if pad.date <= w.day || ledger.last_void(pad) {
                    continue;
                }
                let (first, last) = pad.range();
                let span = crate::locate::list_item(text, "pads", n)
                    .and_then(|item| crate::locate::in_item(text, &item, "date"))
                    .unwrap_or_else(|| crate::locate::key_or_start(text, &["pads"]));
                let (line, column) = crate::diagnostic::position(text, span.start);
                out.push(
                    Diagnostic::warning(format!(
                        "the pad {first} to {last} is recorded as printed on {}, after form {}, in `{}:{line}:{column}`",
                        pad.date,
                        w.said(),
                        loaded.path
                    ))
                    .at(loaded.path.clone(), span)
                    .hint(format!(
                        "it is not printed: if it was, void its numbers, none of which is to be used (`ctrldoc serial {} --void {first} --to {last} --reason TEXT`), as a pad whose last sheet is void is taken as withdrawn",
                        ledger.form
                    )),
                );
            }
            continue;
        }
        let (Some(working), Some(&(form, since))) =
            (set.form(&ledger.form), in_use.get(&ledger.form))
        else {
            continue;
        };
        let current = form.version.as_str();
        let text = set.located(&loaded.path);
        for (n, pad) in ledger.pads.iter().enumerate() {
            let Some(version) = pad.version.as_deref() else {
                continue;
            };
            let (first, last) = pad.range();
            let earlier = scheme.order(version, current) == Some(std::cmp::Ordering::Less);
            // A form at a version its revision record has no entry for
            // was most often changed by hand: `revise` writes one.
            let by_hand = !form.history.iter().any(|r| r.version.as_str() == current);
            let (said, hint) = match earlier {
                true if pad.date > since => (
                    format!(
                        "the pad {first} to {last} is recorded as printed at {version} on {}, after {current} took its place on {since}",
                        pad.date
                    ),
                    match by_hand {
                        true => format!(
                            "`{}` has no entry for {current} in its revision record: if its `version:` was changed by hand, put back `version: {version}`, and `effective:` as it was for {version} (on or before {}), and open {current} with `ctrldoc revise {} --summary TEXT`; else correct the pad's `date`",
                            working.path, pad.date, ledger.form
                        ),
                        false => format!(
                            "correct the pad's `date` or `version`, or the form's `version` and `effective` in `{}`",
                            working.path
                        ),
                    },
                ),
                // At the version in use, before it came into use with a
                // document that binds it (before its own day is said by
                // `validate`).
                false if version == current && pad.date < since && pad.date >= form.effective => (
                    format!(
                        "the pad {first} to {last} is recorded as printed at {current} on {}, before {current} came into use on {since}, with the document version that binds it",
                        pad.date
                    ),
                    "correct the pad's `date`, or its `version` to the one in use on that day"
                        .to_owned(),
                ),
                // Of the version `data/forms/` holds, not yet in use: a
                // version in force binds the one before from its snapshot
                // (ahead of `data/forms/` is said by `validate`).
                false
                    if scheme.order(version, current) == Some(std::cmp::Ordering::Greater)
                        && scheme.order(version, working.value.version.as_str())
                            != Some(std::cmp::Ordering::Greater) =>
                {
                    (
                        format!(
                            "the pad {first} to {last} is recorded as printed at {version}, which is not yet in use: {current} is, kept in the snapshot of the document version in force that binds it, until its revision takes effect"
                        ),
                        match pad.date > history.today {
                            // Printed on a day still to come, as of the
                            // day taken for today: more likely that day
                            // is wrong than the pad (found by reviewer BJ).
                            true => format!(
                                "the pad is dated {}, after today ({}): if today is later, give its date (the machine's clock, or `CTRLDOC_TODAY`); if not, correct the pad's `date` and `version`",
                                pad.date, history.today
                            ),
                            false => format!(
                                "correct the pad's `version` to {current}, the version in use on the day it was printed"
                            ),
                        },
                    )
                }
                _ => continue,
            };
            let key = match version == current || earlier {
                true => "date",
                false => "version",
            };
            let span = crate::locate::list_item(text, "pads", n)
                .and_then(|item| crate::locate::in_item(text, &item, key))
                .unwrap_or_else(|| crate::locate::key_or_start(text, &["pads"]));
            let (line, column) = crate::diagnostic::position(text, span.start);
            out.push(
                Diagnostic::error(format!("{said}, in `{}:{line}:{column}`", loaded.path))
                    .at(loaded.path.clone(), span)
                    .hint(hint),
            );
        }
    }
    out
}

/// A form no document in `data/documents/` names, which the version in
/// force of one binds from its snapshot, is in use until the revision that
/// drops it takes effect; one a revision in force has dropped is
/// withdrawn. That is said instead, with what to do.
fn dropped_by_revisions(history: &History, diagnostics: &mut [Diagnostic]) {
    let bound = history.bound_by_snapshots();
    let withdrawn = history.withdrawn();
    if bound.is_empty() && withdrawn.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        if d.alike != Some(crate::diagnostic::Alike::UnreferencedForm) {
            continue;
        }
        let Some(form) = d
            .location
            .as_ref()
            .and_then(|(path, _)| history.set.forms.iter().find(|f| &f.path == path))
        else {
            continue;
        };
        let number = form.value.number.as_str();
        let path = &form.path;
        // What the archive does of a form with a ledger: its pads.
        let numbered = history.set.ledger(number).is_some();
        let (pads, pads_zh) = match numbered {
            true => (
                ", its ledger's pads are printed from there",
                "，其流水号登记的各本由此印制",
            ),
            false => ("", ""),
        };
        if let Some(w) = withdrawn.get(number) {
            let (document, by, day) = (&w.document, &w.by, w.day);
            d.message = format!("form {}", w.said());
            d.hints = vec![format!(
                "take `{path}` out of the set: the archive keeps the form as it was last in use{pads}, and the lists show it withdrawn; to bring it back, name it in a revision: {{{{ form(\"{number}\") }}}}"
            )];
            d.chinese = Some((
                format!("表单 {number} 已于 {day} 随 {document} {by} 版生效而作废"),
                format!(
                    "将 `{path}` 移出：存档保留其最后使用的版本{pads_zh}，清单列为作废；如需恢复使用，在修订版中写明：{{{{ form(\"{number}\") }}}}"
                ),
            ));
            d.alike = None;
            continue;
        }
        let Some(doc) = bound
            .get(number)
            .and_then(|(kept, _)| kept.documents.first())
        else {
            continue;
        };
        let (document, version) = (&doc.value.number, &doc.value.version);
        let working = history
            .set
            .documents
            .iter()
            .find(|w| w.value.number == *document);
        let next = working.map_or(String::new(), |w| w.value.version.to_string());
        // A reference written wrongly names no form: perhaps this one.
        let unknown: Vec<String> = working
            .map(|w| referenced_forms(&w.value))
            .unwrap_or_default()
            .into_iter()
            .filter(|n| history.set.form(n).is_none() && !bound.contains_key(n))
            .collect();
        d.message = format!(
            "form `{number}` is bound by {document} {version}, in force, but not by its revision {next}: once {next} takes effect no document names it"
        );
        let (ledger, ledger_zh) = match numbered {
            true => (", its ledger kept", "，其流水号登记保留"),
            false => ("", ""),
        };
        d.hints = vec![format!(
            "if {next} drops it, take `{path}` out of the set now: {version} keeps it in its snapshot, where it stays in use, listed and printed, until {next} takes effect, and then it is withdrawn{ledger}; else name it in {next}: {{{{ form(\"{number}\") }}}}"
        )];
        if !unknown.is_empty() {
            d.hints.insert(
                0,
                format!(
                    "{next} names {}, which no form is numbered (errors above): if that is `{number}` written wrongly, correct it, and nothing is to be taken out",
                    unknown
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        d.chinese = Some((
            format!(
                "表单 {number} 由现行的 {document} {version} 版引用，但修订版 {next} 未引用：{next} 生效后将无文件引用它"
            ),
            format!(
                "若 {next} 版取消该表单，现在即可将 `{path}` 移出：{version} 版的存档保留它，{next} 版生效前照常使用、列出和印制，生效后作废{ledger_zh}；否则在 {next} 版中写明：{{{{ form(\"{number}\") }}}}"
            ),
        ));
        d.alike = None;
    }
}

/// Warns of a form that took effect after an approved version of a document
/// that binds it: that version's master and copies are printed with a form
/// its approval did not cover, and paper printed before holds the form as
/// it was. A version in force from its snapshot binds the snapshot's forms,
/// so only the working set is read.
fn forms_revised_since(set: &DocumentSet, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = vec![];
    for loaded in &set.documents {
        let doc = &loaded.value;
        let (Some(from), Some(signed)) = (doc.effective, &doc.approved) else {
            continue;
        };
        if !approved(doc) {
            continue;
        }
        for number in referenced_forms(doc) {
            let Some(form) = set.form(&number) else {
                continue;
            };
            let (f, taken) = (&form.value, form.value.effective);
            if approval_covers(doc, f, set.settings.version_scheme.first()) {
                continue;
            }
            // After the version took effect, or after it was signed.
            let (after, after_zh) = match taken > from {
                true => (
                    format!(
                        "{} {} (in force from {from}), which binds it",
                        doc.number, doc.version
                    ),
                    format!(
                        "晚于附有该表单的 {} {} 版（自 {from} 起实施）",
                        doc.number, doc.version
                    ),
                ),
                false => (
                    format!(
                        "{} {}, which binds it, was approved on {}",
                        doc.number, doc.version, signed.date
                    ),
                    format!(
                        "晚于附有该表单的 {} {} 版的批准日期 {}",
                        doc.number, doc.version, signed.date
                    ),
                ),
            };
            let text = set.located(&form.path);
            // The copies out whose paper was printed before: issued, or
            // last reissued worn, before the form took effect; on that day,
            // perhaps before it.
            let out_of: Vec<&crate::register::Copy> = set
                .register(doc.number.as_str())
                .into_iter()
                .flat_map(|r| r.value.out(doc.version.as_str()))
                .filter(|c| c.last_handed_out() <= taken)
                .collect();
            let copies = |same_day: bool, each: &str, between: &str| {
                let said: Vec<String> = out_of
                    .iter()
                    .filter(|c| (c.last_handed_out() == taken) == same_day)
                    .map(|c| {
                        each.replace("{n}", &format!("{:02}", c.number))
                            .replace("{holder}", &c.holder)
                    })
                    .collect();
                (said.len(), said.join(between))
            };
            let said = |same_day: bool| {
                let (n, en) = copies(same_day, "{n} ({holder})", ", ");
                let (_, zh) = copies(same_day, "第 {n} 号（{holder}）", "、");
                let copy = if n == 1 { "copy" } else { "copies" };
                let (is, was) = if n == 1 {
                    ("is", "was")
                } else {
                    ("are", "were")
                };
                match (n, same_day) {
                    (0, _) => (String::new(), String::new()),
                    (_, false) => (
                        format!("{copy} {en} {is} still out"),
                        format!("{zh}副本仍在外"),
                    ),
                    (_, true) => (
                        format!("{copy} {en} {was} issued that day, perhaps before it"),
                        format!("{zh}副本于当日发放，可能在其之前"),
                    ),
                }
            };
            let (before, before_zh) = said(false);
            let (that_day, that_day_zh) = said(true);
            let (held, held_zh) = match (before.is_empty(), that_day.is_empty()) {
                (true, true) => (String::new(), String::new()),
                (false, true) => (format!(": {before}"), format!("：{before_zh}")),
                (true, false) => (format!(": {that_day}"), format!("：{that_day_zh}")),
                (false, false) => (
                    format!(": {before}, and {that_day}"),
                    format!("：{before_zh}；{that_day_zh}"),
                ),
            };
            out.push(
                Diagnostic::warning(format!(
                    "form {number} {} takes effect on {taken}, after {after}: that version's master and controlled copies print a form its approval did not cover, and copies printed before hold the form as it was{held}",
                    f.version
                ))
                .at(form.path.clone(), crate::locate::key_or_start(text, &["effective"]))
                .hint(match pending(doc, today) {
                    // Not revised before it is in force.
                    Some(day) => format!(
                        "a change to a form a document binds is a change to the document: take back its approval with `ctrldoc withdraw {}` and sign it again, or revise it once it takes effect on {day}",
                        doc.number
                    ),
                    None => format!(
                        "a change to a form a document binds is a change to the document: `ctrldoc revise {} --summary TEXT`, approve it, then recall the copies of {}; `verify` calls paper binding an earlier version of the form not current",
                        doc.number, doc.version
                    ),
                })
                .chinese(
                    format!(
                        "表单 {number} {} 版自 {taken} 起实施，{after_zh}：该版的正本和受控副本所附表单未经其批准，此前印发的副本仍附原表单{held_zh}",
                        f.version
                    ),
                    match pending(doc, today) {
                        Some(day) => format!(
                            "修改文件所附表单即修改该文件：用 `ctrldoc withdraw {}` 撤回其批准后重新签署，或在其 {day} 生效后修订",
                            doc.number
                        ),
                        None => format!(
                            "修改文件所附表单即修改该文件：用 `ctrldoc revise {} --summary 说明` 开启修订并批准，再收回 {} 版的副本；附有旧版表单的纸件经 `ctrldoc verify` 判定为非现行",
                            doc.number, doc.version
                        ),
                    },
                ),
            );
        }
    }
    out
}

/// Warns of records of the working set dated after today: a signature, a
/// periodic review, an entry of a revision record, a copy's issue or
/// return, a pad printed, a sheet voided or a pad used up. The commands
/// date records no
/// later than the day they are made, so such a date was typed by hand,
/// and a review dated years ahead would keep the next one from falling due.
fn dated_later(history: &History) -> Vec<Diagnostic> {
    let set = &history.set;
    let today = history.today;
    let mut out = vec![];
    let mut later = |path: &str,
                     span: std::ops::Range<usize>,
                     (what, what_zh): (String, String),
                     date: NaiveDate| {
        let text = set.located(path);
        let (line, column) = crate::diagnostic::position(text, span.start);
        out.push(
            Diagnostic::warning(format!(
                "{what} is dated {date}, after today ({today}), in `{path}:{line}:{column}`"
            ))
            .at(path, span)
            .hint("a record is dated on or before the day it is made: correct the date")
            .chinese(
                format!(
                    "{what_zh}日期为 {date}，晚于今天（{today}），位于 `{path}:{line}:{column}`"
                ),
                "记录的日期应不晚于其登记之日：请更正日期",
            ),
        );
    };
    // An entry of a document's or a form's revision record, in English and
    // in Chinese.
    let entry_of = |number: &str, entry: &crate::model::Revision| {
        (
            format!(
                "the revision record's entry of `{number}` {}",
                entry.version
            ),
            format!("{number} 修订记录中 {} 版条目的", entry.version),
        )
    };
    // Where a date is said, past the entry that starts at `from`.
    let find = |path: &str, from: usize, date: NaiveDate| {
        let text = set.located(path);
        crate::locate::text(text, &date.to_string(), from).unwrap_or(from..from)
    };
    for loaded in &set.documents {
        let (path, doc) = (loaded.path.as_str(), &loaded.value);
        let text = set.located(path);
        for role in Role::CHAIN {
            if let Some(sig) = doc.signature(role).filter(|s| s.date > today) {
                let from = crate::locate::key_or_start(text, &[role.key()]).start;
                let what = format!(
                    "the {} signature of `{}` {}",
                    set.labels.role(role),
                    doc.number,
                    doc.version
                );
                let what_zh = format!(
                    "{} {} 版的{}签署",
                    doc.number,
                    doc.version,
                    set.labels.role(role)
                );
                later(path, find(path, from, sig.date), (what, what_zh), sig.date);
            }
        }
        let from = crate::locate::key_or_start(text, &["history"]).start;
        // An entry may be dated the day its version takes effect.
        let last = doc.effective.map_or(today, |e| e.max(today));
        for entry in doc.history.iter().filter(|r| r.date > last) {
            let what = entry_of(doc.number.as_str(), entry);
            later(path, find(path, from, entry.date), what, entry.date);
        }
        let from = crate::locate::key_or_start(text, &["reviews"]).start;
        for review in doc.reviews.iter().filter(|r| r.date > today) {
            let what = format!(
                "the periodic review of `{}` {} by {}",
                doc.number, doc.version, review.name
            );
            let what_zh = format!(
                "{}对 {} {} 版的定期评审的",
                review.name, doc.number, doc.version
            );
            later(
                path,
                find(path, from, review.date),
                (what, what_zh),
                review.date,
            );
        }
    }
    for loaded in &set.forms {
        let (path, form) = (loaded.path.as_str(), &loaded.value);
        let from = crate::locate::key_or_start(set.located(path), &["history"]).start;
        for entry in form
            .history
            .iter()
            .filter(|r| r.date > form.effective.max(today))
        {
            let what = entry_of(form.number.as_str(), entry);
            later(path, find(path, from, entry.date), what, entry.date);
        }
    }
    for loaded in &set.registers {
        let (path, register) = (loaded.path.as_str(), &loaded.value);
        let text = set.located(path);
        for copy in &register.copies {
            let from = crate::locate::items(text, "number", &copy.number.to_string())
                .into_iter()
                .next()
                .map_or(0, |s| s.start);
            let dates = [
                ("issue", "发放", Some(copy.issued)),
                ("return", "回收", copy.returned),
                ("loss", "遗失", copy.lost_on()),
            ];
            for (what, what_zh, date) in dates {
                if let Some(date) = date.filter(|&d| d > today) {
                    let what = format!(
                        "the {what} of copy {} of `{}`",
                        copy.number, register.document
                    );
                    let what_zh = format!(
                        "{} 第 {:02} 号副本的{what_zh}",
                        register.document, copy.number
                    );
                    later(path, find(path, from, date), (what, what_zh), date);
                }
            }
        }
    }
    for loaded in &set.ledgers {
        let (path, ledger) = (loaded.path.as_str(), &loaded.value);
        let form = &ledger.form;
        let pads = ledger.pads.iter().enumerate().map(|(n, pad)| {
            let (first, last) = pad.range();
            let numbers = |to| crate::audit::serial_run(&first, &last, to);
            (
                ("pads", n, pad.date),
                format!("the pad {} of `{form}`", numbers(" to ")),
                format!("{form} {} 一本的印制", numbers(" 至 ")),
            )
        });
        // A run of numbers voided at once is said once, at its first.
        let voids = crate::serial::void_runs(ledger).into_iter().map(|run| {
            let (numbers, numbers_zh) = run.said();
            (
                ("voids", run.entry, run.void.date),
                format!("the void of {numbers} of `{form}`"),
                format!("{form} {numbers_zh}的作废"),
            )
        });
        let used_up = ledger.used_up.iter().enumerate().map(|(n, used)| {
            (
                ("used_up", n, used.date),
                format!(
                    "the record of the pad of {} of `{form}` as used up",
                    used.pad
                ),
                format!("{form} {} 一本的用完登记", used.pad),
            )
        });
        for ((list, n, date), what, what_zh) in pads.chain(voids).chain(used_up) {
            if date <= today {
                continue;
            }
            let text = set.located(path);
            let span = crate::locate::list_item(text, list, n)
                .and_then(|item| crate::locate::in_item(text, &item, "date"))
                .unwrap_or_else(|| crate::locate::key_or_start(text, &[list]));
            later(path, span, (what, what_zh), date);
        }
    }
    out
}

/// Finds a revision's signatures dated before the version it revises was
/// approved: it was opened after that.
fn signed_before_revised(history: &History) -> Vec<Diagnostic> {
    let set = &history.set;
    let mut out = vec![];
    for loaded in &set.documents {
        let (path, doc) = (loaded.path.as_str(), &loaded.value);
        let Some((before, approved)) = revises(history, doc) else {
            continue;
        };
        // Put back from an older copy, past the version it "revises",
        // archived since: that is said, and its signatures are as they were.
        let scheme = set.settings.version_scheme;
        if scheme.parts(&before) > scheme.parts(doc.version.as_str()) {
            continue;
        }
        let text = set.located(path);
        for role in Role::CHAIN {
            // Signed more than a year before the day its revision record
            // gives it: a year mistyped (2016-09-02 for 2026-09-02).
            if let Some(sig) = doc.signature(role)
                && sig.date >= approved
                && let Some(opened) = signed_long_before(doc, sig.date)
            {
                let from = crate::locate::key_or_start(text, &[role.key()]).start;
                let span =
                    crate::locate::text(text, &sig.date.to_string(), from).unwrap_or(from..from);
                out.push(
                    Diagnostic::warning_in(
                        path,
                        text,
                        span,
                        &format!(
                            "the {} signature of `{}` {} is dated {}, more than a year before {opened}, the day its revision record gives {}",
                            set.labels.role(role),
                            doc.number,
                            doc.version,
                            sig.date,
                            doc.version,
                        ),
                    )
                    .hint(format!(
                        "a year mistyped? while {} is not approved, correct the signature's date, or the date of {} in `history:` if that is the one wrong; once its approval is printed, the record stands as signed, and a change to it is a revision",
                        doc.version, doc.version
                    )),
                );
            }
            let Some(sig) = doc.signature(role).filter(|s| s.date < approved) else {
                continue;
            };
            let from = crate::locate::key_or_start(text, &[role.key()]).start;
            let span = crate::locate::text(text, &sig.date.to_string(), from).unwrap_or(from..from);
            out.push(
                Diagnostic::error_in(
                    path,
                    text,
                    span,
                    &format!(
                        "the {} signature of `{}` {} is dated {}, before {before}, which it revises, was approved on {approved}",
                        set.labels.role(role),
                        doc.number,
                        doc.version,
                        sig.date,
                    ),
                )
                .hint("a revision is signed after the version it revises was approved: correct the date"),
            );
        }
    }
    out
}

/// The day `doc`'s revision record gives its version, when `date` (a
/// signature's) is more than a year before it: a revision is signed around
/// the day it is opened or takes effect, and a year off is a year mistyped.
pub fn signed_long_before(doc: &Document, date: NaiveDate) -> Option<NaiveDate> {
    doc.history
        .iter()
        .rfind(|r| r.version == doc.version)
        .map(|r| r.date)
        .filter(|&given| (given - date).num_days() > 365)
}

/// The version `doc` revises, the last archived, and the day it was
/// approved: a revision's signatures come after it.
pub fn revises(history: &History, doc: &Document) -> Option<(String, NaiveDate)> {
    let before = history
        .versions_of(doc.number.as_str())
        .map(|a| &a.document().value)
        .filter(|d| d.version != doc.version)
        .last()?;
    Some((before.version.to_string(), before.approved.as_ref()?.date))
}

/// Reports a snapshot that does not hold exactly the version its folder names.
fn misfiled(snapshot: &DocumentSet, base: &str) -> Option<Diagnostic> {
    let expected: Vec<&str> = base.rsplitn(3, '/').collect();
    let (stem, number) = (expected[0], expected.get(1).copied().unwrap_or(""));
    let [doc] = snapshot.documents.as_slice() else {
        return Some(
            Diagnostic::error(format!(
                "`{base}` should hold one document, but holds {}",
                snapshot.documents.len()
            ))
            .hint("archived versions are written by `ctrldoc revise`; do not edit them"),
        );
    };
    let doc_value = &doc.value;
    if doc_value.number.as_str() != number || doc_value.version.file_stem() != stem {
        return Some(
            Diagnostic::error(format!(
                "`{base}` holds `{}` version {}, not what its folder says",
                doc_value.number, doc_value.version
            ))
            .hint("archived versions are written by `ctrldoc revise`; do not edit them"),
        );
    }
    if !approved(doc_value) {
        return Some(
            Diagnostic::error(format!(
                "`{base}` holds a version that was never approved and effective"
            ))
            .hint("only a version that was in force is archived"),
        );
    }
    None
}

/// Checks every register against the versions it names.
fn check_registers(history: &History) -> Vec<Diagnostic> {
    let mut out = vec![];
    let set = &history.set;
    for loaded in &set.registers {
        let path = loaded.path.as_str();
        let text = set.located(path);
        let register = &loaded.value;
        let Some(working) = set
            .documents
            .iter()
            .find(|d| d.value.number.as_str() == register.document)
        else {
            continue;
        };
        // A version the scheme does not accept is said on its own: the
        // register's copies are not of a version the document never had.
        if !set
            .settings
            .version_scheme
            .accepts(working.value.version.as_str())
        {
            continue;
        }
        // Nor when the document's file was put back from an older copy, a
        // version archived since: that is said of the document, and its
        // copies are as issued.
        let own = base(&register.document, &working.value.version.file_stem());
        if later_recorded(set, &working.value).is_some() && set.root.join(own).is_dir() {
            continue;
        }
        // By number, the latest issued of the copies numbered before it.
        let mut by_number: Vec<&crate::register::Copy> = register.copies.iter().collect();
        by_number.sort_by_key(|c| c.number);
        let mut before_it: BTreeMap<u32, &crate::register::Copy> = BTreeMap::new();
        let mut latest: Option<&crate::register::Copy> = None;
        for c in by_number {
            if let Some(l) = latest {
                before_it.insert(c.number, l);
            }
            if latest.is_none_or(|l| l.issued <= c.issued) {
                latest = Some(c);
            }
        }
        for copy in &register.copies {
            let item = crate::locate::items(text, "number", &copy.number.to_string())
                .into_iter()
                .next()
                .unwrap_or(0..0);
            // Each of these is said at the key it is about.
            let key_at = |key: &str| {
                let span = crate::locate::in_item(text, &item, key).unwrap_or(item.clone());
                let (line, column) = crate::diagnostic::position(text, span.start);
                (span, format!("`{path}:{line}:{column}`"))
            };
            let (span, at) = key_at("version");
            let (issued_span, issued_at) = key_at("issued");
            let version = if working.value.version.as_str() == copy.version {
                Some(&working.value)
            } else {
                history
                    .versions_of(&register.document)
                    .map(|a| &a.document().value)
                    .find(|d| d.version.as_str() == copy.version)
            };
            // Its revision record names it: its snapshot is what is gone.
            let recorded = working
                .value
                .history
                .iter()
                .any(|r| r.version.as_str() == copy.version);
            let stem = crate::model::Version(copy.version.clone()).file_stem();
            match version {
                // There, but not read: its own errors say why.
                None if recorded && set.root.join(base(&register.document, &stem)).is_dir() => {}
                // No version of it was ever archived, and its revision
                // record has no entry for the version it says: its
                // `version:` was changed by hand, not by `revise`, which
                // archives the one it revises and records the next.
                None if recorded
                    && !working
                        .value
                        .history
                        .iter()
                        .any(|r| r.version == working.value.version)
                    && !set
                        .root
                        .join(FOLDER)
                        .join(register.document.as_str())
                        .is_dir() =>
                {
                    out.push(
                        Diagnostic::error(format!(
                            "copy {} is of version {}, but `{}` says {} and no version of `{}` was ever archived, as `ctrldoc revise` archives the one it revises, in {at}",
                            copy.number,
                            copy.version,
                            working.path,
                            working.value.version,
                            register.document
                        ))
                        .at(path, span.clone())
                        .hint(format!(
                            "if `version:` was changed by hand, put back `version: {}` and open the next version with `ctrldoc revise {} --summary TEXT`; if `{}/` was removed, restore it from a backup or version control",
                            copy.version, register.document, FOLDER
                        )),
                    );
                }
                None if recorded => {
                    out.push(
                        Diagnostic::error(format!(
                            "copy {} is of version {}, which the revision record of `{}` names, but whose snapshot `{}/` is missing, in {at}",
                            copy.number,
                            copy.version,
                            register.document,
                            base(&register.document, &stem)
                        ))
                        .at(path, span.clone())
                        .hint(format!(
                            "restore `{}/` from a backup or version control: `ctrldoc revise` wrote it, and the version's copies, masters and registers are printed from it; if `version:` in `{}` was changed by hand, put back `version: {}` and open the next version with `ctrldoc revise {} --summary TEXT`",
                            FOLDER, working.path, copy.version, register.document
                        )),
                    );
                }
                None => {
                    let said = Diagnostic::error(format!(
                        "copy {} is of version {}, which `{}` never had, in {at}",
                        copy.number, copy.version, register.document
                    ))
                    .at(path, span.clone());
                    // `A0` or `a/0` for A/0: the same name as a file's.
                    let best = working
                        .value
                        .history
                        .iter()
                        .find(|r| r.version.file_stem().eq_ignore_ascii_case(&stem))
                        .map(|r| r.version.as_str());
                    out.push(match best {
                        Some(best) => said.hint(format!(
                            "did you mean `{best}`? copies are recorded by `ctrldoc issue`: put back the version the copy was issued as"
                        )),
                        None => said.hint(
                            "copies are recorded by `ctrldoc issue`; do not edit the register by hand",
                        ),
                    })
                }
                Some(doc) if !approved(doc) && copy.version == working.value.version.as_str() => {
                    out.push(
                        Diagnostic::error(format!(
                            "copy {} is of version {}, which is a draft, in {at}",
                            copy.number, copy.version
                        ))
                        .at(path, span.clone())
                        .hint("only an approved version can be issued"),
                    )
                }
                Some(doc) => {
                    if let Some(approved) = &doc.approved
                        && copy.issued < approved.date
                    {
                        out.push(
                            Diagnostic::error(format!(
                                "copy {} was issued on {}, before version {} was approved on {}, in {issued_at}",
                                copy.number, copy.issued, copy.version, approved.date
                            ))
                            .at(path, issued_span.clone())
                            .hint("a version can be issued only once it is approved"),
                        );
                    }
                    // Nor once the next is in force.
                    if let Some(superseded) = history.superseded(&register.document, &copy.version)
                        && let Some(from) = superseded.effective
                        && copy.issued > from
                    {
                        out.push(
                            Diagnostic::error(format!(
                                "copy {} of version {} was issued on {}, when {} was in force (from {from}), in {issued_at}",
                                copy.number, copy.version, copy.issued, superseded.by
                            ))
                            .at(path, issued_span.clone())
                            .hint(format!(
                                "only the version in force is issued; {} may be approved to take effect from the day of the last copy of {} or later (`ctrldoc approve … --effective DATE`)",
                                superseded.by, copy.version
                            )),
                        );
                    }
                }
            }
            out.extend(copy.impossible().map(|(key, problem)| {
                // Said at the key that cannot be right.
                let (span, _) = key_at(key);
                let (line, column) = crate::diagnostic::position(text, span.start);
                let hint = match (copy.state, key) {
                    (CopyState::Void, "returned") => format!(
                        "correct the date to the day the lost copy was found, on or after the day it was lost; `ctrldoc recall {} --copy {} --returned DATE` records it",
                        register.document, copy.number
                    ),
                    (_, "lost") if copy.lost.as_ref().is_some_and(|l| l.by.trim().is_empty()) => {
                        "write who recorded the loss, a person of the organisation: `by: NAME`".to_owned()
                    }
                    (CopyState::Void, "lost") => format!(
                        "correct the date to the day the copy was lost, on or after {}",
                        copy.last_handed_out()
                    ),
                    (_, "note") if copy.lost.is_some() => "keep one record of the loss: delete its line from `note:`, or correct `lost:` to what it says".to_owned(),
                    (_, "note") => "if the copy is out with its holder, delete the loss's line from its `note:`; if it was lost, put `state: void` back".to_owned(),
                    (CopyState::Void, _) => format!(
                        "a lost copy is recorded by `ctrldoc recall {} --copy {} --lost DATE`, which records when and by whom; with `state: issued` back, run it",
                        register.document, copy.number
                    ),
                    (_, "lost") => format!(
                        "put `state: void` back; if the loss was recorded by mistake, take it back then with `ctrldoc recall {} --copy {} --mistaken`",
                        register.document, copy.number
                    ),
                    (_, "returned") if copy.state == CopyState::Returned => format!(
                        "correct the date to the day the copy came back, on or after {}; returns are recorded by `ctrldoc recall --copy N --returned DATE`",
                        copy.issued
                    ),
                    (_, "reissued") => format!(
                        "correct the date to the day the worn copy was reprinted, on or after {}",
                        copy.issued
                    ),
                    _ => "returns are recorded by `ctrldoc recall --copy N --returned DATE`".into(),
                };
                // What the note says is text: it may say so by chance.
                let said = format!("copy {}: {problem}, in `{path}:{line}:{column}`", copy.number);
                match key {
                    "note" => Diagnostic::warning(said),
                    _ => Diagnostic::error(said),
                }
                .at(path, span)
                .hint(hint)
            }));
            // A copy lost is replaced on or after the day it was lost
            // (reviewer BK: a loss dated after its replacement's issue).
            if let Some(loss) = &copy.lost
                && let Some(next) = register.replacement(copy.number)
                && loss.date > next.issued
            {
                let (span, at) = key_at("lost");
                out.push(
                    Diagnostic::error(format!(
                        "copy {}: it was lost on {}, after copy {:02} was issued in its place on {}, in {at}",
                        copy.number, loss.date, next.number, next.issued
                    ))
                    .at(path, span)
                    .hint(format!(
                        "correct the date to the day the copy was lost, on or before {}",
                        next.issued
                    )),
                );
            }
            // Copies are numbered in the order they are issued: one dated
            // before a copy numbered before it was recorded by hand (found
            // by a reviewer), or its date mistyped.
            if let Some(before) = before_it
                .get(&copy.number)
                .filter(|c| c.issued > copy.issued)
            {
                let (span, at) = key_at("issued");
                out.push(
                    Diagnostic::warning(format!(
                        "copy {:02} was issued on {}, before copy {:02}, numbered before it, was issued on {}: copies are numbered in the order they are issued, in {at}",
                        copy.number, copy.issued, before.number, before.issued
                    ))
                    .at(path, span)
                    .hint(format!(
                        "if the date is mistyped, correct it; `ctrldoc issue {}` records a copy, numbered and dated in order",
                        register.document
                    )),
                );
            }
            // A copy issued for a lost one stands for a copy declared void.
            if let Some(lost) = copy.replaces {
                let state = register
                    .copies
                    .iter()
                    .find(|c| c.number == lost)
                    .map(|c| c.state);
                let problem = match state {
                    None => Some("which the register does not record".to_owned()),
                    Some(CopyState::Void) => None,
                    Some(state) => Some(format!("which is {}, not void", state.label())),
                };
                if let Some(problem) = problem {
                    let (span, at) = key_at("replaces");
                    out.push(
                        Diagnostic::error(format!(
                            "copy {} was issued for lost copy {lost}, {problem}, in {at}",
                            copy.number
                        ))
                        .at(path, span)
                        .hint(format!(
                            "a lost copy is declared void when it is replaced (`ctrldoc issue DOC --replace N`), and stays void: put `state: void` back on copy {lost}"
                        )),
                    );
                }
            }
        }
    }
    out
}

/// Copies everything the master of a document's version is made from into
/// the archive: the settings, the organisation, the document, the forms it
/// names and the templates under `forms/` (fonts are not copied: they are
/// the set's and the tool's). Returns the snapshot's folder.
pub fn snapshot(set: &DocumentSet, doc: &Loaded<Document>, _lock: &StateLock) -> Result<String> {
    let root = &set.root;
    let number = doc.value.number.as_str();
    let base = base(number, &doc.value.version.file_stem());
    let target = root.join(&base);
    if target.exists() {
        bail!(
            "version {} of `{number}` is already archived in `{base}`\nhint: versions are never reused; look at `version:` in `{}`",
            doc.value.version,
            doc.path
        );
    }
    let mut files: Vec<String> = vec![doc.path.clone()];
    files.extend(set.organisation.as_ref().map(|o| o.path.clone()));
    if root.join("data/settings.yaml").is_file() {
        files.push("data/settings.yaml".into());
    }
    for number in referenced_forms(&doc.value) {
        files.extend(set.form(&number).map(|f| f.path.clone()));
    }
    let templates = root.join("forms");
    if templates.is_dir() {
        for entry in WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry.context("failed to list `forms`")?;
            let rel = relative(root, entry.path());
            if entry.file_type().is_file() && !rel.starts_with("forms/fonts/") {
                files.push(rel);
            }
        }
    }
    // Written aside and renamed, so that a snapshot is whole or absent.
    let partial = root.join(format!(
        "{FOLDER}/{number}/.{}.partial",
        doc.value.version.file_stem()
    ));
    if partial.exists() {
        fs::remove_dir_all(&partial)
            .with_context(|| format!("failed to remove `{}`", partial.display()))?;
    }
    for rel in &files {
        let to = partial.join(rel);
        fs::create_dir_all(to.parent().context("a file has a folder")?)
            .with_context(|| format!("failed to create a folder for `{rel}`"))?;
        fs::copy(root.join(rel), &to)
            .and_then(|_| fs::File::open(&to)?.sync_all())
            .with_context(|| format!("failed to archive `{rel}`"))?;
    }
    fs::rename(&partial, &target).with_context(|| format!("failed to create `{base}`"))?;
    // The document's folder of the archive, and the archive's, may be new.
    let folder = target.parent().context("an archive has a folder")?;
    crate::write::sync_folder(folder)?;
    crate::write::sync_folder(folder.parent().context("an archive has a folder")?)?;
    Ok(base)
}

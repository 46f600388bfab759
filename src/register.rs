//! The distribution register (文件发放登记): every numbered controlled copy of
//! a document, who holds it and what became of it. It lives in YAML under
//! `data/registers/`, is changed only under an exclusive lock and written
//! atomically, and a number once issued is never issued again.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::labels::Labels;
use crate::write::write_durable;

/// The distribution register of one document (`data/registers/<NUMBER>.yaml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The document's number.
    pub document: String,
    /// Every copy ever numbered, in the order issued.
    #[serde(default)]
    pub copies: Vec<Copy>,
    /// By version, the forms its first copy bound, as printed: each as
    /// `NUMBER VERSION FINGERPRINT` (see [`crate::plan::form_text`]). A
    /// form changed since at that version, or whose version was changed,
    /// would print the copies otherwise under the same version, which a
    /// build refuses with `output/` and its record of the last build gone
    /// too (registers written before this was kept have none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub forms: BTreeMap<String, Vec<String>>,
}

/// One numbered controlled copy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Copy {
    /// The distribution number (分发号).
    pub number: u32,
    /// Who holds it: a department's or a person's name.
    pub holder: String,
    /// The department a person who holds it was in when it was issued,
    /// where the copy is kept; printed beside their name in the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The version it is a copy of.
    pub version: String,
    /// When it was issued.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub issued: NaiveDate,
    /// Who issued it.
    pub issued_by: String,
    /// What has become of it.
    #[serde(default)]
    pub state: CopyState,
    /// The number this copy replaces, when it was issued for a lost one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<u32>,
    /// Reissues of this same number for worn copies, with their dates and
    /// who made them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reissued: Vec<Reissue>,
    /// When it was lost, and who recorded it: it is void.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost: Option<Loss>,
    /// When it came back to document control.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::day::option"
    )]
    pub returned: Option<NaiveDate>,
    /// Who took it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_to: Option<String>,
    /// What was done with it once back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    /// Anything written of it by hand. (In registers kept before a loss
    /// was recorded under `lost:`, a lost copy's loss, and a reprint's.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Returns and losses recorded by mistake and taken back, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<Correction>,
}

/// A return or loss recorded by mistake and taken back (`recall
/// --mistaken`): when, by whom, and what had been recorded for which day,
/// so that the register keeps both.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The day it was taken back.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who took it back.
    pub by: String,
    /// What had been recorded.
    pub was: Mistaken,
    /// The day that record gave.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub on: NaiveDate,
}

/// What a correction took back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mistaken {
    /// A return.
    Returned,
    /// A loss.
    Lost,
}

/// A copy its holder lost (`recall --lost`, `issue --replace N --reason
/// lost`): when, and who recorded it. Registers kept before it was
/// recorded so have the loss in the copy's note, its day first.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Loss {
    /// The day it was lost.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who recorded it.
    pub by: String,
}

/// The labels a copy's note was written in by ctrldoc before a loss was
/// recorded under `lost:`: the whole note, which a loss taken back takes
/// away.
const LOSSES: [&str; 2] = ["lost_void", "lost_recalled"];

/// Whether a line of a copy's note is a loss as ctrldoc wrote it there
/// before a loss was recorded under `lost:`, in a built-in language.
fn noted_loss(line: &str) -> bool {
    LOSSES
        .iter()
        .any(|k| crate::labels::read_builtin(k, line).is_some())
}

/// A worn copy reprinted under its own number: when, and who reprinted it.
/// Written as `{date: D, by: NAME}`, or as the date alone where who is not
/// known: registers kept before it was recorded have only the dates, with
/// the last reissue's name in the copy's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reissue {
    /// The day it was reprinted.
    pub date: NaiveDate,
    /// Who reprinted it.
    pub by: Option<String>,
}

impl<'de> Deserialize<'de> for Reissue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
        /// A reissue written out: its keys are said wrong, or missing, as
        /// any other record's are.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            #[serde(deserialize_with = "crate::model::day::deserialize")]
            date: NaiveDate,
            #[serde(default)]
            by: Option<String>,
        }
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Reissue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date, or `date:` and `by:`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Reissue, E> {
                let date = crate::model::day::parse(text)?;
                Ok(Reissue { date, by: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Reissue, A::Error> {
                let Keys { date, by } = Keys::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Reissue { date, by })
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Serialize for Reissue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Some(by) = &self.by else {
            return self.date.serialize(serializer);
        };
        let mut keys = serializer.serialize_struct("Reissue", 2)?;
        keys.serialize_field("date", &self.date)?;
        keys.serialize_field("by", by)?;
        keys.end()
    }
}

impl Copy {
    /// The day a copy void as lost was lost, while it is not found
    /// (returned) since.
    pub fn still_lost(&self) -> Option<NaiveDate> {
        (self.state == CopyState::Void && self.returned.is_none())
            .then(|| self.lost_on())
            .flatten()
    }

    /// The day a copy void as lost was lost: its `lost:` record's, or in
    /// a register kept before that was recorded, the day of the line of
    /// its note ctrldoc wrote of the loss; of a copy made void by hand, the
    /// first day its note says.
    pub fn lost_on(&self) -> Option<NaiveDate> {
        match (&self.lost, self.state) {
            (Some(loss), _) => Some(loss.date),
            (None, CopyState::Void) => self
                .note_lines()
                .find(|line| noted_loss(line))
                .or(self.note.as_deref())
                .and_then(first_date),
            (None, _) => None,
        }
    }

    /// Takes back its loss: its `lost:` record, or in a register kept
    /// before that was recorded, the line of its note that ctrldoc wrote
    /// of it; what else the note says is kept.
    fn take_back_loss(&mut self, labels: &Labels) {
        // Recorded apart, the note is all written by hand: `check` warns
        // of a loss's line in it.
        if self.lost.take().is_some() {
            return;
        }
        let said = |line: &str| LOSSES.iter().any(|k| labels.read(k, line).is_some());
        if !self.note_lines().any(said) {
            return;
        }
        let kept: Vec<&str> = self.note_lines().filter(|line| !said(line)).collect();
        self.note = (!kept.is_empty()).then(|| kept.join("\n"));
    }

    /// The lines of the copy's note, each trimmed, the empty left out.
    pub fn note_lines(&self) -> impl Iterator<Item = &str> {
        let note = self.note.as_deref().unwrap_or_default();
        note.lines().map(str::trim).filter(|line| !line.is_empty())
    }

    /// Its loss as the register prints it, in the set's labels: when, by
    /// whom, and the copy issued in its place (`next`), if any.
    pub fn loss_said(&self, next: Option<u32>, labels: &Labels) -> Option<String> {
        let loss = self.lost.as_ref()?;
        let (date, by) = (loss.date.to_string(), loss.by.as_str());
        Some(match next {
            Some(next) => labels.fill(
                "lost_void",
                &[("date", &date), ("next", &format!("{next:02}")), ("by", by)],
            ),
            None => labels.fill("lost_recalled", &[("date", &date), ("by", by)]),
        })
    }

    /// Why the copy is void, in a message: its loss, with the copy issued
    /// in its place (`next`), and its note, its lines joined by `；`.
    pub fn void_said(&self, next: Option<u32>) -> Option<String> {
        let replaced = next.map_or(String::new(), |n| format!(", replaced by copy {n:02}"));
        let loss = self
            .lost
            .as_ref()
            .map(|l| format!("lost on {}, recorded by {}{replaced}", l.date, l.by));
        let note = self.note_lines().collect::<Vec<_>>().join("；");
        let note = (!note.is_empty()).then_some(note);
        match (loss, note) {
            (Some(loss), Some(note)) => Some(format!("{loss}; note: {note}")),
            (loss, note) => loss.or(note),
        }
    }

    /// When it was handed out, if its last handing out, its issue or a
    /// reprint since, was after `date`: "it was issued on D", with "and
    /// reissued on D" for a reprint.
    pub fn handed_out_after(&self, date: NaiveDate) -> Option<String> {
        let last = self.last_handed_out();
        let reissued = match last == self.issued {
            true => String::new(),
            false => format!(" and reissued on {last}"),
        };
        (date < last).then(|| format!("it was issued on {}{reissued}", self.issued))
    }

    /// The last day it was handed out: issued, or reprinted since.
    pub fn last_handed_out(&self) -> NaiveDate {
        self.reissued
            .iter()
            .map(|r| r.date)
            .chain([self.issued])
            .max()
            .unwrap_or(self.issued)
    }

    /// What about this record cannot have happened, with the key that says
    /// it (to point at).
    pub fn impossible(&self) -> Option<(&'static str, String)> {
        match (self.state, self.returned) {
            (CopyState::Returned, None) => Some((
                "state",
                "it is `returned` but has no `returned` date".into(),
            )),
            // Made void by hand: its printed copy is taken away with no
            // record of when, why or by whom.
            (CopyState::Void, _)
                if self.lost.is_none()
                    && self.note.as_deref().is_none_or(|n| n.trim().is_empty()) =>
            {
                Some((
                    "state",
                    "it is `void` but no `note` says when, why and by whom".into(),
                ))
            }
            // A loss says who recorded it (reviewer BK: an empty name
            // printed 遗失作废，with nothing after it).
            (_, _) if self.lost.as_ref().is_some_and(|l| l.by.trim().is_empty()) => Some((
                "lost",
                "its `lost:` record says no one recorded the loss (`by:` is empty)".into(),
            )),
            // Lost, it is void: out again, its loss is taken back.
            (state, _) if state != CopyState::Void && self.lost.is_some() => Some((
                "lost",
                format!(
                    "it is recorded `lost` but is {}: a copy lost is void, and a loss recorded by mistake is taken back with `recall --mistaken`",
                    state.label()
                ),
            )),
            (CopyState::Void, _)
                if self
                    .lost
                    .as_ref()
                    .is_some_and(|l| l.date < self.last_handed_out() && l.date >= self.issued) =>
            {
                Some((
                    "lost",
                    format!(
                        "it was lost on {}, before it was reissued on {}",
                        self.lost_on().unwrap_or(self.issued),
                        self.last_handed_out()
                    ),
                ))
            }
            // A loss ctrldoc wrote in the note before it recorded one under
            // `lost:`: of a copy recorded lost since, or out again.
            (state, _)
                if self.note_lines().any(noted_loss)
                    && (self.lost.is_some() || state != CopyState::Void) =>
            {
                Some((
                    "note",
                    match self.lost {
                        Some(_) => "its `note` records a loss beside its `lost:` record".into(),
                        None => format!("its `note` records a loss, but it is {}", state.label()),
                    },
                ))
            }
            (CopyState::Void, _) if self.lost.as_ref().is_some_and(|l| l.date < self.issued) => {
                Some((
                    "lost",
                    format!(
                        "it was lost on {}, before it was issued on {}",
                        self.lost_on().unwrap_or(self.issued),
                        self.issued
                    ),
                ))
            }
            // A copy lost comes back void when it is found: not before
            // it was lost.
            (CopyState::Void, Some(date)) if self.lost_on().is_some_and(|lost| date < lost) => {
                Some((
                    "returned",
                    format!(
                        "it was found and returned on {date}, before it was lost on {}",
                        self.lost_on().unwrap_or(date)
                    ),
                ))
            }
            (CopyState::Void, Some(_)) => None,
            (CopyState::Returned, Some(date)) if date < self.issued => Some((
                "returned",
                format!(
                    "it was returned on {date}, before it was issued on {}",
                    self.issued
                ),
            )),
            (state, Some(date)) if state != CopyState::Returned => Some((
                "returned",
                format!("it has a `returned` date ({date}) but is {}", state.label()),
            )),
            _ => self
                .reissued
                .iter()
                .find(|r| r.date < self.issued)
                .map(|r| {
                    (
                        "reissued",
                        format!(
                            "it was reissued on {}, before it was issued on {}",
                            r.date, self.issued
                        ),
                    )
                }),
        }
    }
}

/// What document control did with a copy that came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    /// Destroyed (收回销毁).
    Destroyed,
    /// Kept for reference, stamped obsolete and filed apart (留存参考).
    Kept,
}

impl Disposition {
    /// The key of the words printed in the register.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Destroyed => "destroyed",
            Self::Kept => "kept",
        }
    }
}

/// What has become of a copy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyState {
    /// With its holder.
    #[default]
    Issued,
    /// Declared void (e.g. lost); its number is never used again.
    Void,
    /// Returned to document control.
    Returned,
}

impl CopyState {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Void => "void",
            Self::Returned => "returned",
        }
    }
}

/// Why a copy is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Reason {
    /// The copy is lost: its number is voided and a new number issued.
    Lost,
    /// The copy is worn: it is reprinted under the same number.
    Worn,
}

/// The path of a document's register, relative to the set's root.
pub fn path(document: &str) -> String {
    format!("data/registers/{document}.yaml")
}

/// The controlled copies the last build printed that no register records
/// now (a register deleted, or put back from an old backup): their numbers
/// were handed out, and a build would drop their PDFs without a word. One
/// error a document, naming its copies.
pub fn unrecorded_copies(
    set: &crate::loader::DocumentSet,
    manifest: &crate::write::Manifest,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut lost: std::collections::BTreeMap<&str, std::collections::BTreeSet<u32>> =
        Default::default();
    let mut files: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    // Those it retired too: a copy of a superseded version may still be out.
    for entry in manifest.outputs.iter().chain(&manifest.retired) {
        let Some(copy) = entry.copy else { continue };
        // A register that cannot be read is said as such, not as lost.
        if set.unreadable.contains(&set.name(&path(&entry.number))) {
            continue;
        }
        let recorded = set.registers.iter().any(|r| {
            r.value.document == entry.number && r.value.copies.iter().any(|c| c.number == copy)
        });
        if !recorded && lost.entry(entry.number.as_str()).or_default().insert(copy) {
            files
                .entry(entry.number.as_str())
                .or_default()
                .push(&entry.path);
        }
    }
    lost.into_iter()
        .map(|(number, copies)| {
            let names: Vec<String> = copies.iter().map(|c| format!("{c:02}")).collect();
            let (them, it) = if copies.len() == 1 {
                (format!("copy {}", names[0]), "it")
            } else {
                (format!("copies {}", names.join(", ")), "them")
            };
            let (printed, then) = match manifest.found {
                true => (
                    format!(
                        "{} in `output/` ({})",
                        if copies.len() == 1 { "is" } else { "are" },
                        files[number].iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                    ),
                    "their numbers would be issued again; if these PDFs are not this set's, remove them",
                ),
                false => (
                    format!("{} printed, as `output/manifest.json` records", if copies.len() == 1 { "was" } else { "were" }),
                    "a build would drop their PDFs; if this `output/` came from another set, remove it",
                ),
            };
            crate::diagnostic::Diagnostic::error(format!(
                "{them} of `{number}` {printed}, but `{}` does not record {it}",
                path(number)
            ))
            .hint(format!("restore the register from a backup or version control: the copies were issued, and {then}"))
        })
        .chain(changed_copies(set, manifest))
        .collect()
}

/// The copies `manifest` says were printed for one holder, or of one
/// version, that the register now records as another's, or of another:
/// edited by hand, the next build would print the number again for them,
/// and two papers would carry it.
fn changed_copies(
    set: &crate::loader::DocumentSet,
    manifest: &crate::write::Manifest,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut said = std::collections::BTreeSet::new();
    let mut out = vec![];
    for entry in manifest.outputs.iter().chain(&manifest.retired) {
        let (Some(number), Some(printed_for)) = (entry.copy, &entry.holder) else {
            continue;
        };
        let Some((loaded, copy)) = set.registers.iter().find_map(|r| {
            let copy = r.value.copies.iter().find(|c| c.number == number)?;
            (r.value.document == entry.number).then_some((r, copy))
        }) else {
            continue;
        };
        let version_changed = !entry.version.is_empty() && entry.version != copy.version;
        if (copy.holder == *printed_for && !version_changed)
            || !said.insert((entry.number.as_str(), number))
        {
            continue;
        }
        let (was, now) = match version_changed {
            true => (
                format!("of {} for `{printed_for}`", entry.version),
                format!("as one of {} for `{}`", copy.version, copy.holder),
            ),
            false => (
                format!("for `{printed_for}`"),
                format!("as `{}`'s", copy.holder),
            ),
        };
        let text = set.located(&loaded.path);
        // At what was changed: its `holder:`, or its `version:`.
        let item = copy_span(text, number);
        let changed = match copy.holder == *printed_for {
            true => "version",
            false => "holder",
        };
        let at = crate::locate::in_item(text, &item, changed).unwrap_or(item);
        out.push(
            crate::diagnostic::Diagnostic::error_in(
                &loaded.path,
                text,
                at,
                &format!(
                    "copy {number:02} of `{}` was printed {was} (`{}`), but `{}` now records it {now}",
                    entry.number, entry.path, loaded.path
                ),
            )
            .hint(format!(
                "a copy stays what it was issued as: put its `holder` and `version` back; to give one to another holder, record this one's return (`ctrldoc recall {} --copy {number} --returned`) and issue a new copy (`ctrldoc issue {} --holder NAME`)",
                entry.number, entry.number
            )),
        );
    }
    // Found in the register as read, said where it stands as written.
    set.unmend(&mut out);
    out
}

/// Where copy `number` is recorded in a register's text (as read): its
/// `number:`, else the register's `copies:`.
pub fn copy_span(text: &str, number: u32) -> std::ops::Range<usize> {
    crate::locate::items(text, "number", &number.to_string())
        .into_iter()
        .next()
        .unwrap_or_else(|| crate::locate::key_or_start(text, &["copies"]))
}

impl Register {
    /// The next distribution number: one more than any number ever used.
    pub fn next_number(&self) -> u32 {
        self.copies.iter().map(|c| c.number).max().unwrap_or(0) + 1
    }

    /// The copies of `version` issued and still out.
    pub fn out<'a>(&'a self, version: &'a str) -> impl Iterator<Item = &'a Copy> {
        self.copies
            .iter()
            .filter(move |c| c.version == version && c.state == CopyState::Issued)
    }

    /// The copies of `version` issued to `holder` and still out, but for
    /// the copy numbered `besides`.
    pub fn also_held<'a>(
        &'a self,
        besides: u32,
        holder: &'a str,
        version: &'a str,
    ) -> impl Iterator<Item = &'a Copy> {
        self.out(version)
            .filter(move |c| c.number != besides && c.holder == holder)
    }

    /// Finds a copy by number.
    pub fn copy_mut(&mut self, number: u32) -> Option<&mut Copy> {
        self.copies.iter_mut().find(|c| c.number == number)
    }

    /// The copy issued in place of copy `number`, lost.
    pub fn replacement(&self, number: u32) -> Option<&Copy> {
        self.copies.iter().find(|c| c.replaces == Some(number))
    }

    /// The number of the copy issued in place of copy `number`, lost.
    pub fn replaced_by(&self, number: u32) -> Option<u32> {
        self.replacement(number).map(|c| c.number)
    }
}

/// An exclusive lock on the document set's state, held while it is changed
/// and while a build reads it and writes what it implies: a build beside an
/// `issue` would otherwise delete the new copy's PDF as no longer wanted.
pub struct StateLock {
    _file: File,
}

impl StateLock {
    /// Waits for and takes the lock of the set at `root`.
    pub fn take(root: &Path) -> Result<Self> {
        let dir = root.join("data").join("registers");
        fs::create_dir_all(&dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
        let path = dir.join(".lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("failed to open `{}`", path.display()))?;
        let locked = match file.try_lock() {
            Ok(()) => Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {
                crate::say!("waiting for another ctrldoc command on this set to finish");
                file.lock()
            }
            Err(std::fs::TryLockError::Error(err)) => Err(err),
        };
        locked.with_context(|| format!("failed to lock `{}`", path.display()))?;
        Ok(Self { _file: file })
    }
}

/// Reads a register from disk, or an empty one when there is none yet.
pub fn read(root: &Path, document: &str) -> Result<Register> {
    read_state(root, &path(document), || Register {
        document: document.to_owned(),
        ..Register::default()
    })
}

/// Writes a register atomically; the caller holds the [`StateLock`].
pub fn save(root: &Path, register: &Register, lock: &StateLock) -> Result<()> {
    let header = format!(
        "# Distribution register of {} (文件发放登记), kept by ctrldoc.\n\
         # Change it with `ctrldoc issue` and `ctrldoc recall`; numbers are never reused.\n",
        register.document
    );
    save_state(root, &path(&register.document), &header, register, lock)
}

/// Reads a file of the set's state (a register or a ledger), or `empty()`
/// when there is none yet.
pub fn read_state<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
    empty: impl FnOnce() -> T,
) -> Result<T> {
    match fs::read_to_string(root.join(rel)) {
        Ok(text) => serde_yaml::from_str(&text)
            .with_context(|| format!("failed to read `{rel}` (run `ctrldoc check` for details)")),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(empty()),
        Err(err) => Err(err).with_context(|| format!("failed to read `{rel}`")),
    }
}

/// Writes a file of the set's state atomically, under a header that says
/// who keeps it; the caller holds the [`StateLock`].
pub fn save_state<T: Serialize>(
    root: &Path,
    rel: &str,
    header: &str,
    value: &T,
    _lock: &StateLock,
) -> Result<()> {
    let records =
        serde_yaml::to_string(value).with_context(|| format!("failed to serialise `{rel}`"))?;
    // The controller's comments stay, with the lines they were on.
    let old = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let carried = crate::comments::carried(&old, header, &records);
    if !carried.lost.is_empty() {
        eprintln!(
            "warning: {} comment{} in `{rel}` {} on lines not written again as they were, and {} not kept:",
            carried.lost.len(),
            if carried.lost.len() == 1 { "" } else { "s" },
            if carried.lost.len() == 1 {
                "was"
            } else {
                "were"
            },
            if carried.lost.len() == 1 { "is" } else { "are" },
        );
        for line in &carried.lost {
            eprintln!("  {line}");
        }
    }
    write_durable(&root.join(rel), carried.text.as_bytes())
}

/// Records a new copy, or a replacement, and returns its distribution number.
pub fn record_issue(
    register: &mut Register,
    holder: &str,
    version: &str,
    date: NaiveDate,
    by: &str,
    replace: Option<(u32, Reason)>,
) -> Result<u32> {
    match replace {
        None => {
            let number = register.next_number();
            register.copies.push(Copy {
                number,
                holder: holder.to_owned(),
                department: None,
                version: version.to_owned(),
                issued: date,
                issued_by: by.to_owned(),
                state: CopyState::Issued,
                replaces: None,
                reissued: vec![],
                corrected: vec![],
                lost: None,
                returned: None,
                returned_to: None,
                disposition: None,
                note: None,
            });
            Ok(number)
        }
        Some((old, reason)) => {
            let next = register.next_number();
            let document = register.document.clone();
            let Some(copy) = register.copy_mut(old) else {
                bail!("copy {old} of `{document}` was never issued");
            };
            // One recorded lost (`recall --lost`) and not found is replaced
            // later, its loss kept as recorded: by a copy of its version,
            // as one of a version superseded since is recalled, not replaced.
            let lost = copy.still_lost().filter(|_| reason == Reason::Lost);
            let lost_before = lost.filter(|_| copy.version == version);
            // Lost at a version superseded since: the copy given now is of
            // the version in force, in no other's place.
            let lost_superseded = lost.filter(|_| copy.version != version);
            if copy.state != CopyState::Issued {
                let (state, held_by, copy_version) = (
                    copy.state.label(),
                    copy.holder.clone(),
                    copy.version.clone(),
                );
                // Replaced already, it is said by what replaced it.
                if let Some(other) = register.copies.iter().find(|c| c.replaces == Some(old)) {
                    bail!(
                        "copy {old} of `{document}` is {state}, and copy {:02} was issued to `{}` in its place already, so it is not replaced again",
                        other.number,
                        other.holder
                    );
                }
                // Who holds another copy of its version is given one more
                // only when asked for.
                let another = match register.also_held(old, &held_by, &copy_version).next() {
                    Some(_) => " --another",
                    None => "",
                };
                if let Some(lost) = lost_superseded {
                    bail!(
                        "copy {old} of `{document}` was lost on {lost}, a copy of {copy_version}, which {version} superseded since, so it is not replaced: a copy of a version no longer in force is recalled, not replaced\nhint: to give `{held_by}` a copy of {version}, issue a new one: `ctrldoc issue {document} --holder {held_by}{another}`"
                    );
                }
                if lost_before.is_none() {
                    bail!(
                        "copy {old} of `{document}` is {state}, not out with a holder, so it is not replaced\nhint: to give `{held_by}` a copy in its place, issue a new one: `ctrldoc issue {document} --holder {held_by}{another}`"
                    );
                }
                // Given a copy since, in no other's place, they may hold
                // one in its place already.
                if let Some(lost) = lost_before
                    && let Some(other) = register
                        .also_held(old, &held_by, version)
                        .find(|c| c.issued >= lost && c.replaces.is_none())
                {
                    bail!(
                        "copy {old} of `{document}` was lost on {lost}, and `{held_by}` was issued copy {:02} of {version} on {}, since, so no copy is issued in its place\nhint: if copy {:02} was not given in its place and they are to have one more, as a second office may need, issue one: `ctrldoc issue {document} --holder {held_by} --another`",
                        other.number,
                        other.issued,
                        other.number
                    );
                }
            }
            let copy = register.copy_mut(old).expect("found above");
            if copy.holder != holder {
                bail!(
                    "copy {old} of `{document}` is held by `{}`, not `{holder}`\nhint: a replacement goes to the same holder",
                    copy.holder
                );
            }
            // Nor is it reprinted or replaced before it was last handed out.
            if let Some(when) = copy.handed_out_after(date) {
                let what = match reason {
                    Reason::Worn => "reprinted",
                    Reason::Lost => "replaced",
                };
                bail!("copy {old} of `{document}` cannot be {what} on {date}: {when}");
            }
            match reason {
                // `issue` reprints a worn copy at its own version while that
                // is printed; one of a superseded version would be recorded
                // as reprinted and not be.
                Reason::Worn if copy.version != version => bail!(
                    "copy {old} of `{document}` is of version {}, which is superseded, so it is not reprinted\nhint: record its return with `ctrldoc recall {document} --copy {old} --returned`, then issue a copy of {version}",
                    copy.version
                ),
                Reason::Worn => {
                    copy.reissued.push(Reissue {
                        date,
                        by: Some(by.to_owned()),
                    });
                    Ok(old)
                }
                Reason::Lost => {
                    match lost_before {
                        Some(lost) if date < lost => bail!(
                            "copy {old} of `{document}` was lost on {lost}, after {date}, so no copy is issued in its place\nhint: date it on or after {lost}"
                        ),
                        Some(_) => {}
                        None => {
                            copy.state = CopyState::Void;
                            copy.lost = Some(Loss {
                                date,
                                by: by.to_owned(),
                            });
                        }
                    }
                    let holder = copy.holder.clone();
                    let department = copy.department.clone();
                    register.copies.push(Copy {
                        number: next,
                        holder,
                        department,
                        version: version.to_owned(),
                        issued: date,
                        issued_by: by.to_owned(),
                        state: CopyState::Issued,
                        replaces: Some(old),
                        reissued: vec![],
                        corrected: vec![],
                        lost: None,
                        returned: None,
                        returned_to: None,
                        disposition: None,
                        note: None,
                    });
                    Ok(next)
                }
            }
        }
    }
}

/// Records that a copy came back to document control. One void as lost
/// that turns up comes back found: it stays void, its number never used
/// again, and its return says when it came back, to whom, and what became
/// of it.
pub fn record_return(
    register: &mut Register,
    number: u32,
    date: NaiveDate,
    by: &str,
    disposition: Disposition,
) -> Result<()> {
    let lost = register
        .copies
        .iter()
        .any(|c| c.number == number && c.state == CopyState::Void);
    let copy = match lost {
        true => found(register, number, date)?,
        false => out_with_holder(register, number, date, "come back")?,
    };
    if !lost {
        copy.state = CopyState::Returned;
    }
    copy.returned = Some(date);
    copy.returned_to = Some(by.to_owned());
    copy.disposition = Some(disposition);
    Ok(())
}

/// Copy `number`, void as lost, when it may be recorded found on `date`:
/// not found already, and not before it was lost.
fn found(register: &mut Register, number: u32, date: NaiveDate) -> Result<&mut Copy> {
    let document = register.document.clone();
    let Some(copy) = register.copy_mut(number) else {
        bail!("copy {number} of `{document}` was never issued");
    };
    if let Some(on) = copy.returned {
        bail!(
            "copy {number} of `{document}`, void as lost, was found and came back on {on}{}, so nothing was recorded\nhint: its return is recorded already, in `{}`; if it was recorded by mistake, take it back with `ctrldoc recall {document} --copy {number} --mistaken`",
            copy.returned_to
                .as_deref()
                .map_or(String::new(), |to| format!(", to {to}")),
            path(&document)
        );
    }
    if let Some(lost) = copy.lost_on()
        && date < lost
    {
        bail!(
            "copy {number} of `{document}` was lost on {lost}, after {date}: a copy found comes back on or after the day it was lost"
        );
    }
    Ok(copy)
}

/// Takes back the return or loss of copy `number` recorded by mistake: it
/// is out with its holder again, with a note of the correction made on
/// `date` by `by`. Refused for a copy recorded as issued, and for one
/// lost that another copy was issued in place of. Returns what it was
/// recorded as.
pub fn take_back(
    register: &mut Register,
    number: u32,
    date: NaiveDate,
    by: &str,
    labels: &Labels,
) -> Result<Taken> {
    // A copy lost that was recorded found by mistake is lost, not found:
    // it stays void, beside a copy issued in its place or not.
    let found = register
        .copies
        .iter()
        .any(|c| c.number == number && c.state == CopyState::Void && c.returned.is_some());
    if !found && let Some(other) = register.copies.iter().find(|c| c.replaces == Some(number)) {
        bail!(
            "copy {number:02} was recorded lost, and copy {:02} was issued to {} in its place: it cannot be out again beside it\nhint: copy {number:02} stays void, and copy {:02} stands in its place: if copy {number:02} was found, destroy it, and record its return with `ctrldoc recall {} --copy {number} --returned [DATE]`",
            other.number,
            other.holder,
            other.number,
            register.document
        );
    }
    let Some(copy) = register.copy_mut(number) else {
        bail!("no copy {number:02} is recorded in the register");
    };
    let (taken, mistaken, on) = match copy.state {
        CopyState::Issued => bail!(
            "copy {number:02} is recorded as issued, to {}: there is no return or loss to take back",
            copy.holder
        ),
        CopyState::Void if found => (Taken::Found, Mistaken::Returned, copy.returned),
        CopyState::Returned => (Taken::Returned, Mistaken::Returned, copy.returned),
        // The day of a loss is the first its note says.
        CopyState::Void => (Taken::Lost, Mistaken::Lost, copy.lost_on()),
    };
    let on = on.unwrap_or(date);
    if date < on {
        bail!(
            "copy {number:02} was recorded {} on {on}, after {date}: a record is taken back on or after its day",
            match taken {
                Taken::Returned => "returned",
                Taken::Lost => "lost",
                Taken::Found => "found",
            }
        );
    }
    if taken != Taken::Found {
        copy.state = CopyState::Issued;
    }
    copy.returned = None;
    copy.returned_to = None;
    copy.disposition = None;
    // The loss's note is of the record taken back; the correction keeps
    // its day, and the note what was written in it by hand.
    if taken == Taken::Lost {
        copy.take_back_loss(labels);
    }
    copy.corrected.push(Correction {
        date,
        by: by.to_owned(),
        was: mistaken,
        on,
    });
    Ok(taken)
}

/// What a record taken back by [`take_back`] had said of a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// That it came back: it is out again.
    Returned,
    /// That it was lost: it is out again.
    Lost,
    /// That it was found, once lost: it is void, and lost, again.
    Found,
}

/// The first day a note says, wherever its label puts it: the day of the
/// loss a void copy's note records.
pub fn first_date(note: &str) -> Option<NaiveDate> {
    note.char_indices()
        .find_map(|(at, _)| NaiveDate::parse_from_str(note.get(at..at + 10)?, "%Y-%m-%d").ok())
}

/// Copy `number`, when it is out with its holder and may `happen` (come
/// back, be lost) on `date`: not before it was last issued.
fn out_with_holder<'r>(
    register: &'r mut Register,
    number: u32,
    date: NaiveDate,
    happen: &str,
) -> Result<&'r mut Copy> {
    let document = register.document.clone();
    let next = register.replaced_by(number);
    let Some(copy) = register.copy_mut(number) else {
        bail!("copy {number} of `{document}` was never issued");
    };
    match copy.state {
        CopyState::Issued => {}
        CopyState::Returned => bail!(
            "copy {number} of `{document}` is returned{}, not out with a holder\nhint: its return is recorded already, in `{}`; nothing more is recorded for a copy back with document control",
            match (&copy.returned, &copy.returned_to) {
                (Some(on), Some(to)) => format!(" (to {to} on {on})"),
                (Some(on), None) => format!(" (on {on})"),
                _ => String::new(),
            },
            path(&document)
        ),
        CopyState::Void => bail!(
            "copy {number} of `{document}` is void{}, not out with a holder\nhint: a void copy stays void, found or not: {}; the register shows it void and `verify` says its paper is not current",
            copy.void_said(next)
                .map_or(String::new(), |note| format!(" ({note})")),
            match copy.returned {
                Some(on) => format!("it was found, and its return recorded on {on}"),
                None => format!(
                    "one that turns up is destroyed, or stamped 作废 and filed apart, and its return recorded with `ctrldoc recall {document} --copy {number} --returned [DATE] [--kept]`"
                ),
            }
        ),
    }
    if let Some(when) = copy.handed_out_after(date) {
        bail!("copy {number} of `{document}` cannot {happen} on {date}: {when}");
    }
    Ok(copy)
}

/// Records copy `number` as lost by its holder on `date`: void, its number
/// never used again, nothing issued in its place.
pub fn record_loss(register: &mut Register, number: u32, date: NaiveDate, by: &str) -> Result<()> {
    let copy = out_with_holder(register, number, date, "be lost")?;
    copy.state = CopyState::Void;
    copy.lost = Some(Loss {
        date,
        by: by.to_owned(),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issues a copy of A/0 on [`date`], by the same clerk.
    fn issue(r: &mut Register, holder: &str, replace: Option<(u32, Reason)>) -> Result<u32> {
        record_issue(r, holder, "A/0", date(), "孙晓燕", replace)
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 9, 1).unwrap()
    }

    #[test]
    fn numbers_are_never_reused_even_after_a_void() {
        let mut r = Register {
            document: "XS-ZD-001".into(),
            ..Register::default()
        };
        assert_eq!(issue(&mut r, "销售部", None).unwrap(), 1);
        assert_eq!(issue(&mut r, "财务部", None).unwrap(), 2);
        let new = issue(&mut r, "销售部", Some((1, Reason::Lost))).unwrap();
        assert_eq!(new, 3);
        assert_eq!(r.copies[0].state, CopyState::Void);
        assert_eq!(r.copies[2].replaces, Some(1));
        assert_eq!(issue(&mut r, "品质部", None).unwrap(), 4);
    }

    #[test]
    fn worn_copy_keeps_its_number() {
        let mut r = Register {
            document: "XS-ZD-001".into(),
            ..Register::default()
        };
        issue(&mut r, "销售部", None).unwrap();
        let same = issue(&mut r, "销售部", Some((1, Reason::Worn))).unwrap();
        assert_eq!(same, 1);
        assert_eq!(r.copies.len(), 1);
        let reissue = Reissue {
            date: date(),
            by: Some("孙晓燕".into()),
        };
        assert_eq!(r.copies[0].reissued, std::slice::from_ref(&reissue));
        // A copy of a superseded version is not reprinted.
        let later = record_issue(
            &mut r,
            "销售部",
            "A/1",
            date(),
            "孙晓燕",
            Some((1, Reason::Worn)),
        );
        let said = format!("{:#}", later.unwrap_err());
        assert!(
            said.contains(
                "copy 1 of `XS-ZD-001` is of version A/0, which is superseded, so it is not reprinted"
            ),
            "{said}"
        );
        assert_eq!(r.copies[0].reissued, [reissue]);
    }

    #[test]
    fn a_copy_comes_back_once_and_not_before_it_left() {
        let mut r = Register {
            document: "XS-ZD-001".into(),
            ..Register::default()
        };
        issue(&mut r, "销售部", None).unwrap();
        let early = NaiveDate::from_ymd_opt(2016, 8, 1).unwrap();
        let err = record_return(&mut r, 1, early, "孙晓燕", Disposition::Destroyed);
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("issued on 2016-09-01")
        );
        record_return(&mut r, 1, date(), "孙晓燕", Disposition::Kept).unwrap();
        assert_eq!(r.copies[0].state, CopyState::Returned);
        assert_eq!(r.copies[0].impossible(), None);
        let again = record_return(&mut r, 1, date(), "孙晓燕", Disposition::Kept);
        assert!(again.unwrap_err().to_string().contains("is returned"));
        assert!(record_return(&mut r, 7, date(), "孙晓燕", Disposition::Kept).is_err());
        r.copies[0].returned = Some(early);
        let (key, problem) = r.copies[0].impossible().unwrap();
        assert_eq!(key, "returned");
        assert!(problem.contains("before it was issued"));
    }

    #[test]
    fn replacement_must_go_to_the_same_holder() {
        let mut r = Register {
            document: "XS-ZD-001".into(),
            ..Register::default()
        };
        issue(&mut r, "销售部", None).unwrap();
        assert!(issue(&mut r, "财务部", Some((1, Reason::Lost))).is_err());
    }

    /// A register kept before a loss was recorded under `lost:` has it in
    /// the copy's note: its day is the note's first, and taking it back
    /// takes away that line alone.
    #[test]
    fn a_loss_recorded_in_the_note_is_read_and_taken_back_from_it() {
        let mut r = Register {
            document: "XS-ZD-001".into(),
            ..Register::default()
        };
        issue(&mut r, "销售部", None).unwrap();
        let copy = &mut r.copies[0];
        copy.state = CopyState::Void;
        // The day of the line that reads as the loss, not of one above it.
        copy.note = Some("2016-09-05 由张三代领\n2016-09-10 遗失作废，孙晓燕".into());
        assert_eq!(copy.lost_on(), NaiveDate::from_ymd_opt(2016, 9, 10));
        // Void by hand, the note's first day.
        copy.note = Some("2016-09-08 丢失（电话报失）".into());
        assert_eq!(copy.lost_on(), NaiveDate::from_ymd_opt(2016, 9, 8));
        copy.note = Some("2016-09-10 遗失作废，孙晓燕\n张三代领".into());
        assert_eq!(copy.lost_on(), NaiveDate::from_ymd_opt(2016, 9, 10));
        let day = NaiveDate::from_ymd_opt(2016, 9, 12).unwrap();
        assert_eq!(
            take_back(&mut r, 1, day, "孙晓燕", &Labels::default()).unwrap(),
            Taken::Lost
        );
        let copy = &r.copies[0];
        assert_eq!(
            (copy.state, copy.note.as_deref()),
            (CopyState::Issued, Some("张三代领"))
        );
        assert_eq!(
            copy.corrected[0].on,
            NaiveDate::from_ymd_opt(2016, 9, 10).unwrap()
        );
        // Recorded now, it is recorded apart, and the note is not touched.
        record_loss(&mut r, 1, day, "孙晓燕").unwrap();
        let copy = &r.copies[0];
        assert_eq!(copy.lost_on(), Some(day));
        assert_eq!(copy.note.as_deref(), Some("张三代领"));
    }
}

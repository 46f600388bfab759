//! Writes the PDFs and `manifest.json` to `output/`, each file atomically,
//! and removes outputs of an earlier build that this build no longer makes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::compile::Compiled;
use crate::diagnostic::Sources;
use crate::plan::Job;

/// The record of one build: what each output is and the hash of every file.
/// Read by [`Manifest::read_where`] alone, which need not keep every
/// retired print, and written by [`write`], which carries them as text.
#[derive(Debug)]
pub struct Manifest {
    /// The ctrldoc version and build that wrote it (see [`crate::TOOL`]).
    pub tool: String,
    /// Every output, sorted by path.
    pub outputs: Vec<Entry>,
    /// Outputs of earlier builds that this one replaced or no longer makes,
    /// kept so that an old print can still be told from a forgery.
    pub retired: Vec<Entry>,
    /// The versions approved to take effect on a later day than the build's:
    /// once that day comes, the outputs show another version in force than
    /// the one that is, until the next build.
    pub pending: Vec<Pending>,
    /// What the registers and ledgers recorded as closed when it was made.
    pub closed: Closed,
    /// Made of the copies and pads found in `output/`
    /// ([`Manifest::unlisted_prints`]), not read from the record.
    pub found: bool,
}

/// The copies returned or void and the sheets void when a build was made,
/// as the registers and ledgers recorded them: none of them is ever
/// printed again, so a record edited back to an open one by hand is found
/// by the next build (see [`crate::build::reopened`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// By document number, each copy returned or void, with what it is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub copies: BTreeMap<String, BTreeMap<u32, String>>,
    /// By form number, each serial number void.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub voids: BTreeMap<String, Vec<String>>,
}

impl Closed {
    /// What `set` records as closed.
    pub fn of(set: &crate::loader::DocumentSet) -> Self {
        let mut closed = Self::default();
        for register in &set.registers {
            for copy in &register.value.copies {
                // With the day of the record that closed it, for a
                // correction of that record to be told from one of another.
                let (state, day) = match copy.state {
                    crate::register::CopyState::Issued => continue,
                    crate::register::CopyState::Returned => ("returned", copy.returned),
                    crate::register::CopyState::Void => ("void", copy.lost_on()),
                };
                closed
                    .copies
                    .entry(register.value.document.clone())
                    .or_default()
                    .insert(
                        copy.number,
                        day.map_or(state.to_owned(), |day| format!("{state} {day}")),
                    );
            }
        }
        for ledger in &set.ledgers {
            if !ledger.value.voids.is_empty() {
                closed.voids.insert(
                    ledger.value.form.clone(),
                    ledger
                        .value
                        .voids
                        .iter()
                        .map(|v| v.serial.clone())
                        .collect(),
                );
            }
        }
        closed
    }

    /// What `set` records as closed, with what `last` (the last build's)
    /// recorded as closed that `set` records as open again by hand: it is
    /// said by every build, `check` and `audit` until its record is put
    /// back, not by the next build alone. A copy issued again by `recall
    /// --mistaken` (the copy `corrected` of the build it runs, or one whose
    /// register keeps a correction of that record) is open as recorded.
    pub fn kept(
        set: &crate::loader::DocumentSet,
        last: Option<&Self>,
        corrected: Option<&(String, u32)>,
    ) -> Self {
        let mut closed = Self::of(set);
        let Some(last) = last else {
            return closed;
        };
        for (number, copies) in &last.copies {
            let register = set.register(number);
            for (&copy, was) in copies {
                let (state, day) = Self::said(was);
                let taken_back = corrected.is_some_and(|(n, c)| n == number && *c == copy)
                    || register
                        .and_then(|r| r.value.copies.iter().find(|c| c.number == copy))
                        .is_some_and(|c| {
                            c.corrected.iter().any(|k| {
                                let kind = match k.was {
                                    crate::register::Mistaken::Returned => "returned",
                                    crate::register::Mistaken::Lost => "void",
                                };
                                kind == state && day.is_none_or(|day| k.on == day)
                            })
                        });
                if !taken_back {
                    closed
                        .copies
                        .entry(number.clone())
                        .or_default()
                        .entry(copy)
                        .or_insert_with(|| was.clone());
                }
            }
        }
        // A number voided stays void: none is taken back.
        for (form, voids) in &last.voids {
            let now = closed.voids.entry(form.clone()).or_default();
            for serial in voids {
                if !now.contains(serial) {
                    now.push(serial.clone());
                }
            }
        }
        closed
    }

    /// A copy's record as kept, `returned 2026-03-01`: its state, and the
    /// day of the record that closed it (kept by builds since they were).
    pub fn said(was: &str) -> (&str, Option<chrono::NaiveDate>) {
        match was.split_once(' ') {
            Some((state, day)) => (state, day.parse().ok()),
            None => (was, None),
        }
    }

    fn is_empty(&self) -> bool {
        self.copies.is_empty() && self.voids.is_empty()
    }
}

/// A version approved to take effect on a later day than a build's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The document's or form's number.
    pub number: String,
    /// The version.
    pub version: String,
    /// The day it takes effect.
    pub effective: chrono::NaiveDate,
}

impl Manifest {
    /// The controlled copies and pads in `output/` that `listed`, the last
    /// build's record, does not list, as what they say they are: all of
    /// them when the record is lost or cannot be read. A copy or pad is
    /// then still known to have been printed, so that a register or ledger
    /// lost or put back from an old backup, with the record or without it,
    /// is not taken for one that never had it. Only the identity of each
    /// entry is filled in.
    pub fn unlisted_prints(output: &Path, listed: Option<&Manifest>) -> Self {
        let paths: std::collections::HashSet<&str> = listed
            .iter()
            .flat_map(|m| m.outputs.iter().chain(&m.retired))
            .map(|e| e.path.as_str())
            .collect();
        let said = |e: &Entry| {
            listed.is_some_and(|m| {
                m.outputs
                    .iter()
                    .chain(&m.retired)
                    .any(|l| l.number == e.number && l.copy == e.copy && l.serials == e.serials)
            })
        };
        let mut outputs = vec![];
        // Hidden folders (a build's staging folder) are passed over.
        let files = walkdir::WalkDir::new(output)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file()
                    && e.path()
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
            });
        for file in files {
            let path = crate::loader::relative(output, file.path());
            if paths.contains(path.as_str()) {
                continue;
            }
            let Ok(bytes) = fs::read(file.path()) else {
                continue;
            };
            let Some((id, _)) = crate::verify::read_identity(&bytes) else {
                continue;
            };
            if id.copy.is_none() && id.serials.is_none() {
                continue;
            }
            let entry = Entry {
                kind: id.kind,
                number: id.number,
                version: id.version,
                copy: id.copy,
                holder: id.holder,
                serials: id.serials,
                title: String::new(),
                path,
                sha256: String::new(),
                pages: 0,
                inputs: BTreeMap::new(),
                key: String::new(),
                rendered: None,
                typst_read: vec![],
                warnings: vec![],
                text: None,
                approved_text: vec![],
                approval: vec![],
                forms: vec![],
                effective: None,
                draft: id.draft,
                unapproved: false,
                company: None,
                parts: vec![],
            };
            if !said(&entry) {
                outputs.push(entry);
            }
        }
        Self {
            tool: String::new(),
            outputs,
            retired: vec![],
            pending: vec![],
            closed: Closed::default(),
            found: true,
        }
    }

    /// What the last build printed of `number`, as far as it can be known:
    /// its record ([`Manifest::read`]) when it can be read, then the copies
    /// and pads in `output/` that the record does not list.
    pub fn printed_of(output: &Path, number: &str) -> Vec<Self> {
        let manifest = Self::read(output, |e| e.number == number);
        let unlisted = Self::unlisted_prints(output, manifest.as_ref());
        manifest.into_iter().chain([unlisted]).collect()
    }

    /// Where what it says was printed is said, for a message.
    pub fn where_said(&self) -> &'static str {
        match self.found {
            true => "its PDF is in `output/`",
            false => "it is in `output/manifest.json`",
        }
    }
}

/// Where a build keeps a manifest it could not read, before writing its own.
pub const UNREADABLE: &str = "manifest-unreadable.json";

impl Manifest {
    /// Reads `output/manifest.json` with those of its retired prints that
    /// `keep` picks, if there is one and it can be read.
    pub fn read(output: &Path, keep: impl Fn(&Entry) -> bool) -> Option<Self> {
        Self::read_where(output, keep).ok().flatten()
    }

    /// Reads `output/manifest.json`: `None` when there is none, and why it
    /// cannot be read when it cannot (edited by hand, or written by another
    /// version of ctrldoc). Of the prints it retired, each is checked but
    /// only those `keep` picks are kept: they grow with every re-issue
    /// (13.7 MB of JSON each time the 10,011 forms are printed anew), and
    /// a command needs only a few of them, a build none.
    pub fn read_where(
        output: &Path,
        keep: impl Fn(&Entry) -> bool,
    ) -> std::result::Result<Option<Self>, String> {
        // Read as it is parsed, not whole: the file is mostly retired prints.
        let Some(file) = none_if_absent(fs::File::open(output.join("manifest.json")))? else {
            return Ok(None);
        };
        let reader = std::io::BufReader::with_capacity(1 << 16, Utf8::new(file));
        let mut json = serde_json::Deserializer::from_reader(reader);
        let manifest = serde::Deserializer::deserialize_struct(
            &mut json,
            "Manifest",
            &["tool", "outputs", "retired", "pending", "closed"],
            Picked(&keep),
        )
        .and_then(|manifest| json.end().map(|()| manifest));
        manifest.map(Some).map_err(|err| err.to_string())
    }
}

/// Passes on what it reads, failing where it is not UTF-8: JSON must be,
/// and the parser does not look into what it passes over (a field ctrldoc
/// does not know), which [`write`] carries over as text and must be.
struct Utf8<R> {
    inner: R,
    /// What was read and is yet to be checked: at most the start of one
    /// character, cut off at the end of the last read.
    open: Vec<u8>,
}

impl<R> Utf8<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            open: Vec::with_capacity(1 << 16),
        }
    }
}

impl<R: std::io::Read> std::io::Read for Utf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let not_utf8 = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8");
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 && !self.open.is_empty() {
            return Err(not_utf8());
        }
        self.open.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&self.open) {
            Ok(_) => self.open.clear(),
            // A character cut off: the rest of it is still to come.
            Err(err) if err.error_len().is_none() => {
                self.open.drain(..err.valid_up_to());
            }
            Err(_) => return Err(not_utf8()),
        }
        Ok(n)
    }
}

/// Reads a manifest, keeping the retired prints that the function picks.
struct Picked<'k, F>(&'k F);

impl<'de, F: Fn(&Entry) -> bool> serde::de::Visitor<'de> for Picked<'_, F> {
    type Value = Manifest;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a manifest")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Manifest, A::Error> {
        use serde::de::Error;
        let (mut tool, mut outputs, mut retired, mut pending, mut closed) =
            (None, None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "tool" if tool.is_none() => tool = Some(map.next_value()?),
                "outputs" if outputs.is_none() => outputs = Some(map.next_value()?),
                "retired" if retired.is_none() => {
                    retired = Some(map.next_value_seed(Prints(self.0))?);
                }
                "pending" if pending.is_none() => pending = Some(map.next_value()?),
                "closed" if closed.is_none() => closed = Some(map.next_value()?),
                "tool" | "outputs" | "retired" | "pending" | "closed" => {
                    return Err(A::Error::custom(format!("duplicate field `{key}`")));
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(Manifest {
            tool: tool.ok_or_else(|| A::Error::missing_field("tool"))?,
            outputs: outputs.ok_or_else(|| A::Error::missing_field("outputs"))?,
            retired: retired.unwrap_or_default(),
            pending: pending.unwrap_or_default(),
            closed: closed.unwrap_or_default(),
            found: false,
        })
    }

    /// The same fields as a list, as a derived reader takes them too (and
    /// [`write`]'s does).
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Manifest, A::Error> {
        use serde::de::Error;
        let missing = |n: usize| A::Error::invalid_length(n, &"a manifest's tool and outputs");
        let tool = seq.next_element()?.ok_or_else(|| missing(0))?;
        let outputs = seq.next_element()?.ok_or_else(|| missing(1))?;
        let retired = seq.next_element_seed(Prints(self.0))?.unwrap_or_default();
        let pending = seq.next_element()?.unwrap_or_default();
        let closed = seq.next_element()?.unwrap_or_default();
        Ok(Manifest {
            tool,
            outputs,
            retired,
            pending,
            closed,
            found: false,
        })
    }
}

/// Reads a list of prints, each checked to be one, keeping those that the
/// function picks.
struct Prints<'k, F>(&'k F);

impl<'de, F: Fn(&Entry) -> bool> serde::de::Visitor<'de> for Prints<'_, F> {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of outputs")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Entry>, A::Error> {
        let mut kept = vec![];
        while let Some(entry) = seq.next_element::<Entry>()? {
            if (self.0)(&entry) {
                kept.push(entry);
            }
        }
        Ok(kept)
    }
}

impl<'de, F: Fn(&Entry) -> bool> serde::de::DeserializeSeed<'de> for Prints<'_, F> {
    type Value = Vec<Entry>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<Entry>, D::Error> {
        d.deserialize_seq(self)
    }
}

/// The bytes of `output/manifest.json`: `None` when there is none.
fn read_text(output: &Path) -> std::result::Result<Option<Vec<u8>>, String> {
    none_if_absent(fs::read(output.join("manifest.json")))
}

/// What was opened or read of the manifest: `None` when there is none.
fn none_if_absent<T>(result: std::io::Result<T>) -> std::result::Result<Option<T>, String> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err.to_string()),
    }
}

/// One output in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// What kind of paper it is.
    pub kind: String,
    /// Document or form number.
    pub number: String,
    /// Version.
    pub version: String,
    /// For a controlled copy, its distribution number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<u32>,
    /// For a controlled copy, its holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// For a pad, its first and last serial numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serials: Option<(String, String)>,
    /// Title.
    pub title: String,
    /// Path relative to `output/`.
    pub path: String,
    /// SHA-256 of the PDF, in hex.
    pub sha256: String,
    /// Number of pages.
    pub pages: usize,
    /// SHA-256 of every input it was made from, by path; `fonts` for the fonts.
    pub inputs: BTreeMap<String, String>,
    /// A hash of everything else it was made from (the tool, the settings,
    /// what the output is): the same key and inputs give the same PDF.
    #[serde(default)]
    pub key: String,
    /// For an output rendered before it was compiled (anything but a blank
    /// form), the fingerprint of its rendered Typst sources (see
    /// [`crate::render::Rendered::fingerprint`]): when its data or
    /// templates change but it renders alike, it is kept (see
    /// [`Inputs::renders_alike`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<String>,
    /// Those of its inputs that Typst read itself, such as the house style:
    /// the rest only the renderer read, and a change to them shows in what
    /// it renders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typst_read: Vec<String>,
    /// Typst's warnings about it, said again by a build that keeps it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::compile::Warned>,
    /// For a print of an approved version of a document, the fingerprint
    /// of the text approved (see [`crate::plan::approved_text`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For the master of an approved version (or its obsolete print), its
    /// text as printed, piece by piece (see
    /// [`crate::build::approved_pieces`]): a build that finds it changed
    /// says what changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approved_text: Vec<String>,
    /// Beside [`Self::approved_text`], its approval record as printed (see
    /// [`crate::build::approval_pieces`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approval: Vec<String>,
    /// Beside [`Self::approved_text`], each form the version binds as it
    /// printed it: its number, version and [`crate::plan::form_text`],
    /// e.g. `QR-XS-008 A/1 f2:…`. A form changed at that version would be
    /// printed otherwise in the copies of it issued, before its blank is
    /// printed at that version as well as after.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// For a blank form, the day its version took effect, as printed: a
    /// version changed by hand without a new day is said by the next build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<chrono::NaiveDate>,
    /// For the master of a version not yet approved, printed for review.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Printed from an approved text changed by hand since it was printed
    /// before, which its approval does not cover: [`Self::text`] is the
    /// one printed before (see [`crate::build::Baseline`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unapproved: bool,
    /// For a controlled copy, the company's name it printed: a name changed
    /// since is said by the build that prints copies with the new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// For a list printed in parts, the pages of each part: the next build
    /// that makes it in as many parts numbers them from these (see
    /// [`crate::compile::Compiler::last_parts`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<usize>,
}

/// The hashes the inputs of a build have now, read once each.
pub struct Inputs<'a> {
    root: &'a Path,
    pub(crate) sources: &'a Sources,
    fonts: String,
    cache: Mutex<HashMap<String, Option<String>>>,
    seen: crate::seen::Seen,
}

impl<'a> Inputs<'a> {
    /// Hashes files of the set at `root`, preferring the texts already read.
    pub fn new(root: &'a Path, sources: &'a Sources, fonts: String) -> Self {
        Self {
            root,
            sources,
            fonts,
            cache: Mutex::default(),
            seen: crate::seen::Seen::default(),
        }
    }

    /// Takes an output's file to be the one written, without reading it,
    /// where the last build's notes vouch for it (see [`crate::seen`]).
    pub fn seeing(self, seen: crate::seen::Seen) -> Self {
        Self { seen, ..self }
    }

    /// The SHA-256 an input has now (`fonts`: the fonts' fingerprint), or
    /// `None` when it does not exist.
    pub fn hash(&self, input: &str) -> Option<String> {
        if input == "fonts" {
            return Some(self.fonts.clone());
        }
        // Held while it hashes, so that the outputs decided at once (see
        // `build`) all see a file as it was read once.
        let mut cache = self.cache.lock().unwrap();
        if let Some(known) = cache.get(input) {
            return known.clone();
        }
        let hash = match self.sources.sha256(input) {
            Some(hash) => Some(hash),
            // A template is hashed as the renderer reads it, past a
            // byte-order mark; what Typst reads, as Typst reads it.
            None => match fs::read(self.root.join(input)) {
                Ok(bytes) if input.ends_with(".j2") => Some(content_hash(&bytes)),
                Ok(bytes) => Some(sha256(&bytes)),
                Err(_) => crate::render::built_in(input.rsplit('/').next().unwrap_or(input))
                    .map(|t| sha256(t.as_bytes())),
            },
        };
        cache.insert(input.to_owned(), hash.clone());
        hash
    }

    /// The key of an output of the set named from `base`: everything besides
    /// its input files that makes its PDF what it is. `run` is what the run
    /// asks of every output, such as the date a PDF is stamped with.
    pub fn key(&self, job: &Job, base: &str, run: &str) -> String {
        let name = |rel: &str| {
            if base.is_empty() {
                rel.to_owned()
            } else {
                format!("{base}/{rel}")
            }
        };
        let mut hasher = Sha256::new();
        hasher.update(crate::TOOL.as_bytes());
        hasher.update(self.fonts.as_bytes());
        for file in ["data/settings.yaml", "data/organisation.yaml"] {
            hasher.update(self.hash(&name(file)).unwrap_or_default().as_bytes());
        }
        hasher.update(run.as_bytes());
        hasher.update(format!("{job:?}").as_bytes());
        format!("{:x}", hasher.finalize())
    }

    /// Tells whether the last build's entry is still what `job` would make:
    /// same key, same inputs, and the file in `output` is the one written.
    pub fn unchanged(&self, entry: &Entry, key: &str, output: &Path) -> bool {
        entry.key == key
            && entry
                .inputs
                .iter()
                .all(|(input, hash)| self.same(input, hash))
            && self.written(entry, output)
    }

    /// For the last build's entry of an output whose inputs changed, but
    /// not its key nor any input Typst read itself: the fingerprint of what
    /// it rendered, under which the file in `output`, the one written,
    /// still stands. `None` when nothing would let it stand.
    ///
    /// A warning it was given must point into no input that changed: said
    /// again as it was, it would show a line that is no longer there. A
    /// warning traced to a template is located in it by the name it has
    /// among the inputs; one in a file Typst read, by its name in the
    /// folder Typst compiled from, which is among `typst_read` (in an
    /// archived set, under its folder's name); one in a rendered file,
    /// which renders alike, in none of them.
    pub fn renders_alike<'e>(&self, entry: &'e Entry, key: &str, output: &Path) -> Option<&'e str> {
        let rendered = entry.rendered.as_deref()?;
        let typst_read = entry.typst_reads()?;
        let warned_at = entry
            .warnings
            .iter()
            .filter_map(|w| w.diagnostic.location.as_ref())
            .filter_map(|(file, _)| Some((file.clone(), entry.inputs.get(file)?.clone())));
        let mut unchanged = typst_read.into_iter().chain(warned_at);
        (entry.key == key
            && unchanged.all(|(input, hash)| self.same(&input, &hash))
            && self.written(entry, output))
        .then_some(rendered)
    }

    /// Tells whether the file in `output` is the one written for an entry.
    pub fn written(&self, entry: &Entry, output: &Path) -> bool {
        self.seen.vouches(output, &entry.path, &entry.sha256)
            || fs::read(output.join(&entry.path)).is_ok_and(|bytes| sha256(&bytes) == entry.sha256)
    }

    /// Tells whether an input has the hash it had.
    fn same(&self, input: &str, hash: &str) -> bool {
        self.hash(input).as_deref() == Some(hash)
    }

    /// The inputs an entry records for an output: the data and templates
    /// it was rendered from, the files Typst read (`reads`, with their
    /// hashes) and the fonts.
    pub fn of(&self, job: &Job, reads: &[(String, String)]) -> BTreeMap<String, String> {
        let included = crate::render::included(self.sources, &job.templates);
        let mut hashes: BTreeMap<String, String> = job
            .data
            .iter()
            .chain(&job.templates)
            .chain(&included)
            .filter_map(|path| self.hash(path).map(|h| (path.clone(), h)))
            .collect();
        hashes.extend(reads.iter().cloned());
        hashes.insert("fonts".into(), self.fonts.clone());
        hashes
    }
}

impl Entry {
    /// The pages of each part of a list printed in parts, if they are all
    /// above zero and add up to its pages: not lengths no list has, from a
    /// manifest edited by hand.
    pub fn part_pages(&self) -> Option<&[usize]> {
        let sum = self
            .parts
            .iter()
            .try_fold(0usize, |sum, &pages| sum.checked_add(pages));
        (!self.parts.is_empty() && !self.parts.contains(&0) && sum == Some(self.pages))
            .then_some(self.parts.as_slice())
    }

    /// The inputs Typst read, with their hashes; `None` when one has no
    /// hash (a manifest edited by hand).
    pub fn typst_reads(&self) -> Option<Vec<(String, String)>> {
        self.typst_read
            .iter()
            .map(|path| Some((path.clone(), self.inputs.get(path)?.clone())))
            .collect()
    }
}

/// Puts a made file at `rel` under `output`, moved from the staging folder.
fn place(output: &Path, stage: &Path, rel: &str) -> Result<()> {
    let target = output.join(rel);
    let dir = target.parent().context("an output path has a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    fs::rename(stage.join(rel), &target)
        .with_context(|| format!("failed to write `{}`", target.display()))
}

/// The SHA-256 of bytes, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The SHA-256 of a template's bytes, past a UTF-8 byte-order mark: the
/// same as that of its text as the renderer reads it (past the mark), so
/// that a template saved with one is not taken as changed. Typst does not
/// read past one (its `json()` refuses it), so what Typst reads is hashed
/// as it is.
pub fn content_hash(bytes: &[u8]) -> String {
    sha256(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
}

/// What a manifest keeps for the next build besides its outputs.
pub struct Kept<'a> {
    /// The versions approved to take effect on a later day.
    pub pending: &'a [Pending],
    /// What the registers and ledgers record as closed.
    pub closed: &'a Closed,
    /// By path, what each approved version's master printed.
    pub approved: &'a HashMap<String, ApprovedPrint>,
    /// By number and version, the fingerprint of an approved text as
    /// printed before this build printed it otherwise (see
    /// [`crate::build::Baseline`]): kept in place of the text printed.
    pub texts: &'a HashMap<(String, String), String>,
    /// By path, the masters this build prints otherwise than printed
    /// before, of a version or binding a form changed at its version: their
    /// pieces are kept as printed before.
    pub unapproved: &'a HashSet<String>,
}

/// What the master of an approved version printed (see
/// [`Entry::approved_text`], [`Entry::approval`], [`Entry::forms`]).
#[derive(Clone, PartialEq, Eq)]
pub struct ApprovedPrint {
    pub text: Vec<String>,
    pub approval: Vec<String>,
    pub forms: Vec<String>,
}

/// Writes every PDF and the manifest under `output`, moving what was
/// staged in `stage` into place; returns the outputs the manifest records.
pub fn write(
    output: &Path,
    stage: &Stage,
    compiled: &[(&Compiled, &str)],
    reused: &[Entry],
    inputs: &Inputs,
    kept: &Kept,
) -> Result<Vec<Entry>> {
    let Kept {
        pending,
        closed,
        approved,
        texts,
        unapproved,
    } = kept;
    stage.sync()?;
    let mut outputs = reused.to_vec();
    // An output kept is as it was printed, and said so: its text is kept
    // as printed before a change its approval does not cover.
    for entry in &mut outputs {
        let key = (entry.number.clone(), entry.version.clone());
        if let (Some(text), Some(before)) = (&mut entry.text, texts.get(&key)) {
            before.clone_into(text);
        }
    }
    for (item, key) in compiled {
        let job = &item.job;
        place(output, &stage.path, &job.path)?;
        if item.thumb {
            place(output, &stage.path, &crate::portal::thumb_path(&job.number))?;
        }
        let before = texts.get(&(job.number.clone(), job.version.clone()));
        outputs.push(Entry {
            kind: job.kind.name().to_owned(),
            copy: job.copy.as_ref().map(|c| c.number),
            holder: job.copy.as_ref().map(|c| c.holder.clone()),
            serials: job.serials(),
            number: job.number.clone(),
            version: job.version.clone(),
            title: job.title.clone(),
            path: job.path.clone(),
            sha256: item.sha256.clone(),
            pages: item.pages,
            inputs: inputs.of(job, &item.reads),
            key: (*key).to_owned(),
            rendered: item.rendered.clone(),
            typst_read: item.reads.iter().map(|(path, _)| path.clone()).collect(),
            warnings: item.warnings.clone(),
            parts: item.parts.clone(),
            text: job.text.as_ref().map(|now| before.unwrap_or(now).clone()),
            unapproved: job.text.as_ref().zip(before).is_some_and(|(a, b)| a != b)
                || unapproved.contains(&job.path),
            approved_text: approved
                .get(&job.path)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
            approval: approved
                .get(&job.path)
                .map(|p| p.approval.clone())
                .unwrap_or_default(),
            forms: approved
                .get(&job.path)
                .map(|p| p.forms.clone())
                .unwrap_or_default(),
            effective: (job.kind == crate::plan::Kind::Form).then_some(job.date),
            draft: job.draft,
            company: job.copy.as_ref().and_then(|c| c.company.clone()),
        });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));

    // An output the last build wrote and this one does not is out of date;
    // an output it wrote with other bytes was reprinted. Both are retired.
    let manifest_path = output.join("manifest.json");
    let text = read_text(output);
    // Not UTF-8 anywhere, it cannot be read, as the build found.
    let last = match &text {
        Ok(Some(text)) if std::str::from_utf8(text).is_ok() => Last::parse(text).ok(),
        _ => None,
    };
    let unreadable = match &text {
        Ok(Some(_)) => last.is_none(),
        Ok(None) => false,
        // A folder in its place is left for the write below to fail on.
        Err(_) => manifest_path.is_file(),
    };
    // Kept, with the prints it retired, rather than written over.
    if unreadable {
        let kept = (1..)
            .map(|n| match n {
                1 => UNREADABLE.to_owned(),
                n => UNREADABLE.replace(".json", &format!("-{n}.json")),
            })
            .find(|name| !output.join(name).exists())
            .expect("some name is free");
        fs::rename(&manifest_path, output.join(&kept))
            .with_context(|| format!("failed to keep `{}` as `{kept}`", manifest_path.display()))?;
    }
    let mut retired: Vec<&RawValue> = vec![];
    if let Some(last) = &last {
        let paths: HashSet<&str> = outputs.iter().map(|e| e.path.as_str()).collect();
        let kept: HashSet<&str> = outputs.iter().map(|e| e.sha256.as_str()).collect();
        let mut known: HashSet<&str> = last
            .retired
            .iter()
            .map(|(_, p)| p.sha256.as_str())
            .collect();
        retired = last.retired.iter().map(|(raw, _)| *raw).collect();
        for (raw, print) in &last.outputs {
            let gone = !paths.contains(print.path.as_str());
            let inside = !print.path.contains("..") && !Path::new(&print.path).is_absolute();
            if gone && inside {
                let _ = fs::remove_file(output.join(&print.path));
            }
            if !kept.contains(print.sha256.as_str()) && known.insert(&print.sha256) {
                retired.push(raw);
            }
        }
    }
    /// The manifest as it is written: the retired prints as the last one
    /// gave them, not read into entries and written again.
    #[derive(Serialize)]
    struct Written<'a> {
        tool: &'a str,
        outputs: &'a [Entry],
        retired: Vec<&'a RawValue>,
        #[serde(skip_serializing_if = "<[Pending]>::is_empty")]
        pending: &'a [Pending],
        #[serde(skip_serializing_if = "Closed::is_empty")]
        closed: &'a Closed,
    }
    let manifest = Written {
        tool: crate::TOOL,
        outputs: &outputs,
        retired,
        pending,
        closed,
    };
    let serialise = |file: &mut dyn std::io::Write| -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *file, &manifest)?;
        file.write_all(b"\n")
    };
    // A build that compiled nothing is likely to write what is there: then
    // the file is left as it is, with its time, as every other file is.
    if compiled.is_empty()
        && let Ok(Some(old)) = &text
    {
        let mut same = Same { old, at: 0 };
        if serialise(&mut same).is_ok() && same.at == old.len() {
            return Ok(outputs);
        }
    }
    // Written as it is serialised: 13 MB of JSON for 10,000 outputs.
    write_atomic_with(&manifest_path, |file| serialise(file))?;
    Ok(outputs)
}

/// A writer that takes bytes as long as they are those of `old`, from the
/// start: what is serialised is compared without being held.
struct Same<'a> {
    old: &'a [u8],
    /// How far the bytes written have matched.
    at: usize,
}

impl std::io::Write for Same<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let end = self.at + bytes.len();
        if self.old.get(self.at..end) != Some(bytes) {
            return Err(std::io::ErrorKind::InvalidData.into());
        }
        self.at = end;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The last manifest as [`write`] reads it: each output and retired print
/// as its text, with the path and hash that tell whether it is retired.
/// Each is checked to be an [`Entry`], as [`Manifest::read_where`]
/// would, but none is kept as one.
struct Last<'a> {
    outputs: Vec<(&'a RawValue, Print)>,
    retired: Vec<(&'a RawValue, Print)>,
}

/// What [`write`] needs of a print in the last manifest.
struct Print {
    path: String,
    sha256: String,
}

impl<'a> Last<'a> {
    fn parse(text: &'a [u8]) -> serde_json::Result<Self> {
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(rename = "tool")]
            _tool: String,
            #[serde(borrow)]
            outputs: Vec<&'a RawValue>,
            #[serde(borrow, default)]
            retired: Vec<&'a RawValue>,
        }
        let raw: Raw = serde_json::from_slice(text)?;
        let read = |list: Vec<&'a RawValue>| {
            list.into_iter()
                .map(|raw| {
                    let Entry { path, sha256, .. } = serde_json::from_str(raw.get())?;
                    Ok((raw, Print { path, sha256 }))
                })
                .collect::<serde_json::Result<Vec<_>>>()
        };
        Ok(Self {
            outputs: read(raw.outputs)?,
            retired: read(raw.retired)?,
        })
    }
}

/// Writes a PDF or a picture into the staging folder, whole, to be synced
/// with the rest of it ([`Stage::sync`]) and moved into place once the
/// whole build has succeeded.
pub fn write_staged(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("an output path has a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let mut file =
        fs::File::create(path).with_context(|| format!("failed to write `{}`", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o644))
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    Ok(())
}

/// The staging folder, created and opened before anything is written into
/// it. Everything in it is made durable at once ([`Stage::sync`]) before
/// any of it is moved into place: on Linux with one call for its whole file
/// system (`syncfs`), which is documented to report a write that failed on
/// its way to the disk at any time since the folder was opened; elsewhere
/// file by file.
/// Each file used to be synced as it was written, which held a compiling
/// thread on the disk for every PDF and picture: on the benchmark's 1,037
/// outputs and 1,012 pictures, builds took 1.7–3.3 s longer than without
/// (three builds each way, alternating), where a sync of everything after
/// a build took 0.13 s.
pub struct Stage {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    dir: fs::File,
}

impl Stage {
    /// Creates the staging folder and opens it.
    pub fn open(path: &Path) -> Result<Self> {
        fs::create_dir_all(path)
            .with_context(|| format!("failed to create `{}`", path.display()))?;
        Ok(Self {
            path: path.to_owned(),
            #[cfg(target_os = "linux")]
            dir: fs::File::open(path)
                .with_context(|| format!("failed to open `{}`", path.display()))?,
        })
    }

    /// Makes everything written into the folder durable.
    pub fn sync(&self) -> Result<()> {
        let failed = || format!("failed to sync `{}`", self.path.display());
        #[cfg(target_os = "linux")]
        rustix::fs::syncfs(&self.dir).with_context(failed)?;
        #[cfg(not(target_os = "linux"))]
        for entry in walkdir::WalkDir::new(&self.path) {
            let entry = entry.with_context(failed)?;
            if entry.file_type().is_file() {
                fs::OpenOptions::new()
                    .write(true)
                    .open(entry.path())
                    .and_then(|file| file.sync_all())
                    .with_context(|| format!("failed to sync `{}`", entry.path().display()))?;
            }
        }
        Ok(())
    }
}

/// Writes a file so that readers see the old or the new content, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    // A file that already holds these bytes is left as it is, with its
    // times: a build that changes nothing changes no file's time.
    let same = fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes);
    if same {
        return Ok(());
    }
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// [`write_atomic`], and the folder synced after the rename, so that a
/// power cut after the command said it was done cannot bring back the old
/// file: for the set's state (registers, ledgers, documents), where the old
/// file would hand a number out again.
pub fn write_durable(path: &Path, bytes: &[u8]) -> Result<()> {
    let path = &linked_file(path);
    write_atomic(path, bytes)?;
    sync_folder(path.parent().context("a file has a folder")?)
}

/// The file a link at `path` leads to, or `path` itself: a data file
/// linked to from the set is changed where it is, and stays linked.
fn linked_file(path: &Path) -> std::path::PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

/// Syncs a folder, so that the files renamed into it stay renamed.
pub fn sync_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)
        .and_then(|dir| dir.sync_all())
        .with_context(|| format!("failed to sync `{}`", dir.display()))?;
    Ok(())
}

/// [`write_atomic`], with what `write` writes (buffered) as the bytes.
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let path = &linked_file(path);
    let dir = path.parent().context("an output path has a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    let mut buffered = std::io::BufWriter::new(file.as_file_mut());
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    drop(buffered);
    // Temporary files are private; outputs are for everyone who may read the folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::Permissions::from_mode(0o644);
        file.as_file()
            .set_permissions(mode)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    file.as_file()
        .sync_all()
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    // The error of the rename alone: tempfile's own wraps it and says it
    // again as its source.
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// Copies a folder and everything in it (for tests, the benchmark's
/// generator and the fuzzer, which start from the sample set).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(number: &str, sha256: &str) -> serde_json::Value {
        serde_json::json!({
            "kind": "form", "number": number, "version": "A/0", "title": "t",
            "path": format!("forms/{number}.pdf"), "sha256": sha256, "pages": 1, "inputs": {},
        })
    }

    #[test]
    fn a_manifest_is_read_with_the_retired_prints_picked() {
        let dir = tempfile::tempdir().unwrap();
        let write = |value: serde_json::Value| {
            fs::write(dir.path().join("manifest.json"), value.to_string()).unwrap();
        };
        write(serde_json::json!({
            "tool": "t",
            "outputs": [entry("QR-1", "c")],
            "retired": [entry("QR-1", "a"), entry("QR-2", "b")],
        }));
        let manifest = Manifest::read_where(dir.path(), |e| e.number == "QR-2")
            .unwrap()
            .unwrap();
        assert_eq!(manifest.outputs.len(), 1);
        let kept: Vec<&str> = manifest.retired.iter().map(|e| e.sha256.as_str()).collect();
        assert_eq!(kept, ["b"]);

        // A retired print that is not one makes the manifest unreadable,
        // picked or not.
        let mut broken = entry("QR-2", "b");
        broken["pages"] = "many".into();
        write(serde_json::json!({ "tool": "t", "outputs": [], "retired": [broken] }));
        let why = Manifest::read_where(dir.path(), |_| false).unwrap_err();
        assert!(why.contains("invalid type"), "{why}");

        // As is one that is not UTF-8, even in a field ctrldoc does not
        // know: the build would keep it as text, which must be.
        let mut bytes = br#"{"tool": "t", "outputs": [], "retired": [{"kind": "form",
            "number": "QR-2", "version": "A/0", "title": "t", "path": "forms/QR-2.pdf",
            "sha256": "b", "pages": 1, "inputs": {}, "note": "M"#
            .to_vec();
        bytes.push(0xFC);
        bytes.extend_from_slice(br#"ller"}]}"#);
        fs::write(dir.path().join("manifest.json"), &bytes).unwrap();
        let why = Manifest::read_where(dir.path(), |_| false).unwrap_err();
        assert!(why.contains("not UTF-8"), "{why}");
        assert!(Last::parse(&bytes).is_err());
        // Characters cut across reads are read whole; one cut off at the
        // end is not UTF-8.
        let read_all = |bytes: &[u8]| {
            let mut utf8 = Utf8::new(bytes);
            let (mut got, mut buf) = (vec![], [0; 7]);
            loop {
                let n = std::io::Read::read(&mut utf8, &mut buf)?;
                if n == 0 {
                    return Ok::<_, std::io::Error>(got);
                }
                got.extend_from_slice(&buf[..n]);
            }
        };
        let text = "受控 copy ".repeat(1_000);
        assert_eq!(read_all(text.as_bytes()).unwrap(), text.as_bytes());
        assert!(read_all(&text.as_bytes()[..text.len() - 8]).is_err());
        assert!(read_all(&text.as_bytes()[..text.len() - 9]).is_ok());

        // As is a field given twice, or one missing.
        fs::write(
            dir.path().join("manifest.json"),
            r#"{"tool": "t", "outputs": [], "outputs": []}"#,
        )
        .unwrap();
        let why = Manifest::read_where(dir.path(), |_| true).unwrap_err();
        assert!(why.contains("duplicate field `outputs`"), "{why}");
        write(serde_json::json!({ "tool": "t" }));
        let why = Manifest::read_where(dir.path(), |_| true).unwrap_err();
        assert!(why.contains("missing field `outputs`"), "{why}");

        // The fields as a list, as a derived reader takes them.
        write(serde_json::json!([
            "t",
            [entry("QR-1", "c")],
            [entry("QR-2", "b")]
        ]));
        let manifest = Manifest::read_where(dir.path(), |_| false)
            .unwrap()
            .unwrap();
        assert_eq!((manifest.outputs.len(), manifest.retired.len()), (1, 0));
        write(serde_json::json!(["t"]));
        assert!(Manifest::read_where(dir.path(), |_| true).is_err());

        // No retired prints at all is none.
        write(serde_json::json!({ "tool": "t", "outputs": [] }));
        let manifest = Manifest::read_where(dir.path(), |_| true).unwrap().unwrap();
        assert!(manifest.retired.is_empty());
        fs::remove_file(dir.path().join("manifest.json")).unwrap();
        assert!(
            Manifest::read_where(dir.path(), |_| true)
                .unwrap()
                .is_none()
        );
    }
}

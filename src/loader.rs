//! Reads a document set's YAML into typed values, turning every parse
//! problem into a diagnostic with its file, line and column.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Sources, did_you_mean, position};
use crate::labels::Labels;
use crate::model::{Document, Form, Organisation, Settings, VersionScheme};
use crate::register::Register;
use crate::serial::Ledger;

/// A value read from a file of the document set.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path relative to the set's root, with `/` separators.
    pub path: String,
    /// The value.
    pub value: T,
}

/// Everything read from a document set's `data/` folder.
#[derive(Debug, Clone)]
pub struct DocumentSet {
    /// The folder its files are read from: the set's root, or the folder of
    /// an archived snapshot inside it.
    pub root: PathBuf,
    /// Where that folder is, relative to the set's root (empty for the set
    /// itself); every path of the set is named with it.
    pub base: String,
    /// `data/settings.yaml`, or the defaults when absent.
    pub settings: Settings,
    /// The fixed words of its papers, in its language with its overrides.
    pub labels: Labels,
    /// `data/organisation.yaml`; `None` when it could not be read.
    pub organisation: Option<Loaded<Organisation>>,
    /// `data/documents/*.yaml`, sorted by path.
    pub documents: Vec<Loaded<Document>>,
    /// `data/forms/*.yaml`, sorted by path.
    pub forms: Vec<Loaded<Form>>,
    /// `data/registers/*.yaml`: the distribution registers, sorted by path.
    pub registers: Vec<Loaded<Register>>,
    /// `data/ledgers/*.yaml`: the serial ledgers of pre-numbered forms.
    pub ledgers: Vec<Loaded<Ledger>>,
    /// Files that could not be read, so that what depends on them is not
    /// reported a second time.
    pub unreadable: Vec<String>,
    /// The text of every file read, for diagnostics and hashing.
    pub sources: Sources,
    /// The files read past slips in their keys, as read.
    pub mended: BTreeMap<String, Mended>,
}

/// A file read past slips in its keys (a full-width colon, a key misspelt)
/// and days written otherwise (`2016/09/01`):
/// its text as read, and the changes made to the text as written to read
/// it, each as where it is, how long the text it took out and how long the
/// text it put in, in the order made.
#[derive(Debug, Clone, Default)]
pub struct Mended {
    pub text: String,
    changes: Vec<(usize, usize, usize)>,
}

impl DocumentSet {
    /// The text of a file to find what is said of it in: as read, which
    /// for a file read past slips in its keys is as mended, with each key
    /// spelt as meant. What is found in it is put back where it stands in
    /// the file as written by [`DocumentSet::unmend`].
    pub fn located(&self, path: &str) -> &str {
        match self.mended.get(path) {
            Some(mended) => &mended.text,
            None => self.sources.get(path).unwrap_or(""),
        }
    }

    /// Puts each place that `diagnostics` found in a file's text as read
    /// ([`DocumentSet::located`]) back where it stands in the file as
    /// written, with the `file:line:column` in its message.
    pub fn unmend(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            for (file, mended) in &self.mended {
                mended.put_back(file, self.sources.get(file).unwrap_or(""), d);
            }
        }
    }
}

impl Mended {
    /// Where a span of the text as read stands in the text as written.
    fn back(&self, span: Range<usize>) -> Range<usize> {
        let start = back_through(&self.changes, span.start);
        start..back_through(&self.changes, span.end).max(start)
    }

    /// Puts each place in `file` that `d` found in its text as read back
    /// where it stands in `written`, the file as written, with the
    /// `file:line:column` in its message.
    fn put_back(&self, file: &str, written: &str, d: &mut Diagnostic) {
        if let Some((at, span)) = &mut d.location
            && at == file
        {
            let (line, column) = position(&self.text, span.start);
            *span = self.back(span.clone());
            let (line_was, column_was) = position(written, span.start);
            d.message = d.message.replace(
                &format!("`{file}:{line}:{column}`"),
                &format!("`{file}:{line_was}:{column_was}`"),
            );
        }
        for (at, span, _) in &mut d.also {
            if at == file {
                *span = self.back(span.clone());
            }
        }
    }
}

impl DocumentSet {
    /// The name of a file of this set, relative to the document set's root.
    pub fn name(&self, rel: &str) -> String {
        joined(&self.base, rel)
    }

    /// Who holds the master copy (正本).
    pub fn master_holder(&self) -> String {
        match &self.settings.master_holder {
            Some(holder) => holder.clone(),
            None => self.labels.get("master_holder").to_owned(),
        }
    }

    /// Finds a form by number.
    pub fn form(&self, number: &str) -> Option<&Loaded<Form>> {
        self.form_index(number).map(|i| &self.forms[i])
    }

    /// The place in `forms` of the form numbered `number`, if the set has it.
    pub fn form_index(&self, number: &str) -> Option<usize> {
        self.forms
            .iter()
            .position(|f| f.value.number.as_str() == number)
    }

    /// The distribution register of a document, if it has one.
    pub fn register(&self, document: &str) -> Option<&Loaded<Register>> {
        self.registers.iter().find(|r| r.value.document == document)
    }

    /// The serial ledger of a form, if it has one.
    pub fn ledger(&self, form: &str) -> Option<&Loaded<Ledger>> {
        self.ledgers.iter().find(|l| l.value.form == form)
    }

    /// Tells whether a form file of this number exists but could not be read.
    pub fn is_unreadable_form(&self, number: &str) -> bool {
        let stem = self.name(&format!("data/forms/{number}."));
        self.unreadable.iter().any(|p| p.starts_with(&stem))
    }

    /// The company name, or an empty string when the organisation is missing.
    pub fn company(&self) -> &str {
        self.organisation
            .as_ref()
            .map_or("", |o| o.value.company.as_str())
    }
}

/// Loads a document set from `root`, collecting every problem in its YAML.
pub fn load(root: &Path) -> Result<(DocumentSet, Vec<Diagnostic>)> {
    load_at(root, "")
}

/// Loads the document set kept in the folder `base` of `root` (an archived
/// snapshot), naming its files from `root`.
pub fn load_at(root: &Path, base: &str) -> Result<(DocumentSet, Vec<Diagnostic>)> {
    let dir = root.join(base);
    let root = dir.as_path();
    let data = root.join("data");
    if !data.is_dir() {
        bail!(
            "no document set at `{}` (there is no `data/` folder)\nhint: run ctrldoc from a document set's root, or pass `--root DIR`",
            root.display()
        );
    }
    let mut reader = Reader {
        root,
        base,
        sources: Sources::default(),
        diagnostics: vec![],
        unreadable: vec![],
        mended: BTreeMap::new(),
    };

    let mut settings = match reader.read_optional("data/settings.yaml")? {
        Some(text) => reader
            .parse("data/settings.yaml", &text)
            .unwrap_or_default(),
        None => Settings::default(),
    };
    let organisation = match reader.read_optional("data/organisation.yaml")? {
        Some(text) => reader
            .parse("data/organisation.yaml", &text)
            .map(|value| Loaded {
                path: joined(base, "data/organisation.yaml"),
                value,
            }),
        // One that is there but cannot be read is said as such.
        None if fs::symlink_metadata(root.join("data/organisation.yaml")).is_ok() => None,
        None => {
            reader.diagnostics.push(
                Diagnostic::error(format!(
                    "missing `{}`",
                    joined(base, "data/organisation.yaml")
                ))
                .hint("it names the company, its departments and the people who approve documents"),
            );
            None
        }
    };
    let documents: Vec<Loaded<Document>> = reader.parse_folder("data/documents")?;
    let forms: Vec<Loaded<Form>> = reader.parse_folder("data/forms")?;
    let registers = reader.parse_folder("data/registers")?;
    let ledgers = reader.parse_folder("data/ledgers")?;
    let unreadable = reader.unreadable;
    // Settings that cannot be read have the version scheme the set's
    // versions are written in, not the default: a slip in them is said
    // once, not again as a wrong version in every document and form.
    if unreadable.contains(&joined(base, "data/settings.yaml")) {
        let versions = || {
            let documents = documents.iter().map(|d| d.value.version.as_str());
            documents.chain(forms.iter().map(|f| f.value.version.as_str()))
        };
        if let Some(scheme) = [VersionScheme::LetterNumber, VersionScheme::Decimal]
            .into_iter()
            .find(|s| versions().all(|v| s.accepts(v)))
        {
            settings.version_scheme = scheme;
        }
    }

    let set = DocumentSet {
        root: root.to_path_buf(),
        base: base.to_owned(),
        labels: Labels::new(settings.language, &settings.labels),
        settings,
        organisation,
        documents,
        forms,
        registers,
        ledgers,
        unreadable,
        sources: reader.sources,
        mended: reader.mended,
    };
    Ok((set, reader.diagnostics))
}

/// The largest YAML file read: far more than any real form or document,
/// small enough that a runaway file cannot exhaust memory.
const MAX_YAML_BYTES: u64 = 8 << 20;

struct Reader<'a> {
    root: &'a Path,
    base: &'a str,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    /// Files that exist but could not be read or parsed.
    unreadable: Vec<String>,
    /// Files read past slips in their keys.
    mended: BTreeMap<String, Mended>,
}

impl Reader<'_> {
    fn read_optional(&mut self, rel: &str) -> Result<Option<String>> {
        let path = self.root.join(rel);
        // A link to nothing is there, as far as the set's owner knows.
        if fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let name = joined(self.base, rel);
        // Anything but a file, named as a data file, is said, not passed
        // over: a register that is not read would let numbers be issued
        // twice.
        if !path.is_file() {
            let (what, hint) = if !path.exists() {
                (
                    "a link to a file that is not there",
                    "put back the file it links to, or the file itself in its place: a register or ledger lost would let its numbers be given out again",
                )
            } else if path.is_dir() {
                (
                    "a folder",
                    "a data file must be a YAML file; rename or remove what is there",
                )
            } else {
                (
                    "not a file",
                    "a data file must be a YAML file; rename or remove what is there",
                )
            };
            self.diagnostics
                .push(Diagnostic::error(format!("`{name}` is {what}")).hint(hint));
            self.unreadable.push(name);
            return Ok(None);
        }
        let size = fs::metadata(&path)
            .with_context(|| format!("failed to read `{name}`"))?
            .len();
        if size > MAX_YAML_BYTES {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "`{name}` is {:.1} MB, more than a data file may be ({} MB)",
                    size as f64 / 1e6,
                    MAX_YAML_BYTES >> 20
                ))
                .hint("a form or document is a few kilobytes; remove what is not part of it"),
            );
            self.unreadable.push(name);
            return Ok(None);
        }
        let bytes = fs::read(&path).with_context(|| format!("failed to read `{name}`"))?;
        match decode(&name, bytes) {
            Ok(text) => {
                self.sources.insert_read(name, text.clone(), &path);
                Ok(Some(text))
            }
            Err(failed) => {
                let (diagnostic, lossy) = *failed;
                self.diagnostics.push(diagnostic);
                self.sources.insert(name.clone(), lossy);
                self.unreadable.push(name);
                Ok(None)
            }
        }
    }

    fn parse_folder<T: DeserializeOwned>(&mut self, folder: &str) -> Result<Vec<Loaded<T>>> {
        let dir = self.root.join(folder);
        if !dir.is_dir() {
            return Ok(vec![]);
        }
        let mut out = vec![];
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to list `{folder}`"))?;
            let path = entry.path();
            let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if !is_yaml || entry.depth() == 0 {
                continue;
            }
            let rel = relative(self.root, path);
            // A file linked to is read, and anything else said (see
            // `read_optional`), but for hidden ones, such as the link Emacs
            // makes while a file is edited.
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden && !path.is_file() {
                continue;
            }
            let Some(text) = self.read_optional(&rel)? else {
                continue;
            };
            if let Some(value) = self.parse(&rel, &text) {
                out.push(Loaded {
                    path: joined(self.base, &rel),
                    value,
                });
            }
        }
        // Held through the build: grown a file at a time, the 10,011 forms
        // left room for 6,373 more, 1.8 MB.
        out.shrink_to_fit();
        Ok(out)
    }

    fn parse<T: DeserializeOwned>(&mut self, rel: &str, text: &str) -> Option<T> {
        let blank = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        let name = joined(self.base, rel);
        if blank && !rel.ends_with("settings.yaml") {
            self.diagnostics.push(
                Diagnostic::error(format!("`{name}` is empty"))
                    .at(name.clone(), 0..0)
                    .hint(match rel {
                        // Deleted, the numbers it recorded would be issued
                        // again, or a build would refuse what it printed.
                        _ if rel.starts_with("data/registers/") || rel.starts_with("data/ledgers/") => {
                            "restore it from a backup or version control: the numbers it recorded are issued once"
                        }
                        "data/organisation.yaml" => {
                            "restore it, or fill it in: the set needs its company, departments and people"
                        }
                        // Deleted, the documents naming it name no form.
                        _ if rel.starts_with("data/forms/") => {
                            "restore it, or fill it in; or delete the file and every `{{ form(\"…\") }}` that names it"
                        }
                        _ => "fill it in, or delete the file",
                    }),
            );
            self.unreadable.push(name);
            return None;
        }
        if blank && text.trim().is_empty() {
            // The file may be left out for the defaults; there, and empty,
            // it may have been emptied by mistake: its controller, and the
            // master's holder every master prints, go back to the defaults.
            // One of comments alone was written so.
            self.diagnostics.push(
                Diagnostic::warning(format!("`{name}` is empty: every setting is its default"))
                    .at(name.clone(), 0..0)
                    .hint("fill it in again (`document_controller:`, `master_holder:`…), or delete the file to use the defaults")
                    .chinese(
                        format!("`{name}` 为空：各项设置均取默认值"),
                        "重新填写（`document_controller:`、`master_holder:` 等），或删除该文件以使用默认值",
                    ),
            );
        }
        let text = if blank { "{}" } else { text };
        let found = crate::lint::find(text);
        let repaired = crate::lint::repaired(text, &found);
        let slips: Vec<Range<usize>> = found
            .iter()
            .filter(|f| f.error)
            .map(|f| f.span.clone())
            .collect();
        for found in found {
            self.diagnostics.push(lint_diagnostic(&name, text, found));
        }
        if !slips.is_empty() {
            // Read with its slips mended, where each can be mended in place
            // (byte for byte), so that one run says what else is wrong in
            // the file: read so, it is checked as any other file is, and its
            // slips, said above, keep it from being built.
            if let Some(repaired) = repaired {
                match serde_yaml::from_str::<T>(&repaired) {
                    Ok(value) => {
                        self.mended.insert(
                            name,
                            Mended {
                                text: repaired,
                                changes: vec![],
                            },
                        );
                        return Some(value);
                    }
                    Err(err) => {
                        let (more, mended) = errors::<T>(&name, &repaired, &err);
                        let more = more.into_iter().filter(|d| {
                            d.location.as_ref().is_some_and(|(_, at)| {
                                !slips.iter().any(|s| s.start <= at.end && at.start <= s.end)
                            })
                        });
                        self.diagnostics.extend(more);
                        if let Some((value, mended)) = mended {
                            self.mended.insert(name, mended);
                            return Some(value);
                        }
                    }
                }
            }
            self.unreadable.push(name);
            return None;
        }
        match serde_yaml::from_str(text) {
            Ok(value) => Some(value),
            Err(err) => {
                // Read with its keys mended, it is checked as any other
                // file is: the errors said keep it from being built.
                let (said, mended) = errors::<T>(&name, text, &err);
                self.diagnostics.extend(said);
                match mended {
                    Some((value, mended)) => {
                        self.mended.insert(name, mended);
                        Some(value)
                    }
                    None => {
                        self.unreadable.push(name);
                        None
                    }
                }
            }
        }
    }
}

/// Reads a file's bytes as UTF-8 text, without the byte-order mark that
/// editors on Windows may start it with. Bytes that are not UTF-8 are a
/// diagnostic, given with the text as far as it can be shown.
pub fn decode(
    name: &str,
    bytes: Vec<u8>,
) -> std::result::Result<String, Box<(Diagnostic, String)>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }),
        Err(err) => {
            let bad = err.utf8_error().valid_up_to();
            let byte = err.as_bytes()[bad];
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // Everything before `bad` is valid, so the offset in the lossy
            // text is the same.
            let (line, column) = position(&lossy, bad);
            let diagnostic = Diagnostic::error(format!(
                "`{name}` is not UTF-8 text: byte 0x{byte:02X} at `{name}:{line}:{column}`"
            ))
            .at(name, bad..bad + '\u{FFFD}'.len_utf8())
            .hint("save the file as UTF-8; a file saved as GBK or GB 2312 must be converted (e.g. `iconv -f GBK -t UTF-8`)");
            Err(Box::new((diagnostic, lossy)))
        }
    }
}

/// `rel` inside the folder `base`; `rel` itself when `base` is empty.
fn joined(base: &str, rel: &str) -> String {
    if base.is_empty() {
        rel.to_owned()
    } else {
        format!("{base}/{rel}")
    }
}

/// A path relative to `root`, with `/` separators on every platform.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Turns a YAML error into a diagnostic that names the file, line and column.
#[cfg(test)]
fn yaml_diagnostic(rel: &str, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    diagnose(rel, text, text, &[], err).0
}

/// The most errors said of one file; past the first, each takes a parse.
const MOST_ERRORS: usize = 12;

/// The diagnostics of a file's YAML errors: the first, then those the
/// parser finds when the text is changed to read on past each (an unknown
/// key made a comment, a date that is no date made one), as long as that
/// can be done without making up errors of its own. With them, the file
/// as read past them all, when it was read with no more than keys spelt as
/// meant: every value read is then the file's own, and none left out, so
/// that it can be checked as any other file is.
fn errors<T: DeserializeOwned>(
    rel: &str,
    text: &str,
    first: &serde_yaml::Error,
) -> (Vec<Diagnostic>, Option<(T, Mended)>) {
    let (diagnostic, mut fix) = diagnose(rel, text, text, &[], first);
    let mut out = vec![diagnostic];
    // A large file is not read again and again.
    if text.len() > 1 << 20 {
        return (out, None);
    }
    // The text as read on, and each change made to read on.
    let mut read = Mended {
        text: text.to_owned(),
        changes: vec![],
    };
    // What the fixes wrote, as spans of the original text: an error there
    // is of their making.
    let mut made: Vec<Range<usize>> = vec![];
    let mut respelt_only = true;
    let mut mended = None;
    while out.len() < MOST_ERRORS {
        let Some(next) = fix.take() else { break };
        // A value made up to read on is no value of the file's, and a key
        // made a comment leaves its value out.
        respelt_only &= matches!(next, Fix::Rename(..));
        if let Fix::Replace(span, _) | Fix::Rename(span, _) = &next {
            let back = |p| back_through(&read.changes, p);
            made.push(back(span.start)..back(span.end).max(back(span.start) + 1));
        }
        let changes = apply(&mut read.text, next);
        read.changes.extend(changes);
        let err = match serde_yaml::from_str::<T>(&read.text) {
            Ok(value) => {
                if respelt_only {
                    mended = Some((value, read));
                }
                break;
            }
            Err(err) => err,
        };
        let (mut diagnostic, next) = diagnose(rel, &read.text, text, &read.changes, &err);
        if diagnostic.location.is_none() {
            break;
        }
        read.put_back(rel, text, &mut diagnostic);
        let of_making =
            |span: &Range<usize>| made.iter().any(|m| (m.start..=m.end).contains(&span.start));
        if diagnostic
            .location
            .as_ref()
            .is_some_and(|(_, span)| of_making(span))
            || diagnostic.also.iter().any(|(_, span, _)| of_making(span))
        {
            break;
        }
        if out.iter().any(|d| d.location == diagnostic.location) {
            break;
        }
        out.push(diagnostic);
        fix = next;
    }
    (out, mended)
}

/// Whether a fix leaves the text's shape as it was: a key made a comment
/// must stand on its own line, not inside `{ }` or as the first key of a
/// list item (whose item would be left empty).
fn can_read_on(text: &str, fix: &Fix) -> bool {
    match fix {
        Fix::Replace(..) | Fix::Rename(..) => true,
        Fix::CommentOut(key) => {
            let start = key.start.min(text.len());
            let before = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
            before.chars().all(|c| c == ' ')
        }
    }
}

/// The span of the plain value at `offset`: to the end of its line or a
/// comment, or inside `{ }` or `[ ]` to the next `,` or bracket.
fn value_span(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[offset..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    // A quoted value, to its closing quote: a `,`, `]` or ` #` in it is text.
    if let Some(quote) = line.chars().next().filter(|c| matches!(c, '"' | '\''))
        && let Some(end) = crate::lint::close_at(&line[1..], quote)
    {
        return offset..offset + 1 + end;
    }
    let line = &line[..line.find(" #").unwrap_or(line.len())];
    let in_flow = text[line_start..offset].contains(['{', '[']);
    let value = if in_flow {
        &line[..line.find([',', '}', ']']).unwrap_or(line.len())]
    } else {
        line
    };
    offset..offset + value.trim_end().len().max(1).min(rest.len())
}

/// The first item of a form's `blocks:` written with two kinds of block:
/// the spans of the first kind's key and the second's.
fn two_blocks_in_one(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    for n in 0.. {
        let item = crate::locate::list_item(text, "blocks", n)?;
        let kinds: Vec<Range<usize>> = crate::model::BLOCK_KINDS
            .iter()
            .filter_map(|kind| crate::locate::in_item(text, &item, kind))
            .collect();
        if kinds.len() > 1 {
            // `in_item` gives the values' spans; point at their keys.
            let mut keys: Vec<Range<usize>> = kinds
                .iter()
                .map(|value| {
                    let line = text[..value.start].rfind('\n').map_or(0, |i| i + 1);
                    let key = text[line..value.start]
                        .trim_start_matches([' ', '-'])
                        .trim_end_matches([' ', ':']);
                    let at = line + text[line..value.start].find(key).unwrap_or(0);
                    at..at + key.len()
                })
                .collect();
            keys.sort_by_key(|k| k.start);
            return Some((keys[0].clone(), keys[1].clone()));
        }
    }
    None
}

/// The key of the first form block written with nothing after it, as in
/// `- area:` with no value on its line and nothing indented below.
fn empty_block(text: &str) -> Option<Range<usize>> {
    let mut at = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let here = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let key_at = body.len() - body.trim_start_matches([' ', '-']).len();
        let rest = &body[key_at..];
        let Some(kind) = crate::model::BLOCK_KINDS.iter().find(|k| {
            rest.strip_prefix(**k)
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| {
                    let r = r.trim_start_matches(' ');
                    let value = r[..r.find(" #").unwrap_or(r.len())].trim_end();
                    matches!(value, "" | "~" | "null" | "Null" | "NULL") || r.starts_with('#')
                })
        }) else {
            continue;
        };
        let below = lines[i + 1..]
            .iter()
            .map(|l| l.trim_end_matches(['\n', '\r']))
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
        if below.is_none_or(|l| indent(l) <= key_at) {
            return Some(here + key_at..here + key_at + kind.len());
        }
    }
    None
}

/// Where the block mapping with a key at `offset` also has the key `name`,
/// above it or below: the offset of that key.
fn sibling(text: &str, offset: usize, name: &str) -> Option<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    // In `{ }`, the mapping is from its `{` to its `}`, over lines or not.
    if let Some(open) = text[..offset].rfind(['{', '}'])
        && text[open..].starts_with('{')
    {
        let close = text[offset..].find('}').map_or(text.len(), |i| offset + i);
        let mapping = &text[open..close];
        return [
            format!("{{{name}:"),
            format!(" {name}:"),
            format!(",{name}:"),
            format!("\n{name}:"),
        ]
        .iter()
        .filter_map(|k| mapping.find(k.as_str()))
        .min()
        .map(|at| open + at + 1);
    }
    let column = offset - start;
    // The first key of a list item, on its `- ` line, has no key above it
    // in its item.
    let first_of_item = text[start..offset].trim_end().ends_with('-');
    let is_it = |line: &str| {
        let body = line.trim_end_matches('\r');
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if content.is_empty() || content.starts_with('#') || indent > column {
            return Some(false);
        }
        // A line further out ends the mapping; a `- ` at the column starts
        // another item's.
        if indent < column || content.starts_with("- ") {
            return None;
        }
        Some(
            content
                .strip_prefix(name)
                .is_some_and(|r| r.starts_with(':')),
        )
    };
    // Each line's offset in `text`, and the line.
    let lines_from = |from: usize| {
        text[from..].split_inclusive('\n').scan(from, |at, line| {
            let here = *at;
            *at += line.len();
            Some((here, line.trim_end_matches('\n')))
        })
    };
    let key_of =
        |at: usize, line: &str| at + line.len() - line.trim_start_matches([' ', '-']).len();
    let above = if first_of_item { 0 } else { start };
    let lines_above: Vec<(usize, &str)> = lines_from(0).take_while(|(at, _)| *at < above).collect();
    for &(at, line) in lines_above.iter().rev() {
        match is_it(line) {
            Some(true) => return Some(key_of(at, line)),
            Some(false) => {}
            None => {
                // The item's first key is on its `- ` line.
                let content = line.trim_start_matches(' ');
                let indent = line.len() - content.len();
                let first = indent + 2 == column
                    && content
                        .strip_prefix("- ")
                        .and_then(|key| key.strip_prefix(name))
                        .is_some_and(|r| r.starts_with(':'));
                return first.then(|| key_of(at, line));
            }
        }
    }
    for (at, line) in lines_from(start).skip(1) {
        match is_it(line) {
            Some(true) => return Some(key_of(at, line)),
            Some(false) => {}
            None => break,
        }
    }
    None
}

/// Where an offset of the text as changed was in the text before
/// `changes` (each where it was made, how long the text it took out and how
/// long the text it put in, in the order made); inside a change, its start.
fn back_through(changes: &[(usize, usize, usize)], offset: usize) -> usize {
    changes.iter().rev().fold(offset, |p, &(at, taken, put)| {
        if p >= at + put {
            p - put + taken
        } else if p > at {
            at
        } else {
            p
        }
    })
}

/// Makes a fix in the text: each change as where it is, how long the text
/// it took out and how long the text it put in, in the order made.
fn apply(text: &mut String, fix: Fix) -> Vec<(usize, usize, usize)> {
    match fix {
        Fix::Replace(span, with) | Fix::Rename(span, with) => {
            let span = span.start.min(text.len())..span.end.min(text.len());
            let taken = span.len();
            let put = with.len();
            text.replace_range(span.clone(), &with);
            vec![(span.start, taken, put)]
        }
        Fix::CommentOut(key) => {
            // The key's line and every line below indented further, and,
            // under a key with nothing after its colon, the items of a list
            // written at the key's own indent (as ctrldoc writes them).
            let start = key.start.min(text.len());
            let column = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
            let mut marks = vec![start];
            let mut at = text[start..]
                .find('\n')
                .map_or(text.len(), |i| start + i + 1);
            let key_line = text[start..at].trim_end();
            let opens_block = key_line
                .split_once(" #")
                .map_or(key_line, |(before, _)| before)
                .trim_end()
                .ends_with(':');
            while at < text.len() {
                let line = &text[at..];
                let body = line.split('\n').next().unwrap_or("");
                let content = body.trim_start_matches(' ');
                let indent = body.len() - content.len();
                let item = content.starts_with("- ") || content.trim_end() == "-";
                // A comment ends nothing, and is one already.
                if content.starts_with('#') {
                    at += body.len() + 1;
                    continue;
                }
                if !content.trim().is_empty()
                    && (indent < column || (indent == column && !(opens_block && item)))
                {
                    break;
                }
                if !content.trim().is_empty() {
                    marks.push(at + indent);
                }
                at += body.len() + 1;
            }
            // The last first, so that each mark is where it was found.
            marks
                .iter()
                .rev()
                .map(|&m| {
                    text.insert(m, '#');
                    (m, 0, 1)
                })
                .collect()
        }
    }
}

/// How the text may be changed to read on past an error, and find the next.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fix {
    /// Make the key at this span, and the lines indented under it, comments.
    CommentOut(Range<usize>),
    /// Write this in place of the value at this span.
    Replace(Range<usize>, String),
    /// Spell the key at this span as this (what is read under it is still
    /// the file's own), or a value written otherwise as read, as a day
    /// `2016/09/01` as `2016-09-01`.
    Rename(Range<usize>, String),
}

/// A YAML error's diagnostic, and the fix that lets the parser read on.
///
/// `text` is the file as read on, after `changes` to `written`, the file
/// as written.
fn diagnose(
    rel: &str,
    text: &str,
    written: &str,
    changes: &[(usize, usize, usize)],
    err: &serde_yaml::Error,
) -> (Diagnostic, Option<Fix>) {
    let mut fix = None;
    let raw = err.to_string();
    // The crate appends " at line L column C"; the location is printed by us.
    let raw = raw.split(" at line ").next().unwrap_or(&raw);
    // It also prefixes the path of the value, e.g. `body[0]: `.
    let (field_path, reason) = match raw.split_once(": ") {
        Some((path, reason)) if !path.contains(' ') => (Some(path), reason),
        _ => (None, raw),
    };
    let offset = err.location().map_or(0, |l| l.index());
    let (line, column) = position(text, offset);
    let at = format!("`{rel}:{line}:{column}`");
    let rest = &text[offset.min(text.len())..];
    let token = &rest[..rest.find([':', '\n', ',', '}']).unwrap_or(0)];
    let token_len = token.trim_end().len().max(1);
    let span = offset..offset + token_len;

    let mut hints = vec![];
    let mut also = None;
    let mut span = span;
    let message = if let Some(key) = reason
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        // The crate points at the mapping; point at the second key instead.
        let keys = keys_of_mapping(text, offset, key);
        if let [first, second, ..] = keys.as_slice() {
            also = Some(first.clone());
            span = second.clone();
        }
        let (line, column) = position(text, span.start);
        hints.push(format!("keep one `{key}:` and delete the other"));
        fix = Some(Fix::CommentOut(span.clone()));
        format!("`{key}` is written twice in `{rel}:{line}:{column}`")
    } else if let Some((word, expected)) = unknown(reason, "unknown field `") {
        // Read on as if spelt as meant, or else without it.
        fix = Some(Fix::CommentOut(span.clone()));
        if let Some(best) = did_you_mean(&word, expected.iter().map(String::as_str)) {
            if let Some(other) = sibling(text, span.start, best) {
                // The other may be a misspelling of its own, read as meant.
                let other = back_through(changes, other);
                let rest = &written[other.min(written.len())..];
                let word = &rest[..rest.find([':', ' ', '\n']).unwrap_or(rest.len())];
                hints.push(if word == best {
                    // It may be another key, misspelt further: told before
                    // delete, which would lose what it holds.
                    let missing: Vec<String> = expected
                        .iter()
                        .filter(|k| sibling(text, span.start, k).is_none())
                        .cloned()
                        .collect();
                    match missing.is_empty() {
                        true => format!(
                            "`{best}` is given beside it: delete this one if it repeats it, or name it as meant"
                        ),
                        false => format!(
                            "`{best}` is given beside it: name this one as meant if it is another key (not given here: {}), or delete it if it repeats `{best}`",
                            quoted(&missing)
                        ),
                    }
                } else {
                    let (line, _) = position(written, other);
                    format!(
                        "`{word}` on line {line} is also read as `{best}`: keep one of the two, named as meant"
                    )
                });
            } else {
                fix = Some(Fix::Rename(span.clone(), best.to_owned()));
                hints.push(format!("did you mean `{best}`?"));
            }
        } else {
            hints.push(format!("expected one of {}", quoted(&expected)));
        }
        // Text read as a key: the rest of a value that a `,` in `{ }` cut.
        let line_start = text[..offset.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if !word.is_ascii() && text[line_start..offset.min(text.len())].contains('{') {
            hints.push(format!(
                "in `{{ }}` a `,` ends a value, so `{word}` was read as a key: put the value that holds the `,` in quotes, e.g. `label: \"意见（甲, 乙）\"`"
            ));
        }
        format!("unknown field `{word}` in {at}")
    } else if let Some((word, mut expected)) = unknown(reason, "unknown variant `") {
        // A value also read in capitals (`A4`) is offered as written.
        let all = expected.clone();
        expected.retain(|e| e.to_lowercase() == *e || !all.contains(&e.to_lowercase()));
        if let Some(first) = expected.first() {
            span = value_span(text, offset);
            fix = Some(Fix::Replace(span.clone(), first.clone()));
        }
        let cased = expected.iter().find(|e| e.eq_ignore_ascii_case(&word));
        match did_you_mean(&word, expected.iter().map(String::as_str)) {
            // `Landscape`: the value meant, read as such so that the file's
            // other mistakes are said with it.
            _ if let Some(meant) = cased => {
                hints.push(match meant.to_lowercase() == *meant {
                    true => format!("write it in small letters: `{meant}`"),
                    false => format!("write it as `{meant}`"),
                });
                fix = Some(Fix::Rename(span.clone(), meant.clone()));
            }
            Some(best) => hints.push(format!("did you mean `{best}`?")),
            // A copy's state: a lost one is void, with a record of it.
            None if word == "lost" && expected.iter().any(|e| e == "void") => hints.push(
                "a lost copy is `void`, with a record of when and by whom: put `issued` back and record it with `ctrldoc recall DOC --copy N --lost DATE`".into(),
            ),
            None => hints.push(format!("expected one of {}", quoted(&expected))),
        }
        format!("unknown value `{word}` in {at}")
    } else if let Some(field) = reason
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        match misplaced(text, offset, field) {
            Some(there) => {
                let (line, _) = position(text, there.start);
                let indent = |at: usize| at - text[..at].rfind('\n').map_or(0, |i| i + 1);
                hints.push(format!(
                    "`{field}:` on line {line} is indented {} spaces, not {} like the keys here",
                    indent(there.start),
                    indent(offset.min(text.len()))
                ));
                also = Some(there);
            }
            None => hints.push(match (field, rel.starts_with("data/documents/")) {
                ("status", true) => "add `status: draft` here: a new version is a draft until `ctrldoc approve` signs it, which makes it `effective`".to_owned(),
                ("history", true) => format!(
                    "add its revision record here, from its first version: `history: [{{ version: {}, date: YYYY-MM-DD, summary: {}, author: NAME }}]`",
                    version_in(text).unwrap_or("A/0"),
                    // In the language the file is written in.
                    match text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                        true => "首次发布",
                        false => "First issue",
                    }
                ),
                _ => format!("add `{field}:` here"),
            }),
        }
        match field_path {
            Some(path) => format!("missing field `{field}` in `{path}` of {at}"),
            None => format!("missing field `{field}` in {at}"),
        }
    } else if let Some(rest) = reason.strip_prefix(crate::model::day::SHORT_YEAR) {
        // `16-09-01`: the year in the century of the days around it.
        let value = &text[value_span(text, offset)];
        span = value_span(text, offset);
        let year = value.split('-').next().unwrap_or("");
        match year.len() {
            2 => {
                let full = format!("20{value}");
                hints.push(format!("write the year in four digits: `{full}`?"));
                fix = Some(Fix::Replace(span.clone(), full));
            }
            // Read on as a day, so that the file's other mistakes are said.
            _ => {
                hints.push("write the year in four digits, as YYYY-MM-DD".into());
                fix = Some(Fix::Replace(span.clone(), "2000-01-01".into()));
            }
        }
        format!(
            "{SHORT_YEAR}{rest} in {at}",
            SHORT_YEAR = crate::model::day::SHORT_YEAR
        )
    } else if reason.starts_with("input is out of range")
        || reason.starts_with("input contains invalid characters")
        || reason.starts_with("premature end of input")
        || reason.starts_with("trailing input")
    {
        let value = &text[value_span(text, offset)];
        span = value_span(text, offset);
        fix = Some(Fix::Replace(span.clone(), "2000-01-01".into()));
        match (why_not_a_date(value), written_otherwise(value)) {
            (Some(why), _) => hints.push(why),
            // `2016/10/15`, `2016年10月15日`: a day, written otherwise.
            (None, Some(day)) => {
                hints.push(format!("write dates as YYYY-MM-DD: `{day}`"));
                // The file's own day, read as meant: the file is checked
                // on, so that its other mistakes are said with this one.
                fix = Some(Fix::Rename(span.clone(), day));
            }
            (None, None) => hints.push("write dates as YYYY-MM-DD, e.g. `2016-09-01`".into()),
        }
        match written_otherwise(value) {
            Some(_) => format!("`{value}` is not written as YYYY-MM-DD in {at}"),
            None => format!("`{value}` is not a real date in {at}"),
        }
    } else if reason.starts_with("a block has exactly one of")
        && let Some((first, second)) = two_blocks_in_one(text)
    {
        // The parser points at the list; point at the item's second kind.
        let (line, column) = position(text, second.start);
        span = second;
        also = Some(first);
        format!("{reason} in `{rel}:{line}:{column}`")
    } else if reason.starts_with("a block needs one of")
        && let Some(key) = empty_block(text)
    {
        // The parser points at the list; point at the kind left empty.
        let (line, column) = position(text, key.start);
        let kind = &text[key.clone()];
        span = key;
        let example = match kind {
            "fields" => "- fields: { columns: 2, labels: [客户名称, 日期] }",
            "table" => {
                "- table: { columns: [{ label: 序号, width: 1 }, { label: 内容, width: 4 }], rows: 10 }"
            }
            "checks" => "- checks: { label: 问题类别, options: [色差, 其他] }",
            "signatures" => "- signatures: [受理人, 审核人]",
            "note" => "- note: 注：本表一式两份。",
            _ => "- area: { label: 备注, height: 20 }",
        };
        hints.push(format!(
            "write what the `{kind}` block holds after `{kind}:`, e.g. `{example}`; or remove the line"
        ));
        format!("`{kind}:` of a block has nothing after it in `{rel}:{line}:{column}`")
    } else if reason.starts_with("found unexpected end of stream")
        && let Some(open) = unclosed_quote(text)
    {
        // The scanner read to the end of the file looking for the quote
        // that closes the text: point at the one that opened it.
        let quote = &text[open..open + 1];
        let (line, column) = position(text, open);
        span = open..open + 1;
        hints.push(format!(
            "end the text with {quote} on the same line, or remove the opening {quote}"
        ));
        format!("the quote {quote} opened in `{rel}:{line}:{column}` is never closed")
    } else if reason.starts_with("did not find expected key")
        && matches!(
            text[..offset.min(text.len())].chars().last(),
            Some('"' | '\'')
        )
    {
        hints.push("a quoted text ends at its closing quote; to print quotation marks inside it, quote the whole value with the other kind, e.g. `title: '他说\"好\"'`, or use 「」 or “”".into());
        format!("text follows a closing quote in {at}")
    } else if reason.starts_with("did not find expected key")
        && let Some((further, hint)) = misindented_item(text, offset)
    {
        hints.push(hint);
        format!(
            "this `- ` item is indented {} than the items above it in {at}",
            if further { "further" } else { "less far" }
        )
    } else if reason.starts_with("did not find expected '-' indicator")
        && line_of(text, offset).1.starts_with("- ")
        && let Some((further, hint)) = misindented_item(text, offset)
    {
        // An item moved whole, its lines with it: its `- ` is out of line.
        hints.push(format!("{hint}; move the lines of its item with it"));
        format!(
            "this `- ` item is indented {} than the items above it in {at}",
            if further { "further" } else { "less far" }
        )
    } else if reason.starts_with("did not find expected '-' indicator")
        && let Some(hint) = key_among_items(text, offset)
    {
        hints.push(hint);
        format!(
            "`{}` stands where YAML reads the next item of a list in {at}",
            line_of(text, offset).1.trim_end()
        )
    } else if reason.starts_with("invalid type: map, expected a string")
        && text[offset.min(text.len())..].starts_with('{')
        && text[offset.min(text.len())..]
            .lines()
            .next()
            .is_some_and(|l| l.contains("label:") && l.contains("width:"))
        && rel.starts_with("data/documents/")
    {
        // A form's table column copied into a document's table.
        hints.push("a document's table has no widths: write its columns as their headings, e.g. `columns: [项目, 分值, 记录]`; `{ label: …, width: … }` is how a form's table writes them".into());
        format!("a column of a document's table is its heading alone in {at}")
    } else if reason.starts_with("invalid type: map, expected a string")
        && text[offset.min(text.len())..].starts_with("{{")
    {
        // A form reference, in a table's row or anywhere `[ … ]` holds it.
        hints.push("YAML reads `{ … }` as `key: value` pairs: put the whole text in single quotes, e.g. `'{{ form(\"NUMBER\") }}'`; in double quotes, the `\"` of `form(\"…\")` would end it".into());
        format!("a text that starts with `{{{{` must be in quotes in {at}")
    } else if reason.starts_with("invalid type: map, expected a string")
        && text[offset.min(text.len())..].starts_with('{')
    {
        hints.push("YAML reads `{ … }` as `key: value` pairs: put the whole text in quotes, e.g. `page_of: \"第{page}页\"`".into());
        format!("a text that starts with `{{` must be in quotes in {at}")
    } else if reason.starts_with("control characters are not allowed")
        && let Some((bad, c)) = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
    {
        // The parser says where as a count of its own, not a line.
        let (line, column) = position(text, bad);
        span = bad..bad + c.len_utf8();
        hints.push(
            "delete it: a control character is not printed, and YAML does not allow one in a file"
                .into(),
        );
        format!(
            "control character U+{:04X} in `{rel}:{line}:{column}`",
            c as u32
        )
    } else if reason.starts_with("could not find expected ':'")
        && let Some(start) = key_without_colon(text, offset)
    {
        // A line that starts a key and has no `:`: the scanner looks for it
        // to the next line, or to the end of the file, and says it there.
        let (indent, body) = line_of(text, start);
        let content = body.trim_end();
        span = start + indent..start + indent + content.len();
        let (line, column) = position(text, span.start);
        hints.push(match crate::lint::colon_left_out(content) {
            Some((word, rest)) => {
                format!("a key is followed by `:` and a space: write `{word}: {rest}`")
            }
            None => "a key is followed by `:` and a space; a text goes after the `: ` of its key, or on the line below it, indented further".into(),
        });
        format!("`{content}` is read as a key, with no `:` after it, in `{rel}:{line}:{column}`")
    } else if reason.starts_with("mapping values are not allowed") {
        // `title: 考核: 标准`: the second `: ` starts a key where a text is.
        hints.push(COLON_IN_TEXT.into());
        format!("`: ` in the middle of a text: YAML reads what is before it as a key in {at}")
    } else if text[offset.min(text.len())..].starts_with('\t') {
        hints.push("indent YAML with spaces; a tab cannot indent".into());
        format!("a tab indents this line in {at}")
    } else {
        // Read on with a value of the kind expected in place of this one,
        // when it is all on its line.
        let replaced = match stand_in(reason) {
            Some((with, true)) => flow_span(text, offset)
                .map(|span| (span, with.to_owned()))
                .or_else(|| block_span(text, offset).map(|span| (span, format!(" {with}"))))
                .or_else(|| item_span(text, offset).map(|span| (span, with.to_owned()))),
            Some((with, false)) if !continues_below(text, offset) => {
                Some((value_span(text, offset), with.to_owned()))
            }
            _ => None,
        };
        if let Some((at, with)) = replaced {
            // A list or mapping over lines is still shown by its first.
            if !text[at.clone()].contains('\n') {
                span = at.clone();
            }
            fix = Some(Fix::Replace(at, with));
        }
        if reason.starts_with("invalid type: ") {
            if reason.starts_with("invalid type: sequence")
                && reason.ends_with("expected a string")
                && text[offset.min(text.len())..].starts_with('[')
            {
                hints.push("write the text on its own, without `[ ]`; put it in quotes if it has `,` or `: ` in it".into());
            } else if reason.starts_with("invalid type: sequence")
                && reason.ends_with("expected a string")
                && text[offset.min(text.len())..].starts_with('-')
                && block_span(text, offset).is_some()
            {
                hints.push("write the text on its key's line, `key: text`; lines that start with `- ` make a list".into());
            } else if reason.starts_with("invalid type: string")
                && reason.contains("expected struct Column")
            {
                hints.push("write each column with its label and its share of the table's width, e.g. `columns: [{ label: 序号, width: 0.8 }, { label: 供应商名称, width: 3 }]`".into());
            } else if reason.starts_with("invalid type: string")
                && (reason.ends_with("expected a map") || reason.contains("expected struct "))
            {
                hints.push(
                    "write `key: value` lines here, or `{ key: value, … }` on the line, not a text"
                        .into(),
                );
            } else if reason.ends_with("expected a sequence") {
                hints.push("write a list: `[甲, 乙]` on the line, or each item on a line of its own after `- `".into());
            } else if reason.starts_with("invalid type: map")
                && reason.ends_with("expected a string")
            {
                // `- 注意: 本节…`, or `[服务态度: 好, 5]`: a text with `: `.
                hints.push(COLON_IN_TEXT.into());
            } else if reason.starts_with("invalid type: integer `-") {
                let least = match reason.contains("nonzero") || reason.contains("number from 1") {
                    true => 1,
                    false => 0,
                };
                hints.push(format!("write a whole number of {least} or more"));
            } else if let Some(digits) = reason
                .strip_prefix("invalid type: string \"0")
                .and_then(|r| r.split_once('"'))
                .map(|(digits, _)| digits.trim_start_matches('0'))
                .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                && (reason.contains(", expected u") || reason.contains(", expected i"))
            {
                // `02` is read as text: YAML takes a leading zero for octal.
                let number = if digits.is_empty() { "0" } else { digits };
                hints.push(format!("write `{number}`, without the leading zero"));
            } else if reason.contains(", expected u") || reason.contains(", expected i") {
                hints.push("write a number in digits, e.g. `12`".into());
            } else if reason.contains(", expected f") {
                hints.push(
                    "write a number in digits without a unit, e.g. `20`: an area's height is in millimetres, a column's width is its share of the table's"
                        .into(),
                );
            }
        }
        let reason = unescaped(&plain_types(reason));
        match field_path {
            Some(path) => format!("{reason} in `{path}` of {at}"),
            None => format!("{reason} in {at}"),
        }
    };
    let mut diagnostic = Diagnostic::error(message).at(rel, span);
    if let Some(other) = also {
        let label = if reason.starts_with("missing field") {
            "written here, out of line"
        } else if reason.starts_with("a block has") {
            "the block it is written in"
        } else {
            "first written here"
        };
        diagnostic = diagnostic.also(rel, other, label);
    }
    diagnostic.hints = hints;
    (diagnostic, fix.filter(|f| can_read_on(text, f)))
}

/// The hint for a text that has `: ` in it, which YAML reads as a key.
const COLON_IN_TEXT: &str = "a `: ` (colon and space) in a text makes YAML read a key: put the whole text in quotes, e.g. `'注意: 本节'`, or write the full-width `：`";

/// Says what the lint found, and where.
fn lint_diagnostic(rel: &str, text: &str, found: crate::lint::Finding) -> Diagnostic {
    let (line, column) = position(text, found.span.start);
    let message = format!("{} in `{rel}:{line}:{column}`", found.message);
    let mut diagnostic = if found.error {
        Diagnostic::error(message)
    } else {
        Diagnostic::warning(message)
    }
    .at(rel, found.span)
    .hint(found.hint);
    if let Some((message, hint)) = found.chinese {
        let at = format!("`{rel}:{line}:{column}`");
        diagnostic = diagnostic.chinese(message.replace("{at}", &at), hint);
    }
    if let Some((span, label)) = found.also {
        diagnostic = diagnostic.also(rel, span, label);
    }
    diagnostic
}

/// The key `field:` written below the mapping at `offset` that misses it,
/// at another indentation: in the lines that follow, up to the next key of
/// the file's top level or the next `field:` of a mapping like it.
fn misplaced(text: &str, offset: usize, field: &str) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = offset - line_start;
    let mut at = text[offset..].find('\n')? + offset + 1;
    for line in text[at..].split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let this = line.len() - body.len();
        let key = body
            .strip_prefix("- ")
            .map_or(body, |b| b.trim_start_matches(' '));
        let column = this + body.len() - key.len();
        if this == 0 && !body.trim().is_empty() && !body.starts_with('#') {
            return None;
        }
        if key
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return (column != indent).then_some(at + column..at + column + field.len());
        }
        at += line.len();
    }
    None
}

/// Where the first quoted value that is not closed on its own line opens:
/// `key: "text` or `- 'text`.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        let content = line.trim_end();
        let value = content
            .find(": ")
            .map(|i| i + 2)
            .or_else(|| {
                content
                    .trim_start()
                    .starts_with("- ")
                    .then(|| content.find("- ").unwrap_or(0) + 2)
            })
            .map(|i| i + content[i..].len() - content[i..].trim_start().len());
        let Some(at) = value else { continue };
        let rest = &content[at..];
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        if !crate::lint::closes(&rest[1..], quote) {
            return Some(here + at);
        }
    }
    None
}

/// The spans of every `key:` of the block mapping that starts at `offset`:
/// keys at the mapping's indentation, up to the first line indented less.
fn keys_of_mapping(text: &str, offset: usize, key: &str) -> Vec<Range<usize>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = offset - line_start;
    let mut spans = vec![];
    let mut at = line_start;
    for line in text[line_start..].split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let this_indent = line.len() - body.len();
        let content = body.trim_end();
        let first = at == line_start;
        if !first && !content.is_empty() && !content.starts_with('#') && this_indent < indent {
            break;
        }
        let key_at = if first { indent } else { this_indent };
        if (first || this_indent == indent)
            && line[key_at.min(line.len())..].starts_with(key)
            && line[key_at + key.len()..]
                .trim_start_matches(' ')
                .starts_with(':')
        {
            spans.push(at + key_at..at + key_at + key.len());
        }
        at += line.len();
    }
    spans
}

/// Says Rust's type names in the words of a person who writes YAML.
fn plain_types(reason: &str) -> String {
    let mut out = reason.to_owned();
    // The most of a small one said, as a number too large is refused too.
    for (int, most) in [
        ("u8", " to 255"),
        ("u16", " to 65535"),
        ("u32", ""),
        ("u64", ""),
        ("usize", ""),
    ] {
        let words = |least: u8| match most {
            "" => format!("expected a whole number, {least} or more"),
            most => format!("expected a whole number from {least}{most}"),
        };
        out = out.replace(&format!("expected a nonzero {int}"), &words(1));
        out = out.replace(&format!("expected {int}"), &words(0));
    }
    for int in ["i32", "i64"] {
        out = out.replace(&format!("expected {int}"), "expected a whole number");
    }
    for float in ["f32", "f64"] {
        out = out.replace(&format!("expected {float}"), "expected a number");
    }
    // serde's words for YAML's kinds of value.
    for (serde, plain) in [
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: `key: value` lines"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected `key: value` lines"),
    ] {
        out = out.replace(serde, plain);
    }
    if let Some(at) = out.find("expected struct ") {
        out.replace_range(at.., "expected `key: value` lines");
    }
    out
}

/// A message with the `\u{3000}` escapes the parser writes in quoted
/// values turned back into their characters.
fn unescaped(message: &str) -> String {
    crate::labels::replace_braced(message, "\\u{", |hex| {
        let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
        Some(c.to_string())
    })
}

/// Whether the value at `offset` may go on over the lines below it: it
/// starts on a line of its own, or the next line that is not blank or a
/// comment is indented past its key.
fn continues_below(text: &str, offset: usize) -> bool {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    // A value begun on the line below its key: where it ends is not told.
    if line.trim().is_empty() {
        return true;
    }
    let key = line.len() - line.trim_start_matches([' ', '-']).len();
    let below = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    text[below..]
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.len() - l.trim_start_matches(' ').len() > key)
}

/// A value of the kind a wrong one was expected to be, for reading on past
/// it, and whether the wrong one is a list or `key: value` pairs (which is
/// replaced only when written in brackets on its line).
fn stand_in(reason: &str) -> Option<(&'static str, bool)> {
    let rest = reason
        .strip_prefix("invalid type: ")
        .or_else(|| reason.strip_prefix("invalid value: "))?;
    let single = [
        "string",
        "integer",
        "floating point",
        "boolean",
        "unit value",
        "char",
    ]
    .iter()
    .any(|kind| rest.starts_with(kind));
    let collection = rest.starts_with("sequence") || rest.starts_with("map");
    let expected = &rest[rest.find(", expected ")? + ", expected ".len()..];
    if !single && !collection {
        return None;
    }
    let with = match expected {
        e if e.starts_with('u') || e.starts_with('i') || e.starts_with('f') => "1",
        "a string" => "x",
        "a boolean" => "false",
        "a sequence" => "[]",
        _ => return None,
    };
    Some((with, collection))
}

/// The span of a `[ … ]` or `{ … }` that starts at `offset` and closes on
/// the same line, brackets inside quotes left aside.
fn flow_span(text: &str, offset: usize) -> Option<Range<usize>> {
    let rest = &text[offset.min(text.len())..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    if !line.starts_with(['[', '{']) {
        return None;
    }
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset..offset + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The span of `key: value` lines written as a list item, the first key at
/// `offset`, just after the item's `- ` (a table's row written as
/// `- 项目: …` with `分值: …` below it): to the end of the item's last line
/// indented as far as its first key. None when `offset` is not just after a
/// `- `.
fn item_span(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..offset].trim_matches(' ') != "-" {
        return None;
    }
    let column = offset - line_start;
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut end = line_end(offset);
    let mut at = end + 1;
    while at < text.len() {
        let body = &text[at..line_end(at)];
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if !content.trim().is_empty() && !content.starts_with('#') {
            if indent < column {
                break;
            }
            end = at + body.trim_end().len();
        }
        at += body.len() + 1;
    }
    Some(offset..end)
}

/// The span of a list or `key: value` lines written over the lines below
/// its key, the value at `offset`: from just past the key's colon to the
/// end of the block's last line, so that a value put there stands on the
/// key's line. None when what is above `offset` is not a key alone.
fn block_span(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..offset].trim_start_matches(' ').is_empty() {
        return None;
    }
    // The key: the nearest line above that is neither blank nor a comment.
    let mut key_end = line_start;
    let key_line = loop {
        if key_end == 0 {
            return None;
        }
        let start = text[..key_end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..key_end - 1].trim_end_matches('\r');
        key_end = start;
        let body = line.trim();
        if !body.is_empty() && !body.starts_with('#') {
            break start..start + line.len();
        }
    };
    let line = &text[key_line.clone()];
    // Up to a comment: a `#` after a space or a tab.
    let comment = line
        .char_indices()
        .find(|&(i, c)| c == '#' && line[..i].ends_with([' ', '\t']))
        .map_or(line.len(), |(i, _)| i);
    let content = line[..comment].trim_end_matches([' ', '\t']);
    if !content.ends_with(':') || content.trim_start().starts_with(['"', '\'']) {
        return None;
    }
    let past_colon = key_line.start + content.len();
    let key_column = line.len() - line.trim_start_matches([' ', '-']).len();
    // The block: every line below indented past the key, and for a list
    // written flush with its key, its `- ` lines.
    let first_column = offset - line_start;
    let flush = first_column == key_column && text[offset..].starts_with("- ");
    if first_column < key_column || (first_column == key_column && !flush) {
        return None;
    }
    let mut end = offset;
    let mut at = line_start;
    for line in text[line_start..].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches(' ');
        let column = body.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') {
            let inside =
                column > key_column || (flush && column == key_column && content.starts_with("- "));
            if !inside {
                break;
            }
            end = at + body.len();
        }
        at += line.len();
    }
    Some(past_colon..end)
}

/// Splits "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown(reason: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = reason.strip_prefix(prefix)?;
    let (word, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((word.to_owned(), expected))
}

fn quoted(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why `value`, written as YYYY-MM-DD, is no day: its month or its day
/// is past the last (`2026-11-31`: November has 30 days).
pub(crate) fn why_not_a_date(value: &str) -> Option<String> {
    let mut parts = value.trim_matches(['"', '\'']).split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(format!(
            "the month is written second, 01 to 12: `{month:02}` is none"
        ));
    }
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = chrono::Datelike::day(
        &first
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?,
    );
    (day == 0 || day > last).then(|| {
        format!("{year}-{month:02} has {last} days, from 01 to {last}: `{day:02}` is none of them")
    })
}

/// A day written otherwise than YYYY-MM-DD (`2016/10/15`, `2016.9.1`,
/// `2016年9月1日`, in full-width digits too), as YYYY-MM-DD.
pub(crate) fn written_otherwise(value: &str) -> Option<String> {
    let value: String = value
        .trim_matches(['"', '\''])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    let parts: Vec<&str> = value
        .split(['/', '.', '-', '年', '月', '日', '－', '／', '．', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [year, month, day] = parts[..] else {
        return None;
    };
    let digits = |p: &str, most: usize| {
        (1..=most).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if year.len() != 4 || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let day = chrono::NaiveDate::from_ymd_opt(
        year.parse().ok()?,
        month.parse().ok()?,
        day.parse().ok()?,
    )?;
    Some(day.format("%Y-%m-%d").to_string())
}

/// The `version:` a file writes at its top level, if it does.
fn version_in(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.strip_prefix("version:"))
        .map(|v| {
            v.split(" #")
                .next()
                .unwrap_or(v)
                .trim()
                .trim_matches(['"', '\''])
        })
        .filter(|v| !v.is_empty())
}

/// The lines before `offset`'s, nearest first, each as its number (from
/// 1), its indent and its text after the indent; blank lines and comments
/// left out.
fn lines_above(text: &str, offset: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let lines: Vec<&str> = text[..start].lines().collect();
    lines
        .into_iter()
        .enumerate()
        .rev()
        .map(|(n, line)| {
            let body = line.trim_start_matches(' ');
            (n + 1, line.len() - body.len(), body)
        })
        .filter(|(_, _, body)| !body.trim().is_empty() && !body.starts_with('#'))
}

/// The indent of `offset`'s line and its text after the indent.
/// Where the line starts that YAML read as a key and found no `:` after,
/// when it gave up at `offset`: the last line before it with text, not a
/// comment.
fn key_without_colon(text: &str, offset: usize) -> Option<usize> {
    let before = &text[..offset.min(text.len())];
    let mut end = before.len();
    loop {
        let start = before[..end].trim_end().rfind('\n').map_or(0, |i| i + 1);
        let line = before[start..end].trim();
        if line.is_empty() && start == 0 {
            return None;
        }
        if !line.is_empty() && !line.starts_with('#') {
            return Some(start);
        }
        end = start.checked_sub(1)?;
    }
}

fn line_of(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let body = line.trim_start_matches(' ');
    (line.len() - body.len(), body)
}

/// For "did not find expected key" at an item (`- `) indented further
/// than the items of the list it follows: where they are.
fn misindented_item(text: &str, offset: usize) -> Option<(bool, String)> {
    let (indent, body) = line_of(text, offset);
    if !body.starts_with("- ") {
        return None;
    }
    // Of the lists above, the one whose items begin as it does (`- title:`,
    // or a text), indented nearest to it, the nearer one of two as near: a
    // `- ` one space short of the list it follows is of that list, not of
    // the one around it.
    let key = |body: &str| {
        let item = &body[2..];
        item.split_once(": ")
            .or_else(|| item.strip_suffix(':').map(|k| (k, "")))
            .map(|(key, _)| key.to_owned())
            .filter(|key| !key.contains(' '))
    };
    let ours = key(body);
    // A text item under an item's key holding one text (`- note: 注：…`):
    // that key has no list to line up with; the line goes on with its text.
    if ours.is_none()
        && let Some((_, above, last)) = lines_above(text, offset).next()
        && above < indent
        && let Some((owner, value)) = last
            .strip_prefix("- ")
            .unwrap_or(last)
            .split_once(": ")
        && !owner.contains(' ')
        // Under a part's title, a list is most often one whose key
        // (`paragraphs:`, `items:`) was left out: the hint below says so.
        && owner != "title"
        && !value.trim().is_empty()
        && !value.trim_start().starts_with(['[', '{', '|', '>', '&', '*', '!', '#'])
    {
        return Some((true, crate::lint::one_text(owner)));
    }
    let (line, theirs, _) = lines_above(text, offset)
        .filter(|(_, at, body)| *at != indent && body.starts_with("- "))
        .min_by_key(|(line, at, body)| {
            (key(body) != ours, at.abs_diff(indent), usize::MAX - line)
        })?;
    Some((
        theirs < indent,
        format!(
            "this `- ` is indented {indent} spaces, but the items of the list above it are indented {theirs} (line {line}): line it up with them, or, if it begins a list of its own, write the key that holds it (`items:`, `sections:` …) on the line above"
        ),
    ))
}

/// For "did not find expected '-' indicator" at a key where the items of
/// a list are read: the key belongs to the item above it, further in.
fn key_among_items(text: &str, offset: usize) -> Option<String> {
    let (indent, body) = line_of(text, offset);
    let key = body.split_once(':')?.0;
    if body.starts_with("- ") || key.is_empty() || key.contains(' ') {
        return None;
    }
    let (line, _, _) =
        lines_above(text, offset).find(|(_, at, body)| *at == indent && body.starts_with("- "))?;
    Some(format!(
        "`{key}:` is indented {indent} spaces, as the items of the list that begins above it are (line {line}), so YAML expects another `- ` item here: if `{key}:` belongs to the item above, indent it {} spaces, as that item's keys",
        indent + 2
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Signature;

    #[test]
    fn a_date_past_its_month_says_how_long_the_month_is() {
        let why = |v| why_not_a_date(v).unwrap_or_default();
        assert_eq!(
            why("2026-11-31"),
            "2026-11 has 30 days, from 01 to 30: `31` is none of them"
        );
        assert_eq!(
            why("2023-02-29"),
            "2023-02 has 28 days, from 01 to 28: `29` is none of them"
        );
        assert_eq!(
            why("2024-02-30"),
            "2024-02 has 29 days, from 01 to 29: `30` is none of them"
        );
        assert_eq!(
            why("2026-01-00"),
            "2026-01 has 31 days, from 01 to 31: `00` is none of them"
        );
        assert_eq!(
            why("2026-13-01"),
            "the month is written second, 01 to 12: `13` is none"
        );
        // A date that is one, or not written as YYYY-MM-DD, is left to the
        // general hint.
        assert_eq!(why_not_a_date("2024-02-29"), None);
        assert_eq!(why_not_a_date("2026/11/31"), None);
        assert_eq!(why_not_a_date("26-11-31"), None);
    }

    #[test]
    fn a_day_written_otherwise_is_given_as_written_right() {
        assert_eq!(
            written_otherwise("2016/10/15").as_deref(),
            Some("2016-10-15")
        );
        assert_eq!(written_otherwise("2016.9.1").as_deref(), Some("2016-09-01"));
        assert_eq!(
            written_otherwise("2016年9月1日").as_deref(),
            Some("2016-09-01")
        );
        assert_eq!(
            written_otherwise("２０１６－０９－０１").as_deref(),
            Some("2016-09-01")
        );
        // Not a day, or not one that can be told.
        assert_eq!(written_otherwise("2016/02/30"), None);
        assert_eq!(written_otherwise("16/10/15"), None);
        assert_eq!(written_otherwise("10/15/2016"), None);
        assert_eq!(written_otherwise("二〇一六年"), None);
    }

    #[test]
    fn the_quote_left_open_is_found_and_closed_ones_are_not() {
        let closed = "a: \"x \\\" y\"\nb: 'it''s'\nc: plain \"q\n- \"item\"\n";
        assert_eq!(unclosed_quote(closed), None);
        let open = format!("{closed}d: 'it''s\n");
        assert_eq!(unclosed_quote(&open), Some(closed.len() + 3));
        let item = "list:\n  - \"one\n";
        assert_eq!(unclosed_quote(item), Some(10));
    }

    fn all_errors(text: &str) -> Vec<String> {
        let err = serde_yaml::from_str::<Form>(text).unwrap_err();
        errors::<Form>("data/x.yaml", text, &err)
            .0
            .into_iter()
            .map(|d| {
                let (_, span) = d.location.unwrap();
                format!("{} @{}", d.message, &text[span])
            })
            .collect()
    }

    #[test]
    fn errors_after_the_first_are_found_at_their_own_places() {
        let form =
            "number: QR-XS-001\ntitle: 表\nversion: A/0\nretention: 1年\nkeeper: XS\nblocks: []\n";
        let text = format!("{form}effective: 2016.9.1\ntitel: x\nlandscpe: 1\n  more: 2\n");
        // A misspelt key is read on as if spelt right, an unknown one as
        // if not there; so `title` is written twice, and `landscpe` (with
        // the line under it) is not reported again.
        assert_eq!(
            all_errors(&text),
            [
                "`2016.9.1` is not written as YYYY-MM-DD in `data/x.yaml:7:12` @2016.9.1",
                "unknown field `titel` in `data/x.yaml:8:1` @titel",
                "unknown field `landscpe` in `data/x.yaml:9:1` @landscpe",
            ]
        );
        // A misspelt key alone is not then said to be missing.
        let text = form.replace("title:", "titel:") + "effective: 2016-09-01\n";
        assert_eq!(
            all_errors(&text),
            ["unknown field `titel` in `data/x.yaml:2:1` @titel"]
        );
        // Positions after a change of another length are those of the text.
        let text =
            format!("{form}effective: 2016年9月1日\nserial: {{ format: x, restart: yearli }}\n");
        assert_eq!(
            all_errors(&text),
            [
                "`2016年9月1日` is not written as YYYY-MM-DD in `data/x.yaml:7:12` @2016年9月1日",
                "unknown value `yearli` in `data/x.yaml:8:31` @yearli",
            ]
        );
    }

    #[test]
    fn a_list_or_mapping_of_the_wrong_kind_over_lines_is_read_past() {
        let head = "number: QR-XS-001\nversion: A/0\nkeeper: XS\neffective: 2016-09-01\n";
        // A list where a text goes, indented or flush with its key, with a
        // comment and a blank line in it; then `key: value` lines where a
        // list goes, inside a block; every error after each is found.
        let text = format!(
            "{head}title:  # 表名\n  - 甲\n\n  # 注\n  - 乙\nretention:\n- 1年\n- 3年\nkeepr: x\nblocks:\n  - fields:\n      labels:\n        a: b\n      colums: 2\n"
        );
        assert_eq!(
            all_errors(&text),
            [
                "invalid type: a list, expected a string in `title` of `data/x.yaml:6:3` @- 甲",
                "invalid type: a list, expected a string in `retention` of `data/x.yaml:11:1` @- 1年",
                "unknown field `keepr` in `data/x.yaml:13:1` @keepr",
                "invalid type: `key: value` lines, expected a list in `blocks[0].fields.labels` of `data/x.yaml:17:9` @a",
                "unknown field `colums` in `data/x.yaml:18:7` @colums",
            ]
        );
        // A list that is itself an item of a list is not taken for a key's.
        assert_eq!(block_span("a:\n  - - x\n", 8), None);
        assert_eq!(block_span("a:\n  - x\nb: 1\n", 5), Some(2..8));
        assert_eq!(block_span("a:\nb: 1\n", 3), None);
        // A comment after a tab is a comment too.
        assert_eq!(block_span("a:\t# c\n  - x\n", 9), Some(2..12));
    }

    #[test]
    fn a_fix_ends_at_a_comment_and_a_bracket() {
        let form =
            "number: QR-XS-001\ntitle: 表\nversion: A/0\nretention: 1年\nkeeper: XS\nblocks: []\n";
        let text = format!(
            "{form}effective: 2016-02-30 # 注: 旧版\norientation: portrat # 注: 横向\nkeepr: x\n"
        );
        assert_eq!(
            all_errors(&text),
            [
                "`2016-02-30` is not a real date in `data/x.yaml:7:12` @2016-02-30",
                "unknown value `portrat` in `data/x.yaml:8:14` @portrat",
                "unknown field `keepr` in `data/x.yaml:9:1` @keepr",
            ]
        );
        // A misspelt key beside the right one in `{ }` is not read as it.
        let text = format!(
            "{form}effective: 2016-09-01\nserial: {{ format: x, restar: yearly, restart: never }}\nkeepr: x\n"
        );
        assert_eq!(
            all_errors(&text),
            ["unknown field `restar` in `data/x.yaml:8:22` @restar",]
        );
    }

    #[test]
    fn a_key_over_a_list_flush_with_it_is_made_a_comment_with_its_items() {
        let form = "number: QR-XS-001\ntitle: 表\nversion: A/0\nretention: 1年\nkeeper: XS\neffective: 2016-09-01\n";
        let text = format!("{form}entries:\n- a: 1\n  b: 2\n# c\n- c\nblocks: []\n");
        assert_eq!(
            all_errors(&text),
            ["unknown field `entries` in `data/x.yaml:7:1` @entries"]
        );
        // A key with a value of its own leaves the list below to the next.
        let mut read = "a: 1\n- b\n".to_owned();
        apply(&mut read, Fix::CommentOut(0..1));
        assert_eq!(read, "#a: 1\n- b\n");
    }

    #[test]
    fn a_file_read_with_keys_respelt_only_is_read_and_found_in_as_written() {
        let form = "number: QR-XS-001\ntitle: 表\nversion: A/0\nretention: 1年\neffective: 2016-09-01\nblocks: []\n";
        let read = |text: &str| {
            let err = serde_yaml::from_str::<Form>(text).unwrap_err();
            errors::<Form>("data/x.yaml", text, &err).1
        };
        let text = format!("{form}keepr: XS\n");
        let (form_read, mended) = read(&text).expect("read as respelt");
        assert_eq!(form_read.keeper, "XS");
        assert!(mended.text.ends_with("keeper: XS\n"), "{}", mended.text);
        // The value `keeper:` has in the text as read is where it is in the
        // text as written.
        let value = mended.text.rfind("XS").unwrap();
        assert_eq!(&text[mended.back(value..value + 2)], "XS");
        // Nor is a key taken for one given beside it, on its item's `- ` line.
        let item = "copies:\n- number: 2\n  numbr: 7\n";
        assert_eq!(
            sibling(item, item.find("numbr").unwrap(), "number"),
            item.find("number")
        );
        assert_eq!(sibling(item, item.find("numbr").unwrap(), "holder"), None);
        // The item before is not its item; a `{ }` over lines is one mapping.
        let items = "copies:\n- number: 1\n  holder: XS\n- numbr: 2\n  holder: CW\n";
        assert_eq!(sibling(items, items.find("numbr").unwrap(), "number"), None);
        let flow = "reviewed: { nme: 王喆,\n  name: 王喆 }\n";
        assert_eq!(
            sibling(flow, flow.find("nme").unwrap(), "name"),
            flow.find("name")
        );
        // A key left out, or a value made up, is not read as the file's.
        assert!(read(&format!("{form}keeper: XS\nnotes_for_me: 1\n")).is_none());
        assert!(read(&format!("{form}keepr: XS\npaper: a9\n")).is_none());
    }

    #[test]
    fn unknown_field_names_file_line_column_and_suggests() {
        let text = "name: 李珺\ndat: 2016-09-01\n";
        let err = serde_yaml::from_str::<Signature>(text).unwrap_err();
        let d = yaml_diagnostic("data/x.yaml", text, &err);
        assert_eq!(d.message, "unknown field `dat` in `data/x.yaml:2:1`");
        assert_eq!(d.hints, ["did you mean `date`?"]);
    }

    #[test]
    fn duplicate_key_points_at_both_places() {
        let text = "name: 李珺\ndate: 2016-09-01\nname: 王喆\n";
        let err = serde_yaml::from_str::<Signature>(text).unwrap_err();
        let d = yaml_diagnostic("data/x.yaml", text, &err);
        assert_eq!(d.message, "`name` is written twice in `data/x.yaml:3:1`");
        let (_, span) = d.location.unwrap();
        assert_eq!(span.start, text.rfind("name").unwrap());
        assert_eq!(d.also[0].1, 0..4);
    }

    #[test]
    fn impossible_date_is_reported_with_its_value() {
        let text = "name: 李珺\ndate: 2016-02-30\n";
        let err = serde_yaml::from_str::<Signature>(text).unwrap_err();
        let d = yaml_diagnostic("data/x.yaml", text, &err);
        assert_eq!(
            d.message,
            "`2016-02-30` is not a real date in `data/x.yaml:2:7`"
        );
    }
}

//! Problems in the user's documents, each pointing at a file and a span, and
//! how they are printed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor};
use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the build goes on.
    Warning,
    /// The documents cannot be built as they are.
    Error,
}

/// A problem in the user's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lower-case, no final period.
    pub message: String,
    /// Where: a file relative to the document set's root, and a byte range.
    pub location: Option<(String, Range<usize>)>,
    /// Other places that matter, each with what it is: a file, a byte
    /// range and a label.
    pub also: Vec<(String, Range<usize>, String)>,
    /// How to fix it.
    pub hints: Vec<String>,
    /// What it is one of, when many files may be given it alike (see
    /// [`Sources::print`]); not kept in a manifest.
    #[serde(skip)]
    pub alike: Option<Alike>,
    /// Said of a copy still out to a holder no longer in the organisation:
    /// an error that recording the copy's return clears, so that `recall`
    /// is not refused for it. Not kept in a manifest.
    #[serde(skip)]
    pub out_to_unknown: bool,
    /// Said of a copy returned or void that its register records as
    /// issued again (see [`crate::build::reopened`]): its document and
    /// number. Not kept in a manifest.
    #[serde(skip)]
    pub reopened: Option<(String, u32)>,
    /// Said of an approved text, a document's or a form's, that prints
    /// otherwise than the last build printed it (see
    /// [`crate::build::approved_text_changed`]): its number and version,
    /// whose text as printed before the build that prints it so keeps in
    /// its manifest, for it to be said until it is put back. Not kept in a
    /// manifest.
    #[serde(skip)]
    pub unapproved: Option<(String, String)>,
    /// What it says and how to mend it in Chinese, for the audit report of
    /// a Chinese set, which prints the English otherwise. Not kept in a
    /// manifest.
    #[serde(skip)]
    pub chinese: Option<(String, String)>,
}

/// Problems said of many files alike. Past [`SAID_ALIKE`] of one kind,
/// printing names the first and counts the rest in one warning, unless
/// `--verbose`: a set of forms whose documents are still to be written
/// would otherwise bury every other problem (a check of a generated set of
/// 1,011 forms, 1,000 of them named by no document, printed 8,001 lines).
/// What `audit` reports, and the audit report, name each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alike {
    /// A form no document names.
    UnreferencedForm,
    /// A numbered form whose serial format an earlier form has: forms made
    /// by copying others share theirs, a warning for each copy.
    SharedSerialFormat,
}

impl Alike {
    /// The warning that counts `more` of them.
    fn more(self, more: usize) -> Diagnostic {
        let message = match (self, more) {
            (Alike::UnreferencedForm, 1) => {
                "1 more form is not referenced by any document".to_owned()
            }
            (Alike::UnreferencedForm, _) => {
                format!("{more} more forms are not referenced by any document")
            }
            (Alike::SharedSerialFormat, 1) => {
                "1 more form numbers its sheets with the format of an earlier form".to_owned()
            }
            (Alike::SharedSerialFormat, _) => {
                format!("{more} more forms number their sheets with the format of an earlier form")
            }
        };
        Diagnostic::warning(message).hint(match more {
            1 => "`--verbose` names it",
            _ => "`--verbose` names each of them",
        })
    }
}

/// How many problems of one kind (see [`Alike`]) are named one by one.
pub const SAID_ALIKE: usize = 20;

impl Diagnostic {
    /// Creates an error with no location.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            also: vec![],
            hints: vec![],
            alike: None,
            out_to_unknown: false,
            reopened: None,
            unapproved: None,
            chinese: None,
        }
    }

    /// Creates an error at `span` of the file `path`, whose text (as read)
    /// is `text`, with its `file:line:column` said after `message`.
    pub fn error_in(path: &str, text: &str, span: Range<usize>, message: &str) -> Self {
        let (line, column) = position(text, span.start);
        Self::error(format!("{message}, in `{path}:{line}:{column}`")).at(path, span)
    }

    /// Creates a warning as [`Diagnostic::error_in`] creates an error.
    pub fn warning_in(path: &str, text: &str, span: Range<usize>, message: &str) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error_in(path, text, span, message)
        }
    }

    /// Creates a warning with no location.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Points the problem at a byte range of a file.
    pub fn at(mut self, file: impl Into<String>, span: Range<usize>) -> Self {
        self.location = Some((file.into(), span));
        self
    }

    /// Points at another place that matters, e.g. the first of two duplicates.
    pub fn also(
        mut self,
        file: impl Into<String>,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.also.push((file.into(), span, label.into()));
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Says it, and how to mend it, in Chinese too (see [`Self::chinese`]).
    pub fn chinese(mut self, message: impl Into<String>, hint: impl Into<String>) -> Self {
        self.chinese = Some((message.into(), hint.into()));
        self
    }

    /// Marks it as one of many said alike.
    pub fn alike(mut self, kind: Alike) -> Self {
        self.alike = Some(kind);
        self
    }

    /// Tells whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The texts that diagnostics point into, by name. The texts are shared:
/// a build copies the set's to add its own, and the files of a set of
/// 10,000 forms come to 13 MB. A build sets the files it read aside (see
/// [`Sources::set_aside`]) and reads one again only when a diagnostic
/// points into it.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    texts: BTreeMap<String, Text>,
}

/// A text as [`Sources`] has it.
#[derive(Debug, Clone)]
enum Text {
    /// Held in memory; `file` is where it was read from, when it may be
    /// set aside.
    Held {
        text: Arc<str>,
        file: Option<Arc<Path>>,
    },
    /// Set aside.
    Aside(Arc<Aside>),
}

/// A file's text set aside: its SHA-256 as it was read, and the text read
/// again once asked for, if it still has that hash.
#[derive(Debug)]
struct Aside {
    file: Arc<Path>,
    sha256: String,
    again: OnceLock<Option<Box<str>>>,
}

impl Aside {
    /// The text as it was read, if the file still has it.
    fn text(&self) -> Option<&str> {
        self.again
            .get_or_init(|| {
                let bytes = std::fs::read(&self.file).ok()?;
                let text = crate::loader::decode("", bytes).ok()?;
                (crate::write::sha256(text.as_bytes()) == self.sha256)
                    .then(|| text.into_boxed_str())
            })
            .as_deref()
    }
}

impl Sources {
    /// Remembers every text of `other` too.
    pub fn extend(&mut self, other: &Sources) {
        self.texts
            .extend(other.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Remembers a file's text under its name.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        let text = Arc::from(text.into());
        self.texts
            .insert(name.into(), Text::Held { text, file: None });
    }

    /// Remembers the text of a file read from `file`, decoded as
    /// [`crate::loader::decode`] does, which may be set aside.
    pub fn insert_read(&mut self, name: impl Into<String>, text: impl Into<String>, file: &Path) {
        let text = Arc::from(text.into());
        let file = Some(Arc::from(file));
        self.texts.insert(name.into(), Text::Held { text, file });
    }

    /// Sets aside the text of every file read, keeping its SHA-256: each is
    /// read again only when asked for, and then only if it still has that
    /// hash. Until a build's last output is made, these texts are asked
    /// for by nothing but the diagnostics that point into them, which a
    /// build without errors has few of; set aside, the 10,011 forms' build
    /// does not hold their 13.4 MB through it.
    pub fn set_aside(&mut self) {
        for text in self.texts.values_mut() {
            if let Text::Held {
                text: held,
                file: Some(file),
            } = text
            {
                *text = Text::Aside(Arc::new(Aside {
                    file: Arc::clone(file),
                    sha256: crate::write::sha256(held.as_bytes()),
                    again: OnceLock::new(),
                }));
            }
        }
    }

    /// The text of a file, if remembered; of a file set aside, if it has
    /// not changed since it was read.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self.texts.get(name)? {
            Text::Held { text, .. } => Some(text),
            Text::Aside(aside) => aside.text(),
        }
    }

    /// Tells whether a file's text is remembered, held or set aside.
    pub fn contains(&self, name: &str) -> bool {
        self.texts.contains_key(name)
    }

    /// The SHA-256 of a file's text as it was remembered, even if set aside
    /// and changed since.
    pub fn sha256(&self, name: &str) -> Option<String> {
        match self.texts.get(name)? {
            Text::Held { text, .. } => Some(crate::write::sha256(text.as_bytes())),
            Text::Aside(aside) => Some(aside.sha256.clone()),
        }
    }

    /// The name of every remembered file, held or set aside, sorted: none
    /// is read again.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// Iterates over every remembered file, sorted by name; a file set
    /// aside is read again, and left out if it changed.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts
            .keys()
            .filter_map(|name| Some((name.as_str(), self.get(name)?)))
    }

    /// Renders diagnostics as a person reads them, without colour.
    pub fn format(&self, diagnostics: &[Diagnostic]) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        self.emit(&mut out, diagnostics.iter());
        String::from_utf8_lossy(&out.into_inner()).into_owned()
    }

    /// Prints diagnostics to standard error, coloured on a terminal;
    /// warnings are left out with `--quiet`, and past [`SAID_ALIKE`] of one
    /// kind counted, unless `--verbose` (see [`Alike`]).
    pub fn print(&self, diagnostics: &[Diagnostic]) {
        let diagnostics = shown(diagnostics, crate::say::quiet(), crate::say::verbose());
        let choice = if std::io::stderr().is_terminal() {
            termcolor::ColorChoice::Auto
        } else {
            termcolor::ColorChoice::Never
        };
        // Buffered: unbuffered, each piece of a report was a write of its
        // own; a no-op build of 3,011 forms, each with a warning, written
        // into a pipe, took 0.48 s that way and 0.40 s buffered.
        let mut stderr = termcolor::BufferedStandardStream::stderr(choice);
        self.emit(&mut stderr, diagnostics.iter().map(|d| &**d));
        let _ = stderr.flush();
    }

    fn emit<'d>(
        &self,
        out: &mut dyn termcolor::WriteColor,
        diagnostics: impl Iterator<Item = &'d Diagnostic>,
    ) {
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let mut report = match diagnostic.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_message(safe_to_show(Cow::Borrowed(&diagnostic.message)));
            // Each report gets the texts it points into, with a very long
            // line cut around the one place pointed at in that text (two
            // places in one text are shown as they are, so both spans hold).
            let mut files = Shown::default();
            let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
            let mut notes: Vec<String> = vec![];
            let places = diagnostic
                .location
                .iter()
                .map(|(file, span)| (file, span, None))
                .chain(
                    diagnostic
                        .also
                        .iter()
                        .map(|(file, span, label)| (file, span, Some(label))),
                );
            let places: Vec<_> = places.collect();
            let mut labels = vec![];
            for &(file, span, label) in &places {
                let Some(text) = self.get(file) else {
                    let changed = matches!(self.texts.get(file.as_str()), Some(Text::Aside(_)));
                    match (label, changed) {
                        // A message that names its place, `file:line:column`,
                        // is not told the file again.
                        (None, false) if diagnostic.message.contains(&format!("`{file}:")) => {}
                        (None, false) => notes.push(format!("in `{file}`")),
                        (None, true) => {
                            notes.push(format!("in `{file}`, which has changed since it was read"))
                        }
                        (Some(label), true) => notes.push(format!(
                            "{label}: in `{file}`, which has changed since it was read"
                        )),
                        (Some(_), false) => {}
                    }
                    continue;
                };
                let (shown, span, cut) = if places.iter().filter(|p| p.0 == file).count() == 1 {
                    trimmed(text, span.clone())
                } else {
                    let len = text.len();
                    let start = span.start.min(len);
                    (
                        Cow::Borrowed(text),
                        start..span.end.min(len).max(start),
                        None,
                    )
                };
                let id = *ids.entry(file.as_str()).or_insert_with(|| {
                    files.cuts.push(cut);
                    files.texts.add(file.as_str(), safe_to_show(shown))
                });
                labels.push(match label {
                    None => Label::primary(id, span),
                    Some(label) => Label::secondary(id, span).with_message(label),
                });
            }
            report = report.with_labels(labels);
            notes.extend(diagnostic.hints.iter().map(|h| format!("hint: {h}")));
            let notes = notes
                .into_iter()
                .map(|n| safe_to_show(Cow::Owned(n)).into_owned())
                .collect();
            report = report.with_notes(notes);
            // A failure to write to stderr leaves nothing better to do.
            let _ = term::emit(out, &config, &files, &report);
        }
    }
}

/// The longest stretch of a line shown around a span.
const SHOWN: usize = 120;

/// The texts a report points into, as shown: where a line is cut at its
/// front, the report's `file:line:column` still counts the file's columns.
#[derive(Default)]
struct Shown<'t> {
    texts: SimpleFiles<&'t str, Cow<'t, str>>,
    /// Each text's line cut at its front, if any: where it starts and how
    /// many of the file's characters the `…` stands for, less one.
    cuts: Vec<Option<(usize, usize)>>,
}

impl<'a, 't: 'a> Files<'a> for Shown<'t> {
    type FileId = usize;
    type Name = &'t str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'t str, codespan_reporting::files::Error> {
        self.texts.name(id)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        self.texts.source(id)
    }

    fn line_index(
        &'a self,
        id: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.texts.line_index(id, byte_index)
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        self.texts.line_range(id, line_index)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let column = self.texts.column_number(id, line_index, byte_index)?;
        let line = self.texts.line_range(id, line_index)?;
        Ok(match self.cuts.get(id).copied().flatten() {
            Some((start, hidden)) if start == line.start => column + hidden,
            _ => column,
        })
    }
}

/// A text with each character that would act on the terminal rather than
/// show (a control, one that reorders right-to-left text, a zero-width one)
/// shown as a mark of as many bytes, so that spans into it still hold: `?`
/// for a control of one byte, `¿` for one of two, `�` for one of three.
fn safe_to_show(text: Cow<'_, str>) -> Cow<'_, str> {
    let acts = crate::escape::is_unprinted;
    // A carriage return is a line's end only before a line feed; alone, it
    // would take the terminal back to the start of the line shown.
    let lone_return = text.replace("\r\n", "").contains('\r');
    if !text.contains(acts) && !lone_return {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match (acts(c), c.len_utf8()) {
            (false, _) if c == '\r' && chars.peek() != Some(&'\n') => '?',
            (false, _) => c,
            (true, 1) => '?',
            (true, 2) => '¿',
            (true, _) => '\u{FFFD}',
        });
    }
    out.into()
}

/// Clamps a span to a text and, when the line it sits on is longer than
/// [`SHOWN`] characters, cuts that line around it (marking the cuts with `…`),
/// so that a 50 MB one-line file does not print whole. Returns the text to
/// show, the span in it, and, when the line is cut at its front, where it
/// starts and how many more characters the file has before the span than
/// the text shown.
fn trimmed(text: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>, Option<(usize, usize)>) {
    let floor = |i: usize| {
        (0..=i.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0)
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    if text[line_start..line_end].chars().count() <= SHOWN {
        return (Cow::Borrowed(text), start..end, None);
    }
    // Keep a little before the span and cut the span itself if it is long.
    let from = floor(start.saturating_sub(SHOWN / 3).max(line_start));
    let to = floor((from + SHOWN * 3).min(line_end));
    let to = text[from..to]
        .char_indices()
        .nth(SHOWN)
        .map_or(to, |(i, _)| from + i);
    let end = end.min(to).max(start);
    let mut shown = String::with_capacity(line_start + SHOWN * 4 + (text.len() - line_end));
    shown.push_str(&text[..line_start]);
    let mut offset = start - from + line_start;
    let mut cut = None;
    if from > line_start {
        shown.push('…');
        offset += '…'.len_utf8();
        cut = Some((line_start, text[line_start..from].chars().count() - 1));
    }
    shown.push_str(&text[from..to]);
    if to < line_end {
        shown.push('…');
    }
    shown.push_str(&text[line_end..]);
    (Cow::Owned(shown), offset..offset + (end - start), cut)
}

/// Says once a problem that several outputs share (the same message at the
/// same place), naming the outputs: "(while compiling `A` and 3 more outputs)".
pub fn shared(problems: Vec<(Diagnostic, String)>, doing: &str) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<String>)> = vec![];
    for (diagnostic, output) in problems {
        let same = merged
            .iter_mut()
            .find(|(d, _)| d.message == diagnostic.message && d.location == diagnostic.location);
        match same {
            Some((_, outputs)) if outputs.contains(&output) => {}
            Some((_, outputs)) => outputs.push(output),
            None => merged.push((diagnostic, vec![output])),
        }
    }
    merged
        .into_iter()
        .map(|(mut diagnostic, outputs)| {
            let more = match outputs.len() {
                1 => String::new(),
                2 => format!(" and `{}`", outputs[1]),
                n => format!(" and {} more outputs", n - 1),
            };
            diagnostic.message = format!(
                "{} (while {doing} `{}`{more})",
                diagnostic.message, outputs[0]
            );
            diagnostic
        })
        .collect()
}

/// Formats a one-line location `file:line:column` for a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Suggests the closest of `candidates` to a misspelt `word`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Written in other case, `qr-xs-003`, it is that one.
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(same) = candidates
        .iter()
        .find(|c| **c != word && c.eq_ignore_ascii_case(word))
    {
        return Some(same);
    }
    // Jaro-Winkler weighs a shared beginning, which in a Chinese name is the
    // surname: 刘小静 is nearer 刘小敏 by it than 刘晓静. A Chinese name
    // is suggested when it alone is one character off, and it or the name
    // is three characters or more (销售 for 销售部): between names of two a
    // character tells too little (王伟 is one off both 王喆 and 王哲).
    if !word.is_ascii() {
        let mut near = candidates.into_iter().filter(|c| {
            word.chars().count().max(c.chars().count()) >= 3 && strsim::levenshtein(word, c) == 1
        });
        return match (near.next(), near.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// What is printed of diagnostics: `quiet`, the errors alone; else all of
/// them, but for those said alike (see [`Alike`]) past the first
/// [`SAID_ALIKE`] of their kind, which unless `verbose` are counted in one
/// warning, where the next of them would have been.
fn shown(diagnostics: &[Diagnostic], quiet: bool, verbose: bool) -> Vec<Cow<'_, Diagnostic>> {
    let mut total: HashMap<Alike, usize> = HashMap::new();
    for kind in diagnostics.iter().filter_map(|d| d.alike) {
        *total.entry(kind).or_default() += 1;
    }
    let mut seen: HashMap<Alike, usize> = HashMap::new();
    let mut shown = vec![];
    for d in diagnostics {
        if quiet && !d.is_error() {
            continue;
        }
        let Some(kind) = d.alike.filter(|_| !verbose) else {
            shown.push(Cow::Borrowed(d));
            continue;
        };
        let seen = seen.entry(kind).or_default();
        *seen += 1;
        if *seen <= SAID_ALIKE {
            shown.push(Cow::Borrowed(d));
        } else if *seen == SAID_ALIKE + 1 {
            shown.push(Cow::Owned(kind.more(total[&kind] - SAID_ALIKE)));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_act_on_a_terminal_are_shown_as_marks_of_their_length() {
        let text = "a\u{7}b\u{85}c\u{202E}d\te\rf\r\n";
        let shown = safe_to_show(Cow::Borrowed(text));
        assert_eq!(shown, "a?b¿c\u{FFFD}d\te?f\r\n");
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn a_chinese_name_of_three_one_character_off_is_suggested_and_a_short_one_is_not() {
        let people = ["孙晓燕", "王喆", "陈堃", "李珺"];
        assert_eq!(did_you_mean("孙小燕", people), Some("孙晓燕"));
        // Two characters, one of them the surname, tell too little.
        assert_eq!(did_you_mean("王伟", people), None);
        assert_eq!(did_you_mean("张三", people), None);
        assert_eq!(did_you_mean("销售", ["销售部", "财务部"]), Some("销售部"));
        // Two names as near: neither is suggested.
        assert_eq!(did_you_mean("刘小静", ["刘晓静", "刘小敏"]), None);
        assert_eq!(did_you_mean("CW", ["CC", "XS", "PZ"]), None);
        assert_eq!(did_you_mean("dat", ["date", "name"]), Some("date"));
    }

    #[test]
    fn the_count_of_the_rest_says_how_to_see_them_named() {
        let hints = |more| Alike::SharedSerialFormat.more(more).hints;
        assert_eq!(hints(1), ["`--verbose` names it"]);
        assert_eq!(hints(2), ["`--verbose` names each of them"]);
        assert_eq!(
            Alike::SharedSerialFormat.more(1).message,
            "1 more form numbers its sheets with the format of an earlier form"
        );
    }

    #[test]
    fn past_twenty_alike_the_rest_are_counted_where_the_next_would_be() {
        let unreferenced = |n: usize| {
            Diagnostic::warning(format!("form {n:02}"))
                .at(format!("data/forms/{n:02}.yaml"), 0..1)
                .alike(Alike::UnreferencedForm)
        };
        let messages = |ds: Vec<Cow<Diagnostic>>| -> Vec<String> {
            ds.into_iter().map(|d| d.message.clone()).collect()
        };
        let error = Diagnostic::error("an error");
        for (count, quiet, verbose, wanted) in [
            (
                20,
                false,
                false,
                (1..=20).map(|n| format!("form {n:02}")).collect::<Vec<_>>(),
            ),
            (21, false, false, {
                let mut w: Vec<String> = (1..=20).map(|n| format!("form {n:02}")).collect();
                w.push("1 more form is not referenced by any document".into());
                w
            }),
            (25, false, false, {
                let mut w: Vec<String> = (1..=20).map(|n| format!("form {n:02}")).collect();
                w.push("5 more forms are not referenced by any document".into());
                w.push("between".into());
                w
            }),
            (25, false, true, {
                let mut w: Vec<String> = (1..=22).map(|n| format!("form {n:02}")).collect();
                w.push("between".into());
                w.extend((23..=25).map(|n| format!("form {n:02}")));
                w
            }),
            // Quiet, warnings are not said, nor is their count.
            (25, true, false, vec![]),
        ] {
            let mut ds: Vec<Diagnostic> = (1..=count).map(unreferenced).collect();
            // What is not alike is said where it is: before, between (past
            // the twentieth, after the count) and after.
            if count > 22 {
                ds.insert(22, Diagnostic::warning("between"));
            }
            ds.insert(0, Diagnostic::warning("first"));
            ds.push(Diagnostic::warning("last"));
            ds.push(error.clone());
            let mut want = match quiet {
                true => vec![],
                false => vec!["first".to_owned()],
            };
            want.extend(wanted);
            if !quiet {
                want.push("last".into());
            }
            want.push("an error".into());
            assert_eq!(
                messages(shown(&ds, quiet, verbose)),
                want,
                "{count} {quiet} {verbose}"
            );
        }
    }

    #[test]
    fn position_counts_lines_and_characters_from_one() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, text.find('2').unwrap()), (2, 5));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("a: 1\nb: {}X{}\nc: 3\n", "[".repeat(5000), "]".repeat(5000));
        let at = text.find('X').unwrap();
        let (shown, span, cut) = trimmed(&text, at..at + 1);
        assert_eq!(&shown[span], "X");
        // `b: ` and the brackets before those shown stand behind the `…`.
        assert_eq!(cut, Some((5, 3 + 5000 - SHOWN / 3 - 1)));
        assert!(shown.starts_with("a: 1\n…["), "{shown}");
        assert!(shown.ends_with("]…\nc: 3\n"), "{shown}");
        assert!(shown.len() < 1000);
        let (shown, span, cut) = trimmed("a: 1\n", 3..4);
        assert_eq!((shown.as_ref(), span, cut), ("a: 1\n", 3..4, None));
    }

    #[test]
    fn a_file_not_read_is_named_once() {
        let sources = Sources::default();
        let at = "data/archive/X/A0/data/forms/f.yaml";
        let named = Diagnostic::error(format!("bad, in `{at}:2:3`")).at(at, 0..1);
        let shown = sources.format(&[named]);
        assert_eq!(shown.matches(at).count(), 1, "{shown}");
        let unnamed = sources.format(&[Diagnostic::error("bad").at(at, 0..1)]);
        assert!(unnamed.contains(&format!("= in `{at}`")), "{unnamed}");
    }

    #[test]
    fn a_line_cut_short_is_located_at_the_files_own_column() {
        let text = format!("a: 1\nb: '{}X'\n", "长".repeat(300));
        let at = text.find('X').unwrap();
        let (line, column) = position(&text, at);
        assert_eq!((line, column), (2, 305));
        let mut sources = Sources::default();
        sources.insert("data/x.yaml", text.clone());
        let shown = sources.format(&[Diagnostic::error("x").at("data/x.yaml", at..at + 1)]);
        assert!(shown.contains("┌─ data/x.yaml:2:305\n"), "{shown}");
        assert!(shown.contains("2 │ …长"), "{shown}");
    }

    #[test]
    fn a_text_set_aside_is_read_again_as_it_was_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("form.yaml");
        let text = "title: 表\nkeeper: XS\n";
        std::fs::write(&file, format!("\u{FEFF}{text}")).unwrap();
        let mut sources = Sources::default();
        sources.insert_read("data/forms/form.yaml", text, &file);
        sources.insert("forms/form.typ.j2", "{{ form.title }}");
        let held = sources.sha256("data/forms/form.yaml");
        sources.set_aside();
        let mut copy = Sources::default();
        copy.extend(&sources);
        let warning = |at: &str| {
            Diagnostic::warning("keeper").at(at, text.find("XS").unwrap()..text.len() - 1)
        };
        // Read again past its byte-order mark, as it was read.
        assert_eq!(copy.get("data/forms/form.yaml"), Some(text));
        assert!(
            copy.format(&[warning("data/forms/form.yaml")])
                .contains("2 │ keeper: XS")
        );
        assert_eq!(sources.sha256("data/forms/form.yaml"), held);
        // What was not read from a file is held.
        assert_eq!(sources.get("forms/form.typ.j2"), Some("{{ form.title }}"));

        // Changed since it was read, it is not shown, but still hashes as
        // it was read: what was made from it was made from that.
        let mut changed = Sources::default();
        changed.insert_read("data/forms/form.yaml", text, &file);
        changed.set_aside();
        std::fs::write(&file, "title: 表\nkeeper: SC\n").unwrap();
        assert_eq!(changed.get("data/forms/form.yaml"), None);
        assert!(changed.contains("data/forms/form.yaml"));
        assert_eq!(changed.sha256("data/forms/form.yaml"), held);
        assert_eq!(changed.iter().count(), 0);
        let shown = changed.format(&[warning("data/forms/form.yaml")]);
        assert!(
            shown.contains("in `data/forms/form.yaml`, which has changed since it was read"),
            "{shown}"
        );
        assert!(!shown.contains("SC"), "{shown}");
        let twice = warning("forms/form.typ.j2").also("data/forms/form.yaml", 0..5, "first here");
        let shown = changed.format(&[twice]);
        assert!(
            shown.contains(
                "first here: in `data/forms/form.yaml`, which has changed since it was read"
            ),
            "{shown}"
        );
        // Read once, it is kept as read.
        assert_eq!(copy.get("data/forms/form.yaml"), Some(text));
    }

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let fields = ["approved", "reviewed", "prepared"];
        assert_eq!(did_you_mean("aproved", fields), Some("approved"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}

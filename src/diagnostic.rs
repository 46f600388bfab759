//! Problems in the user's documents, each pointing at a file and a span, and
//! how they are printed.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the build goes on.
    Warning,
    /// The documents cannot be built as they are.
    Error,
}

/// A problem in the user's documents.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lower-case, no final period.
    pub message: String,
    /// Where: a file relative to the document set's root, and a byte range.
    pub location: Option<(String, Range<usize>)>,
    /// How to fix it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// Creates an error with no location.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hints: vec![],
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

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Tells whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The texts that diagnostics point into, by name.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    texts: BTreeMap<String, String>,
}

impl Sources {
    /// Remembers every text of `other` too.
    pub fn extend(&mut self, other: &Sources) {
        self.texts
            .extend(other.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Remembers a file's text under its name.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.texts.insert(name.into(), text.into());
    }

    /// The text of a file, if remembered.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(String::as_str)
    }

    /// Iterates over every remembered file, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// Renders diagnostics as a person reads them, without colour.
    pub fn format(&self, diagnostics: &[Diagnostic]) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        self.emit(&mut out, diagnostics);
        String::from_utf8_lossy(&out.into_inner()).into_owned()
    }

    /// Prints diagnostics to standard error, coloured on a terminal.
    pub fn print(&self, diagnostics: &[Diagnostic]) {
        let choice = if std::io::stderr().is_terminal() {
            termcolor::ColorChoice::Auto
        } else {
            termcolor::ColorChoice::Never
        };
        let stderr = termcolor::StandardStream::stderr(choice);
        self.emit(&mut stderr.lock(), diagnostics);
    }

    fn emit(&self, out: &mut dyn termcolor::WriteColor, diagnostics: &[Diagnostic]) {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (name, text) in &self.texts {
            ids.insert(name.as_str(), files.add(name.as_str(), text.as_str()));
        }
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let mut report = match diagnostic.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_message(&diagnostic.message);
            let mut notes: Vec<String> = vec![];
            if let Some((file, span)) = &diagnostic.location {
                match ids.get(file.as_str()) {
                    Some(&id) => {
                        let len = self.texts[file].len();
                        let start = span.start.min(len);
                        let end = span.end.min(len).max(start);
                        report = report.with_labels(vec![Label::primary(id, start..end)]);
                    }
                    None => notes.push(format!("in `{file}`")),
                }
            }
            notes.extend(diagnostic.hints.iter().map(|h| format!("hint: {h}")));
            report = report.with_notes(notes);
            // A failure to write to stderr leaves nothing better to do.
            let _ = term::emit(out, &config, &files, &report);
        }
    }
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
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters_from_one() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, text.find('2').unwrap()), (2, 5));
    }

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let fields = ["approved", "reviewed", "prepared"];
        assert_eq!(did_you_mean("aproved", fields), Some("approved"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}

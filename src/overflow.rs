//! Finds what `forms/house.typ` could not fit even in its smallest text:
//! the tables of a document's text too wide for the page, which run past
//! the margin, and off the paper when wide enough; and the headings of a
//! form's table too wide for their columns, which are broken where they
//! would not be. `text-table` leaves each such table's caption, headings
//! and number among the tables printed, and the widths, as metadata
//! labelled `<ctrldoc-too-wide>`; `form-heading` leaves the heading, its
//! table's caption, its column and its widest piece as metadata labelled
//! `<ctrldoc-too-narrow>`. A set whose `house.typ` is older leaves none,
//! and is not warned.

use typst::ecow::EcoVec;
use typst::foundations::{Content, Dict, Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::diagnostic::{Diagnostic, position};
use crate::loader::DocumentSet;
use crate::locate::Step;
use crate::model::{Block, TextTable};
use crate::plan::{Job, Kind};
use crate::say;

/// A table too wide, as `text-table` describes it.
#[derive(Debug, Clone, PartialEq)]
struct TooWide {
    /// Its number among the tables printed, from 1.
    table: usize,
    /// Its caption as printed, empty when it has none.
    caption: String,
    /// Its headings as printed.
    headings: Vec<String>,
    /// How wide it is printed, in millimetres.
    needs: f64,
    /// How wide the text is, in millimetres.
    has: f64,
}

impl TooWide {
    fn read(value: &Value) -> Option<Self> {
        let Value::Dict(dict) = value else {
            return None;
        };
        let Value::Array(headings) = dict.get("headings").ok()? else {
            return None;
        };
        Some(Self {
            table: number(dict, "table")? as usize,
            caption: text(dict.get("caption").ok()?)?,
            headings: headings.iter().map(text).collect::<Option<_>>()?,
            needs: number(dict, "needs")?,
            has: number(dict, "has")?,
        })
    }

    /// Whether `table` is the one printed: its caption and headings as
    /// written are those printed, but for spaces and quotation marks
    /// (which Typst prints as its own), and for a text that names a form,
    /// which prints otherwise.
    fn is(&self, table: &TextTable) -> bool {
        let alike =
            |written: &str, printed: &str| written.contains("{{") || bare(written) == bare(printed);
        table.columns.len() == self.headings.len()
            && table
                .columns
                .iter()
                .zip(&self.headings)
                .all(|(w, p)| alike(w, p))
            && alike(table.caption.as_deref().unwrap_or(""), &self.caption)
    }
}

/// A text as written, to be told from what was printed of it: but for
/// spaces and quotation marks, which Typst prints as its own.
fn bare(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'))
        .collect()
}

/// The number at `key` in `dict`, whole or not.
fn number(dict: &Dict, key: &str) -> Option<f64> {
    match dict.get(key).ok()? {
        Value::Int(n) => Some(*n as f64),
        Value::Float(n) => Some(*n),
        _ => None,
    }
}

/// `value` when it is a string.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Str(text) => Some(text.as_str().to_owned()),
        _ => None,
    }
}

/// What `house.typ` left in `document` as metadata labelled `label`.
fn left(document: &PagedDocument, label: &str) -> Vec<Value> {
    left_on(document, label)
        .into_iter()
        .map(|(value, _)| value)
        .collect()
}

/// What `house.typ` left in `document` as metadata labelled `label`, each
/// with the page it is on, from 1.
fn left_on(document: &PagedDocument, label: &str) -> Vec<(Value, usize)> {
    let introspector = document.introspector();
    labelled(document, label)
        .iter()
        .filter_map(|content| {
            let page = content
                .location()
                .and_then(|at| introspector.page(at))
                .map_or(1, |page| page.get());
            let meta = content.to_packed::<MetadataElem>()?;
            Some((meta.value.clone(), page))
        })
        .collect()
}

/// What in `document` is labelled `label`.
fn labelled(document: &PagedDocument, label: &str) -> EcoVec<Content> {
    let label = Label::new(PicoStr::intern(label)).expect("a label is not empty");
    document.introspector().query(&Selector::Label(label))
}

/// A heading of a form's table too wide for its column, as `form-heading`
/// describes it.
#[derive(Debug, Clone, PartialEq)]
struct TooNarrow {
    /// Its table's caption as printed, empty when it has none.
    caption: String,
    /// The heading as printed.
    heading: String,
    /// Its column, from 1.
    column: usize,
    /// Its widest piece that cannot break.
    piece: String,
    /// How wide that piece is in 6.5 pt text, in millimetres.
    needs: f64,
    /// How wide the column's text is, in millimetres.
    has: f64,
}

impl TooNarrow {
    fn read(value: &Value) -> Option<Self> {
        let Value::Dict(dict) = value else {
            return None;
        };
        Some(Self {
            caption: text(dict.get("caption").ok()?)?,
            heading: text(dict.get("heading").ok()?)?,
            column: number(dict, "column")? as usize,
            piece: text(dict.get("piece").ok()?)?,
            needs: number(dict, "needs")?,
            has: number(dict, "has")?,
        })
    }
}

/// A warning for each heading of a blank form's tables too wide for its
/// column even in 6.5 pt text: at the column's `label:` in the form's
/// file, when the table printed is one its `blocks` write. A pad is laid
/// out as its blank form is, and is not warned again. A handbook's
/// appendix prints its forms narrower than their own paper, and is warned
/// of the headings it breaks, each at its form.
pub fn too_narrow(set: &DocumentSet, job: &Job, document: &PagedDocument) -> Vec<Overflow> {
    let read = |(value, page): (Value, usize)| Some((TooNarrow::read(&value)?, page));
    let found: Vec<(usize, TooNarrow)> = match job.kind {
        Kind::Form => left_on(document, "ctrldoc-too-narrow")
            .into_iter()
            .filter_map(read)
            .map(|(narrow, _)| (job.index, narrow))
            .collect(),
        kind if kind.is_handbook() && !job.forms.is_empty() => {
            // Each form of the appendix begins at its heading, labelled
            // by its place among them.
            let introspector = document.introspector();
            let starts: Vec<(usize, usize)> = job
                .forms
                .iter()
                .enumerate()
                .filter_map(|(k, &form)| {
                    let heading = labelled(document, &format!("ctrldoc-form-{}", k + 1));
                    let at = heading.first()?.location()?;
                    Some((introspector.page(at)?.get(), form))
                })
                .collect();
            left_on(document, "ctrldoc-too-narrow")
                .into_iter()
                .filter_map(read)
                .filter_map(|(narrow, page)| {
                    let (_, form) = starts.iter().take_while(|(from, _)| *from <= page).last()?;
                    Some((*form, narrow))
                })
                // A version kept in the archive is printed as it was, and
                // is not to be mended.
                .filter(|(form, _)| {
                    set.forms
                        .get(*form)
                        .is_none_or(|f| !f.path.starts_with(crate::archive::FOLDER))
                })
                .collect()
        }
        _ => return vec![],
    };
    let appendix = match job.kind {
        Kind::Form => String::new(),
        _ => format!(" in the appendix of `{}`'s handbook", job.number),
    };
    // Said once, though every sheet and part prints it.
    let mut once: Vec<(usize, TooNarrow)> = vec![];
    for narrow in found {
        if !once.contains(&narrow) {
            once.push(narrow);
        }
    }
    once.into_iter()
        .map(|(form, narrow)| {
            let loaded = set.forms.get(form);
            // One character, which no break makes narrower, prints over
            // the column's rules.
            let (what, shorter) = match narrow.piece.chars().count() {
                _ if narrow.has <= 0.0 => (
                    format!(
                        "is in a column{appendix} with no room for text inside its margins, so it is left out of the print: `{}` needs {} mm in 6.5 pt text",
                        narrow.piece, narrow.needs
                    ),
                    "",
                ),
                1 => (
                    format!(
                        "is too wide for its column{appendix} even in 6.5 pt text, one character to a line: `{}` needs {} mm, the column has {} mm, and it prints over the column's rules",
                        narrow.piece, narrow.needs, narrow.has
                    ),
                    "",
                ),
                _ => (
                    format!(
                        "is too wide for its column{appendix} even in 6.5 pt text, and is broken where it would not be: `{}` needs {} mm, the column has {} mm",
                        narrow.piece, narrow.needs, narrow.has
                    ),
                    ", or write the heading shorter or with a space where it may break",
                ),
            };
            let hint = format!(
                "{}widen the column (a larger `width:`, or smaller ones beside it){shorter}",
                match appendix.as_str() {
                    "" => "",
                    _ => "the handbook's pages are narrower than the form's own paper: ",
                }
            );
            let placed = loaded.and_then(|loaded| {
                let file = set.sources.get(&loaded.path)?;
                let column = narrow.column.checked_sub(1)?;
                let block = loaded.value.blocks.iter().position(|block| match block {
                    Block::Table(table) => {
                        bare(table.caption.as_deref().unwrap_or("")) == bare(&narrow.caption)
                            && table
                                .columns
                                .get(column)
                                .is_some_and(|c| bare(&c.label) == bare(&narrow.heading))
                    }
                    _ => false,
                })?;
                let steps = [
                    Step::Key("blocks"),
                    Step::Item(block),
                    Step::Key("table"),
                    Step::Key("columns"),
                    Step::Item(column),
                    Step::Key("label"),
                ];
                let key = crate::locate::key_or_above(file, &steps)?;
                let (line, at) = position(file, key.start);
                Some(
                    Diagnostic::warning(format!(
                        "the heading `{}` in `{}:{line}:{at}` {what}",
                        narrow.heading, loaded.path
                    ))
                    .at(loaded.path.clone(), key),
                )
            });
            let number = loaded.map_or(job.number.as_str(), |f| f.value.number.as_str());
            let diagnostic = placed
                .unwrap_or_else(|| {
                    let table = match narrow.caption.as_str() {
                        "" => String::new(),
                        caption => format!(" of the table `{caption}`"),
                    };
                    Diagnostic::warning(format!(
                        "the heading `{}`, column {}{table} of `{number}` (printed in `{}`), {what}",
                        narrow.heading, narrow.column, job.path
                    ))
                })
                .hint(hint);
            // The same heading broken in the blank form and in the
            // handbook is said once, as the blank form has it.
            Overflow {
                said: format!(
                    "too narrow: {number} {} {} {}",
                    narrow.caption, narrow.column, narrow.heading
                ),
                secondary: !appendix.is_empty(),
                diagnostic,
            }
        })
        .collect()
}

/// A warning of ctrldoc's own about what Typst laid out, with what it says
/// wherever it is said, so that one given for several outputs is said once.
pub struct Overflow {
    pub diagnostic: Diagnostic,
    pub said: String,
    /// Said only when no other output is given the same warning: a form's
    /// heading broken in the handbook is said as its blank form has it,
    /// when that breaks it too.
    pub secondary: bool,
}

impl From<Diagnostic> for Overflow {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            said: diagnostic.message.clone(),
            secondary: false,
            diagnostic,
        }
    }
}

/// A warning when `job`, a blank form, is laid out on more pages a part
/// (or a form without parts) than its `pages:` says, one when it says
/// none: it runs over its paper, a pad of it too, which is not warned
/// again. And one when it says more pages than it takes, which would
/// leave a reader looking for pages that are not there.
pub fn runs_over(set: &DocumentSet, job: &Job, document: &PagedDocument) -> Option<Diagnostic> {
    if job.kind != Kind::Form {
        return None;
    }
    let loaded = set.forms.get(job.index)?;
    let form = &loaded.value;
    let sheets = form.parts.len().max(1);
    let meant = form.pages.map_or(1, |pages| usize::from(pages.get()));
    let pages = document.pages().len().div_ceil(sheets);
    let paper = format!("{:?}", form.paper).to_uppercase();
    let what = match form.parts.len() {
        0 => format!("the form takes {} of {paper}", say::plural(pages, "page")),
        _ => format!(
            "each of its parts takes {} of {paper}",
            say::plural(pages, "page")
        ),
    };
    let (message, hint) = match pages.cmp(&meant) {
        std::cmp::Ordering::Equal => return None,
        std::cmp::Ordering::Greater => {
            let meant = match meant {
                1 => "one".to_owned(),
                n => format!("{n}, as its `pages:` says"),
            };
            (
                format!("`{}` runs over its paper: {what}, not {meant}", job.number),
                format!(
                    "make it shorter (fewer rows, lower areas) or give it larger paper; if it is meant to take {pages} pages, say so: `pages: {pages}`"
                ),
            )
        }
        std::cmp::Ordering::Less => (
            format!("`{}` says `pages: {meant}`, but {what}", job.number),
            match pages {
                1 => "leave `pages:` out: a form takes one page unless it says more".to_owned(),
                n => format!("say `pages: {n}`"),
            },
        ),
    };
    let file = set.sources.get(&loaded.path);
    let at = file.and_then(|file| {
        ["pages", "paper", "blocks"]
            .into_iter()
            .find_map(|key| crate::locate::key(file, &[key]))
    });
    let diagnostic = Diagnostic::warning(message);
    Some(
        match at {
            Some(at) => diagnostic.at(loaded.path.clone(), at),
            None => diagnostic,
        }
        .hint(hint),
    )
}

/// A warning for each table of `job`'s document too wide for its page:
/// at the table's `columns:` in the document's file, when the table
/// printed can be told among those the file writes.
pub fn too_wide(set: &DocumentSet, job: &Job, document: &PagedDocument) -> Vec<Diagnostic> {
    let found: Vec<TooWide> = left(document, "ctrldoc-too-wide")
        .iter()
        .filter_map(TooWide::read)
        .collect();
    if found.is_empty() {
        return vec![];
    }
    let loaded = job
        .kind
        .is_handbook()
        .then(|| set.documents.get(job.index))
        .flatten();
    found
        .into_iter()
        .map(|wide| {
            let what = format!(
                "is too wide for the page even in 6.5 pt text, and runs past the margin: its {} columns need {} mm, the page has {} mm",
                wide.headings.len(), wide.needs, wide.has
            );
            let hint = "split it into two tables, or give it fewer columns or shorter numbers and codes: each column keeps its longest number or code whole, and four characters at least";
            let placed = loaded.and_then(|loaded| {
                let file = set.sources.get(&loaded.path)?;
                // The table printed: the one whose caption and headings
                // were printed, and if several, the one at its place in the
                // order the built-in handbook template prints them (a
                // part's own tables, then its sections').
                let printed = crate::validate::tables_printed(&loaded.value);
                let alike: Vec<usize> = (0..printed.len()).filter(|&i| wide.is(printed[i].1)).collect();
                let at = wide.table.checked_sub(1);
                let index = match alike.as_slice() {
                    [only] => *only,
                    _ => at.filter(|at| alike.contains(at))?,
                };
                let (name, table, steps) = &printed[index];
                // Its `columns:`, or the nearest place above it found (a
                // table written `{…}` is not followed into).
                let key = crate::locate::key_or_above(file, steps)?;
                let (line, column) = position(file, key.start);
                let called = table
                    .caption
                    .as_deref()
                    .map_or(name.clone(), |c| format!("{name}, `{c}`,"));
                Some(
                    Diagnostic::warning(format!(
                        "{called} in `{}:{line}:{column}` {what}",
                        loaded.path
                    ))
                    .at(loaded.path.clone(), key),
                )
            });
            placed
                .unwrap_or_else(|| {
                    let called = match wide.caption.as_str() {
                        "" => format!("table {}", wide.table),
                        caption => format!("the table `{caption}`"),
                    };
                    Diagnostic::warning(format!(
                        "{called} of `{}` (printed in `{}`) {what}",
                        job.number, job.path
                    ))
                })
                .hint(hint)
        })
        .collect()
}

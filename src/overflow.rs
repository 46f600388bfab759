//! Finds the tables of a document's text too wide for the page even in the
//! smallest text `forms/house.typ` sets them in: printed, they run past the
//! margin, and off the paper when wide enough. `text-table` leaves each
//! such table's caption, headings and number among the tables printed, and
//! the widths, as metadata labelled `<ctrldoc-too-wide>`; a set whose
//! `house.typ` is older leaves none, and is not warned.

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::diagnostic::{Diagnostic, position};
use crate::loader::DocumentSet;
use crate::model::TextTable;
use crate::plan::Job;

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
        let number = |key: &str| match dict.get(key).ok()? {
            Value::Int(n) => Some(*n as f64),
            Value::Float(n) => Some(*n),
            _ => None,
        };
        let text = |value: &Value| match value {
            Value::Str(text) => Some(text.as_str().to_owned()),
            _ => None,
        };
        let Value::Array(headings) = dict.get("headings").ok()? else {
            return None;
        };
        Some(Self {
            table: number("table")? as usize,
            caption: text(dict.get("caption").ok()?)?,
            headings: headings.iter().map(text).collect::<Option<_>>()?,
            needs: number("needs")?,
            has: number("has")?,
        })
    }

    /// Whether `table` is the one printed: its caption and headings as
    /// written are those printed, but for spaces and quotation marks
    /// (which Typst prints as its own), and for a text that names a form,
    /// which prints otherwise.
    fn is(&self, table: &TextTable) -> bool {
        let alike = |written: &str, printed: &str| {
            let bare = |text: &str| -> String {
                text.chars()
                    .filter(|c| {
                        !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’')
                    })
                    .collect()
            };
            written.contains("{{") || bare(written) == bare(printed)
        };
        table.columns.len() == self.headings.len()
            && table
                .columns
                .iter()
                .zip(&self.headings)
                .all(|(w, p)| alike(w, p))
            && alike(table.caption.as_deref().unwrap_or(""), &self.caption)
    }
}

/// A warning for each table of `job`'s document too wide for its page:
/// at the table's `columns:` in the document's file, when the table
/// printed can be told among those the file writes.
pub fn too_wide(set: &DocumentSet, job: &Job, document: &PagedDocument) -> Vec<Diagnostic> {
    let label = Label::new(PicoStr::intern("ctrldoc-too-wide")).expect("a label is not empty");
    let found: Vec<TooWide> = document
        .introspector()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| content.to_packed::<MetadataElem>())
        .filter_map(|meta| TooWide::read(&meta.value))
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

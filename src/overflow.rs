//! Finds the tables of a document's text too wide for the page even in the
//! smallest text `forms/house.typ` sets them in: printed, they run past the
//! margin, and off the paper when wide enough. `text-table` leaves each
//! such table's number among the text's tables, and the widths, as
//! metadata labelled `<ctrldoc-too-wide>`; a set whose `house.typ` is older
//! leaves none, and is not warned.

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::diagnostic::{Diagnostic, position};
use crate::loader::DocumentSet;
use crate::plan::Job;

/// A table too wide, as `text-table` describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TooWide {
    /// Its number among the tables of the text, from 1, in the order
    /// printed.
    table: usize,
    /// How many columns it has.
    columns: usize,
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
        Some(Self {
            table: number("table")? as usize,
            columns: number("columns")? as usize,
            needs: number("needs")?,
            has: number("has")?,
        })
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
                wide.columns, wide.needs, wide.has
            );
            let hint = "split it into two tables, or give it fewer columns or shorter numbers and codes: each column keeps its longest number or code whole, and four characters at least";
            let placed = loaded.and_then(|loaded| {
                use crate::locate::Step::{Item, Key};
                let file = set.sources.get(&loaded.path)?;
                // The built-in handbook template prints each part's own
                // tables, then its sections'; the table is the one printed
                // so, if it has as many columns.
                let mut printed = vec![];
                for (i, part) in loaded.value.body.iter().enumerate() {
                    let whose = format!("part {}", i + 1);
                    for (n, table) in part.tables.iter().enumerate() {
                        let at = vec![Key("body"), Item(i), Key("tables"), Item(n)];
                        printed.push((at, format!("table {} of {whose}", n + 1), table));
                    }
                    for (j, section) in part.sections.iter().enumerate() {
                        for (n, table) in section.tables.iter().enumerate() {
                            let at = vec![Key("body"), Item(i), Key("sections"), Item(j)];
                            let at = [at, vec![Key("tables"), Item(n)]].concat();
                            let name = format!("table {} of section {}.{}", n + 1, i + 1, j + 1);
                            printed.push((at, name, table));
                        }
                    }
                }
                let (mut at, name, table) = printed
                    .into_iter()
                    .nth(wide.table.checked_sub(1)?)
                    .filter(|(_, _, t)| t.columns.len() == wide.columns)?;
                at.push(Key("columns"));
                // Its `columns:`, or the nearest place above it found (a
                // table written `{…}` is not followed into).
                let key = crate::locate::key_or_above(file, &at)?;
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
                    Diagnostic::warning(format!(
                        "table {} of `{}` (printed in `{}`) {what}",
                        wide.table, job.number, job.path
                    ))
                })
                .hint(hint)
        })
        .collect()
}

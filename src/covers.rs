//! The prints of one document (its master, its numbered copies, its
//! reference copy) differ only on their cover, and in the note that
//! [`crate::notes`] moves from the cover into every foot. The handbook
//! template marks where its cover ends with a line `// ctrldoc-cover-end`.
//! Once the first print of a document is laid out, each other print lays
//! out only its own cover, from its source up to that line, and takes the
//! pages after it from the first print.
//!
//! Typst would make the same pages again: they are made from the same text.
//! Before, a print laid the whole document out again, most of it from
//! Typst's memory of the first (the sample's 26-page handbook, 43–50 ms a
//! print; the benchmark's 190-page one, 157–194 ms). A print takes the
//! pages of another only when nothing else can tell them apart: the text
//! after the cover, every other source, and the date, if the first asked
//! for it, are the same; and its cover, laid out, is as many pages as the
//! first's. Otherwise it is laid out whole, as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use typst::foundations::Datetime;
use typst::model::Document as _;
use typst::syntax::{FileId, Source};
use typst_layout::{Page, PagedDocument};

use crate::render::KEYWORDS;

/// The line of a handbook template after which every print is the same.
pub const MARKER: &str = "// ctrldoc-cover-end";

/// Where the cover of a main source ends: after the marker's line.
fn cover_end(main: &str) -> Option<usize> {
    let line = main.find(&format!("\n{MARKER}"))? + 1;
    Some(main[line..].find('\n').map_or(main.len(), |i| line + i + 1))
}

/// Where the line that gives the PDF its keywords starts, or the end.
fn keywords_start(main: &str) -> usize {
    main.rfind(KEYWORDS).unwrap_or(main.len())
}

/// The source of a print's cover alone: its main source up to the marker,
/// then its keywords. `total` is the page number the whole print ends on
/// ([`First::total`]), which the cover counts on (the note is as wide as the
/// foot beside the widest page number).
fn cover_source(main: &str, total: u64) -> Option<String> {
    let end = cover_end(main)?;
    let keywords = &main[keywords_start(main).max(end)..];
    Some(format!(
        "{}#counter(page).update({total})\n{keywords}",
        &main[..end]
    ))
}

/// The sources of a print's cover alone: its own, the main one cut short
/// by [`cover_source`] for the page number `first` ends on.
pub fn cover_sources<W>(
    first: &First<W>,
    sources: &[(FileId, Source)],
) -> Option<Vec<(FileId, Source)>> {
    let ((id, main), rest) = sources.split_first()?;
    let cover = Source::new(*id, cover_source(main.text(), first.total())?);
    Some(
        std::iter::once((*id, cover))
            .chain(rest.iter().cloned())
            .collect(),
    )
}

/// What a print is made of besides its cover and its keywords: the main
/// source after the marker, and every other source. `None` without a
/// marker.
fn body(sources: &[(String, String)]) -> Option<u128> {
    let (_, main) = sources.first()?;
    let end = cover_end(main)?;
    let rest = &main[end..keywords_start(main).max(end)];
    Some(typst::utils::hash128(&(rest, &sources[1..])))
}

/// The first print of a document, laid out, for its other prints.
pub struct First<W> {
    /// As Typst laid it out, the note still on the cover.
    document: PagedDocument,
    /// How many pages its cover takes.
    cover: usize,
    /// What it is made of besides its cover (see [`body`]).
    body: u128,
    /// The date its layout was given.
    date: Datetime,
    /// Whether its layout asked for the date.
    dated: bool,
    /// The files it read from the set's folder.
    pub reads: Vec<FileId>,
    /// Typst's warnings about it.
    pub warnings: Vec<W>,
}

impl<W> First<W> {
    /// The number its last page has: what `counter(page).final()` gives
    /// the cover of a print laid out whole, which its note's width depends
    /// on. It is the number of pages unless the template numbers them
    /// otherwise.
    pub fn total(&self) -> u64 {
        self.document.pages().last().map_or(0, |page| page.number)
    }

    /// The number of pages of its cover.
    pub fn cover_pages(&self) -> usize {
        self.cover
    }
}

/// The first prints of the documents of a build, each kept while other
/// prints of its document are still to be made.
pub struct Prints<W> {
    documents: Mutex<HashMap<String, Document<W>>>,
}

struct Document<W> {
    /// How many of its prints are not done yet.
    left: usize,
    /// The first print of each body its prints have (a version in force
    /// and its draft revision share a main path).
    firsts: Vec<Arc<First<W>>>,
}

impl<W> Prints<W> {
    /// The prints of a build: for each output, what the prints of its
    /// document share (ctrldoc gives its main path and its version).
    pub fn new<'a>(mains: impl IntoIterator<Item = &'a str>) -> Self {
        let mut documents: HashMap<String, Document<W>> = HashMap::new();
        for main in mains {
            documents
                .entry(main.to_owned())
                .or_insert(Document {
                    left: 0,
                    firsts: vec![],
                })
                .left += 1;
        }
        Self {
            documents: Mutex::new(documents),
        }
    }

    /// Keeps a print just laid out for the other prints of its document,
    /// when there are any still to make and it has a cover to share from.
    #[allow(clippy::too_many_arguments)]
    pub fn offer(
        &self,
        main: &str,
        sources: &[(String, String)],
        document: &PagedDocument,
        date: Datetime,
        dated: bool,
        reads: Vec<FileId>,
        warnings: Vec<W>,
    ) {
        // Hashed and walked before the lock, which the other threads wait on.
        let (Some(body), Some(cover)) = (body(sources), crate::notes::first_foot(document)) else {
            return;
        };
        let mut documents = self.documents.lock().unwrap();
        let Some(entry) = documents.get_mut(main) else {
            return;
        };
        if entry.left < 2 || entry.firsts.iter().any(|f| f.body == body) {
            return;
        }
        entry.firsts.push(Arc::new(First {
            document: document.clone(),
            cover,
            body,
            date,
            dated,
            reads,
            warnings,
        }));
    }

    /// The first print a print with these sources can take its pages after
    /// the cover from.
    pub fn first(
        &self,
        main: &str,
        sources: &[(String, String)],
        date: Datetime,
    ) -> Option<Arc<First<W>>> {
        let body = body(sources)?;
        let documents = self.documents.lock().unwrap();
        documents
            .get(main)?
            .firsts
            .iter()
            .find(|f| f.body == body && (!f.dated || f.date == date))
            .cloned()
    }

    /// Says a print is done, made or not; the first print of its document
    /// is let go after the last.
    pub fn done(&self, main: &str) {
        let mut documents = self.documents.lock().unwrap();
        if let Some(entry) = documents.get_mut(main) {
            entry.left = entry.left.saturating_sub(1);
            if entry.left == 0 {
                documents.remove(main);
            }
        }
    }
}

/// A print made of its own cover, laid out from [`cover_source`], and the
/// pages after the cover of the first print; `None` when the cover does not
/// take as many pages as the first's, or runs into a page with a foot.
///
/// Its PDF's title, authors, description, date and language are the
/// cover's where the source up to the marker sets them, else the first
/// print's (set after the marker, they are the same in every print); its
/// keywords are its own.
pub fn splice<W>(first: &First<W>, cover: &PagedDocument) -> Option<PagedDocument> {
    if cover.pages().len() != first.cover || crate::notes::first_foot(cover).is_some() {
        return None;
    }
    let pages: typst::ecow::EcoVec<Page> = cover
        .pages()
        .iter()
        .chain(&first.document.pages()[first.cover..])
        .cloned()
        .collect();
    let own = cover.info();
    let mut info = first.document.info().clone();
    if own.title.is_some() {
        info.title.clone_from(&own.title);
    }
    if !own.author.is_empty() {
        info.author.clone_from(&own.author);
    }
    if own.description.is_some() {
        info.description.clone_from(&own.description);
    }
    if !own.date.is_auto() {
        info.date = own.date;
    }
    if !own.locale.is_auto() {
        info.locale = own.locale;
    }
    info.keywords.clone_from(&own.keywords);
    Some(PagedDocument::new(pages, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = "#let copy = \"07\"\n#page[cover #copy]\n// ctrldoc-cover-end: the rest\nbody\n#set document(keywords: (\"copy\",))\n";

    #[test]
    fn a_cover_is_the_source_up_to_the_marker_then_the_keywords() {
        assert_eq!(
            cover_source(MAIN, 26).unwrap(),
            "#let copy = \"07\"\n#page[cover #copy]\n// ctrldoc-cover-end: the rest\n#counter(page).update(26)\n\n#set document(keywords: (\"copy\",))\n"
        );
        assert_eq!(cover_source("#page[cover]\nbody\n", 2), None);
    }

    /// A print with a cover and a page with a foot after it.
    const FOOTED: &str = "#page[cover]\n// ctrldoc-cover-end\n#set page(footer: [#block(width: 100%, height: 0pt)<ctrldoc-note-here>])\nbody\n";

    #[test]
    fn a_print_that_asked_for_the_date_gives_its_pages_only_to_prints_of_that_date() {
        let sources = vec![("/main.typ".to_owned(), FOOTED.to_owned())];
        let document = crate::notes::tests::laid_out(FOOTED);
        let day = |d| Datetime::from_ymd(2016, 9, d).unwrap();
        for dated in [true, false] {
            let prints: Prints<()> = Prints::new(["main", "main"]);
            prints.offer("main", &sources, &document, day(1), dated, vec![], vec![]);
            let first = prints.first("main", &sources, day(1)).unwrap();
            assert_eq!(first.cover_pages(), 1);
            assert_eq!(
                prints.first("main", &sources, day(2)).is_some(),
                !dated,
                "dated: {dated}"
            );
        }
    }

    #[test]
    fn a_spliced_print_keeps_what_the_text_after_its_cover_says_of_the_pdf() {
        let main = |copy: &str| {
            format!(
                "#set document(title: \"T {copy}\")\n{FOOTED}#set document(description: \"D\")\n{KEYWORDS}\"{copy}\",))\n"
            )
        };
        let sources = |copy: &str| vec![("/main.typ".to_owned(), main(copy))];
        let whole = |copy: &str| crate::notes::tests::laid_out(&main(copy));
        let prints: Prints<()> = Prints::new(["main", "main"]);
        let day = Datetime::from_ymd(2016, 9, 1).unwrap();
        prints.offer(
            "main",
            &sources("07"),
            &whole("07"),
            day,
            false,
            vec![],
            vec![],
        );
        let first = prints.first("main", &sources("08"), day).unwrap();
        let cover = crate::notes::tests::laid_out(&cover_source(&main("08"), 2).unwrap());
        let spliced = splice(&first, &cover).unwrap();
        let info = spliced.info();
        assert_eq!(info, whole("08").info());
        assert_eq!(info.title.as_deref(), Some("T 08"));
        assert_eq!(info.description.as_deref(), Some("D"));
        assert_eq!(info.keywords, ["08"]);
    }

    #[test]
    fn prints_differing_only_on_the_cover_have_the_same_body() {
        let sources = |main: &str, form: &str| {
            vec![
                ("/main.typ".to_owned(), main.to_owned()),
                ("/form.typ".to_owned(), form.to_owned()),
            ]
        };
        let other_copy = MAIN
            .replace("\"07\"", "\"08\"")
            .replace("(\"copy\",)", "(\"copy 08\",)");
        assert_eq!(body(&sources(MAIN, "a")), body(&sources(&other_copy, "a")));
        assert_ne!(body(&sources(MAIN, "a")), body(&sources(MAIN, "b")));
        assert_ne!(
            body(&sources(MAIN, "a")),
            body(&sources(&MAIN.replace("body", "text"), "a"))
        );
        assert_eq!(body(&sources("#page[cover]\nbody\n", "a")), None);
    }
}

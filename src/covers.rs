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
//! first's. Otherwise it is laid out whole, as before: from nothing, if
//! Typst's memory of the first print's layout was emptied (see
//! [`crate::queue`]), and the prints after it from its layout.
//!
//! What its PDF says of it (title, authors, description, date, language,
//! keywords) is what it would say laid out whole: its own cover's, but for
//! what the text after the cover sets, told from the first print's cover
//! laid out alone once (see [`info`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use typst::foundations::Datetime;
use typst::model::Document as _;
use typst::model::DocumentInfo;
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

/// The sources of a print's cover alone: `sources` with the main one cut
/// short by [`cover_source`] for the page number `total` (for another
/// print, [`First::total`]).
pub fn cut(sources: &[(FileId, Source)], total: u64) -> Option<Vec<(FileId, Source)>> {
    let ((id, main), rest) = sources.split_first()?;
    let cover = Source::new(*id, cover_source(main.text(), total)?);
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
    /// What its PDF says of it (title, authors, ...) when its cover alone
    /// is laid out, to tell what the text after the cover sets.
    cover_info: DocumentInfo,
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
    /// when there are any still to make and it has a cover to share from;
    /// says whether it kept it. `lay_out_cover` lays its cover alone out
    /// (see [`cut`]) for the page number given; only a print that is kept
    /// pays for it.
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
        lay_out_cover: impl FnOnce(u64) -> Option<PagedDocument>,
    ) -> bool {
        // Hashed, walked and laid out outside the lock, which the other
        // threads wait on.
        let (Some(body), Some(cover)) = (body(sources), crate::notes::first_foot(document)) else {
            return false;
        };
        let wanted = |documents: &mut HashMap<String, Document<W>>| {
            documents
                .get(main)
                .is_some_and(|e| e.left >= 2 && !e.firsts.iter().any(|f| f.body == body))
        };
        if !wanted(&mut self.documents.lock().unwrap()) {
            return false;
        }
        let total = document.pages().last().map_or(0, |page| page.number);
        let Some(cover_info) = lay_out_cover(total).map(|cover| cover.info().clone()) else {
            return false;
        };
        let mut documents = self.documents.lock().unwrap();
        if !wanted(&mut documents) {
            return false;
        }
        let Some(entry) = documents.get_mut(main) else {
            return false;
        };
        entry.firsts.push(Arc::new(First {
            document: document.clone(),
            cover,
            body,
            cover_info,
            date,
            dated,
            reads,
            warnings,
        }));
        true
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
/// take as many pages as the first's, or runs into a page with a foot, or
/// what its PDF says of it cannot be told (see [`info`]).
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
    let info = info(first.document.info(), &first.cover_info, cover.info())?;
    Some(PagedDocument::new(pages, info))
}

/// What a print's PDF says of it (its title, authors, ...), as the print
/// laid out whole would say, from `whole`, the first print laid out whole,
/// `first`, its cover alone, and `own`, this print's cover alone.
///
/// Typst takes each of these from the last `set document` that sets it,
/// so what the text after the cover sets is what the first print has
/// otherwise than its cover alone; the rest is the print's own cover's.
/// Where the first print has what its cover has and this print's cover
/// says otherwise, the text after the cover may have set it again to the
/// same: that cannot be told, and `None` says so. The keywords are set
/// last, on every cover. The language is taken from the first `set text`
/// that gives one: the cover's if it gives one; else one set after it,
/// when the first's cover gives none; when the first's cover gives one,
/// it cannot be told.
fn info(whole: &DocumentInfo, first: &DocumentInfo, own: &DocumentInfo) -> Option<DocumentInfo> {
    fn pick<T: PartialEq + Clone>(whole: &T, first: &T, own: &T) -> Option<T> {
        match (whole != first, own != first) {
            (true, _) => Some(whole.clone()),
            (false, false) => Some(own.clone()),
            (false, true) => None,
        }
    }
    let locale = if !own.locale.is_auto() {
        own.locale
    } else if first.locale.is_auto() {
        whole.locale
    } else {
        return None;
    };
    let mut info = whole.clone();
    info.title = pick(&whole.title, &first.title, &own.title)?;
    info.author = pick(&whole.author, &first.author, &own.author)?;
    info.description = pick(&whole.description, &first.description, &own.description)?;
    info.date = pick(&whole.date, &first.date, &own.date)?;
    info.keywords.clone_from(&own.keywords);
    info.locale = locale;
    Some(info)
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

    use crate::world::tests::laid_out;

    /// A print: `above` and a cover, the marker, a page with a foot, and
    /// `below`, then its keywords.
    fn print(above: &str, below: &str, copy: &str) -> String {
        format!(
            "{above}\n#page[cover {copy}]\n{MARKER}\n#set page(footer: [#block(width: 100%, height: 0pt)<ctrldoc-note-here>])\nbody\n{below}\n{KEYWORDS}\"{copy}\",))\n"
        )
    }

    fn sources(main: &str) -> Vec<(String, String)> {
        vec![("/main.typ".to_owned(), main.to_owned())]
    }

    /// `other` made as a build makes it after `first`: from its cover alone
    /// and the pages of `first` laid out whole.
    fn spliced(first: &str, other: &str) -> Option<PagedDocument> {
        let day = Datetime::from_ymd(2016, 9, 1).unwrap();
        let prints: Prints<()> = Prints::new(["main", "main"]);
        let whole = laid_out(first);
        let cover = |main: &str, total| Some(laid_out(&cover_source(main, total)?));
        prints.offer(
            "main",
            &sources(first),
            &whole,
            day,
            false,
            vec![],
            vec![],
            |total| cover(first, total),
        );
        let kept = prints.first("main", &sources(other), day)?;
        splice(&kept, &cover(other, kept.total())?)
    }

    #[test]
    fn a_first_print_that_asked_for_the_date_gives_its_pages_only_to_prints_of_that_date() {
        let main = print("", "", "07");
        let document = laid_out(&main);
        let day = |d| Datetime::from_ymd(2016, 9, d).unwrap();
        for dated in [true, false] {
            let prints: Prints<()> = Prints::new(["main", "main"]);
            prints.offer(
                "main",
                &sources(&main),
                &document,
                day(1),
                dated,
                vec![],
                vec![],
                |total| Some(laid_out(&cover_source(&main, total)?)),
            );
            let first = prints.first("main", &sources(&main), day(1)).unwrap();
            assert_eq!(first.cover_pages(), 1);
            assert_eq!(
                prints.first("main", &sources(&main), day(2)).is_some(),
                !dated,
                "dated: {dated}"
            );
        }
    }

    /// What [`info`] tells of `other` made after `first`.
    fn told(first: &str, other: &str) -> Option<DocumentInfo> {
        let whole = laid_out(first);
        let total = whole.pages().last().unwrap().number;
        let cover = |main: &str| laid_out(&cover_source(main, total).unwrap());
        info(whole.info(), cover(first).info(), cover(other).info())
    }

    #[test]
    fn a_spliced_print_says_of_itself_what_it_would_laid_out_whole() {
        let title = |t: &str| format!("#set document(title: {t})");
        let author = |a: &str| format!("#set document(author: {a})");
        let described = "#set document(description: \"D\")";
        let dated =
            |d: u8| format!("#set document(date: datetime(year: 2016, month: 9, day: {d}))");
        let cases = [
            // Set after the cover, the same in every print.
            (print("", described, "07"), print("", described, "08")),
            (
                print("", &author("\"A\""), "07"),
                print("", &author("\"A\""), "08"),
            ),
            (print("", &dated(1), "07"), print("", &dated(1), "08")),
            // Set on each cover alike.
            (print(described, "", "07"), print(described, "", "08")),
            // Set on each cover, and again after it: the last one counts.
            (
                print(&title("\"T 07\""), &title("\"B\""), "07"),
                print(&title("\"T 08\""), &title("\"B\""), "08"),
            ),
            (
                print(&dated(1), &dated(3), "07"),
                print(&dated(2), &dated(3), "08"),
            ),
            // The language, given after the cover, or on the other's.
            (
                print("", "#set text(lang: \"de\")", "07"),
                print("", "#set text(lang: \"de\")", "08"),
            ),
            (
                print("", "#set text(lang: \"de\")", "07"),
                print("#set text(lang: \"fr\")", "#set text(lang: \"de\")", "08"),
            ),
        ];
        for (first, other) in &cases {
            let spliced = spliced(first, other).unwrap_or_else(|| panic!("not spliced: {other}"));
            let whole = laid_out(other);
            assert_eq!(spliced.info(), whole.info(), "{other}");
            assert_eq!(spliced.info().keywords, ["08"]);
            assert_eq!(spliced.pages().len(), whole.pages().len());
        }
        // What cannot be told, and the print is laid out whole: a value on
        // its cover other than the first's cover has, which the text after
        // the cover may or may not set again to the first's (as the last
        // two do); and a language on the first's cover alone (is another
        // given after it?).
        let lang = |l: &str| format!("#set text(lang: \"{l}\")");
        let unknown = [
            (
                print(&author("\"A 07\""), "", "07"),
                print(&author("\"A 08\""), "", "08"),
            ),
            (print(&dated(1), "", "07"), print(&dated(2), "", "08")),
            (print(described, "", "07"), print("", "", "08")),
            (
                print(&title("\"T\""), "", "07"),
                print(&title("none"), "", "08"),
            ),
            (
                print("", &author("()"), "07"),
                print(&author("\"X\""), &author("()"), "08"),
            ),
            (
                print(&title("\"T\""), &title("\"T\""), "07"),
                print(&title("\"U\""), &title("\"T\""), "08"),
            ),
            (
                print(&lang("fr"), &lang("de"), "07"),
                print("", &lang("de"), "08"),
            ),
        ];
        for (first, other) in &unknown {
            assert_eq!(told(first, other), None, "{other}");
            assert!(spliced(first, other).is_none(), "{other}");
        }
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

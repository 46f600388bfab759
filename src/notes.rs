//! Moves the note that says whose print a handbook is into the foot of every
//! page, after layout.
//!
//! Typst lays a run of pages out together with their feet, and keeps the
//! result for a compilation that asks the same. A note laid out in every
//! foot (正本, 非受控副本, 受控副本 分发号 03 持有者 …) differs between the
//! prints of a document, so each print laid every page out again. When
//! ctrldoc builds, `forms/house.typ` instead lays the note out once, on the
//! cover, in a block labelled `<ctrldoc-note>`, and leaves an empty block
//! labelled `<ctrldoc-note-here>` in every foot; [`move_notes`] puts the note into
//! each of those and takes it off the cover. Every page but the cover is then
//! the same in every print, and laid out once for all of them.

use typst::ecow::EcoVec;
use typst::foundations::Label;
use typst::layout::{Frame, FrameItem, GroupItem, Point};
use typst::model::Document;
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

/// The label of the note as laid out on the cover.
fn note_label() -> Label {
    Label::new(PicoStr::intern("ctrldoc-note")).expect("a label is not empty")
}

/// The label of each place in a foot the note goes to.
fn here_label() -> Label {
    Label::new(PicoStr::intern("ctrldoc-note-here")).expect("a label is not empty")
}

/// Why the note of a print could not be moved into its feet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmoved {
    /// Its feet leave a place for the note, but no note is laid out.
    NoNote,
    /// A note is laid out, but no foot leaves a place for it.
    NoPlace,
}

impl Unmoved {
    /// What is wrong, said after the output it is wrong in.
    pub fn message(self) -> &'static str {
        match self {
            Unmoved::NoNote => {
                "its feet leave a place for whose print it is (`<ctrldoc-note-here>`), \
                 but no note is laid out for it (`<ctrldoc-note>`)"
            }
            Unmoved::NoPlace => {
                "it lays out whose print it is (`<ctrldoc-note>`), but none of its feet \
                 leaves a place for it (`<ctrldoc-note-here>`), so the note would be printed \
                 in the corner of its cover"
            }
        }
    }

    /// How to put it right.
    pub fn hint(self) -> &'static str {
        match self {
            Unmoved::NoNote => {
                "lay the note out on the cover with `copy-note-source(…)` from `forms/house.typ`, \
                 as the handbook template ctrldoc ships does"
            }
            Unmoved::NoPlace => {
                "give the running foot the note with `handbook-footer(copy: copy-footer)` from \
                 `forms/house.typ`, as the handbook template ctrldoc ships does, or take \
                 `copy-note-source(…)` off the cover"
            }
        }
    }
}

/// Moves the note of a print into every foot and takes it off the cover.
/// A document with neither a note nor places for it comes back as it was.
/// A document with only one of them is an error: its feet would not say
/// whose print it is, or the note would be left where it is laid out, in
/// the corner of the cover.
pub fn move_notes(document: PagedDocument) -> Result<PagedDocument, Unmoved> {
    let (note_label, here_label) = (note_label(), here_label());
    let placed = document
        .pages()
        .iter()
        .any(|page| holds(&page.frame, here_label));
    let note = document
        .pages()
        .iter()
        .find_map(|page| find(&page.frame, note_label));
    let note = match (note, placed) {
        (None, false) => return Ok(document),
        (None, true) => return Err(Unmoved::NoNote),
        (Some(_), false) => return Err(Unmoved::NoPlace),
        (Some(note), true) => note,
    };
    let note = without_tags(note);
    let pages: EcoVec<Page> = document
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            change_labelled(&mut page.frame, note_label, &mut |_| false);
            change_labelled(&mut page.frame, here_label, &mut |here| {
                here.frame.push_frame(Point::zero(), note.clone());
                true
            });
            page
        })
        .collect();
    Ok(PagedDocument::new(pages, document.info().clone()))
}

/// The first page whose foot has a place for the note: the first page
/// after the cover, in a handbook.
pub fn first_foot(document: &PagedDocument) -> Option<usize> {
    let here = here_label();
    document
        .pages()
        .iter()
        .position(|page| holds(&page.frame, here))
}

/// The frame of the first group labelled `label` in `frame` or under it.
fn find(frame: &Frame, label: Label) -> Option<Frame> {
    frame.items().find_map(|(_, item)| match item {
        FrameItem::Group(group) if group.label == Some(label) => Some(group.frame.clone()),
        FrameItem::Group(group) => find(&group.frame, label),
        _ => None,
    })
}

/// Whether `frame` or a group under it has a group labelled `label`.
fn holds(frame: &Frame, label: Label) -> bool {
    find(frame, label).is_some()
}

/// Hands every group labelled `label` in `frame` or under it to `change`,
/// which says whether to keep it. Only the frames on the way to one are
/// touched: the rest are shared with Typst's memory of the layout, and
/// copying them would cost what was saved.
fn change_labelled(
    frame: &mut Frame,
    label: Label,
    change: &mut dyn FnMut(&mut GroupItem) -> bool,
) {
    if !holds(frame, label) {
        return;
    }
    frame.retain(|item| match item {
        FrameItem::Group(group) if group.label == Some(label) => change(group),
        FrameItem::Group(group) => {
            change_labelled(&mut group.frame, label, change);
            true
        }
        _ => true,
    });
}

/// A frame without what Typst's introspection saw in it: the note is drawn
/// in every foot, and the elements it was made of are no longer anywhere.
fn without_tags(mut frame: Frame) -> Frame {
    frame.retain(|item| match item {
        FrameItem::Tag(_) => false,
        FrameItem::Group(group) => {
            group.parent = None;
            group.frame = without_tags(std::mem::take(&mut group.frame));
            true
        }
        _ => true,
    });
    frame
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::tests::laid_out;

    /// The text drawn on each page, run by run.
    fn texts(document: &PagedDocument) -> Vec<Vec<String>> {
        fn walk(frame: &Frame, out: &mut Vec<String>) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Text(text) => out.push(text.text.to_string()),
                    FrameItem::Group(group) => walk(&group.frame, out),
                    _ => {}
                }
            }
        }
        document
            .pages()
            .iter()
            .map(|page| {
                let mut out = vec![];
                walk(&page.frame, &mut out);
                out
            })
            .collect()
    }

    const PAGES: &str = r#"
#set page(footer: [#block(width: 100%, height: 0pt)<ctrldoc-note-here> foot])
#page(footer: none)[cover #place([#block[copy 07]<ctrldoc-note>])]
body
#pagebreak()
more
"#;

    #[test]
    fn the_note_goes_into_every_foot_and_leaves_the_cover() {
        let before = laid_out(PAGES);
        assert_eq!(texts(&before)[0], ["cover", "copy 07"]);
        assert_eq!(texts(&before)[1], ["body", "foot"]);
        let after = move_notes(before).unwrap();
        let texts = texts(&after);
        assert_eq!(texts[0], ["cover"]);
        assert_eq!(texts[1], ["body", "copy 07", "foot"]);
        assert_eq!(texts[2], ["more", "copy 07", "foot"]);
    }

    #[test]
    fn a_note_with_nowhere_to_go_is_an_error() {
        let main = PAGES.replace("<ctrldoc-note-here>", "");
        let error = move_notes(laid_out(&main)).err().unwrap();
        assert_eq!(error, Unmoved::NoPlace);
    }

    #[test]
    fn places_without_a_note_are_an_error() {
        let main = PAGES.replace("<ctrldoc-note>", "");
        let error = move_notes(laid_out(&main)).err().unwrap();
        assert_eq!(error, Unmoved::NoNote);
    }

    #[test]
    fn pages_without_note_or_places_are_kept_as_they_were() {
        let main = PAGES
            .replace("<ctrldoc-note>", "")
            .replace("<ctrldoc-note-here>", "");
        let after = move_notes(laid_out(&main)).unwrap();
        assert_eq!(texts(&after)[0], ["cover", "copy 07"]);
        assert_eq!(texts(&after)[1], ["body", "foot"]);
    }
}

//! A property test of escaping: any string, escaped for Typst markup and
//! compiled, comes out as the same text. What Typst lays out is read from
//! its frames, so this tests the escaping, not the templates.

use std::path::Path;

use ctrldoc::escape;
use ctrldoc::fonts::Fonts;
use ctrldoc::world::{DocWorld, RootFiles, file_id};
use proptest::prelude::*;
use typst::foundations::Datetime;
use typst::layout::{Frame, FrameItem};
use typst::syntax::Source;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

/// Compiles markup on a page as wide as its text and returns the text laid
/// out, in order.
fn laid_out(fonts: &Fonts, markup: &str) -> Result<String, String> {
    // A cluster drawn with glyphs of two fonts (a letter and an accent the
    // first font lacks) is in two text items; each place of the source is
    // read once.
    type Seen = std::collections::HashSet<(typst::syntax::Span, u16)>;
    fn walk(frame: &Frame, seen: &mut Seen, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, seen, out),
                FrameItem::Text(text) => {
                    for glyph in &text.glyphs {
                        if seen.insert(glyph.span) {
                            out.push_str(&text.text[glyph.range()]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let library = LazyHash::new(Library::builder().build());
    let root = tempfile::tempdir().unwrap();
    let files = RootFiles::new(root.path());
    let id = file_id("/main.typ");
    let text = format!("#set page(width: auto, height: auto)\n{markup}");
    let sources = [(id, Source::new(id, text))];
    let today = Datetime::from_ymd(2026, 1, 1).unwrap();
    let world = DocWorld::new(&library, fonts, &files, &sources, today);
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| format!("{errors:?}"))?;
    let mut out = String::new();
    let mut seen = Seen::new();
    for page in document.pages() {
        walk(&page.frame, &mut seen, &mut out);
    }
    Ok(out)
}

/// What escaping promises to print: the text without white space (Typst
/// joins runs of it), control characters and what Unicode says is invisible
/// (Default_Ignorable_Code_Point: soft hyphens, variation selectors, tags,
/// zero-width and text-direction characters).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && !escape::is_invisible(c))
        .filter(|&c| !default_ignorable(c))
        .collect()
}

fn default_ignorable(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// Characters of right-to-left scripts are laid out right to left, which the
/// frames show in another order; they are left out of the generated strings.
fn left_to_right(c: char) -> bool {
    !matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(Path::new(env!("CARGO_MANIFEST_DIR")), false))
}

/// Strings made mostly of what markup and templates give meaning to.
fn hostile() -> impl Strategy<Value = String> {
    let special = prop::sample::select(
        "#*_`$@<>[]=-+/~'\".:{}\\()%!?,;|&^ \n\t\r"
            .chars()
            .chain([
                '中', '文', 'é', '\u{200B}', '\u{202E}', '\u{FEFF}', '\u{0}', '\u{7F}',
            ])
            .collect::<Vec<_>>(),
    );
    let word = prop::sample::select(vec![
        "#import",
        "#include",
        "#let",
        "#read(",
        "#set",
        "#show",
        "$",
        "//",
        "/*",
        "*/",
        "```",
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "\\u{41}",
        "--",
        "---",
        "...",
        "https://x.y",
        "<a>",
        "@a",
        "= ",
        "- ",
        "+ ",
        "/ a: b",
        "\\\n",
    ])
    .prop_map(str::to_owned);
    let any_char = any::<char>().prop_filter("left to right", |&c| left_to_right(c));
    let piece = prop_oneof![
        3 => special.prop_map(String::from),
        2 => word,
        2 => any_char.prop_map(String::from),
        1 => "[a-z ]{1,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn escaped_markup_prints_the_text_as_written(text in hostile()) {
        let out = laid_out(fonts(), &escape::markup(&text)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(visible(&out), visible(&text));
    }

    #[test]
    fn escaped_strings_print_the_text_as_written(text in hostile()) {
        let out = laid_out(fonts(), &format!("#{}", escape::string(&text))).map_err(TestCaseError::fail)?;
        prop_assert_eq!(visible(&out), visible(&text));
    }
}

#[test]
fn laid_out_text_is_read_back() {
    assert_eq!(
        laid_out(fonts(), "a *b* c").unwrap().replace(' ', ""),
        "abc"
    );
    assert!(laid_out(fonts(), "#panic()").is_err());
}

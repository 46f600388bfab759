//! Escaping of values for Typst, so that text from the data is always printed
//! as written and can never become markup or code.

/// Tells whether a character is invisible formatting that is never printed:
/// zero-width characters and the controls that reorder right-to-left text.
/// Printed, they could make a controlled text read differently from what is
/// in the data (a number that looks the same but is not, words shown in
/// another order), so they are left out, and `check` warns where they are.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
    )
}

/// Tells whether a character is left out of print and would be warned of
/// or masked where shown: a control, other than the tab and line ends that
/// print as spaces, or an invisible one.
pub fn is_unprinted(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_invisible(c)
}

/// Escapes text for Typst markup: every character that markup could give a
/// meaning to is preceded by a backslash. A code joined by hyphens (a form's
/// number, QR-XS-010, or a date, 2016-09-01) is kept on one line, in a box:
/// Typst breaks a line after a hyphen, and printed `QR-` at the end of one
/// line and `XS-010` at the start of the next.
pub fn markup(text: &str) -> String {
    // A line break in a value is a space, as in a YAML folded string; a
    // blank line would otherwise start a new paragraph. Most values have
    // none, nor anything left out, and are read as they are.
    let breaks = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    let text: std::borrow::Cow<str> =
        match text.contains(|c: char| breaks(c) || c.is_control() || is_invisible(c)) {
            false => text.into(),
            true => text
                .chars()
                .filter_map(|c| match c {
                    c if breaks(c) => Some(' '),
                    c if c.is_control() || is_invisible(c) => None,
                    c => Some(c),
                })
                .collect::<String>()
                .into(),
        };
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest: &str = &text;
    while let Some(at) = rest.find(is_code_char) {
        escape_markup(&rest[..at], &mut out);
        rest = &rest[at..];
        let len = rest.find(|c| !is_code_char(c)).unwrap_or(rest.len());
        let (run, after) = rest.split_at(len);
        // Hyphens at its ends are not joining anything.
        let core = run.trim_matches('-');
        let lead = run.len() - run.trim_start_matches('-').len();
        escape_markup(&run[..lead], &mut out);
        if is_code(core) {
            // Typst spaces Latin text from a Chinese character beside it by
            // a quarter of an em, but not a box: the space is put back.
            let before = text[..text.len() - rest.len()].chars().next_back();
            let after = run[lead + core.len()..]
                .chars()
                .next()
                .or(after.chars().next());
            if before.is_some_and(is_cjk_letter) && lead == 0 {
                out.push_str(CJK_LATIN_SPACE);
            }
            // The `;` ends the call, so that a `(` after it is text.
            out.push_str("#box[");
            escape_markup(core, &mut out);
            out.push_str("];");
            if after.is_some_and(is_cjk_letter) {
                out.push_str(CJK_LATIN_SPACE);
            }
        } else {
            escape_markup(core, &mut out);
        }
        escape_markup(&run[lead + core.len()..], &mut out);
        rest = after;
    }
    escape_markup(rest, &mut out);
    out
}

/// The space Typst puts between a Chinese character and Latin text beside
/// it, weak, so that it is dropped at the start or end of a line.
const CJK_LATIN_SPACE: &str = "#h(0.25em, weak: true)";

/// A Chinese, Japanese or Korean letter, not punctuation: what Typst spaces
/// Latin text from.
fn is_cjk_letter(c: char) -> bool {
    matches!(
        c,
        '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}'
    )
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Whether letters and digits joined by hyphens are a code, not words: it
/// has a digit, or no small letter (`QR-XS-010`, `2016-09-01`, not
/// `well-known`, which may break at its hyphen as English does).
fn is_code(run: &str) -> bool {
    run.contains('-')
        && !run.contains("--")
        && (run.contains(|c: char| c.is_ascii_digit())
            || !run.contains(|c: char| c.is_ascii_lowercase()))
}

fn escape_markup(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            // Backslash escapes work for any of these in markup.
            '\\' | '#' | '*' | '_' | '`' | '$' | '@' | '<' | '>' | '[' | ']' | '=' | '-' | '+'
            | '/' | '~' | '\'' | '"' | '.' | ':' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Text as a table of data shows it (a CSV, a workbook, a terminal): line
/// breaks and tabs become spaces, and what is not printed is left out, so
/// that a control character cannot drive a terminal nor a text-direction
/// one make a cell read in another order.
pub fn plain(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Writes text as a Typst string literal, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators, which Typst breaks the line at,
            // are spaces, as in markup.
            '\u{2028}' | '\u{2029}' => out.push(' '),
            // Left out, as in markup: Typst has no glyph for most of them,
            // and takes some (U+0085) for a line break.
            c if c.is_control() || is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_special_character() {
        assert_eq!(markup("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(
            markup("a*b*_c_ $x$ @ref <l> [c] \\ // x"),
            "a\\*b\\*\\_c\\_ \\$x\\$ \\@ref \\<l\\> \\[c\\] \\\\ \\/\\/ x"
        );
        assert_eq!(markup("销售部"), "销售部");
    }

    #[test]
    fn a_code_joined_by_hyphens_is_kept_on_one_line() {
        assert_eq!(
            markup("列入《销售台帐》（QR-XS-005）。"),
            "列入《销售台帐》（#box[QR\\-XS\\-005];）。"
        );
        assert_eq!(markup("2016-09-01"), "#box[2016\\-09\\-01];");
        assert_eq!(
            markup("见 XS-ZD-001(A/0)"),
            "见 #box[XS\\-ZD\\-001];(A\\/0)"
        );
        // Words may break at their hyphen; hyphens that join nothing stay.
        assert_eq!(markup("well-known"), "well\\-known");
        assert_eq!(markup("-QR-1- a--b -"), "\\-#box[QR\\-1];\\- a\\-\\-b \\-");
        assert_eq!(markup("QR"), "QR");
        // Spaced from a Chinese letter beside it as Typst spaces Latin text,
        // not from punctuation.
        assert_eq!(
            markup("见XS-ZD-001规定"),
            "见#h(0.25em, weak: true)#box[XS\\-ZD\\-001];#h(0.25em, weak: true)规定"
        );
        assert_eq!(markup("见 QR-1。"), "见 #box[QR\\-1];。");
    }

    #[test]
    fn markup_turns_line_breaks_into_spaces() {
        assert_eq!(markup("a\n\nb"), "a  b");
    }

    #[test]
    fn invisible_characters_are_left_out() {
        assert_eq!(markup("QR\u{200B}-\u{202E}XS"), "#box[QR\\-XS];");
        assert_eq!(string("a\u{2066}b\u{FEFF}"), "\"ab\"");
    }

    #[test]
    fn control_characters_are_left_out_of_strings_as_of_markup() {
        // A title given as `"销售\a表"` or with U+0085, which Typst would
        // print as a box or break the line at.
        assert_eq!(string("销售\u{7}表\u{85}"), "\"销售表\"");
        assert_eq!(markup("销售\u{7}表\u{85}"), "销售表");
        // Line and paragraph separators, which Typst breaks a line at.
        assert_eq!(string("销\u{2028}售\u{2029}"), "\"销 售 \"");
        assert_eq!(markup("销\u{2028}售"), "销 售");
        assert_eq!(string("a\tb\n"), "\"a\\tb\\n\"");
    }

    #[test]
    fn a_table_of_data_shows_text_on_one_line_without_what_is_not_printed() {
        assert_eq!(plain("销售\n服务\t表\u{1b}[2J\u{202E}"), "销售 服务 表[2J");
    }

    #[test]
    fn string_escapes_quotes_and_backslashes() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}

//! Expands the plain text of a document: `{{ form("QR-XS-005") }}` becomes
//! 《title》（QR-XS-005）, and every form named is recorded.
//!
//! Nothing else in a text is special: it is not a template, so `{{ 7*7 }}`,
//! `{% … %}` and `{# … #}` print as written.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::did_you_mean;

/// Expands form references in document text.
pub struct Expander {
    forms: BTreeMap<String, String>,
    /// How a reference is written, with `{title}` and `{number}`.
    pattern: String,
}

/// Why a text could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// `form("…")` named a form that is not defined.
    UnknownForm {
        /// The number as written.
        number: String,
        /// The closest defined number.
        suggestion: Option<String>,
    },
}

impl Expander {
    /// Creates an expander that knows the forms by number and title and
    /// writes a reference as `pattern` says, e.g. `《{title}》（{number}）`.
    pub fn new(forms: BTreeMap<String, String>, pattern: &str) -> Self {
        Self {
            forms,
            pattern: pattern.to_owned(),
        }
    }

    /// Expands one text, returning it with the form numbers it names.
    pub fn expand(&self, text: &str) -> Result<(String, Vec<String>), ExpandError> {
        let mut out = String::with_capacity(text.len());
        let mut refs = vec![];
        let mut done = 0;
        for (span, inner) in tags(text) {
            let Reference::Form(number) = reference(inner) else {
                continue;
            };
            let Some(title) = self.forms.get(number) else {
                let suggestion =
                    did_you_mean(number, self.forms.keys().map(String::as_str)).map(str::to_owned);
                return Err(ExpandError::UnknownForm {
                    number: number.to_owned(),
                    suggestion,
                });
            };
            out.push_str(&text[done..span.start]);
            out.push_str(&crate::labels::fill(
                &self.pattern,
                &[("title", title), ("number", number)],
            ));
            refs.push(number.to_owned());
            done = span.end;
        }
        out.push_str(&text[done..]);
        Ok((out, refs))
    }
}

/// The form numbers a text's references name, as written, known or not.
pub fn form_references(text: &str) -> impl Iterator<Item = &str> {
    tags(text).filter_map(|(_, inner)| match reference(inner) {
        Reference::Form(number) => Some(number),
        _ => None,
    })
}

/// Every `{{ … }}` of a text that starts like a form reference but is not
/// one, as written; those print as written. So does `{{ … }}` around any
/// other name called with a quoted text (`{{ from("QR-XS-001") }}`), and
/// a call of `form` or a slip for it in braces that do not pair as
/// `{{ … }}` (`{ form("QR-XS-001") }}`, full-width `｛｛ … ｝｝`).
pub fn malformed(text: &str) -> Vec<&str> {
    let mut out: Vec<Range<usize>> = vec![];
    let mut paired: Vec<Range<usize>> = vec![];
    for (span, inner) in tags(text) {
        if matches!(reference(inner), Reference::Malformed) {
            out.push(span.clone());
        }
        paired.push(span);
    }
    let is_open = |c: char| matches!(c, '{' | '｛');
    let is_shut = |c: char| matches!(c, '}' | '｝');
    let mut from = 0;
    while let Some(at) = text[from..].find(is_open).map(|i| from + i) {
        let braces = text[at..].len() - text[at..].trim_start_matches(is_open).len();
        from = at + braces;
        if paired.iter().any(|p| p.contains(&at)) || text[at..from].chars().count() > 2 {
            continue;
        }
        let Some(call) = slip_for_form(&text[from..]) else {
            continue;
        };
        let mut end = from + call;
        let rest = &text[end..];
        let closing = rest.trim_start_matches(' ');
        let shut: usize = closing
            .chars()
            .take_while(|&c| is_shut(c))
            .take(2)
            .map(char::len_utf8)
            .sum();
        if shut > 0 {
            end += rest.len() - closing.len() + shut;
        }
        out.push(at..end);
        from = end;
    }
    out.sort_by_key(|s| s.start);
    out.into_iter().map(|span| &text[span]).collect()
}

/// The name a text starts with (ASCII letters and `_`, after spaces), and
/// what follows it, spaces skipped.
fn name_at(text: &str) -> Option<(&str, &str)> {
    let body = text.trim_start_matches(' ');
    let len = body.len()
        - body
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_')
            .len();
    (len > 0).then(|| (&body[..len], body[len..].trim_start_matches(' ')))
}

/// Whether a name is `form` or one slip from it: `Form`, `forms`, `from`.
fn near_form(name: &str) -> bool {
    strsim::damerau_levenshtein(&name.to_ascii_lowercase(), "form") <= 1
}

/// The length of `name("…")` at the start of a text, spaces around
/// allowed: `name` a word of ASCII letters, the brackets `( )` or `（ ）`,
/// the text quoted with `"`, `'` or `“ ”`/`‘ ’`.
fn call_after(text: &str) -> Option<usize> {
    let (_, rest) = name_at(text)?;
    let args = rest.strip_prefix(['(', '（'])?;
    args.trim_start_matches(' ')
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '“' | '‘'))?;
    let close = args.find([')', '）'])?;
    let width = args[close..].chars().next().map_or(1, char::len_utf8);
    Some(text.len() - args.len() + close + width)
}

/// The length of a call of `form`, or of a slip for it, at the start of a
/// text: `form("…")`, `from(QR-XS-001)`, `form（"…"）`, `form["…"]`.
fn slip_for_form(text: &str) -> Option<usize> {
    let (name, rest) = name_at(text)?;
    if !near_form(name) {
        return None;
    }
    if let Some(len) = call_after(text) {
        return Some(len);
    }
    let (open, close) = match rest.chars().next()? {
        '(' => ('(', ')'),
        '（' => ('（', '）'),
        '[' => ('[', ']'),
        '［' => ('［', '］'),
        _ => return None,
    };
    let args = &rest[open.len_utf8()..];
    let end = args.find(close)?;
    Some(text.len() - args.len() + end + close.len_utf8())
}

/// A text with every form reference written one way, `{{form("NUMBER")}}`,
/// and without the spaces, tabs and line ends at its start and end, which
/// print as nothing (`|` and `>` end a text with a line end, `|-` and `>-`
/// do not): two texts that print alike but for these are the same text.
/// A full-width space (U+3000) prints, as a paragraph's indent does.
/// Characters never printed (see [`crate::escape::is_unprinted`]) are left
/// out too.
pub fn canonical(text: &str) -> String {
    let printed: String;
    let text = if text.chars().any(crate::escape::is_unprinted) {
        printed = text
            .chars()
            .filter(|&c| !crate::escape::is_unprinted(c))
            .collect();
        printed.as_str()
    } else {
        text
    };
    let text = text.trim_matches([' ', '\t', '\n', '\r']);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (span, inner) in tags(text) {
        if let Reference::Form(number) = reference(inner) {
            out.push_str(&text[done..span.start]);
            out.push_str(&format!("{{{{form(\"{number}\")}}}}"));
            done = span.end;
        }
    }
    out.push_str(&text[done..]);
    out
}

/// Every `{{ … }}` of a text: its span and what is inside, trimmed.
fn tags(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let open = from + text[from..].find("{{")?;
        let close = open + 2 + text[open + 2..].find("}}")?;
        from = close + 2;
        Some((open..close + 2, text[open + 2..close].trim()))
    })
}

/// What the inside of a `{{ … }}` is.
enum Reference<'a> {
    /// `form("NUMBER")`, with either kind of quotes.
    Form(&'a str),
    /// Starts like a form reference but is not one.
    Malformed,
    /// Anything else: text.
    Text,
}

fn reference(inner: &str) -> Reference<'_> {
    let args = inner
        .strip_prefix("form")
        .filter(|a| !a.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
    let Some(args) = args else {
        // Another name called with a quoted text, or a slip for `form`.
        return match call_after(inner).or_else(|| slip_for_form(inner)) {
            Some(_) => Reference::Malformed,
            None => Reference::Text,
        };
    };
    let args = args.trim_start();
    if !args.starts_with('(') {
        return match slip_for_form(inner) {
            Some(_) => Reference::Malformed,
            None => Reference::Text,
        };
    }
    let quoted = args
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .map(str::trim)
        .and_then(|a| {
            ['"', '\'']
                .into_iter()
                .find_map(|q| a.strip_prefix(q).and_then(|a| a.strip_suffix(q)))
        });
    match quoted {
        Some(number) if !number.is_empty() && !number.contains(['"', '\'']) => {
            Reference::Form(number)
        }
        _ => Reference::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expander() -> Expander {
        Expander::new(
            BTreeMap::from([("QR-XS-005".to_owned(), "销售台帐".to_owned())]),
            "《{title}》（{number}）",
        )
    }

    #[test]
    fn form_reference_renders_title_and_number() {
        let (text, refs) = expander()
            .expand(r#"登记于{{ form("QR-XS-005") }}。"#)
            .unwrap();
        assert_eq!(text, "登记于《销售台帐》（QR-XS-005）。");
        assert_eq!(refs, ["QR-XS-005"]);
    }

    #[test]
    fn unknown_form_is_an_error_with_a_suggestion() {
        let err = expander().expand(r#"{{ form("QR-XS-050") }}"#).unwrap_err();
        assert_eq!(
            err,
            ExpandError::UnknownForm {
                number: "QR-XS-050".into(),
                suggestion: Some("QR-XS-005".into())
            }
        );
    }

    #[test]
    fn template_syntax_that_is_not_a_reference_prints_as_written() {
        let text = "{{ 7*7 }} {% for x in y %} {# c #} {{ config }} {{";
        let (out, refs) = expander().expand(text).unwrap();
        assert_eq!(out, text);
        assert!(refs.is_empty());
    }

    #[test]
    fn malformed_reference_prints_as_written_and_is_remembered() {
        let e = expander();
        let (out, _) = e.expand("{{ form(QR-XS-005) }}").unwrap();
        assert_eq!(out, "{{ form(QR-XS-005) }}");
        assert_eq!(
            malformed("{{ form(QR-XS-005) }}"),
            ["{{ form(QR-XS-005) }}"]
        );
    }

    #[test]
    fn a_reference_misspelt_or_in_braces_that_do_not_pair_is_malformed() {
        for written in [
            r#"{{ from("QR-XS-005") }}"#,
            r#"{{ Form("QR-XS-005") }}"#,
            r#"{{forms('QR-XS-005')}}"#,
            r#"{{ form("QR-XS-005") }"#,
            r#"{ form("QR-XS-005") }}"#,
            r#"{form("QR-XS-005")}"#,
            r#"{{ form（"QR-XS-005"）}}"#,
            r#"{{ from(QR-XS-005) }}"#,
            r#"{{ form["QR-XS-005"] }}"#,
            r#"{{ form_("QR-XS-005") }}"#,
            r#"｛｛ form("QR-XS-005") ｝｝"#,
            r#"{ form(“QR-XS-005”) }}"#,
        ] {
            let text = format!("见{written}。");
            assert_eq!(malformed(&text), [written], "{text}");
            let (out, refs) = expander().expand(&text).unwrap();
            assert_eq!(out, text);
            assert!(refs.is_empty());
        }
        // Braces around other text, and a reference written right, are not.
        let text =
            r#"{{ 7*7 }} {x} {价格(元)} {{ form("QR-XS-005") }} {P("含税")} {ISO("9001")} {{"#;
        assert!(malformed(text).is_empty(), "{:?}", malformed(text));
        // Two slips in one text are both found, in order.
        assert_eq!(
            malformed(r#"{ form("A") }} 与 {{ from("B") }}"#),
            [r#"{ form("A") }}"#, r#"{{ from("B") }}"#]
        );
    }

    #[test]
    fn a_reference_is_canonical_however_it_is_spaced_or_quoted() {
        let one = canonical(r#"见{{ form("QR-XS-005") }}与{{form('QR-XS-005')}}。"#);
        assert_eq!(one, r#"见{{form("QR-XS-005")}}与{{form("QR-XS-005")}}。"#);
        assert_eq!(canonical("{{ 7*7 }} 价"), "{{ 7*7 }} 价");
        // A text's ends print as nothing; within it, its spaces are its own.
        assert_eq!(canonical("指标。\n"), "指标。");
        assert_eq!(canonical(" 指标。 "), "指标。");
        assert_eq!(canonical("甲\n乙"), "甲\n乙");
        assert_eq!(
            canonical("\u{3000}\u{3000}为加强"),
            "\u{3000}\u{3000}为加强"
        );
        // Never printed, so no change.
        assert_eq!(canonical("总则\u{200B}"), "总则");
    }

    #[test]
    fn text_without_references_is_unchanged() {
        let (text, refs) = expander().expand("#[x]* 不是代码").unwrap();
        assert_eq!(text, "#[x]* 不是代码");
        assert!(refs.is_empty());
    }
}

//! Finds the template line a line of generated Typst came from, so that a
//! Typst error points at what the user wrote rather than at a file ctrldoc
//! made.
//!
//! Templates are text with `{{ … }}`, `{% … %}` and `{# … #}` tags; the
//! text between the tags is copied to the output as it is. A generated line
//! is matched to the template line whose literal pieces all appear in it, in
//! order, with the most literal text.

use std::ops::Range;

/// A place in a template: its name and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The template's name, as its diagnostics name it.
    pub template: String,
    /// The byte range in the template's text.
    pub span: Range<usize>,
}

/// Finds where `line` of generated text came from among `templates` (name
/// and text). `snippet` is the part of the line the error is about; when the
/// template line contains it, the span covers just that.
pub fn find<'a>(
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
    line: &str,
    snippet: &str,
) -> Option<Origin> {
    let mut best: Option<(usize, Origin)> = None;
    for (name, text) in templates {
        let mut start = 0;
        for candidate in text.split_inclusive('\n') {
            let score = literal_score(candidate, line);
            let better = best.as_ref().is_none_or(|(s, _)| score > *s);
            if score >= 3 && better {
                let trimmed = candidate.trim_end();
                let span = match snippet {
                    "" => None,
                    s => trimmed.find(s).map(|i| start + i..start + i + s.len()),
                };
                let indent = trimmed.len() - trimmed.trim_start().len();
                let span = span.unwrap_or(start + indent..start + trimmed.len());
                best = Some((
                    score,
                    Origin {
                        template: name.to_owned(),
                        span,
                    },
                ));
            }
            start += candidate.len();
        }
    }
    best.map(|(_, origin)| origin)
}

/// How much literal text of a template line appears, in order, in a
/// generated line: 0 when any piece is missing.
fn literal_score(template_line: &str, generated: &str) -> usize {
    let mut score = 0;
    let mut from = 0;
    for piece in literal_pieces(template_line) {
        match generated[from..].find(piece) {
            Some(i) => {
                from += i + piece.len();
                score += piece.len();
            }
            None => return 0,
        }
    }
    score
}

/// The text between the tags of a template line, each piece trimmed.
fn literal_pieces(line: &str) -> Vec<&str> {
    let mut pieces = vec![];
    let mut rest = line;
    loop {
        let open = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|i| (i, *tag)))
            .min();
        let Some((at, tag)) = open else {
            pieces.push(rest);
            break;
        };
        pieces.push(&rest[..at]);
        let close = match tag {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[at + 2..].find(close) {
            Some(end) => rest = &rest[at + 2 + end + 2..],
            // A tag that goes on past the line: nothing more is literal.
            None => break,
        }
    }
    pieces
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "#import \"/forms/house.typ\": *\n\n#form-header(\n  title: [{{ form.title }}],\n)\n#blokk(width: {{ w }}pt)[{{ form.number }}]\n";

    #[test]
    fn generated_line_is_traced_to_the_template_line_with_its_literal_text() {
        let origin = find(
            [("forms/x.typ.j2", TEMPLATE)],
            "#blokk(width: 12pt)[QR-XS-001]",
            "blokk",
        )
        .unwrap();
        assert_eq!(origin.template, "forms/x.typ.j2");
        assert_eq!(&TEMPLATE[origin.span], "blokk");
    }

    #[test]
    fn lines_with_too_little_literal_text_are_not_guessed() {
        assert_eq!(find([("t", "{{ a }}\n]\n")], "]", "]"), None);
        assert_eq!(find([("t", TEMPLATE)], "#nothing-like-it()", ""), None);
    }

    #[test]
    fn tags_are_not_literal_text() {
        assert_eq!(
            literal_pieces("  a: [{{ x }}], {% if y %}b{% endif %} {# c #}"),
            ["a: [", "],", "b"]
        );
    }
}

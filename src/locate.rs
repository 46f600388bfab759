//! Finds where a value sits in a YAML file's text, so that problems found
//! after parsing still point at a line.

use std::ops::Range;

/// Finds the span of the last key of `keys`, looking for each key after the
/// one before it (e.g. `["approved", "date"]`).
pub fn key(text: &str, keys: &[&str]) -> Option<Range<usize>> {
    let mut from = 0;
    let mut found = None;
    for key in keys {
        let span = key_after(text, key, from)?;
        from = span.end;
        found = Some(span);
    }
    found
}

fn key_after(text: &str, key: &str, from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while let Some(i) = text[start..].find(key) {
        let at = start + i;
        let end = at + key.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let starts_key = matches!(before, None | Some(' ' | '\n' | '{' | ',' | '-' | '\t'));
        if starts_key && after == Some(':') {
            return Some(at..end);
        }
        start = end;
    }
    None
}

/// Finds the span of the first occurrence of `needle` at or after `from`.
pub fn text(text: &str, needle: &str, from: usize) -> Option<Range<usize>> {
    let from = from.min(text.len());
    text[from..]
        .find(needle)
        .map(|i| from + i..from + i + needle.len())
}

/// The span of a value's key, or of the file's start when it cannot be found.
pub fn key_or_start(text: &str, keys: &[&str]) -> Range<usize> {
    key(text, keys).unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_key_is_found_after_its_parent() {
        let yaml =
            "prepared: { name: a, date: 2016-01-01 }\napproved:\n  name: b\n  date: 2016-01-02\n";
        let span = key(yaml, &["approved", "date"]).unwrap();
        assert_eq!(&yaml[span.clone()], "date");
        assert!(span.start > yaml.find("approved").unwrap());
    }

    #[test]
    fn key_must_be_followed_by_a_colon() {
        assert_eq!(
            key("title: numbered\nnumber: X\n", &["number"]),
            Some(16..22)
        );
    }
}

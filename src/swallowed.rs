//! Finds a `key:` line indented under a plain value, which the YAML parser
//! reads on as part of that value: `effective: 2016-09-01` followed by
//! `  review_months: 12` gives `effective` the text
//! `2016-09-01 review_months: 12` and the document no review period.
//! YAML forbids `: ` inside a plain value, but the parser lets it pass.

use std::ops::Range;

/// A key swallowed by the plain value of the key (or list item) above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swallowed {
    /// The key indented under the value, e.g. `review_months`.
    pub key: Range<usize>,
    /// The key whose value it became part of, e.g. `effective`; for a list
    /// item, the item's text.
    pub owner: Range<usize>,
}

/// Every key that a plain value above it swallows, in the order written.
pub fn find(text: &str) -> Vec<Swallowed> {
    let mut found = vec![];
    // The plain value being read on: its owner and the column of its key,
    // beyond which a line continues it.
    let mut open: Option<(Range<usize>, usize)> = None;
    // Lines of a `|` or `>` text are text, however they look, while they
    // are indented beyond this column.
    let mut block: Option<usize> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(column) = block {
            if indent > column {
                continue;
            }
            block = None;
        }
        if let Some((owner, column)) = open.take()
            && indent > column
        {
            if let Some(key) = plain_key(content) {
                found.push(Swallowed {
                    key: at + indent..at + indent + key,
                    owner,
                });
            } else {
                // Text that goes on over several lines.
                open = Some((owner, column));
            }
            continue;
        }
        let (column, dash, rest) = after_dashes(content, indent);
        let (owner, value) = match plain_key(rest) {
            Some(len) => (
                at + column..at + column + len,
                rest[len + 1..].trim_start_matches(' '),
            ),
            None if column > indent => {
                let item = rest.trim_end();
                (at + column..at + column + item.len(), rest)
            }
            None => continue,
        };
        // A key's value goes on past the key's column; a list item's text,
        // past its dash's.
        let beyond = if value.len() == rest.len() {
            dash
        } else {
            column
        };
        match value.chars().next() {
            None | Some('#') => {}
            Some('|' | '>') => block = Some(beyond),
            Some('"' | '\'' | '[' | '{' | '&' | '*' | '!') => {}
            Some(_) => open = Some((owner, beyond)),
        }
    }
    found
}

/// The column a line's content starts at after any `- ` of list items, the
/// column of the last dash, and that content.
fn after_dashes(content: &str, indent: usize) -> (usize, usize, &str) {
    let mut column = indent;
    let mut dash = indent;
    let mut rest = content;
    while let Some(after) = rest.strip_prefix("- ").or(rest.strip_prefix("-\t")) {
        let trimmed = after.trim_start_matches(' ');
        dash = column;
        column += rest.len() - trimmed.len();
        rest = trimmed;
    }
    (column, dash, rest)
}

/// The length of the key when `content` starts with a plain key written as
/// YAML writes keys (`review_months:`, followed by a space or nothing).
fn plain_key(content: &str) -> Option<usize> {
    let len = content
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(content.len());
    let first = content.chars().next()?;
    let after = &content[len..];
    let ends = after == ":" || after.starts_with(": ") || after.starts_with(":\t");
    (len > 0 && (first.is_ascii_alphabetic() || first == '_') && ends).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Vec<(&str, &str)> {
        find(text)
            .into_iter()
            .map(|s| (&text[s.key], &text[s.owner]))
            .collect()
    }

    #[test]
    fn a_key_indented_under_a_plain_value_is_swallowed() {
        let yaml = "effective: 2016-09-01\n  review_months: 12\nhistory: []\n";
        assert_eq!(said(yaml), [("review_months", "effective")]);
        let yaml = "approved:\n  name: 陈堃\n    date: 2016-08-30\n";
        assert_eq!(said(yaml), [("date", "name")]);
        let yaml = "copies:\n- number: 1\n    holder: 销售部\n";
        assert_eq!(said(yaml), [("holder", "number")]);
        let yaml = "items:\n  - 贯彻执行\n    note: x\n";
        assert_eq!(said(yaml), [("note", "贯彻执行")]);
        let yaml = "- |\n  text\n- a\n   b: 1\n";
        assert_eq!(said(yaml), [("b", "a")]);
        // After text that goes on over lines.
        let yaml = "purpose: 规范\n  公司的销售\n  review_months: 12\n";
        assert_eq!(said(yaml), [("review_months", "purpose")]);
    }

    #[test]
    fn nested_blocks_and_text_are_not_swallowed() {
        for yaml in [
            "approved:\n  name: 陈堃\n  date: 2016-08-30\n",
            "copies:\n- number: 1\n  holder: 销售部\n- number: 2\n  holder: x\n",
            "purpose: 规范\n  公司的销售：见下\nreview_months: 12\n",
            "note: |\n  text\n    key: not a key\nnext: 1\n",
            "- >-\n    a: b\n",
            "title: '引用'\n",
            "approved: { name: 陈堃,\n   date: 2016-08-30 }\n",
            "body:\n  - title: 总则\n    paragraphs:\n      - 一\n",
            "# effective: x\n  review_months: 1\n",
            "url: http://x\n",
        ] {
            assert_eq!(said(yaml), [], "{yaml}");
        }
    }
}

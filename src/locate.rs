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

/// Whether `at` is in a comment: after a `#` that begins its line's
/// text or follows a space, outside quotes (`# storage: 销售部档案柜`,
/// `paper: a4  # pages:`; not `{ label: "序号 #1", width: 1 }`).
fn in_comment(text: &str, at: usize) -> bool {
    comment(&text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at]).is_some()
}

fn key_after(text: &str, key: &str, from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while let Some(i) = text[start..].find(key) {
        let at = start + i;
        let end = at + key.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let starts_key = matches!(before, None | Some(' ' | '\n' | '{' | ',' | '-' | '\t'))
            && !in_comment(text, at);
        if starts_key && after == Some(':') {
            return Some(at..end);
        }
        // Or in quotes, `"date":`.
        if let Some(q @ ('"' | '\'')) = before
            && text[end..].starts_with(q)
            && text[end + 1..].starts_with(':')
            && matches!(
                text[..at - 1].chars().next_back(),
                None | Some(' ' | '\n' | '{' | ',' | '-' | '\t')
            )
        {
            return Some(at - 1..end + 1);
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

/// The lines that say `key: value` and nothing else (besides the dash of a
/// list item, indentation, quotes around the value and a carriage return),
/// in order: the spans of `key: value`. `holder: 销售` is not found in
/// `holder: 销售部`.
pub fn items(text: &str, key: &str, value: &str) -> Vec<Range<usize>> {
    let mut found = vec![];
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches([' ', '\t']);
        let rest = rest
            .strip_prefix("- ")
            .map_or(rest, |r| r.trim_start_matches(' '));
        let at = start + body.len() - rest.len();
        if let Some((_, said)) = after_key(rest, key) {
            let said = said.trim_matches([' ', '\t']);
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| said.strip_prefix(*q).and_then(|s| s.strip_suffix(*q)))
                .unwrap_or(said);
            if unquoted == value {
                found.push(at..at + rest.trim_end_matches([' ', '\t']).len());
            }
        }
        start += line.len();
    }
    found
}

/// The span of the value of `key` in the list item whose first line is at
/// `item` (a span from [`items`]), looking no further than the item.
pub fn in_item(text: &str, item: &Range<usize>, key: &str) -> Option<Range<usize>> {
    let indent = |body: &str| body.len() - body.trim_start_matches([' ', '\t']).len();
    // The item begins at its dash: the line of `item`, or one above it
    // when the entry was written with other keys first.
    let mut begin = text[..item.start].rfind('\n').map_or(0, |i| i + 1);
    while !text[begin..]
        .trim_start_matches([' ', '\t'])
        .starts_with("- ")
        && begin > 0
    {
        let above = text[..begin - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[above..begin].trim_end_matches(['\n', '\r']);
        if indent(line) == 0 && !line.trim_start().starts_with("- ") {
            break;
        }
        begin = above;
    }
    let dash = indent(&text[begin..]);
    let mut start = begin;
    for (n, line) in text[begin..].split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches([' ', '\t']);
        // The next item, or the next key of the file, ends it; a list
        // nested in it (`reissued:`) does not.
        let next_item = rest.starts_with("- ") && indent(body) <= dash;
        if n > 0 && (next_item || (indent(body) == 0 && !rest.is_empty())) {
            return None;
        }
        let rest = rest
            .strip_prefix("- ")
            .map_or(rest, |r| r.trim_start_matches(' '));
        if let Some((_, value)) = after_key(rest, key) {
            let trimmed = value
                .trim_start_matches([' ', '\t'])
                .trim_end_matches([' ', '\t']);
            let at = start + body.len() - value.len()
                + (value.len() - value.trim_start_matches([' ', '\t']).len());
            return Some(at..at + trimmed.len());
        }
        start += line.len();
    }
    None
}

/// The span of the first line of item `index` (from 0) of the block list
/// under the top-level key `list`, e.g. the second pad of `pads:`.
pub fn list_item(text: &str, list: &str, index: usize) -> Option<Range<usize>> {
    // The key starts a line: not `list:` in a comment or inside a text.
    let key = content_lines(text, 0)
        .find(|(_, body, indent)| {
            *indent == 0
                && body
                    .strip_prefix(list)
                    .is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':'))
        })
        .map(|(at, ..)| at..at + list.len())?;
    let start = text[key.end..].find('\n')? + key.end + 1;
    let mut dash = None;
    let mut seen = 0;
    for (at, body, column) in content_lines(text, start) {
        let rest = &body[column..];
        let is_item = rest == "-" || rest.starts_with("- ");
        // The next top-level key ends the list.
        if column == 0 && !is_item {
            return None;
        }
        if !is_item || dash.is_some_and(|d| column != d) {
            continue;
        }
        dash = Some(column);
        if seen == index {
            return Some(at + column..at + body.len());
        }
        seen += 1;
    }
    None
}

/// The keys of item `index` (from 0) of the block list under the key
/// `list`, when the item is a block mapping: each key's name and span, in
/// the order written.
pub fn item_keys(text: &str, list: &str, index: usize) -> Vec<(String, Range<usize>)> {
    let Some(first) = list_item(text, list, index) else {
        return vec![];
    };
    let line_start = text[..first.start].rfind('\n').map_or(0, |i| i + 1);
    let dash = first.start - line_start;
    let after_dash = &text[first.start + 1..first.end];
    let column = dash + 1 + after_dash.len() - after_dash.trim_start_matches(' ').len();
    let mut keys = vec![];
    for (n, (at, body, indent)) in content_lines(text, line_start).enumerate() {
        if n > 0 && indent <= dash {
            break;
        }
        let content = &body[column.min(body.len())..];
        if (n == 0 || indent == column)
            && let Some(len) = content.find(':').filter(|&len| {
                len > 0
                    && content[..len]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && content[len + 1..].chars().next().is_none_or(|c| c == ' ')
            })
        {
            keys.push((content[..len].to_owned(), at + column..at + column + len));
        }
    }
    keys
}

/// One step of a path into a YAML file: a key of a mapping, or an item of
/// a list, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of this key.
    Key(&'a str),
    /// This item.
    Item(usize),
}

/// The span of what is at `path` in a file written in YAML's block style
/// (`body[1].sections[0].items[2]`): for a key, its value when written on
/// its line, else the key; for an item, its line from its dash. `None` when
/// the path cannot be followed, e.g. into a list written `[…]`.
pub fn path(text: &str, path: &[Step]) -> Option<Range<usize>> {
    let lines: Vec<(usize, &str, usize)> = content_lines(text, 0).collect();
    // The lines of what is followed into, and the column its first line's
    // content starts at (past the dash of an item, or the key before it).
    let (mut from, mut to, mut first) = (0, lines.len(), lines.first().map_or(0, |l| l.2));
    let mut span = None;
    let column = |l: usize, from: usize, first: usize| if l == from { first } else { lines[l].2 };
    for (k, step) in path.iter().enumerate() {
        if from >= to {
            return None;
        }
        // A list written `[…]` or a mapping written `{…}`: the rest of the
        // path is followed through its text.
        let (at, body, _) = lines[from];
        if body[first..].starts_with(['[', '{']) {
            return flow(text, at + first, &path[k..]);
        }
        match *step {
            Step::Key(key) => {
                let (found, written, value) = (from..to).find_map(|l| {
                    let at = column(l, from, first);
                    let (written, value) =
                        after_key(&lines[l].1[at..], key).filter(|_| at == first)?;
                    (value.is_empty() || value.starts_with([' ', '\t']))
                        .then_some((l, written, value))
                })?;
                let (at, body, _) = lines[found];
                let key_at = column(found, from, first);
                let trimmed = value.trim();
                let inline = !trimmed.is_empty() && !trimmed.starts_with('#');
                if inline {
                    let start = at + body.len() - value.trim_start().len();
                    let written = value.trim_start();
                    // Without a comment after it; a `[…]` or `{…}` whole,
                    // though it goes on over more lines.
                    let end = match written.starts_with(['[', '{']) {
                        true => flow_end(text, start),
                        false => None,
                    }
                    .unwrap_or_else(|| {
                        let line = &written[..comment(written).unwrap_or(written.len())];
                        start + line.trim_end().len()
                    });
                    span = Some(start..end);
                    (from, to, first) = (found, found + 1, start - at);
                } else {
                    span = Some(at + key_at..at + key_at + written);
                    // Its value: the lines below it indented more, or its
                    // list's items at its own indentation.
                    let end = (found + 1..to)
                        .find(|&l| {
                            let (_, body, indent) = lines[l];
                            indent < key_at || (indent == key_at && !is_dash(&body[indent..]))
                        })
                        .unwrap_or(to);
                    let next = lines.get(found + 1).map_or(0, |l| l.2);
                    (from, to, first) = (found + 1, end, next);
                }
            }
            Step::Item(index) => {
                let dash = first;
                if !is_dash(&lines[from].1[dash..]) {
                    return None;
                }
                let items: Vec<usize> = (from..to)
                    .filter(|&l| column(l, from, first) == dash && is_dash(&lines[l].1[dash..]))
                    .collect();
                let found = *items.get(index)?;
                let (at, body, _) = lines[found];
                // Without a comment after it.
                let line = &body[dash..];
                let end = comment(line).map_or(line.len(), |c| line[..c].trim_end().len());
                span = Some(at + dash..at + dash + end);
                let end = (found + 1..to).find(|&l| lines[l].2 <= dash).unwrap_or(to);
                let rest = &body[dash + 1..];
                if rest.trim().is_empty() {
                    // Its content, if any, is on the lines below the dash.
                    let next = lines.get(found + 1).map_or(0, |l| l.2);
                    (from, to, first) = (found + 1, end, next);
                } else {
                    let content = dash + 1 + rest.len() - rest.trim_start().len();
                    (from, to, first) = (found, end, content);
                }
            }
        }
    }
    span
}

/// The span of the last key of `steps` (a table's `columns:`), its value
/// written on its line or not; else of the nearest place above it that can
/// be found, as [`path`] finds it.
pub fn key_or_above(text: &str, steps: &[Step]) -> Option<Range<usize>> {
    let found = (1..=steps.len())
        .rev()
        .find_map(|n| path(text, &steps[..n]))?;
    let Some(Step::Key(key)) = steps.last() else {
        return Some(found);
    };
    let written = text[..found.start]
        .trim_end_matches([' ', '\t'])
        .strip_suffix(':')
        .map(|b| b.trim_end_matches([' ', '\t']))
        .and_then(|head| {
            let at = head.rfind([' ', '\t', '\n', '{', ',']).map_or(0, |i| i + 1);
            let len = written_key(&head[at..], key).filter(|&len| at + len == head.len())?;
            Some(at..at + len)
        });
    Some(written.unwrap_or(found))
}

/// How long `key` is as written at the start of `line`, bare or in quotes
/// (`"height"`, which YAML reads alike).
fn written_key(line: &str, key: &str) -> Option<usize> {
    match line.strip_prefix(key) {
        Some(_) => Some(key.len()),
        None => ['"', '\''].into_iter().find_map(|q| {
            line.strip_prefix(q)?.strip_prefix(key)?.strip_prefix(q)?;
            Some(key.len() + 2)
        }),
    }
}

/// How long `key` is as written at the start of `line`, bare or in quotes,
/// and what follows it and its colon, spaces allowed before the colon:
/// `None` when `line` does not start with the key.
fn after_key<'a>(line: &'a str, key: &str) -> Option<(usize, &'a str)> {
    let len = written_key(line, key)?;
    let value = line[len..]
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')?;
    Some((len, value))
}

/// Where a comment starts in a line's text: at a `#` after a space or a
/// tab, outside quotes.
fn comment(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut before = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"')
                if matches!(before, ' ' | '\t' | '[' | '{' | ',' | ':') || i == 0 =>
            {
                quote = Some(c)
            }
            (Some(q), c) if c == q => quote = None,
            (None, '#') if matches!(before, ' ' | '\t') => return Some(i),
            _ => {}
        }
        before = c;
    }
    None
}

/// The top-level parts of the `[…]` or `{…}` that starts at `start`: for a
/// list its items, for a mapping its entries (`key: value`), each without
/// the spaces, line breaks and comments around it; and where it ends,
/// past its closing bracket. `None` when it is not closed.
fn flow_parts(text: &str, start: usize) -> Option<(Vec<Range<usize>>, usize)> {
    let mut parts = vec![];
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut part = None::<Range<usize>>;
    let mut chars = text[start..].char_indices().peekable();
    let mut before = ' ';
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if let Some(q) = quote {
            if c == q {
                // `''` inside '…' is a quote, not its end.
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            } else if q == '"' && c == '\\' {
                chars.next();
            }
            if let Some(p) = &mut part {
                p.end = start + chars.peek().map_or(text.len() - start, |&(j, _)| j);
            }
            before = c;
            continue;
        }
        match c {
            '[' | '{' if depth == 0 && i == 0 => depth = 1,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    parts.extend(part.take());
                    return Some((parts, at + 1));
                }
            }
            ',' if depth == 1 => {
                parts.extend(part.take());
                before = c;
                continue;
            }
            '#' if matches!(before, ' ' | '\t' | '\n') => {
                // A comment, to the end of its line.
                while chars.peek().is_some_and(|&(_, n)| n != '\n') {
                    chars.next();
                }
                before = ' ';
                continue;
            }
            '\'' | '"' if part.is_none() || matches!(before, ' ' | ':') => quote = Some(c),
            _ => {}
        }
        if depth >= 1 && i > 0 && !c.is_whitespace() {
            let end = at + c.len_utf8();
            match &mut part {
                Some(p) => p.end = end,
                None => part = Some(at..end),
            }
        }
        before = c;
    }
    None
}

/// Where the `[…]` or `{…}` that starts at `start` ends, past its closing
/// bracket.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    flow_parts(text, start).map(|(_, end)| end)
}

/// The span of what is at `path` in the `[…]` or `{…}` that starts at
/// `start`, as [`path`] gives it.
fn flow(text: &str, start: usize, path: &[Step]) -> Option<Range<usize>> {
    let (step, rest) = path.split_first()?;
    let (parts, _) = flow_parts(text, start)?;
    let value = match (*step, text[start..].starts_with('[')) {
        (Step::Item(n), true) => parts.get(n)?.clone(),
        (Step::Key(key), false) => parts.iter().find_map(|p| {
            let entry = &text[p.clone()];
            let (_, value) = after_key(entry, key)?;
            let skipped = entry.len() - value.trim_start().len();
            Some(p.start + skipped..p.end)
        })?,
        _ => return None,
    };
    if rest.is_empty() {
        return Some(value);
    }
    if text[value.clone()].starts_with(['[', '{']) {
        flow(text, value.start, rest)
    } else {
        None
    }
}

/// Whether a line's content is a list item's dash.
fn is_dash(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// The lines of `text` from `from` on that are neither blank nor only a
/// comment: where each starts, its text without the line break, and its
/// indentation.
fn content_lines(text: &str, from: usize) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut start = from;
    text[from..].split_inclusive('\n').filter_map(move |line| {
        let at = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches(' ');
        (!rest.is_empty() && !rest.starts_with('#')).then_some((at, body, body.len() - rest.len()))
    })
}

/// The span of a value's key, or of the file's start when it cannot be found.
pub fn key_or_start(text: &str, keys: &[&str]) -> Range<usize> {
    key(text, keys).unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_in_a_comment_is_not_found_but_one_after_a_quoted_hash_is() {
        let text = "# storage: 甲\npaper: a4  # pages: 2\ncols: { label: \"序号 #1\", width: 1 }\nstorage: 乙\n";
        let found = |k: &str| key(text, &[k]).map(|span| span.start);
        assert_eq!(found("storage"), text.rfind("storage"));
        assert_eq!(found("pages"), None);
        assert_eq!(found("width"), text.find("width"));
    }

    #[test]
    fn a_path_is_followed_through_keys_and_items() {
        let text = "# 正文\nnumber: X\nbody:\n  - title: 总则\n    items:\n      - 甲\n      -\n      - ~\n    sections:\n    - title: 术语 # 注\n      paragraphs: [a, b]\n      items:\n        - |\n          长\n        - 乙\n  -\n    title:\n    items:\n    - 丙\n";
        let at = |steps: &[Step]| path(text, steps).map(|span| &text[span]);
        use Step::{Item, Key};
        assert_eq!(at(&[Key("number")]), Some("X"));
        assert_eq!(at(&[Key("body"), Item(0), Key("title")]), Some("总则"));
        assert_eq!(
            at(&[Key("body"), Item(0), Key("items"), Item(1)]),
            Some("-")
        );
        assert_eq!(
            at(&[Key("body"), Item(0), Key("items"), Item(2)]),
            Some("- ~")
        );
        // A list at its key's own indentation; a comment after a value.
        let title = [Key("body"), Item(0), Key("sections"), Item(0), Key("title")];
        assert_eq!(at(&title), Some("术语"));
        let item = [
            Key("body"),
            Item(0),
            Key("sections"),
            Item(0),
            Key("items"),
            Item(1),
        ];
        assert_eq!(at(&item), Some("- 乙"));
        // A list written `[…]` is followed into, item by item.
        let flow = [
            Key("body"),
            Item(0),
            Key("sections"),
            Item(0),
            Key("paragraphs"),
        ];
        assert_eq!(at(&flow), Some("[a, b]"));
        assert_eq!(
            at(&[flow[0], flow[1], flow[2], flow[3], flow[4], Item(1)]),
            Some("b")
        );
        assert_eq!(
            at(&[flow[0], flow[1], flow[2], flow[3], flow[4], Item(2)]),
            None
        );
        // An item whose keys start on the line below its dash.
        assert_eq!(at(&[Key("body"), Item(1), Key("title")]), Some("title"));
        assert_eq!(
            at(&[Key("body"), Item(1), Key("items"), Item(0)]),
            Some("- 丙")
        );
        assert_eq!(at(&[Key("body"), Item(2)]), None);
        assert_eq!(at(&[Key("body"), Item(0), Key("tables")]), None);
    }

    #[test]
    fn a_path_is_followed_into_lists_and_mappings_written_in_brackets() {
        let text = "labels: [甲,\n  '乙, 丙',  # 注\n  ~, \"x]\"]\ncolumns:\n  - { width: 1,\n      label: null }\n  - {label: [a, {b: c}]}\nnote: 文 # 注\n";
        let at = |steps: &[Step]| path(text, steps).map(|span| &text[span]);
        use Step::{Item, Key};
        assert_eq!(at(&[Key("labels"), Item(1)]), Some("'乙, 丙'"));
        assert_eq!(at(&[Key("labels"), Item(2)]), Some("~"));
        assert_eq!(at(&[Key("labels"), Item(3)]), Some("\"x]\""));
        assert_eq!(at(&[Key("labels"), Item(4)]), None);
        // Each on its own line, where it is written.
        let null = path(text, &[Key("columns"), Item(0), Key("label")]).unwrap();
        let line = text[..null.start].matches('\n').count() + 1;
        assert_eq!((&text[null], line), ("null", 6));
        let nested = [Key("columns"), Item(1), Key("label"), Item(1), Key("b")];
        assert_eq!(at(&nested), Some("c"));
        let whole = "[甲,\n  '乙, 丙',  # 注\n  ~, \"x]\"]";
        assert_eq!(at(&[Key("labels")]), Some(whole));
        // A comment after a value is not the value's.
        assert_eq!(at(&[Key("note")]), Some("文"));
        let label = key_or_above(text, &[Key("columns"), Item(0), Key("label")]);
        assert_eq!(label.map(|span| &text[span]), Some("label"));
    }

    #[test]
    fn the_keys_of_a_list_item_are_found_in_order() {
        let text = "body:\n  - title: 总则\n    sections:\n      - title: 术语\n    items:\n      - a\n  - title: 二\n    items: [b]\nnext: 1\n";
        let names = |index| -> Vec<String> {
            item_keys(text, "body", index)
                .into_iter()
                .map(|(k, span)| {
                    assert_eq!(&text[span], k);
                    k
                })
                .collect()
        };
        assert_eq!(names(0), ["title", "sections", "items"]);
        // Not `body:` in a comment or a text above it.
        let commented = format!("# body: 正文\nsummary: 'the body: x'\n{text}");
        assert_eq!(item_keys(&commented, "body", 1).len(), 2);
        assert_eq!(names(1), ["title", "items"]);
        assert!(names(2).is_empty());
    }

    #[test]
    fn items_are_found_by_their_whole_value_and_keys_within_their_item() {
        let yaml = "copies:\r\n- number: 1\r\n  holder: 销售部\r\n- number: 2\r\n  holder: 销售\r\n- number: 12\r\n  holder: '财务部'\r\n";
        let ones = items(yaml, "number", "1");
        assert_eq!(ones.len(), 1);
        assert_eq!(&yaml[ones[0].clone()], "number: 1");
        let two = &items(yaml, "number", "2")[0];
        let holder = in_item(yaml, two, "holder").unwrap();
        assert_eq!(&yaml[holder], "销售");
        assert_eq!(
            &yaml[items(yaml, "holder", "销售")[0].clone()],
            "holder: 销售"
        );
        let twelve = &items(yaml, "number", "12")[0];
        assert_eq!(&yaml[in_item(yaml, twelve, "holder").unwrap()], "'财务部'");
        assert_eq!(items(yaml, "holder", "财务部").len(), 1);
        // Not past the item's end.
        let yaml = "- number: 1\n  version: A/0\n- number: 2\n  holder: x\n";
        assert_eq!(
            in_item(yaml, &items(yaml, "number", "1")[0], "holder"),
            None
        );
        // Past a list nested in it, and before the key it was found by.
        let yaml = "copies:\n- number: 1\n  reissued:\n  - 2016-10-01\n  holder: a\n- holder: b\n  number: 2\n";
        assert_eq!(
            &yaml[in_item(yaml, &items(yaml, "number", "1")[0], "holder").unwrap()],
            "a"
        );
        assert_eq!(
            &yaml[in_item(yaml, &items(yaml, "number", "2")[0], "holder").unwrap()],
            "b"
        );
    }

    #[test]
    fn list_items_are_found_by_their_place() {
        let yaml = "form: X\npads:\n- year: 1\n  first: 1\n\n- year: 2\n  notes:\n  - a\nvoids:\n  - serial: S\n";
        let line = |list, n| list_item(yaml, list, n).map(|span| &yaml[span]);
        assert_eq!(line("pads", 0), Some("- year: 1"));
        assert_eq!(line("pads", 1), Some("- year: 2"));
        assert_eq!(line("pads", 2), None);
        assert_eq!(line("voids", 0), Some("- serial: S"));
        assert_eq!(line("voids", 1), None);
        assert_eq!(line("form", 0), None);
    }

    #[test]
    fn nested_key_is_found_after_its_parent() {
        let yaml =
            "prepared: { name: a, date: 2016-01-01 }\napproved:\n  name: b\n  date: 2016-01-02\n";
        let span = key(yaml, &["approved", "date"]).unwrap();
        assert_eq!(&yaml[span.clone()], "date");
        assert!(span.start > yaml.find("approved").unwrap());
    }

    #[test]
    fn a_key_in_quotes_is_found_as_written() {
        let yaml = "blocks:\n  - area: { \"label\": 意见, 'height': 300 }\n  - \"table\":\n      \"rows\": 0\n";
        use Step::{Item, Key};
        let at = |steps: &[Step]| path(yaml, steps).map(|span| &yaml[span]);
        let area = [Key("blocks"), Item(0), Key("area"), Key("height")];
        assert_eq!(at(&area), Some("300"));
        let table = [Key("blocks"), Item(1), Key("table"), Key("rows")];
        assert_eq!(at(&table), Some("0"));
        let span = key_or_above(yaml, &table).unwrap();
        assert_eq!(&yaml[span], "\"rows\"");
        let span = key(yaml, &["area", "height"]).unwrap();
        assert_eq!(&yaml[span], "'height'");
        assert_eq!(key("a: { \"b\" : 1 }", &["b"]), None);
        let spaced = "area: { \"height\" : 300 }\n";
        let span = key_or_above(spaced, &[Key("area"), Key("height")]).unwrap();
        assert_eq!(&spaced[span], "\"height\"");
        let listed = "departments:\n  - id: ZJB\n  - \"id\": XS\n  - 'id' : XS\n";
        let found: Vec<&str> = items(listed, "id", "XS")
            .into_iter()
            .map(|s| &listed[s])
            .collect();
        assert_eq!(found, ["\"id\": XS", "'id' : XS"]);
    }

    #[test]
    fn key_must_be_followed_by_a_colon() {
        assert_eq!(
            key("title: numbered\nnumber: X\n", &["number"]),
            Some(16..22)
        );
    }
}

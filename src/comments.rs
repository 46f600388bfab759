//! The comments a controller writes in a register or a ledger (`# 张三代领`),
//! kept when the tool writes the file again: the file is written whole from
//! its records, and each comment goes back with the line it was on, or
//! above, where that line is still written.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// An entry of the file: a line, with the lines that belong to its value
/// (a block scalar's `|` text, a quoted text over several lines), and what
/// the controller wrote beside it.
struct Unit<'a> {
    /// Its lines without the comment at the end of the first.
    lines: Vec<&'a str>,
    /// What it is compared by: its lines without their indentation, as a
    /// file indented otherwise (`  - number: 1`) writes the same records.
    said: String,
    /// The comment at the end of its first line, with the spaces before it
    /// (`  # 张三代领`).
    comment: Option<&'a str>,
    /// The comment lines and blank lines right above it.
    above: Vec<&'a str>,
}

/// What was carried over: the text to write, and the comments that were on
/// lines no longer written as they were.
pub struct Carried {
    pub text: String,
    pub lost: Vec<String>,
}

/// `new` (`header` then the records as written now), with the comments of
/// `old`, the file as it is, put back.
pub fn carried(old: &str, header: &str, new: &str) -> Carried {
    let old = old.strip_prefix('\u{feff}').unwrap_or(old);
    let newline = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let (units, end) = read(old, header);
    let mut lost = vec![];
    if units
        .iter()
        .all(|u| u.comment.is_none() && u.above.is_empty())
        && end.is_empty()
    {
        let text = format!("{header}{new}");
        return Carried {
            text: text.replace('\n', newline),
            lost,
        };
    }
    let (written, _) = read(new, "");
    let old_said: Vec<&str> = units.iter().map(|u| u.said.as_str()).collect();
    let new_said: Vec<&str> = written.iter().map(|u| u.said.as_str()).collect();
    // The old entry each new one is, where it is one; and where the lines
    // above each old entry go: above the new entry it is, or, written no
    // more, above the one written in its place.
    let mut was: Vec<Option<usize>> = vec![None; written.len()];
    let mut placed: Vec<usize> = vec![written.len(); units.len()];
    for op in capture_diff_slices(Algorithm::Myers, &old_said, &new_said) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    was[new_index + k] = Some(old_index + k);
                    placed[old_index + k] = new_index + k;
                }
            }
            // An entry changed (`state: issued` now `state: returned`)
            // keeps its comment: the first of the same key in the entries
            // changed, in order.
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let mut from = new_index;
                for i in old_index..old_index + old_len {
                    let open = |j: &usize| was[*j].is_none();
                    let found = match flow_head(&units[i].said) {
                        // Its first key and value, as written out now.
                        Some(head) => (from..new_index + new_len)
                            .filter(open)
                            .find(|&j| written[j].said.lines().next() == Some(head.as_str())),
                        None => key(&units[i].said).and_then(|own| {
                            (from..new_index + new_len)
                                .filter(open)
                                .find(|&j| key(&written[j].said) == Some(own))
                        }),
                    };
                    match found {
                        Some(j) => {
                            was[j] = Some(i);
                            placed[i] = j;
                            from = j + 1;
                        }
                        None => placed[i] = from.min(new_index + new_len - 1),
                    }
                }
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                placed[old_index..old_index + old_len].fill(new_index);
            }
            DiffOp::Insert { .. } => {}
        }
    }
    let mut text = header.to_owned();
    let mut next = 0;
    let mut put_above = |text: &mut String, upto: usize| {
        while next < units.len() && placed[next] <= upto {
            for line in &units[next].above {
                text.push_str(line);
                text.push('\n');
            }
            next += 1;
        }
    };
    for (j, unit) in written.iter().enumerate() {
        put_above(&mut text, j);
        for (n, line) in unit.lines.iter().enumerate() {
            text.push_str(line);
            if n == 0
                && let Some(comment) = was[j].and_then(|i| units[i].comment)
            {
                text.push_str(comment);
            }
            text.push('\n');
        }
    }
    put_above(&mut text, written.len());
    for line in end {
        text.push_str(line);
        text.push('\n');
    }
    let kept: std::collections::HashSet<usize> = was.iter().flatten().copied().collect();
    for (i, unit) in units.iter().enumerate() {
        if let Some(comment) = unit.comment.filter(|_| !kept.contains(&i)) {
            lost.push(format!("{}{comment}", unit.lines[0].trim()));
        }
    }
    Carried {
        text: text.replace('\n', newline),
        lost,
    }
}

/// The entries of a file, past the header the tool writes, and the comment
/// lines after the last.
fn read<'a>(text: &'a str, header: &str) -> (Vec<Unit<'a>>, Vec<&'a str>) {
    let header: Vec<&str> = header.lines().collect();
    let mut units: Vec<Unit> = vec![];
    let mut above = vec![];
    let mut at_start = true;
    // The indentation past which a block scalar's lines run, or the quote
    // a text over several lines is to be closed by.
    let mut block: Option<usize> = None;
    let mut quote: Option<char> = None;
    for raw in text.lines() {
        let raw = raw.trim_end_matches('\r');
        let bare = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        if let Some(unit) = units.last_mut() {
            if let Some(open) = quote {
                unit.lines.push(raw);
                if crate::lint::close_at(raw, open).is_some() {
                    quote = None;
                }
                continue;
            }
            if let Some(past) = block {
                if bare.is_empty() || indent > past {
                    unit.lines.push(raw);
                    continue;
                }
                block = None;
            }
        }
        if bare.is_empty() || bare.starts_with('#') {
            // The header is written anew, whatever it said.
            if !(at_start && (bare.is_empty() || header.contains(&raw))) {
                above.push(raw);
            }
            continue;
        }
        // `---` alone is no record.
        if at_start && bare == "---" {
            continue;
        }
        at_start = false;
        let (line, comment) = match comment_at(raw) {
            Some(at) => (
                raw[..at].trim_end(),
                Some(&raw[raw[..at].trim_end().len()..]),
            ),
            None => (raw.trim_end(), None),
        };
        let value = value_of(line);
        if value.starts_with(['|', '>'])
            && value[1..]
                .chars()
                .all(|c| matches!(c, '-' | '+' | '0'..='9'))
        {
            block = Some(key_column(line));
        } else if let Some(open) = value.chars().next().filter(|c| matches!(c, '"' | '\''))
            && crate::lint::close_at(&value[1..], open).is_none()
        {
            quote = Some(open);
        }
        units.push(Unit {
            lines: vec![line],
            said: String::new(),
            comment,
            above: std::mem::take(&mut above),
        });
    }
    for unit in &mut units {
        unit.said = unit
            .lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join("\n");
    }
    (units, above)
}

/// The column a line's key starts at, past its indentation and `- `.
fn key_column(line: &str) -> usize {
    let mut at = line.len() - line.trim_start().len();
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    at
}

/// A line's value: what follows its key's `: ` (or the line past `- `, for
/// an item with no key).
fn value_of(line: &str) -> &str {
    let at = key_column(line);
    let rest = &line[at..];
    match rest.find(": ") {
        Some(colon) if !rest[..colon].contains(['"', '\'', '{', '[']) => rest[colon + 1..].trim(),
        _ if rest.ends_with(':') => "",
        _ => rest.trim(),
    }
}

/// Where the comment at the end of a line starts: the first ` #` past the
/// line's key, past a quoted value.
pub(crate) fn comment_at(line: &str) -> Option<usize> {
    let mut at = key_column(line);
    // A plain key (`state:`), and the spaces after it.
    let colon = line[at..]
        .find(": ")
        .or_else(|| line[at..].ends_with(':').then(|| line.len() - at - 1));
    if let Some(colon) = colon
        && !line[at..at + colon].contains(['"', '\'', '#', '{', '['])
    {
        at += colon + 1;
    }
    at += line[at..].len() - line[at..].trim_start().len();
    if let Some(quote) = line[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))
    {
        at += 1 + crate::lint::close_at(&line[at + 1..], quote)?;
    }
    // After a space: a `#` within a word is text.
    let rest = &line[at..];
    rest.match_indices('#')
        .map(|(i, _)| at + i)
        .find(|&i| line[..i].ends_with([' ', '\t']))
}

/// The key of an entry as compared (`state:`), if it has one.
fn key(said: &str) -> Option<&str> {
    let first = said.lines().next()?;
    let colon = first
        .find(": ")
        .or_else(|| first.ends_with(':').then(|| first.len() - 1))?;
    Some(&first[..=colon])
}

/// Of an entry written flow-style by hand, `- {number: 1, …}`, which is
/// written back key by key, the line its first key is written on then:
/// `- number: 1`, where its comment goes.
fn flow_head(said: &str) -> Option<String> {
    let inside = said
        .lines()
        .next()?
        .strip_prefix("- ")?
        .trim_start()
        .strip_prefix('{')?;
    let first = &inside[..inside.find([',', '}']).unwrap_or(inside.len())];
    let (key, value) = first.split_once(':')?;
    Some(format!("- {}: {}", key.trim(), value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "# Distribution register of X, kept by ctrldoc.\n";

    #[test]
    fn comments_stay_with_their_lines() {
        let old = "# Distribution register of X, kept by ctrldoc.\n\
                   document: X\n\
                   copies:\n\
                   # 第一份\n\
                   - number: 1\n  holder: 销售部  # 张三代领\n  state: issued # 电话确认\n\
                   - number: 2\n  holder: '#2 室' # 旧名\n  state: issued\n\
                   # 末尾\n";
        let new = "document: X\ncopies:\n- number: 1\n  holder: 销售部\n  state: returned\n- number: 2\n  holder: '#2 室'\n  state: issued\n- number: 3\n  holder: 财务部\n  state: issued\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            "# Distribution register of X, kept by ctrldoc.\n\
             document: X\n\
             copies:\n\
             # 第一份\n\
             - number: 1\n  holder: 销售部  # 张三代领\n  state: returned # 电话确认\n\
             - number: 2\n  holder: '#2 室' # 旧名\n  state: issued\n\
             - number: 3\n  holder: 财务部\n  state: issued\n\
             # 末尾\n"
        );
        assert!(carried.lost.is_empty());
    }

    #[test]
    fn comments_of_lines_written_no_more_are_said() {
        let old = "document: X\nnote: 旧 # 待删\n# 上方\ncopies: []\n";
        let new = "document: X\ncopies: []\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            format!("{HEADER}document: X\n# 上方\ncopies: []\n")
        );
        assert_eq!(carried.lost, vec!["note: 旧 # 待删".to_owned()]);
    }

    #[test]
    fn comments_of_entries_written_flow_style_stay() {
        let old = "document: X\ncopies:\n- {number: 1, holder: 销售部, state: issued}  # 张三代领\n- { number: 2, holder: 财务部, state: issued } # 电话确认\n";
        let new = "document: X\ncopies:\n- number: 1\n  holder: 销售部\n  state: returned\n- number: 2\n  holder: 财务部\n  state: issued\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            format!(
                "{HEADER}document: X\ncopies:\n- number: 1  # 张三代领\n  holder: 销售部\n  state: returned\n- number: 2 # 电话确认\n  holder: 财务部\n  state: issued\n"
            )
        );
        assert!(carried.lost.is_empty(), "{:?}", carried.lost);
    }

    /// Matched by its first key's value too: one whose first key is not
    /// `number` loses its comment, said, and does not take another's
    /// (found by a reviewer: copy 5's comment went to copy 4).
    #[test]
    fn a_flow_style_comment_goes_to_its_own_entry_or_is_said() {
        let old = "copies:\n- {holder: 仓储部, number: 4, state: issued}  # 四号\n- {number: 5, holder: 品质部, state: issued}  # 五号\n";
        let new = "copies:\n- number: 4\n  holder: 仓储部\n  state: returned\n- number: 5\n  holder: 品质部\n  state: issued\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            format!(
                "{HEADER}copies:\n- number: 4\n  holder: 仓储部\n  state: returned\n- number: 5  # 五号\n  holder: 品质部\n  state: issued\n"
            )
        );
        assert_eq!(
            carried.lost,
            vec!["- {holder: 仓储部, number: 4, state: issued}  # 四号".to_owned()]
        );
    }

    #[test]
    fn no_comments_no_change() {
        let new = "document: X\ncopies: []\n";
        assert_eq!(
            carried("document: Y\n", HEADER, new).text,
            format!("{HEADER}{new}")
        );
        assert_eq!(carried("", HEADER, new).text, format!("{HEADER}{new}"));
    }

    /// A `#` line of a block scalar, or of a quoted text over several
    /// lines, is its text, not a comment (found by a reviewer: it was put
    /// back again after the text, once more at each write).
    #[test]
    fn texts_over_several_lines_are_no_comments() {
        let old = "copies:\n- number: 1\n  note: |\n    第一行\n    # 正文\n    第三行 # 也是正文\n  state: issued # 在外\n- number: 2\n  note: \"一\n    # 二\"\n  state: issued\n";
        let new = "copies:\n- number: 1\n  note: |\n    第一行\n    # 正文\n    第三行 # 也是正文\n  state: returned\n- number: 2\n  note: \"一\n    # 二\"\n  state: issued\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            format!(
                "{HEADER}{}",
                new.replace("state: returned", "state: returned # 在外")
            )
        );
        assert!(carried.lost.is_empty(), "{:?}", carried.lost);
    }

    /// A file indented otherwise than the tool writes it keeps its comments
    /// with their entries (found by a reviewer: they moved to the last).
    #[test]
    fn comments_of_a_file_indented_otherwise_stay() {
        let old = "copies:\n  # 一\n  - number: 1\n    state: issued # s1\n  # 二\n  - number: 2\n    state: issued\n";
        let new = "copies:\n- number: 1\n  state: issued\n- number: 2\n  state: returned\n- number: 3\n  state: issued\n";
        let carried = carried(old, HEADER, new);
        assert_eq!(
            carried.text,
            format!(
                "{HEADER}copies:\n  # 一\n- number: 1\n  state: issued # s1\n  # 二\n- number: 2\n  state: returned\n- number: 3\n  state: issued\n"
            )
        );
        assert!(carried.lost.is_empty());
    }

    /// A byte-order mark is no part of the header; a file with CRLF line
    /// ends keeps them.
    #[test]
    fn a_bom_and_crlf_are_read_as_the_file_is() {
        let old =
            "\u{feff}# Distribution register of X, kept by ctrldoc.\r\ndocument: X # 文件\r\n";
        let carried = carried(old, HEADER, "document: X\n");
        assert_eq!(
            carried.text,
            "# Distribution register of X, kept by ctrldoc.\r\ndocument: X # 文件\r\n"
        );
    }

    #[test]
    fn hashes_in_values_are_no_comments() {
        assert_eq!(comment_at("  holder: '#2 室' # 旧名"), Some(19));
        assert_eq!(comment_at("  holder: \"a # b\""), None);
        assert_eq!(comment_at("  note: 第#3号"), None);
        assert_eq!(comment_at("copies: # 全部"), Some(8));
        assert_eq!(comment_at("- 2026-01-02 # 重印"), Some(13));
        assert_eq!(comment_at("  - number: 1   # n1"), Some(16));
    }
}

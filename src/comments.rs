//! The comments a controller writes in a register or a ledger (`# 张三代领`),
//! kept when the tool writes the file again: the file is written whole from
//! its records, and each comment goes back with the line it was on, or
//! above, where that line is still written.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A line of the file as it was: its content, and what it had beside it.
struct Line<'a> {
    /// The line without its comment, as the records would write it.
    content: &'a str,
    /// The comment at its end, with the spaces before it (`  # 张三代领`).
    comment: Option<&'a str>,
    /// The comment lines and blank lines right above it.
    above: Vec<&'a str>,
}

/// What was carried over: the text to write, and the comments that were on
/// lines written no more, or changed past recognising.
pub struct Carried {
    pub text: String,
    pub lost: Vec<String>,
}

/// `new` (`header` then the records as written now), with the comments of
/// `old`, the file as it is, put back.
pub fn carried(old: &str, header: &str, new: &str) -> Carried {
    let (lines, end) = read(old, header);
    let mut text = header.to_owned();
    let mut lost = vec![];
    if lines
        .iter()
        .all(|l| l.comment.is_none() && l.above.is_empty())
        && end.is_empty()
    {
        text.push_str(new);
        return Carried { text, lost };
    }
    let new_lines: Vec<&str> = new.lines().collect();
    let old_content: Vec<&str> = lines.iter().map(|l| l.content).collect();
    let new_content: Vec<&str> = new_lines.iter().map(|l| l.trim_end()).collect();
    // The old line each new line was, where it was one.
    let mut was: Vec<Option<usize>> = vec![None; new_lines.len()];
    for op in capture_diff_slices(Algorithm::Myers, &old_content, &new_content) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    was[new_index + k] = Some(old_index + k);
                }
            }
            // A line changed (`state: issued` now `state: returned`) keeps
            // its comment: the first line of the same key in the lines
            // changed, in order.
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let mut from = new_index;
                for i in old_index..old_index + old_len {
                    let found = (from..new_index + new_len)
                        .find(|&j| was[j].is_none() && key(new_content[j]) == key(old_content[i]));
                    if let Some(j) = found.filter(|_| key(old_content[i]).is_some()) {
                        was[j] = Some(i);
                        from = j + 1;
                    }
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
    // Each old line is put once, in order: the comments above a line not
    // written again go above the next line that is.
    let mut next_old = 0;
    for (j, line) in new_lines.iter().enumerate() {
        if let Some(i) = was[j].filter(|&i| i >= next_old) {
            for gone in &lines[next_old..i] {
                text.extend(gone.above.iter().map(|a| format!("{a}\n")));
                lost.extend(gone.comment.map(|c| format!("{}{c}", gone.content.trim())));
            }
            text.extend(lines[i].above.iter().map(|a| format!("{a}\n")));
            text.push_str(line);
            text.push_str(lines[i].comment.unwrap_or(""));
            next_old = i + 1;
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    for gone in &lines[next_old..] {
        text.extend(gone.above.iter().map(|a| format!("{a}\n")));
        lost.extend(gone.comment.map(|c| format!("{}{c}", gone.content.trim())));
    }
    text.extend(end.iter().map(|a| format!("{a}\n")));
    Carried { text, lost }
}

/// The lines of the file as it was, past the header the tool writes, and
/// the comment lines after the last.
fn read<'a>(old: &'a str, header: &str) -> (Vec<Line<'a>>, Vec<&'a str>) {
    let header: Vec<&str> = header.lines().collect();
    let mut lines = vec![];
    let mut above = vec![];
    let mut at_start = true;
    for raw in old.lines() {
        let raw = raw.trim_end_matches('\r');
        let bare = raw.trim();
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
        let (content, comment) = match comment_at(raw) {
            Some(at) => (
                raw[..at].trim_end(),
                Some(&raw[raw[..at].trim_end().len()..]),
            ),
            None => (raw.trim_end(), None),
        };
        lines.push(Line {
            content,
            comment,
            above: std::mem::take(&mut above),
        });
    }
    (lines, above)
}

/// Where the comment at the end of a line starts: the first ` #` past the
/// line's key, past a quoted value.
fn comment_at(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let mut at = indent;
    while line[at..].starts_with("- ") {
        at += 2;
    }
    // A plain key (`state:`), and the spaces after it.
    if let Some(colon) = line[at..]
        .find(": ")
        .or_else(|| line[at..].ends_with(':').then(|| line.len() - at - 1))
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

/// The indentation and key of a line (`  state:`), if it has one.
fn key(line: &str) -> Option<&str> {
    let colon = line
        .find(": ")
        .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
    Some(&line[..=colon])
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
    fn no_comments_no_change() {
        let new = "document: X\ncopies: []\n";
        assert_eq!(
            carried("document: Y\n", HEADER, new).text,
            format!("{HEADER}{new}")
        );
        assert_eq!(carried("", HEADER, new).text, format!("{HEADER}{new}"));
    }

    #[test]
    fn hashes_in_values_are_no_comments() {
        assert_eq!(comment_at("  holder: '#2 室' # 旧名"), Some(19));
        assert_eq!(comment_at("  holder: \"a # b\""), None);
        assert_eq!(comment_at("  note: 第#3号"), None);
        assert_eq!(comment_at("copies: # 全部"), Some(8));
        assert_eq!(comment_at("- 2026-01-02 # 重印"), Some(13));
    }
}

//! Changes to a document's YAML made by the tool (`revise`, `approve`), done
//! on the text so that the author's layout and comments stay as they were:
//! only the top-level entries that change are rewritten.

use std::ops::Range;

/// A YAML text being edited.
pub struct Edit {
    text: String,
    newline: &'static str,
}

impl Edit {
    /// Starts editing `text`.
    pub fn new(text: &str) -> Self {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut text = text.to_owned();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(newline);
        }
        Self { text, newline }
    }

    /// The edited text.
    pub fn finish(self) -> String {
        self.text
    }

    /// Sets the top-level entry `key` to `value` (a YAML value on one line),
    /// or removes it when `value` is `None`. A new entry goes after the first
    /// of `after` that exists, else at the end.
    pub fn set(&mut self, key: &str, value: Option<&str>, after: &[&str]) {
        let old = entry(&self.text, key);
        // A comment at the end of a one-line entry stays with its new value.
        let comment = old
            .clone()
            .and_then(|range| trailing_comment(&self.text[range]))
            .map_or(String::new(), |c| format!(" {c}"));
        let line = value.map(|v| format!("{key}: {v}{comment}{}", self.newline));
        match (old, line) {
            (Some(range), Some(line)) => self.text.replace_range(range, &line),
            (Some(range), None) => self.text.replace_range(range, ""),
            (None, Some(line)) => {
                let at = after
                    .iter()
                    .find_map(|k| entry(&self.text, k))
                    .map_or(self.text.len(), |r| r.end);
                self.text.insert_str(at, &line);
            }
            (None, None) => {}
        }
    }

    /// Appends an item to the block sequence of the top-level entry `key`;
    /// the item is given as `key: value` lines. A new entry goes after the
    /// first of `after` that exists, else at the end.
    pub fn push(&mut self, key: &str, item: &[(&str, String)], after: &[&str]) {
        let range = entry(&self.text, key).unwrap_or_else(|| {
            let at = after
                .iter()
                .find_map(|k| entry(&self.text, k))
                .map_or(self.text.len(), |r| r.end);
            let line = format!("{key}:{}", self.newline);
            self.text.insert_str(at, &line);
            at..at + line.len()
        });
        let body = &self.text[range.clone()];
        // Indent like the items already there (two spaces when there are none).
        let indent = body
            .lines()
            .skip(1)
            .find_map(|l| {
                let rest = l.trim_start_matches(' ');
                (rest.starts_with("- ") || rest == "-").then_some(l.len() - rest.len())
            })
            .unwrap_or(2);
        let pad = " ".repeat(indent);
        let mut lines = String::new();
        for (i, (k, v)) in item.iter().enumerate() {
            let lead = if i == 0 { "- " } else { "  " };
            lines.push_str(&format!("{pad}{lead}{k}: {v}{}", self.newline));
        }
        // An empty flow sequence (`history: []`) becomes a block sequence.
        let first_line_end = body.find('\n').map_or(body.len(), |i| i + 1);
        let first = &body[..first_line_end];
        // `key: []`, perhaps with a comment after it.
        let empty = first
            .trim_end()
            .strip_prefix(&format!("{key}:"))
            .and_then(|rest| rest.trim_start().strip_prefix("[]"))
            .map(str::trim)
            .filter(|after| after.is_empty() || after.starts_with('#'));
        if let Some(comment) = empty {
            let comment = match comment {
                "" => String::new(),
                c => format!(" {c}"),
            };
            let replaced = format!("{key}:{comment}{}", self.newline);
            self.text
                .replace_range(range.start..range.start + first_line_end, &replaced);
            let end = range.end - first_line_end + replaced.len();
            self.text.insert_str(end, &lines);
        } else {
            self.text.insert_str(range.end, &lines);
        }
    }
}

/// The comment that ends a one-line entry (`status: effective # 已批准`,
/// `title: '#1' # 旧名`), from its `#`; none when the value is in brackets
/// or a block scalar, where a `#` may be text.
fn trailing_comment(entry: &str) -> Option<&str> {
    let line = entry.trim_end_matches(['\n', '\r']);
    if line.contains('\n') {
        return None;
    }
    let value = line.split_once(':')?.1.trim_start_matches([' ', '\t']);
    if value.starts_with(['{', '[', '|', '>']) {
        return None;
    }
    crate::comments::comment_at(line).map(|at| line[at..].trim())
}

/// The bytes of the top-level entry `key`: its line and every line that
/// belongs to its value, up to and including the last line's end.
fn entry(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        match start {
            None => {
                let is_key = content.strip_prefix(key).is_some_and(|rest| {
                    rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t")
                });
                if is_key {
                    start = Some(here);
                    end = offset;
                }
            }
            Some(_) => {
                let blank = content.trim().is_empty();
                let nested =
                    content.starts_with([' ', '\t']) || content.starts_with("- ") || content == "-";
                if blank || (content.starts_with('#')) {
                    continue;
                }
                if nested {
                    end = offset;
                } else {
                    break;
                }
            }
        }
    }
    start.map(|s| s..end)
}

/// Tells whether an edited text reads back as the text before it, but for
/// the top-level entries `changed`, and `grown`, a sequence that may only
/// have items added at its end: that an edit lost nothing else.
pub fn keeps_the_rest(before: &str, after: &str, changed: &[&str], grown: &str) -> bool {
    use serde_yaml::Value;
    let read = |text: &str| serde_yaml::from_str::<serde_yaml::Mapping>(text).ok();
    // As an edit starts: ended with a newline, which a block scalar (`|`)
    // at the end of a file without one gains.
    let before = Edit::new(before).finish();
    let (Some(before), Some(after)) = (read(&before), read(after)) else {
        return false;
    };
    // A sequence's items; none for an entry that is not there or empty.
    let items = |value: Option<&Value>| match value {
        None | Some(Value::Null) => Some(vec![]),
        Some(Value::Sequence(items)) => Some(items.clone()),
        Some(_) => None,
    };
    before.keys().chain(after.keys()).all(|key| {
        let (old, new) = (before.get(key), after.get(key));
        match key.as_str() {
            Some(k) if changed.contains(&k) => true,
            Some(k) if k == grown => {
                matches!((items(old), items(new)), (Some(old), Some(new)) if new.starts_with(&old))
            }
            _ => old == new,
        }
    })
}

/// A string as a YAML scalar: plain when that reads back the same, else
/// double-quoted.
pub fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains(['\n', '\r', '\t', '{', '}', '[', ']', ','])
        && serde_yaml::from_str::<serde_yaml::Value>(value)
            .is_ok_and(|v| v.as_str() == Some(value));
    if plain {
        value.to_owned()
    } else {
        serde_json::to_string(value).expect("a string serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "number: XS-ZD-001  # 编号\nversion: A/0\nstatus: effective\nprepared: { name: 李珺, date: 2016-08-22 }\napproved:\n  name: 陈堃\n  date: 2016-08-30\n\n# the record\nhistory:\n  - version: A/0\n    date: 2016-09-01\nbody:\n  - title: 总则\n";

    #[test]
    fn a_comment_at_the_end_of_a_value_stays() {
        let mut e = Edit::new(
            "status: effective  # 已批准\nnote: '# x' # y\nv: \"a \\\" #\"\neffective: '2016''s' #z\n",
        );
        e.set("status", Some("draft"), &[]);
        e.set("note", Some("z"), &[]);
        e.set("v", Some("b"), &[]);
        e.set("effective", Some("2017-01-01"), &[]);
        assert_eq!(
            e.finish(),
            "status: draft # 已批准\nnote: z # y\nv: b\neffective: 2017-01-01 #z\n"
        );
    }

    #[test]
    fn entries_are_replaced_removed_and_added_in_place() {
        let mut e = Edit::new(DOC);
        e.set("version", Some("A/1"), &[]);
        e.set("approved", None, &[]);
        e.set(
            "reviewed",
            Some("{ name: 王喆, date: 2016-08-26 }"),
            &["prepared"],
        );
        e.set("effective", None, &[]);
        let text = e.finish();
        assert_eq!(
            text,
            "number: XS-ZD-001  # 编号\nversion: A/1\nstatus: effective\nprepared: { name: 李珺, date: 2016-08-22 }\nreviewed: { name: 王喆, date: 2016-08-26 }\n\n# the record\nhistory:\n  - version: A/0\n    date: 2016-09-01\nbody:\n  - title: 总则\n"
        );
    }

    #[test]
    fn items_are_appended_with_the_same_indent() {
        let mut e = Edit::new(DOC);
        e.push(
            "history",
            &[("version", "A/1".into()), ("date", "2017-03-01".into())],
            &[],
        );
        let text = e.finish();
        assert!(
            text.contains("    date: 2016-09-01\n  - version: A/1\n    date: 2017-03-01\nbody:"),
            "{text}"
        );
        let mut e = Edit::new("history: []\nbody: x\n");
        e.push("history", &[("version", "A/0".into())], &[]);
        assert_eq!(e.finish(), "history:\n  - version: A/0\nbody: x\n");
        let mut e = Edit::new("history: []   # 修订记录\nbody: x\n");
        e.push("history", &[("version", "A/0".into())], &[]);
        assert_eq!(
            e.finish(),
            "history: # 修订记录\n  - version: A/0\nbody: x\n"
        );
        // A new sequence goes where it is asked to.
        let mut e = Edit::new(DOC);
        e.push(
            "reviews",
            &[("name", "王喆".into())],
            &["missing", "status"],
        );
        assert!(
            e.finish()
                .contains("status: effective\nreviews:\n  - name: 王喆\nprepared:"),
        );
    }

    #[test]
    fn an_edit_keeps_the_rest_only_when_nothing_else_changed() {
        let mut e = Edit::new(DOC);
        e.set("version", Some("A/1"), &[]);
        e.set("approved", None, &[]);
        e.push("history", &[("version", "A/1".into())], &[]);
        let edited = e.finish();
        let changed = ["version", "approved"];
        assert!(keeps_the_rest(DOC, &edited, &changed, "history"));
        // Not when the history is not what it was with items after it.
        assert!(!keeps_the_rest(DOC, &edited, &changed, ""));
        let rewritten = edited.replace("version: A/0", "version: A/9");
        assert!(!keeps_the_rest(DOC, &rewritten, &changed, "history"));
        // Nor when an entry it did not mean to change is lost or changed.
        let lost = edited.replace("body:\n  - title: 总则\n", "");
        assert!(!keeps_the_rest(DOC, &lost, &changed, "history"));
        let changed_number = edited.replace("XS-ZD-001", "XS-ZD-002");
        assert!(!keeps_the_rest(DOC, &changed_number, &changed, "history"));
        // Nor when it does not read back at all.
        assert!(!keeps_the_rest(DOC, "version: [", &changed, "history"));
        // A file without a final newline gains one, which a block scalar
        // at its end reads back with.
        let unended = "version: A/0\nbody: |\n  总则";
        let mut e = Edit::new(unended);
        e.set("version", Some("A/1"), &[]);
        assert!(keeps_the_rest(unended, &e.finish(), &["version"], ""));
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let mut e = Edit::new("version: A/0\r\nstatus: effective\r\n");
        e.set("status", Some("draft"), &[]);
        assert_eq!(e.finish(), "version: A/0\r\nstatus: draft\r\n");
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("李珺"), "李珺");
        assert_eq!(scalar("A/1"), "A/1");
        assert_eq!(scalar("修订: 4.3"), "\"修订: 4.3\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("12"), "\"12\"");
        assert_eq!(scalar("~"), "\"~\"");
        assert_eq!(scalar("#1"), "\"#1\"");
        assert_eq!(scalar("a\nb"), "\"a\\nb\"");
    }
}

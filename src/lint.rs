//! Finds, from a YAML file's text alone, the slips of hand-written YAML that
//! the parser lets pass or explains at the wrong line:
//! - a `key:` indented under a plain value, which the parser reads on as
//!   part of it (`effective: 2016-09-01` then `  review_months: 12` gives a
//!   date of `2016-09-01 review_months: 12` and no review period), though
//!   YAML forbids `: ` inside a plain value;
//! - a key indented between a list item's `- ` and its first key;
//! - a line lined up with a list's items that has no `- `;
//! - a key written with a full-width colon `：` or with no space after `:`,
//!   and a key in `{ }` written with `：`;
//! - a line indented with full-width spaces;
//! - a `---` that starts a second document;
//! - a `{` or `[` not closed on its line;
//! - a full-width comma inside `[ ]` or `{ }`;
//! - a text starting with `{{` not in quotes;
//! - a ` #` that cuts a Chinese text short;
//! - a Chinese text that goes on over lines, which YAML joins with a space.

use std::ops::Range;

/// One slip, with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// An error makes the file unreadable; a warning does not.
    pub error: bool,
    /// What it is, without where.
    pub message: String,
    /// Where.
    pub span: Range<usize>,
    /// Another place that explains it.
    pub also: Option<(Range<usize>, &'static str)>,
    /// What to do.
    pub hint: String,
    /// What it is and what to do, in Chinese, for the audit report of a
    /// Chinese set (a warning's; see `Diagnostic::chinese`); `{at}` in what
    /// it is stands for where.
    pub chinese: Option<(String, String)>,
}

/// A list item the lines below may belong to.
struct Item {
    /// The column of its `- `.
    dash: usize,
    /// The column its content starts at.
    column: usize,
    /// The span of its first key, when it starts with one.
    key: Option<Range<usize>>,
    /// Whether its `- ` was said to be out of line: once, for all its keys.
    said: bool,
}

/// Every slip in `text`, in the order written.
pub fn find(text: &str) -> Vec<Finding> {
    let mut found = vec![];
    // The plain value being read on: its owner, the column beyond which a
    // line continues it, and whether a continuation was already said.
    let mut open: Option<(Range<usize>, usize, bool)> = None;
    // A key with no value on its line, and its column: a line indented
    // further that is no key nor item starts its value.
    let mut bare: Option<(Range<usize>, usize)> = None;
    // Lines of a `|` or `>` text are text, however they look, while they
    // are indented beyond its column.
    let mut block: Option<Block> = None;
    // A `{` or `[` still open at the end of a line, and how it goes on.
    let mut flowing: Option<(Range<usize>, Scan)> = None;
    let mut items: Vec<Item> = vec![];
    // The quote of a quoted text that goes on past its line.
    let mut quoted: Option<char> = None;
    let mut seen_content = false;
    // After `...`, a `---` starts the next document as it should.
    let mut ended = false;
    let mut after_blank = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if let Some(q) = quoted {
            // A quoted text written over lines ends at its closing quote.
            if closes(body, q) {
                quoted = None;
            }
            continue;
        }
        if let Some((_, scan)) = &mut flowing {
            if scan.feed(body, at, &mut found) {
                flowing = None;
            }
            continue;
        }
        if content.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let blank_above = std::mem::take(&mut after_blank);
        if content.starts_with('#') {
            continue;
        }
        if let Some(b) = &mut block {
            if indent > b.column {
                // `>` joins two lines of one indent with a space, which
                // prints between Chinese characters.
                if b.folded
                    && !b.said
                    && !blank_above
                    && b.last.is_some_and(|(c, was)| was == indent && is_cjk(c))
                    && content.chars().next().is_some_and(is_cjk)
                {
                    b.said = true;
                    found.push(Finding {
                        error: false,
                        message: "a `>` text joins this line to the one above it with a space, which prints between the Chinese characters".into(),
                        span: at + indent..at + body.len(),
                        also: None,
                        chinese: Some((
                            "`>` 文字把这一行与上一行用一个空格连起来，空格会印在汉字之间，位于 {at}".into(),
                            "把这段文字写在一行内；另起一段，就在 `paragraphs:` 下另写一项".into(),
                        )),
                        hint: "write the text on one line; a paragraph of its own is an item of its own under `paragraphs:`, as a blank line inside a text prints as a space too".into(),
                    });
                }
                b.last = content.trim_end().chars().next_back().map(|c| (c, indent));
                continue;
            }
            block = None;
        }
        if indent == 0 && content.starts_with('%') && !seen_content {
            // A directive, e.g. `%YAML 1.1`.
            continue;
        }
        if indent == 0 && (content == "..." || content.starts_with("... ")) {
            ended = true;
            continue;
        }
        if indent == 0 && (content == "---" || content.starts_with("--- ")) {
            if seen_content && !ended {
                found.push(Finding {
                    error: true,
                    message: "`---` starts a second YAML document here".into(),
                    span: at..at + 3,
                    also: None,
                    chinese: None,
                    hint: "a file holds one document: delete this line".into(),
                });
            }
            ended = false;
            continue;
        }
        seen_content = true;
        if let Some((owner, column)) = bare.take()
            && indent > column
            && !content.starts_with("- ")
            && content != "-"
            && !any_key(content)
        {
            // The value of the key above, begun on a line of its own.
            match content.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    if !closes(&content[1..], q) {
                        quoted = Some(q);
                    }
                }
                Some(c @ ('|' | '>')) => block = Some(Block::new(column, c)),
                Some('{' | '[') => {
                    let mut scan = Scan::default();
                    if !scan.feed(body, at, &mut found) {
                        flowing = Some((at + indent..at + indent + 1, scan));
                    }
                }
                _ => open = Some((owner, column, true)),
            }
            continue;
        }
        let continued = open.take();
        // Lined up with the key whose text is above it: YAML reads it as
        // the next key, and stops at the line after it for want of a `:`.
        if let Some((owner, column, _)) = &continued
            && indent == *column
            && text[owner.end..].starts_with(':')
            && !content.starts_with("- ")
            && content != "-"
            && !any_key(content)
            && !key_written_wrong(content)
            && !content.starts_with([
                '"', '\'', '{', '[', '?', ':', '&', '*', '!', '|', '>', '#', '%', '@', '`',
            ])
        {
            let key = &text[owner.clone()];
            let go_on = format!(
                "to go on with the text of `{key}:`, write this at the end of that text, on the line of `{key}:`"
            );
            found.push(Finding {
                error: true,
                message: format!(
                    "this line is lined up with `{key}:`, so YAML reads it as a key, and finds no `:` after it"
                ),
                span: at + indent..at + body.len(),
                also: Some((owner.clone(), "the key it is lined up with")),
                chinese: None,
                hint: match colon_left_out(content) {
                    // `retention 3年`: a key of its own, its `:` left out
                    // (reviewer BJ).
                    Some((word, rest)) => {
                        format!("if `{word}` is a key, write `{word}: {rest}`; {go_on}")
                    }
                    None => go_on,
                },
            });
            continue;
        }
        if let Some((owner, column, said)) = continued
            && indent > column
        {
            if let Some(key) = plain_key(content) {
                let name = &content[..key];
                let owner_column =
                    owner.start - text[..owner.start].rfind('\n').map_or(0, |i| i + 1);
                if owner_is_out_of_line(text, owner.start, indent) {
                    // `rows:` one space left of the keys above it, and the
                    // key below it lined up with them: `rows:` is the slip.
                    let owner_name = &text[owner.clone()];
                    found.push(Finding {
                        error: true,
                        message: format!(
                            "`{owner_name}:` is not lined up with the keys above and below it, so YAML reads `{name}:` as part of its value"
                        ),
                        // Written after a `- `, it is the dash that is out
                        // of line: moving the key alone would part them.
                        hint: if text[..owner.start].ends_with("- ") && indent >= 2 {
                            format!(
                                "indent the `- ` before it {} spaces (it is {}), so that `{owner_name}:` lines up with the keys beside it",
                                indent - 2,
                                owner_column.saturating_sub(2)
                            )
                        } else {
                            format!(
                                "indent `{owner_name}:` {indent} spaces, as far as the keys beside it (it is {owner_column})"
                            )
                        },
                        span: owner,
                        also: Some((at + indent..at + indent + key, "read as part of its value")),
                        chinese: None,
                    });
                } else {
                    found.push(Finding {
                        error: true,
                        message: format!(
                            "`{name}:` is indented under {}, so YAML reads it as part of the value above it",
                            owner_name(&text[owner.clone()], text[owner.end..].starts_with(':'))
                        ),
                        span: at + indent..at + indent + key,
                        hint: format!(
                            "indent `{name}:` as far as the keys beside it; if it is text, put the whole value in quotes"
                        ),
                        also: Some((owner, "the value it runs on from")),
                        chinese: None,
                    });
                }
            } else {
                let before = text[..at].trim_end().chars().next_back();
                let joined_in_chinese =
                    before.is_some_and(is_cjk) && content.chars().next().is_some_and(is_cjk);
                let an_item = content.starts_with("- ");
                // Under a key's text, not an item's: the key holds one text,
                // and no list lines up with it.
                let keyed = text[owner.end..]
                    .starts_with(':')
                    .then(|| &text[owner.clone()]);
                if !said && !blank_above && (joined_in_chinese || an_item) {
                    let message = if an_item {
                        "this `- ` is indented under the text above it, so YAML reads it as part of that text, not as an item".to_owned()
                    } else {
                        "this line goes on with the text above it, and YAML joins the two with a space".to_owned()
                    };
                    // An item read as text is a list printed as one item.
                    found.push(Finding {
                        error: an_item,
                        message,
                        span: at + indent..at + body.len(),
                        also: Some((owner.clone(), "the text it goes on from")),
                        chinese: Some(if an_item {
                            (
                                "这个 `- ` 缩进在上一行文字之下，YAML 把它读作那段文字的一部分，而不是一项，位于 {at}".into(),
                                match keyed {
                                    Some(key) => format!(
                                        "`{key}:` 只有一段文字：去掉这一行的 `- `，把它接在 `{key}:` 那一行的文字后面"
                                    ),
                                    None => "将 `- ` 与旁边各项的 `- ` 对齐".into(),
                                },
                            )
                        } else {
                            (
                                "这一行接续上一行的文字，YAML 会用一个空格把两行连起来，位于 {at}".into(),
                                match keyed {
                                    Some(_) => "把这段文字写在一行内".into(),
                                    None => "把这段文字写在一行内；如这一行是单独的一项，请以 `- ` 开头".into(),
                                },
                            )
                        }),
                        hint: match (an_item, keyed) {
                            (true, Some(key)) => one_text(key),
                            (true, None) => "line the `- ` up with the `- ` of the items beside it".into(),
                            // A key's one text has no items.
                            (false, Some(_)) => "write the text on one line".into(),
                            (false, None) => {
                                "write the text on one line; if this line is an item of its own, start it with `- `".into()
                            }
                        },
                    });
                }
                // Text that goes on over several lines.
                open = Some((owner, column, true));
            }
            continue;
        }
        if content.starts_with('\u{3000}') {
            let wide = content.len() - content.trim_start_matches('\u{3000}').len();
            found.push(Finding {
                error: true,
                message: "a full-width space (U+3000) indents this line".into(),
                span: at + indent..at + indent + wide,
                also: None,
                chinese: None,
                hint: "indent YAML with ordinary spaces; a Chinese input method types `　`".into(),
            });
            continue;
        }
        let (column, dash, rest) = after_dashes(content, indent);
        let is_item = column > indent;
        // `- ` alone (or with a comment): the item's content is on the lines
        // below, at a column of their own.
        let rest = if is_item && rest.starts_with('#') {
            ""
        } else {
            rest
        };
        let opens_below = is_item && rest.trim().is_empty();
        // The items this line is not inside: an item ends at the next line
        // as far left as its dash.
        while items
            .last()
            .is_some_and(|item| item.dash > indent || (is_item && item.dash == indent))
        {
            items.pop();
        }
        if !is_item && items.last().is_some_and(|item| item.dash == indent) {
            if !any_key(rest)
                && !rest.starts_with(['"', '\'', '{', '[', '?', ':', '&', '*', '!', '|', '>'])
                && rest != "-"
            {
                // Items that start with a key are blocks: an item of
                // text alone among them is no item of theirs.
                let hint = match items.last().and_then(|item| item.key.clone()) {
                    Some(key) => {
                        let key = &text[key];
                        format!(
                            "the item above starts with a key, `- {key}:`: to add an item like it, write `- {key}: ` before this text; to go on with the text above, write this at the end of that text, on its line"
                        )
                    }
                    None => "start it with `- ` to make it an item; to go on with the item above, put that item's text on one line".into(),
                };
                found.push(Finding {
                    error: true,
                    message:
                        "this line is lined up with the list's items but does not start with `- `"
                            .into(),
                    span: at + indent..at + body.len(),
                    also: None,
                    chinese: None,
                    hint,
                });
                continue;
            }
            // A key after a list written as far left as its own key.
            items.pop();
        }
        if !is_item
            && let Some(item) = items.last()
            && indent < item.column
            && let Some(len) = plain_key(rest)
        {
            if item.said {
                continue;
            }
            let key = &rest[..len];
            // Lined up with the keys of the items beside it, whose `- ` is
            // further left than this one's: it is that `- ` that is out of
            // line, and moving the key would part it from its item.
            let beside = items
                .len()
                .checked_sub(2)
                .map(|i| &items[i])
                .filter(|b| b.column == indent && b.dash < item.dash && item.dash < b.column);
            if let (Some(b), Some(first)) = (beside, &item.key) {
                let dash_at = first.start - (item.column - item.dash);
                found.push(Finding {
                    error: true,
                    message: format!(
                        "this `- ` is indented {} spaces, further than the `- ` of the items beside it, so YAML cannot read its keys below it",
                        item.dash
                    ),
                    span: dash_at..dash_at + 1,
                    also: Some((at + indent..at + indent + len, "lined up with the items beside it")),
                    hint: format!("indent the `- ` {} spaces, as the items beside it", b.dash),
                    chinese: None,
                });
                if let Some(item) = items.last_mut() {
                    item.said = true;
                }
                continue;
            }
            found.push(Finding {
                error: true,
                message: match &item.key {
                    Some(first) => format!(
                        "`{key}:` is not lined up with `{}:` of the same item",
                        &text[first.clone()]
                    ),
                    None => format!("`{key}:` is not lined up with the item above it"),
                },
                span: at + indent..at + indent + len,
                also: item
                    .key
                    .clone()
                    .map(|first| (first, "the item's first key")),
                hint: format!(
                    "indent it {} spaces, as far as the first key after the `- `",
                    item.column
                ),
                chinese: None,
            });
            continue;
        }
        if is_item && !opens_below {
            items.push(Item {
                dash,
                column,
                key: plain_key(rest).map(|len| at + column..at + column + len),
                said: false,
            });
        }
        // After a `- `, only a key ctrldoc knows there, or any key when the
        // next line goes on with a key at its column: the item is a mapping.
        if (!is_item
            || item_key_before_wide_colon(rest)
            || (ascii_word(rest).is_some() && sibling_key_below(&text[start..], column)))
            && let Some(slip) = colon_slip(rest)
        {
            let (len, message, hint) = slip;
            found.push(Finding {
                error: true,
                message,
                span: at + column..at + column + len,
                also: None,
                chinese: None,
                hint,
            });
            continue;
        }
        let (owner, value) = match plain_key(rest) {
            Some(len) => (
                at + column..at + column + len,
                without_properties(rest[len + 1..].trim_start_matches([' ', '\t'])),
            ),
            None if is_item => {
                let item = rest.trim_end();
                (at + column..at + column + item.len(), rest)
            }
            None => continue,
        };
        let value = if value.len() == rest.len() {
            value
        } else {
            without_properties(value)
        };
        let value_at = at + body.len() - value.len();
        // A key's value goes on past the key's column; a list item's text,
        // past its dash's.
        let beyond = if value.len() == rest.len() {
            dash
        } else {
            column
        };
        match value.chars().next() {
            None | Some('#') => {
                if value.len() != rest.len() {
                    bare = Some((owner, beyond));
                }
            }
            Some(c @ ('|' | '>')) => block = Some(Block::new(beyond, c)),
            Some('{') if value.starts_with("{{") => found.push(Finding {
                error: true,
                message: "a text that starts with `{{` must be in quotes".into(),
                span: value_at..value_at + 2,
                also: None,
                chinese: None,
                hint: "YAML reads `{ … }` as `key: value` pairs: put the whole text in single quotes, e.g. `- '{{ form(\"NUMBER\") }} …'`".into(),
            }),
            Some('{' | '[') => {
                let mut scan = Scan::default();
                if !scan.feed(value, value_at, &mut found) {
                    flowing = Some((value_at..value_at + 1, scan));
                }
            }
            Some(q @ ('"' | '\'')) => {
                if !closes(&value[1..], q) {
                    quoted = Some(q);
                }
            }
            Some('*') => {}
            Some(_) => {
                if let Some(hash) = cut_by_comment(value) {
                    found.push(Finding {
                        error: false,
                        message: "` #` starts a comment, so the text after it is not printed"
                            .into(),
                        span: value_at + hash..at + body.len(),
                        also: None,
                        chinese: Some((
                            "` #` 开始一条注释，其后的文字不会印出，位于 {at}".into(),
                            "如需印出 `#`，请把整段文字放在引号中；如确为注释，请在 `#` 后加一个空格".into(),
                        )),
                        hint: "to print `#`, put the whole text in quotes; to keep a comment, write `# ` with a space after it".into(),
                    });
                }
                open = Some((owner, beyond, false));
            }
        }
    }
    if let Some((bracket, _)) = flowing {
        let close = if &text[bracket.clone()] == "{" {
            "}"
        } else {
            "]"
        };
        found.push(Finding {
            error: true,
            message: format!("the `{}` here is never closed", &text[bracket.clone()]),
            hint: if close == "]" {
                "close it with `]`, at the end of its line; if the `[` is part of a text, put the whole text in quotes".to_owned()
            } else {
                format!("close it with `{close}`, at the end of its line")
            },
            span: bracket,
            also: None,
            chinese: None,
        });
    }
    found.extend(dates_out_of_range(text));
    found.sort_by_key(|f| f.span.start);
    if found.len() > MOST_FINDINGS {
        let more = found.len() - MOST_FINDINGS;
        found.truncate(MOST_FINDINGS);
        let last = found.last().map_or(0..0, |f| f.span.clone());
        found.push(Finding {
            error: false,
            message: format!("{more} more like these in this file are not shown"),
            span: last,
            also: None,
            chinese: Some((
                format!("本文件中另有 {more} 处同类问题未列出"),
                "改正以上问题后再次检查".into(),
            )),
            hint: "fix these, and check again".into(),
        });
    }
    found
}

/// Whether the key at `owner` is the one out of line: the nearest line
/// above it that is indented no further than `column` (the column of the
/// key below it) starts its content at `column` too.
fn owner_is_out_of_line(text: &str, owner: usize, column: usize) -> bool {
    let line_start = text[..owner].rfind('\n').map_or(0, |i| i + 1);
    if owner - line_start >= column {
        return false;
    }
    for line in text[..line_start].lines().rev() {
        let body = line.trim_end_matches('\r');
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if content.is_empty() || content.starts_with('#') || indent > column {
            continue;
        }
        // The first item of a list, below the key that holds it: its keys
        // below are where its first key should be.
        let first_item = text[line_start..owner].trim_start_matches(' ') == "- "
            && content.trim_end().ends_with(':')
            && indent < owner - line_start - 2;
        return first_item || after_dashes(content, indent).0 == column;
    }
    false
}

/// The most slips said of one file.
const MOST_FINDINGS: usize = 20;

/// A value without the anchor (`&name`) and tag (`!tag`) written before it.
fn without_properties(value: &str) -> &str {
    let mut value = value;
    while value.starts_with(['&', '!']) {
        let end = value.find([' ', '\t']).unwrap_or(value.len());
        value = value[end..].trim_start_matches([' ', '\t']);
    }
    value
}

/// Reads a flow collection (`{ }` or `[ ]`) over one line or more: the
/// brackets still open, and a quoted text still open at the end of a line.
#[derive(Default)]
struct Scan {
    open: Vec<char>,
    quote: Option<char>,
    said_comma: bool,
    /// What was seen of each `[` open.
    lists: Vec<List>,
    /// How deep in brackets (（ ）, ( ), 《 》 …) the scan is: a `、` there is
    /// part of an item.
    parens: usize,
    /// A `，` said in a `[ ]`, said once the list closes: in one never
    /// closed, the text after it is no list's (its `[` is the error).
    pending: Vec<Finding>,
}

/// What a scan saw of a `[ ]` list: its items, and where its first item
/// reads as a run of short names joined by `、` (`[存根、客户联]`).
#[derive(Default)]
struct List {
    /// How many items have started.
    items: usize,
    /// Whether the next thing seen starts an item.
    expecting: bool,
    /// Where the first item started, in the file.
    first: usize,
    /// The first `、` of the first item outside brackets.
    joined: Option<std::ops::Range<usize>>,
}

/// Brackets inside which a `、` is part of the text: （ ）, ( ), 《 》, 〈 〉,
/// 【 】, 「 」 and 『 』.
const OPENING: &[char] = &['（', '(', '《', '〈', '【', '「', '『'];
const CLOSING: &[char] = &['）', ')', '》', '〉', '】', '」', '』'];

/// Whether the text of a list's only item reads as names joined by `、`
/// (`存根、客户联、财务联`), not as a sentence that holds a `、`: no
/// sentence punctuation, and every name short, not counting what it says
/// in brackets (`第一联存根（采购部）`).
fn names_joined(item: &str) -> bool {
    let mut depth = 0usize;
    let outside: String = item
        .chars()
        .filter(|&c| {
            if OPENING.contains(&c) {
                depth += 1;
            } else if CLOSING.contains(&c) {
                depth = depth.saturating_sub(1);
                return false;
            }
            depth == 0
        })
        .collect();
    !item.contains(['。', '，', '；', '：', '！', '？'])
        && outside
            .split('、')
            .all(|name| name.trim().chars().count() <= 8)
}

impl Scan {
    /// Reads `text` (at `at` in the file), saying full-width commas in it;
    /// true when the collection is closed.
    fn feed(&mut self, text: &str, at: usize, found: &mut Vec<Finding>) -> bool {
        let mut escaped = false;
        let mut after_space = true;
        // A quote opens a quoted text only where a value starts.
        let mut value_starts = true;
        // In `{ }`, a key starts after `{` or `,`, or at a line's start.
        let mut key_starts = self.open.last() == Some(&'{');
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if let Some(q) = self.quote {
                if q == '"' && c == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == q && !escaped {
                    // `''` in single quotes is a quote, not the end.
                    if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                        continue;
                    }
                    self.quote = None;
                }
                escaped = false;
                continue;
            }
            let in_list = self.open.last() == Some(&'[');
            if in_list
                && !matches!(c, ' ' | '\t' | ',' | ']' | '#')
                && let Some(list) = self.lists.last_mut()
                && std::mem::take(&mut list.expecting)
            {
                list.items += 1;
                if list.items == 1 {
                    list.first = at + i;
                }
            }
            let starts = std::mem::replace(&mut value_starts, false);
            let key_here = std::mem::replace(&mut key_starts, false);
            if key_here
                && self.open.last() == Some(&'{')
                && let Some((len, message, hint)) = colon_slip(&text[i..])
                && text[i..i + len].ends_with('：')
            {
                found.push(Finding {
                    error: true,
                    message,
                    span: at + i..at + i + len,
                    also: None,
                    chinese: None,
                    hint,
                });
            }
            match c {
                '"' | '\'' if starts => self.quote = Some(c),
                ' ' | '\t' => {
                    value_starts = starts;
                    key_starts = key_here;
                }
                ',' | ':' | '?' => {
                    value_starts = true;
                    key_starts = c == ',' && self.open.last() == Some(&'{');
                    if c == ','
                        && in_list
                        && let Some(list) = self.lists.last_mut()
                    {
                        list.expecting = true;
                    }
                }
                '{' | '[' => {
                    self.open.push(c);
                    key_starts = c == '{';
                    if c == '[' {
                        self.lists.push(List {
                            expecting: true,
                            ..List::default()
                        });
                    }
                    value_starts = true;
                }
                c if OPENING.contains(&c) => self.parens += 1,
                c if CLOSING.contains(&c) => self.parens = self.parens.saturating_sub(1),
                '、' if self.parens == 0 && in_list => {
                    if let Some(list) = self.lists.last_mut().filter(|l| l.items == 1) {
                        list.joined.get_or_insert(at + i..at + i + c.len_utf8());
                    }
                }
                '}' | ']' => {
                    let list = match self.open.pop() {
                        Some('[') => self.lists.pop(),
                        _ => None,
                    };
                    if let Some(List {
                        items: 1,
                        first,
                        joined: Some(span),
                        ..
                    }) = list
                        // An item begun on a line before is not read.
                        && first.checked_sub(at).is_some_and(|f| names_joined(&text[f..i]))
                    {
                        found.push(Finding {
                            error: false,
                            message: "`、` does not separate list items: YAML reads this list as one item".into(),
                            span,
                            also: None,
                            chinese: Some((
                                "`、` 不能分隔列表项：YAML 把这个列表读作一项，位于 {at}".into(),
                                "用半角逗号 `,` 分隔各项，如 `[存根, 客户联]`；如确为含 `、` 的一项，请加引号，如 `['审核、批准']`".into(),
                            )),
                            hint: "separate items with `,`, e.g. `[存根, 客户联]`; if it is one item with `、` in it, put it in quotes, e.g. `['审核、批准']`".into(),
                        });
                    }
                    if self.open.is_empty() {
                        found.append(&mut self.pending);
                        return true;
                    }
                }
                '#' if after_space => break,
                '，' if !self.said_comma => {
                    let inside = self.open.last().copied();
                    let then_key = plain_key(text[i + c.len_utf8()..].trim_start()).is_some();
                    let span = at + i..at + i + c.len_utf8();
                    match inside {
                        Some('{') if then_key => found.push(Finding {
                            error: true,
                            message: format!(
                                "`{c}` is a full-width comma: between `key: value` pairs YAML needs `,`"
                            ),
                            span,
                            also: None,
                            chinese: None,
                            hint: "type `,` with the input method in English mode".into(),
                        }),
                        Some('[') => self.pending.push(Finding {
                            error: false,
                            message: format!(
                                "`{c}` does not separate list items: YAML reads the text on both sides of it as one item"
                            ),
                            span,
                            also: None,
                            chinese: Some((
                                format!("全角逗号 `{c}` 不能分隔列表项：YAML 把它两边的文字读作一项，位于 {{at}}"),
                                format!("用半角逗号 `,` 分隔各项；如全角逗号 `{c}` 属于该项，请把该项放在引号中"),
                            )),
                            hint: format!(
                                "separate items with `,`; if `{c}` is part of the item, put the item in quotes"
                            ),
                        }),
                        _ => continue,
                    }
                    self.said_comma = true;
                }
                _ => {}
            }
            after_space = c == ' ' || c == '\t';
        }
        let closed = self.open.is_empty();
        if closed {
            found.append(&mut self.pending);
        }
        closed
    }
}

/// A key written with a full-width colon, or with no space after its colon:
/// the length of the key, the message and the hint.
/// The text with each slip that `find` calls an error mended in place,
/// byte for byte, so that what else is wrong in it can be read on from
/// where each is: `None` when one of them cannot be. Only a full-width
/// colon after a key can, by `:` and two spaces.
pub fn repaired(text: &str, found: &[Finding]) -> Option<String> {
    let mut out = text.to_owned();
    for finding in found.iter().filter(|f| f.error) {
        let slip = &text[finding.span.clone()];
        if !slip.ends_with('：') {
            return None;
        }
        let colon = finding.span.end - '：'.len_utf8();
        out.replace_range(colon..finding.span.end, ":  ");
    }
    Some(out)
}

fn colon_slip(content: &str) -> Option<(usize, String, String)> {
    let len = ascii_word(content)?;
    let key = &content[..len];
    let after = &content[len..];
    if after.starts_with('：') {
        return Some((
            len + '：'.len_utf8(),
            format!("`{key}：` is written with a full-width colon"),
            format!("write `{key}: ` with `:` and a space; a Chinese input method types `：`"),
        ));
    }
    let next = after.strip_prefix(':')?.chars().next()?;
    (!matches!(next, ' ' | '\t' | ':')).then(|| {
        (
            len + 1,
            format!("`{key}:` needs a space after its colon"),
            format!("write `{key}: ` followed by the value"),
        )
    })
}

/// Where a ` #` cuts a plain text short: followed by text, not by the
/// space a comment is written with, and either right after Chinese text or
/// between a word and a number (`cabinet #3`), which a comment after a
/// value (`12 #12个月`) is not.
fn cut_by_comment(value: &str) -> Option<usize> {
    let hash = value.find(" #")? + 1;
    let before = value[..hash - 1].chars().next_back()?;
    let after = value[hash + 1..].chars().next()?;
    let word = value[..hash - 1].chars().any(char::is_alphabetic) && before.is_alphabetic();
    ((is_cjk(before) && !after.is_whitespace()) || (word && after.is_ascii_digit())).then_some(hash)
}

/// Dates written with a sign (`+10000-09-01`) or of year 0, which the
/// parser reads as dates, but which no PDF can be dated with: its years
/// run from 1 to 9999.
fn dates_out_of_range(text: &str) -> Vec<Finding> {
    let mut found = vec![];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let here = at;
        at += line.len();
        let line = match line.find(" #") {
            Some(hash) => &line[..hash],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        let delimiter = |c: char| c.is_whitespace() || ",{}[]'\"".contains(c);
        let mut tokens = vec![];
        let mut begin = None;
        for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
            match (delimiter(c), begin) {
                (true, Some(b)) => {
                    tokens.push((here + b, &line[b..i]));
                    begin = None;
                }
                (false, None) => begin = Some(i),
                _ => {}
            }
        }
        for (token_at, token) in tokens {
            // A date is a value of its own: after a key's `:`, a `- `, or
            // in `[ ]` or `{ }`; not a word in a text.
            let before = text[here..token_at].trim_end_matches([' ', '\t']);
            let after = text[token_at + token.len()..].trim_start_matches([' ', '\t']);
            // In quotes of its own, as `date: "+10000-09-01"`.
            let (before, after) = match (
                before.strip_suffix(['"', '\'']),
                after.strip_prefix(['"', '\'']),
            ) {
                (Some(b), Some(a)) => (
                    b.trim_end_matches([' ', '\t']),
                    a.trim_start_matches([' ', '\t']),
                ),
                _ => (before, after),
            };
            if !(before.ends_with([':', '-', '[', '{', ','])
                && (after.is_empty() || after.starts_with(['\n', '\r', ',', ']', '}', '#'])))
            {
                continue;
            }
            let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
            let len = unsigned.len();
            let shape = len >= 10
                && unsigned.char_indices().all(|(i, c)| {
                    c.is_ascii_digit() || (c == '-' && (i == len - 6 || i == len - 3))
                })
                && unsigned.as_bytes()[len - 6] == b'-'
                && unsigned.as_bytes()[len - 3] == b'-';
            if shape && (len != token.len() || unsigned[..len - 6].bytes().all(|b| b == b'0')) {
                found.push(Finding {
                    error: true,
                    message: format!(
                        "`{token}` is no date a PDF can carry: its years run from 1 to 9999"
                    ),
                    span: token_at..token_at + token.len(),
                    also: None,
                    chinese: None,
                    hint: "write the date as YYYY-MM-DD, with no sign before it".into(),
                });
            }
        }
    }
    found
}

/// Whether `text`, inside a quoted text opened by `quote`, closes it.
pub(crate) fn closes(text: &str, quote: char) -> bool {
    close_at(text, quote).is_some()
}

/// Where in `text`, inside a quoted text opened by `quote`, the quote that
/// closes it ends. Inside single quotes `''` is a quote, and inside double
/// quotes `\"` is one.
pub(crate) fn close_at(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote && !escaped => return Some(i + c.len_utf8()),
            _ => escaped = false,
        }
    }
    None
}

/// Whether a line's content is a `key: value` of any kind of key.
fn any_key(content: &str) -> bool {
    content.contains(": ") || content.contains(":\t") || content.ends_with(':')
}

/// Says whose value a key was swallowed into: a key's (`key`, the owner
/// followed by its colon) or a text's.
fn owner_name(owner: &str, key: bool) -> String {
    if key {
        format!("`{owner}:`")
    } else {
        let short: String = owner.chars().take(12).collect();
        let more = if short.len() < owner.len() { "…" } else { "" };
        format!("the text `{short}{more}`")
    }
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

/// A `|` or `>` text being read.
#[derive(Clone, Copy)]
struct Block {
    /// Its lines are indented beyond this column.
    column: usize,
    /// Written with `>`: its lines are joined with spaces.
    folded: bool,
    /// The last character of the line before, and that line's indent.
    last: Option<(char, usize)>,
    /// Whether a line of it joined to a Chinese one was said.
    said: bool,
}

impl Block {
    fn new(column: usize, indicator: char) -> Self {
        Self {
            column,
            folded: indicator == '>',
            last: None,
            said: false,
        }
    }
}

/// The keys, besides a block's kind, that start a list item of a data file:
/// a revision's, a copy's and a pad's first keys, a person's, a
/// department's, a column's, a void's and a part's or section's.
const ITEM_KEYS: [&str; 8] = [
    "version", "number", "year", "name", "id", "label", "serial", "title",
];

/// Whether the content after a `- ` starts with a key a list item starts
/// with, followed by a full-width colon and what starts a value (or
/// nothing): an item's text may well start `ERP：…`, or `note：为…`.
fn item_key_before_wide_colon(rest: &str) -> bool {
    ascii_word(rest).is_some_and(|len| {
        let key = &rest[..len];
        let value = rest[len..]
            .strip_prefix('：')
            .and_then(|v| v.chars().next());
        (ITEM_KEYS.contains(&key) || crate::model::BLOCK_KINDS.contains(&key))
            && value.is_none_or(|c| matches!(c, ' ' | '\t' | '[' | '{' | '"' | '\''))
    })
}

/// Whether the next line that is not blank, in `below`, is a key at
/// `column`: the key of an item's mapping, whose first key is above it.
fn sibling_key_below(below: &str, column: usize) -> bool {
    let Some(line) = below
        .split_inclusive('\n')
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    else {
        return false;
    };
    let content = line.trim_start_matches(' ');
    line.len() - content.len() == column
        && ascii_word(content).is_some_and(|len| content[len..].starts_with([':', '：']))
}

/// The length of the word of letters, digits and `_` that `content` starts
/// with, when it starts with a letter or `_`.
fn ascii_word(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    (first.is_ascii_alphabetic() || first == '_').then(|| {
        content
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(content.len())
    })
}

/// The length of the key when `content` starts with a plain key written as
/// YAML writes keys (`review_months:`, followed by a space or nothing). A
/// key is what YAML reads as one: it may be in Chinese, with a space or
/// brackets in it (`项目(名称): 销售任务`, a table's row written as a
/// mapping), but starts with none of the marks that begin something else,
/// and holds none that end a key in `{ … }` or `[ … ]`.
fn plain_key(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    if first.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return None;
    }
    let colon = content
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| matches!(content[i + 1..].chars().next(), None | Some(' ' | '\t')))?;
    let key = &content[..colon];
    let whole = !key.contains(" #") && !key.contains([',', '[', ']', '{', '}']);
    (whole && !key.ends_with([' ', '\t'])).then_some(colon)
}

/// A line written as a key and its text with the `:` between them left out
/// (`retention 5年`): the word, a name of lower-case ASCII as keys are,
/// and the text after it.
pub(crate) fn colon_left_out(content: &str) -> Option<(&str, &str)> {
    let (word, rest) = content.trim().split_once([' ', '\u{3000}'])?;
    let keylike = word.starts_with(|c: char| c.is_ascii_lowercase())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    keylike.then_some((word, rest.trim()))
}

/// Whether a character is Chinese, Japanese or Korean script or punctuation,
/// between which a space shows.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether a line starts as a key written wrong, `title：…` or
/// `effective:2016-09-01`: a word of ASCII and its colon, said as such.
fn key_written_wrong(content: &str) -> bool {
    let word = content
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(content.len());
    word > 0 && content[word..].trim_start().starts_with([':', '：'])
}

/// The hint for a `- ` written under a key that holds one text: the
/// line goes on with that text, since the key has no list to join.
pub(crate) fn one_text(key: &str) -> String {
    format!(
        "`{key}:` holds one text: take away the `- ` and write this line at the end of that text, on the line of `{key}:`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_what_yaml_reads_as_one() {
        for (line, key) in [
            ("review_months: 12", Some("review_months")),
            ("分值: 30", Some("分值")),
            ("项目(名称) 甲: 客户投诉", Some("项目(名称) 甲")),
            ("title:", Some("title")),
            ("http://example.com", None),
            ("品质部验证）, height: 20 }", None),
            ("- item: x", None),
            ("[甲: 1]", None),
            ("注意：全角冒号", None),
            ("text # a: comment", None),
        ] {
            assert_eq!(plain_key(line).map(|len| &line[..len]), key, "{line}");
        }
    }

    fn said(text: &str) -> Vec<(bool, &str, String)> {
        find(text)
            .into_iter()
            .map(|f| (f.error, &text[f.span], f.message))
            .collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|f| &text[f.span]).collect()
    }

    #[test]
    fn chinese_lines_of_a_folded_text_are_said_once_as_joined_with_a_space() {
        let yaml = "items:\n  - >-\n    客户档案由助销员建立，\n    每月更新一次，\n    年终归档。\n  - |-\n    甲\n    乙\n  - >-\n    第一段\n\n    第二段\n  - >-\n    Records are kept\n    by sales.\n";
        assert_eq!(spans(yaml), ["每月更新一次，"]);
    }

    #[test]
    fn a_key_indented_under_a_plain_value_is_swallowed() {
        let yaml = "effective: 2016-09-01\n  review_months: 12\nhistory: []\n";
        assert_eq!(
            said(yaml),
            [(
                true,
                "review_months",
                "`review_months:` is indented under `effective:`, so YAML reads it as part of the value above it".into()
            )]
        );
        assert_eq!(
            spans("approved:\n  name: 陈堃\n    date: 2016-08-30\n"),
            ["date"]
        );
        assert_eq!(
            spans("copies:\n- number: 1\n    holder: 销售部\n"),
            ["holder"]
        );
        assert_eq!(spans("items:\n  - 贯彻执行\n    note: x\n"), ["note"]);
        assert_eq!(spans("- |\n  text\n- a\n   b: 1\n"), ["b"]);
        // After text that goes on over lines.
        assert_eq!(
            spans("purpose: the rules\n  of sales\n  review_months: 12\n"),
            ["review_months"]
        );
    }

    #[test]
    fn a_key_left_of_its_neighbours_is_blamed_not_the_key_below_it() {
        let yaml = "table:\n  columns: []\n rows: 8\n  total: 合计\n";
        assert_eq!(
            said(yaml),
            [(
                true,
                "rows",
                "`rows:` is not lined up with the keys above and below it, so YAML reads `total:` as part of its value".into()
            )]
        );
    }

    #[test]
    fn well_formed_yaml_has_no_slips() {
        for yaml in [
            "approved:\n  name: 陈堃\n  date: 2016-08-30\n",
            "copies:\n- number: 1\n  holder: 销售部\n- number: 2\n  holder: x\n",
            "purpose: the rules\n  of sales\nreview_months: 12\n",
            "note: |\n  text\n    key: not a key\n  　缩进\nnext: 1\n",
            "- >-\n    a: b\n",
            "title: '引用'\n",
            "approved: { name: 陈堃,\n   date: 2016-08-30 }\n",
            "body:\n  - title: 总则\n    paragraphs:\n      - 一\n    items:\n    - a\n    - b\n    sections: []\n",
            "# effective: x\n  review_months: 1\n",
            "url: http://x\nitems:\n- http://y\n- ERP：企业资源计划\n",
            "---\nnumber: 1\n",
            "labels: [汇总期间, '审核、批准', \"会签，财务\"]\n",
            "a: 'x # y'\nb: [1, 2] # 注\n",
            "title: \"long\n  x:y\n  - z\"\nnote: 'it''s\n  a: b'\n",
            "labels:\n  page-of: 第{page}页\n  页码: x\nlist:\n- a\n页: b\n",
            "- - a\n  - b\n- c\n",
            // Found by a review: each was taken for a slip.
            "number: 1\n...\n",
            "%YAML 1.1\n---\nnumber: 1\n",
            "text: a\n  --- b\n",
            "people:\n  -  \n    name: 陈堃\n    title: x\n",
            "people:\n  -   # 备注\n    name: 陈堃\n",
            "labels: [a,\n  b,\n]\nnext: 1\n",
            "serial: {format: x,\n    restart: yearly,\n    more: 1}\nretention: 1\n",
            "- area: { label: \"说明\n      ERP:企业资源计划\", height: 15 }\n",
            "note: &n |-\n  ERP:本表\nx: 1\n",
            "note:\t|\n  ERP:x\n",
            "- note:\n    注：本表一式两份，\n    ERP：原件由销售部保存\n",
            "- note:\n    \"a\n    Note: b\"\n",
            "- note:\n    　　注：x\n",
            "a: \"x\n# not a comment\nERP:y\"\nb: 'ERP:z'\n",
            "options: [色差, 尺寸偏差（长、宽）]\n",
            "options: [尺寸偏差（长、宽）]\n",
            "signatures: ['审核、批准']\n",
            "labels: [甲、乙,\n  丙]\n",
            "paragraphs: [本制度适用于销售部、财务部。]\n",
            "signatures: [《合同、订单》经办人]\n",
            "parts: ['客户''联、存根']\n",
            "tags: [it's, b]\nnext: 1\n",
            "items:\n  - 甲\n\n    乙\n",
            "labels:\n  页码: x\n  页: y\n",
        ] {
            assert_eq!(said(yaml), [], "{yaml}");
        }
    }

    #[test]
    fn keys_out_of_line_with_their_item_are_errors() {
        let yaml = "history:\n  - version: A/0\n   date: 2016-09-01\n";
        assert_eq!(
            said(yaml),
            [(
                true,
                "date",
                "`date:` is not lined up with `version:` of the same item".into()
            )]
        );
        let yaml = "items:\n  - 一\n  二\n  - 三\n";
        assert_eq!(spans(yaml), ["二"]);
    }

    #[test]
    fn slips_of_a_chinese_input_method_are_found() {
        assert_eq!(spans("effective： 2016-09-01\n"), ["effective："]);
        // An item whose keys go on below it is a mapping, whatever its
        // first value starts with (found by a reviewer).
        assert_eq!(
            spans("copies:\n- number：2\n  holder: 销售部\n"),
            ["number："]
        );
        assert_eq!(
            spans("people:\n  - name：何静\n    department: XS\n"),
            ["name："]
        );
        assert!(spans("body:\n  - ERP：企业资源计划\n  - 第二条\n").is_empty());
        // In `{ }` too, but not in a value.
        assert_eq!(
            spans("- checks: { label：问题类别, options：[色差, 其他] }\n"),
            ["label：", "options："]
        );
        assert!(spans("- area: { label: ERP：企业资源计划, height: 20 }\n").is_empty());
        // After a `- `, a key a list item starts with, not an item's text.
        assert_eq!(
            spans("blocks:\n  - signatures： [甲, 乙]\n"),
            ["signatures："]
        );
        assert!(spans("items:\n  - ERP：企业资源计划\n").is_empty());
        assert!(spans("items:\n  - note：为加强管理\n").is_empty());
        assert_eq!(spans("sections:\n  - title： 总则\n"), ["title："]);
        assert_eq!(
            spans("effective:2016-09-01\nretention: 2年\n"),
            ["effective:"]
        );
        assert_eq!(spans("  　title: 销售\n"), ["　"]);
        let found = find("parts: [存根，客户联, 财务联]\n");
        assert_eq!(found.len(), 1);
        assert!(!found[0].error);
        assert_eq!(spans("a: { label: 序号，width: 0.8 }\n"), ["，"]);
        let found = find("parts: [存根、客户联、财务联]\n");
        assert_eq!(found.len(), 1);
        assert!(!found[0].error);
        assert_eq!(spans("parts: [存根、客户联、财务联]\n"), ["、"]);
        assert_eq!(spans("a: { parts: [甲、乙] }\n"), ["、"]);
        assert_eq!(spans("a: [[甲、乙], 丙]\n"), ["、"]);
        assert_eq!(spans("parts: [存根、客户联,]\n"), ["、"]);
        // Parts named with their holders in brackets (found by a reviewer).
        assert_eq!(
            spans("parts: [第一联存根（采购部）、第二联供应商、第三联仓库（收货依据）]\n"),
            ["、"]
        );
        assert_eq!(
            spans("parts: [第一联存根、第二联供应商、第三联仓库（收货依据）]\n"),
            ["、"]
        );
        // Not a sentence with a long clause.
        assert_eq!(
            spans("items: [按合同约定的时间和方式交付货物、开具发票]\n"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn brackets_and_second_documents_are_found() {
        assert_eq!(
            spans("prepared: { name: 李珺, date: 2016-08-22\nreviewed: x\n"),
            ["{"]
        );
        assert_eq!(spans("labels: [a, b\n"), ["["]);
        assert_eq!(spans("number: 1\n---\ntitle: x\n"), ["---"]);
        assert_eq!(spans("items:\n  - {{ form(\"X\") }}，由\n"), ["{{"]);
    }

    #[test]
    fn a_comment_that_cuts_chinese_text_is_a_warning() {
        let yaml = "items:\n  - 本制度由销售部负责解释 #（2016版）。\n";
        assert_eq!(spans(yaml), ["#（2016版）。"]);
        assert_eq!(
            spans("title: 销售 # 旧名\nnote: a #b\n"),
            Vec::<&str>::new()
        );
        // And English text, before a number.
        assert_eq!(
            spans("items:\n  - Keep the masters in cabinet #3 in the office.\n"),
            ["#3 in the office."]
        );
        // Not a comment after a number.
        assert_eq!(
            spans("review_months: 12 #12个月复审一次\n"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_date_no_pdf_can_carry_is_found_as_a_value_not_in_a_text() {
        assert_eq!(
            spans(
                "effective: +10000-09-01\napproved: { name: x, date: -0001-08-30 }\nd: \"0000-01-01\"\n"
            ),
            ["+10000-09-01", "-0001-08-30", "0000-01-01"]
        );
        assert_eq!(
            spans("items:\n  - note: \"注：日期按 0000-00-00 格式填写\"\n  - 日期 0000-01-01 起\n"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn chinese_text_over_lines_is_a_warning() {
        let found = find("items:\n  - 本制度由销售部负责\n    解释。\n");
        assert_eq!(found.len(), 1);
        assert!(!found[0].error);
        let found = find("items:\n  - 甲\n    - 乙\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("not as an item"));
    }
}

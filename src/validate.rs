//! Checks what parsing cannot: references between files, approval chains,
//! dates in order, unique numbers and layouts that make sense.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, did_you_mean, position};
use crate::escape;
use crate::loader::{DocumentSet, Loaded};
use crate::locate;
use crate::model::{
    Block, Document, Fields, Form, Organisation, Revision, Role, Status, TextTable, Version,
};
use crate::register::{CopyState, Register};
use crate::serial::{Format, Ledger, Restart};
use crate::text::{ExpandError, Expander};

/// Checks a loaded document set and returns every problem found.
pub fn validate(set: &DocumentSet) -> Vec<Diagnostic> {
    validate_with(set, &BTreeMap::new())
}

/// Checks a loaded document set as [`validate`] does, with the forms
/// `kept` in the archive, by number, that are no longer in `data/forms/`:
/// the ledger of one is checked against the form as kept.
pub fn validate_with(set: &DocumentSet, kept: &BTreeMap<String, &Loaded<Form>>) -> Vec<Diagnostic> {
    let mut v = Validator {
        set,
        kept,
        out: vec![],
        expander: expander(set),
    };
    v.labels();
    v.document_controller();
    v.master_holder();
    v.review_period();
    if let Some(org) = &set.organisation {
        v.organisation(org);
    }
    v.unique_numbers();
    for doc in &set.documents {
        v.document(doc);
    }
    for form in &set.forms {
        v.form(form);
    }
    v.shared_serial_formats();
    v.records_template();
    v.record_columns_unfilled();
    for register in &set.registers {
        v.register(register);
    }
    for ledger in &set.ledgers {
        v.ledger(ledger);
    }
    v.references();
    v.invisible_characters();
    in_reading_order(v.out)
}

/// The problems of each file together, the files in the order first said,
/// and a file's from its top down, as its writer reads it, not in the
/// order the checks ran; those of no file first, as they are of the set.
fn in_reading_order(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    for (file, _) in out.iter().filter_map(|d| d.location.as_ref()) {
        let next = files.len() + 1;
        files.entry(file.clone()).or_insert(next);
    }
    out.sort_by_key(|d| match &d.location {
        Some((file, span)) => (files[file], span.start),
        None => (0, 0),
    });
    out
}

/// Whether an optional text is given, and not as blank.
fn given(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// The form a reference written wrong (`written`) names, else one of the
/// set's, as the example of how to write it.
pub fn example_form<'s>(set: &'s DocumentSet, written: &str) -> &'s str {
    let forms = || set.forms.iter().map(|f| f.value.number.as_str());
    forms()
        .find(|n| written.contains(n))
        .or_else(|| forms().next())
        .unwrap_or("QR-XS-001")
}

/// Builds the expander that knows every form of the set.
pub fn expander(set: &DocumentSet) -> Expander {
    Expander::new(
        set.forms
            .iter()
            .map(|f| (f.value.number.to_string(), f.value.title.clone()))
            .collect(),
        set.labels.get("form_reference"),
    )
}

/// The approved versions in the working set of the documents that bind
/// the form numbered `number`, with the controlled copies each has issued:
/// the form is approved with them, and changes only with their revision.
pub fn approved_binders<'a>(set: &'a DocumentSet, number: &str) -> Vec<(&'a Document, usize)> {
    set.documents
        .iter()
        .map(|d| &d.value)
        .filter(|d| crate::archive::approved(d) && referenced_forms(d).iter().any(|n| n == number))
        .map(|d| {
            let issued = crate::build::issued_of(set, d.number.as_str(), d.version.as_str());
            (d, issued)
        })
        .collect()
}

/// The numbers of the forms a document names, in order of first mention:
/// every `{{ form("…") }}` written, whether or not a form of that number
/// is in the set (one whose file has an error is still named; a reference
/// to no form is an error of `check`).
pub fn referenced_forms(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for text in texts(doc) {
        for number in crate::text::form_references(text) {
            if !out.iter().any(|n| n == number) {
                out.push(number.to_owned());
            }
        }
    }
    out
}

/// Each text of a document, in reading order, with where its first line
/// is written in `file`, the document's YAML, when it is found there.
pub fn texts_located<'d>(file: &str, doc: &'d Document) -> Vec<(&'d str, Option<Range<usize>>)> {
    let mut from = 0;
    texts(doc)
        .into_iter()
        .map(|text| {
            let first = text.lines().next().unwrap_or(text);
            let at = written_at(file, first, from).or_else(|| written_at(file, first, 0));
            if let Some(span) = &at {
                from = span.start;
            }
            (text, at)
        })
        .collect()
}

/// The form references written wrong in `text`, each with where it is
/// written in `file` from `from` (where the text is), one after another:
/// the same mistake twice on a line is found twice.
pub fn malformed_located<'t>(
    file: &str,
    text: &'t str,
    from: usize,
) -> Vec<(&'t str, Option<Range<usize>>)> {
    let mut cursor = from;
    crate::text::malformed(text)
        .into_iter()
        .map(|written| {
            let span = written_at(file, written, cursor);
            if let Some(span) = &span {
                cursor = span.end;
            }
            (written, span)
        })
        .collect()
}

/// Where `what`, a text as read, is written in `file` from `from`: as it
/// is, or with a `'` doubled as inside '…'.
fn written_at(file: &str, what: &str, from: usize) -> Option<Range<usize>> {
    locate::text(file, what, from).or_else(|| locate::text(file, &what.replace('\'', "''"), from))
}

/// Every text of a document, in reading order.
pub fn texts(doc: &Document) -> Vec<&str> {
    let mut out: Vec<&str> = vec![];
    out.extend(doc.purpose.as_deref());
    for part in &doc.body {
        out.push(&part.title);
        out.extend(part.paragraphs.iter().map(String::as_str));
        out.extend(part.items.iter().map(String::as_str));
        out.extend(part.tables.iter().flat_map(|t| t.texts()));
        for section in &part.sections {
            out.push(&section.title);
            out.extend(section.paragraphs.iter().map(String::as_str));
            out.extend(section.items.iter().map(String::as_str));
            out.extend(section.tables.iter().flat_map(|t| t.texts()));
        }
    }
    out
}

/// Labels that alone say on the paper something it must say: the labels,
/// the `{name}` each says it by, and, in English and in Chinese, what is
/// not said without it.
const SAID_BY: &[(&[&str], &str, &str, &str)] = &[
    // Each page of a controlled copy says which copy it is: one page taken
    // from it could not be told from another copy's.
    (
        &["copy_footer"],
        "number",
        "no page of a controlled copy but its cover says which copy it is",
        "受控副本除封面外各页都不显示分发号",
    ),
    // A day that tells prints apart, or that what is said is as of.
    (
        &[
            "register_as_of",
            "portal_as_of",
            "master_list_note",
            "records_list_note",
            "audit_note",
            "review_overdue",
        ],
        "date",
        "the page does not say the day it is of",
        "页面不显示所截至的日期",
    ),
    // A record of a copy in the register's notes, said by its day
    // (reviewer BI: a loss printed with no day).
    (
        &[
            "lost_void",
            "lost_recalled",
            "lost_found",
            "damaged_reissue",
            "reissued_damaged",
            "return_mistaken",
            "loss_mistaken",
            "pad_used_up",
            "used_up_mistaken",
        ],
        "date",
        "the register does not say the day of what it records",
        "登记表不显示所记事项的日期",
    ),
    // A lost copy's note, and its replacement's, say which number stands
    // for which (reviewer BK: the chain was lost).
    (
        &["lost_void"],
        "next",
        "the register does not say which copy was issued in place of which",
        "登记表不显示哪一份副本替代了哪一份",
    ),
    (
        &["replaces_lost"],
        "old",
        "the register does not say which copy was issued in place of which",
        "登记表不显示哪一份副本替代了哪一份",
    ),
];

struct Validator<'a> {
    set: &'a DocumentSet,
    /// The forms the archive keeps that are no longer in `data/forms/`.
    kept: &'a BTreeMap<String, &'a Loaded<Form>>,
    out: Vec<Diagnostic>,
    expander: Expander,
}

impl<'a> Validator<'a> {
    /// Warns of invisible characters in the data, which are not printed.
    fn invisible_characters(&mut self) {
        let data = self.set.name("data/");
        for path in self.set.sources.names() {
            if !path.starts_with(&data) {
                continue;
            }
            // Found as read, as every check finds what it finds.
            let text = self.text(path);
            let typed = text
                .char_indices()
                .filter(|(_, c)| escape::is_invisible(*c))
                .map(|(at, c)| (at..at + c.len_utf8(), c));
            let mut found: Vec<_> = typed.chain(unprinted_escapes(text)).collect();
            found.sort_by_key(|(at, _)| at.start);
            let Some((at, c)) = found.first().cloned() else {
                continue;
            };
            let (line, column) = position(text, at.start);
            let also = match found.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more in the file)"),
            };
            let (what, kinds, what_zh) = match escape::is_invisible(c) {
                true => (
                    "invisible character",
                    "zero-width and text-direction characters",
                    "不可见字符",
                ),
                false => ("control character", "control characters", "控制字符"),
            };
            let also_zh = match found.len() - 1 {
                0 => String::new(),
                n => format!("（该文件中另有 {n} 处）"),
            };
            let written = match &text[at.clone()] {
                escaped if escaped.starts_with('\\') => format!(", written `{escaped}`,"),
                _ => String::new(),
            };
            self.out.push(
                Diagnostic::warning(format!(
                    "{what} U+{:04X}{written} is not printed, in `{path}:{line}:{column}`{also}",
                    c as u32
                ))
                .at(path, at)
                .hint(format!(
                    "{kinds} are left out of every PDF; delete them from the data"
                ))
                .chinese(
                    format!(
                        "{what_zh} U+{:04X} 不会印出，位于 `{path}:{line}:{column}`{also_zh}",
                        c as u32
                    ),
                    "这类字符不会出现在任何 PDF 中：请从数据中删除",
                ),
            );
        }
    }

    /// Checks that the document controller, who records issues and returns
    /// unless told otherwise, is a person of the organisation.
    fn document_controller(&mut self) {
        let (Some(name), Some(org)) = (&self.set.settings.document_controller, self.org()) else {
            return;
        };
        let path = self.set.name("data/settings.yaml");
        if let Some(person) = org.person(name) {
            let Some(left) = person.left else { return };
            let d = self.warning_at(
                &path,
                &["document_controller"],
                format!(
                    "the document controller `{name}` is recorded as leaving the company on {left},"
                ),
            );
            d.hints.push(format!(
                "name who keeps the documents after them as `document_controller`; `issue`, `recall`, `serial` and `revise` refuse `{name}` for any day after {left}"
            ));
            d.chinese = Some((
                format!("文件管理员“{name}”登记的离职日期为 {left}"),
                format!(
                    "将接管文件的人写为 `document_controller`；{left} 之后，`issue`、`recall`、`serial` 和 `revise` 不再接受“{name}”"
                ),
            ));
            return;
        }
        let d = self.error_at(
            &path,
            &["document_controller"],
            format!("the document controller `{name}` is not a person of the organisation"),
        );
        d.hints.push(org.person_hint(name));
    }

    /// The holder every master names: a holder of the organisation spelt
    /// otherwise would print so on every master, unnoticed.
    fn master_holder(&mut self) {
        let (Some(name), Some(org)) = (&self.set.settings.master_holder, self.org()) else {
            return;
        };
        if org.is_holder(name) {
            return;
        }
        // Only a slip of a letter or two, or of one character past the
        // first: a master holder is often no department at all (文控中心,
        // Quality Assurance), and one of a like name is no slip.
        let slip = |holder: &&str| {
            let (a, b): (Vec<char>, Vec<char>) = (name.chars().collect(), holder.chars().collect());
            match name.is_ascii() {
                true => a.len() >= 5 && strsim::levenshtein(name, holder) <= 2,
                false => {
                    a.len() == b.len()
                        && a.len() >= 3
                        && a[0] == b[0]
                        && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
                }
            }
        };
        let near: Vec<&str> = org.holder_names().filter(slip).collect();
        let path = self.set.name("data/settings.yaml");
        // Named as a department with the post in brackets (办公室（文控）), the
        // department must be one: the organisation replaced, a new set's
        // `init` leaves the old one printed on every master.
        let whole = name.trim();
        let named = whole
            .split(['（', '('])
            .next()
            .map(str::trim_end)
            .filter(|head| head.len() < whole.len() && !head.is_empty());
        if near.is_empty()
            && let Some(head) = named
            && !org.is_holder(head)
        {
            let d = self.warning_at(
                &path,
                &["master_holder"],
                format!("the master holder `{name}`, printed on every master, names `{head}`, which is not a department or person of the organisation"),
            );
            d.chinese = Some((
                format!("每份正本上印出的正本持有者“{name}”中的“{head}”不是本组织的部门或人员"),
                "写明现在保管正本的部门，与 `data/organisation.yaml` 中的名称一致".into(),
            ));
            // The post as written, after the department.
            let post = whole[head.len()..].trim_start();
            match org.department(head) {
                // A department's id, where its name is printed.
                Some(department) => d.hints.push(format!(
                    "`{head}` is the id of {}: write `{}{post}`",
                    department.name, department.name
                )),
                None => d.hints.push(
                    "write the department that keeps the masters now, as `data/organisation.yaml` names it".into(),
                ),
            }
            return;
        }
        let [best] = near.as_slice() else {
            return;
        };
        let d = self.warning_at(
            &path,
            &["master_holder"],
            format!("the master holder `{name}`, printed on every master, is not a holder of the organisation"),
        );
        d.hints.push(format!("did you mean `{best}`?"));
        d.chinese = Some((
            format!("每份正本上印出的正本持有者“{name}”不是本组织的部门或人员"),
            format!("是否应为“{best}”？"),
        ));
    }

    /// Checks the set's own labels: each must be one ctrldoc prints, and
    /// fill in only what that label is filled with.
    fn labels(&mut self) {
        let path = self.set.name("data/settings.yaml");
        for (key, text) in &self.set.settings.labels {
            let Some(default) = crate::labels::chinese(key) else {
                let d = self.error_at(&path, &["labels", key], format!("unknown label `{key}`"));
                match did_you_mean(key, crate::labels::keys()) {
                    Some(best) => d.hints.push(format!("did you mean `{best}`?")),
                    None => d.hints.push(
                        "the labels a set may override are listed in the README under \"Languages and labels\"".into(),
                    ),
                }
                continue;
            };
            let known = crate::labels::placeholders(default);
            for name in crate::labels::placeholders(text) {
                if known.contains(&name) {
                    continue;
                }
                let d = self.error_at(
                    &path,
                    &["labels", key],
                    format!("label `{key}` cannot fill `{{{name}}}`"),
                );
                d.hints.push(if known.is_empty() {
                    format!("`{key}` is printed as written; take out `{{{name}}}`")
                } else {
                    format!(
                        "`{key}` fills in {}",
                        known
                            .iter()
                            .map(|k| format!("`{{{k}}}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            }
            // A mark that tells one kind of paper from another, printed on
            // it by its label alone: left blank, the paper is not marked.
            let marked = match key.as_str() {
                "draft" => Some((
                    "a draft prints with no mark across its pages to say it is one",
                    "草稿各页不再有草稿水印",
                )),
                "specimen" => Some((
                    "a pre-numbered form printed blank has nothing in its № box to tell it from a sheet of one of its pads",
                    "编号表单的样张编号栏空白，与编号本的单页无从区分",
                )),
                "controlled" => Some((
                    "a controlled copy's control block says nothing of its state",
                    "受控副本的控制栏不显示受控状态",
                )),
                "uncontrolled" => Some((
                    "an uncontrolled copy's control block does not say that it is one",
                    "非受控副本的控制栏不显示非受控",
                )),
                "obsolete" => Some((
                    "an obsolete master's stamp and control block do not say that it is",
                    "作废正本的印章和控制栏不显示作废",
                )),
                "master_copy" => Some((
                    "the master's pages do not say in their foot that it is the master",
                    "正本各页页脚不显示正本",
                )),
                _ => None,
            };
            // `~` is YAML's word for nothing, read as the text `~`.
            let blank =
                text.trim().is_empty() || matches!(text.trim(), "~" | "null" | "Null" | "NULL");
            if let Some((what, zh)) = marked.filter(|_| blank) {
                let d = self.warning_at(&path, &["labels", key], format!("label `{key}` is empty"));
                d.hints.push(format!(
                    "without it, {what}: give it a text, as `{default}`"
                ));
                d.chinese = Some((
                    format!("标签 `{key}` 为空"),
                    format!("缺少它，{zh}：请填写，如 `{default}`"),
                ));
            }
            for (keys, name, why, why_zh) in SAID_BY {
                if keys.contains(&key.as_str()) && !crate::labels::placeholders(text).contains(name)
                {
                    let d = self.warning_at(
                        &path,
                        &["labels", key],
                        format!("label `{key}` has no `{{{name}}}`"),
                    );
                    d.hints.push(format!(
                        "without it, {why}: keep `{{{name}}}`, as in `{default}`"
                    ));
                    d.chinese = Some((
                        format!("标签 `{key}` 缺少 `{{{name}}}`"),
                        format!("缺少它，{why_zh}：请保留 `{{{name}}}`，如 `{default}`"),
                    ));
                }
            }
        }
    }

    fn text(&self, path: &str) -> &'a str {
        let set: &'a DocumentSet = self.set;
        set.located(path)
    }

    /// Reports an error at a span of a file, naming its line and column.
    fn error_span(&mut self, path: &str, span: Range<usize>, message: String) -> &mut Diagnostic {
        let (line, column) = position(self.text(path), span.start);
        self.out.push(
            Diagnostic::error(format!("{message} in `{path}:{line}:{column}`")).at(path, span),
        );
        self.out.last_mut().unwrap()
    }

    /// Warns of the forms that leave a column of the records list empty
    /// that other forms fill (where their records are kept, what becomes
    /// of them): a gap an auditor reads as not known. Once a column, at
    /// the first such form, naming the others.
    fn record_columns_unfilled(&mut self) {
        let forms = &self.set.forms;
        for (key, label, written) in [
            (
                "storage",
                "record_storage",
                (|f: &Form| given(&f.storage)) as fn(&Form) -> bool,
            ),
            ("disposal", "record_disposal", |f: &Form| given(&f.disposal)),
        ] {
            let (filled, unfilled): (Vec<_>, Vec<_>) =
                forms.iter().partition(|f| written(&f.value));
            let Some(first) = unfilled.first().filter(|_| !filled.is_empty()) else {
                continue;
            };
            let heading = self.set.labels.get(label).to_owned();
            let named: Vec<&str> = unfilled.iter().map(|f| f.value.number.as_str()).collect();
            let shown = match named.len() {
                n if n > 6 => format!("{} and {} more", named[..5].join(", "), n - 5),
                _ => named.join(", "),
            };
            let path = first.path.clone();
            let d = self.warning_at(
                &path,
                &["retention"],
                format!(
                    "{} {} `{key}:` and {} do not: the records list's {heading} is empty for {shown}",
                    filled.len(),
                    if filled.len() == 1 { "form says" } else { "forms say" },
                    unfilled.len(),
                ),
            );
            d.hints.push(format!(
                "say `{key}:` in each form, as {} does",
                filled[0].value.number
            ));
            d.chinese = Some((
                format!(
                    "{} 个表单写了 `{key}:`，{} 个没有写：记录清单中{}的{heading}为空",
                    filled.len(),
                    unfilled.len(),
                    match named.len() {
                        n if n > 6 => format!("{} 等 {n} 个表单", named[..5].join("、")),
                        _ => named.join("、"),
                    }
                ),
                format!("请在每个表单中写明 `{key}:`，如 {}", filled[0].value.number),
            ));
        }
    }

    /// Warns of a set's own records list template older than the columns
    /// of where records are kept and what becomes of them, when a form
    /// fills them: its `flex:` gives them no share of the line, so they
    /// take what their texts ask, and the other columns wrap a character a
    /// line.
    fn records_template(&mut self) {
        let filled = self
            .set
            .forms
            .iter()
            .any(|f| f.value.storage.is_some() || f.value.disposal.is_some());
        let path = "forms/records-list.typ.j2";
        let Some(text) = filled
            .then(|| std::fs::read_to_string(self.set.root.join(path)).ok())
            .flatten()
        else {
            return;
        };
        if text.contains("\"8\"") {
            return;
        }
        let labels = &self.set.labels;
        let columns = format!(
            "{} and {}",
            labels.get("record_storage"),
            labels.get("record_disposal")
        );
        let share = "`flex: (\"2\": 2, \"5\": 1, \"6\": 1, \"7\": 1.4, \"8\": 1, \"9\": 1)`, `left: (2, 6, 7, 8, 9)`";
        let mut d = Diagnostic::warning(format!(
            "the set's own `{path}` is older than the records list's columns {columns}, which its forms fill: it gives them no share of the line, so they take what their texts ask and the other columns wrap"
        ))
        .hint(format!("give them a share as ctrldoc's own template does: {share}"));
        d.chinese = Some((
            format!(
                "本套文件自带的 `{path}` 早于记录清单的“保存地点”“到期处置”两栏，未给两栏分配版面宽度，其余各栏会被挤窄换行"
            ),
            format!("按 ctrldoc 自带模板为两栏分配宽度：{share}"),
        ));
        self.out.push(d);
    }

    /// A part or section with a heading and nothing under it: printed as
    /// a heading alone, in the text and the contents, most often a
    /// section whose text was left to write, or whose key was left out.
    fn empty_headings(&mut self, path: &str, doc: &Document) {
        use locate::Step::{Item, Key};
        let mut empty = vec![];
        for (i, part) in doc.body.iter().enumerate() {
            if part.paragraphs.is_empty()
                && part.items.is_empty()
                && part.tables.is_empty()
                && part.sections.is_empty()
            {
                empty.push((
                    vec![Key("body"), Item(i)],
                    format!("part {}", i + 1),
                    &part.title,
                ));
            }
            for (j, section) in part.sections.iter().enumerate() {
                if section.paragraphs.is_empty()
                    && section.items.is_empty()
                    && section.tables.is_empty()
                {
                    empty.push((
                        vec![Key("body"), Item(i), Key("sections"), Item(j)],
                        format!("section {}.{}", i + 1, j + 1),
                        &section.title,
                    ));
                }
            }
        }
        if empty.is_empty() {
            return;
        }
        let file = self.text(path).to_owned();
        for (steps, whose, title) in empty {
            let steps = [steps.as_slice(), &[Key("title")]].concat();
            let span = locate::key_or_above(&file, &steps).unwrap_or(0..0);
            self.warning_span(
                path,
                span,
                format!("{whose} ({title}) has a heading and nothing under it, printed alone in the text and the contents,"),
            )
            .hints
            .push(match crate::archive::approved(doc) {
                true => "in the document's next revision, write its text under `paragraphs:`, `items:` or `tables:`, indented under `title:`, or take the heading out: its approved text stays as it is".into(),
                false => "write its text under `paragraphs:`, `items:` or `tables:`, indented under `title:`, or take the heading out".into(),
            });
        }
    }

    /// Reports a warning at `span` of `path`.
    fn warning_span(&mut self, path: &str, span: Range<usize>, message: String) -> &mut Diagnostic {
        let d = self.error_span(path, span, message);
        d.severity = crate::diagnostic::Severity::Warning;
        d
    }

    /// Reports a register or ledger (`what`) at `path` that is not where the
    /// commands that keep it read and write it (`wanted`): `issue` would
    /// start a register of its own there and hand out numbers again.
    fn named_for(&mut self, path: &str, wanted: &str, key: &str, what: &str, number: &str) {
        let wanted = self.set.name(wanted);
        if path == wanted {
            return;
        }
        self.error_at(
            path,
            &[key],
            format!("the {what} of `{number}` is kept in `{wanted}`, not here,"),
        );
        let hint = match self.set.sources.names().any(|p| p == wanted) {
            // A copy kept beside it, such as a backup.
            true => format!(
                "`{wanted}` is there: if this file is a copy of it, move the copy out of `data/`; ctrldoc reads every file there"
            ),
            false => format!(
                "rename the file to `{wanted}`; ctrldoc reads and writes the {what} there, and would number from 1 again"
            ),
        };
        self.out.last_mut().unwrap().hints.push(hint);
    }

    /// Warns of a form or document (`what`, in English and Chinese) whose
    /// file at `path` is named for another number than its own: looked for
    /// by its number, by a person or by ctrldoc's hint for a file it cannot
    /// read, it is not found. A number another file has too is said to be
    /// used twice instead.
    fn filed_under(&mut self, path: &str, number: &str, (what, what_zh): (&str, &str)) {
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
        let (stem, extension) = file.rsplit_once('.').unwrap_or((file, "yaml"));
        let numbers = self.set.forms.iter().map(|f| f.value.number.as_str());
        let numbers = numbers.chain(self.set.documents.iter().map(|d| d.value.number.as_str()));
        if stem == number || number.is_empty() || numbers.filter(|&n| n == number).count() > 1 {
            return;
        }
        let wanted = format!("{folder}/{number}.{extension}");
        // Named by the documents for its file's name, its `number:` is
        // what was written wrong, more likely than the file's name.
        let named = looks_numbered(stem)
            && self
                .set
                .documents
                .iter()
                .any(|d| texts(&d.value).iter().any(|t| t.contains(stem)));
        let d = self.warning_at(
            path,
            &["number"],
            format!("the {what} `{number}` is in a file named for `{stem}`,"),
        );
        let rename = format!(
            "rename the file to `{wanted}`: a {what}'s file is named for its number, and looked for by it"
        );
        let renumber =
            format!("if `{stem}` is its number, as the documents name it, write `number: {stem}`");
        let (rename_zh, renumber_zh) = (
            format!("将文件改名为 `{wanted}`：{what_zh}文件以编号命名，按编号查找"),
            format!("如其编号是文件中引用的“{stem}”，改写为 `number: {stem}`"),
        );
        d.chinese = Some((
            format!("{what_zh}“{number}”的文件名为“{stem}”，与编号不符"),
            match named {
                true => format!("{renumber_zh}；否则{rename_zh}"),
                false => rename_zh,
            },
        ));
        match named {
            true => d.hints.push(format!("{renumber}; else {rename}")),
            false => d.hints.push(rename),
        }
    }

    /// Reports a value said twice in a list (`key: value` in its items
    /// `first` and `second`, from 0), at the second, with the first shown
    /// too.
    fn twice(
        &mut self,
        path: &str,
        (list, key): (&str, &str),
        (first, second): (usize, usize),
        message: String,
    ) -> &mut Diagnostic {
        let text = self.text(path);
        let steps = |item: usize| {
            [
                locate::Step::Key(list),
                locate::Step::Item(item),
                locate::Step::Key(key),
            ]
        };
        // `key: value`, in a block or in `{…}`, its key bare or in quotes.
        let entry = |item: usize| {
            let value = locate::path(text, &steps(item))?;
            let key = locate::key_or_above(text, &steps(item))?;
            (key.end <= value.start).then_some(key.start..value.end)
        };
        let first = entry(first);
        // Else the nearest place above it that can be found.
        let second = entry(second)
            .or_else(|| locate::key_or_above(text, &steps(second)))
            .unwrap_or_else(|| locate::key_or_start(text, &[key]));
        let d = self.error_span(path, second, message);
        if let Some(first) = first {
            d.also
                .push((path.to_owned(), first, "first defined here".into()));
        }
        d
    }

    /// Where `value`, the value of the key reached by `keys`, is written;
    /// the key when it cannot be found.
    fn value_span(&self, path: &str, keys: &[&str], value: &str) -> Range<usize> {
        let text = self.text(path);
        let key = locate::key_or_start(text, keys);
        locate::text(text, value, key.end).unwrap_or(key)
    }

    /// Reports an error at the key reached by `keys`.
    fn error_at(&mut self, path: &str, keys: &[&str], message: String) -> &mut Diagnostic {
        let span = locate::key_or_start(self.text(path), keys);
        self.error_span(path, span, message)
    }

    /// Reports an error at the key `steps` lead to (`blocks[3].area.height`),
    /// or at the nearest place above it that can be found: a key named in
    /// many places of a file (`height`) is said where it is wrong.
    fn error_path(
        &mut self,
        path: &str,
        steps: &[locate::Step],
        message: String,
    ) -> &mut Diagnostic {
        let span = locate::key_or_above(self.text(path), steps).unwrap_or(0..0);
        self.error_span(path, span, message)
    }

    /// Reports a warning at the key reached by `keys`.
    fn warning_at(&mut self, path: &str, keys: &[&str], message: String) -> &mut Diagnostic {
        let d = self.error_at(path, keys, message);
        d.severity = crate::diagnostic::Severity::Warning;
        d
    }

    /// Warns of a name in a record (who issued a copy, took one back,
    /// printed or voided a sheet) spelt near a person of the organisation
    /// but not one: a slip that prints in the register. One near no one may
    /// be someone long gone.
    fn name_slip(&mut self, path: &str, key: &str, name: &str, what: (&str, &str)) {
        self.name_slip_at(path, name, what, |text| {
            locate::items(text, key, name)
                .into_iter()
                .next()
                .and_then(|item| locate::text(text, name, item.start))
                .unwrap_or_else(|| locate::key_or_start(text, &[key]))
        });
    }

    /// Warns of `name`, no person of the organisation but one character or
    /// so off one who is, at the span `find` finds in the file's text.
    fn name_slip_at(
        &mut self,
        path: &str,
        name: &str,
        (what, what_zh): (&str, &str),
        find: impl FnOnce(&str) -> Range<usize>,
    ) {
        let Some(org) = self.org() else { return };
        if org.person(name).is_some() {
            return;
        }
        let Some(best) = did_you_mean(name, org.people.iter().map(|p| p.name.as_str())) else {
            return;
        };
        let span = find(self.text(path));
        let said = self.warning_span(
            path,
            span,
            format!("`{name}`, {what}, is not a person of the organisation"),
        );
        said.hints.push(format!("did you mean `{best}`?"));
        said.chinese = Some((
            format!("{what_zh}“{name}”不是本组织的人员"),
            format!("是否应为“{best}”？"),
        ));
    }

    /// The day `name` left the company, when that was before `on`.
    fn left_before(&self, name: &str, on: NaiveDate) -> Option<NaiveDate> {
        self.org()?.person(name)?.left_before(on)
    }

    fn org(&self) -> Option<&'a Organisation> {
        let set: &'a DocumentSet = self.set;
        set.organisation.as_ref().map(|o| &o.value)
    }

    /// Reports `id` when it names no department, pointing at it from `near` on.
    fn check_department(&mut self, path: &str, near: usize, id: &str) {
        let Some(org) = self.org() else { return };
        if org.department(id).is_some() {
            return;
        }
        let mut known: Vec<&str> = org.departments.iter().map(|d| d.id.as_str()).collect();
        // A department defined twice is said on its own.
        let mut listed = BTreeSet::new();
        known.retain(|id| listed.insert(*id));
        let span = locate::text(self.text(path), id, near).unwrap_or(near..near);
        let named = org.departments.iter().find(|d| d.name == id);
        let d = self.error_span(path, span, format!("unknown department `{id}`"));
        if let Some(named) = named {
            d.hints.push(format!(
                "`{id}` is the name of department `{}`: write its id, `{}`",
                named.id, named.id
            ));
            return;
        }
        match did_you_mean(id, known.iter().copied()) {
            // The id is the one in lower case, said at its definition.
            Some(best) if best.eq_ignore_ascii_case(id) && *best != best.to_ascii_uppercase() => {
                d.hints.push(format!(
                    "the department is defined as `{best}`: write its id in capitals there, `{}`",
                    best.to_ascii_uppercase()
                ))
            }
            Some(best) => d.hints.push(format!("did you mean `{best}`?")),
            None => d.hints.push(format!(
                "departments are defined in `data/organisation.yaml`: {}",
                known.join(", ")
            )),
        }
    }

    fn organisation(&mut self, org: &Loaded<Organisation>) {
        let path = org.path.as_str();
        let (mut seen, mut named) = (BTreeMap::new(), BTreeMap::new());
        for (i, dept) in org.value.departments.iter().enumerate() {
            if let Some(&first) = seen.get(dept.id.as_str()) {
                self.twice(
                    path,
                    ("departments", "id"),
                    (first, i),
                    format!("department `{}` is defined twice", dept.id),
                );
                continue;
            }
            seen.insert(dept.id.as_str(), i);
            // As the codes in documents' and forms' numbers (QR-XS-001) are.
            if dept.id != dept.id.to_ascii_uppercase() {
                let capitals = dept.id.to_ascii_uppercase();
                let span = locate::list_item(self.text(path), "departments", i)
                    .and_then(|item| locate::in_item(self.text(path), &item, "id"))
                    .unwrap_or_else(|| locate::key_or_start(self.text(path), &["departments"]));
                let said = self.warning_span(
                    path,
                    span,
                    format!("department id `{}` has lower-case letters", dept.id),
                );
                said.hints.push(format!(
                    "write it in capitals, `{capitals}`, as the codes in documents' and forms' numbers are"
                ));
                said.chinese = Some((
                    format!("部门代码 `{}` 含小写字母", dept.id),
                    format!("请用大写字母，写作 `{capitals}`，与文件及表单编号中的代码一致"),
                ));
            }
            if let Some(&first) = named.get(dept.name.as_str()) {
                // Registers and copies name a holder by its name.
                self.twice(
                    path,
                    ("departments", "name"),
                    (first, i),
                    format!("two departments are named `{}`", dept.name),
                )
                .hints
                .push("a copy's holder is recorded by name, so each department needs a name of its own".into());
            }
            named.entry(dept.name.as_str()).or_insert(i);
        }
        let mut names = BTreeMap::new();
        for (i, person) in org.value.people.iter().enumerate() {
            if let Some(&first) = names.get(person.name.as_str()) {
                self.twice(
                    path,
                    ("people", "name"),
                    (first, i),
                    format!("person `{}` is defined twice", person.name),
                )
                .hints
                .push("names identify people in approval chains, so each must be unique".into());
            }
            names.entry(person.name.as_str()).or_insert(i);
            let near = locate::text(self.text(path), &person.name, 0).map_or(0, |s| s.start);
            self.check_department(path, near, &person.department);
        }
    }

    fn unique_numbers(&mut self) {
        let mut first: BTreeMap<&str, &str> = BTreeMap::new();
        let numbered = self
            .set
            .documents
            .iter()
            .map(|d| (d.value.number.as_str(), d.path.as_str()))
            .chain(
                self.set
                    .forms
                    .iter()
                    .map(|f| (f.value.number.as_str(), f.path.as_str())),
            );
        let mut dupes = vec![];
        for (number, path) in numbered {
            match first.get(number) {
                Some(other) => dupes.push((number, path, *other)),
                None => {
                    first.insert(number, path);
                }
            }
        }
        for (number, path, other) in dupes {
            // The file named for another number is the one copied and not
            // renumbered, more likely than the one named for its own.
            let (path, other) = match stem(path) == number && stem(other) != number {
                true => (other, path),
                false => (path, other),
            };
            let first_span = locate::key_or_start(self.text(other), &["number"]);
            let d = self.error_at(
                path,
                &["number"],
                format!("number `{number}` is already used by `{other}`"),
            );
            d.also
                .push((other.to_owned(), first_span, "first used here".into()));
            d.hints.push(match stem(path) {
                named if named != number && looks_numbered(named) => format!(
                    "every document and form needs a number of its own: if this file's is `{named}`, write `number: {named}`"
                ),
                _ => "every document and form needs a number of its own".into(),
            });
        }
    }

    fn version(&mut self, path: &str, version: &str) {
        let scheme = self.set.settings.version_scheme;
        if !scheme.accepts(version) {
            self.error_at(
                path,
                &["version"],
                format!("version `{version}` does not follow the set's version scheme"),
            )
            .hints
            .push(format!(
                "write it like `{}` (see `version_scheme` in `data/settings.yaml`)",
                scheme.first()
            ));
        }
    }

    /// A review period of no months would make every review due the day
    /// it is made.
    fn review_period(&mut self) {
        let settings = "data/settings.yaml";
        if self.set.settings.default_review_months == 0 {
            self.error_at(
                settings,
                &["default_review_months"],
                "`default_review_months: 0` makes a review due the day it is made".into(),
            )
            .hints
            .push("give the months between periodic reviews, e.g. `12`".into());
        }
        for loaded in &self.set.documents {
            if loaded.value.review_months == Some(0) {
                let path = loaded.path.clone();
                self.error_at(
                    &path,
                    &["review_months"],
                    "`review_months: 0` makes a review due the day it is made".into(),
                )
                .hints
                .push("give the months between periodic reviews, e.g. `12`, or leave it out for the settings' default".into());
            }
        }
    }

    fn document(&mut self, loaded: &Loaded<Document>) {
        let path = loaded.path.as_str();
        let doc = &loaded.value;
        self.filed_under(path, doc.number.as_str(), ("document", "文件"));
        self.version(path, doc.version.as_str());
        self.required(
            path,
            "title",
            &doc.title,
            "write the document's name, e.g. `销售服务管控管理制度`",
        );
        let near = locate::key_or_start(self.text(path), &["department"]).start;
        self.check_department(path, near, &doc.department);
        self.approvals(path, doc);
        self.history(path, &doc.history, &doc.version, Some(doc.number.as_str()));
        self.revision_author(path, doc);
        self.reviews(path, doc);
        if doc.body.is_empty() {
            self.error_at(path, &["body"], "the document has no text".into())
                .hints
                .push("add parts under `body:`, each with a `title:`".into());
        }
        self.document_text(path, doc);
        self.empty_texts(path, doc);
        self.empty_headings(path, doc);
        self.written_after_sections(path, doc);
        self.text_tables(path, doc);
    }

    /// A table of the text: headings, and a text for each of them in every
    /// row; and a handbook template that prints tables (one made before
    /// documents had them would leave them out without a word).
    fn text_tables(&mut self, path: &str, doc: &Document) {
        use locate::Step::{Item, Key};
        let file = self.text(path).to_owned();
        let tables = tables_in_file(&file, doc);
        if tables.is_empty() {
            return;
        }
        // Each table's `columns:`, which every table has, in file order.
        let keys: Vec<Option<Range<usize>>> = tables
            .iter()
            .map(|(_, _, steps)| locate::key_or_above(&file, steps))
            .collect();
        let handbook = self.set.root.join("forms/handbook.typ.j2");
        if let Ok(template) = std::fs::read_to_string(&handbook)
            && !template.contains(".tables")
        {
            // The first table's `tables:`.
            let steps = &tables[0].2;
            let span = locate::key_or_above(&file, &steps[..steps.len() - 2]).unwrap_or(0..0);
            self.error_span(
                path,
                span,
                format!(
                    "`{}` prints no tables, so the document's would be left out",
                    self.set.name("forms/handbook.typ.j2")
                ),
            )
            .hints
            .push("take `forms/handbook.typ.j2` and `forms/house.typ` together from a new set (`ctrldoc init DIR`), then make your own changes to them again: the new handbook template needs the new house style".into());
        }
        for (n, (name, table, steps)) in tables.iter().enumerate() {
            let key = keys[n].clone();
            let called = table
                .caption
                .as_deref()
                .map_or(name.clone(), |c| format!("{name}, `{c}`,"));
            if table.columns.is_empty() {
                let span = key.clone().unwrap_or(0..0);
                self.error_span(path, span, format!("{called} has no columns"))
                    .hints
                    .push("give its headings, e.g. `columns: [考核项目, 分值, 考核要求]`".into());
                continue;
            }
            if table.rows.is_empty() {
                let span = key.clone().unwrap_or(0..0);
                let (line, column) = position(self.text(path), span.start);
                let whose = chinese_name(steps);
                let caption = table
                    .caption
                    .as_deref()
                    .map_or(String::new(), |c| format!("“{c}”"));
                let said = self.warning_span(
                    path,
                    span,
                    format!("{called} has no rows, and prints its headings alone,"),
                );
                said.hints.push("give its rows under `rows:`, a text for each column, e.g. `- [销售任务完成, 30, 按月考核]`".into());
                said.chinese = Some((
                    format!(
                        "{whose}表格{caption}没有行，只印出表头，位于 `{path}:{line}:{column}`"
                    ),
                    "在 `rows:` 下写出各行，每列一项，如 `- [销售任务完成, 30, 按月考核]`".into(),
                ));
            }
            for (r, row) in table.rows.iter().enumerate() {
                if row.len() == table.columns.len() {
                    continue;
                }
                // The row's line; in rows written `[[…], […]]`, theirs.
                let mut steps = steps[..steps.len() - 1].to_vec();
                steps.extend([Key("rows"), Item(r)]);
                let span = locate::key_or_above(&file, &steps)
                    .or(key.clone())
                    .unwrap_or(0..0);
                let texts = match row.len() {
                    1 => "1 text".to_owned(),
                    n => format!("{n} texts"),
                };
                let columns = match table.columns.len() {
                    1 => "its 1 column".to_owned(),
                    n => format!("its {n} columns"),
                };
                self.error_span(
                    path,
                    span,
                    format!("row {} of {called} has {texts} for {columns}", r + 1),
                )
                .hints
                .push(format!(
                    "write a text for each of `{}`, an empty one as `\"\"`",
                    table.columns.join("`, `")
                ));
            }
        }
    }

    /// A heading, paragraph or item of the text with nothing to print (a
    /// stray `-`, a `title:` left blank), or written as YAML's word for
    /// nothing (`~`, `null`, unquoted), which a text takes as the word
    /// itself: each would be printed, as an empty heading or item, or as
    /// the word.
    fn empty_texts(&mut self, path: &str, doc: &Document) {
        use locate::Step::{Item, Key};
        fn add<'a>(
            texts: &mut Vec<Placed<'a>>,
            at: &[locate::Step<'static>],
            whose: &str,
            title: &'a str,
            paragraphs: &'a [String],
            items: &'a [String],
        ) {
            let steps = [at, &[Key("title")]].concat();
            texts.push((steps, format!("the title of {whose}"), title, Said::Title));
            for (kind, what, said, own) in [
                ("paragraphs", "paragraph", Said::Paragraph, paragraphs),
                ("items", "item", Said::Item, items),
            ] {
                for (n, text) in own.iter().enumerate() {
                    let steps = [at, &[Key(kind), Item(n)]].concat();
                    texts.push((steps, format!("{what} {} of {whose}", n + 1), text, said));
                }
            }
        }
        let mut texts: Vec<Placed> = vec![];
        for (i, part) in doc.body.iter().enumerate() {
            let at = [Key("body"), Item(i)];
            let whose = format!("part {}", i + 1);
            add(
                &mut texts,
                &at,
                &whose,
                &part.title,
                &part.paragraphs,
                &part.items,
            );
            for (j, section) in part.sections.iter().enumerate() {
                let at = [Key("body"), Item(i), Key("sections"), Item(j)];
                let whose = format!("section {}.{}", i + 1, j + 1);
                add(
                    &mut texts,
                    &at,
                    &whose,
                    &section.title,
                    &section.paragraphs,
                    &section.items,
                );
            }
        }
        // A table's headings, which may be left blank as `''`.
        for (name, table, steps) in tables_printed(doc) {
            for (n, heading) in table.columns.iter().enumerate() {
                let steps = [steps.as_slice(), &[Item(n)]].concat();
                texts.push((
                    steps,
                    format!("heading {} of {name}", n + 1),
                    heading,
                    Said::Label,
                ));
            }
        }
        self.written_as_nothing(path, texts);
    }

    /// A text of a form's layout written as YAML's word for nothing (`~`,
    /// `null`, or nothing after its key or dash): printed as the word, or
    /// left blank where a label was meant. A blank one is written `''`.
    fn empty_labels(&mut self, path: &str, form: &Form) {
        use locate::Step::{Item, Key};
        type Steps = Vec<locate::Step<'static>>;
        // Each text is named only when it is to be said: every label of
        // every form is read, 10,011 forms' in the benchmark.
        fn one<'a>(
            texts: &mut Vec<Placed<'a>>,
            text: &'a str,
            steps: impl FnOnce() -> Steps,
            what: impl FnOnce() -> String,
        ) {
            if suspect(text, Said::Label) {
                texts.push((steps(), what(), text, Said::Label));
            }
        }
        fn each<'a>(
            texts: &mut Vec<Placed<'a>>,
            list: &'a [String],
            at: Steps,
            what: impl Fn(usize) -> String,
        ) {
            for (n, text) in list.iter().enumerate() {
                one(
                    texts,
                    text,
                    || [at.as_slice(), &[Item(n)]].concat(),
                    || what(n + 1),
                );
            }
        }
        let mut texts: Vec<Placed> = vec![];
        for (k, block) in form.blocks.iter().enumerate() {
            let at = |more: &[locate::Step<'static>]| [&[Key("blocks"), Item(k)], more].concat();
            let whose = || format!("block {}", k + 1);
            match block {
                Block::Fields(fields) => {
                    let what = |n| format!("label {n} of the fields of {}", whose());
                    each(
                        &mut texts,
                        &fields.labels,
                        at(&[Key("fields"), Key("labels")]),
                        what,
                    );
                }
                Block::Table(table) => {
                    for (n, column) in table.columns.iter().enumerate() {
                        let steps = || at(&[Key("table"), Key("columns"), Item(n), Key("label")]);
                        let what = || {
                            format!(
                                "the heading of column {} of the table of {}",
                                n + 1,
                                whose()
                            )
                        };
                        one(&mut texts, &column.label, steps, what);
                    }
                }
                Block::Area(area) => {
                    let what = || format!("the label of the area of {}", whose());
                    one(
                        &mut texts,
                        &area.label,
                        || at(&[Key("area"), Key("label")]),
                        what,
                    );
                }
                Block::Checks(checks) => {
                    let what = || format!("the label of the tick boxes of {}", whose());
                    one(
                        &mut texts,
                        &checks.label,
                        || at(&[Key("checks"), Key("label")]),
                        what,
                    );
                    let what = |n| format!("option {n} of the tick boxes of {}", whose());
                    each(
                        &mut texts,
                        &checks.options,
                        at(&[Key("checks"), Key("options")]),
                        what,
                    );
                }
                Block::Signatures(roles) => {
                    let what = |n| format!("role {n} of the signatures of {}", whose());
                    each(&mut texts, roles, at(&[Key("signatures")]), what);
                }
                Block::Note(note) => {
                    let what = || format!("the note of {}", whose());
                    one(&mut texts, note, || at(&[Key("note")]), what);
                }
            }
        }
        each(&mut texts, &form.clauses, vec![Key("clauses")], |n| {
            format!("clause {n}")
        });
        // An empty part is said with the parts named twice.
        for (n, part) in form.parts.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            let what = || format!("part {} of `parts`", n + 1);
            one(&mut texts, part, || vec![Key("parts"), Item(n)], what);
        }
        self.written_as_nothing(path, texts);
    }

    /// Says each of `texts` that is YAML's word for nothing, unquoted, or
    /// (but for a form's text, which may be left blank as `''`) has nothing
    /// to print.
    fn written_as_nothing(&mut self, path: &str, mut texts: Vec<Placed>) {
        use locate::Step::{Item, Key};
        texts.retain(|(_, _, text, said)| suspect(text, *said));
        if texts.is_empty() {
            return;
        }
        let file = self.text(path).to_owned();
        // Read again as YAML's own values, which tell the word for nothing
        // (`~`, `null`, or nothing at all), however written, from a text.
        let tree: Option<serde_yaml::Value> = serde_yaml::from_str(&file).ok();
        for (steps, what, text, said) in texts {
            let value = steps.iter().try_fold(tree.as_ref(), |node, step| {
                Some(match step {
                    Key(key) => node?.get(key),
                    Item(n) => node?.get(n),
                })
            });
            let nothing = matches!(value.flatten(), Some(serde_yaml::Value::Null));
            let word = printed(text);
            if (word || said == Said::Label) && !nothing {
                // Quoted: printed as meant.
                continue;
            }
            // Where it is written, or the nearest place above it that can
            // be found (a list written `[…]` is not followed into).
            let span = locate::key_or_above(&file, &steps).unwrap_or(0..0);
            let write = match said {
                Said::Title => "write its heading",
                Said::Label => "write its text",
                Said::Paragraph | Said::Item => "write its text, or take the line out",
            };
            let message = match (word, said) {
                (true, _) => format!(
                    "{what} is an unquoted `{text}`, YAML's word for nothing, and would be printed as `{text}`,"
                ),
                (false, Said::Title) => {
                    format!("{what} is empty: its heading would be printed as its number alone,")
                }
                (false, Said::Item) => {
                    format!("{what} is empty: it would be printed as its letter alone,")
                }
                (false, Said::Paragraph) => {
                    format!(
                        "{what} has nothing to print: a stray `-`, or a text left out or blank,"
                    )
                }
                (false, Said::Label) => format!("{what} is left empty,"),
            };
            let hint = match (word, said) {
                (true, _) => format!("{write}; to print the word, quote it: `'{text}'`"),
                (false, Said::Label) => format!("{write}, or write `''` to leave it blank"),
                (false, _) => write.to_owned(),
            };
            self.error_span(path, span, message).hints.push(hint);
        }
    }

    /// Warns of a part's paragraphs or items written below its sections:
    /// they print above them, under the part's heading. Most often they
    /// belong to the last section, and lost their indentation.
    fn written_after_sections(&mut self, path: &str, doc: &Document) {
        let file = self.text(path);
        for (index, part) in doc.body.iter().enumerate() {
            let Some(last) = part.sections.last() else {
                continue;
            };
            let keys = locate::item_keys(file, "body", index);
            let Some(sections) = keys.iter().position(|(k, _)| k == "sections") else {
                continue;
            };
            for (key, span) in &keys[sections + 1..] {
                if !["paragraphs", "items", "tables"].contains(&key.as_str()) {
                    continue;
                }
                let (line, column) = position(file, span.start);
                self.out.push(
                    Diagnostic::warning(format!(
                        "`{key}:` of part {} ({}) is written below its sections, but prints above them, under the part's heading, in `{path}:{line}:{column}`",
                        index + 1,
                        part.title
                    ))
                    .at(path, span.clone())
                    .hint({
                        let has_own = match key.as_str() {
                            "items" => !last.items.is_empty(),
                            "tables" => !last.tables.is_empty(),
                            _ => !last.paragraphs.is_empty(),
                        };
                        let there = if has_own {
                            format!("move them into that section's own `{key}:` list")
                        } else {
                            format!("indent `{key}:` in line with that section's `title:`")
                        };
                        format!(
                            "if they belong to its last section ({}), {there}; if they belong to the part, move `{key}:` above `sections:`",
                            last.title
                        )
                    })
                    .chinese(
                        format!(
                            "第 {} 部分（{}）的 `{key}:` 写在其各节之下，却印在各节之上、该部分标题之下，位于 `{path}:{line}:{column}`",
                            index + 1,
                            part.title
                        ),
                        format!(
                            "如属于其最后一节（{}），请移入该节或与该节的 `title:` 对齐；如属于该部分，请将 `{key}:` 移到 `sections:` 之上",
                            last.title
                        ),
                    ),
                );
            }
        }
    }

    fn approvals(&mut self, path: &str, doc: &Document) {
        let chain = Role::CHAIN;
        if doc.status == Status::Effective {
            for role in chain {
                if doc.signature(role).is_none() {
                    self.error_at(path, &["status"], format!("effective document has no `{}` ({})", role.key(), self.set.labels.role(role)))
                        .hints
                        .push(format!("if it was taken out by hand, put it back as it was signed: `{}: {{ name: …, date: YYYY-MM-DD }}`; a version not yet signed so is a draft (`status: draft`), signed with `ctrldoc approve`", role.key()));
                }
            }
            if doc.effective.is_none() {
                // At `effective:` when it is written with no date.
                let written = locate::key(self.text(path), &["effective"]).is_some();
                let key = if written { "effective" } else { "status" };
                self.error_at(
                    path,
                    &[key],
                    "effective document has no `effective` date (生效日期)".into(),
                )
                .hints
                .push(if written {
                    "write the date after `effective: `, as YYYY-MM-DD".into()
                } else {
                    "add `effective: YYYY-MM-DD`".into()
                });
            }
        }
        if let Some(org) = self.org().cloned() {
            for role in chain {
                let Some(sig) = doc.signature(role) else {
                    continue;
                };
                // The name as written, not its key.
                let name = self.value_span(path, &[role.key(), "name"], &sig.name);
                match org.person(&sig.name) {
                    None => {
                        self.error_span(
                            path,
                            name,
                            format!("`{}` is not a person of the organisation", sig.name),
                        )
                        .hints
                        .push(org.signer_hint(&sig.name));
                    }
                    Some(person) if !person.roles.contains(&role) => {
                        self.error_span(path, name, format!("`{}` may not {} documents ({})", sig.name, role_verb(role), self.set.labels.role(role)))
                            .hints
                            .push(format!("add `{}` to their `roles` in `data/organisation.yaml`, or choose someone who has it; a person who held it and has left keeps it, with `left: YYYY-MM-DD`", role_verb(role)));
                    }
                    Some(person) if let Some(left) = person.left_before(sig.date) => {
                        self.error_at(
                            path,
                            &[role.key(), "date"],
                            format!(
                                "`{}` signed on {}, after leaving the company on {left}",
                                sig.name, sig.date
                            ),
                        )
                        .hints
                        .push(
                            "choose someone who is still with the company, or correct the date"
                                .into(),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
        // Two steps of the chain signed by one person: warned of, the
        // second at its signature. One who prepared and approved it is an
        // error, below.
        let labels = &self.set.labels;
        let twice = [
            (
                &doc.prepared,
                &doc.reviewed,
                "reviewed",
                "prepared and reviewed",
                format!(
                    "a review ({}) is a second person's check: have someone else review it",
                    labels.role(Role::Review)
                ),
                ("既编制又审核", "审核是另一人的复核：请由他人审核"),
            ),
            (
                &doc.reviewed,
                &doc.approved,
                "approved",
                "reviewed and approved",
                format!(
                    "an approval ({}) follows a review ({}) by another: have someone else review it, or approve it",
                    labels.role(Role::Approve),
                    labels.role(Role::Review)
                ),
                ("既审核又批准", "批准应在他人审核之后：请由他人审核或批准"),
            ),
        ];
        for (first, second, key, both, hint, (both_zh, hint_zh)) in twice {
            let (Some(first), Some(second)) = (first, second) else {
                continue;
            };
            let prepared = doc.prepared.as_ref().map(|p| p.name.as_str());
            if first.name != second.name || (key == "approved" && prepared == Some(&second.name)) {
                continue;
            }
            let said = self.warning_at(
                path,
                &[key, "name"],
                format!("`{}` both {both} the document,", second.name),
            );
            said.hints.push(hint);
            said.chinese = Some((
                format!("“{}”{both_zh}了该文件", second.name),
                hint_zh.into(),
            ));
        }
        if let (Some(p), Some(a)) = (&doc.prepared, &doc.approved)
            && p.name == a.name
        {
            self.error_at(
                path,
                &["approved", "name"],
                format!("`{}` both prepared and approved the document", a.name),
            )
            .hints
            .push("the approver must be someone other than the preparer".into());
        }
        // 编制 ≤ 审核 ≤ 批准 ≤ 生效.
        let mut steps: Vec<(&str, &str, NaiveDate)> = chain
            .iter()
            .filter_map(|&r| {
                doc.signature(r)
                    .map(|s| (r.key(), self.set.labels.role(r), s.date))
            })
            .collect();
        if let Some(date) = doc.effective {
            steps.push(("effective", self.set.labels.get("effective_date"), date));
        }
        for pair in steps.windows(2) {
            let ((k1, l1, d1), (k2, l2, d2)) = (pair[0], pair[1]);
            if d2 < d1 {
                let keys: &[&str] = if k2 == "effective" {
                    &["effective"]
                } else {
                    &[k2, "date"]
                };
                self.error_at(
                    path,
                    keys,
                    format!("`{k2}` date {d2} is before `{k1}` date {d1}"),
                )
                .hints
                .push(format!(
                    "dates must follow the chain: {l1} on or before {l2}"
                ));
            }
        }
    }

    /// A revision record: one of a document's is required, a form's is not.
    /// Checks a revision record against its version: a document's, with
    /// its number, or a form's (`document` is `None`).
    fn history(
        &mut self,
        path: &str,
        history: &[Revision],
        version: &Version,
        document: Option<&str>,
    ) {
        let what = if document.is_some() {
            "document"
        } else {
            "form"
        };
        match history.last() {
            None if what == "form" => {}
            None => {
                self.error_at(path, &["history"], "the revision record is empty".into())
                    .hints
                    .push(format!("add `- {{ version: {version}, date: …, summary: 首次发布, author: … }}` under `history:`"));
            }
            // A version the scheme does not accept is said on its own.
            Some(last)
                if last.version != *version
                    && self.set.settings.version_scheme.accepts(version.as_str()) =>
            {
                use locate::Step::{Item, Key};
                let ahead = self
                    .set
                    .settings
                    .version_scheme
                    .order(last.version.as_str(), version.as_str());
                let message = format!(
                    "the revision record ends at `{}` but the {what} is at `{version}`",
                    last.version
                );
                let entry = [Key("history"), Item(history.len() - 1), Key("version")];
                // The record ahead of the version: an entry written by hand
                // for a version never opened; said at the entry.
                if ahead == Some(std::cmp::Ordering::Greater) {
                    self.error_path(path, &entry, message).hints.push(format!(
                        "`ctrldoc revise` opens the next version and records it in `history:` at once: if the entry for `{}` was written by hand, take it out, and open the version with `ctrldoc revise`",
                        last.version
                    ));
                    return;
                }
                // The version ahead of the record: most often `version:`
                // changed by hand, said at it. An entry is what is missing
                // only where the version before it is kept: a form keeps
                // none, a document keeps its snapshot.
                let kept = document.is_none_or(|number| {
                    self.set
                        .root
                        .join(crate::archive::base(number, &last.version.file_stem()))
                        .is_dir()
                });
                let at = locate::key_or_above(self.text(path), &entry);
                let hint = if kept {
                    format!(
                        "`ctrldoc revise` opens the next version and records it in `history:` at once: if `version:` was changed by hand, put back `version: {}` and run it; else add an entry for `{version}` at the end of `history:`",
                        last.version
                    )
                } else {
                    format!(
                        "put back `version: {}`, and open the next version with `ctrldoc revise {} --summary TEXT`, which keeps {} and records the new one in `history:` at once",
                        last.version,
                        document.unwrap_or_default(),
                        last.version
                    )
                };
                let d = self.error_at(path, &["version"], message);
                d.hints.push(hint);
                if let Some(at) = at {
                    d.also
                        .push((path.to_owned(), at, "the record's last entry".to_owned()));
                }
            }
            Some(_) => {}
        }
        // An author who is no person of the organisation, a slip that would
        // print on the revision record (`revise --author` refuses one): a
        // warning, as one of a version long ago may have left before the
        // organisation was written down.
        if let Some(org) = self.org().cloned() {
            for entry in history {
                // Two who wrote it (李珺、王喆), or one with their post
                // (李珺（销售管控专员）), are people of it too.
                let mut names = entry
                    .author
                    .split(['、', '，', ',', '/'])
                    .map(|name| name.split(['（', '(']).next().unwrap_or(name).trim());
                let Some(stranger) = names.find(|name| org.person(name).is_none()) else {
                    continue;
                };
                let names = org.people.iter().map(|p| p.name.as_str());
                let (hint, hint_zh) = match did_you_mean(stranger, names) {
                    Some(best) => (format!("did you mean `{best}`?"), format!("是否应为“{best}”？")),
                    None => (
                        "write the name of a person of `data/organisation.yaml`; one who has left stays under `people:`, with the day they left (`left:`)".to_owned(),
                        "应填写 `data/organisation.yaml` 中人员的姓名；已离职人员保留在 `people:` 下，并注明离职日期（`left:`）".to_owned(),
                    ),
                };
                let text = self.text(path);
                let list = locate::key_or_start(text, &["history"]);
                let span = locate::text(text, &entry.author, list.end).unwrap_or(list);
                let said = self.error_span(
                    path,
                    span,
                    match stranger == entry.author.trim() {
                        true => format!(
                            "the author of {} in the revision record, `{}`, is not a person of the organisation",
                            entry.version, entry.author
                        ),
                        false => format!(
                            "the author of {} in the revision record, `{}`, names `{stranger}`, who is not a person of the organisation",
                            entry.version, entry.author
                        ),
                    },
                );
                said.severity = crate::diagnostic::Severity::Warning;
                said.hints.push(hint);
                said.chinese = Some((
                    format!(
                        "修订记录中 {} 版的修订人“{}”不是本组织的人员",
                        entry.version, entry.author
                    ),
                    hint_zh,
                ));
            }
        }
        // Each version once: the handbook prints the record as written.
        let mut recorded = BTreeSet::new();
        for (n, entry) in history.iter().enumerate() {
            if !recorded.insert(entry.version.as_str()) {
                use locate::Step::{Item, Key};
                self.error_path(
                    path,
                    &[Key("history"), Item(n), Key("version")],
                    format!("revision `{}` is recorded twice", entry.version),
                )
                .hints
                .push("keep one entry for each version, and take the other out".into());
            }
        }
        for (n, pair) in history.windows(2).enumerate() {
            if pair[1].date < pair[0].date && pair[1].version != pair[0].version {
                use locate::Step::{Item, Key};
                self.error_path(
                    path,
                    &[Key("history"), Item(n + 1), Key("date")],
                    format!(
                        "revision `{}` is dated before revision `{}`",
                        pair[1].version, pair[0].version
                    ),
                )
                .hints
                .push("list revisions oldest first".into());
            }
        }
    }

    /// The revision record's author of the version being signed or in
    /// force, when it is not who prepared (编制) it: `revise` writes the
    /// author before anyone prepares the draft (by default, who prepared the
    /// version before), and the handbook would print two names for one
    /// revision (found by a reviewer).
    fn revision_author(&mut self, path: &str, doc: &Document) {
        let (Some(prepared), Some(last)) = (&doc.prepared, doc.history.last()) else {
            return;
        };
        // Said while the draft is signed; once in force, what was kept
        // stands.
        if doc.status == Status::Effective
            || last.version != doc.version
            || last.author.trim() == prepared.name.trim()
        {
            return;
        }
        // Only between people of the organisation: a slip is said as such.
        let Some(org) = self.org() else { return };
        if org.person(&last.author).is_none() || org.person(&prepared.name).is_none() {
            return;
        }
        let text = self.text(path);
        let span = locate::list_item(text, "history", doc.history.len() - 1)
            .and_then(|item| locate::in_item(text, &item, "author"))
            .unwrap_or_else(|| locate::key_or_start(text, &["history"]));
        // Named as the set's labels print them, in its language.
        let labels = &self.set.labels;
        let (revised_by, prepare) = (labels.get("revision_author"), labels.get("prepare"));
        let gloss = match labels.language {
            crate::labels::Language::Chinese => format!(" ({prepare})"),
            crate::labels::Language::English => String::new(),
        };
        let message = format!(
            "the revision record names `{}` as the author of {}, which `{}` prepared{gloss},",
            last.author, doc.version, prepared.name
        );
        let hint = format!(
            "the handbook prints both, as “{revised_by}” and “{prepare}”: if {} wrote the revision, write `author: {}` before the draft is approved; this is said only while it is a draft",
            prepared.name, prepared.name
        );
        let said = self.warning_span(path, span, message);
        said.hints.push(hint);
        said.chinese = Some((
            format!(
                "修订记录将“{}”记为 {} 版的修订人，而该版由“{}”编制",
                last.author, doc.version, prepared.name
            ),
            format!(
                "文件同时印出修订人和编制人：如修订由{}撰写，请在草稿批准前写明 `author: {}`；此项仅在草稿阶段提示",
                prepared.name, prepared.name
            ),
        ));
    }

    /// Periodic reviews: of an approved version, after it took effect, in
    /// order, each by someone who may review or approve documents.
    fn reviews(&mut self, path: &str, doc: &Document) {
        let text = self.text(path);
        let list = locate::key_or_start(text, &["reviews"]);
        // The review's own `date` line when it is written as a block, else
        // its date wherever it is written, else the key.
        let at = |date: NaiveDate| {
            let date = date.to_string();
            locate::items(text, "date", &date)
                .into_iter()
                .find(|span| span.start > list.start)
                .or_else(|| locate::text(text, &date, list.end))
                .unwrap_or(list.clone())
        };
        // Review `index`'s `name`, where it is written as a block item.
        let by = |index: usize, date: NaiveDate| {
            locate::list_item(text, "reviews", index)
                .and_then(|item| locate::in_item(text, &item, "name"))
                .unwrap_or_else(|| at(date))
        };
        let Some(first) = doc.reviews.first() else {
            return;
        };
        if doc.status != Status::Effective {
            self.error_span(
                path,
                at(first.date),
                format!(
                    "version {} is a draft, and has no periodic reviews to record",
                    doc.version
                ),
            )
            .hints
            .push("a version is reviewed once it is in force; its approval chain reviews a draft: remove `reviews:`".into());
            return;
        }
        let mut last = doc.effective;
        for (index, review) in doc.reviews.iter().enumerate() {
            if let Some(before) = last.filter(|&d| review.date < d) {
                let what = if Some(before) == doc.effective {
                    "the version took effect"
                } else {
                    "the review before it"
                };
                self.error_span(
                    path,
                    at(review.date),
                    format!(
                        "the review dated {} is before {what}, on {before}",
                        review.date
                    ),
                )
                .hints
                .push("list reviews oldest first, each after the version took effect".into());
            }
            last = last.max(Some(review.date));
            let Some(org) = self.org() else {
                continue;
            };
            let may = |p: &crate::model::Person| {
                p.roles.contains(&Role::Review) || p.roles.contains(&Role::Approve)
            };
            match org.person(&review.name) {
                None => {
                    self.error_span(
                        path,
                        by(index, review.date),
                        format!(
                            "the review dated {} is by `{}`, who is not a person of the organisation",
                            review.date, review.name
                        ),
                    )
                    .hints
                    .push(org.signer_hint(&review.name));
                }
                Some(person) if let Some(left) = person.left_before(review.date) => {
                    self.error_span(
                        path,
                        by(index, review.date),
                        format!(
                            "the review dated {} is by `{}`, who left the company on {left}",
                            review.date, review.name
                        ),
                    )
                    .hints
                    .push(
                        "choose someone who is still with the company, or correct the date".into(),
                    );
                }
                Some(person) if !may(person) => {
                    self.error_span(
                        path,
                        by(index, review.date),
                        format!(
                            "the review dated {} is by `{}`, who may neither review nor approve documents",
                            review.date, review.name
                        ),
                    )
                    .hints
                    .push("add `review` to their `roles` in `data/organisation.yaml`, or choose someone who has it or `approve`".into());
                }
                Some(_) => {}
            }
        }
    }

    fn document_text(&mut self, path: &str, doc: &Document) {
        let file = self.text(path);
        let mut from = 0;
        for (text, at) in texts_located(file, doc) {
            if let Some(span) = &at {
                from = span.start;
            }
            match self.expander.expand(text) {
                Ok(_) => {}
                Err(ExpandError::UnknownForm { number, .. })
                    if self.set.is_unreadable_form(&number) => {}
                Err(ExpandError::UnknownForm { number, suggestion }) => {
                    let span = locate::text(file, &number, from)
                        .or(at.clone())
                        .unwrap_or(0..0);
                    // A form whose file is named for it, numbered otherwise:
                    // its `number:` is the one written wrong.
                    let filed = self.set.forms.iter().find(|f| {
                        stem(&f.path) == number.as_str() && f.value.number.as_str() != number
                    });
                    // A form taken out, the archive keeps as it was.
                    let kept = self.kept.get(number.as_str());
                    let hint = match (filed, suggestion) {
                        _ if let Some(k) = kept => format!(
                            "the archive keeps `{number}` as it was last in use, in `{}`: to name it again, copy that file back to `data/forms/{number}.yaml`, and revise it there if need be",
                            k.path
                        ),
                        (Some(f), _) => format!(
                            "`{}` says `number: {}`: if the form in it is this one, write `number: {number}` there",
                            f.path, f.value.number
                        ),
                        (None, Some(best)) if looks_numbered(&number) => format!(
                            "did you mean `{best}`? If `{number}` is a form not yet written, write it in `data/forms/{number}.yaml`"
                        ),
                        (None, Some(best)) => format!("did you mean `{best}`?"),
                        (None, None) => format!("define it in `data/forms/{number}.yaml`"),
                    };
                    let d = self.error_span(path, span, format!("unknown form `{number}`"));
                    d.hints.push(hint);
                }
            }
            for (written, span) in malformed_located(file, text, from) {
                let span = span.or(at.clone()).unwrap_or(0..0);
                let (line, column) = position(file, span.start);
                let example = example_form(self.set, written);
                self.out.push(
                    Diagnostic::warning(format!(
                        "`{written}` is printed as written: it is not a form reference, in `{path}:{line}:{column}`"
                    ))
                    .at(path, span)
                    .hint(format!("write a reference as `{{{{ form(\"{example}\") }}}}`"))
                    .chinese(
                        format!("“{written}”按原样印出，不是表单引用，位于 `{path}:{line}:{column}`"),
                        format!("表单引用应写作 `{{{{ form(\"{example}\") }}}}`"),
                    ),
                );
            }
        }
    }

    fn form(&mut self, loaded: &Loaded<Form>) {
        let path = loaded.path.as_str();
        let form = &loaded.value;
        self.filed_under(path, form.number.as_str(), ("form", "表单"));
        self.version(path, form.version.as_str());
        self.history(path, &form.history, &form.version, None);
        self.serial_and_parts(path, form);
        self.empty_labels(path, form);
        self.required(
            path,
            "title",
            &form.title,
            "write the form's name, e.g. `销售日报表`",
        );
        self.retention(path, &form.retention);
        for (key, label, value, hint) in [
            (
                "storage",
                "record_storage",
                &form.storage,
                "say where the filled-in forms are kept, e.g. `storage: 销售部档案柜`, or leave `storage:` out",
            ),
            (
                "disposal",
                "record_disposal",
                &form.disposal,
                "say what becomes of them once kept, e.g. `disposal: 销毁`, or leave `disposal:` out",
            ),
        ] {
            // `storage: ~` is read as no `storage:`, but was written.
            if value.is_some() || locate::key(self.text(path), &[key]).is_some() {
                let value = value.as_deref().unwrap_or_default();
                self.required_as(path, key, label, value, hint);
            }
        }
        let near = locate::key_or_start(self.text(path), &["keeper"]).start;
        self.check_department(path, near, &form.keeper);
        if let Some(template) = &form.template {
            let file = self
                .set
                .root
                .join("forms")
                .join(format!("{template}.typ.j2"));
            if !file.is_file() {
                self.error_at(
                    path,
                    &["template"],
                    format!("template `forms/{template}.typ.j2` does not exist"),
                )
                .hints
                .push("leave `template` out to use the generic form layout".into());
            }
        } else if !form.clauses.is_empty() {
            self.out.push(
                Diagnostic::warning(format!(
                    "`clauses` of `{path}` are not printed by the generic form layout"
                ))
                .at(path, locate::key_or_start(self.text(path), &["clauses"]))
                .hint("give the form a `template` that prints them, or remove them")
                .chinese(
                    format!("通用表单版式不印出 `{path}` 的 `clauses`"),
                    "为表单指定印出条款的 `template`，或删除这些条款",
                ),
            );
        }
        if form.blocks.is_empty() && form.template.is_none() {
            self.error_at(path, &["number"], "the form has no layout".into())
                .hints
                .push("add `blocks:` (fields, table, area, checks, signatures, note)".into());
        }
        for (k, block) in form.blocks.iter().enumerate() {
            use locate::Step::{Item, Key};
            let at = |more: &[locate::Step<'static>]| [&[Key("blocks"), Item(k)], more].concat();
            if let Block::Fields(f) = block
                && f.labels.is_empty()
            {
                self.error_path(path, &at(&[Key("fields"), Key("labels")]), "a block of fields has no labels".into())
                    .hints
                    .push("write a label for each field, e.g. `labels: [客户名称, 联系电话]`; or remove the block".into());
            }
            match block {
                // A list of nothing prints a block with nothing to fill in.
                Block::Checks(c) if c.options.is_empty() => {
                    self.error_path(path, &at(&[Key("checks"), Key("options")]), "a block of tick boxes has no options".into())
                        .hints
                        .push("write the options to tick, e.g. `options: [合格, 不合格]`; or remove the block".into());
                }
                Block::Signatures(roles) if roles.is_empty() => {
                    self.error_path(
                        path,
                        &at(&[Key("signatures")]),
                        "a block of signatures has no roles".into(),
                    )
                    .hints
                    .push(
                        "write who signs, e.g. `signatures: [经办人, 审核人]`; or remove the block"
                            .into(),
                    );
                }
                Block::Fields(f) if !(1..=4).contains(&f.columns) => {
                    self.error_path(
                        path,
                        &at(&[Key("fields"), Key("columns")]),
                        format!("`columns: {}` must be between 1 and 4", f.columns),
                    );
                }
                Block::Fields(f) if form.template.is_none() && !f.labels.is_empty() => {
                    let across = form.paper.width_mm(form.orientation) - 2.0 * FORM_MARGIN_MM;
                    let left = write_in_width(f, across);
                    if left < MIN_WRITE_IN_MM {
                        let widest = f
                            .labels
                            .iter()
                            .max_by(|a, b| label_width(a).total_cmp(&label_width(b)))
                            .map_or("", String::as_str);
                        let span = locate::text(self.text(path), widest, 0)
                            .unwrap_or_else(|| locate::key_or_start(self.text(path), &["labels"]));
                        let (line, column) = position(self.text(path), span.start);
                        self.out.push(
                            Diagnostic::warning(format!(
                                "the write-in boxes of these {} fields a row are about {} mm wide, too narrow to write in, in `{path}:{line}:{column}`",
                                f.columns,
                                left.max(0.0).round()
                            ))
                            .at(path, span)
                            .hint("give the block fewer `columns`, or shorter labels, or the form `orientation: landscape`")
                            .chinese(
                                format!(
                                    "每行 {} 栏时，填写格仅约 {} 毫米宽，不便手写，位于 `{path}:{line}:{column}`",
                                    f.columns,
                                    left.max(0.0).round()
                                ),
                                "减少该块的 `columns`、缩短标签，或将表单设为 `orientation: landscape`",
                            ),
                        );
                    }
                }
                Block::Table(t) => {
                    if t.columns.is_empty() {
                        let steps = at(&[Key("table")]);
                        self.error_path(path, &steps, "a table needs at least one column".into());
                    }
                    // Each column of no width, as each is mended.
                    for (n, column) in t.columns.iter().enumerate() {
                        if column.width.is_nan() || column.width <= 0.0 {
                            let steps = at(&[Key("table"), Key("columns"), Item(n), Key("width")]);
                            self.error_path(
                                path,
                                &steps,
                                "column widths must be greater than zero".into(),
                            );
                        }
                    }
                    if t.rows > 60 {
                        self.error_path(
                            path,
                            &at(&[Key("table"), Key("rows")]),
                            format!("`rows: {}` cannot fit on a page", t.rows),
                        )
                        .hints
                        .push("a page holds at most about 30 rows".into());
                    }
                }
                Block::Area(a) if a.height.is_nan() || a.height <= 0.0 || a.height > 250.0 => {
                    self.error_path(
                        path,
                        &at(&[Key("area"), Key("height")]),
                        format!(
                            "`height: {}` must be between 1 and 250 (millimetres)",
                            a.height
                        ),
                    );
                }
                _ => {}
            }
        }
    }

    /// 保存期限: a period with its unit, or a word such as 长期; a bare
    /// number would print on every sheet as a retention of nothing.
    fn retention(&mut self, path: &str, retention: &str) {
        let value = retention.trim();
        // Units and examples in the set's language, as they print.
        let (years, months, examples) = match self.set.labels.language {
            crate::labels::Language::Chinese => ("年", "个月", "`3年`, `6个月` or `长期`"),
            crate::labels::Language::English => {
                (" years", " months", "`3 years`, `6 months` or `permanent`")
            }
        };
        if self.required(
            path,
            "retention",
            value,
            &format!("write how long filled-in forms are kept: e.g. {examples}"),
        ) {
            return;
        }
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        let count: String = value
            .chars()
            .take_while(|&c| digit(c) || c == '.')
            .collect();
        // A year (2030), as a count, is a date.
        let year = count.len() == 4
            && count
                .parse::<u32>()
                .is_ok_and(|y| (1900..2200).contains(&y));
        let (message, hint) = if count == value && year {
            (
                format!("`retention: {value}` has no unit, and reads as a year"),
                format!("write how long filled-in forms are kept: e.g. {examples}"),
            )
        } else if count == value {
            (
                format!("`retention: {value}` has no unit"),
                format!(
                    "write it with its unit: `{value}{years}` for years, `{value}{months}` for months"
                ),
            )
        } else if value
            .strip_prefix(['-', '－', '−'])
            .is_some_and(|rest| rest.starts_with(digit))
            || (!count.is_empty()
                && value
                    .chars()
                    .filter(|&c| digit(c))
                    .all(|c| c == '0' || c == '０'))
        {
            (
                format!("`retention: {value}` keeps the filled-in forms for no time"),
                format!("write how long they are kept: e.g. {examples}"),
            )
        } else if let Some(unit) = unknown_unit(&value[count.len()..]).filter(|_| !count.is_empty())
        {
            (
                format!("`retention: {value}` has a unit ctrldoc does not know: `{unit}`"),
                format!(
                    "write the unit as it prints on the form: `{count}{years}` for years, `{count}{months}` for months"
                ),
            )
        } else {
            // Free text is allowed (合同期满后3年, 长期), but warned of when it
            // may be misread or says no time at all.
            let chinese = self.set.labels.language == crate::labels::Language::Chinese;
            let unit = value[count.len()..].trim_start();
            let english = unit
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .map(str::to_ascii_lowercase)
                .filter(|w| !w.is_empty());
            // Any word of time or keeping, in either language: 看情况 has none.
            let lower = value.to_lowercase();
            let timely = value.contains([
                '年', '月', '日', '天', '周', '期', '久', '止', '至', '后', '满', '终', '寿', '永',
                '存', '随', '毁', '保', '限', '留',
            ]) || [
                "year",
                "month",
                "day",
                "week",
                "permanent",
                "life",
                "until",
                "end",
                "expir",
                "indefinite",
                "after",
                "long",
                "forever",
                "duration",
                "term",
                "service",
                "retain",
                "keep",
                "kept",
                "destroy",
                "archive",
            ]
            .iter()
            .any(|w| lower.contains(w));
            // Runs of digits, or of Chinese numerals, with what follows
            // each: a count of months before 月 (十二月 is December too;
            // 2年6月 has one after its years), a year before 年 or `-`.
            let numeral = |c: char| "一二三四五六七八九十两".contains(c);
            let mut runs: Vec<(&str, &str)> = vec![];
            let mut rest = value;
            while let Some(at) = rest.find(|c: char| digit(c) || numeral(c)) {
                let arabic = rest[at..].starts_with(digit);
                let run_len = rest[at..]
                    .find(|c: char| if arabic { !digit(c) } else { !numeral(c) })
                    .unwrap_or(rest.len() - at);
                let (run, after) = rest[at..].split_at(run_len);
                runs.push((run, after));
                rest = after;
            }
            let months = runs
                .iter()
                .find(|(_, after)| after.trim_start().starts_with('月'))
                .map(|(run, _)| *run);
            // A year (2016年) or a day (2030-12-31), wherever it is written
            // (保存至2030年12月31日): when, not how long.
            let dated = runs.iter().any(|(run, after)| {
                run.chars().count() == 4
                    && run.chars().all(digit)
                    && run.parse::<u32>().is_ok_and(|y| (1900..2200).contains(&y))
                    && after.starts_with(['年', '-', '/', '.'])
            });
            // A unit alone: 年, 个月, years.
            let unit_alone = [
                "年", "个月", "月", "天", "日", "周", "year", "years", "month", "months", "day",
                "days",
            ]
            .contains(&lower.as_str());
            let (message, hint, zh) = if dated {
                (
                    format!("`retention: {value}` is a date, not how long filled-in forms are kept"),
                    format!("write how long they are kept: e.g. {examples}; a period counted from a day is written e.g. `合同期满后3年`"),
                    (
                        format!("`retention: {value}` 是日期，不是保存期限"),
                        "请写明保存多久，如 `3年`、`6个月` 或 `长期`；自某日起算的写作如 `合同期满后3年`".to_owned(),
                    ),
                )
            } else if unit_alone {
                (
                    format!("`retention: {value}` has a unit but no count"),
                    format!("write how many: e.g. {examples}"),
                    (
                        format!("`retention: {value}` 只有单位，没有数量"),
                        "请写明数量，如 `3年`、`6个月` 或 `长期`".to_owned(),
                    ),
                )
            } else if chinese && let Some(months) = months {
                let fixed = value.replacen(&format!("{months}月"), &format!("{months}个月"), 1);
                (
                    format!(
                        "`retention: {value}` writes a count of months with `月` alone, as a month of the year is written"
                    ),
                    format!("write months as `{fixed}`"),
                    (
                        format!("`retention: {value}` 月数只写了“月”，与某月的写法相同"),
                        format!("月数请写作 `{fixed}`"),
                    ),
                )
            } else if chinese
                && count.is_empty()
                && value.is_ascii()
                && value.chars().any(|c| c.is_ascii_alphabetic())
            {
                (
                    format!("`retention: {value}` is in English, and prints so on a Chinese form"),
                    "write it in Chinese, as the rest of the form is: e.g. `长期`, `永久` or `3年`"
                        .to_owned(),
                    (
                        format!("`retention: {value}` 是英文，将照样印在中文表单上"),
                        "请按中文书写，如 `长期`、`永久` 或 `3年`".to_owned(),
                    ),
                )
            } else if chinese
                && !count.is_empty()
                && let Some(word) = english.filter(|w| {
                    [
                        "y", "yr", "yrs", "year", "years", "m", "mo", "mos", "month", "months",
                        "d", "day", "days",
                    ]
                    .contains(&w.as_str())
                })
            {
                let unit = if word.starts_with('y') {
                    "年"
                } else if word.starts_with('m') {
                    "个月"
                } else {
                    "天"
                };
                (
                    format!("`retention: {value}` is in English, and prints so on a Chinese form"),
                    format!("write it in Chinese, as the rest of the form is: `{count}{unit}`"),
                    (
                        format!("`retention: {value}` 是英文，将照样印在中文表单上"),
                        format!("请按中文书写：`{count}{unit}`"),
                    ),
                )
            } else if !timely && !value.chars().any(digit) {
                (
                    format!("`retention: {value}` says no period"),
                    format!("write how long filled-in forms are kept: e.g. {examples}"),
                    (
                        format!("`retention: {value}` 未写明保存期限"),
                        "请写明填好的表单保存多久，如 `3年`、`6个月` 或 `长期`".to_owned(),
                    ),
                )
            } else {
                return;
            };
            let span = self.value_span(path, &["retention"], value);
            let d = self.error_span(path, span, message);
            d.hints.push(hint);
            d.severity = crate::diagnostic::Severity::Warning;
            d.chinese = Some(zh);
            return;
        };
        let span = self.value_span(path, &["retention"], value);
        self.error_span(path, span, message).hints.push(hint);
    }

    /// Reports a text that must be given and is empty, or is YAML's word
    /// for nothing (`~`, `null`), which a text takes as the word itself:
    /// a form printed with the title `null`. Tells whether it did.
    fn required(&mut self, path: &str, key: &str, value: &str, hint: &str) -> bool {
        self.required_as(path, key, key, value, hint)
    }

    /// [`Self::required`], of a key whose label is named otherwise
    /// (`storage:`, 保存地点, is `record_storage`).
    fn required_as(&mut self, path: &str, key: &str, label: &str, value: &str, hint: &str) -> bool {
        // As written: `title: "null"` is the word, in quotes.
        let text = self.text(path);
        let written = locate::key(text, &[key]).map(|span| {
            let line = &text[span.end..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            let value = line.trim_start_matches(':');
            let value = value.find(" #").map_or(value, |at| &value[..at]);
            value.trim().to_owned()
        });
        let null = written
            .as_deref()
            .is_some_and(|w| matches!(w, "~" | "null" | "Null" | "NULL"));
        // A value of nothing but what is not printed prints as nothing.
        if printed(value) && !null {
            return false;
        }
        let label = self.set.labels.get(label).to_owned();
        let message = match label.as_str() {
            "" => format!("`{key}` is empty"),
            _ => format!("`{key}` ({label}) is empty"),
        };
        self.error_at(path, &[key], message)
            .hints
            .push(hint.to_owned());
        true
    }

    fn register(&mut self, loaded: &Loaded<Register>) {
        let path = loaded.path.as_str();
        let register = &loaded.value;
        let unreadable = self
            .set
            .unreadable
            .iter()
            .any(|p| p.starts_with(&self.set.name("data/documents/")));
        if !unreadable
            && !self
                .set
                .documents
                .iter()
                .any(|d| d.value.number.as_str() == register.document)
        {
            self.error_at(
                path,
                &["document"],
                format!("register of unknown document `{}`", register.document),
            );
        }
        self.named_for(
            path,
            &crate::register::path(&register.document),
            "document",
            "register",
            &register.document,
        );
        // What `issue` recorded of the forms a version's copies bound. A
        // copy's version edited by hand to one the document never had is
        // said at the copy, not again as the forms' version left with no
        // copy.
        let had: Option<BTreeSet<&str>> = self
            .set
            .documents
            .iter()
            .find(|d| d.value.number.as_str() == register.document)
            .map(|d| d.value.history.iter().map(|r| r.version.as_str()).collect());
        let never_had = had.is_some_and(|had| {
            register
                .copies
                .iter()
                .any(|c| !had.contains(c.version.as_str()))
        });
        for (version, entries) in &register.forms {
            if !never_had && !register.copies.iter().any(|c| &c.version == version) {
                self.error_at(
                    path,
                    &["forms", version],
                    format!(
                        "the register records the forms the copies of {version} bound, but no copy of {version} is recorded"
                    ),
                )
                .hints
                .push("`issue` writes it with a version's first copy: take out this record, written by hand".into());
            }
            for entry in entries {
                if crate::plan::read_bound_form(entry).is_some() {
                    continue;
                }
                self.error_at(
                    path,
                    &["forms", version],
                    format!(
                        "`{entry}`, of the forms the copies of {version} bound, is not a form's number, version and fingerprint"
                    ),
                )
                .hints
                .push("`issue` wrote it as `NUMBER VERSION f2:…`, what the form printed when the first copy was issued: put it back from a backup or version control".into());
            }
        }
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        for copy in &register.copies {
            let what = format!("who issued copy {}", copy.number);
            let what_zh = format!("第 {:02} 号副本的发放人", copy.number);
            self.name_slip(path, "issued_by", &copy.issued_by, (&what, &what_zh));
            if let Some(to) = &copy.returned_to {
                let what = format!("who took copy {} back", copy.number);
                let what_zh = format!("第 {:02} 号副本的回收人", copy.number);
                self.name_slip(path, "returned_to", to, (&what, &what_zh));
            }
            for by in copy.reissued.iter().filter_map(|r| r.by.as_deref()) {
                let what = format!("who reissued copy {}", copy.number);
                let what_zh = format!("第 {:02} 号副本的换发人", copy.number);
                self.name_slip(path, "by", by, (&what, &what_zh));
            }
            let text = self.text(path);
            let entries = locate::items(text, "number", &copy.number.to_string());
            // Which of the copies numbered so is this one.
            let nth = seen.entry(copy.number).or_insert(0);
            let entry = entries.get(*nth).cloned();
            *nth += 1;
            if *nth > 1 {
                let span = entry
                    .clone()
                    .unwrap_or_else(|| locate::key_or_start(text, &["copies"]));
                let first = entries.first().cloned().unwrap_or(0..0);
                let d = self.error_span(
                    path,
                    span,
                    format!("copy number {} appears twice", copy.number),
                );
                d.also
                    .push((path.to_owned(), first, "first recorded here".into()));
                d.hints.push(
                    "a distribution number is issued once; use `ctrldoc issue --replace` for replacements".into(),
                );
            }
            if copy.number == 0 {
                let span = entry
                    .clone()
                    .unwrap_or_else(|| locate::key_or_start(text, &["copies"]));
                self.error_span(
                    path,
                    span,
                    "copy number 0: distribution numbers start at 1".into(),
                )
                .hints
                .push("number the register's copies from 1, as `ctrldoc issue` does".into());
            }
            // A copy back with document control, or void, is history: its
            // holder may have left since, or their department been renamed.
            if copy.state == CopyState::Issued
                && let Some(org) = self.org()
                && !org.is_holder(&copy.holder)
            {
                let span = entry
                    .as_ref()
                    .and_then(|entry| locate::in_item(text, entry, "holder"))
                    .or_else(|| {
                        locate::items(text, "holder", &copy.holder)
                            .into_iter()
                            .next()
                    })
                    .unwrap_or(0..0);
                let d = self.error_span(
                    path,
                    span,
                    format!(
                        "copy {} is out to `{}`, an unknown holder,",
                        copy.number, copy.holder
                    ),
                );
                if let Some(best) = did_you_mean(&copy.holder, org.holder_names()) {
                    d.hints.push(format!("did you mean `{best}`?"));
                }
                d.hints.push(
                    "a holder is a department's or a person's name from `data/organisation.yaml`"
                        .into(),
                );
                d.hints.push("when a holder leaves or is renamed, record the copy's return with `ctrldoc recall`, then issue one to whoever holds it now".into());
                d.out_to_unknown = true;
            }
            // Nothing is issued to, by or back to someone after they left.
            let mut after_leaving = vec![("holder", copy.holder.as_str(), copy.issued)];
            after_leaving.push(("issued_by", copy.issued_by.as_str(), copy.issued));
            if let (Some(to), Some(on)) = (&copy.returned_to, copy.returned) {
                after_leaving.push(("returned_to", to.as_str(), on));
            }
            for (key, name, on) in after_leaving {
                let Some(left) = self.left_before(name, on) else {
                    continue;
                };
                let span = entry
                    .as_ref()
                    .and_then(|entry| locate::in_item(self.text(path), entry, key))
                    .unwrap_or(0..0);
                self.error_span(
                    path,
                    span,
                    format!(
                        "copy {} records `{name}` as its `{key}` on {on}, after they left the company on {left},",
                        copy.number
                    ),
                )
                .hints
                .push("correct the name or the date: a person who has left holds and records nothing".into());
            }
        }
    }

    /// Two forms numbering their sheets with one format print the same
    /// numbers: DD201600001 on two kinds of paper, which a register of
    /// filled-in records, or a customer quoting the number, cannot tell apart.
    fn shared_serial_formats(&mut self) {
        let set = self.set;
        // By the numbers a format writes: `{n:5}` writes those `{n:05}` does.
        let mut first: BTreeMap<String, (&Loaded<Form>, crate::serial::Format)> = BTreeMap::new();
        // A form the archive keeps, its file taken out, has printed its
        // numbers: the one taking them up, as a form renumbered does, is
        // said.
        let kept = |form: &Loaded<Form>| self.kept.contains_key(form.value.number.as_str());
        for form in self.kept.values().copied().chain(&set.forms) {
            let Some(spec) = &form.value.serial else {
                continue;
            };
            let format = spec.format.trim();
            let Ok(parsed) = crate::serial::Format::parse(format) else {
                continue;
            };
            let Some(earlier) = first.get(&parsed.canonical()).map(|(e, _)| *e) else {
                self.serial_formats_writing_alike(form, &parsed, &first);
                first.insert(parsed.canonical(), (form, parsed));
                continue;
            };
            // Written otherwise there, it is said as written there too.
            let (format, format_zh) = match earlier.value.serial.as_ref().map(|s| s.format.trim()) {
                Some(there) if there != format => (
                    format!("{format}` (written `{there}` there)"),
                    format!("{format}`（该表单写作 `{there}`）"),
                ),
                _ => (format!("{format}`"), format!("{format}`")),
            };
            let kept_said = match kept(earlier) {
                true => ", kept in the archive with its ledger,",
                false => ",",
            };
            self.serial_format_shared(
                form,
                earlier,
                format!(
                    "form {} numbers its sheets with the format of form {}{kept_said} `{format}: the two print the same numbers",
                    form.value.number, earlier.value.number
                ),
                format!(
                    "表单 {} 与表单 {} 使用同一流水号格式 `{format_zh}：两者会印出相同的编号",
                    form.value.number, earlier.value.number
                ),
            );
        }
    }

    /// Says that `form` prints numbers `earlier` prints, at the format of
    /// each (the earlier's unless the archive keeps it).
    fn serial_format_shared(
        &mut self,
        form: &Loaded<Form>,
        earlier: &Loaded<Form>,
        message: String,
        chinese: String,
    ) {
        let kept = self.kept.contains_key(earlier.value.number.as_str());
        let span = locate::key_or_start(self.text(&earlier.path), &["serial", "format"]);
        let said = self.warning_at(&form.path, &["serial", "format"], message);
        if !kept {
            said.also.push((
                earlier.path.clone(),
                span,
                format!("the format of {}", earlier.value.number),
            ));
        }
        said.alike = Some(crate::diagnostic::Alike::SharedSerialFormat);
        said.hints
            .push("give each form a format of its own, e.g. with a prefix of its own".into());
        said.chinese = Some((
            chinese,
            "为每个表单设定各自的格式，例如使用不同的前缀".into(),
        ));
    }

    /// A form whose serial format, written otherwise than an earlier
    /// form's, writes some of the same numbers: `CH20{yy}{n:05}` and
    /// `CH{year}{n:05}` both write CH202500001.
    fn serial_formats_writing_alike(
        &mut self,
        form: &Loaded<Form>,
        parsed: &crate::serial::Format,
        earlier: &BTreeMap<String, (&Loaded<Form>, crate::serial::Format)>,
    ) {
        let year = chrono::Datelike::year(&form.value.effective);
        let Some((earlier, number)) = earlier.values().find_map(|(e, theirs)| {
            let since = chrono::Datelike::year(&e.value.effective);
            Some((*e, parsed.writes_alike(theirs, year, since)?))
        }) else {
            return;
        };
        let (format, there) = (
            form.value.serial.as_ref().map_or("", |s| s.format.trim()),
            earlier
                .value
                .serial
                .as_ref()
                .map_or("", |s| s.format.trim()),
        );
        let kept_said = match self.kept.contains_key(earlier.value.number.as_str()) {
            true => ", kept in the archive with its ledger",
            false => "",
        };
        self.serial_format_shared(
            form,
            earlier,
            format!(
                "form {} numbers its sheets `{format}`, and form {}{kept_said} `{there}`: the two print some of the same numbers, {number} among them",
                form.value.number, earlier.value.number
            ),
            format!(
                "表单 {} 的流水号格式 `{format}` 与表单 {} 的 `{there}` 会印出部分相同的编号，如 {number}",
                form.value.number, earlier.value.number
            ),
        );
    }

    fn serial_and_parts(&mut self, path: &str, form: &Form) {
        if let Some(spec) = &form.serial {
            match Format::parse(&spec.format) {
                Err(err) => {
                    self.error_at(
                        path,
                        &["serial", "format"],
                        format!("serial format `{}`: {err}", spec.format),
                    )
                    .hints
                    .push("e.g. `format: \"DD{year}-{n:05}\"`".into());
                }
                Ok(format) if spec.restart == Restart::Yearly && !format.shows_year() => {
                    self.error_at(
                        path,
                        &["serial", "restart"],
                        format!(
                            "serial numbers restart each year but `{}` does not show the year, so numbers would repeat",
                            spec.format
                        ),
                    )
                    .hints
                    .push("put `{year}` or `{yy}` in the format, or use `restart: never`".into());
                }
                Ok(_) => {}
            }
        }
        let mut seen = BTreeSet::new();
        for (n, part) in form.parts.iter().enumerate() {
            if part.trim().is_empty() || !seen.insert(part.as_str()) {
                use locate::Step::{Item, Key};
                self.error_path(
                    path,
                    &[Key("parts"), Item(n)],
                    format!("part `{part}` is empty or named twice"),
                )
                .hints
                .push("name each part once, e.g. `parts: [存根, 客户联, 财务联]`".into());
            }
        }
    }

    fn ledger(&mut self, loaded: &Loaded<Ledger>) {
        let path = loaded.path.as_str();
        let ledger = &loaded.value;
        self.named_for(
            path,
            &crate::serial::path(&ledger.form),
            "form",
            "ledger",
            &ledger.form,
        );
        let kept = self.kept.get(&ledger.form).copied();
        let Some(form) = self.set.form(&ledger.form).or(kept) else {
            // A form that could not be read is reported on its own.
            if self.set.is_unreadable_form(&ledger.form) {
                return;
            }
            self.error_at(
                path,
                &["form"],
                format!("ledger of unknown form `{}`", ledger.form),
            )
            .hints
            .push(format!(
                "its numbers were printed on pads of `{}`: keep `data/forms/{}.yaml` in the set while they are in use, as a form renumbered is another form with numbers of its own",
                ledger.form, ledger.form
            ));
            return;
        };
        // A run of numbers voided at once is one record, said once.
        let void_runs = crate::serial::void_runs(ledger);
        // Who recorded each entry, in English and in Chinese, and where.
        let pads = ledger.pads.iter().enumerate().map(|(n, pad)| {
            let (first, _) = pad.range();
            (
                ("pads", n, &pad.by),
                format!("who printed the pad from {first}"),
                format!("自 {first} 起一本的印制人"),
            )
        });
        let used_up = ledger.used_up.iter().enumerate().map(|(n, used)| {
            (
                ("used_up", n, &used.by),
                format!("who recorded the pad of {} as used up", used.pad),
                format!("{} 一本用完的登记人", used.pad),
            )
        });
        let voids = void_runs.iter().map(|run| {
            let (numbers, numbers_zh) = run.said();
            (
                ("voids", run.entry, &run.void.by),
                format!("who voided {numbers}"),
                format!("{numbers_zh}的作废人"),
            )
        });
        let taken_back = ledger.taken_back.iter().enumerate().map(|(n, back)| {
            (
                ("taken_back", n, &back.by),
                format!(
                    "who took back the record of the pad of {} as used up",
                    back.used_up.pad
                ),
                format!("{} 一本用完登记的撤销人", back.used_up.pad),
            )
        });
        for ((list, n, by), what, what_zh) in pads.chain(used_up).chain(voids).chain(taken_back) {
            // The entry's own `by:`, not one nested in it (`taken_back:`
            // holds the record it took back, with its own).
            self.name_slip_at(path, by, (&what, &what_zh), |text| {
                use locate::Step::{Item, Key};
                locate::path(text, &[Key(list), Item(n), Key("by")])
                    .unwrap_or_else(|| locate::key_or_start(text, &[list]))
            });
        }
        let Some(spec) = &form.value.serial else {
            self.error_at(
                path,
                &["form"],
                format!("form `{}` has a ledger but no `serial` format", ledger.form),
            )
            .hints
            .push(format!("add `serial: {{ format: … }}` to `{}`", form.path));
            return;
        };
        for problem in ledger.problems(spec.restart) {
            let text = self.text(path);
            let entry = |n| {
                let item = locate::list_item(text, problem.list, n)?;
                Some(locate::in_item(text, &item, problem.key).unwrap_or(item))
            };
            let span = entry(problem.entry)
                .or_else(|| locate::key(text, &[problem.list]))
                .unwrap_or(0..0);
            let earlier = problem.earlier.and_then(entry);
            let d = self.error_span(path, span, problem.text);
            if let Some(earlier) = earlier {
                let label = match problem.list {
                    "voids" => "first voided here",
                    "used_up" => "first recorded here",
                    _ => "the pad it shares them with",
                };
                d.also.push((path.to_owned(), earlier, label.into()));
            }
            d.hints.push(problem.hint);
        }
        // A holder is history once the pad is handed out: one who has left
        // since stays, and so does a department renamed since (the ledger
        // keeps the name it had). A name one slip from a holder's is said.
        if let Some(org) = self.org() {
            for (n, pad) in ledger.pads.iter().enumerate() {
                let Some(holder) = &pad.holder else { continue };
                if org.is_holder(holder) {
                    continue;
                }
                let Some(best) = did_you_mean(holder, org.holder_names()) else {
                    continue;
                };
                let (hint, hint_zh) = (
                    format!("did you mean `{best}`?"),
                    format!("是否应为“{best}”？"),
                );
                let text = self.text(path);
                let span = locate::list_item(text, "pads", n)
                    .and_then(|item| locate::in_item(text, &item, "holder"))
                    .unwrap_or_else(|| locate::key_or_start(text, &["pads"]));
                let (line, column) = position(text, span.start);
                let (first, last) = pad.range();
                self.out.push(
                    Diagnostic::warning(format!(
                        "the pad {first} to {last} was handed to `{holder}`, who is no department or person of the organisation, in `{path}:{line}:{column}`"
                    ))
                    .at(path, span)
                    .hint(hint)
                    .chinese(
                        format!("{first} 至 {last} 一本交给了“{holder}”，其不是本组织的部门或人员，位于 `{path}:{line}:{column}`"),
                        hint_zh,
                    ),
                );
            }
        }
        // Nothing is handed to or recorded by someone after they left.
        let mut after_leaving = vec![];
        for (n, pad) in ledger.pads.iter().enumerate() {
            after_leaving.push(("pads", n, "by", pad.by.as_str(), pad.date));
            if let Some(holder) = &pad.holder {
                after_leaving.push(("pads", n, "holder", holder.as_str(), pad.date));
            }
        }
        for run in &void_runs {
            after_leaving.push((
                "voids",
                run.entry,
                "by",
                run.void.by.as_str(),
                run.void.date,
            ));
        }
        for (n, used) in ledger.used_up.iter().enumerate() {
            after_leaving.push(("used_up", n, "by", used.by.as_str(), used.date));
        }
        for (list, n, key, name, on) in after_leaving {
            let Some(left) = self.left_before(name, on) else {
                continue;
            };
            let text = self.text(path);
            let span = locate::list_item(text, list, n)
                .and_then(|item| locate::in_item(text, &item, key))
                .unwrap_or_else(|| locate::key_or_start(text, &[list]));
            self.error_span(
                path,
                span,
                format!(
                    "`{name}` is recorded as `{key}` on {on}, after they left the company on {left},"
                ),
            )
            .hints
            .push(
                "correct the name or the date: a person who has left holds and records nothing"
                    .into(),
            );
        }
        // A pad is printed at the version in force on its day: not before
        // it took effect, and not at a version the form has yet to reach.
        // One at a version before it, after the day it came into use, is
        // said with the archive read (`archive::pads_printed_late`): a
        // version in force may bind the one before from its snapshot.
        let current = form.value.version.as_str();
        let scheme = self.set.settings.version_scheme;
        for (n, pad) in ledger.pads.iter().enumerate() {
            let Some(version) = pad.version.as_deref() else {
                continue;
            };
            let ahead = scheme.order(version, current) == Some(std::cmp::Ordering::Greater);
            let early = version == current && pad.date < form.value.effective;
            if !ahead && !early {
                continue;
            }
            let (first, last) = pad.range();
            let text = self.text(path);
            let key = if ahead { "version" } else { "date" };
            let span = locate::list_item(text, "pads", n)
                .and_then(|item| locate::in_item(text, &item, key))
                .unwrap_or_else(|| locate::key_or_start(text, &["pads"]));
            let message = if ahead {
                format!(
                    "the pad {first} to {last} is recorded as printed at {version}, a version `{}` has not reached (it is at {current}),",
                    ledger.form
                )
            } else {
                format!(
                    "the pad {first} to {last} is recorded as printed at {current} on {}, before {current} took effect on {},",
                    pad.date, form.value.effective
                )
            };
            // Ahead of its form, most often the form's file was put back
            // from an older copy: the ledger is as printed, and not the
            // record to change first (found by a reviewer).
            let hint = match ahead {
                true => format!(
                    "if `{}` was put back from an older copy, put it back at {version} from version control or a backup; else correct the form's `version` and `effective` there, or the pad's `version` if it is mistyped",
                    form.path
                ),
                false => format!(
                    "correct the pad's `date` or `version`, or the form's `version` and `effective` in `{}`",
                    form.path
                ),
            };
            self.error_span(path, span, message).hints.push(hint);
        }
        let parts = form.value.parts.len().max(1);
        for (n, pad) in ledger.pads.iter().enumerate() {
            let sheets = (pad.last.saturating_sub(pad.first) as usize + 1) * parts;
            let too_long = sheets > crate::serial::MAX_PAD_SHEETS;
            let past = pad.past_its_counter();
            if !too_long && past.is_none() {
                continue;
            }
            let (first, last) = pad.range();
            let text = self.text(path);
            let near = locate::list_item(text, "pads", n)
                .and_then(|item| locate::in_item(text, &item, "last"))
                .unwrap_or_else(|| locate::key_or_start(text, &["pads"]));
            if let (false, Some(capacity)) = (too_long, past) {
                self.error_span(
                    path,
                    near,
                    format!(
                        "the pad {first} to {last} of `{}` runs past the counter of its format `{}`, which stops at {capacity},",
                        ledger.form, pad.format
                    ),
                )
                .hints
                .push("`first` and `last` count the sets of the pad, not their serial numbers: put back what was printed".into());
                continue;
            }
            // Every pad of a ledger is printed: one too long to lay out
            // is a mistake, such as a serial typed for a count.
            self.out.push(
                Diagnostic::error(format!(
                    "the pad {first} to {last} of `{}` is {sheets} sheets, more than the {} one pad may have",
                    ledger.form,
                    crate::serial::MAX_PAD_SHEETS
                ))
                .at(path, near)
                .hint(format!(
                    "`first` and `last` count the sets of the pad, not their serial numbers; a pad longer than {} sets is recorded as several (Typst lays a pad out whole, some 1.2 MB of memory a page)",
                    crate::serial::MAX_PAD_SHEETS / parts
                )),
            );
        }
        // Said at the form's file: not of one the archive keeps, whose
        // file is history, and which a revision has taken out.
        if let Ok(format) = Format::parse(&spec.format)
            && kept.is_none()
        {
            let year = ledger.pads.iter().map(|p| p.year).max().unwrap_or(0);
            let next = ledger.next(spec.restart, year);
            // A pad numbered past the counter is the ledger's mistake (a
            // serial typed for `last`), said at it, not the format's.
            let past = ledger.pads.iter().any(|p| p.past_its_counter().is_some());
            if next > format.capacity() && !past {
                let near = locate::key_or_start(self.text(&form.path), &["serial", "format"]);
                self.out.push(
                    Diagnostic::warning(format!(
                        "serial format `{}` of `{}` is full: its counter stops at {}, and the next number would be {next}",
                        spec.format,
                        ledger.form,
                        format.capacity()
                    ))
                    .at(form.path.clone(), near)
                    .hint("widen the counter (`{n:W}`) before the next pad is printed")
                    .chinese(
                        format!(
                            "`{}` 的流水号格式 `{}` 已用尽：计数止于 {}，下一号将是 {next}",
                            ledger.form,
                            spec.format,
                            format.capacity()
                        ),
                        "在印制下一本之前加宽计数位（`{n:W}`）",
                    ),
                );
            }
        }
    }

    fn references(&mut self) {
        // A document that could not be read may be the one naming a form.
        if self
            .set
            .unreadable
            .iter()
            .any(|p| p.starts_with("data/documents/"))
        {
            return;
        }
        let referenced: BTreeSet<String> = self
            .set
            .documents
            .iter()
            .flat_map(|doc| referenced_forms(&doc.value))
            .collect();
        for form in &self.set.forms {
            if !referenced.contains(form.value.number.as_str()) {
                let path = form.path.as_str();
                // No approval covers it: a draft, and so are its pads.
                let pads = self
                    .set
                    .ledger(form.value.number.as_str())
                    .map_or(0, |l| l.value.pads.len());
                let (also, also_zh) = match pads {
                    0 => (String::new(), String::new()),
                    n => (
                        format!(", and so {} printed of it", crate::say::plural(n, "pad")),
                        format!("，已印制的 {n} 本亦然"),
                    ),
                };
                self.out.push(
                    Diagnostic::warning(format!(
                        "form `{}` is not referenced by any document",
                        form.value.number
                    ))
                    .at(path, locate::key_or_start(self.text(path), &["number"]))
                    .hint(format!(
                        "no approval covers it, so it is a draft, not for use{also}: name it in the document that requires it: {{{{ form(\"{}\") }}}}",
                        form.value.number
                    ))
                    .chinese(
                        format!("表单 {} 未被任何文件引用", form.value.number),
                        format!(
                            "未经批准，视为草稿，不得使用{also_zh}：在要求使用它的文件中写明：{{{{ form(\"{}\") }}}}",
                            form.value.number
                        ),
                    )
                    .alike(crate::diagnostic::Alike::UnreferencedForm),
                );
            }
        }
    }
}

/// The side margins of a form's page, as `form-page.typ.j2` sets them.
const FORM_MARGIN_MM: f64 = 14.0;

/// The narrowest write-in box a hand can fill: a name, or a date.
const MIN_WRITE_IN_MM: f64 = 15.0;

/// About how wide a label of a fields block is laid out: 9.5 pt text (a
/// Chinese character 1 em, a Latin one about half) and 5 pt either side.
fn label_width(label: &str) -> f64 {
    const EM_MM: f64 = 9.5 * 25.4 / 72.0;
    let ems: f64 = label
        .chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum();
    ems * EM_MM + 2.0 * 5.0 * 25.4 / 72.0
}

/// About how wide each write-in box of a fields block is on a page `across`
/// millimetres wide: each column of labels is as wide as its widest label,
/// and the boxes share what is left.
fn write_in_width(fields: &Fields, across: f64) -> f64 {
    let columns = usize::from(fields.columns.max(1));
    let labels: f64 = (0..columns)
        .map(|c| {
            fields
                .labels
                .iter()
                .skip(c)
                .step_by(columns)
                .map(|l| label_width(l))
                .fold(0.0, f64::max)
        })
        .sum();
    (across - labels) / columns as f64
}

pub(crate) fn role_verb(role: Role) -> &'static str {
    match role {
        Role::Prepare => "prepare",
        Role::Review => "review",
        Role::Approve => "approve",
    }
}

/// The unit after a retention's number when it is Chinese written in
/// pinyin (`3nian`, `6 geyue`), which prints as nothing a reader of the
/// form knows. Other words (`3 years`, `48 hours`) are the writer's own.
fn unknown_unit(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let word = &rest[..rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len())];
    const PINYIN: [&str; 9] = [
        "nian", "yue", "geyue", "tian", "ri", "zhou", "xingqi", "xiaoshi", "changqi",
    ];
    PINYIN
        .contains(&word.to_ascii_lowercase().as_str())
        .then_some(word)
}

/// The escapes of YAML's double-quoted texts that stand for a character
/// that is not printed (`"\u200B"`, `"\a"`), with where each is written:
/// a character typed is found as it is, but an escape of one reads as
/// other text until it is parsed. A quote opens a text only where a value
/// starts (after `key: `, `- `, or in `[ ]` and `{ }`), not inside a plain
/// text, and a block text (`|`, `>`) has no escapes.
fn unprinted_escapes(text: &str) -> Vec<(std::ops::Range<usize>, char)> {
    #[derive(PartialEq)]
    enum In {
        Plain,
        Single,
        Double,
    }
    let indent = |from: usize| text[from..].bytes().take_while(|&b| b == b' ').count();
    let mut out = vec![];
    let mut state = In::Plain;
    let mut chars = text.char_indices().peekable();
    // Whether a value may start here, the indent of the line, the indent
    // of the line a block text was begun on, and how deep in `[ ]`/`{ }`.
    let mut starts = true;
    let mut line_indent = indent(0);
    let mut block: Option<usize> = None;
    let mut flow = 0usize;
    let mut before = '\n';
    while let Some((at, c)) = chars.next() {
        match state {
            In::Plain => {
                let next = chars.peek().map_or('\n', |&(_, c)| c);
                match c {
                    '\n' => {
                        // The lines of a block text: blank, or indented past
                        // the line that began it.
                        let mut from = at + 1;
                        if let Some(parent) = block.take() {
                            while from < text.len() {
                                let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
                                if !text[from..end].trim().is_empty() && indent(from) <= parent {
                                    break;
                                }
                                from = (end + 1).min(text.len());
                            }
                            while chars.next_if(|&(i, _)| i < from).is_some() {}
                        }
                        starts = true;
                        line_indent = indent(from.min(text.len()));
                    }
                    ' ' | '\t' | '\r' => {}
                    '#' if before.is_whitespace() => {
                        while chars.next_if(|&(_, c)| c != '\n').is_some() {}
                    }
                    '"' | '\'' if starts => {
                        state = if c == '"' { In::Double } else { In::Single };
                    }
                    '|' | '>' if starts && flow == 0 => {
                        block = Some(line_indent);
                        while chars.next_if(|&(_, c)| c != '\n').is_some() {}
                    }
                    '[' | '{' if starts => flow += 1,
                    ']' | '}' if flow > 0 => {
                        flow -= 1;
                        starts = false;
                    }
                    ',' if flow > 0 => starts = true,
                    ':' | '-' | '?' if next.is_whitespace() => {
                        starts = c == ':' || starts;
                    }
                    _ => starts = false,
                }
                before = c;
            }
            In::Single => {
                if c == '\'' && chars.next_if(|&(_, c)| c == '\'').is_none() {
                    state = In::Plain;
                    starts = false;
                    before = c;
                }
            }
            In::Double => match c {
                '"' => {
                    state = In::Plain;
                    starts = false;
                    before = c;
                }
                '\\' => {
                    let Some((_, e)) = chars.next() else { break };
                    let digits = match e {
                        'x' => 2,
                        'u' => 4,
                        'U' => 8,
                        _ => 0,
                    };
                    let end = at + 2 + digits;
                    let meant = match e {
                        '0' => Some('\0'),
                        'a' => Some('\u{7}'),
                        'b' => Some('\u{8}'),
                        'v' => Some('\u{b}'),
                        'f' => Some('\u{c}'),
                        'e' => Some('\u{1b}'),
                        'N' => Some('\u{85}'),
                        _ if digits > 0 => text
                            .get(at + 2..end)
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                            .and_then(char::from_u32),
                        _ => None,
                    };
                    while chars.next_if(|&(i, _)| i < end).is_some() {}
                    if let Some(meant) = meant.filter(|&m| escape::is_unprinted(m)) {
                        out.push((at..end, meant));
                    }
                }
                _ => {}
            },
        }
    }
    out
}

/// A text of a data file, where it is written (keys and items from the
/// file's top), what to call it, and what it is.
type Placed<'a> = (Vec<locate::Step<'static>>, String, &'a str, Said);

/// Whether a text prints something: a character neither a space nor
/// invisible.
fn printed(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !escape::is_invisible(c))
}

/// Whether a text may be YAML's nothing, or (but for a form's text, which
/// may be blank) has nothing to print: then the file is read to tell.
fn suspect(text: &str, said: Said) -> bool {
    (!printed(text) && said != Said::Label) || matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// What a text is, for what is said when it is written as nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    /// A part's or section's heading.
    Title,
    /// A paragraph of the text.
    Paragraph,
    /// A lettered item of the text.
    Item,
    /// A text of a form's layout, which may be blank when written `''`.
    Label,
}

/// A table of a document's text: what to call it (`table 1 of part 2`,
/// `table 2 of section 2.3`), the table, and where it is written (from
/// the file's top to its `columns:`).
pub(crate) type PlacedTable<'a> = (String, &'a TextTable, Vec<locate::Step<'static>>);

/// What a table of [`part_tables`] is called in Chinese, from where it is
/// written: 第 1 部分第 2 个 (`body[0].tables[1]`), 1.1 节第 2 个
/// (`body[0].sections[0].tables[1]`).
fn chinese_name(steps: &[locate::Step]) -> String {
    use locate::Step::{Item, Key};
    match steps {
        [Key("body"), Item(i), Key("tables"), Item(n), ..] => {
            format!("第 {} 部分第 {} 个", i + 1, n + 1)
        }
        [
            Key("body"),
            Item(i),
            Key("sections"),
            Item(j),
            Key("tables"),
            Item(n),
            ..,
        ] => {
            format!("{}.{} 节第 {} 个", i + 1, j + 1, n + 1)
        }
        _ => String::new(),
    }
}

/// The tables of each part of a document's text: its own, then its
/// sections'.
fn part_tables(doc: &Document) -> Vec<(Vec<PlacedTable<'_>>, Vec<PlacedTable<'_>>)> {
    use locate::Step::{Item, Key};
    fn placed<'a>(
        whose: String,
        at: Vec<locate::Step<'static>>,
        own: &'a [TextTable],
    ) -> Vec<PlacedTable<'a>> {
        own.iter()
            .enumerate()
            .map(|(n, t)| {
                let steps = [at.clone(), vec![Key("tables"), Item(n), Key("columns")]].concat();
                (format!("table {} of {whose}", n + 1), t, steps)
            })
            .collect()
    }
    doc.body
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let own = placed(
                format!("part {}", i + 1),
                vec![Key("body"), Item(i)],
                &part.tables,
            );
            let sections = part
                .sections
                .iter()
                .enumerate()
                .flat_map(|(j, s)| {
                    let at = vec![Key("body"), Item(i), Key("sections"), Item(j)];
                    placed(format!("section {}.{}", i + 1, j + 1), at, &s.tables)
                })
                .collect();
            (own, sections)
        })
        .collect()
}

/// The tables of a document's text in the order the built-in handbook
/// template prints them: each part's own, then its sections'.
pub(crate) fn tables_printed(doc: &Document) -> Vec<PlacedTable<'_>> {
    part_tables(doc)
        .into_iter()
        .flat_map(|(own, sections)| own.into_iter().chain(sections))
        .collect()
}

/// The tables of a document's text in the order its file writes them: a
/// part's own before its sections' unless its `tables:` is written below
/// its `sections:`.
fn tables_in_file<'a>(file: &str, doc: &'a Document) -> Vec<PlacedTable<'a>> {
    let mut tables = vec![];
    for (i, (own, sections)) in part_tables(doc).into_iter().enumerate() {
        let keys = locate::item_keys(file, "body", i);
        let place = |key: &str| keys.iter().position(|(k, _)| k == key);
        match (place("tables"), place("sections")) {
            (Some(t), Some(s)) if t > s => tables.extend(sections.into_iter().chain(own)),
            _ => tables.extend(own.into_iter().chain(sections)),
        }
    }
    tables
}

/// Whether a name is written as a number is, `QR-XS-004`: capitals,
/// digits and dashes, with a dash and a digit.
fn looks_numbered(name: &str) -> bool {
    name.contains('-')
        && name.chars().any(|c| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// The name of the file at `path`, without its folder and extension.
fn stem(path: &str) -> &str {
    let file = path.rsplit_once('/').map_or(path, |(_, f)| f);
    file.rsplit_once('.').map_or(file, |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::unprinted_escapes;

    #[test]
    fn escapes_of_characters_not_printed_are_found_in_double_quotes_only() {
        let text =
            "a: \"销\\u200B售\\a\\n\"\nb: '\\u200B'\nc: x\\u200B # \"\\a\"\nd: \"\\\\a \\x41\"\n";
        let found: Vec<_> = unprinted_escapes(text)
            .into_iter()
            .map(|(at, c)| (&text[at], c))
            .collect();
        assert_eq!(found, [("\\u200B", '\u{200B}'), ("\\a", '\u{7}')]);
    }

    #[test]
    fn a_quote_inside_a_plain_or_block_text_opens_nothing() {
        let text = concat!(
            "body:\n",
            "  - 文件存于 \"D:\\backup\\archive\" 目录\n",
            "  - 误差不超过 0.5 \" 。\n",
            "  - title: \"术\\u202E语\"\n",
            "title: |\n",
            "  订货 \"C:\\a\" 汇总\n",
            "\n",
            "  第二行 \"\\a\"\n",
            "keeper: [\"X\\e\", 'Y']\n",
        );
        let found: Vec<_> = unprinted_escapes(text)
            .into_iter()
            .map(|(at, c)| (&text[at], c))
            .collect();
        assert_eq!(found, [("\\u202E", '\u{202E}'), ("\\e", '\u{1b}')]);
    }
}

//! The fixed words printed on every paper (受控状态, 编制, 第X页 共Y页 …):
//! one table in Chinese and English, chosen by `language` in
//! `data/settings.yaml`, with any label overridden under `labels:`.
//!
//! Templates read them as `{{ labels.page_of }}`; `forms/house.typ` reads
//! them, with the fonts and language, from `sys.inputs.ctrldoc`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The language of a document set's fixed words, fonts and text rules, as
/// `language:` in `settings.yaml` and `init --lang` name it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
pub enum Language {
    /// Simplified Chinese, with the shipped Noto CJK SC faces.
    #[default]
    #[serde(rename = "zh-CN", alias = "zh")]
    #[value(name = "zh", alias = "zh-CN")]
    Chinese,
    /// English, with Typst's own Latin faces only.
    #[serde(rename = "en")]
    #[value(name = "en")]
    English,
}

impl Language {
    /// The name written in `settings.yaml` and `init --lang`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Chinese => "zh-CN",
            Self::English => "en",
        }
    }
}

/// Every label: its key, its Chinese text and its English text. A `{name}`
/// in a text is filled in where the label is printed.
const TABLE: &[(&str, &str, &str)] = &[
    // Page furniture.
    (
        "page_of",
        "第{page}页　共{pages}页",
        "Page {page} of {pages}",
    ),
    ("colon", "：", ": "),
    ("gap", "　", " "),
    ("form_number", "表单编号", "Form No."),
    ("document_number", "文件编号", "Document No."),
    ("version", "版本", "Version"),
    ("date", "日期", "Date"),
    ("date_blank", "{gap}年{gap}月{gap}日", "{gap}{gap}{gap}"),
    ("signature", "{role}（签字）", "{role} (signature)"),
    ("retention", "保存期限", "Retention"),
    ("keeper", "保管部门", "Kept by"),
    ("draft", "草稿 DRAFT", "DRAFT"),
    ("specimen", "样张", "SPECIMEN"),
    // The cover and its control block.
    ("control_status", "受控状态", "Control status"),
    ("holder", "持有者", "Holder"),
    ("copy_number", "分发号", "Copy No."),
    ("effective_date", "生效日期", "Effective date"),
    (
        "issued_by_company",
        "{company}　发布",
        "Issued by {company}",
    ),
    ("prepare", "编制", "Prepared by"),
    ("review", "审核", "Reviewed by"),
    ("approve", "批准", "Approved by"),
    ("controlled", "受控", "CONTROLLED"),
    ("uncontrolled", "非受控", "UNCONTROLLED"),
    ("obsolete", "作废", "OBSOLETE"),
    ("obsolete_gloss", "OBSOLETE", ""),
    ("master_copy", "正本", "Master copy"),
    ("draft_status", "草稿", "DRAFT"),
    (
        "draft_footer",
        "草稿　未经批准，不得作为受控文件使用",
        "Draft: not approved, not to be used as a controlled document",
    ),
    (
        "pending_footer",
        "{footer}　自 {date} 起实施",
        "{footer}; in force from {date}",
    ),
    ("master_holder", "文控中心", "Document control"),
    (
        "copy_footer",
        "受控副本　分发号：{number}　持有者：{holder}",
        "Controlled copy No. {number}, held by {holder}",
    ),
    (
        "uncontrolled_footer",
        "非受控副本　打印后不受控（uncontrolled when printed）",
        "Uncontrolled copy: uncontrolled when printed",
    ),
    (
        "obsolete_footer",
        "作废版本　已被 {by} 版替代，仅供查考",
        "Obsolete: superseded by version {by}, for reference only",
    ),
    (
        "obsolete_footer_plain",
        "作废版本，仅供查考",
        "Obsolete, for reference only",
    ),
    (
        "superseded_by",
        "已被 {by} 版替代",
        "superseded by version {by}",
    ),
    ("superseded_from", "（{date} 起）", " (from {date})"),
    // The handbook.
    ("revision_record", "修订记录", "Revision record"),
    ("revision_date", "修订日期", "Date"),
    ("revision_summary", "修订内容", "Changes"),
    ("revision_author", "修订人", "Revised by"),
    ("contents", "目　录", "Contents"),
    (
        "blank_page",
        "此页无正文",
        "This page is intentionally left blank.",
    ),
    ("part_numbering", "一、", "1."),
    ("appendix_forms", "附录　相关表单", "Appendix: forms"),
    (
        "appendix_intro",
        "本制度引用的受控表单如下，各表单自下页起逐页附后。",
        "The controlled forms this document names are listed below; each follows on a page of its own.",
    ),
    ("form_title", "表单名称", "Form title"),
    (
        "form_reference",
        "《{title}》（{number}）",
        "{title} ({number})",
    ),
    // The issue and return register.
    (
        "register",
        "文件发放/回收登记表",
        "Issue and return register",
    ),
    (
        "register_note",
        "由 ctrldoc 根据发放登记生成；签名栏由领用人、交回人手写。",
        "Made by ctrldoc from the distribution register; signatures are written by hand.",
    ),
    ("register_as_of", "登记至 {date}", "Recorded up to {date}"),
    (
        "register_recall",
        "本版本{status}，在外副本应全部收回。",
        "This version is {status}: every copy out must be recalled.",
    ),
    (
        "register_recalled",
        "本版本{status}，已无在外副本。",
        "This version is {status}: no copy of it is out.",
    ),
    (
        "register_recalled_lost",
        "本版本{status}，在外副本已全部收回或登记遗失；其中 {lost} 份遗失作废，未找回（见备注）。",
        "This version is {status}: every copy is returned or recorded lost; {lost} of them lost and void, not found (see the notes).",
    ),
    ("document_title", "文件名称", "Document title"),
    ("issued_on", "发放日期", "Issued on"),
    ("issued_by", "发放人", "Issued by"),
    ("received_signature", "领用人签名", "Received (signature)"),
    ("returned_on", "回收日期", "Returned on"),
    ("returned_to", "回收人", "Returned to"),
    ("returned_signature", "交回人签名", "Returned (signature)"),
    ("disposition", "回收处理", "Disposition"),
    ("note", "备注", "Note"),
    ("destroyed", "收回销毁", "Returned and destroyed"),
    ("kept", "作废留存（已标识）", "Kept, marked obsolete"),
    ("void", "作废", "Void"),
    ("superseding_version", "替代版本", "Superseded by"),
    (
        "person_of",
        "{name}（{department}）",
        "{name} ({department})",
    ),
    (
        "replaces_lost",
        "替代遗失的 {old} 号",
        "replaces lost No. {old}",
    ),
    (
        "reissued_damaged",
        "{date} 破损换发",
        "{date} reissued, damaged",
    ),
    (
        "lost_void",
        "{date} 遗失作废，由 {next} 号替代，{by}",
        "{date} lost and void, replaced by No. {next}, {by}",
    ),
    (
        "lost_recalled",
        "{date} 遗失作废，{by}",
        "{date} lost and void, {by}",
    ),
    ("lost_found", "{date} 找回，{by}", "{date} found, {by}"),
    (
        "return_mistaken",
        "{date} 更正：{on} 误登记为已交回，{by}",
        "{date} corrected: recorded returned on {on} by mistake, {by}",
    ),
    (
        "loss_mistaken",
        "{date} 更正：{on} 误登记为遗失，{by}",
        "{date} corrected: recorded lost on {on} by mistake, {by}",
    ),
    (
        "damaged_reissue",
        "{date} 破损换发，{by}",
        "{date} reissued, damaged, {by}",
    ),
    // The serial ledger of a numbered form.
    ("ledger", "流水号登记表", "Serial number ledger"),
    (
        "ledger_note",
        "由 ctrldoc 根据流水号登记生成；作废号码不再使用。",
        "Made by ctrldoc from the serial ledger; a number voided is never used again.",
    ),
    ("serial_format", "编号格式", "Number format"),
    ("pad_numbers", "起止号码", "Numbers"),
    ("pad_sets", "份数", "Sets"),
    ("serial_to", "至", "to"),
    ("printed_on", "印制日期", "Printed on"),
    ("printed_by", "印制人", "Printed by"),
    ("pad_holder", "领用", "Handed to"),
    ("pads_voided", "其中作废", "Of them void"),
    (
        "pad_used_up",
        "{date} 登记用完，{by}",
        "{date} recorded used up, {by}",
    ),
    (
        "used_up_mistaken",
        "{date} 更正：{on} 误登记为用完，{by}",
        "{date} corrected: recorded used up on {on} by mistake, {by}",
    ),
    ("voided_numbers", "作废号码", "Numbers voided"),
    ("void_reason", "作废原因", "Reason"),
    ("voided_on", "作废日期", "Voided on"),
    ("voided_by", "登记人", "Recorded by"),
    ("no_voids", "无作废号码。", "No number is void."),
    // The master list.
    (
        "master_list",
        "受控文件清单",
        "Master list of controlled documents",
    ),
    (
        "master_list_note",
        "截至 {date}，由 ctrldoc 根据受控文件数据生成。",
        "As of {date}, made by ctrldoc from the document data.",
    ),
    ("kind", "类别", "Kind"),
    ("number", "编号", "No."),
    ("title", "名称", "Title"),
    ("status", "状态", "Status"),
    ("approver", "批准人", "Approved by"),
    ("approved_on", "批准日期", "Approved on"),
    ("last_review", "上次评审", "Last review"),
    ("next_review", "下次评审", "Next review"),
    ("continued", "（续）", " (continued)"),
    ("review_overdue", "{date}（已逾期）", "{date} (overdue)"),
    (
        "review_of_next",
        "{date}（{next} 版）",
        "{date} (of {next})",
    ),
    ("owner", "归口部门", "Owner"),
    ("copies_out", "在外受控副本", "Controlled copies out"),
    ("superseded_out", "旧版未收回", "Superseded copies out"),
    ("kind_document", "文件", "Document"),
    ("kind_form", "表单", "Form"),
    ("status_draft", "草稿", "Draft"),
    ("status_effective", "有效", "Effective"),
    (
        "status_withdrawn",
        "作废（{date} 起）",
        "Withdrawn on {date}",
    ),
    (
        "status_dropped",
        "有效（{next} 修订中，不再引用）",
        "Effective ({next}, in revision, drops it)",
    ),
    (
        "status_dropped_on",
        "有效（{date} 起随 {next} 作废）",
        "Effective (withdrawn with {next} on {date})",
    ),
    (
        "status_revising",
        "有效（{next} 修订中）",
        "Effective ({next} in revision)",
    ),
    (
        "status_approved",
        "已批准（自 {date} 起实施）",
        "Approved (takes effect on {date})",
    ),
    (
        "status_pending",
        "有效（{next} 自 {date} 起实施）",
        "Effective ({next} takes effect on {date})",
    ),
    (
        "status_pending_issued",
        "有效（{next} 自 {date} 起实施，已发 {pending} 份）",
        "Effective ({next} takes effect on {date}; {pending} issued)",
    ),
    // The records list.
    ("records_list", "记录清单", "Records list"),
    (
        "records_list_note",
        "截至 {date}，由 ctrldoc 根据表单数据生成。",
        "As of {date}, made by ctrldoc from the form data.",
    ),
    ("row_number", "序号", "#"),
    ("record_title", "记录名称", "Record"),
    ("numbering", "编号方式", "Numbering"),
    ("required_by", "依据文件", "Required by"),
    ("record_storage", "保存地点", "Kept at"),
    ("record_disposal", "到期处置", "When retention ends"),
    (
        "serial_yearly",
        "流水号（如 {example}，逐年重编）",
        "serial (e.g. {example}, yearly)",
    ),
    (
        "serial",
        "流水号（如 {example}）",
        "serial (e.g. {example})",
    ),
    ("parts", "一式{count}联", "{count} parts"),
    (
        "first_issue_recorded",
        "首次发布（修订时补记）",
        "First issue (recorded at the next revision)",
    ),
    (
        "version_recorded",
        "修订前的版本（修订时补记）",
        "The version before (recorded at the next revision)",
    ),
    ("list_separator", "，", ", "),
    ("required_separator", "；", "; "),
    (
        "drafted_form",
        "草稿，未经批准，尚未使用",
        "Draft: not approved, not yet in use",
    ),
    (
        "withdrawn_form",
        "{date} 起作废（{document} {by} 版不再引用）",
        "Withdrawn on {date} ({document} {by} binds it no more)",
    ),
    (
        "document_reference",
        "{number}《{title}》",
        "{number} {title}",
    ),
    // The audit report.
    (
        "audit_report",
        "文件控制审核报告",
        "Document control audit report",
    ),
    (
        "audit_note",
        "截至 {date}，由 ctrldoc 根据受控文件数据生成。",
        "As of {date}, made by ctrldoc from the document data.",
    ),
    (
        "audit_summary",
        "依据 ISO 9001:2015 7.5、ISO 13485 4.2.4/4.2.5　不符合 {errors} 项，注意 {warnings} 项，记录 {notes} 项",
        "Against ISO 9001:2015 7.5 and ISO 13485 4.2.4/4.2.5. Nonconformities: {errors}; concerns: {warnings}; notes: {notes}",
    ),
    ("finding_kind", "类别", "Kind"),
    ("finding_subject", "对象", "Subject"),
    ("finding", "发现", "Finding"),
    ("finding_action", "处理", "Action"),
    ("nonconformity", "不符合", "Nonconformity"),
    ("concern", "注意", "Concern"),
    ("record", "记录", "Note"),
    ("no_findings", "未发现问题。", "No findings."),
    // The forms portal.
    (
        "portal_title",
        "受控文件与表单",
        "Controlled documents and forms",
    ),
    (
        "portal_subtitle",
        "受控文件与空白表单 · 点击名称打开 PDF 打印",
        "Controlled documents and blank forms · open a title to print its PDF",
    ),
    (
        "portal_search",
        "按编号或名称查找，如 {number} 或 {title}",
        "Find by number or title, e.g. {number} or {title}",
    ),
    ("portal_count", "共 {count} 项", "{count} items"),
    ("portal_found", "找到 {count} 项", "{count} found"),
    (
        "portal_none",
        "没有找到匹配的文件或表单。",
        "No document or form matches.",
    ),
    ("portal_lists", "清单与登记表", "Lists and registers"),
    ("portal_picture", "图样", "Picture"),
    ("portal_as_of", "截至 {date}", "As of {date}"),
    (
        "portal_numbered",
        "编号表单：此为样张，使用时向文控领用编号本",
        "Numbered form: this is a specimen; ask document control for a numbered pad",
    ),
    ("portal_first_page", "{number} 第1页", "{number} page 1"),
];

/// The keys of every label.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(key, _, _)| *key)
}

/// The Chinese text of a label, or `None` when there is no such label.
pub fn chinese(key: &str) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, _)| *zh)
}

/// The `{name}`s a label's text is filled with.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if !after[..end].is_empty()
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Fills each `{name}` of `text` with its value, in one pass, so that a
/// value that itself holds `{name}` is printed as it is.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    replace_braced(text, "{", |name| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| (*value).to_owned())
    })
}

/// Replaces each `OPEN…}` of `text` (with `open` ending in `{`) by what
/// `with` makes of what is between, in one pass; one it makes nothing of is
/// left as it is.
pub(crate) fn replace_braced(
    text: &str,
    open: &str,
    with: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        match after
            .find('}')
            .and_then(|end| with(&after[..end]).map(|made| (end, made)))
        {
            Some((end, made)) => {
                out.push_str(&made);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What `text` fills label `key` with, as [`Labels::read`] reads it, in
/// either built-in language alone.
pub fn read_builtin(key: &str, text: &str) -> Option<Vec<(String, String)>> {
    read_in(builtin(key).into_iter(), text)
}

/// The built-in texts of label `key`, in Chinese and in English.
fn builtin(key: &str) -> Vec<&'static str> {
    let found = TABLE.iter().filter(|(k, _, _)| *k == key);
    found.flat_map(|(_, zh, en)| [*zh, *en]).collect()
}

/// What `text` fills the first of `templates` it is filled in from with.
fn read_in<'t>(
    templates: impl Iterator<Item = &'t str>,
    text: &str,
) -> Option<Vec<(String, String)>> {
    templates.into_iter().find_map(|template| {
        let mut values = vec![];
        read_filled(template, text.trim(), &mut values).then_some(values)
    })
}

/// Whether `text` is `template` with each `{name}` filled in, putting what
/// each is filled with in `values`; see [`Labels::read`].
fn read_filled(template: &str, text: &str, values: &mut Vec<(String, String)>) -> bool {
    let Some((name, before, after)) = template.find('{').and_then(|start| {
        let end = start + template[start..].find('}')?;
        Some((
            &template[start + 1..end],
            &template[..start],
            &template[end + 1..],
        ))
    }) else {
        return template == text;
    };
    let Some(rest) = text.strip_prefix(before) else {
        return false;
    };
    let fits = |value: &str| match name {
        "date" | "on" => {
            value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
        }
        "next" | "old" => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        _ => !value.trim().is_empty() && !value.contains(['，', ',', '；', ';', '。', '\n']),
    };
    let ends = rest
        .char_indices()
        .map(|(at, _)| at)
        .skip(1)
        .chain([rest.len()]);
    for end in ends {
        let mark = values.len();
        if fits(&rest[..end]) {
            values.push((name.to_owned(), rest[..end].to_owned()));
            if read_filled(after, &rest[end..], values) {
                return true;
            }
            values.truncate(mark);
        }
    }
    false
}

/// The labels of one document set.
#[derive(Debug, Clone)]
pub struct Labels {
    /// The language they are in.
    pub language: Language,
    texts: BTreeMap<&'static str, String>,
}

impl Default for Labels {
    fn default() -> Self {
        Self::new(Language::default(), &BTreeMap::new())
    }
}

impl Labels {
    /// The table of `language`, with the set's own `overrides`; overrides of
    /// labels that do not exist are left to validation to report.
    pub fn new(language: Language, overrides: &BTreeMap<String, String>) -> Self {
        let texts = TABLE
            .iter()
            .map(|&(key, zh, en)| {
                let text = match overrides.get(key) {
                    Some(own) => own.clone(),
                    None => match language {
                        Language::Chinese => zh.to_owned(),
                        Language::English => en.to_owned(),
                    },
                };
                (key, text)
            })
            .collect();
        Self { language, texts }
    }

    /// A step of the approval chain in the set's language: 编制, or
    /// "Prepared by".
    pub fn role(&self, role: crate::model::Role) -> &str {
        self.get(role.label_key())
    }

    /// The approval chain in order, in the set's language.
    pub fn chain(&self) -> String {
        crate::model::Role::CHAIN
            .iter()
            .map(|&r| self.role(r))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The text of a label.
    ///
    /// # Panics
    /// When `key` is not in the table: a mistake in ctrldoc itself.
    pub fn get(&self, key: &str) -> &str {
        match self.texts.get(key) {
            Some(text) => text,
            None => panic!("ctrldoc has no label `{key}`"),
        }
    }

    /// A copy's holder as the register and the copy print it: a person
    /// with the department they were in when it was issued (孙晓燕（销售部）),
    /// a department by its name alone.
    pub fn holder(&self, holder: &str, department: Option<&str>) -> String {
        match department {
            Some(department) => {
                self.fill("person_of", &[("name", holder), ("department", department)])
            }
            None => holder.to_owned(),
        }
    }

    /// The text of a label with each `{name}` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// What `text` fills label `key` with, by name, where `text` is that
    /// label filled in: as the set's labels say it, or as either built-in
    /// language does (a register written before the language or the label
    /// was changed). A date is read as YYYY-MM-DD, a number as digits, and
    /// any other value as text holding no separator (，,；;。).
    pub fn read(&self, key: &str, text: &str) -> Option<Vec<(String, String)>> {
        let mut templates = vec![self.get(key)];
        templates.extend(builtin(key));
        read_in(templates.into_iter(), text)
    }

    /// The serif family, in the role of 宋体 in Chinese.
    pub fn serif(&self) -> &'static str {
        match self.language {
            Language::Chinese => crate::fonts::SERIF,
            Language::English => crate::fonts::LATIN_SERIF,
        }
    }

    /// The family of labels and headings, in the role of 黑体 in Chinese.
    pub fn sans(&self) -> &'static str {
        match self.language {
            Language::Chinese => crate::fonts::SANS,
            Language::English => crate::fonts::LATIN_SERIF,
        }
    }

    /// The language and region Typst sets text in.
    pub fn typst_lang(&self) -> (&'static str, Option<&'static str>) {
        match self.language {
            Language::Chinese => ("zh", Some("cn")),
            Language::English => ("en", None),
        }
    }

    /// Every label, by key, for templates.
    pub fn texts(&self) -> &BTreeMap<&'static str, String> {
        &self.texts
    }

    /// What `forms/house.typ` reads as `sys.inputs.ctrldoc`: the labels, the
    /// font families, the language, and whether the notes in the feet of a
    /// handbook are moved into place after layout (see [`crate::notes`]).
    fn inputs(&self, moves_notes: bool) -> serde_json::Value {
        let (lang, region) = self.typst_lang();
        serde_json::json!({
            "labels": self.texts,
            "serif": [self.serif()],
            "sans": [self.sans()],
            "lang": lang,
            "region": region,
            "moves_notes": moves_notes,
        })
    }

    /// The inputs in JSON, for the Typst CLI, which moves nothing after
    /// layout: `typst compile --input ctrldoc="$(cat ctrldoc.json)"`.
    pub fn json(&self) -> String {
        self.inputs(false).to_string()
    }

    /// The inputs as Typst values, for the library of every compilation.
    pub fn typst_inputs(&self) -> typst::foundations::Dict {
        let ctrldoc: typst::foundations::Value =
            serde_json::from_value(self.inputs(true)).expect("labels are JSON that Typst reads");
        let mut inputs = typst::foundations::Dict::new();
        inputs.insert("ctrldoc".into(), ctrldoc);
        inputs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_the_same_placeholders() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, zh, en) in TABLE {
            assert!(seen.insert(key), "`{key}` is in the table twice");
            let mut a = placeholders(zh);
            let mut b = placeholders(en);
            a.sort();
            b.sort();
            a.dedup();
            b.dedup();
            assert_eq!(a, b, "`{key}` fills different names in Chinese and English");
            assert!(!zh.is_empty(), "`{key}` has no Chinese text");
        }
    }

    #[test]
    fn a_label_filled_in_is_read_back_in_either_language_or_as_overridden() {
        let own = BTreeMap::from([("lost_recalled".to_owned(), "{by} 于 {date} 报失".to_owned())]);
        let labels = Labels::new(Language::Chinese, &own);
        let read = |key, text| labels.read(key, text);
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            read("lost_void", "2016-10-08 遗失作废，由 03 号替代，孙晓燕"),
            Some(vec![
                pair("date", "2016-10-08"),
                pair("next", "03"),
                pair("by", "孙晓燕")
            ])
        );
        assert_eq!(
            read(
                "lost_void",
                "2016-10-08 lost and void, replaced by No. 3, Sun Xiaoyan"
            ),
            Some(vec![
                pair("date", "2016-10-08"),
                pair("next", "3"),
                pair("by", "Sun Xiaoyan")
            ])
        );
        assert!(read("lost_recalled", "孙晓燕 于 2016-10-08 报失").is_some());
        assert!(read("lost_recalled", "2016-10-08 遗失作废，孙晓燕").is_some());
        // Not the label: text after the name, a day that is none, no name.
        assert_eq!(
            read("lost_recalled", "2016-10-08 遗失作废，孙晓燕；张三代领"),
            None
        );
        assert_eq!(read("lost_recalled", "2016-13-08 遗失作废，孙晓燕"), None);
        assert_eq!(read("lost_recalled", "2016-10-08 遗失作废，"), None);
        assert_eq!(
            read("lost_void", "2016-10-08 遗失作废，由 三 号替代，孙晓燕"),
            None
        );
    }

    #[test]
    fn overrides_replace_one_label_and_fill_as_usual() {
        let own = BTreeMap::from([("page_of".to_owned(), "{page}/{pages}".to_owned())]);
        let labels = Labels::new(Language::English, &own);
        assert_eq!(
            labels.fill("page_of", &[("page", "2"), ("pages", "9")]),
            "2/9"
        );
        assert_eq!(labels.get("holder"), "Holder");
        assert_eq!(Labels::default().get("holder"), "持有者");
    }

    #[test]
    fn the_readme_lists_every_label() {
        let readme = include_str!("../README.md");
        for (key, _, _) in TABLE {
            let row = format!("| `{key}` |");
            assert!(readme.contains(&row), "README lacks the row of `{key}`");
        }
    }

    #[test]
    fn values_are_filled_in_once() {
        let text = fill(
            "{title}（{number}）",
            &[("title", "{number}"), ("number", "1")],
        );
        assert_eq!(text, "{number}（1）");
        assert_eq!(fill("{x} {", &[]), "{x} {");
    }

    #[test]
    fn placeholders_are_lower_case_names_in_braces() {
        assert_eq!(placeholders("第{page}页 共{pages}页"), ["page", "pages"]);
        assert!(placeholders("{ not one } {X} {}").is_empty());
    }
}

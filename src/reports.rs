//! The registers and lists printed from the data: the issue and return
//! register (文件发放/回收登记表) of each document version with copies, and the
//! master list of controlled documents and forms (受控文件清单).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::archive::History;
use crate::labels::Labels;
use crate::loader::DocumentSet;
use crate::master_list::{self, csv_table};
use crate::model::Document;
use crate::plan::{Job, Kind};
use crate::register::{Copy, CopyState};

/// What a register or list prints.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Report {
    /// An issue and return register.
    Register(RegisterView),
    /// The master list or the records list.
    List(ListView),
    /// The audit report.
    Audit(crate::audit::AuditView),
    /// The serial ledger of a numbered form.
    Ledger(LedgerView),
}

impl Report {
    /// The rows of a list (the master list, the records list or the audit
    /// report); a register's are not counted.
    pub fn rows(&self) -> Vec<&[String]> {
        match self {
            Report::Register(_) | Report::Ledger(_) => vec![],
            Report::List(list) => list.rows.iter().map(Vec::as_slice).collect(),
            Report::Audit(audit) => audit.rows.iter().map(|row| row.as_slice()).collect(),
        }
    }

    /// The same list with only the rows in `range`, to print it in parts.
    pub fn part(&self, range: std::ops::Range<usize>) -> Report {
        match self {
            Report::Register(_) | Report::Ledger(_) => self.clone(),
            Report::List(list) => Report::List(ListView {
                headings: list.headings.clone(),
                rows: list.rows[range].to_vec(),
                date: list.date.clone(),
            }),
            Report::Audit(audit) => Report::Audit(crate::audit::AuditView {
                date: audit.date.clone(),
                rows: audit.rows[range].to_vec(),
                counts: audit.counts,
            }),
        }
    }
}

/// The serial ledger of a numbered form (流水号登记表): every pad printed,
/// and every number voided, as `data/ledgers/` records them.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerView {
    /// Form number.
    pub number: String,
    /// Title.
    pub title: String,
    /// The form's version now.
    pub version: String,
    /// How its numbers are written now, by an example of the year of its
    /// last record: 流水号（如 CH202600001，逐年重编）.
    pub format: String,
    /// One row a pad, in the order printed.
    pub pads: Vec<PadRow>,
    /// One row a run of numbers voided at once, in the order printed.
    pub voids: Vec<VoidRow>,
    /// The day of its last record, which the print is of.
    pub recorded: String,
}

/// One pad in a serial ledger.
#[derive(Debug, Clone, Serialize)]
pub struct PadRow {
    /// Its place, from 1.
    pub row: String,
    /// Its first to its last number.
    pub numbers: String,
    /// How many sets.
    pub sets: String,
    /// The form's version it was printed at.
    pub version: String,
    pub printed_on: String,
    pub printed_by: String,
    /// Who it was handed to.
    pub holder: String,
    /// How many of its numbers are void.
    pub voided: String,
    /// Its records as used up, and those taken back.
    pub note: String,
}

/// A run of numbers voided at once.
#[derive(Debug, Clone, Serialize)]
pub struct VoidRow {
    /// The number, or the first to the last.
    pub numbers: String,
    /// How many.
    pub count: String,
    pub date: String,
    pub reason: String,
    pub by: String,
}

/// The view of a form's serial ledger.
fn ledger_view(
    labels: &Labels,
    form: &crate::model::Form,
    ledger: &crate::serial::Ledger,
) -> (LedgerView, NaiveDate) {
    let to = format!(" {} ", labels.get("serial_to"));
    let runs = crate::serial::void_runs(ledger);
    let mut last = ledger.pads.iter().map(|p| p.date).max();
    let pads = ledger
        .pads
        .iter()
        .enumerate()
        .map(|(i, pad)| {
            let (first, end) = pad.range();
            let (voided, _) = ledger.voided_on(pad);
            let mut note: Vec<(NaiveDate, String)> = vec![];
            for used in ledger.used_up.iter().filter(|u| u.pad == first) {
                note.push((
                    used.date,
                    labels.fill(
                        "pad_used_up",
                        &[("date", &used.date.to_string()), ("by", &used.by)],
                    ),
                ));
            }
            for back in ledger.taken_back.iter().filter(|b| b.used_up.pad == first) {
                note.push((
                    back.date,
                    labels.fill(
                        "used_up_mistaken",
                        &[
                            ("date", &back.date.to_string()),
                            ("on", &back.used_up.date.to_string()),
                            ("by", &back.by),
                        ],
                    ),
                ));
            }
            note.sort();
            last = last.max(note.iter().map(|(d, _)| *d).max());
            PadRow {
                row: (i + 1).to_string(),
                numbers: crate::audit::serial_run(&first, &end, &to),
                sets: (pad.last.saturating_sub(pad.first) + 1).to_string(),
                version: pad.version.clone().unwrap_or_default(),
                printed_on: pad.date.to_string(),
                printed_by: pad.by.clone(),
                holder: pad.holder.as_deref().map_or(String::new(), |holder| {
                    labels.holder(holder, pad.department.as_deref())
                }),
                voided: match voided {
                    0 => String::new(),
                    n => n.to_string(),
                },
                note: note
                    .into_iter()
                    .map(|(_, n)| n)
                    .collect::<Vec<_>>()
                    .join(labels.get("required_separator")),
            }
        })
        .collect();
    let voids = runs
        .iter()
        .map(|run| {
            last = last.max(Some(run.void.date));
            VoidRow {
                numbers: crate::audit::serial_run(run.first, run.last, &to),
                count: run.count.to_string(),
                date: run.void.date.to_string(),
                reason: run.void.reason.clone(),
                by: run.void.by.clone(),
            }
        })
        .collect();
    let recorded = last.unwrap_or(form.effective);
    let view = LedgerView {
        number: form.number.to_string(),
        title: form.title.clone(),
        version: form.version.to_string(),
        format: serial_said(labels, form, recorded.year()).unwrap_or_default(),
        pads,
        voids,
        recorded: recorded.to_string(),
    };
    (view, recorded)
}

/// The issue and return register of one version of a document.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterView {
    /// Document number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// 生效日期.
    pub effective: String,
    /// What became of the version: empty while in force, else 已被 X 替代.
    pub status: String,
    /// For a version no longer in force, what is to be done with its
    /// copies: recalled, while any is still out; else that they all are.
    pub recall: String,
    /// One row per numbered copy, by number.
    pub rows: Vec<RegisterRow>,
    /// Blank rows left for copies issued by hand, as a set's own register
    /// template made before the built-in one counted them on its page
    /// (see `forms/register.typ.j2`).
    pub blank: usize,
    /// The day of its last record (an issue, a reprint, a return, a loss,
    /// or its replacement by a later version; else the version taking
    /// effect), which the print is of.
    pub recorded: String,
}

/// One copy in the issue and return register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// 分发号, two digits.
    pub number: String,
    /// 持有者.
    pub holder: String,
    /// The person's name `holder` starts with, before their department;
    /// empty when the holder is a department.
    pub holder_name: String,
    /// 发放日期.
    pub issued: String,
    /// 发放人.
    pub issued_by: String,
    /// 回收日期.
    pub returned: String,
    /// 回收人.
    pub returned_to: String,
    /// 旧版处理: what was done with the copy once back.
    pub disposition: String,
    /// 备注: voids, replacements, reissues.
    pub note: String,
}

/// The master list as printed.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    /// Column headings.
    pub headings: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// The date the list is as of.
    pub date: String,
}

/// Plans a register for every version with copies, and the master list.
pub fn jobs(history: &History) -> Vec<Job> {
    let set = &history.set;
    let mut jobs = vec![];
    let org: Vec<String> = set.organisation.iter().map(|o| o.path.clone()).collect();
    let templates = |name: &str| vec![format!("forms/{name}"), "forms/house.typ".to_owned()];
    for (index, working) in set.documents.iter().enumerate() {
        let number = working.value.number.as_str();
        let register = set.register(number);
        let all: &[Copy] = register.map_or(&[], |r| r.value.copies.as_slice());
        // Every version with copies, and the version in force even before
        // its first copy: its register is printed to be filled in by hand.
        let mut versions: Vec<&str> = vec![];
        let current = history
            .current(number)
            .map(|(_, d)| d.value.version.as_str());
        for version in all.iter().map(|c| c.version.as_str()).chain(current) {
            if !versions.contains(&version) {
                versions.push(version);
            }
        }
        for version in versions {
            let (doc, path) = if working.value.version.as_str() == version {
                (&working.value, working.path.clone())
            } else {
                match history
                    .versions_of(number)
                    .find(|a| a.document().value.version.as_str() == version)
                {
                    Some(a) => (&a.document().value, a.document().path.clone()),
                    // Validation has reported it.
                    None => continue,
                }
            };
            let copies: Vec<&Copy> = all.iter().filter(|c| c.version == version).collect();
            let superseded = history.superseded(number, version);
            let status = superseded.as_ref().map_or(String::new(), |s| {
                set.labels.fill("superseded_by", &[("by", s.by.as_str())])
            });
            let recorded = last_date(doc, &copies, superseded.and_then(|s| s.effective));
            let view = register_view(&set.labels, doc, &copies, all, status, recorded);
            let mut data: Vec<String> = register.iter().map(|r| r.path.clone()).collect();
            data.push(path);
            data.extend(org.clone());
            jobs.push(Job {
                kind: Kind::Register,
                index,
                copy: None,
                number: number.to_owned(),
                version: version.to_owned(),
                title: format!("{} {}", doc.title, set.labels.get("register")),
                path: format!(
                    "registers/{number}-{}-issue-return-register.pdf",
                    doc.version.file_stem()
                ),
                forms: vec![],
                date: recorded,
                data,
                templates: templates("register.typ.j2"),
                superseded: None,
                takes_effect: None,
                printed_at: None,
                text: None,
                draft: false,
                report: Some(Box::new(Report::Register(view))),
                sheets: vec![],
            });
        }
    }

    // The serial ledger of each numbered form with a pad printed; of one
    // withdrawn and taken out of `data/forms/` too, from the form as the
    // archive keeps it, as its pads are kept: the auditor reads there that
    // its sheets left were withdrawn.
    let withdrawn = match set
        .ledgers
        .iter()
        .all(|l| set.form(&l.value.form).is_some())
    {
        true => Default::default(),
        false => history.withdrawn(),
    };
    for loaded in &set.ledgers {
        let ledger = &loaded.value;
        let (form, index) = match set.form_index(&ledger.form) {
            Some(index) => (&set.forms[index], index),
            // Not one of the set's forms, whose place is not looked up.
            None => match withdrawn.get(ledger.form.as_str()) {
                Some(w) => (w.form(), usize::MAX),
                None => continue,
            },
        };
        if ledger.pads.is_empty() {
            continue;
        }
        let (view, recorded) = ledger_view(&set.labels, &form.value, ledger);
        let mut data = vec![loaded.path.clone(), form.path.clone()];
        data.extend(org.clone());
        jobs.push(Job {
            kind: Kind::Ledger,
            index,
            copy: None,
            number: ledger.form.clone(),
            version: String::new(),
            title: format!("{} {}", form.value.title, set.labels.get("ledger")),
            path: format!("ledgers/{}-serial-ledger.pdf", ledger.form),
            forms: vec![],
            date: recorded,
            data,
            templates: templates("ledger.typ.j2"),
            superseded: None,
            takes_effect: None,
            printed_at: None,
            text: None,
            draft: false,
            report: Some(Box::new(Report::Ledger(view))),
            sheets: vec![],
        });
    }

    let rows = master_list::rows(history, history.report_date);
    let mut data: Vec<String> = set.documents.iter().map(|d| d.path.clone()).collect();
    data.extend(set.forms.iter().map(|f| f.path.clone()));
    data.extend(set.registers.iter().map(|r| r.path.clone()));
    data.extend(history.archived.iter().map(|a| a.document().path.clone()));
    data.extend(org);
    if set.sources.contains("data/settings.yaml") {
        data.push("data/settings.yaml".into());
    }
    // The list is as of the day of the build, as the audit report is: what
    // is overdue depends on it. A build that stamps its PDFs with
    // `SOURCE_DATE_EPOCH` dates it that day, and makes it alike on any day.
    let date = history.report_date;
    jobs.push(Job {
        kind: Kind::MasterList,
        index: 0,
        copy: None,
        number: "master-list".into(),
        version: String::new(),
        title: set.labels.get("master_list").into(),
        path: "master-list.pdf".into(),
        forms: vec![],
        date,
        data,
        templates: templates("master-list.typ.j2"),
        superseded: None,
        takes_effect: None,
        printed_at: None,
        text: None,
        draft: false,
        sheets: vec![],
        report: Some(Box::new(Report::List(ListView {
            headings: master_list::headings(&set.labels),
            rows: rows.iter().map(|r| r.cells(&set.labels)).collect(),
            date: date.to_string(),
        }))),
    });
    let records = records(history, history.report_date);
    let mut data: Vec<String> = set.forms.iter().map(|f| f.path.clone()).collect();
    data.extend(set.documents.iter().map(|d| d.path.clone()));
    data.extend(set.organisation.iter().map(|o| o.path.clone()));
    // As of the day of the build, as the master list is.
    let records_date = history.report_date;
    jobs.push(Job {
        kind: Kind::RecordsList,
        index: 0,
        copy: None,
        number: "records-list".into(),
        version: String::new(),
        title: set.labels.get("records_list").into(),
        path: "records-list.pdf".into(),
        forms: vec![],
        date: records_date,
        data,
        templates: templates("records-list.typ.j2"),
        superseded: None,
        takes_effect: None,
        printed_at: None,
        text: None,
        draft: false,
        sheets: vec![],
        report: Some(Box::new(Report::List(ListView {
            headings: record_headings(set),
            rows: records,
            date: records_date.to_string(),
        }))),
    });
    jobs
}

/// The job of the audit report, as of `date`.
pub fn audit_job(history: &History, findings: &[crate::audit::Finding], date: NaiveDate) -> Job {
    let set = &history.set;
    let mut data: Vec<String> = set.documents.iter().map(|d| d.path.clone()).collect();
    data.extend(set.forms.iter().map(|f| f.path.clone()));
    data.extend(set.registers.iter().map(|r| r.path.clone()));
    data.extend(set.ledgers.iter().map(|l| l.path.clone()));
    Job {
        kind: Kind::Audit,
        index: 0,
        copy: None,
        number: "audit".into(),
        version: String::new(),
        title: set.labels.get("audit_report").into(),
        path: "audit-report.pdf".into(),
        forms: vec![],
        date,
        data,
        templates: vec!["forms/audit.typ.j2".into(), "forms/house.typ".into()],
        superseded: None,
        takes_effect: None,
        printed_at: None,
        text: None,
        draft: false,
        sheets: vec![],
        report: Some(Box::new(Report::Audit(crate::audit::view(
            &set.labels,
            findings,
            date,
        )))),
    }
}

/// The labels of the column headings of the records list (记录清单).
const RECORD_HEADINGS: [&str; 8] = [
    "row_number",
    "form_number",
    "record_title",
    "version",
    "retention",
    "keeper",
    "numbering",
    "required_by",
];

/// The columns of the records list that a set has only when one of its
/// forms fills them: where the records are kept, and what becomes of them.
const RECORD_OPTIONAL: [&str; 2] = ["record_storage", "record_disposal"];

/// Which of [`RECORD_OPTIONAL`] `set` fills.
fn record_optional(set: &DocumentSet) -> [bool; 2] {
    let forms = || set.forms.iter().map(|f| &f.value);
    [
        forms().any(|f| f.storage.is_some()),
        forms().any(|f| f.disposal.is_some()),
    ]
}

/// The column headings of the records list, in the set's language.
pub fn record_headings(set: &DocumentSet) -> Vec<String> {
    let labels = &set.labels;
    let optional = record_optional(set);
    RECORD_HEADINGS
        .iter()
        .chain(
            RECORD_OPTIONAL
                .iter()
                .zip(optional)
                .filter(|(_, kept)| *kept)
                .map(|(k, _)| k),
        )
        .map(|k| labels.get(k).to_owned())
        .collect()
}

/// The records list: every form, with the documents that require it.
/// How a pre-numbered form's numbers are written, by the first of `year`:
/// 流水号（如 CH202600001，逐年重编）.
fn serial_said(labels: &Labels, form: &crate::model::Form, year: i32) -> Option<String> {
    let spec = form.serial.as_ref()?;
    let example = crate::serial::Format::parse(&spec.format)
        .ok()?
        .write(year, 1);
    let key = match spec.restart {
        crate::serial::Restart::Yearly => "serial_yearly",
        crate::serial::Restart::Never => "serial",
    };
    Some(labels.fill(key, &[("example", &example)]))
}

/// A serial form's numbering is shown by a number of the year of `on`, the
/// day the list is as of, or of the year the form takes effect if later.
pub fn records(history: &crate::archive::History, on: NaiveDate) -> Vec<Vec<String>> {
    let set = &history.set;
    let required: Vec<(String, Vec<String>)> = set
        .documents
        .iter()
        .map(|d| {
            // The forms the version in force binds, as its snapshot names
            // them while its revision is open.
            let names = match history.current(d.value.number.as_str()) {
                Some((kept, current)) if !std::ptr::eq(kept, set) => {
                    crate::validate::referenced_forms(&current.value)
                }
                _ => crate::validate::referenced_forms(&d.value),
            };
            (
                set.labels.fill(
                    "document_reference",
                    &[
                        ("number", d.value.number.as_str()),
                        ("title", &d.value.title),
                    ],
                ),
                names,
            )
        })
        .collect();
    // A form in use as a snapshot keeps it, while a revision is open, is
    // listed so.
    let from_snapshots = history.forms_from_snapshots();
    // A form withdrawn is listed as it was last in use: its records are
    // kept their time.
    let withdrawn = history.withdrawn();
    // A form only drafts name is not in use yet: said so (reviewer BJ).
    let drafted = history.drafted_only();
    let mut forms: Vec<&crate::model::Form> = set
        .forms
        .iter()
        .map(|f| &f.value)
        .filter(|f| {
            !from_snapshots.contains_key(f.number.as_str())
                && !withdrawn.contains_key(f.number.as_str())
        })
        .chain(
            from_snapshots
                .values()
                .map(|&(kept, index)| &kept.forms[index].value),
        )
        .chain(withdrawn.values().map(|w| &w.form().value))
        .collect();
    forms.sort_by(|a, b| a.number.cmp(&b.number));
    let [storage, disposal] = record_optional(set);
    forms
        .iter()
        .enumerate()
        .map(|(i, form)| {
            let keeper = set
                .organisation
                .as_ref()
                .and_then(|o| o.value.department(&form.keeper))
                .map_or(form.keeper.clone(), |d| d.name.clone());
            let mut numbering: Vec<String> =
                serial_said(&set.labels, form, form.effective.max(on).year())
                    .into_iter()
                    .collect();
            if !form.parts.is_empty() {
                let count = match set.labels.language {
                    crate::labels::Language::Chinese => cn_count(form.parts.len()),
                    crate::labels::Language::English => form.parts.len().to_string(),
                };
                numbering.push(set.labels.fill("parts", &[("count", &count)]));
            }
            let numbering = numbering.join(set.labels.get("list_separator"));
            let mut by: Vec<String> = required
                .iter()
                .filter(|(_, forms)| forms.iter().any(|f| f == form.number.as_str()))
                .map(|(doc, _)| doc.clone())
                .collect();
            if drafted.contains(form.number.as_str()) {
                by.push(set.labels.get("drafted_form").to_owned());
            }
            if let Some(w) = withdrawn.get(form.number.as_str()) {
                by.push(set.labels.fill(
                    "withdrawn_form",
                    &[
                        ("date", &w.day.to_string()),
                        ("document", &w.document),
                        ("by", &w.by),
                    ],
                ));
            }
            let mut row = vec![
                (i + 1).to_string(),
                form.number.to_string(),
                form.title.clone(),
                form.version.to_string(),
                form.retention.clone(),
                keeper,
                numbering,
                by.join(set.labels.get("required_separator")),
            ];
            for (kept, said) in [(storage, &form.storage), (disposal, &form.disposal)] {
                if kept {
                    row.push(said.clone().unwrap_or_default());
                }
            }
            row
        })
        .collect()
}

/// The records list as CSV.
pub fn records_csv(rows: &[Vec<String>], set: &DocumentSet) -> String {
    csv_table(&record_headings(set), rows.iter().cloned())
}

/// A small count in Chinese numerals, as in 一式三联.
fn cn_count(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => n.to_string(),
    }
}

fn register_view(
    labels: &Labels,
    doc: &Document,
    copies: &[&Copy],
    all: &[Copy],
    status: String,
    recorded: NaiveDate,
) -> RegisterView {
    let rows: Vec<RegisterRow> = copies
        .iter()
        .map(|c| {
            let mut note = vec![];
            if let Some(old) = c.replaces {
                note.push(labels.fill("replaces_lost", &[("old", &format!("{old:02}"))]));
            }
            // A reissue with who made it. A register kept before that was
            // recorded has it only in the copy's note, of the last one;
            // one before it is said by its date alone.
            for reissue in &c.reissued {
                let day = reissue.date.to_string();
                let said = c.note.iter().flat_map(|n| n.lines()).map(str::trim);
                let mut said = said.filter(|l| labels.read("damaged_reissue", l).is_some());
                match (&reissue.by, said.find(|l| l.starts_with(&day))) {
                    (Some(by), _) => {
                        note.push(labels.fill("damaged_reissue", &[("date", &day), ("by", by)]))
                    }
                    (None, Some(said)) => note.push(said.to_owned()),
                    _ => note.push(labels.fill("reissued_damaged", &[("date", &day)])),
                }
            }
            // A return or loss taken back as recorded by mistake.
            for k in &c.corrected {
                let key = match k.was {
                    crate::register::Mistaken::Returned => "return_mistaken",
                    crate::register::Mistaken::Lost => "loss_mistaken",
                };
                note.push(labels.fill(
                    key,
                    &[
                        ("date", &k.date.to_string()),
                        ("on", &k.on.to_string()),
                        ("by", &k.by),
                    ],
                ));
            }
            // A copy lost is void in the column of what became of it; the
            // note says when and by whom, and with what number it was
            // replaced.
            let next = all.iter().find(|n| n.replaces == Some(c.number));
            note.extend(c.loss_said(next.map(|n| n.number), labels));
            // What the note says, written by hand (or, in a register kept
            // before a loss was recorded apart, of the loss), but for a
            // reprint's line said above.
            for line in c.note_lines() {
                if !note.iter().any(|said| said == line) {
                    note.push(line.to_owned());
                }
            }
            // Found since: how both are true.
            if c.state == CopyState::Void
                && let (Some(day), Some(by)) = (c.returned, &c.returned_to)
            {
                note.push(labels.fill("lost_found", &[("date", &day.to_string()), ("by", by)]));
            }
            RegisterRow {
                number: format!("{:02}", c.number),
                holder: labels.holder(&c.holder, c.department.as_deref()),
                holder_name: match &c.department {
                    Some(_) => c.holder.clone(),
                    None => String::new(),
                },
                issued: c.issued.to_string(),
                issued_by: c.issued_by.clone(),
                returned: c.returned.map_or(String::new(), |d| d.to_string()),
                returned_to: c.returned_to.clone().unwrap_or_default(),
                disposition: match (c.disposition, c.state) {
                    (Some(d), _) => labels.get(d.label_key()).to_owned(),
                    (None, CopyState::Void) => labels.get("void").to_owned(),
                    (None, _) => String::new(),
                },
                note: note.join(labels.get("required_separator")),
            }
        })
        .collect();
    // Room to write by hand below the printed rows, at least a few lines.
    // Sixteen rows in all fill a page with headings of two or three lines,
    // when no row wraps: the built-in template fills the page by measure.
    let blank = 6usize.max(16usize.saturating_sub(rows.len()));
    let out = copies.iter().any(|c| c.state == CopyState::Issued);
    // None out is not all recovered: a copy lost is said apart.
    // One found since came back.
    let lost = copies
        .iter()
        .filter(|c| c.state == CopyState::Void && c.returned.is_none())
        .count();
    let recall = match (status.is_empty(), out, lost) {
        (true, _, _) => String::new(),
        (false, true, _) => labels.fill("register_recall", &[("status", &status)]),
        (false, false, 0) => labels.fill("register_recalled", &[("status", &status)]),
        (false, false, lost) => labels.fill(
            "register_recalled_lost",
            &[("status", &status), ("lost", &lost.to_string())],
        ),
    };
    RegisterView {
        number: doc.number.to_string(),
        title: doc.title.clone(),
        version: doc.version.to_string(),
        effective: doc.effective.map_or(String::new(), |d| d.to_string()),
        status,
        recall,
        rows,
        blank,
        recorded: recorded.to_string(),
    }
}

/// The day of the last record of a version's register, which its print is
/// of: an issue, a reprint, a return, a loss (the first day its note
/// says), or the day a later version replaced it; the day the version
/// takes effect when it has none.
fn last_date(doc: &Document, copies: &[&Copy], replaced: Option<NaiveDate>) -> NaiveDate {
    let lost = |c: &&Copy| c.lost_on();
    copies
        .iter()
        .flat_map(|c| {
            c.reissued
                .iter()
                .map(|r| r.date)
                .chain(c.corrected.iter().map(|k| k.date))
                .chain([Some(c.issued), c.returned, lost(c)].into_iter().flatten())
        })
        .chain(replaced)
        .max()
        .or(doc.effective)
        .unwrap_or_default()
}

//! `ctrldoc audit`: what an auditor checks against ISO 9001 7.5 and
//! ISO 13485 4.2.4/4.2.5, one finding per line: approvals, periodic reviews,
//! obsolete copies still out, serial ledgers, and outputs that no longer
//! match their sources.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::archive::{History, approved, pending};
use crate::diagnostic::{Diagnostic, Severity};
use crate::labels::Language;
use crate::model::Role;
use crate::plan::{self, Kind};
use crate::recall::outstanding;
use crate::say::plural;
use crate::serial::{Format, Restart};
use crate::write::{Inputs, Manifest, sha256};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A nonconformity: `audit` exits 1.
    Error,
    /// Needs attention soon.
    Warning,
    /// For the record.
    Note,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// What a finding about no file in particular is about.
const SET: &str = "document set";

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Level,
    /// The document, form or file it is about.
    pub subject: String,
    /// What was found.
    pub message: String,
    /// What to do about it.
    pub action: String,
    /// What was found and what to do, in Chinese, for the printed report of
    /// a Chinese set: those a build prints have it; the rest, and the
    /// problems `check` finds, print as they are said.
    #[serde(skip)]
    pub zh: Option<[String; 2]>,
}

impl Finding {
    fn new(severity: Level, subject: &str, message: String, action: impl Into<String>) -> Self {
        Self {
            severity,
            subject: subject.to_owned(),
            message,
            action: action.into(),
            zh: None,
        }
    }

    /// The finding, said in Chinese as well.
    fn zh(self, message: String, action: impl Into<String>) -> Self {
        Self {
            zh: Some([message, action.into()]),
            ..self
        }
    }
}

/// What the outputs are checked against.
pub struct Outputs<'a> {
    /// The folder they are in.
    pub folder: &'a Path,
    /// The manifest of the last build, if any.
    pub manifest: Option<&'a Manifest>,
    /// The inputs as they are now.
    pub inputs: &'a Inputs<'a>,
}

/// Every finding on a document set as of `date`, errors first. With
/// `outputs`, also checks the last build against the sources.
pub fn findings(
    history: &History,
    diagnostics: &[Diagnostic],
    date: NaiveDate,
    outputs: Option<&Outputs>,
) -> Vec<Finding> {
    let mut out = vec![];
    // A pad or copy the last build printed that no ledger or register
    // records: a build refuses to go on, and so does an audit.
    // And the copies and pads in `output/` that the manifest does not list
    // (all of them, with no manifest) say themselves that they were printed.
    let found = outputs.map(|o| Manifest::unlisted_prints(o.folder, o.manifest));
    // Planned only when the set has no errors, as a build plans it.
    let groups = match diagnostics.iter().any(Diagnostic::is_error) {
        true => None,
        false => Some(crate::plan::plan(history)),
    };
    let manifest = outputs.and_then(|o| o.manifest);
    let mut lost: Vec<Diagnostic> = manifest
        .into_iter()
        .chain(found.as_ref())
        .flat_map(|manifest| {
            let recorded = !manifest.found;
            let mut lost = crate::build::unrecorded_prints(&history.set, manifest);
            if recorded {
                lost.extend(crate::build::snapshots_gone(history, manifest));
                lost.extend(crate::build::snapshot_edited(history, manifest));
                lost.extend(crate::build::form_versions_by_hand(history, manifest));
            }
            // An approved text changed since it was printed.
            if recorded && let Some(groups) = &groups {
                lost.extend(crate::build::approved_text_changed(
                    history, groups, manifest,
                ));
            }
            lost
        })
        .collect();
    // A form changed at the version its pads were printed at, as their
    // ledger records them, with or without a record of the last build.
    if let Some(groups) = &groups {
        let manifest = manifest.filter(|m| !m.found);
        lost.extend(crate::build::pads_printed_otherwise(
            history, groups, manifest,
        ));
        lost.extend(crate::build::copies_bind_otherwise(history, manifest));
    }
    // A form only a change made by hand to an approved text leaves
    // unnamed is said to be so.
    let mut diagnostics = diagnostics.to_vec();
    if let Some(manifest) = manifest.filter(|m| !m.found) {
        crate::build::unnamed_by_hand(history, manifest, &lost, &mut diagnostics);
        crate::build::put_back(history, manifest, &mut diagnostics);
        crate::build::forms_gone(history, manifest, &mut diagnostics);
    }
    for d in diagnostics.iter().chain(&lost) {
        let subject = d.location.as_ref().map_or(SET, |(p, _)| p.as_str());
        let severity = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let finding = match (d.hints.first(), &d.chinese) {
            (Some(hint), Some((message, mend))) => {
                Finding::new(severity, subject, d.message.clone(), hint.clone())
                    .zh(message.clone(), mend.clone())
            }
            (Some(hint), None) => Finding::new(severity, subject, d.message.clone(), hint.clone()),
            (None, _) => Finding::new(
                severity,
                subject,
                d.message.clone(),
                "fix it, then run `ctrldoc check`",
            )
            .zh(
                d.chinese
                    .as_ref()
                    .map_or(&d.message, |(said, _)| said)
                    .clone(),
                "修正后运行 `ctrldoc check`",
            ),
        };
        out.push(finding);
    }
    approvals_and_reviews(history, date, &mut out);
    for row in outstanding(history, None) {
        let [number, version, copy, holder, issued, by] = row;
        let recall = format!(
            "`ctrldoc recall {number} --copy {} --returned`",
            copy.trim_start_matches('0')
        );
        // How long it has been out since it was replaced.
        let since = history
            .superseded(&number, &version)
            .and_then(|s| s.effective)
            .map(|from| (from, (date - from).num_days().max(0)));
        let (replaced, replaced_zh) = match since {
            Some((from, days)) => (
                format!(
                    "replaced by {by} on {from}, {}",
                    match days {
                        0 => "today".to_owned(),
                        1 => "1 day ago".to_owned(),
                        n => format!("{n} days ago"),
                    }
                ),
                format!("已于 {from} 被 {by} 版替代，至今 {days} 天"),
            ),
            None => (format!("replaced by {by}"), format!("已被 {by} 版替代")),
        };
        out.push(
            Finding::new(
                Level::Error,
                &number,
                format!("copy {copy} of superseded {version} ({replaced}) is still with {holder}, issued {issued}"),
                format!("recall it and record the return: {recall}"),
            )
            .zh(
                format!("已作废的 {version} 版第 {copy} 号受控副本（{replaced_zh}）仍由{holder}持有，发放于 {issued}"),
                format!("收回该副本并登记回收：{recall}"),
            ),
        );
    }
    held_by_people_who_left(history, date, &mut out);
    lost_copies(history, date, &mut out);
    ledgers(history, date, &mut out);
    if let Some(outputs) = outputs {
        let planned = !diagnostics.iter().any(Diagnostic::is_error);
        stale(history, outputs, planned, &mut out);
    }
    out.sort_by(|a, b| (a.severity, &a.subject).cmp(&(b.severity, &b.subject)));
    out
}

/// Controlled copies declared void, as lost, and never recovered: out of
/// control wherever they are, for the record of the audit.
fn lost_copies(history: &History, date: NaiveDate, out: &mut Vec<Finding>) {
    for loaded in &history.set.registers {
        let register = &loaded.value;
        for copy in &register.copies {
            // One found since came back: its return says when and to whom.
            // As of an earlier day, one issued after it was not lost yet,
            // and one found after it not yet found.
            // The day of a loss is the first its note says.
            let lost = copy.lost_on();
            if copy.state != crate::register::CopyState::Void
                || copy.returned.is_some_and(|back| back <= date)
                || copy.issued > date
                || lost.is_some_and(|day| day > date)
            {
                continue;
            }
            let number = format!("{:02}", copy.number);
            let holder = match &copy.department {
                Some(department) => format!("{} ({department})", copy.holder),
                None => copy.holder.clone(),
            };
            let holder_zh = format!(
                "{}{}",
                copy.department.as_deref().unwrap_or_default(),
                copy.holder
            );
            let (version, issued) = (&copy.version, copy.issued);
            let note = copy.note_lines().collect::<Vec<_>>().join("；");
            // With the number issued in its place, as the register says.
            let next = register.replaced_by(copy.number);
            let zh = copy
                .loss_said(next, &history.set.labels)
                .unwrap_or_default();
            let said = copy.void_said(next);
            let (noted, noted_zh) = match (said, [zh, note].join("；").trim_matches('；')) {
                (None, _) => (String::new(), String::new()),
                (Some(said), zh) => (format!(": {said}"), format!("：{zh}")),
            };
            out.push(
                Finding::new(
                    Level::Note,
                    &register.document,
                    format!(
                        "copy {number} of {version}, issued to {holder} on {issued}, is void as lost, and was never recovered{noted}"
                    ),
                    "a lost copy is out of control until found: one that turns up is destroyed, or stamped 作废 and filed apart, and `ctrldoc verify` says its paper is not current",
                )
                .zh(
                    format!(
                        "{version} 版第 {number} 号受控副本于 {issued} 发放给{holder_zh}，已遗失作废，未收回{noted_zh}"
                    ),
                    "遗失的副本找到后销毁，或加盖作废章另行存放；`ctrldoc verify` 可查明其纸面已非现行",
                ),
            );
        }
    }
}

/// Copies still with a person who has left the company: nobody is
/// answerable for them.
fn held_by_people_who_left(history: &History, date: NaiveDate, out: &mut Vec<Finding>) {
    let set = &history.set;
    let Some(org) = set.organisation.as_ref().map(|o| &o.value) else {
        return;
    };
    for register in &set.registers {
        for copy in &register.value.copies {
            let Some(left) = org.person(&copy.holder).and_then(|p| p.left_before(date)) else {
                continue;
            };
            if copy.state != crate::register::CopyState::Issued {
                continue;
            }
            let number = &register.value.document;
            let recall = format!(
                "`ctrldoc recall {number} --copy {} --returned`",
                copy.number
            );
            out.push(
                Finding::new(
                    Level::Warning,
                    number,
                    format!(
                        "copy {:02} of {} is still with {}, who left the company on {left}",
                        copy.number, copy.version, copy.holder
                    ),
                    format!("take it back and record its return ({recall}), then issue one to whoever took over"),
                )
                .zh(
                    format!(
                        "{} 版第 {:02} 号受控副本仍由{}持有，其已于 {left} 离职",
                        copy.version, copy.number, copy.holder
                    ),
                    format!("收回并登记回收（{recall}），再向接任者发放"),
                ),
            );
        }
    }
}

fn approvals_and_reviews(history: &History, date: NaiveDate, out: &mut Vec<Finding>) {
    let set = &history.set;
    for working in &set.documents {
        let doc = &working.value;
        let number = doc.number.as_str();
        let pending = pending(doc, history.today);
        if let Some(from) = pending {
            out.push(match history.current(number) {
                Some((_, before)) => {
                    let (new, old) = (&doc.version, &before.value.version);
                    Finding::new(
                        Level::Note,
                        number,
                        format!(
                            "version {new} is approved and takes effect on {from}; until then {old} stays in force"
                        ),
                        format!(
                            "from {from}, recall the copies of {old} (`ctrldoc recall {number}`) and issue {new}; `ctrldoc issue {number} --holder H --version {new}` hands it out before then"
                        ),
                    )
                    .zh(
                        format!("{new} 版已批准，自 {from} 起实施；在此之前 {old} 版仍然有效"),
                        format!(
                            "自 {from} 起收回 {old} 版的副本（`ctrldoc recall {number}`）并发放 {new} 版；需提前发放（如宣贯）时，用 `ctrldoc issue {number} --holder H --version {new}`"
                        ),
                    )
                }
                None => {
                    let new = &doc.version;
                    Finding::new(
                        Level::Note,
                        number,
                        format!(
                            "version {new} is approved and takes effect on {from}; no version is in force until then"
                        ),
                        format!(
                            "from {from}, issue {new} with `ctrldoc issue {number} --holder H`; with `--version {new}` it is handed out before then"
                        ),
                    )
                    .zh(
                        format!("{new} 版已批准，自 {from} 起实施；在此之前没有有效版本"),
                        format!(
                            "自 {from} 起用 `ctrldoc issue {number} --holder H` 发放 {new} 版；加 `--version {new}` 可在此之前发放"
                        ),
                    )
                }
            });
        } else if !approved(doc) {
            let missing: Vec<&str> = Role::CHAIN
                .iter()
                .filter(|&&r| doc.signature(r).is_none())
                .map(|&r| set.labels.role(r))
                .collect();
            let sign = format!("`ctrldoc approve {number} --as …`");
            out.push(
                Finding::new(
                    Level::Note,
                    number,
                    format!(
                        "version {} is a draft; its approval chain lacks {}",
                        doc.version,
                        if missing.is_empty() { "the effective status".to_owned() } else { missing.join(", ") }
                    ),
                    format!("sign it with {sign}; until then it prints with a DRAFT mark and cannot be issued"),
                )
                .zh(
                    format!(
                        "{} 版为草稿，审批尚缺{}",
                        doc.version,
                        if missing.is_empty() { "生效状态".to_owned() } else { missing.join("、") }
                    ),
                    format!("用 {sign} 签署；签署完成前打印时带草稿标记，且不能发放"),
                ),
            );
        }
        let Some((_, current)) = history.current(number) else {
            // A snapshot that could not be read is said as an error; the
            // version in force may be the one it holds.
            if pending.is_some() || history.unreadable_of(number) {
                continue;
            }
            out.push(
                Finding::new(
                    Level::Warning,
                    number,
                    "no version is in force".into(),
                    "approve a version before it is used",
                )
                .zh("没有有效版本".into(), "批准一个版本后方可使用"),
            );
            continue;
        };
        let current = &current.value;
        // A revision approved to take effect later is the review's outcome.
        if pending.is_some() {
            continue;
        }
        // As of an earlier day, by the reviews recorded by then.
        let reviewed_by_then;
        let current = match current.reviews.iter().any(|r| r.date > date) && date < history.today {
            true => {
                reviewed_by_then = crate::model::Document {
                    reviews: current
                        .reviews
                        .iter()
                        .filter(|r| r.date <= date)
                        .cloned()
                        .collect(),
                    ..current.clone()
                };
                &reviewed_by_then
            }
            false => current,
        };
        let months = current
            .review_months
            .unwrap_or(set.settings.default_review_months);
        let last = current.last_review();
        let Some(next) = current.next_review(set.settings.default_review_months) else {
            continue;
        };
        let action = if current.version == doc.version {
            [
                format!(
                    "review {number} {}: record that it stays as it is with `ctrldoc review {number} --name NAME`, or open a revision with `ctrldoc revise {number} --summary TEXT`",
                    current.version
                ),
                format!(
                    "评审 {number} {} 版：维持不变的，用 `ctrldoc review {number} --name 姓名` 记录；需修改的，用 `ctrldoc revise {number} --summary 说明` 开启修订",
                    current.version
                ),
            ]
        } else {
            [
                format!(
                    "finish the revision {} that replaces it: sign it with `ctrldoc approve {number} --as …`",
                    doc.version
                ),
                format!(
                    "完成替代它的修订版 {}：用 `ctrldoc approve {number} --as …` 签署",
                    doc.version
                ),
            ]
        };
        let [action, action_zh] = action;
        if next < date {
            let last = last.unwrap_or(next);
            out.push(
                Finding::new(
                    Level::Error,
                    number,
                    format!(
                        "periodic review of {} was due on {next} ({months} months after {last}) and is overdue",
                        current.version,
                    ),
                    action,
                )
                .zh(
                    format!(
                        "{} 版的定期评审应于 {next}（{last} 起 {months} 个月）完成，已逾期",
                        current.version
                    ),
                    action_zh,
                ),
            );
        } else if date
            .checked_add_days(Days::new(30))
            .is_some_and(|soon| next <= soon)
        {
            out.push(
                Finding::new(
                    Level::Warning,
                    number,
                    format!(
                        "periodic review of {} is due on {next}, within 30 days",
                        current.version
                    ),
                    action,
                )
                .zh(
                    format!("{} 版的定期评审于 {next} 到期（30 天内）", current.version),
                    action_zh,
                ),
            );
        }
    }
}

fn ledgers(history: &History, date: NaiveDate, out: &mut Vec<Finding>) {
    let set = &history.set;
    // As of an earlier day, what the ledgers recorded by then.
    let as_of: Vec<crate::serial::Ledger> = match date < history.today {
        true => set
            .ledgers
            .iter()
            .map(|l| l.value.recorded_by(date))
            .collect(),
        false => vec![],
    };
    let (in_use, withdrawn, kept, dropping) = match set.ledgers.is_empty() {
        true => Default::default(),
        false => (
            history.forms_in_use(),
            history.withdrawn(),
            history.bound_by_snapshots(),
            history.dropping(),
        ),
    };
    for (index, loaded) in set.ledgers.iter().enumerate() {
        let ledger = as_of.get(index).unwrap_or(&loaded.value);
        // The form as its file holds it, or as the archive keeps it.
        let form = set
            .form(&ledger.form)
            .or_else(|| withdrawn.get(&ledger.form).map(|w| w.form()))
            .or_else(|| {
                kept.get(&ledger.form)
                    .map(|&(snapshot, index)| &snapshot.forms[index])
            });
        let Some(spec) = form.and_then(|f| f.value.serial.as_ref()) else {
            continue;
        };
        let years: BTreeSet<i32> = match spec.restart {
            Restart::Yearly => ledger.pads.iter().map(|p| p.year).collect(),
            Restart::Never => [0].into(),
        };
        for year in years {
            let pads: Vec<_> = ledger
                .pads
                .iter()
                .filter(|p| spec.restart == Restart::Never || p.year == year)
                .collect();
            let mut ranges: Vec<(u32, u32)> = pads.iter().map(|p| (p.first, p.last)).collect();
            ranges.sort();
            let mut next = 1;
            for (first, last) in ranges {
                if first > next {
                    let pad = pads[0];
                    let format = Format::parse(&pad.format).ok();
                    let write = |n: u32| {
                        format
                            .as_ref()
                            .map_or(n.to_string(), |f| f.write(pad.year, n))
                    };
                    let (from, to) = (write(next), write(first - 1));
                    out.push(
                        Finding::new(
                            Level::Warning,
                            &ledger.form,
                            format!(
                                "serial numbers {from} to {to} were never printed (a gap in the ledger)"
                            ),
                            format!("find out why; the ledger is `{}`", loaded.path),
                        )
                        .zh(
                            format!("流水号 {from} 至 {to} 从未打印（台账断号）"),
                            format!("查明原因；台账为 `{}`", loaded.path),
                        ),
                    );
                }
                next = next.max(last + 1);
            }
        }
        if let Some(&(form, since)) = in_use.get(&ledger.form) {
            old_pads(history, ledger, form, since, out);
        }
        if let Some(w) = withdrawn.get(&ledger.form) {
            withdrawn_pads(ledger, w, out);
        }
        // To be withdrawn on a day set: its pads then are for use no more.
        if let Some(drop) = dropping.get(&ledger.form)
            && let Some(day) = drop.day
            && let Some(open) = not_voided(ledger, |_| true)
        {
            let (document, by) = (&drop.document, &drop.by);
            out.push(open.note(
                &ledger.form,
                open.said(
                    &format!("the form is withdrawn on {day}, when {document} {by} takes effect without it, and "),
                    " of it",
                    "from that day ",
                    "for use no more",
                ),
                format!(
                    "该表单将于 {day} 随 {document} {by} 版生效而作废，其编号表单共 {} 本尚有号码未作废：{}；自该日起未填写的表单不得再用",
                    open.n, open.said_zh
                ),
                (
                    format!("print no more pads of it than are used by then; on {day}, {}", open.to_void(&ledger.form)),
                    format!("此前按用量印制；{day} 起，{TO_VOID_ZH}"),
                ),
            ));
        }
        if !ledger.voids.is_empty() {
            // A number of a form in parts is a set of sheets, one a part.
            let parts = form.map_or(0, |f| f.value.parts.len());
            let n = ledger.voids.len();
            let (count, count_zh) = match parts {
                0 | 1 => (plural(n, "sheet"), format!("{n} 张")),
                _ => (
                    format!("{} of {parts} parts", plural(n, "set")),
                    format!("{n} 份（每份 {parts} 联）"),
                ),
            };
            let runs = crate::serial::void_runs(ledger);
            let said = |zh: bool| {
                runs.iter()
                    .map(|run| void_run(run, zh))
                    .collect::<Vec<String>>()
            };
            let (voided, voided_zh) = (said(false), said(true));
            out.push(
                Finding::new(
                    Level::Note,
                    &ledger.form,
                    format!("{count} voided: {}", voided.join("; ")),
                    "keep the voided sheets with the records; of a sheet lost, its void is the record",
                )
                .zh(
                    format!("作废 {count_zh}：{}", voided_zh.join("；")),
                    "作废的表单随记录一并保存；遗失的，以作废记录为凭",
                ),
            );
        }
        if !ledger.used_up.is_empty() {
            let said = |zh: bool| {
                let (to, [open, between, close]) = match zh {
                    false => (" to ", [" (", ", ", ")"]),
                    true => (" 至 ", ["（", "，", "）"]),
                };
                ledger
                    .used_up
                    .iter()
                    .map(|used| {
                        let last = ledger
                            .pads
                            .iter()
                            .find(|p| p.range().0 == used.pad)
                            .map_or(used.pad.clone(), |p| p.range().1);
                        format!(
                            "{}{open}{}{between}{}{close}",
                            serial_run(&used.pad, &last, to),
                            used.date,
                            used.by
                        )
                    })
                    .collect::<Vec<String>>()
            };
            let n = ledger.used_up.len();
            out.push(
                Finding::new(
                    Level::Note,
                    &ledger.form,
                    format!(
                        "{} recorded as used up: {}",
                        plural(n, "pad"),
                        said(false).join("; ")
                    ),
                    "a pad used up has no blank sheet left: its sheets filled in are its record; keep them with the records",
                )
                .zh(
                    format!("登记用完 {n} 本：{}", said(true).join("；")),
                    "用完的一本已无空白表单，以其填写的记录为凭，随记录一并保存",
                ),
            );
        }
    }
}

/// A run of voided numbers as said, with why and when: `A to B (填写错误,
/// 2025-12-03)`, or in Chinese `A 至 B（填写错误，2025-12-03）`.
pub(crate) fn void_run(run: &crate::serial::VoidRun, zh: bool) -> String {
    let (to, [open, between, close]) = match zh {
        false => (" to ", [" (", ", ", ")"]),
        true => (" 至 ", ["（", "，", "）"]),
    };
    let numbers = serial_run(run.first, run.last, to);
    format!(
        "{numbers}{open}{}{between}{}{close}",
        run.void.reason, run.void.date
    )
}

/// A run of serial numbers as said: `first{to}last`, or the one number.
pub(crate) fn serial_run(first: &str, last: &str, to: &str) -> String {
    match first == last {
        true => first.to_owned(),
        false => format!("{first}{to}{last}"),
    }
}

/// Notes the pads of a form printed at earlier versions than the one in
/// force with numbers not voided: their sheets not yet filled in are
/// obsolete paper. A ledger does not record a sheet as used, so this is for
/// the auditor to confirm, not a fault: the numbers used stay as they are.
/// Sheets are used in order, so a pad whose last sheet is void is taken as
/// withdrawn, its numbers not voided as those used.
/// The pads of a version before `form`'s, the version in use since
/// `since`, with numbers not voided.
fn old_pads(
    history: &History,
    ledger: &crate::serial::Ledger,
    form: &crate::model::Form,
    since: NaiveDate,
    out: &mut Vec<Finding>,
) {
    // A version approved for a later day is not in force yet.
    if since > history.today {
        return;
    }
    let scheme = history.set.settings.version_scheme;
    let earlier = |pad: &crate::serial::Pad| {
        pad.version.as_deref().is_some_and(|v| {
            scheme.order(v, form.version.as_str()) == Some(std::cmp::Ordering::Less)
        })
    };
    let Some(open) = not_voided(ledger, earlier) else {
        return;
    };
    let now = &form.version;
    out.push(open.note(
        &ledger.form,
        open.said(
            "",
            &format!(" printed at a version before {now} (in force since {since})"),
            "",
            "obsolete",
        ),
        format!(
            "按 {now} 版（{since} 起生效）之前的版本印制的编号表单共 {} 本，尚有号码未作废：{}；其中未填写的表单已过期",
            open.n, open.said_zh
        ),
        (open.to_void(&ledger.form), TO_VOID_ZH.to_owned()),
    ));
}

/// Notes the pads of a form withdrawn with numbers not voided, as
/// [`old_pads`] does those of an earlier version: their sheets not yet
/// filled in are for use no more.
fn withdrawn_pads(
    ledger: &crate::serial::Ledger,
    withdrawn: &crate::archive::Withdrawn<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(open) = not_voided(ledger, |_| true) else {
        return;
    };
    let (day, document, by) = (withdrawn.day, &withdrawn.document, &withdrawn.by);
    out.push(open.note(
        &ledger.form,
        open.said(
            &format!("the form was withdrawn on {day}, when {document} {by} took effect without it, and "),
            " of it",
            "",
            "for use no more",
        ),
        format!(
            "该表单已于 {day} 随 {document} {by} 版生效而作废，其编号表单共 {} 本尚有号码未作废：{}；其中未填写的表单不得再用",
            open.n, open.said_zh
        ),
        (open.to_void(&ledger.form), TO_VOID_ZH.to_owned()),
    ));
}

/// Pads with numbers not voided, as [`not_voided`] finds them: how many,
/// and the first five as said, in English and in Chinese.
struct Open {
    n: usize,
    said: String,
    said_zh: String,
}

impl Open {
    /// They, as said: `{before}2 pads{of} have numbers not voided: …;
    /// {then}their sheets not yet filled in are {end}`.
    fn said(&self, before: &str, of: &str, then: &str, end: &str) -> String {
        let one = self.n == 1;
        format!(
            "{before}{}{of} {} numbers not voided: {}; {then}{} sheets not yet filled in are {end}",
            plural(self.n, "pad"),
            if one { "has" } else { "have" },
            self.said,
            if one { "its" } else { "their" },
        )
    }

    /// What to do of them: confirm their sheets not used were withdrawn,
    /// and void those numbers.
    fn to_void(&self, form: &str) -> String {
        let one = self.n == 1;
        format!(
            "confirm that {} sheets not used were withdrawn, and void those numbers, to {} last (`ctrldoc serial {form} --void FIRST --to LAST --reason TEXT`); record a pad whose last sheet was used as used up (`ctrldoc serial {form} --used-up FIRST`): a pad whose last sheet is void, or recorded as used up, is taken as withdrawn, and its numbers not voided as used",
            if one { "its" } else { "their" },
            if one { "the pad's" } else { "each pad's" },
        )
    }

    /// A note of the audit of them, in English and Chinese, with what to do.
    fn note(&self, form: &str, said: String, said_zh: String, todo: (String, String)) -> Finding {
        Finding::new(Level::Note, form, said, todo.0).zh(said_zh, todo.1)
    }
}

/// [`to_void`] in Chinese.
const TO_VOID_ZH: &str = "确认未使用的表单已收回，并将其号码登记作废至该本最后一号；最后一页已使用的一本，登记为已用完：最后一页已作废或登记用完的一本视为已收回，其未作废的号码视为已使用";

/// Of the pads of a ledger that `keep` picks and that are not withdrawn
/// (their last sheet void), those with numbers not voided: how many, and
/// the first five as said, each with the runs of its numbers not voided,
/// its version and its holder, in English and in Chinese.
fn not_voided(
    ledger: &crate::serial::Ledger,
    keep: impl Fn(&crate::serial::Pad) -> bool,
) -> Option<Open> {
    let voided: BTreeSet<&str> = ledger.voids.iter().map(|v| v.serial.as_str()).collect();
    let open: Vec<(String, String)> = ledger
        .pads
        .iter()
        .filter(|pad| keep(pad) && !ledger.withdrawn(pad))
        .filter_map(|pad| {
            // The runs of its numbers not voided.
            let mut runs: Vec<(String, String)> = vec![];
            let mut open = false;
            for serial in pad.serials() {
                let now_open = !voided.contains(serial.as_str());
                match (now_open, open, runs.last_mut()) {
                    (true, true, Some(run)) => run.1 = serial,
                    (true, _, _) => runs.push((serial.clone(), serial)),
                    (false, _, _) => {}
                }
                open = now_open;
            }
            (!runs.is_empty()).then(|| {
                let numbers = |to: &str, and: &str| {
                    runs.iter()
                        .map(|(first, last)| serial_run(first, last, to))
                        .collect::<Vec<_>>()
                        .join(and)
                };
                let about: Vec<&str> = pad
                    .version
                    .iter()
                    .chain(&pad.holder)
                    .map(String::as_str)
                    .collect();
                let (en, zh) = (numbers(" to ", ", "), numbers(" 至 ", "、"));
                match about.is_empty() {
                    true => (en, zh),
                    false => (
                        format!("{en} ({})", about.join(", ")),
                        format!("{zh}（{}）", about.join("，")),
                    ),
                }
            })
        })
        .collect();
    if open.is_empty() {
        return None;
    }
    let said =
        |pick: fn(&(String, String)) -> &String, more: &dyn Fn(usize) -> String, and: &str| {
            let mut said: Vec<String> = open.iter().take(5).map(|p| pick(p).clone()).collect();
            if open.len() > 5 {
                said.push(more(open.len() - 5));
            }
            said.join(and)
        };
    Some(Open {
        n: open.len(),
        said: said(|p| &p.0, &|m| format!("{m} more"), "; "),
        said_zh: said(|p| &p.1, &|m| format!("另 {m} 本"), "；"),
    })
}

/// Reports the PDFs in `output/` that the last build did not write: a print
/// it retired (a superseded or replaced copy whose removal failed) or a file
/// put there by hand, either of which a reader may take for a controlled
/// document. Folders whose names start with a dot (a build's staging) are
/// passed over.
fn unknown_pdfs(
    folder: &std::path::Path,
    manifest: &Manifest,
    built: &std::collections::HashSet<&str>,
    out: &mut Vec<Finding>,
) {
    let walk = walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.flatten() {
        let is_pdf = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if !entry.file_type().is_file() || !is_pdf {
            continue;
        }
        let rel = crate::loader::relative(folder, entry.path());
        if built.contains(rel.as_str()) {
            continue;
        }
        let finding = if manifest.retired.iter().any(|r| r.path == rel) {
            Finding::new(
                Level::Error,
                &rel,
                "a print the last build no longer makes is still in `output/`".into(),
                "remove it: it is superseded or replaced and must not be handed out",
            )
        } else {
            Finding::new(
                Level::Warning,
                &rel,
                "ctrldoc did not write this PDF".into(),
                "remove it from `output/`, where a reader may take it for a controlled document",
            )
        };
        out.push(finding);
    }
}

/// Compares the last build with the sources: outputs whose inputs changed,
/// outputs never built (when the set is `planned`: it has no errors), and
/// files in `output/` that are not what was built.
fn stale(history: &History, outputs: &Outputs, planned: bool, out: &mut Vec<Finding>) {
    let Some(manifest) = outputs.manifest else {
        let record = outputs.folder.join("manifest.json");
        let pdfs = || {
            walkdir::WalkDir::new(outputs.folder)
                .into_iter()
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        };
        let (what, hint) = if record.exists() {
            (
                "`output/manifest.json` cannot be read, so what the last build printed is not known",
                "run `ctrldoc build`: it keeps the file aside and makes every output again",
            )
        } else if pdfs() {
            (
                "`output/` has no `manifest.json`, so what the last build printed is not known",
                "run `ctrldoc build`: it makes every output again",
            )
        } else {
            ("nothing has been built yet", "run `ctrldoc build`")
        };
        out.push(Finding::new(Level::Warning, "output/", what.into(), hint));
        return;
    };
    let tool = crate::TOOL;
    if manifest.tool != tool {
        out.push(Finding::new(
            Level::Warning,
            "output/",
            format!("the outputs were built by {}, not {tool}", manifest.tool),
            "run `ctrldoc build`",
        ));
    }
    // A version that has taken effect since the build: its prints, and the
    // lists, still say it is yet to.
    for p in manifest
        .pending
        .iter()
        .filter(|p| p.effective <= history.today)
    {
        // A number the set no longer has is not said to be behind.
        let document = history
            .set
            .documents
            .iter()
            .any(|d| d.value.number.as_str() == p.number);
        if !document && history.set.form(&p.number).is_none() {
            continue;
        }
        if history.set.form(&p.number).is_some() {
            out.push(Finding::new(
                Level::Error,
                &p.number,
                format!(
                    "form {} {} took effect on {}, after the last build: the portal and the lists still show it as yet to take effect",
                    p.number, p.version, p.effective
                ),
                "run `ctrldoc build`",
            ));
            continue;
        }
        out.push(Finding::new(
            Level::Error,
            &p.number,
            format!(
                "version {} took effect on {}, after the last build: the outputs still show the version before it in force",
                p.version, p.effective
            ),
            "run `ctrldoc build`: it prints the version in force, and the one before it obsolete",
        ));
    }
    // Outputs whose inputs have not changed since the build, which a build
    // would still make, unless the day has changed what is in force.
    let mut unchanged = vec![];
    let printed = crate::serial::printed_versions(&history.set);
    for entry in &manifest.outputs {
        let path = outputs.folder.join(&entry.path);
        match fs::read(&path) {
            Err(_) => out.push(Finding::new(
                Level::Warning,
                &entry.path,
                "the output is missing from `output/`".into(),
                "run `ctrldoc build`",
            )),
            Ok(bytes) if sha256(&bytes) != entry.sha256 => out.push(Finding::new(
                Level::Error,
                &entry.path,
                "the file in `output/` is not the one ctrldoc wrote (its SHA-256 differs)".into(),
                "find out who changed it; `ctrldoc build` writes it again",
            )),
            Ok(_) => {}
        }
        // A pad is kept as it was printed.
        let kept_as_printed = entry.serials.as_ref().is_some_and(|serials| {
            printed.get(&(entry.number.clone(), serials.clone())) == Some(&entry.version)
        });
        let changed: Vec<&str> = entry
            .inputs
            .iter()
            .filter(|_| !kept_as_printed)
            .filter(|(input, hash)| outputs.inputs.hash(input).as_deref() != Some(hash.as_str()))
            .map(|(input, _)| input.as_str())
            .collect();
        if !changed.is_empty() {
            out.push(Finding::new(
                Level::Warning,
                &entry.path,
                format!("stale: {} changed since it was built", changed.join(", ")),
                "run `ctrldoc build`",
            ));
        } else {
            unchanged.push(entry);
        }
    }
    let built: std::collections::HashSet<&str> =
        manifest.outputs.iter().map(|e| e.path.as_str()).collect();
    unknown_pdfs(outputs.folder, manifest, &built, out);
    if !planned {
        return;
    }
    let mut planned = std::collections::HashSet::new();
    for group in plan::plan(history) {
        for job in group.jobs {
            if job.kind == Kind::Audit {
                continue;
            }
            // A pad of an earlier version whose print is gone is not
            // printed again, and the build says so.
            if !built.contains(job.path.as_str()) && !job.of_an_earlier_version() {
                out.push(Finding::new(
                    Level::Warning,
                    &job.path,
                    "not built yet".into(),
                    "run `ctrldoc build`",
                ));
            }
            planned.insert(job.path);
        }
    }
    // Made by another ctrldoc, an output may be named otherwise now.
    for entry in unchanged.into_iter().filter(|_| manifest.tool == tool) {
        if entry.kind != Kind::Audit.name()
            && !planned.contains(&entry.path)
            && outputs.folder.join(&entry.path).is_file()
        {
            out.push(Finding::new(
                Level::Error,
                &entry.path,
                format!(
                    "printed by the last build, and no longer made as of {}: what is in force has changed since, e.g. a version approved for a later day has taken effect",
                    history.today
                ),
                "run `ctrldoc build`: it retires this print, and prints what is in force",
            ));
        }
    }
}

/// The findings as text, one per line.
pub fn text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{:<7}  {}: {} — {}\n",
            f.severity.word(),
            f.subject,
            f.message,
            f.action
        ));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Level::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Level::Warning)
        .count();
    out.push_str(&format!(
        "{}, {}\n",
        plural(errors, "error"),
        plural(warnings, "warning")
    ));
    out
}

/// The audit report as printed on `build`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// The date it is as of.
    pub date: String,
    /// The findings, with their severity in Chinese.
    pub rows: Vec<[String; 4]>,
    /// How many errors, warnings and notes.
    pub counts: [usize; 3],
}

/// Prepares the findings for the printed report.
pub fn view(labels: &crate::labels::Labels, findings: &[Finding], date: NaiveDate) -> AuditView {
    let count = |l| findings.iter().filter(|f| f.severity == l).count();
    AuditView {
        date: date.to_string(),
        rows: findings
            .iter()
            .map(|f| {
                let severity = match f.severity {
                    Level::Error => "nonconformity",
                    Level::Warning => "concern",
                    Level::Note => "record",
                };
                // A finding printed in English is a sentence, begun with a
                // capital, as the terminal's lower-case lines are not.
                let [message, action] = match (&f.zh, labels.language) {
                    (Some(zh), Language::Chinese) => zh.clone(),
                    (_, Language::English) => [capitalised(&f.message), capitalised(&f.action)],
                    _ => [f.message.clone(), f.action.clone()],
                };
                let subject = match (f.subject.as_str(), labels.language) {
                    (SET, Language::Chinese) => "文件集".to_owned(),
                    (subject, _) => subject.to_owned(),
                };
                [
                    labels.get(severity).to_owned(),
                    subject,
                    quoted(&message),
                    quoted(&action),
                ]
            })
            .collect(),
        counts: [
            count(Level::Error),
            count(Level::Warning),
            count(Level::Note),
        ],
    }
}

/// A text begun with a capital letter when it begins with a word, not a
/// code, a file or a command (`data/forms/…`, `ctrldoc check`), which are
/// written as they are typed.
fn capitalised(text: &str) -> String {
    let word = text.split(' ').next().unwrap_or("");
    let a_word = word.chars().all(|c| c.is_ascii_lowercase()) && word != "ctrldoc";
    match (a_word, word.len()) {
        (true, 1..) => text[..1].to_ascii_uppercase() + &text[1..],
        _ => text.to_owned(),
    }
}

/// A finding's text as printed: what the terminal sets off in backticks
/// (a command, a code, a file) is set off in quotation marks, as printed
/// text does, not in the marks of a program's source. Beside Chinese text
/// the marks take no space around them, as Chinese punctuation does not.
/// A lone backtick is left as it is.
fn quoted(text: &str) -> String {
    let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`') else {
            break;
        };
        let before = &rest[..open];
        match before.strip_suffix(' ') {
            Some(kept) if wide(kept.chars().next_back()) => out.push_str(kept),
            _ => out.push_str(before),
        }
        out.push('“');
        out.push_str(&rest[open + 1..open + 1 + close]);
        out.push('”');
        rest = &rest[open + 1 + close + 1..];
        if let Some(after) = rest.strip_prefix(' ')
            && wide(after.chars().next())
        {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;

    #[test]
    fn the_printed_report_quotes_what_the_terminal_sets_off_in_backticks() {
        assert_eq!(
            quoted("评审 A/0 版：用 `ctrldoc review XS-ZD-001 --as 王喆` 记录"),
            "评审 A/0 版：用“ctrldoc review XS-ZD-001 --as 王喆”记录"
        );
        assert_eq!(quoted("form `QR-1` and `QR-2`"), "form “QR-1” and “QR-2”");
        assert_eq!(quoted("a lone ` stays"), "a lone ` stays");
        assert_eq!(quoted("no marks"), "no marks");
    }

    #[test]
    fn an_english_finding_begins_with_a_capital_but_not_a_code_or_command() {
        assert_eq!(capitalised("take it back"), "Take it back");
        assert_eq!(capitalised("ctrldoc check"), "ctrldoc check");
        assert_eq!(
            capitalised("data/forms/QR-1.yaml: x"),
            "data/forms/QR-1.yaml: x"
        );
        assert_eq!(capitalised("`QR-1` is"), "`QR-1` is");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn the_printed_report_of_a_chinese_set_says_its_findings_in_chinese() {
        let findings = [
            Finding::new(Level::Warning, SET, "no organisation".into(), "add one")
                .zh("没有组织".into(), "添加"),
            Finding::new(Level::Note, "QR-1", "in English only".into(), "as said"),
        ];
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let chinese = Labels::new(Language::Chinese, &Default::default());
        let rows = view(&chinese, &findings, date).rows;
        assert_eq!(rows[0][1..], ["文件集", "没有组织", "添加"]);
        assert_eq!(rows[1][1..], ["QR-1", "in English only", "as said"]);
        let english = Labels::new(Language::English, &Default::default());
        let rows = view(&english, &findings, date).rows;
        assert_eq!(rows[0][1..], ["document set", "No organisation", "Add one"]);
    }
}

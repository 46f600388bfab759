//! The master list of controlled documents and forms (受控文件清单), for the
//! terminal (`ctrldoc list`) and as a CSV file written by `build`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::archive::History;
use crate::labels::Labels;
use crate::register::CopyState;

/// One line of the master list.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `document` or `form`.
    pub kind: &'static str,
    /// Document or form number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Current version.
    pub version: String,
    /// `draft`, `effective`, or `pending`: approved, to take effect on its
    /// effective date.
    pub status: &'static str,
    /// A revision being written while this version is in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revising: Option<String>,
    /// The day that revision takes effect, once it is approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_effective: Option<String>,
    /// The day a form was withdrawn, when a revision in force dropped it
    /// (status `withdrawn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// A form in use that the revision being written (`revising`) drops:
    /// it is withdrawn once that revision takes effect.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
    /// Who approved the current version.
    pub approver: String,
    /// The day they signed its approval: the day it was issued, which the
    /// list gives beside the day it takes effect.
    pub approved_on: String,
    /// 生效日期.
    pub effective: String,
    /// The last periodic review recorded of the current version (`ctrldoc
    /// review`); empty when none is.
    pub last_review: String,
    /// When the next periodic review is due: a period after the last
    /// review, or after the version took effect.
    pub next_review: String,
    /// The next review was due before the day the list is as of.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review_overdue: bool,
    /// The owning (document) or keeping (form) department.
    pub owner: String,
    /// Controlled copies of the current version still with their holders.
    pub copies_out: usize,
    /// Controlled copies of the version approved to take effect later,
    /// handed out before its day (`revising`).
    pub pending_out: usize,
    /// Controlled copies of superseded versions not yet returned, which
    /// `recall` lists.
    pub superseded_out: usize,
}

/// The labels of the column headings.
const HEADINGS: [&str; 13] = [
    "kind",
    "number",
    "title",
    "version",
    "status",
    "approver",
    "approved_on",
    "effective_date",
    "last_review",
    "next_review",
    "owner",
    "copies_out",
    "superseded_out",
];

/// The column headings, in the set's language.
pub fn headings(labels: &Labels) -> Vec<String> {
    HEADINGS.iter().map(|k| labels.get(k).to_owned()).collect()
}

impl Row {
    /// The row's cells as printed, in the set's language.
    pub fn cells(&self, labels: &Labels) -> Vec<String> {
        vec![
            labels
                .get(if self.kind == "document" {
                    "kind_document"
                } else {
                    "kind_form"
                })
                .to_owned(),
            self.number.clone(),
            self.title.clone(),
            self.version.clone(),
            match (self.status, &self.revising) {
                ("draft", _) => labels.get("status_draft").to_owned(),
                ("withdrawn", _) => labels.fill(
                    "status_withdrawn",
                    &[("date", self.withdrawn.as_deref().unwrap_or_default())],
                ),
                // A form comes into use with the version naming it.
                ("pending", _) => labels.fill(
                    "status_approved",
                    &[(
                        "date",
                        self.next_effective.as_ref().unwrap_or(&self.effective),
                    )],
                ),
                (_, Some(next)) if self.dropped => match &self.next_effective {
                    Some(date) => {
                        labels.fill("status_dropped_on", &[("next", next), ("date", date)])
                    }
                    None => labels.fill("status_dropped", &[("next", next)]),
                },
                (_, Some(next)) => match &self.next_effective {
                    Some(date) if self.pending_out > 0 => labels.fill(
                        "status_pending_issued",
                        &[
                            ("next", next),
                            ("date", date),
                            ("pending", &self.pending_out.to_string()),
                        ],
                    ),
                    Some(date) => labels.fill("status_pending", &[("next", next), ("date", date)]),
                    None => labels.fill("status_revising", &[("next", next)]),
                },
                _ => labels.get("status_effective").to_owned(),
            },
            self.approver.clone(),
            self.approved_on.clone(),
            self.effective.clone(),
            self.last_review.clone(),
            match (self.review_overdue, &self.revising, &self.next_effective) {
                (true, ..) => labels.fill("review_overdue", &[("date", &self.next_review)]),
                // Due a period after the revision approved takes effect:
                // the row's version is not the one reviewed then.
                (false, Some(next), Some(_)) if !self.next_review.is_empty() && !self.dropped => {
                    labels.fill(
                        "review_of_next",
                        &[("date", &self.next_review), ("next", next)],
                    )
                }
                _ => self.next_review.clone(),
            },
            self.owner.clone(),
            self.copies_out.to_string(),
            self.superseded_out.to_string(),
        ]
    }
}

/// Lists every document, then every form, by number, as of `date`: a
/// review due before it is overdue. A document under revision is listed at
/// the version in force.
pub fn rows(history: &History, date: NaiveDate) -> Vec<Row> {
    let set = &history.set;
    let department = |id: &str| {
        set.organisation
            .as_ref()
            .and_then(|o| o.value.department(id))
            .map_or(id.to_owned(), |d| d.name.clone())
    };
    let day = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    let mut out = vec![];
    // Who approved each form, by the documents listed that bind it: a form
    // a document binds is part of it, and approved with it when its version
    // took effect with the document, or before the document was approved
    // (else `check` warns that the approval did not cover it).
    let mut approved_with: BTreeMap<String, Vec<&crate::model::Document>> = BTreeMap::new();
    // A form yet to take effect, by the versions approved to take effect
    // later that bind it.
    let mut pending_with: BTreeMap<String, Vec<&crate::model::Document>> = BTreeMap::new();
    // A form a draft names, which no version approved names, is a draft
    // with it: not yet for use.
    let drafted = history.drafted_only();
    // A form only versions yet to take effect name comes into use with the
    // first of them; one a version in force names is in use.
    let mut in_force_with: std::collections::BTreeSet<String> = Default::default();
    let mut coming_with: Vec<(String, NaiveDate)> = vec![];
    for working in &set.documents {
        let number = working.value.number.as_str();
        // A snapshot's text names its forms as the snapshot keeps them.
        let (doc, revising) = match history.current(number) {
            Some((_, current)) if current.value.version != working.value.version => {
                (&current.value, Some(working.value.version.to_string()))
            }
            _ => (&working.value, None),
        };
        let next_effective = revising
            .as_ref()
            .and_then(|_| crate::archive::pending(&working.value, history.today))
            .map(|d| d.to_string());
        let reviewed = doc.reviews.iter().map(|r| r.date).max();
        // A revision approved to take effect later is the review's outcome:
        // the next is due a period after it takes effect.
        let next = match next_effective {
            Some(_) => &working.value,
            None => doc,
        }
        .next_review(set.settings.default_review_months);
        // As `audit` finds it: of the version in force, with no revision
        // approved to replace it.
        let in_force = crate::archive::in_force(doc, history.today);
        let review_overdue =
            in_force && next_effective.is_none() && next.is_some_and(|next| next < date);
        // Copies of the version in force, and apart from them, those of
        // the one to take effect handed out before its day.
        let out_now: Vec<&crate::register::Copy> = set
            .register(doc.number.as_str())
            .map(|r| {
                r.value
                    .copies
                    .iter()
                    .filter(|c| c.state == CopyState::Issued)
                    .collect()
            })
            .unwrap_or_default();
        let copies_out = out_now
            .iter()
            .filter(|c| c.version == doc.version.as_str())
            .count();
        let pending_out = match next_effective {
            Some(_) => out_now
                .iter()
                .filter(|c| c.version == working.value.version.as_str())
                .count(),
            None => 0,
        };
        // The rest are of versions no longer in force.
        let superseded_out = out_now.len() - copies_out - pending_out;
        if crate::archive::approved(doc) {
            for form in crate::validate::referenced_forms(doc) {
                // In use from the day the version naming it is.
                match (in_force, doc.effective) {
                    (true, _) => {
                        in_force_with.insert(form.clone());
                    }
                    (false, Some(day)) => coming_with.push((form.clone(), day)),
                    (false, None) => {}
                }
                approved_with.entry(form).or_default().push(doc);
            }
        }
        if next_effective.is_some() {
            for form in crate::validate::referenced_forms(&working.value) {
                if let Some(day) = working.value.effective {
                    coming_with.push((form.clone(), day));
                }
                pending_with.entry(form).or_default().push(&working.value);
            }
        }
        out.push(Row {
            kind: "document",
            number: doc.number.to_string(),
            title: doc.title.clone(),
            version: doc.version.to_string(),
            status: if in_force {
                "effective"
            } else if crate::archive::approved(doc) {
                "pending"
            } else {
                "draft"
            },
            revising,
            next_effective,
            withdrawn: None,
            dropped: false,
            approver: doc
                .approved
                .as_ref()
                .map_or(String::new(), |s| s.name.clone()),
            approved_on: day(doc.approved.as_ref().map(|s| s.date)),
            effective: day(doc.effective),
            last_review: day(reviewed),
            // A draft, never in force, has no review to fall due.
            next_review: day(next.filter(|_| crate::archive::approved(doc))),
            review_overdue,
            owner: department(&doc.department),
            copies_out,
            pending_out,
            superseded_out,
        });
    }
    let mut coming: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for (form, day) in coming_with {
        if !in_force_with.contains(&form) {
            let first = coming.entry(form).or_insert(day);
            *first = (*first).min(day);
        }
    }
    // A form in use as the snapshot of a version in force keeps it is
    // listed so, with the version its revision gives it in `data/forms/`.
    let from_snapshots = history.forms_from_snapshots();
    let in_use = history.forms_in_use();
    // A form withdrawn and named again is in effect from the day it came
    // back.
    let came_back = history.came_back();
    // A form withdrawn is listed so, as it was last in use, but for one a
    // version approved to take effect later names again.
    let withdrawn = history.withdrawn();
    let listed_withdrawn = |number: &str| {
        withdrawn
            .get(number)
            .filter(|_| !coming.contains_key(number))
    };
    let mut listed: Vec<(&crate::model::Form, Option<String>, Option<String>)> = vec![];
    for loaded in &set.forms {
        if listed_withdrawn(loaded.value.number.as_str()).is_some() {
            continue;
        }
        match from_snapshots.get(loaded.value.number.as_str()) {
            Some(&(kept, index)) => {
                let next = kept.documents.first().and_then(|d| {
                    let working = set
                        .documents
                        .iter()
                        .find(|w| w.value.number == d.value.number)?;
                    crate::archive::pending(&working.value, history.today)
                });
                listed.push((
                    &kept.forms[index].value,
                    Some(loaded.value.version.to_string()),
                    next.map(|d| d.to_string()),
                ));
            }
            None => listed.push((&loaded.value, None, None)),
        }
    }
    for (number, &(kept, index)) in &from_snapshots {
        if set.form(number).is_none() {
            listed.push((&kept.forms[index].value, None, None));
        }
    }
    for (number, w) in &withdrawn {
        if listed_withdrawn(number).is_none() {
            continue;
        }
        let form = &w.form().value;
        let doc = w.kept.documents.first().map(|d| &d.value);
        // Who approved it, with the version in force it came into use with.
        let signed = doc.and_then(|doc| {
            crate::archive::first_approval(history, doc, form, set.settings.version_scheme.first())
        });
        out.push(Row {
            kind: "form",
            number: number.clone(),
            title: form.title.clone(),
            version: form.version.to_string(),
            status: "withdrawn",
            revising: None,
            next_effective: None,
            withdrawn: Some(w.day.to_string()),
            dropped: false,
            approver: signed.map_or(String::new(), |signed| signed.name.clone()),
            approved_on: day(signed.map(|signed| signed.date)),
            effective: w.since.to_string(),
            last_review: String::new(),
            next_review: String::new(),
            review_overdue: false,
            owner: department(&form.keeper),
            copies_out: 0,
            pending_out: 0,
            superseded_out: 0,
        });
    }
    // A form the version in force binds from its snapshot that no working
    // version names is in use until its revision takes effect, and then
    // withdrawn: listed so, with that revision.
    let mut dropped: std::collections::HashSet<String> = Default::default();
    for (number, drop) in history.dropping() {
        for entry in listed.iter_mut().filter(|e| e.0.number.as_str() == number) {
            entry.1 = Some(drop.by.clone());
            entry.2 = drop.day.map(|d| d.to_string());
        }
        dropped.insert(number);
    }
    for (form, revising, next_effective) in listed {
        let coming = coming.get(form.number.as_str());
        let revised = revising.is_some();
        // Who approved it, and on which day, with each version listed that
        // binds it and whose approval covers it.
        let pending = form.effective > history.today && !revised;
        let by = match pending {
            true => &pending_with,
            false => &approved_with,
        };
        let (mut names, mut days): (Vec<&str>, Vec<String>) = (vec![], vec![]);
        let first = set.settings.version_scheme.first();
        for doc in by.get(form.number.as_str()).into_iter().flatten() {
            // A version yet to take effect is what approves it; one in
            // force may have kept a form an earlier version approved.
            let signed = match pending {
                false => crate::archive::first_approval(history, doc, form, first),
                true => doc
                    .approved
                    .as_ref()
                    .filter(|_| crate::archive::approval_covers(doc, form, first)),
            };
            if let Some(signed) = signed {
                if !names.contains(&signed.name.as_str()) {
                    names.push(&signed.name);
                }
                if !days.contains(&signed.date.to_string()) {
                    days.push(signed.date.to_string());
                }
            }
        }
        // A form has no approval chain of its own: dated later, it is yet
        // to take effect, and shown as a document approved for a later day
        // is.
        let status = match form.effective > history.today {
            _ if revised => "effective",
            true => "pending",
            false if coming.is_some() => "pending",
            false if drafted.contains(form.number.as_str()) => "draft",
            false => "effective",
        };
        out.push(Row {
            kind: "form",
            number: form.number.to_string(),
            title: form.title.clone(),
            version: form.version.to_string(),
            status,
            next_effective: match revising {
                Some(_) => next_effective,
                None => coming
                    .filter(|_| form.effective <= history.today)
                    .map(|d| d.to_string()),
            },
            revising,
            withdrawn: None,
            dropped: dropped.contains(form.number.as_str()),
            approver: names.join(set.labels.get("list_separator")),
            approved_on: days.join(set.labels.get("list_separator")),
            // The day it came into use, when a version binding it took
            // effect after the form's own day; a draft is in use on none.
            effective: if status == "draft" {
                String::new()
            } else {
                in_use
                    .get(form.number.as_str())
                    .map_or(form.effective, |&(_, since)| since)
                    .max(
                        came_back
                            .get(form.number.as_str())
                            .map(|&(_, back)| back)
                            .unwrap_or_default(),
                    )
                    .to_string()
            },
            last_review: String::new(),
            next_review: String::new(),
            review_overdue: false,
            owner: department(&form.keeper),
            copies_out: 0,
            pending_out: 0,
            superseded_out: 0,
        });
    }
    // A form yet to come into use with the version naming it takes
    // effect on that version's day, as its status says.
    for row in out
        .iter_mut()
        .filter(|r| r.kind == "form" && r.status == "pending")
    {
        if let Some(day) = &row.next_effective {
            row.effective = day.clone();
        }
    }
    out.sort_by(|a, b| (a.kind, &a.number).cmp(&(b.kind, &b.number)));
    out
}

/// Formats the list as CSV (RFC 4180, headings in the set's language).
pub fn csv(rows: &[Row], labels: &Labels) -> String {
    csv_table(&headings(labels), rows.iter().map(|r| r.cells(labels)))
}

/// Formats a table as CSV (RFC 4180): a heading line, then a line per row.
pub fn csv_table(headings: &[String], rows: impl Iterator<Item = Vec<String>>) -> String {
    let field = |s: &str| {
        // On one line, tabs and line breaks made spaces.
        let s = &crate::escape::plain(s);
        // A spreadsheet takes a cell that starts with one of these for a
        // formula (`=1+2`, `=HYPERLINK(…)`) and runs it, some after spaces:
        // it is written as text, after a `'`, as OWASP advises; a number
        // is left as it is.
        let formula = s.trim_start().starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err();
        let s = &match formula {
            true => format!("'{s}"),
            false => s.to_owned(),
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = headings.join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Formats the list as a table aligned for a terminal, counting wide
/// characters as two columns.
pub fn table(rows: &[Row], labels: &Labels) -> String {
    let lines: Vec<Vec<String>> = std::iter::once(headings(labels))
        .chain(rows.iter().map(|r| r.cells(labels)))
        .map(|line| line.iter().map(|c| crate::escape::plain(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for line in lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        let text = csv_table(
            &["a".into(), "b".into(), "c".into(), "d".into(), "e".into()],
            [vec![
                "=1+2".into(),
                "@SUM(A1)".into(),
                "-3".into(),
                "合同=1".into(),
                "\t =1+2".into(),
            ]]
            .into_iter(),
        );
        assert_eq!(text, "a,b,c,d,e\r\n'=1+2,'@SUM(A1),-3,合同=1,'  =1+2\r\n");
    }

    #[test]
    fn a_form_a_revision_drops_is_listed_in_use_until_the_revision_takes_effect() {
        let mut row = Row {
            number: "QR-XS-011".into(),
            title: "客户意见记录表".into(),
            revising: Some("A/1".into()),
            dropped: true,
            ..form_row()
        };
        let labels = Labels::default();
        assert_eq!(row.cells(&labels)[4], "有效（A/1 修订中，不再引用）");
        row.next_effective = Some("2027-01-01".into());
        assert_eq!(row.cells(&labels)[4], "有效（2027-01-01 起随 A/1 作废）");
        row.status = "withdrawn";
        row.withdrawn = Some("2027-01-01".into());
        assert_eq!(row.cells(&labels)[4], "作废（2027-01-01 起）");
    }

    /// A form's row in use, numbered QR-XS-001, kept by 销售部.
    fn form_row() -> Row {
        Row {
            kind: "form",
            number: "QR-XS-001".into(),
            title: "合同".into(),
            version: "A/0".into(),
            status: "effective",
            revising: None,
            next_effective: None,
            withdrawn: None,
            dropped: false,
            approver: String::new(),
            approved_on: String::new(),
            effective: "2016-09-01".into(),
            last_review: String::new(),
            next_review: String::new(),
            review_overdue: false,
            owner: "销售部".into(),
            copies_out: 0,
            pending_out: 0,
            superseded_out: 0,
        }
    }

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let row = Row {
            title: "合同, \"甲\"".into(),
            ..form_row()
        };
        let text = csv(&[row], &Labels::default());
        assert!(
            text.ends_with(
                "表单,QR-XS-001,\"合同, \"\"甲\"\"\",A/0,有效,,,2016-09-01,,,销售部,0,0\r\n"
            ),
            "{text}"
        );
    }
}

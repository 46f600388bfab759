//! Decides which outputs a build writes, each with the data files and
//! templates it is made from.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::{self, History, State, Superseded};
use crate::loader::DocumentSet;
use crate::register::CopyState;
use crate::reports::{self, Report};
use crate::validate::referenced_forms;

/// What kind of paper an output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The bound handbook of a document, the master copy (正本).
    Master,
    /// A numbered controlled copy (受控副本) issued to a holder.
    Copy,
    /// A reference copy, uncontrolled when printed (非受控).
    Uncontrolled,
    /// A blank form.
    Form,
    /// A pad of serial-numbered sheets of a form.
    Pad,
    /// The master of a superseded version, stamped 作废 (obsolete).
    Obsolete,
    /// The issue and return register (文件发放/回收登记表) of a version.
    Register,
    /// The master list of controlled documents and forms (受控文件清单).
    MasterList,
    /// The records list (记录清单).
    RecordsList,
    /// The audit report.
    Audit,
    /// The serial ledger of a numbered form (流水号登记表).
    Ledger,
}

impl Kind {
    /// The name used in the manifest and the PDF's keywords.
    pub fn name(self) -> &'static str {
        match self {
            Self::Master => "master",
            Self::Copy => "controlled-copy",
            Self::Uncontrolled => "uncontrolled",
            Self::Form => "form",
            Self::Pad => "pad",
            Self::Obsolete => "obsolete",
            Self::Register => "register",
            Self::MasterList => "master-list",
            Self::RecordsList => "records-list",
            Self::Audit => "audit",
            Self::Ledger => "ledger",
        }
    }

    /// Tells whether it is a print of a document's handbook.
    pub fn is_handbook(self) -> bool {
        matches!(
            self,
            Self::Master | Self::Copy | Self::Uncontrolled | Self::Obsolete
        )
    }

    /// Tells whether it is a list of the whole set (the master list, the
    /// records list, the audit report), which a long set prints in parts.
    pub fn is_list(self) -> bool {
        matches!(self, Self::MasterList | Self::RecordsList | Self::Audit)
    }
}

/// The distribution number and holder of a controlled copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyOf {
    /// 分发号.
    pub number: u32,
    /// 持有者.
    pub holder: String,
    /// For a copy held by a person, the department they were in when it
    /// was issued, printed beside their name.
    pub department: Option<String>,
    /// The company's name it prints (see [`crate::write::Entry::company`]).
    pub company: Option<String>,
}

/// One output of the build.
#[derive(Debug, Clone)]
pub struct Job {
    /// What it is.
    pub kind: Kind,
    /// Index of the document (handbooks) or form (`Form`) in the set.
    pub index: usize,
    /// For a controlled copy, its number and holder.
    pub copy: Option<CopyOf>,
    /// Document or form number.
    pub number: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: String,
    /// Where it is written, relative to `output/`.
    pub path: String,
    /// For a handbook, the forms its text names, by number.
    pub forms: Vec<usize>,
    /// The date its PDF is stamped with unless `SOURCE_DATE_EPOCH` says otherwise.
    pub date: NaiveDate,
    /// Data files it is made from, relative to the set's root.
    pub data: Vec<String>,
    /// Templates it is made from, relative to the set's root.
    pub templates: Vec<String>,
    /// For an obsolete master, what superseded it.
    pub superseded: Option<Superseded>,
    /// For the master or a copy of a version approved to take effect on a
    /// later day, that day: until then the version before it is in force.
    pub takes_effect: Option<NaiveDate>,
    /// For a pad, the version of its form it was printed at: its print is
    /// kept as it was, since printed again (at a new version of the form,
    /// or in a new house style) its numbers would be on other paper too.
    pub printed_at: Option<String>,
    /// For a print of an approved version of a document, a fingerprint of
    /// the text approved (see [`approved_text`]): that text changed under
    /// the same version is a change its approval did not cover.
    pub text: Option<String>,
    /// For the master of a version not yet approved: printed for review.
    pub draft: bool,
    /// For a register or list, what it lists; boxed, as most outputs (the
    /// forms) have none: held inline, it took 176 bytes of every job, 1.7 MB
    /// of the plan of 10,011 forms held through their build.
    pub report: Option<Box<Report>>,
    /// For a form or pad, each copy of the form it prints, in order.
    pub sheets: Vec<Sheet>,
}

/// One copy of a form in a PDF: its serial number and part, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    /// The serial number (№) it carries.
    pub serial: Option<String>,
    /// The part of a multi-part set it is (e.g. 存根).
    pub part: Option<String>,
}

impl Job {
    /// What the PDF says it is, in its keywords: the number, the version,
    /// `ctrldoc:KIND` and an identity that `verify` reads back even from an
    /// altered file (ASCII only, values percent-encoded), ending with the
    /// place of its seal (see [`crate::seal`]). A handbook's identity names
    /// the version of each form it binds, from `set`, the set it is printed
    /// from, so that a print binding a form since revised is told apart.
    pub fn keywords(&self, set: &DocumentSet) -> Vec<String> {
        let mut id = vec![
            IDENTITY.to_owned(),
            format!("kind={}", self.kind.name()),
            format!("number={}", percent(&self.number)),
            format!("version={}", percent(&self.version)),
        ];
        if let Some(copy) = &self.copy {
            id.push(format!("copy={}", copy.number));
            id.push(format!("holder={}", percent(&copy.holder)));
        }
        if let Some((first, last)) = self.serials() {
            id.push(format!("serials={}..{}", percent(&first), percent(&last)));
        }
        if self.kind.is_handbook() && !self.forms.is_empty() {
            let bound: Vec<String> = self
                .forms
                .iter()
                .map(|&i| {
                    let form = &set.forms[i].value;
                    format!(
                        "{}@{}",
                        percent(form.number.as_str()),
                        percent(form.version.as_str())
                    )
                })
                .collect();
            id.push(format!("forms={}", bound.join("+")));
        }
        if self.draft {
            id.push("draft=1".to_owned());
        }
        // A pre-numbered form's blank is its specimen (样张), as it prints.
        if self.kind == Kind::Form
            && set
                .forms
                .get(self.index)
                .is_some_and(|f| f.value.serial.is_some())
        {
            id.push("specimen=1".to_owned());
        }
        id.push(crate::seal::blank());
        let mut out = vec![self.number.clone()];
        if !self.version.is_empty() {
            out.push(self.version.clone());
        }
        out.push(format!("ctrldoc:{}", self.kind.name()));
        out.push(id.join(";"));
        out
    }

    /// Whether it is a pad printed at an earlier version of its form: kept
    /// as printed, and never printed again, since that version's layout
    /// is not kept and paper of the new one would carry the same numbers.
    pub fn of_an_earlier_version(&self) -> bool {
        self.printed_at.as_ref().is_some_and(|v| *v != self.version)
    }

    /// For a pad, its first and last serial numbers.
    pub fn serials(&self) -> Option<(String, String)> {
        if self.kind != Kind::Pad {
            return None;
        }
        let first = self.sheets.first()?.serial.clone()?;
        let last = self.sheets.last()?.serial.clone()?;
        Some((first, last))
    }
}

/// The sheets of one set of a form: one per part, each with `serial`.
fn sheets(form: &crate::model::Form, serial: Option<&str>) -> Vec<Sheet> {
    let parts: Vec<Option<String>> = if form.parts.is_empty() {
        vec![None]
    } else {
        form.parts.iter().cloned().map(Some).collect()
    };
    parts
        .into_iter()
        .map(|part| Sheet {
            serial: serial.map(str::to_owned),
            part,
        })
        .collect()
}

/// Outputs made from one document set: the working set or an archived
/// version.
pub struct Group<'a> {
    /// The set they are made from.
    pub set: &'a DocumentSet,
    /// The outputs.
    pub jobs: Vec<Job>,
}

/// A fingerprint of what a version's approval covers and its prints show:
/// its title, purpose, text and revision record, form references written
/// one way (see [`crate::text::canonical`]); then, apart, of its approval
/// record: its signatures and the day it takes effect, not its reviews.
pub fn approved_text(doc: &crate::model::Document) -> String {
    fn canonical(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => *s = crate::text::canonical(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(canonical),
            serde_json::Value::Object(map) => map.values_mut().for_each(canonical),
            _ => {}
        }
    }
    let mut text = serde_json::to_value((&doc.title, &doc.purpose, &doc.body, &doc.history))
        .expect("a document's text serializes");
    canonical(&mut text);
    let approval =
        serde_json::to_value((&doc.prepared, &doc.reviewed, &doc.approved, &doc.effective))
            .expect("a document's approval serializes");
    format!(
        "{TEXT_SCHEME}:{}:{}",
        crate::write::sha256(text.to_string().as_bytes()),
        crate::write::sha256(approval.to_string().as_bytes())
    )
}

/// Whether two fingerprints of [`approved_text`], comparable, differ in
/// the text approved; else only their approval records differ.
pub fn texts_differ(a: &str, b: &str) -> bool {
    let text = |t: &str| {
        t.rsplit_once(':')
            .map_or(t.to_owned(), |(text, _)| text.to_owned())
    };
    text(a) != text(b)
}

/// A fingerprint of what a form prints: all of it but its revision record,
/// its effective date, how many pages it is meant to take, where its
/// records are kept and what becomes of them, and how its numbers are
/// written and when they restart, which its pages do not show (a blank
/// says 样张 in its № box, and each pad keeps the format it was printed
/// with). A form changed at the same version prints otherwise under it.
pub fn form_text(form: &crate::model::Form) -> String {
    let mut text = serde_json::to_value(form).expect("a form serializes");
    if let serde_json::Value::Object(map) = &mut text {
        map.remove("history");
        map.remove("effective");
        map.remove("pages");
        // Nor where its records are kept, and what becomes of them.
        map.remove("storage");
        map.remove("disposal");
        // Nor how numbers are written, nor when they restart.
        if let Some(serde_json::Value::Object(serial)) = map.get_mut("serial") {
            serial.remove("format");
            serial.remove("restart");
        }
    }
    format!(
        "{FORM_SCHEME}:{}",
        crate::write::sha256(text.to_string().as_bytes())
    )
}

/// A form as a document's print binds it, written `NUMBER VERSION
/// FINGERPRINT` (see [`form_text`]), as the manifest and the registers
/// keep it (`QR-XS-008 A/1 f2:…`).
pub fn bound_form(form: &crate::model::Form) -> String {
    format!("{} {} {}", form.number, form.version, form_text(form))
}

/// A record written by [`bound_form`], read back: its number, version and
/// fingerprint; `None` when it is not written so.
pub fn read_bound_form(record: &str) -> Option<(&str, &str, &str)> {
    match record.split(' ').collect::<Vec<_>>()[..] {
        [number, version, print] if print.contains(':') => Some((number, version, print)),
        _ => None,
    }
}

/// How [`form_text`] is worked out, as [`TEXT_SCHEME`] is for documents.
const FORM_SCHEME: &str = "f2";

/// How [`approved_text`] is worked out, written before the hash: a
/// fingerprint worked out otherwise (by another ctrldoc) is not compared,
/// but taken as unknown.
const TEXT_SCHEME: &str = "t3";

/// Whether two fingerprints of [`approved_text`] were worked out alike, so
/// that they may be compared.
pub fn comparable_texts(a: &str, b: &str) -> bool {
    let scheme = |t: &str| t.split_once(':').map(|(s, _)| s.to_owned());
    scheme(a).is_some() && scheme(a) == scheme(b)
}

/// The template that draws the body of a form, by its name in `forms/`.
pub fn form_template(set: &DocumentSet, index: usize) -> String {
    let name = set.forms[index].value.template.as_deref().unwrap_or("form");
    format!("{name}.typ.j2")
}

/// The templates a form printed on its own is made from.
fn form_templates(set: &DocumentSet, index: usize) -> Vec<String> {
    vec![
        set.name("forms/form-page.typ.j2"),
        set.name(&format!("forms/{}", form_template(set, index))),
        set.name("forms/house.typ"),
    ]
}

/// Plans every output of a validated document set and its archive, in a
/// stable order.
pub fn plan(history: &History) -> Vec<Group<'_>> {
    let set = &history.set;
    let mut jobs = plan_set(set);
    // A draft is printed for review only; the version in force is issued.
    // So is an approved version before the day it takes effect, but for
    // the copies the register holds of it.
    jobs.retain(|job| {
        if !job.kind.is_handbook() || job.kind == Kind::Master {
            return true;
        }
        let doc = &set.documents[job.index].value;
        archive::in_force(doc, history.today) || (job.kind == Kind::Copy && archive::approved(doc))
    });
    // Each page of those says so.
    for job in jobs.iter_mut().filter(|job| job.kind.is_handbook()) {
        job.takes_effect = archive::pending(&set.documents[job.index].value, history.today);
    }
    // A form only drafts bind is printed blank marked as a draft, as they
    // are: it is not yet for use. One the version in force binds from its
    // snapshot is in use.
    let drafted = history.drafted_only();
    for job in jobs.iter_mut().filter(|job| job.kind == Kind::Form) {
        job.draft = drafted.contains(&job.number);
    }
    // A form in use as the snapshot of a version in force keeps it is
    // printed from there, blank and in pads of its version there.
    let from_snapshots = history.forms_from_snapshots();
    let kept = |job: &Job| {
        from_snapshots
            .get(&job.number)
            .map(|&(kept, index)| (kept, kept.forms[index].value.version.as_str()))
    };
    // A form withdrawn is printed blank no more; its ledger's pads are
    // printed as they were, from the snapshot that keeps it once its file
    // is taken out.
    let withdrawn = history.withdrawn();
    // A pad recorded after the day its form was withdrawn is not printed,
    // but when its numbers are voided to its last (`check` warns of it).
    let printed_after = |job: &Job| {
        job.kind == Kind::Pad
            && withdrawn.get(&job.number).is_some_and(|w| job.date > w.day)
            && !job.serials().is_some_and(|(_, last)| {
                set.ledger(&job.number)
                    .is_some_and(|l| l.value.voids.iter().any(|v| v.serial == last))
            })
    };
    let homes = pad_homes(history, &from_snapshots, &withdrawn);
    let home = |job: &Job| {
        job.serials()
            .and_then(|serials| homes.get(&(job.number.clone(), serials)).copied())
    };
    jobs.retain(|job| {
        if printed_after(job) {
            return false;
        }
        match (job.kind, kept(job)) {
            (Kind::Form, _) if withdrawn.contains_key(&job.number) => false,
            (Kind::Form, Some(_)) => false,
            (Kind::Pad, _) => home(job).is_none(),
            _ => true,
        }
    });
    jobs.extend(reports::jobs(history));
    let mut groups = vec![Group { set, jobs }];
    for archived in &history.archived {
        let doc = &archived.document().value;
        let mut jobs = plan_set(&archived.set);
        jobs.retain(|job| {
            let here = kept(job).is_some_and(|(kept, _)| std::ptr::eq(kept, &archived.set));
            match job.kind {
                _ if job.kind.is_handbook() => true,
                Kind::Form => here,
                Kind::Pad => {
                    home(job).is_some_and(|home| std::ptr::eq(home, &archived.set))
                        && !printed_after(job)
                }
                _ => false,
            }
        });
        if let State::Superseded(superseded) = &archived.state {
            jobs.retain(|job| matches!(job.kind, Kind::Master | Kind::Pad));
            for job in jobs.iter_mut().filter(|job| job.kind == Kind::Master) {
                job.kind = Kind::Obsolete;
                job.path = format!(
                    "archive/{}-{}-obsolete.pdf",
                    doc.number,
                    doc.version.file_stem()
                );
                job.superseded = Some(superseded.clone());
            }
        }
        groups.push(Group {
            set: &archived.set,
            jobs,
        });
    }
    groups
}

/// The snapshot each pad is printed from, when not from `data/forms/`, by
/// form number and first and last serials: of those that keep its form at
/// the pad's version, the one of the document version in force on the
/// pad's day, the set as it was then or as it was kept soonest after; else
/// the one a version in force binds its form from, or that of the form
/// withdrawn, when the pad is of the version it keeps; else the last. So a
/// pad of an earlier version than `data/forms/` holds is printed again as
/// it was. Else, its form taken out of `data/forms/`, the one that keeps
/// it, where it is kept as printed (its layout is not kept).
fn pad_homes<'h>(
    history: &'h History,
    from_snapshots: &BTreeMap<String, (&'h DocumentSet, usize)>,
    withdrawn: &BTreeMap<String, archive::Withdrawn<'h>>,
) -> HashMap<(String, (String, String)), &'h DocumentSet> {
    let set = &history.set;
    let mut homes = HashMap::new();
    for ledger in &set.ledgers {
        let number = &ledger.value.form;
        let working = set.form(number).map(|f| f.value.version.as_str());
        // A form withdrawn is printed from the snapshot, its file kept or
        // not: that file, which the lists no longer show, changes nothing.
        let kept = from_snapshots
            .get(number)
            .map(|&(kept, _)| kept)
            .or_else(|| withdrawn.get(number).map(|w| w.kept));
        let kept_version = kept
            .and_then(|k| k.form(number))
            .map(|f| f.value.version.as_str());
        for pad in &ledger.value.pads {
            let Some(version) = pad.version.as_deref().or(working) else {
                continue;
            };
            // Printed from `data/forms/`, at the version it holds.
            if working == Some(version) && kept_version != Some(version) {
                continue;
            }
            // Of the snapshots that keep the form at the pad's version, the
            // one of the document version in force on the pad's day: the
            // set as it was then, or as it was kept soonest after.
            let keeping: Vec<&archive::Archived> = history
                .archived
                .iter()
                .filter(|a| {
                    a.set
                        .form(number)
                        .is_some_and(|f| f.value.version.as_str() == version)
                })
                .collect();
            let then = keeping
                .iter()
                .rev()
                .find(|a| in_force_on(a, pad.date))
                .map(|a| &a.set);
            let home = then
                .or(kept.filter(|_| kept_version == Some(version)))
                .or(keeping.last().map(|a| &a.set))
                .or(kept.filter(|_| working.is_none()));
            if let Some(home) = home {
                homes.insert((number.clone(), pad.range()), home);
            }
        }
    }
    homes
}

/// Whether an archived version was in force on a day: it had taken effect,
/// and the one after it had not.
fn in_force_on(archived: &archive::Archived, day: NaiveDate) -> bool {
    let doc = &archived.document().value;
    doc.effective.is_none_or(|from| from <= day)
        && match &archived.state {
            State::Superseded(s) => s.effective.is_none_or(|to| to > day),
            State::Current => true,
        }
}

/// Plans the outputs of one set: each document's master, uncontrolled copy
/// and controlled copies, and each blank form.
fn plan_set(set: &DocumentSet) -> Vec<Job> {
    let org = set.organisation.as_ref().map(|o| o.path.clone());
    let mut jobs = vec![];
    for (index, loaded) in set.documents.iter().enumerate() {
        let doc = &loaded.value;
        let mut forms: Vec<usize> = referenced_forms(doc)
            .iter()
            .filter_map(|number| set.form_index(number))
            .collect();
        // The appendix follows the forms' numbers, not the order of mention.
        forms.sort_by(|&a, &b| set.forms[a].value.number.cmp(&set.forms[b].value.number));
        let mut data = vec![loaded.path.clone()];
        data.extend(org.clone());
        data.extend(forms.iter().map(|&i| set.forms[i].path.clone()));
        let mut templates = vec![
            set.name("forms/handbook.typ.j2"),
            set.name("forms/house.typ"),
        ];
        for &i in &forms {
            let t = set.name(&format!("forms/{}", form_template(set, i)));
            if !templates.contains(&t) {
                templates.push(t);
            }
        }
        let handbook = Job {
            kind: Kind::Master,
            index,
            copy: None,
            number: doc.number.to_string(),
            version: doc.version.to_string(),
            title: doc.title.clone(),
            path: format!(
                "documents/{}-{}-master.pdf",
                doc.number,
                doc.version.file_stem()
            ),
            forms,
            date: doc
                .effective
                .or(doc.history.last().map(|r| r.date))
                .unwrap_or_default(),
            data,
            templates,
            superseded: None,
            takes_effect: None,
            printed_at: None,
            text: archive::approved(doc).then(|| approved_text(doc)),
            draft: !archive::approved(doc),
            report: None,
            sheets: vec![],
        };
        jobs.push(Job {
            kind: Kind::Uncontrolled,
            path: format!(
                "documents/{}-{}-uncontrolled.pdf",
                doc.number,
                doc.version.file_stem()
            ),
            ..handbook.clone()
        });
        // The register, not the output folder, says which copies exist.
        if let Some(register) = set.register(doc.number.as_str()) {
            for copy in &register.value.copies {
                if copy.state != CopyState::Issued || copy.version != doc.version.as_str() {
                    continue;
                }
                let mut data = handbook.data.clone();
                data.push(register.path.clone());
                jobs.push(Job {
                    kind: Kind::Copy,
                    copy: Some(CopyOf {
                        number: copy.number,
                        holder: copy.holder.clone(),
                        department: copy.department.clone(),
                        company: set.organisation.as_ref().map(|o| o.value.company.clone()),
                    }),
                    path: format!(
                        "copies/{}-{}-copy-{:02}-{}.pdf",
                        doc.number,
                        doc.version.file_stem(),
                        copy.number,
                        file_name(&copy.holder)
                    ),
                    data,
                    ..handbook.clone()
                });
            }
        }
        jobs.push(handbook);
    }
    // Worked out once a form, for its blank form and its pads.
    let texts: Vec<String> = set.forms.iter().map(|f| form_text(&f.value)).collect();
    for (index, loaded) in set.forms.iter().enumerate() {
        let form = &loaded.value;
        let mut data = vec![loaded.path.clone()];
        data.extend(org.clone());
        jobs.push(Job {
            kind: Kind::Form,
            index,
            copy: None,
            number: form.number.to_string(),
            version: form.version.to_string(),
            title: form.title.clone(),
            path: format!("forms/{}-{}.pdf", form.number, file_name(&form.title)),
            forms: vec![],
            date: form.effective,
            data,
            templates: form_templates(set, index),
            superseded: None,
            takes_effect: None,
            printed_at: None,
            draft: false,
            report: None,
            sheets: sheets(form, None),
            text: Some(texts[index].clone()),
        });
    }
    // Every pad in a ledger is printed again, with the same numbers.
    for ledger in &set.ledgers {
        let Some(index) = set.form_index(&ledger.value.form) else {
            continue;
        };
        let loaded = &set.forms[index];
        let form = &loaded.value;
        for pad in &ledger.value.pads {
            let serials = pad.serials();
            let (Some(first), Some(last)) = (serials.first(), serials.last()) else {
                continue;
            };
            let mut data = vec![loaded.path.clone(), ledger.path.clone()];
            data.extend(org.clone());
            jobs.push(Job {
                kind: Kind::Pad,
                index,
                copy: None,
                number: form.number.to_string(),
                version: form.version.to_string(),
                title: form.title.clone(),
                path: format!("pads/{}-{first}-{last}.pdf", form.number),
                forms: vec![],
                date: pad.date,
                data,
                templates: form_templates(set, index),
                superseded: None,
                takes_effect: None,
                // Printed, it stays as it was: its numbers are on paper.
                printed_at: Some(
                    pad.version
                        .clone()
                        .unwrap_or_else(|| form.version.to_string()),
                ),
                // A pad kept as printed at an earlier version is not of
                // the form as it is.
                text: pad
                    .earlier_version(form.version.as_str())
                    .is_none()
                    .then(|| texts[index].clone()),
                draft: false,
                report: None,
                sheets: serials
                    .iter()
                    .flat_map(|serial| sheets(form, Some(serial)))
                    .collect(),
            });
        }
    }
    jobs
}

/// Replaces characters that some file systems forbid in names.
pub fn file_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        // As printed: line breaks and tabs are spaces, and what is not
        // printed is left out (a text-direction control would make the
        // name read otherwise).
        let bad = matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
        match crate::escape::plain(c.encode_utf8(&mut [0; 4])).pop() {
            Some(_) if bad => name.push('_'),
            Some(c) => name.push(c),
            None => {}
        }
    }
    // Room for the number and the extension within a file system's 255
    // bytes: a longer title is cut, the `…` that says so within the limit.
    if name.len() > MAX_TITLE_BYTES {
        let mut end = MAX_TITLE_BYTES - '…'.len_utf8();
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
        name.push('…');
    }
    name
}

/// The most of a title a file name holds, in bytes.
const MAX_TITLE_BYTES: usize = 120;

/// What starts the identity among a PDF's keywords (see [`Job::keywords`]).
pub const IDENTITY: &str = "ctrldoc-id:v1";

/// Where the fields of each identity in a PDF's bytes lie: from after
/// `ctrldoc-id:v1;` to the end of the keyword. It is ASCII in the document
/// information and in the XMP metadata, so it is found even in a damaged
/// file.
pub fn identities(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let marker = format!("{IDENTITY};");
    memchr::memmem::find_iter(bytes, marker.as_bytes())
        .map(|at| {
            let start = at + marker.len();
            let end = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_graphic() || b"()<>,\\".contains(b))
                .map_or(bytes.len(), |n| start + n);
            start..end
        })
        .collect()
}

/// Percent-encodes everything but ASCII letters, digits and `-_./`.
pub fn percent(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_./".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes [`percent`].
pub fn unpercent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set's approved versions are checked against the fingerprints its
    /// last build recorded: one worked out otherwise for the same text
    /// (a new key serialized empty) would stop every set with copies out
    /// after an upgrade, saying its approved text was changed. A change
    /// meant to change it bumps [`TEXT_SCHEME`] and this fingerprint.
    #[test]
    fn the_sample_regulation_keeps_the_fingerprint_it_was_approved_with() {
        let doc: crate::model::Document =
            serde_yaml::from_str(include_str!("../data/documents/XS-ZD-001.yaml")).unwrap();
        assert_eq!(
            approved_text(&doc),
            "t3:b874b5f537f926a8abfe81a2944669ad4c074fe62ffe8f8f3a562a263047efc7:1fcaeb8a0b7837e73ef382623aadab74b3547dd7530751fd9808302d9c62daf0"
        );
    }

    #[test]
    fn percent_encoding_round_trips() {
        for text in ["财务部", "A/0", "CH2026-00001", "a;b=c%", ""] {
            let encoded = percent(text);
            assert!(encoded.is_ascii() && !encoded.contains([';', '=']));
            assert_eq!(unpercent(&encoded), text);
        }
    }

    #[test]
    fn titles_become_safe_file_names() {
        assert_eq!(file_name("销售/服务:表"), "销售_服务_表");
        // A right-to-left override would show the name in another order.
        assert_eq!(file_name("销售\u{202E}fdp.exe"), "销售fdp.exe");
        assert_eq!(file_name("销售\u{7}服务\n表\u{2028}"), "销售服务 表 ");
    }

    #[test]
    fn a_long_title_is_cut_with_its_mark_within_the_limit() {
        let title = "订货排产情况汇总表".repeat(20);
        let name = file_name(&title);
        assert_eq!(name.len(), MAX_TITLE_BYTES);
        assert!(name.ends_with('…') && title.starts_with(name.trim_end_matches('…')));
        let exact = "表".repeat(MAX_TITLE_BYTES / 3);
        assert_eq!(file_name(&exact), exact);
    }
}

//! The typed shape of a document set's YAML: settings, organisation,
//! controlled documents and forms.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

pub use crate::labels::Language;

/// Settings that apply to the whole document set (`data/settings.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// How versions are written and advanced.
    #[serde(default)]
    pub version_scheme: VersionScheme,
    /// Months between periodic reviews when a document does not say.
    #[serde(default = "default_review_months")]
    pub default_review_months: u32,
    /// Who holds the master copy (正本), printed on its cover; the
    /// `master_holder` label when not given.
    #[serde(default)]
    pub master_holder: Option<String>,
    /// The person who issues controlled copies unless `--by` names another.
    #[serde(default)]
    pub document_controller: Option<String>,
    /// Write archival PDF/A-2b (the default); `false` writes plain PDF.
    #[serde(default = "yes")]
    pub pdf_a: bool,
    /// The language of the fixed words, the fonts and the text rules.
    #[serde(default)]
    pub language: Language,
    /// The set's own text for any fixed label, by key.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

fn default_review_months() -> u32 {
    12
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version_scheme: VersionScheme::default(),
            default_review_months: 12,
            master_holder: None,
            document_controller: None,
            pdf_a: true,
            language: Language::default(),
            labels: BTreeMap::new(),
        }
    }
}

/// A way of writing versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionScheme {
    /// `A/0`, `A/1` … then `B/0` on a new edition.
    #[default]
    LetterNumber,
    /// `V1.0`, `V1.1` … then `V2.0` on a new edition.
    Decimal,
}

impl VersionScheme {
    /// Tells whether `version` is written in this scheme.
    pub fn accepts(self, version: &str) -> bool {
        match self {
            Self::LetterNumber => version.split_once('/').is_some_and(|(edition, number)| {
                edition.len() == 1
                    && edition.chars().all(|c| c.is_ascii_uppercase())
                    && is_number(number)
            }),
            Self::Decimal => version
                .strip_prefix('V')
                .and_then(|rest| rest.split_once('.'))
                .is_some_and(|(major, minor)| is_number(major) && is_number(minor)),
        }
    }

    /// Whether `a` comes before, after or is `b`, when both follow the
    /// scheme.
    pub fn order(self, a: &str, b: &str) -> Option<std::cmp::Ordering> {
        Some(self.parts(a)?.cmp(&self.parts(b)?))
    }

    /// The edition and the revision within it, for ordering versions:
    /// `B/3` is `(1, 3)`, `V2.13` is `(2, 13)`.
    pub fn parts(self, version: &str) -> Option<(u32, u32)> {
        if !self.accepts(version) {
            return None;
        }
        match self {
            Self::LetterNumber => {
                let (edition, number) = version.split_once('/')?;
                let letter = edition.chars().next()?;
                Some((u32::from(letter) - u32::from('A'), number.parse().ok()?))
            }
            Self::Decimal => {
                let (major, minor) = version.strip_prefix('V')?.split_once('.')?;
                Some((major.parse().ok()?, minor.parse().ok()?))
            }
        }
    }

    /// The version after `version`: the next revision of the same edition,
    /// or with `major` the first of the next edition (`A/3` → `A/4` or `B/0`,
    /// `V1.2` → `V1.3` or `V2.0`). `None` when `version` is not in this
    /// scheme or the scheme has no room left (after `Z/…`, or past 9999).
    pub fn next(self, version: &str, major: bool) -> Option<String> {
        let (edition, revision) = self.parts(version)?;
        let (edition, revision) = if major {
            (edition + 1, 0)
        } else {
            (edition, revision + 1)
        };
        let next = match self {
            Self::LetterNumber => {
                let letter = char::from_u32(u32::from('A') + edition)?;
                format!("{letter}/{revision}")
            }
            Self::Decimal => format!("V{edition}.{revision}"),
        };
        self.accepts(&next).then_some(next)
    }

    /// The first version in this scheme, the one a first issue has.
    pub fn first(self) -> &'static str {
        match self {
            Self::LetterNumber => "A/0",
            Self::Decimal => "V1.0",
        }
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())
}

/// The company and the people and departments that control its documents
/// (`data/organisation.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The company's full name, as printed on every page.
    pub company: String,
    /// The departments, each with a short code.
    pub departments: Vec<Department>,
    /// The people who prepare, review and approve documents.
    #[serde(default)]
    pub people: Vec<Person>,
}

impl Organisation {
    /// Finds a department by its code.
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// Finds a person by name.
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.name == name)
    }

    /// Whether `name` may hold a copy or a pad: a department's name or a
    /// person's.
    pub fn is_holder(&self, name: &str) -> bool {
        self.departments.iter().any(|d| d.name == name) || self.person(name).is_some()
    }

    /// The names that may hold a copy or a pad: departments', then people's.
    pub fn holder_names(&self) -> impl Iterator<Item = &str> {
        self.departments
            .iter()
            .map(|d| d.name.as_str())
            .chain(self.people.iter().map(|p| p.name.as_str()))
    }

    /// The hint for `name`, which is no person of the organisation: the
    /// person meant, if one is near, else where people are listed.
    pub fn person_hint(&self, name: &str) -> String {
        let names = self.people.iter().map(|p| p.name.as_str());
        // A name of two characters with the surname of one person alone
        // and its other character otherwise, most often a homophone typed
        // for it (陈坤 for 陈堃), is theirs.
        let surnamed = || {
            let mut chars = name.chars();
            let (Some(surname), Some(_), None) = (chars.next(), chars.next(), chars.next()) else {
                return None;
            };
            let mut near = self
                .people
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| n.chars().count() == 2 && n.starts_with(surname) && *n != name);
            match (near.next(), near.next()) {
                (Some(only), None) if !name.is_ascii() => Some(only),
                _ => None,
            }
        };
        match crate::diagnostic::did_you_mean(name, names).or_else(surnamed) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "people are listed under `people:` in `data/organisation.yaml`".into(),
        }
    }

    /// What to say of a record signed by `name`, who is not a person of the
    /// organisation (any more): the name may be misspelt, or its person may
    /// have left and been taken off the list.
    pub fn signer_hint(&self, name: &str) -> String {
        format!(
            "{}; if `{name}` has left the company, keep them under `people:` with `left: YYYY-MM-DD`: what they signed stays signed",
            self.person_hint(name).trim_end_matches('?')
        )
    }
}

/// A department of the company.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Short code, e.g. `XS`.
    pub id: String,
    /// Printed name, e.g. 销售部.
    pub name: String,
}

/// A person who may take part in a document's approval chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name, unique within the organisation.
    pub name: String,
    /// Code of the person's department.
    pub department: String,
    /// Job title, e.g. 销售部经理.
    #[serde(default)]
    pub title: Option<String>,
    /// What the person may do in an approval chain.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The day the person left the company: what they signed before stays
    /// signed, with the roles they held, and they sign nothing after.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::day::option"
    )]
    pub left: Option<NaiveDate>,
}

impl Person {
    /// The day they left the company, when that was before `on`: from then
    /// they sign, hold and record nothing.
    pub fn left_before(&self, on: NaiveDate) -> Option<NaiveDate> {
        self.left.filter(|&left| left < on)
    }
}

/// A step of the approval chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 编制: prepares the document.
    Prepare,
    /// 审核: reviews it.
    Review,
    /// 批准: approves it.
    Approve,
}

impl Role {
    /// The approval chain in order: 编制, 审核, 批准.
    pub const CHAIN: [Role; 3] = [Role::Prepare, Role::Review, Role::Approve];

    /// The Chinese label used on the cover.
    pub fn label(self) -> &'static str {
        match self {
            Self::Prepare => "编制",
            Self::Review => "审核",
            Self::Approve => "批准",
        }
    }

    /// The key of its label in the label table.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Prepare => "prepare",
            Self::Review => "review",
            Self::Approve => "approve",
        }
    }

    /// The YAML key that records this step.
    pub fn key(self) -> &'static str {
        match self {
            Self::Prepare => "prepared",
            Self::Review => "reviewed",
            Self::Approve => "approved",
        }
    }
}

/// Whether a version of a document may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written or approved; prints with a draft mark.
    Draft,
    /// Approved and in force from its effective date.
    Effective,
}

/// A document or form number such as `XS-ZD-001` or `QR-XS-005`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Number(String);

impl Number {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        let valid = !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            });
        if valid {
            Ok(Self(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "invalid number `{s}` (expected upper-case letters and digits joined by `-`, e.g. `QR-XS-001`)"
            )))
        }
    }
}

/// A version as written in the data, e.g. `A/0`; checked against the set's
/// scheme by validation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Version(pub String);

impl Version {
    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The version with characters that cannot appear in a file name removed.
    pub fn file_stem(&self) -> String {
        self.0
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect()
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One signed and dated step of an approval chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Who signed.
    pub name: String,
    /// When.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
}

/// A controlled document such as a regulation (`data/documents/*.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Document number, e.g. `XS-ZD-001`.
    pub number: Number,
    /// Title, e.g. 销售服务管控管理制度.
    pub title: String,
    /// Current version.
    pub version: Version,
    /// Draft or effective.
    pub status: Status,
    /// Code of the owning department.
    pub department: String,
    /// 编制.
    #[serde(default)]
    pub prepared: Option<Signature>,
    /// 审核.
    #[serde(default)]
    pub reviewed: Option<Signature>,
    /// 批准.
    #[serde(default)]
    pub approved: Option<Signature>,
    /// 生效日期.
    #[serde(default, deserialize_with = "crate::model::day::option")]
    pub effective: Option<NaiveDate>,
    /// Months between periodic reviews; the set's default when absent.
    #[serde(default)]
    pub review_months: Option<u32>,
    /// 复审: the periodic reviews of this version that found it still fit
    /// for use, oldest first. A revision starts the next version without.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// 修订记录, oldest first.
    pub history: Vec<Revision>,
    /// One-sentence purpose, printed under the title.
    #[serde(default)]
    pub purpose: Option<String>,
    /// The text, as numbered parts.
    pub body: Vec<Part>,
}

impl Document {
    /// Tells whether every step of the approval chain is signed.
    pub fn is_approved(&self) -> bool {
        Role::CHAIN
            .iter()
            .all(|&role| self.signature(role).is_some())
    }

    /// The day this version was last reviewed: its latest periodic review,
    /// else the day it took effect (or, before that, its revision-record
    /// entry).
    pub fn last_review(&self) -> Option<NaiveDate> {
        let reviewed = self.reviews.iter().map(|r| r.date).max();
        let revised = self.history.last().map(|r| r.date);
        [reviewed, self.effective, revised]
            .into_iter()
            .flatten()
            .max()
    }

    /// The day this version's next periodic review is due, `months` after
    /// the last.
    pub fn next_review(&self, default_months: u32) -> Option<NaiveDate> {
        let months = self.review_months.unwrap_or(default_months);
        self.last_review()?
            .checked_add_months(chrono::Months::new(months))
    }

    /// The signature recorded for a step of the approval chain.
    pub fn signature(&self, role: Role) -> Option<&Signature> {
        match role {
            Role::Prepare => self.prepared.as_ref(),
            Role::Review => self.reviewed.as_ref(),
            Role::Approve => self.approved.as_ref(),
        }
    }
}

/// A periodic review (复审) that found a version still fit for use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who reviewed it.
    pub name: String,
    /// When.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// What the review found or did, when more than that it stays as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An entry of the revision record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The version this entry opened.
    pub version: Version,
    /// When.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// What changed.
    pub summary: String,
    /// Who wrote the change.
    pub author: String,
}

/// A numbered part of a document's text (一、 for parts, 2.1 for sections).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Heading, without its number.
    pub title: String,
    /// Paragraphs, in order.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Lettered items (a. b. c.).
    #[serde(default)]
    pub items: Vec<String>,
    /// Tables, printed after the items. Left out when there are none, so
    /// that the fingerprint of a text approved before tables were known
    /// ([`crate::plan::approved_text`]) is the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TextTable>,
    /// Numbered sections (2.1, 2.2 …); sections have no sections of their own.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// A numbered section inside a part.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading, without its number.
    pub title: String,
    /// Paragraphs, in order.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Lettered items (a. b. c.).
    #[serde(default)]
    pub items: Vec<String>,
    /// Tables, printed after the items. Left out when there are none, so
    /// that the fingerprint of a text approved before tables were known
    /// ([`crate::plan::approved_text`]) is the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TextTable>,
}

/// A table in a document's text, e.g. the scores of an assessment: its
/// cells are texts as a paragraph's are, and may name forms.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextTable {
    /// Printed above it, e.g. `表 1　考核标准`.
    #[serde(default)]
    pub caption: Option<String>,
    /// The headings of its columns.
    pub columns: Vec<String>,
    /// Its rows, a text for each column; a cell written `~` or `null` is
    /// empty, as it reads.
    #[serde(default, deserialize_with = "cells")]
    pub rows: Vec<Vec<String>>,
}

/// Rows of cells, an empty one for each `~` or `null`.
fn cells<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Vec<String>>, D::Error> {
    let rows: Vec<Vec<Option<String>>> = Deserialize::deserialize(d)?;
    Ok(rows
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect())
}

impl TextTable {
    /// Its texts: the caption, the headings, then the cells row by row.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.caption
            .iter()
            .chain(&self.columns)
            .chain(self.rows.iter().flatten())
            .map(String::as_str)
    }
}

/// Paper size of a form, written `a4` or as printed, `A4`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A3.
    #[serde(alias = "A3")]
    A3,
    /// ISO A4.
    #[default]
    #[serde(alias = "A4")]
    A4,
    /// ISO A5.
    #[serde(alias = "A5")]
    A5,
}

impl Paper {
    /// How wide a page of it is, in millimetres, turned as `orientation`.
    pub fn width_mm(self, orientation: Orientation) -> f64 {
        let (short, long) = match self {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
        };
        match orientation {
            Orientation::Portrait => short,
            Orientation::Landscape => long,
        }
    }
}

/// Orientation of a form's paper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Taller than wide.
    #[default]
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// A controlled form (`data/forms/*.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Form number, e.g. `QR-XS-005`.
    pub number: Number,
    /// Title, e.g. 客户投诉质量处理表.
    pub title: String,
    /// Current version.
    pub version: Version,
    /// 生效日期.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub effective: NaiveDate,
    /// 保存期限, e.g. `3年` or `长期`.
    pub retention: String,
    /// Code of the keeping department.
    pub keeper: String,
    /// Where and how the filled-in forms are kept (保存地点), e.g.
    /// `销售部档案柜`, for the records list; said nowhere when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// What is done with them once kept for their retention (到期处置),
    /// e.g. `销毁`, for the records list; said nowhere when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposal: Option<String>,
    /// Its revision record, oldest first, as kept by `ctrldoc revise`: a
    /// form may have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Revision>,
    /// Paper size.
    #[serde(default)]
    pub paper: Paper,
    /// Paper orientation.
    #[serde(default)]
    pub orientation: Orientation,
    /// A template of its own under `forms/` (without `.typ.j2`); the generic
    /// `form` template when absent.
    #[serde(default)]
    pub template: Option<String>,
    /// The layout, top to bottom.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Numbered clauses, for templates that print them (e.g. a contract).
    #[serde(default)]
    pub clauses: Vec<String>,
    /// For a pre-numbered form, how its serial numbers (№) are written.
    #[serde(default)]
    pub serial: Option<crate::serial::SerialSpec>,
    /// For a multi-part form, the name of each part (e.g. 存根, 客户联),
    /// printed one page per part.
    #[serde(default)]
    pub parts: Vec<String>,
    /// How many pages a part (or the form, when it has none) is meant to
    /// take: a form laid out on more runs over its paper, and is warned of.
    /// One when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<std::num::NonZeroU16>,
}

/// One piece of a form's layout.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "BlockKeys", rename_all = "lowercase")]
pub enum Block {
    /// A ruled grid of label and blank cells.
    Fields(Fields),
    /// A ruled table with a header row and blank rows.
    Table(Table),
    /// A labelled box to write in.
    Area(Area),
    /// A row of tick boxes.
    Checks(Checks),
    /// Signature and date boxes, one pair per role.
    Signatures(Vec<String>),
    /// Small print.
    Note(String),
}

/// A block as written: a map with exactly one of these keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockKeys {
    fields: Option<Fields>,
    table: Option<Table>,
    area: Option<Area>,
    checks: Option<Checks>,
    signatures: Option<Vec<String>>,
    note: Option<String>,
}

/// The kinds of block a form is laid out in, each a key of its own.
pub const BLOCK_KINDS: [&str; 6] = ["fields", "table", "area", "checks", "signatures", "note"];

impl TryFrom<BlockKeys> for Block {
    type Error = String;

    fn try_from(keys: BlockKeys) -> Result<Self, String> {
        let BlockKeys {
            fields,
            table,
            area,
            checks,
            signatures,
            note,
        } = keys;
        let mut found: Vec<Block> = vec![];
        found.extend(fields.map(Block::Fields));
        found.extend(table.map(Block::Table));
        found.extend(area.map(Block::Area));
        found.extend(checks.map(Block::Checks));
        found.extend(signatures.map(Block::Signatures));
        found.extend(note.map(Block::Note));
        let kinds = BLOCK_KINDS.map(|k| format!("`{k}`")).join(", ");
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(format!("a block needs one of {kinds}")),
            _ => Err(format!(
                "a block has exactly one of {kinds}; start another `- ` for the next"
            )),
        }
    }
}

/// A grid of label and blank cells.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// Label and value pairs per row (1–4).
    #[serde(default = "default_columns")]
    pub columns: u8,
    /// The labels, row by row.
    pub labels: Vec<String>,
}

fn default_columns() -> u8 {
    2
}

/// A ruled table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Caption above the table.
    #[serde(default)]
    pub caption: Option<String>,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Number of blank rows.
    pub rows: u16,
    /// Label of a final total row.
    #[serde(default)]
    pub total: Option<String>,
}

/// A column of a table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Header text.
    pub label: String,
    /// Relative width.
    #[serde(default = "default_width")]
    pub width: f64,
}

fn default_width() -> f64 {
    1.0
}

/// A labelled box to write in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The label.
    pub label: String,
    /// Height in millimetres.
    pub height: f64,
}

/// A row of tick boxes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// The label before the boxes.
    pub label: String,
    /// One box per option.
    pub options: Vec<String>,
}

/// Days read from the set's YAML: written YYYY-MM-DD, as chrono reads
/// them, but with the year in four digits. Chrono takes `16-09-01` for the
/// year 16, which every page would then print as 0016-09-01.
pub mod day {
    use chrono::NaiveDate;
    use serde::de::{Deserializer, Error, Visitor};

    /// The start of the message of a day whose year is written short: the
    /// loader gives it its hint.
    pub const SHORT_YEAR: &str = "the year of `";

    /// Reads a day.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(Day)
    }

    /// Reads a day that may be left out.
    pub fn option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        deserializer.deserialize_option(MaybeDay)
    }

    /// A day written as text.
    pub fn parse<E: Error>(text: &str) -> Result<NaiveDate, E> {
        let year = text.split('-').next().unwrap_or("");
        if (1..4).contains(&year.len()) && year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::custom(format!(
                "{SHORT_YEAR}{text}` is written in {} digit{}",
                year.len(),
                if year.len() == 1 { "" } else { "s" }
            )));
        }
        text.parse::<NaiveDate>().map_err(E::custom)
    }

    struct Day;

    impl Visitor<'_> for Day {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            // As chrono says it.
            f.write_str("a formatted date string")
        }
        fn visit_str<E: Error>(self, text: &str) -> Result<NaiveDate, E> {
            parse(text)
        }
    }

    struct MaybeDay;

    impl<'de> Visitor<'de> for MaybeDay {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a formatted date string")
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserialize(deserializer).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_number_scheme_accepts_only_its_own_versions() {
        let scheme = VersionScheme::LetterNumber;
        assert!(scheme.accepts("A/0"));
        assert!(scheme.accepts("B/12"));
        assert!(!scheme.accepts("a/0"));
        assert!(!scheme.accepts("A/"));
        assert!(!scheme.accepts("V1.0"));
    }

    #[test]
    fn decimal_scheme_accepts_only_its_own_versions() {
        let scheme = VersionScheme::Decimal;
        assert!(scheme.accepts("V1.0"));
        assert!(scheme.accepts("V2.13"));
        assert!(!scheme.accepts("1.0"));
        assert!(!scheme.accepts("A/0"));
    }

    #[test]
    fn next_version_follows_the_scheme() {
        let letters = VersionScheme::LetterNumber;
        assert_eq!(letters.next("A/0", false).as_deref(), Some("A/1"));
        assert_eq!(letters.next("A/9", false).as_deref(), Some("A/10"));
        assert_eq!(letters.next("A/3", true).as_deref(), Some("B/0"));
        assert_eq!(letters.next("Z/3", true), None);
        assert_eq!(letters.next("V1.0", false), None);
        let decimal = VersionScheme::Decimal;
        assert_eq!(decimal.next("V1.0", false).as_deref(), Some("V1.1"));
        assert_eq!(decimal.next("V1.9", false).as_deref(), Some("V1.10"));
        assert_eq!(decimal.next("V1.4", true).as_deref(), Some("V2.0"));
        assert!(letters.parts("A/10") > letters.parts("A/9"));
        assert!(letters.parts("B/0") > letters.parts("A/10"));
    }

    #[test]
    fn numbers_are_upper_case_codes() {
        let ok: Number = serde_yaml::from_str("QR-XS-005").unwrap();
        assert_eq!(ok.as_str(), "QR-XS-005");
        assert!(serde_yaml::from_str::<Number>("qr-xs-5").is_err());
        assert!(serde_yaml::from_str::<Number>("QR--5").is_err());
    }
}

//! Serial numbers (№) of pre-numbered forms: how they are written, and the
//! ledger (`data/ledgers/<FORM>.yaml`) of every pad printed and every sheet
//! voided. A number, voided or not, is never issued twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::register::{StateLock, read_state, save_state};
use crate::undo::{Change, Undo};

/// How a form's serial numbers are written and counted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SerialSpec {
    /// The pattern, e.g. `DD{year}-{n:05}`: `{year}` is the year of issue
    /// (`{yy}` its last two digits), `{n:W}` the counter padded to W digits.
    pub format: String,
    /// When the counter starts again from 1.
    #[serde(default)]
    pub restart: Restart,
}

/// When a serial counter starts again from 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Restart {
    /// Never: numbers go on across years.
    #[default]
    Never,
    /// Every calendar year (the format must show the year).
    Yearly,
}

/// A piece of a parsed serial format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Year,
    ShortYear,
    Counter(usize),
}

/// A serial format, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pieces: Vec<Piece>,
}

impl Format {
    /// Parses a pattern; the error says what is wrong with it.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let mut pieces = vec![];
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("`{{` at `{}` is never closed", &rest[open..]));
            };
            let name = &rest[open + 1..open + close];
            pieces.push(match name {
                "year" => Piece::Year,
                "yy" => Piece::ShortYear,
                "n" => Piece::Counter(1),
                _ => match name.strip_prefix("n:").map(str::parse::<usize>) {
                    Some(Ok(width)) if (1..=9).contains(&width) => Piece::Counter(width),
                    _ => {
                        return Err(format!(
                            "unknown placeholder `{{{name}}}`: use `{{year}}`, `{{yy}}` or `{{n:W}}` with W from 1 to 9"
                        ));
                    }
                },
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        if let Some(Piece::Text(text)) = pieces
            .iter()
            .find(|p| matches!(p, Piece::Text(t) if t.contains('}')))
        {
            return Err(format!("`}}` in `{text}` has no `{{`"));
        }
        let counters = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Counter(_)))
            .count();
        if counters != 1 {
            return Err(format!(
                "the format needs exactly one counter `{{n:W}}`, and has {counters}"
            ));
        }
        let unsafe_char = pieces.iter().find_map(|p| match p {
            Piece::Text(t) => t.chars().find(|c| {
                c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            }),
            _ => None,
        });
        if let Some(c) = unsafe_char {
            return Err(format!(
                "`{}` cannot be part of a serial number (it names files)",
                c.escape_debug()
            ));
        }
        Ok(Self { pieces })
    }

    /// The format written one way for each way it writes numbers:
    /// `{n:5}` and `{n:05}` are both `{n:5}`.
    pub fn canonical(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.clone(),
                Piece::Year => "{year}".into(),
                Piece::ShortYear => "{yy}".into(),
                Piece::Counter(w) => format!("{{n:{w}}}"),
            })
            .collect()
    }

    /// Tells whether the format shows the year.
    pub fn shows_year(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Year | Piece::ShortYear))
    }

    /// The largest counter the format can write.
    pub fn capacity(&self) -> u32 {
        let width = self
            .pieces
            .iter()
            .find_map(|p| match p {
                Piece::Counter(w) => Some(*w),
                _ => None,
            })
            .unwrap_or(1);
        // A width of 1 means "as many digits as it takes".
        if width == 1 {
            u32::MAX
        } else {
            10u32.saturating_pow(width as u32).saturating_sub(1)
        }
    }

    /// Writes the serial number of counter `n` in `year`.
    pub fn write(&self, year: i32, n: u32) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Year => out.push_str(&format!("{year:04}")),
                Piece::ShortYear => out.push_str(&format!("{:02}", year.rem_euclid(100))),
                Piece::Counter(w) => out.push_str(&format!("{n:0w$}", w = *w)),
            }
        }
        out
    }

    /// A number both `self` and `other` can write, if there is one, in the
    /// years each may print in (from `ours` and `theirs` on, to 2099):
    /// `CH20{yy}{n:05}` and `CH{year}{n:05}` both write CH202500001, and
    /// `A{n}` writes A1001 as `A1{n:03}` does; `HT{year}-{n:04}` in use from
    /// 2016 never writes the HT2015-0001 of `HT2015-{n:04}`. The number
    /// given is of the earliest such years, with a low counter.
    pub fn writes_alike(&self, other: &Format, ours: i32, theirs: i32) -> Option<String> {
        let alike = |a: &[Place], b: &[Place]| {
            let mut seen = HashSet::new();
            let mut written = String::new();
            Place::alike(a, b, (0, 0), &mut seen, &mut written).then_some(written)
        };
        // Any year first: most formats are told apart by it at once.
        alike(&self.places(None, ours), &other.places(None, theirs))?;
        let years = |format: &Format, from: i32| match format.shows_year() {
            true => from..=from.max(2099),
            false => from..=from,
        };
        years(self, ours).find_map(|a| {
            let ours = self.places(Some(a), a);
            years(other, theirs).find_map(|b| alike(&ours, &other.places(Some(b), b)))
        })
    }

    /// The characters the format writes, one place each: in `year`, or in
    /// any year from 2000 to 2099, most like `likely`.
    fn places(&self, year: Option<i32>, likely: i32) -> Vec<Place> {
        let digits = |n: i32, width: usize| -> Vec<char> {
            format!("{:0width$}", n.rem_euclid(10i32.pow(width as u32)))
                .chars()
                .collect()
        };
        let mut out = vec![];
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.extend(t.chars().map(|c| Place::once(Class::Char(c), c, 0))),
                Piece::Year | Piece::ShortYear if year.is_some() => {
                    let width = if *piece == Piece::Year { 4 } else { 2 };
                    let digits = digits(year.unwrap_or(likely), width);
                    out.extend(digits.iter().map(|&d| Place::once(Class::Char(d), d, 2)));
                }
                Piece::Year => {
                    out.push(Place::once(Class::Char('2'), '2', 0));
                    out.push(Place::once(Class::Char('0'), '0', 0));
                    out.extend(
                        digits(likely, 2)
                            .iter()
                            .map(|&d| Place::once(Class::Digit, d, 2)),
                    );
                }
                Piece::ShortYear => {
                    out.extend(
                        digits(likely, 2)
                            .iter()
                            .map(|&d| Place::once(Class::Digit, d, 2)),
                    );
                }
                // As many digits as it takes, the first not 0.
                Piece::Counter(1) => {
                    out.push(Place::once(Class::NonZero, '1', 1));
                    out.push(Place {
                        repeats: true,
                        ..Place::once(Class::Digit, '0', 0)
                    });
                }
                Piece::Counter(width) => {
                    out.extend((1..*width).map(|_| Place::once(Class::Digit, '0', 0)));
                    out.push(Place::once(Class::Digit, '1', 1));
                }
            }
        }
        out
    }
}

/// What one place of a format can hold.
#[derive(Debug, Clone, Copy)]
enum Class {
    Char(char),
    Digit,
    NonZero,
}

impl Class {
    fn holds(self, c: char) -> bool {
        match self {
            Class::Char(own) => own == c,
            Class::Digit => c.is_ascii_digit(),
            Class::NonZero => matches!(c, '1'..='9'),
        }
    }
}

/// One place of the numbers a format writes: a character, or a digit, once
/// or any number of times, with the character most like the format's
/// numbers (`likely`) and how much it tells (`weight`: a year's digit over
/// a counter's last, over any other).
#[derive(Debug, Clone, Copy)]
struct Place {
    class: Class,
    repeats: bool,
    likely: char,
    weight: u8,
}

impl Place {
    fn once(class: Class, likely: char, weight: u8) -> Self {
        Self {
            class,
            repeats: false,
            likely,
            weight,
        }
    }

    /// Whether the places of two formats from `at` on can write the same
    /// characters, which are pushed to `written`: a walk of the pairs of
    /// places, each pair tried once.
    fn alike(
        ours: &[Place],
        theirs: &[Place],
        at: (usize, usize),
        seen: &mut HashSet<(usize, usize)>,
        written: &mut String,
    ) -> bool {
        let (i, j) = at;
        if i == ours.len() && j == theirs.len() {
            return true;
        }
        if !seen.insert(at) {
            return false;
        }
        // A place repeated may also be left.
        if ours.get(i).is_some_and(|p| p.repeats)
            && Self::alike(ours, theirs, (i + 1, j), seen, written)
        {
            return true;
        }
        if theirs.get(j).is_some_and(|p| p.repeats)
            && Self::alike(ours, theirs, (i, j + 1), seen, written)
        {
            return true;
        }
        let (Some(a), Some(b)) = (ours.get(i), theirs.get(j)) else {
            return false;
        };
        let (first, second) = if a.weight >= b.weight { (a, b) } else { (b, a) };
        let mut candidates = vec![first.likely, second.likely];
        candidates.extend('0'..='9');
        candidates.dedup();
        let next = (i + usize::from(!a.repeats), j + usize::from(!b.repeats));
        let mut tried = HashSet::new();
        for c in candidates {
            if !tried.insert(c) || !a.class.holds(c) || !b.class.holds(c) {
                continue;
            }
            written.push(c);
            if Self::alike(ours, theirs, next, seen, written) {
                return true;
            }
            written.pop();
        }
        false
    }
}

/// The serial ledger of one form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// The form's number.
    pub form: String,
    /// Every pad printed, in the order reserved.
    #[serde(default)]
    pub pads: Vec<Pad>,
    /// Every sheet declared void.
    #[serde(default)]
    pub voids: Vec<Void>,
    /// Every pad recorded as used up: its numbers not voided were used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub used_up: Vec<UsedUp>,
    /// Every record of a pad as used up taken back, made by mistake
    /// (`serial --used-up FIRST --mistaken`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taken_back: Vec<TakenBack>,
}

/// A record of a pad as used up, made by mistake and taken back: its
/// sheets not voided were blank again from `date`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TakenBack {
    /// The record taken back.
    pub used_up: UsedUp,
    /// When it was taken back.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who took it back.
    pub by: String,
}

/// A run of serial numbers reserved and printed as one pad.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pad {
    /// The year its numbers belong to.
    pub year: i32,
    /// The first counter.
    pub first: u32,
    /// The last counter.
    pub last: u32,
    /// The format its numbers were written in, kept so that the pad is
    /// reprinted the same even after the form's format changes.
    pub format: String,
    /// The form's version it was printed at. Once the form is revised, the
    /// build keeps its print as it was rather than print its numbers again
    /// at the new version (pads recorded before this was kept have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A fingerprint of what its form printed when it was printed (see
    /// [`crate::plan::form_text`]): a form changed since at that version
    /// would print it again on other paper, which a build refuses even with
    /// `output/` and its record of the last build gone (pads recorded
    /// before this was kept have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print: Option<String>,
    /// Who it was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// For a pad handed to a person, the department they were in then,
    /// which the printed ledger gives beside their name, as a register
    /// does a copy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// When it was reserved.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who reserved it.
    pub by: String,
}

impl Ledger {
    /// The ledger as it stood at the end of `day`: the pads printed, the
    /// sheets voided and the pads recorded used up by then.
    pub fn recorded_by(&self, day: NaiveDate) -> Ledger {
        Ledger {
            form: self.form.clone(),
            pads: self
                .pads
                .iter()
                .filter(|p| p.date <= day)
                .cloned()
                .collect(),
            voids: self
                .voids
                .iter()
                .filter(|v| v.date <= day)
                .cloned()
                .collect(),
            // Those taken back after it stood then.
            used_up: self
                .used_up
                .iter()
                .chain(
                    self.taken_back
                        .iter()
                        .filter(|t| t.date > day)
                        .map(|t| &t.used_up),
                )
                .filter(|u| u.date <= day)
                .cloned()
                .collect(),
            taken_back: vec![],
        }
    }
}

impl Pad {
    /// The version of its form it was printed at, when that is not
    /// `current`, the form's version now: its print is then kept as it was.
    pub fn earlier_version(&self, current: &str) -> Option<&str> {
        self.version.as_deref().filter(|&v| v != current)
    }

    /// The serial numbers of its sheets, in order.
    pub fn serials(&self) -> Vec<String> {
        // None of a pad longer than one may be (an error of `check`): a
        // serial typed for a count would be billions of numbers.
        if u64::from(self.last.saturating_sub(self.first)) >= MAX_PAD_SHEETS as u64 {
            return vec![];
        }
        match Format::parse(&self.format) {
            Ok(format) => (self.first..=self.last)
                .map(|n| format.write(self.year, n))
                .collect(),
            Err(_) => vec![],
        }
    }

    /// The highest counter its format writes, when its `last` is past it:
    /// a serial typed for `last`, or a format narrowed by hand.
    pub fn past_its_counter(&self) -> Option<u32> {
        let capacity = Format::parse(&self.format).ok()?.capacity();
        (self.last > capacity).then_some(capacity)
    }

    /// Its first and last serial numbers.
    pub fn range(&self) -> (String, String) {
        let format = Format::parse(&self.format).ok();
        let write = |n: u32| {
            format
                .as_ref()
                .map_or(n.to_string(), |f| f.write(self.year, n))
        };
        (write(self.first), write(self.last))
    }
}

/// A sheet declared void.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Void {
    /// Its serial number.
    pub serial: String,
    /// Why.
    pub reason: String,
    /// When.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who recorded it.
    pub by: String,
}

/// A pad recorded as used up: every number of it not voided was used, as
/// when its last sheet was filled in, so it has no blank sheet to withdraw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UsedUp {
    /// The pad's first serial number, as printed.
    pub pad: String,
    /// When.
    #[serde(deserialize_with = "crate::model::day::deserialize")]
    pub date: NaiveDate,
    /// Who recorded it.
    pub by: String,
}

/// The path of a form's ledger, relative to the set's root.
pub fn path(form: &str) -> String {
    format!("data/ledgers/{form}.yaml")
}

impl Ledger {
    /// The next counter for a pad reserved in `year`.
    pub fn next(&self, restart: Restart, year: i32) -> u32 {
        self.pads
            .iter()
            .filter(|p| restart == Restart::Never || p.year == year)
            .map(|p| p.last)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Tells whether a serial number was printed on some pad.
    pub fn issued(&self, serial: &str) -> bool {
        self.pads
            .iter()
            .any(|p| p.serials().iter().any(|s| s == serial))
    }

    /// How many of `pad`'s numbers are void, and how many it has.
    pub fn voided_on(&self, pad: &Pad) -> (usize, usize) {
        let numbers: HashSet<String> = pad.serials().into_iter().collect();
        let void: HashSet<&str> = self
            .voids
            .iter()
            .map(|v| v.serial.as_str())
            .filter(|s| numbers.contains(*s))
            .collect();
        (void.len(), numbers.len())
    }

    /// Whether `pad` is taken as withdrawn: its last sheet is void, or it
    /// is recorded as used up. Sheets are used in order, so its numbers not
    /// voided are those used.
    pub fn withdrawn(&self, pad: &Pad) -> bool {
        self.used_up_on(pad).is_some() || self.last_void(pad)
    }

    /// Whether the last sheet of `pad` is void.
    pub fn last_void(&self, pad: &Pad) -> bool {
        pad.serials()
            .last()
            .is_some_and(|last| self.voids.iter().any(|v| &v.serial == last))
    }

    /// The record of `pad` as used up, if there is one.
    pub fn used_up_on(&self, pad: &Pad) -> Option<&UsedUp> {
        let (first, _) = pad.range();
        self.used_up.iter().find(|u| u.pad == first)
    }

    /// The pad that printed `serial`.
    pub fn pad_of(&self, serial: &str) -> Option<&Pad> {
        self.pads
            .iter()
            .find(|p| p.serials().iter().any(|s| s == serial))
    }

    /// The serial number printed on some pad that `typed` is but for the
    /// case of its letters, as `ch202700018` is of `CH202700018`.
    fn printed_as(&self, typed: &str) -> Option<String> {
        self.pads
            .iter()
            .flat_map(Pad::serials)
            .find(|s| s != typed && s.eq_ignore_ascii_case(typed))
    }

    /// The numbers printed on its pads, for a hint to a number typed that
    /// none holds: each pad's first to last, of the last three pads.
    fn printed_said(&self) -> String {
        const MOST: usize = 3;
        let said: Vec<String> = self.pads[self.pads.len().saturating_sub(MOST)..]
            .iter()
            .map(|pad| {
                let (first, last) = pad.range();
                format!("`{}`", crate::audit::serial_run(&first, &last, "` to `"))
            })
            .collect();
        let of = match self.pads.len() {
            n if n > MOST => format!(" (the last {MOST} of {n} pads)"),
            _ => String::new(),
        };
        match said.is_empty() {
            true => "no pad of it is recorded as printed".into(),
            false => format!("the numbers printed are {}{of}", said.join(", ")),
        }
    }

    /// The hint to a number typed for `form` that no pad holds, on a line
    /// of its own.
    fn unprinted_hint(&self, form: &str) -> String {
        match self.pads.is_empty() {
            true => format!(
                "\nhint: no pad of it is recorded as printed: `ctrldoc serial {form} --count N` prints one"
            ),
            false => format!(
                "\nhint: {}; check the number against the sheet (pads are recorded in `{}`)",
                self.printed_said(),
                path(form)
            ),
        }
    }

    /// Problems with the ledger, each with the entry it is in: overlapping
    /// pads, voids of numbers never printed or voided twice.
    pub fn problems(&self, restart: Restart) -> Vec<LedgerProblem> {
        let mut out = vec![];
        const REUSED: &str =
            "a number, voided or not, is issued once; pads are recorded by `ctrldoc serial`";
        let problem = |list, entry, text| LedgerProblem {
            list,
            entry,
            key: if list == "pads" { "first" } else { "serial" },
            earlier: None,
            text,
            hint: REUSED.to_owned(),
        };
        for (i, a) in self.pads.iter().enumerate() {
            if a.first == 0 || a.first > a.last {
                out.push(LedgerProblem {
                    // A `last` of 0 is the number that cannot be right.
                    key: if a.first > 0 && a.last == 0 {
                        "last"
                    } else {
                        "first"
                    },
                    hint: "a pad's `first` is 1 or more, and no more than its `last`".into(),
                    ..problem(
                        "pads",
                        i,
                        format!("pad {} runs from {} to {}", i + 1, a.first, a.last),
                    )
                });
            }
            let printed = chrono::Datelike::year(&a.date);
            if a.year != printed {
                out.push(LedgerProblem {
                    key: "year",
                    hint: "`serial` counts a pad in the year it is printed; put back the `year` or `date` that was edited".into(),
                    ..problem(
                        "pads",
                        i,
                        format!(
                            "pad {} counts in the year {} but was printed on {}",
                            i + 1,
                            a.year,
                            a.date
                        ),
                    )
                });
            }
            if let Err(err) = Format::parse(&a.format) {
                out.push(LedgerProblem {
                    key: "format",
                    ..problem("pads", i, format!("pad {} has a bad format: {err}", i + 1))
                });
            }
            for (j, b) in self.pads.iter().enumerate().skip(i + 1) {
                let same_count = restart == Restart::Never || a.year == b.year;
                if same_count && a.first <= b.last && b.first <= a.last {
                    let (a_first, a_last) = a.range();
                    let (b_first, b_last) = b.range();
                    // Numbered from 1 in years of their own, as a yearly
                    // counter numbers them: the rule was changed since.
                    let hint = (restart == Restart::Never && a.year != b.year).then(|| {
                        format!(
                            "pads {} and {}, of {} and {}, clash only because the form says `restart: never`, which counts on across years: was it changed after they were reserved? The pads a ledger records are checked by the rule the form has now; if it said `restart: yearly` then, put that back",
                            i + 1,
                            j + 1,
                            a.year,
                            b.year
                        )
                    });
                    out.push(LedgerProblem {
                        earlier: Some(i),
                        hint: hint.unwrap_or_else(|| REUSED.to_owned()),
                        ..problem(
                            "pads",
                            j,
                            format!(
                                "pads {} ({a_first}–{a_last}) and {} ({b_first}–{b_last}) share numbers",
                                i + 1,
                                j + 1
                            ),
                        )
                    });
                }
            }
        }
        // Every number printed, written once: a ledger of a thousand pads
        // of fifty and three thousand voids took a second to check when
        // each void wrote every number again.
        // With the day its pad was printed, and the pad.
        let mut printed: HashMap<String, NaiveDate> = HashMap::new();
        let mut printed_by: HashMap<String, usize> = HashMap::new();
        let clashing: HashSet<usize> = out
            .iter()
            .filter(|p| p.list == "pads" && p.earlier.is_some())
            .map(|p| p.entry)
            .collect();
        for (j, pad) in self.pads.iter().enumerate() {
            let mut said = false;
            for serial in pad.serials() {
                // Pads whose counters overlap are said above; those of
                // formats written otherwise may print alike too.
                if let Some(&i) = printed_by.get(&serial)
                    && i != j
                    && !said
                    && !clashing.contains(&j)
                {
                    said = true;
                    out.push(LedgerProblem {
                        earlier: Some(i),
                        ..problem(
                            "pads",
                            j,
                            format!(
                                "pads {} and {} both print {serial}, in the formats `{}` and `{}`",
                                i + 1,
                                j + 1,
                                self.pads[i].format,
                                pad.format
                            ),
                        )
                    });
                }
                printed_by.entry(serial.clone()).or_insert(j);
                printed.entry(serial).or_insert(pad.date);
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, void) in self.voids.iter().enumerate() {
            if let Some(&first) = seen.get(void.serial.as_str()) {
                out.push(LedgerProblem {
                    earlier: Some(first),
                    ..problem("voids", i, format!("{} is voided twice", void.serial))
                });
            } else {
                seen.insert(&void.serial, i);
            }
            match printed.get(&void.serial) {
                None => out.push(LedgerProblem {
                    hint: match same_number(printed.keys(), &void.serial).or_else(|| {
                        printed
                            .keys()
                            .find(|p| p.eq_ignore_ascii_case(&void.serial))
                            .map(String::as_str)
                    }) {
                        Some(meant) => format!("did you mean `{meant}`?"),
                        None => format!(
                            "only a number of a pad in this ledger can be voided, and {}; check the serial against the sheet",
                            self.printed_said()
                        ),
                    },
                    ..problem(
                        "voids",
                        i,
                        format!("{} is voided but was never printed", void.serial),
                    )
                }),
                Some(&on) if void.date < on => out.push(problem(
                    "voids",
                    i,
                    format!(
                        "{} is voided on {}, before its pad was printed on {on}",
                        void.serial, void.date
                    ),
                )),
                Some(_) => {}
            }
        }
        let mut recorded: HashMap<&str, usize> = HashMap::new();
        for (i, used) in self.used_up.iter().enumerate() {
            let problem = |key, text: String, hint: String| LedgerProblem {
                list: "used_up",
                entry: i,
                key,
                earlier: None,
                text,
                hint,
            };
            if let Some(&first) = recorded.get(used.pad.as_str()) {
                out.push(LedgerProblem {
                    earlier: Some(first),
                    ..problem(
                        "pad",
                        format!("the pad of {} is recorded as used up twice", used.pad),
                        "a pad is recorded as used up once; take out the second record".into(),
                    )
                });
                continue;
            }
            recorded.insert(&used.pad, i);
            let Some(pad) = self.pads.iter().find(|p| p.range().0 == used.pad) else {
                let hint = match self.pad_of(&used.pad) {
                    Some(pad) => {
                        let (first, last) = pad.range();
                        format!(
                            "`{}` is on the pad {first} to {last}: a pad is named by its first number, `{first}`",
                            used.pad
                        )
                    }
                    None => match same_number(printed.keys(), &used.pad) {
                        Some(meant) => format!("did you mean `{meant}`?"),
                        None => "name the pad by its first number, as printed; the pads are listed under `pads:`".into(),
                    },
                };
                out.push(problem(
                    "pad",
                    format!(
                        "{} is recorded as used up, but no pad begins with it",
                        used.pad
                    ),
                    hint,
                ));
                continue;
            };
            if self.last_void(pad) {
                let (_, last) = pad.range();
                out.push(problem(
                    "pad",
                    format!(
                        "the pad of {} is recorded as used up, but its last sheet, {last}, is void",
                        used.pad
                    ),
                    "a pad is used up when its last sheet was used: if it was, take out its void; else take out this record, as the void of its last sheet closes the pad".into(),
                ));
            }
            let serials: HashSet<String> = pad.serials().into_iter().collect();
            if let Some(void) = self
                .voids
                .iter()
                .find(|v| v.date > used.date && serials.contains(&v.serial))
            {
                out.push(problem(
                    "pad",
                    format!(
                        "the pad of {} is recorded as used up on {}, but {} of it is voided after, on {}",
                        used.pad, used.date, void.serial, void.date
                    ),
                    "a pad used up has no sheet left to void: a sheet spoilt is voided before its pad is recorded used up; correct the one that is wrong".into(),
                ));
            }
            if used.date < pad.date {
                out.push(problem(
                    "date",
                    format!(
                        "the pad of {} is recorded as used up on {}, before it was printed on {}",
                        used.pad, used.date, pad.date
                    ),
                    "correct the date: a pad is used up after it is printed".into(),
                ));
            }
            // Recorded again before its earlier record was taken back.
            if let Some(back) = self
                .taken_back
                .iter()
                .find(|t| t.used_up.pad == used.pad && used.date < t.date)
            {
                out.push(problem(
                    "date",
                    format!(
                        "the pad of {} is recorded as used up on {}, before its earlier record was taken back on {}",
                        used.pad, used.date, back.date
                    ),
                    "a pad is recorded used up again on or after the day its record was taken back: correct the date".into(),
                ));
            }
        }
        for (i, back) in self.taken_back.iter().enumerate() {
            let problem = |key, text: String, hint: &str| LedgerProblem {
                list: "taken_back",
                entry: i,
                key,
                earlier: None,
                text,
                hint: hint.to_owned(),
            };
            let pad = &back.used_up.pad;
            if !self.pads.iter().any(|p| p.range().0 == *pad) {
                out.push(problem(
                    "pad",
                    format!("a record of {pad} as used up is taken back, but no pad begins with it"),
                    "`serial --used-up FIRST --mistaken` writes this record: take out one written by hand",
                ));
            } else if back.date < back.used_up.date {
                // Said at the record's pad: its own `date` is the second.
                out.push(problem(
                    "pad",
                    format!(
                        "the record of {pad} as used up, made on {}, is taken back on {}, before it was made",
                        back.used_up.date, back.date
                    ),
                    "correct the date: a record is taken back on or after its day",
                ));
            }
        }
        out
    }
}

/// The printed serial that `serial` means, written without its counter's
/// leading zeros (`TS26-2` for `TS26-0002`): the same text before the
/// counter, and the same number.
fn same_number<'a>(printed: impl Iterator<Item = &'a String>, serial: &str) -> Option<&'a str> {
    let wanted = split_counter(serial)?;
    let mut found = printed.filter(|p| split_counter(p) == Some(wanted));
    let first = found.next()?;
    // Two alike (a format changed between pads) say nothing.
    found.next().is_none().then_some(first.as_str())
}

/// A serial number's text before its counter, and the counter.
fn split_counter(serial: &str) -> Option<(&str, u64)> {
    let text = serial.trim_end_matches(|c: char| c.is_ascii_digit());
    Some((text, serial[text.len()..].parse().ok()?))
}

/// Something wrong in a ledger, and the entry it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerProblem {
    /// `pads`, `voids` or `used_up`.
    pub list: &'static str,
    /// The entry's place in that list, from 0.
    pub entry: usize,
    /// The key of the entry whose value is wrong, or that best shows it.
    pub key: &'static str,
    /// An earlier entry of the same list it clashes with.
    pub earlier: Option<usize>,
    /// What is wrong.
    pub text: String,
    /// What to do about it.
    pub hint: String,
}

/// Reads a ledger, or an empty one when there is none yet.
pub fn read(root: &Path, form: &str) -> Result<Ledger> {
    read_state(root, &path(form), || Ledger {
        form: form.to_owned(),
        ..Ledger::default()
    })
}

/// Writes a ledger atomically; the caller holds the [`StateLock`].
pub fn save(root: &Path, ledger: &Ledger, lock: &StateLock) -> Result<()> {
    let header = format!(
        "# Serial ledger of {} (流水号登记), kept by ctrldoc.\n\
         # Change it with `ctrldoc serial`; a number, voided or not, is never issued again.\n",
        ledger.form
    );
    save_state(root, &path(&ledger.form), &header, ledger, lock)
}

/// The most sheets (sets times parts) a pad reserved by `serial` may have:
/// a pad is laid out whole, and 1,000 sets of a form of four parts took
/// 4.8 GB of memory, its numbers recorded and the build then failing.
pub const MAX_PAD_SHEETS: usize = 1000;

/// Reserves the next `count` numbers of a form as one pad.
pub fn reserve(
    ledger: &mut Ledger,
    spec: &SerialSpec,
    count: u32,
    date: NaiveDate,
    holder: Option<String>,
    by: &str,
) -> Result<Pad> {
    let format = Format::parse(&spec.format).map_err(|e| anyhow::anyhow!(e))?;
    let year = chrono::Datelike::year(&date);
    let first = ledger.next(spec.restart, year);
    let Some(last) = first
        .checked_add(count - 1)
        .filter(|&l| l <= format.capacity())
    else {
        bail!(
            "the serial format `{}` holds counters up to {}, so {count} more from {} do not fit\nhint: widen the counter (`{{n:W}}`) in the form's `serial.format`",
            spec.format,
            format.capacity(),
            first
        );
    };
    let pad = Pad {
        year,
        first,
        last,
        format: spec.format.clone(),
        version: None,
        print: None,
        holder,
        department: None,
        date,
        by: by.to_owned(),
    };
    ledger.pads.push(pad.clone());
    Ok(pad)
}

/// The first of `pad`'s numbers that a pad of another form than `form`
/// printed, with that form: two forms of one format print the same numbers.
fn printed_by_another(
    set: &crate::loader::DocumentSet,
    form: &str,
    pad: &Pad,
) -> Option<(String, String)> {
    set.ledgers
        .iter()
        .map(|l| &l.value)
        .filter(|l| l.form != form)
        .find_map(|l| printed_again(&l.pads, pad).map(|(_, s)| (l.form.clone(), s)))
}

/// The first of `pad`'s numbers that one of `pads` printed, with that pad.
/// Formats written otherwise may print alike (`CH{year}{n:05}` and
/// `CH2025{n:05}`): the numbers are compared as printed.
fn printed_again<'a>(pads: &'a [Pad], pad: &Pad) -> Option<(&'a Pad, String)> {
    let ours: HashSet<String> = pad.serials().into_iter().collect();
    pads.iter()
        .find_map(|p| Some((p, p.serials().into_iter().find(|s| ours.contains(s))?)))
}

/// The version of its form each pad was printed at, which the build keeps
/// it as: by form number and first and last serials.
pub fn printed_versions(
    set: &crate::loader::DocumentSet,
) -> HashMap<(String, (String, String)), String> {
    let mut out = HashMap::new();
    for ledger in &set.ledgers {
        // A form taken out of `data/forms/`, kept in the archive, has its
        // pads' versions recorded (`serial` records each).
        let form = set.form(&ledger.value.form);
        for pad in &ledger.value.pads {
            let Some(version) = pad
                .version
                .as_deref()
                .or(form.map(|f| f.value.version.as_str()))
            else {
                continue;
            };
            out.insert((ledger.value.form.clone(), pad.range()), version.to_owned());
        }
    }
    out
}

/// The pads among `printed` that none of `ledgers` records, with their
/// first and last numbers.
fn unrecorded<'m>(
    ledgers: &[&Ledger],
    printed: impl Iterator<Item = &'m crate::write::Entry>,
) -> impl Iterator<Item = (&'m crate::write::Entry, (String, String))> {
    let recorded: HashSet<(&str, (String, String))> = ledgers
        .iter()
        .flat_map(|l| l.pads.iter().map(|p| (l.form.as_str(), p.range())))
        .collect();
    printed
        .filter_map(|e| Some((e, e.serials.clone()?)))
        .filter(move |(e, range)| !recorded.contains(&(e.number.as_str(), range.clone())))
}

/// A pad of the form `number` that `output/manifest.json` says was printed,
/// now or before, and the ledger does not record: a ledger lost, or put
/// back from an old backup, would otherwise number from there again.
fn unrecorded_pad(
    output: &Path,
    number: &str,
    ledger: &Ledger,
) -> Option<(String, String, &'static str)> {
    // And the pads in `output/` that it does not list say what was printed,
    // all of them with no manifest to read.
    crate::write::Manifest::printed_of(output, number)
        .iter()
        .find_map(|m| {
            let printed = m.outputs.iter().chain(&m.retired);
            unrecorded(&[ledger], printed.filter(|e| e.number == number))
                .next()
                .map(|(_, (first, last))| (first, last, m.where_said()))
        })
}

/// The pads the last build printed that no ledger records now (a ledger
/// deleted or edited by hand): their numbers were handed out, and a build
/// would drop their PDFs without a word.
pub fn unrecorded_pads(
    set: &crate::loader::DocumentSet,
    manifest: &crate::write::Manifest,
) -> Vec<crate::diagnostic::Diagnostic> {
    let ledgers: Vec<&Ledger> = set.ledgers.iter().map(|l| &l.value).collect();
    // A ledger that cannot be read is said as such, not as lost. Those it
    // retired count too: a pad of an earlier version may still be in use.
    let printed = manifest
        .outputs
        .iter()
        .chain(&manifest.retired)
        .filter(|e| !set.unreadable.contains(&set.name(&path(&e.number))));
    let mut said = HashSet::new();
    let lost: Vec<_> = unrecorded(&ledgers, printed)
        .filter(|(e, range)| said.insert((e.number.clone(), range.clone())))
        .collect();
    // The pads a ledger records that no build printed: one of them is most
    // likely a lost pad with its numbers edited by hand.
    let printed: HashSet<(&str, &(String, String))> = manifest
        .outputs
        .iter()
        .chain(&manifest.retired)
        .filter_map(|m| Some((m.number.as_str(), m.serials.as_ref()?)))
        .collect();
    let never = |form: &str| -> Vec<(usize, &Pad)> {
        ledgers
            .iter()
            .filter(|l| l.form == form)
            .flat_map(|l| l.pads.iter().enumerate())
            .filter(|(_, p)| !printed.contains(&(form, &p.range())))
            .collect()
    };
    lost.iter()
        .map(|(e, (first, last))| {
            let (printed, then) = match manifest.found {
                true => (
                    format!("is in `output/` (`{}`)", e.path),
                    "would be handed out again; if this PDF is not this set's, remove it",
                ),
                false => (
                    "was printed, as `output/manifest.json` records".to_owned(),
                    "a build would drop its PDF; if this `output/` came from another set, remove it",
                ),
            };
            let restore = format!("restore the ledger from a backup or version control: the pad's numbers were handed out, and {then}");
            let said = crate::diagnostic::Diagnostic::error(format!(
                "the pad {first} to {last} of `{}` {printed}, but `{}` does not record it",
                e.number,
                path(&e.number)
            ));
            // The one that shares its first or last number, or the only one
            // when only one pad of the form is lost.
            let never = never(&e.number);
            let lost_of_form = lost.iter().filter(|(l, _)| l.number == e.number).count();
            let edited = never
                .iter()
                .find(|(_, p)| {
                    let (a, b) = p.range();
                    a == *first || b == *last
                })
                .or(never.first().filter(|_| never.len() == 1 && lost_of_form == 1));
            match edited {
                Some((i, pad)) => {
                    let (a, b) = pad.range();
                    // Said at the pad that seems edited.
                    let name = set.name(&path(&e.number));
                    let edited_key = match (a == *first, b == *last) {
                        (true, false) => Some("last"),
                        (false, true) => Some("first"),
                        _ => None,
                    };
                    let span = set.sources.get(&name).and_then(|text| {
                        let item = crate::locate::list_item(text, "pads", *i)?;
                        Some(
                            edited_key
                                .and_then(|key| crate::locate::in_item(text, &item, key))
                                .unwrap_or(item),
                        )
                    });
                    let said = match span {
                        Some(span) => said.at(name, span),
                        None => said,
                    };
                    said.hint(format!(
                        "the ledger's pad {}, {a} to {b}, was never printed: if it is this pad with its `year`, `first`, `last` or `format` edited, put back what was printed, {first} to {last}; else {restore}",
                        i + 1
                    ))
                }
                None => said.hint(restore),
            }
        })
        .chain(changed_pads(set, manifest))
        .collect()
}

/// The pads the last build printed at one version of their form that the
/// ledger now records at another (its `version:` edited or deleted by
/// hand): the next build would print their numbers again at that version,
/// and two papers would carry them.
fn changed_pads(
    set: &crate::loader::DocumentSet,
    manifest: &crate::write::Manifest,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out = vec![];
    for entry in &manifest.outputs {
        let Some(range) = &entry.serials else {
            continue;
        };
        let (Some(loaded), Some(form)) = (
            set.ledgers.iter().find(|l| l.value.form == entry.number),
            set.form(&entry.number),
        ) else {
            continue;
        };
        let Some((index, pad)) = loaded
            .value
            .pads
            .iter()
            .enumerate()
            .find(|(_, p)| p.range() == *range)
        else {
            continue;
        };
        let current = form.value.version.as_str();
        let recorded = pad.version.as_deref().unwrap_or(current);
        // Recorded at an earlier version than printed: its print was lost,
        // and printed again at the version in force, with a warning; the
        // ledger keeps the version its numbers were first printed at.
        if entry.version.is_empty() || entry.version == recorded || recorded != current {
            continue;
        }
        let text = set.located(&loaded.path);
        let at = crate::locate::list_item(text, "pads", index)
            .and_then(|item| crate::locate::in_item(text, &item, "version").or(Some(item)))
            .unwrap_or_else(|| crate::locate::key_or_start(text, &["pads"]));
        let (first, last) = range;
        out.push(
            crate::diagnostic::Diagnostic::error_in(
                &loaded.path,
                text,
                at,
                &format!(
                    "the pad {first} to {last} of `{}` was printed at {} (`{}`), but `{}` now records it at {recorded}",
                    entry.number, entry.version, entry.path, loaded.path
                ),
            )
            .hint(format!(
                "a pad stays what it was printed as: record it at {} (`version: {}`); its numbers are never printed again at another version",
                entry.version, entry.version
            )),
        );
    }
    // Found in the ledger as read, said where it stands as written.
    set.unmend(&mut out);
    out
}

/// Numbers of a ledger voided as one: in a row on one pad, with the same
/// reason, date and recorder, as `--void FIRST --to LAST` records them.
#[derive(Debug, Clone, Copy)]
pub struct VoidRun<'a> {
    pub first: &'a str,
    pub last: &'a str,
    /// The first's void.
    pub void: &'a Void,
    /// Where the first's void stands in `voids:`, from 0.
    pub entry: usize,
    /// How many numbers, each an entry of `voids:`.
    pub count: usize,
}

impl VoidRun<'_> {
    /// Its numbers as a diagnostic names them, in English and in Chinese
    /// (a space before what follows), with how many entries a run of more
    /// than one is: `CH202500005 to CH202500010 (6 entries)`,
    /// `CH202500005 至 CH202500010（共 6 条）`.
    pub fn said(&self) -> (String, String) {
        let numbers = |to| crate::audit::serial_run(self.first, self.last, to);
        match self.count {
            1 => (self.first.to_owned(), format!("{} ", self.first)),
            n => (
                format!("{} ({n} entries)", numbers(" to ")),
                format!("{}（共 {n} 条）", numbers(" 至 ")),
            ),
        }
    }
}

/// The voids of a ledger in runs, in the order their numbers were printed.
pub fn void_runs(ledger: &Ledger) -> Vec<VoidRun<'_>> {
    // Where a number was printed: its pad, and its place on it.
    type Place = (usize, usize);
    let printed: HashMap<String, Place> = ledger
        .pads
        .iter()
        .enumerate()
        .flat_map(|(p, pad)| {
            pad.serials()
                .into_iter()
                .enumerate()
                .map(move |(i, s)| (s, (p, i)))
        })
        .collect();
    let mut voids: Vec<(Option<Place>, usize, &Void)> = ledger
        .voids
        .iter()
        .enumerate()
        .map(|(n, v)| (printed.get(&v.serial).copied(), n, v))
        .collect();
    // One never printed (an error `check` reports) goes last, as recorded.
    voids.sort_by_key(|(at, _, _)| at.map_or((1, 0, 0), |(p, i)| (0, p, i)));
    let mut runs: Vec<(VoidRun, Option<Place>)> = vec![];
    for (at, entry, void) in voids {
        if let Some((run, run_at)) = runs.last_mut()
            && let (Some((p, i)), Some((q, j))) = (at, *run_at)
            && p == q
            && i == j + 1
            && void.reason == run.void.reason
            && void.date == run.void.date
            && void.by == run.void.by
        {
            run.last = &void.serial;
            run.count += 1;
            *run_at = at;
            continue;
        }
        let run = VoidRun {
            first: &void.serial,
            last: &void.serial,
            void,
            entry,
            count: 1,
        };
        runs.push((run, at));
    }
    runs.into_iter().map(|(run, _)| run).collect()
}

/// The hint for a number typed otherwise than `printed`, as printed.
fn case_hint(printed: &str) -> String {
    format!("\nhint: `{printed}` was printed; a number is voided as it is printed")
}

/// The serial numbers from `first` to `last`, both on one pad of the
/// ledger, in the order they were printed.
fn run_of_sheets(ledger: &Ledger, first: &str, last: &str) -> Result<Vec<String>> {
    let pad = ledger
        .pads
        .iter()
        .map(Pad::serials)
        .find(|serials| serials.iter().any(|s| s == first))
        .unwrap_or_default();
    let at = |serial: &str| pad.iter().position(|s| s == serial);
    let (Some(from), Some(to)) = (at(first), at(last)) else {
        let (on_first, on_last) = (pad.first(), pad.last());
        // The number as printed may be on another pad still.
        let apart = "\nhint: void the sheets of each pad apart, `--void FIRST --to LAST`";
        let hint = match ledger.printed_as(last) {
            Some(printed) if at(&printed).is_some() => case_hint(&printed),
            Some(printed) => format!("{}{apart}", case_hint(&printed)),
            None => apart.to_owned(),
        };
        bail!(
            "`{last}` is not on the pad of `{first}` ({} to {}), so nothing was voided{hint}",
            on_first.map_or("", String::as_str),
            on_last.map_or("", String::as_str)
        );
    };
    if to < from {
        bail!(
            "`{last}` comes before `{first}` on its pad, so nothing was voided\nhint: give the lower number to `--void` and the higher to `--to`"
        );
    }
    Ok(pad[from..=to].to_vec())
}

/// Records the pad that begins with `serial` as used up, and says so.
fn used_up(
    ledger: &mut Ledger,
    form: &str,
    serial: &str,
    (date, by): (NaiveDate, &str),
    withdrawn: Option<&crate::archive::Withdrawn<'_>>,
) -> Result<String> {
    let Some(pad) = ledger.pad_of(serial) else {
        let hint = match ledger.printed_as(serial) {
            Some(printed) => format!("\nhint: `{printed}` was printed; a pad is named as printed"),
            None => ledger.unprinted_hint(form),
        };
        bail!("`{serial}` was never printed on a pad of `{form}`, so nothing was recorded{hint}");
    };
    let (first, last) = pad.range();
    if first != serial {
        let next = pad.serials().into_iter().skip_while(|s| s != serial).nth(1);
        let rest = match next {
            Some(next) => format!(
                "; if the sheets after it were not used, void them: `ctrldoc serial {form} --void {next} --to {last} --reason …`"
            ),
            None => String::new(),
        };
        bail!(
            "`{serial}` is not the first number of its pad, {first} to {last}, so nothing was recorded\nhint: name the pad by its first number, `--used-up {first}`{rest}"
        );
    }
    if let Some(used) = ledger.used_up_on(pad) {
        bail!(
            "the pad {first} to {last} was recorded as used up on {} by {}, so nothing was recorded",
            used.date,
            used.by
        );
    }
    // Nor before its earlier record was taken back.
    if let Some(back) = ledger
        .taken_back
        .iter()
        .filter(|t| t.used_up.pad == first)
        .max_by_key(|t| t.date)
        .filter(|t| date < t.date)
    {
        bail!(
            "the record of the pad {first} to {last} as used up was taken back on {}, after {date}, so nothing was recorded\nhint: date it on or after {}",
            back.date,
            back.date
        );
    }
    if ledger.withdrawn(pad) {
        bail!(
            "the last sheet of the pad {first} to {last}, {last}, is void, so the pad is taken as withdrawn already and nothing was recorded\nhint: its numbers not voided are taken as used"
        );
    }
    if date < pad.date {
        bail!(
            "the pad {first} to {last} was printed on {}, after {date}, so nothing was recorded\nhint: date it on or after {}",
            pad.date,
            pad.date
        );
    }
    // None of a pad printed after its form was withdrawn was for use.
    if let Some(w) = withdrawn.filter(|w| pad.date > w.day) {
        bail!(
            "the pad {first} to {last} was printed on {}, after {}, so none of its sheets was for use, and nothing was recorded\nhint: void its sheets: `ctrldoc serial {form} --void {first} --to {last} --reason …`",
            pad.date,
            w.said()
        );
    }
    let (void, numbers) = ledger.voided_on(pad);
    ledger.used_up.push(UsedUp {
        pad: first.clone(),
        date,
        by: by.to_owned(),
    });
    let used = match numbers - void {
        _ if void == 0 => "all its numbers were used".to_owned(),
        1 => "its one number not voided was used".to_owned(),
        n => format!("its {n} numbers not voided were used"),
    };
    Ok(format!(
        "recorded the pad {first} to {last} of {form} as used up: {used} (recorded in `{}`)",
        path(form)
    ))
}

/// Takes back the record of the pad that begins with `serial` as used up,
/// made by mistake: its sheets not voided are blank again.
fn not_used_up(
    ledger: &mut Ledger,
    form: &str,
    serial: &str,
    (date, by): (NaiveDate, &str),
) -> Result<String> {
    let Some(pad) = ledger.pad_of(serial) else {
        bail!(
            "`{serial}` was never printed on a pad of `{form}`, so nothing was taken back{}",
            ledger.unprinted_hint(form)
        );
    };
    let (first, last) = pad.range();
    if first != serial {
        bail!(
            "`{serial}` is not the first number of its pad, {first} to {last}, so nothing was taken back\nhint: name the pad by its first number, `--used-up {first} --mistaken`"
        );
    }
    let Some(at) = ledger.used_up.iter().position(|u| u.pad == first) else {
        bail!("the pad {first} to {last} is not recorded as used up, so nothing was taken back");
    };
    if date < ledger.used_up[at].date {
        bail!(
            "the pad {first} to {last} was recorded as used up on {}, after {date}, so nothing was taken back\nhint: a record is taken back on or after its day",
            ledger.used_up[at].date
        );
    }
    let record = ledger.used_up.remove(at);
    let said = format!(
        "took back the record of the pad {first} to {last} of {form} as used up, made on {} by {}: its sheets not voided are blank again (recorded in `{}`)",
        record.date,
        record.by,
        path(form)
    );
    ledger.taken_back.push(TakenBack {
        used_up: record,
        date,
        by: by.to_owned(),
    });
    Ok(said)
}

/// How a form not pre-numbered comes to be, as a hint that works when
/// followed: a form a document binds is numbered by a revision of it,
/// its pads printed once that revision takes effect; the version in use,
/// `form`, may be kept by a snapshot, which is not edited.
fn unnumbered_hint(
    history: &crate::archive::History,
    from_snapshots: &BTreeMap<String, (&crate::loader::DocumentSet, usize)>,
    form: &crate::loader::Loaded<crate::model::Form>,
    number: &str,
) -> String {
    let set = &history.set;
    let add = "add `serial: { format: \"…{n:05}\" }`";
    // The working version of a document that binds it, being revised
    // (a draft, or approved for a later day), or in force: one with a
    // version in force before a new document's draft.
    let names = |d: &crate::model::Document| {
        crate::validate::referenced_forms(d)
            .iter()
            .any(|n| n == number)
    };
    let binders: Vec<&crate::model::Document> = set
        .documents
        .iter()
        .map(|d| &d.value)
        .filter(|d| names(d))
        .collect();
    let in_force = |d: &crate::model::Document| history.current(d.number.as_str()).is_some();
    let binder = binders
        .iter()
        .find(|d| in_force(d))
        .or(binders.first())
        .copied();
    let working = set.form(number);
    // The version in force of a document whose revision names it no more.
    let dropping = || {
        set.documents.iter().find_map(|d| {
            let (kept, current) = history.current(d.value.number.as_str())?;
            (!std::ptr::eq(kept, set) && names(&current.value)).then_some(&d.value.number)
        })
    };
    let Some(doc) = binder.filter(|d| in_force(d) || crate::archive::approved(d)) else {
        // Dropped by a revision, with its file taken out or not.
        let dropped = from_snapshots
            .get(number)
            .and_then(|(kept, _)| kept.documents.first())
            .map(|d| &d.value.number)
            .or_else(|| dropping().filter(|_| binder.is_none()));
        if let Some(document) = dropped {
            let which = set
                .documents
                .iter()
                .find(|w| w.value.number == *document)
                .and_then(|w| {
                    let day = crate::archive::pending(&w.value, history.today)?;
                    Some(format!(
                        "{document} {}, approved to take effect on {day},",
                        w.value.version
                    ))
                })
                .unwrap_or_else(|| format!("the open revision of {document}"));
            return format!(
                "{which} drops it, and the version in use, kept in `{}`, has no numbers to print",
                from_snapshots
                    .get(number)
                    .map_or(form.path.as_str(), |&(kept, index)| kept.forms[index]
                        .path
                        .as_str())
            );
        }
        // Named by drafts of new documents alone, it is not in use yet.
        return format!("{add} to `{}`", form.path);
    };
    let (document, next) = (&doc.number, &doc.version);
    let revised = working.filter(|w| w.value.version != form.value.version);
    match crate::archive::pending(doc, history.today) {
        // Approved for a later day: the change waits for the next revision.
        Some(day) if revised.is_some_and(|w| w.value.serial.is_some()) => format!(
            "{document} {next}, approved to take effect on {day}, numbers it: its pads are printed from {day}"
        ),
        Some(day) => format!(
            "{document} {next} is approved to take effect on {day}: once it has, a revision of it numbers the form (`ctrldoc revise {document} --summary TEXT`, then `ctrldoc revise {number} --summary TEXT`, and {add} to `{}`)",
            working.map_or(form.path.as_str(), |w| w.path.as_str())
        ),
        // A draft: the revision open numbers it.
        None if !crate::archive::approved(doc) => match revised {
            Some(w) if w.value.serial.is_some() => format!(
                "its next version {}, numbered, comes into use when {document} {next}, being revised, takes effect: its pads are printed from then",
                w.value.version
            ),
            Some(w) => format!(
                "{add} to `{}`, its next version {}, revised with {document} {next}; its pads are printed once that revision takes effect",
                w.path, w.value.version
            ),
            None => format!(
                "number it in the open revision {document} {next}: record the form's next version with `ctrldoc revise {number} --summary TEXT`, then {add} to `{}`; its pads are printed once that revision takes effect",
                working.map_or(form.path.as_str(), |w| w.path.as_str())
            ),
        },
        // In force: a revision of the document numbers it.
        None => format!(
            "a numbered form prints otherwise, so it is numbered by a revision of the document that binds it: open one with `ctrldoc revise {document} --summary TEXT`, record the form's next version with `ctrldoc revise {number} --summary TEXT`, and {add} to `{}`; its pads are printed once that revision takes effect",
            form.path
        ),
    }
}

/// What brings a form withdrawn back into use, as a hint: the version of a
/// document that names it again, or how to write one.
fn coming_back(
    history: &crate::archive::History,
    withdrawn: &crate::archive::Withdrawn<'_>,
    number: &str,
) -> String {
    let set = &history.set;
    let again = set.documents.iter().map(|d| &d.value).find(|d| {
        crate::validate::referenced_forms(d)
            .iter()
            .any(|n| n == number)
    });
    match again {
        Some(doc) => match crate::archive::pending(doc, history.today) {
            Some(day) => format!(
                "{} {} names it again: it is in use again, its pads printed, from {day}, when that version takes effect",
                doc.number, doc.version
            ),
            None => format!(
                "{} {} names it again: it is in use again, its pads printed, once that version is approved and takes effect",
                doc.number, doc.version
            ),
        },
        None => format!(
            "a withdrawn form is printed no more; to bring it back, name it in a revision of {}, the document that bound it: {{{{ form(\"{number}\") }}}}",
            withdrawn.document
        ),
    }
}

/// `ctrldoc serial`: reserves and prints a pad, or voids a sheet.
pub fn command(
    config: &crate::config::Config,
    args: &crate::cli::SerialArgs,
) -> Result<std::process::ExitCode> {
    use crate::issue::{clerk, department_of, holder, refuse, today};
    let lock = StateLock::take(&config.root)?;
    let (history, diagnostics) = crate::archive::load(&config.root, config.today())?;
    let set = &history.set;
    // While a revision of a document that binds it is open, the version in
    // use is the one the snapshot of the version in force keeps, taken out
    // of `data/forms/` or not.
    let from_snapshots = history.forms_from_snapshots();
    let kept = from_snapshots
        .get(args.form.as_str())
        .map(|&(kept, index)| &kept.forms[index]);
    // A form withdrawn is as it was last in use: its numbers are voided
    // still, and none are reserved after its day.
    let withdrawn = history.withdrawn();
    let withdrawn = withdrawn.get(args.form.as_str());
    let Some(form) = kept
        .or_else(|| withdrawn.map(|w| w.form()))
        .or_else(|| set.form(&args.form))
    else {
        // A form whose file could not be read is not in the set: its errors
        // say why, not that there is no such form.
        if let Some(code) = refuse(&history, &diagnostics, "nothing was recorded") {
            return Ok(code);
        }
        let numbered: Vec<&str> = set
            .forms
            .iter()
            .filter(|f| f.value.serial.is_some())
            .map(|f| f.value.number.as_str())
            .collect();
        let near = crate::diagnostic::did_you_mean(
            &args.form,
            set.forms.iter().map(|f| f.value.number.as_str()),
        )
        .map_or(String::new(), |near| format!("did you mean `{near}`? "));
        bail!(
            "no form is numbered `{}`\nhint: {near}the pre-numbered forms are {}",
            args.form,
            if numbered.is_empty() {
                "none yet: give a form `serial: { format: … }`".to_owned()
            } else {
                numbered.join(", ")
            }
        );
    };
    if let Some(code) = refuse(&history, &diagnostics, "nothing was recorded") {
        return Ok(code);
    }
    let date = today(config, args.date)?;
    // From the day it is withdrawn, none of its numbers is reserved: they
    // are voided still. One not pre-numbered has none.
    let reserving = args.count.is_some() && args.void.is_none();
    if let Some(w) = withdrawn.filter(|_| form.value.serial.is_none() || reserving) {
        bail!(
            "{}, so nothing was {}\nhint: {}",
            w.said(),
            if reserving { "reserved" } else { "recorded" },
            coming_back(&history, w, &args.form)
        );
    }
    let Some(spec) = &form.value.serial else {
        let hint = unnumbered_hint(&history, &from_snapshots, form, &args.form);
        bail!("form `{}` is not pre-numbered\nhint: {hint}", args.form);
    };
    let by = clerk(set, args.by.as_deref(), date)?;
    let mut ledger = read(&config.root, &args.form)?;
    if let Some((first, last, said)) = unrecorded_pad(&config.output, &args.form, &ledger) {
        bail!(
            "the pad {first} to {last} of `{}` was printed ({said}), but `{}` does not record it, so nothing was recorded\nhint: restore the ledger from a backup or version control: a number once printed is never issued again; if this `output/` came from another set, remove it",
            args.form,
            path(&args.form)
        );
    }
    let mut undo = Undo::new(&config.root);
    undo.file(&path(&args.form))?;
    let mut done = vec![];
    if let (Some(count), None) = (args.count, &args.void) {
        let parts = form.value.parts.len().max(1);
        let sheets = count as usize * parts;
        if sheets > MAX_PAD_SHEETS {
            bail!(
                "a pad of {count} sets{} is {sheets} sheets, more than the {MAX_PAD_SHEETS} one pad may have, so nothing was reserved\nhint: reserve it as several pads of {} sets or fewer: Typst lays a pad out whole, some 1.2 MB of memory a page",
                if parts > 1 {
                    format!(" of {parts} parts")
                } else {
                    String::new()
                },
                MAX_PAD_SHEETS / parts
            );
        }
        // A form only drafts name is not yet for use, as they are not.
        let row = crate::master_list::rows(&history, date)
            .into_iter()
            .find(|r| r.kind == "form" && r.number == form.value.number.as_str());
        // Nor one that comes into use with a version yet to take effect.
        if let Some(day) = row
            .as_ref()
            .filter(|r| r.status == "pending")
            .and_then(|r| r.next_effective.as_ref())
        {
            bail!(
                "`{}` comes into use on {day}, when the document version that binds it takes effect, so nothing was reserved\nhint: print its pads on or after {day}",
                args.form
            );
        }
        if row.is_some_and(|r| r.status == "draft") {
            let drafts: Vec<String> = set
                .documents
                .iter()
                .map(|d| &d.value)
                .filter(|d| {
                    !crate::archive::approved(d)
                        && crate::validate::referenced_forms(d)
                            .iter()
                            .any(|n| n == form.value.number.as_str())
                })
                .map(|d| format!("{} {}", d.number, d.version))
                .collect();
            if drafts.is_empty() {
                bail!(
                    "`{}` is named by no document, so no approval covers it: it is not yet for use, and nothing was reserved\nhint: name it in the text of the document that approves it (`{{{{ form(\"{}\") }}}}`, in a revision of one approved), and print its pads once that is approved",
                    args.form,
                    args.form
                );
            }
            bail!(
                "`{}` is named only by {}, a draft, so it is not yet for use, and nothing was reserved\nhint: print its pads once the document that binds it is approved (`ctrldoc approve {} --as …`)",
                args.form,
                drafts.join(" and "),
                drafts
                    .first()
                    .and_then(|d| d.split(' ').next())
                    .unwrap_or_default()
            );
        }
        if date < form.value.effective {
            bail!(
                "`{}` {} takes effect on {}, after {date}, so nothing was reserved\nhint: a pad is printed at the version in force on its day: date it on or after {}",
                args.form,
                form.value.version,
                form.value.effective,
                form.value.effective
            );
        }
        // Nor before it came into use with a document that binds it: the
        // version before was in use on that day.
        if let Some(&(_, since)) = history.forms_in_use().get(args.form.as_str())
            && date < since
        {
            bail!(
                "`{}` {} came into use on {since}, with the document version that binds it, after {date}, so nothing was reserved\nhint: a pad is printed at the version in use on its day: date it on or after {since}",
                args.form,
                form.value.version,
            );
        }
        // Nor while it was withdrawn, before it came back.
        if let Some(&(gone, back)) = history.came_back().get(args.form.as_str())
            && (gone..back).contains(&date)
        {
            bail!(
                "`{}` was withdrawn from {gone} until {back}, when a document version named it again, so nothing was reserved\nhint: a pad is printed while its form is in use: date it on or after {back}",
                args.form
            );
        }
        // Pads are numbered in the order they are printed.
        if let Some(last) = ledger.pads.iter().max_by_key(|p| p.date)
            && last.date > date
        {
            let (first, end) = last.range();
            bail!(
                "the pad {first} to {end} of `{}` was printed on {}, after {date}, so nothing was reserved\nhint: pads are numbered in the order they are printed: date this one on or after {}",
                args.form,
                last.date,
                last.date
            );
        }
        let holder = args
            .holder
            .as_deref()
            .map(|h| holder(set, h, date))
            .transpose()?;
        let pad = reserve(&mut ledger, spec, count, date, holder.clone(), &by)
            .with_context(|| format!("no numbers were reserved for `{}`", args.form))?;
        // Nor one another form has printed, as one renumbered, its format
        // kept, would print its old numbers again.
        if let Some((other, printed)) = printed_by_another(set, &args.form, &pad) {
            let (first, last) = pad.range();
            bail!(
                "{first} to {last} would print {printed} again, which a pad of `{other}` printed, so nothing was reserved\nhint: a number is printed once: give `{}` a format of its own in `{}` (it is `{}`), e.g. with a prefix of its own",
                args.form,
                form.path,
                spec.format
            );
        }
        // Nor one an earlier pad of its own printed in another format.
        if let Some((earlier, printed)) = printed_again(&ledger.pads[..ledger.pads.len() - 1], &pad)
        {
            let (first, last) = pad.range();
            let (from, to) = earlier.range();
            bail!(
                "{first} to {last} would print {printed} again, which the pad {from} to {to} of `{}` printed in the format `{}`, so nothing was reserved\nhint: a number is printed once: give `{}` back the format it had, or one that writes other numbers, in `{}` (it is `{}`)",
                args.form,
                earlier.format,
                args.form,
                form.path,
                spec.format
            );
        }
        if let Some(recorded) = ledger.pads.last_mut() {
            // Handed to a person, the department they are in, as a record.
            recorded.department = holder.as_deref().and_then(|h| department_of(set, h));
            recorded.version = Some(form.value.version.to_string());
            recorded.print = Some(crate::plan::form_text(&form.value));
        }
        save(&config.root, &ledger, &lock)?;
        let (first, last) = pad.range();
        // A set of a form in parts is a sheet a part, all with one number.
        let size = match parts {
            1 => crate::say::plural(count as usize, "sheet"),
            _ => format!(
                "{} of {parts} parts, {sheets} sheets",
                crate::say::plural(count as usize, "set")
            ),
        };
        done.push(format!(
            "reserved {first} to {last} ({size}) of {}{} (recorded in `{}`)",
            args.form,
            holder.map_or(String::new(), |h| format!(" for {h}")),
            path(&args.form)
        ));
        // Its sheets are for use until the day a revision withdraws it.
        if let Some(drop) = history.dropping().get(args.form.as_str())
            && let Some(day) = drop.day
        {
            done.push(format!(
                "note: `{}` is withdrawn on {day}, when {} {} takes effect without it: its sheets not used by then are void",
                args.form, drop.document, drop.by
            ));
        }
        // Nor at its version once the next comes into use with the
        // revision of the document that binds it.
        if let Some(&(kept, _)) = from_snapshots.get(args.form.as_str())
            && let Some(next) = set.form(&args.form).map(|f| &f.value.version)
            && next != &form.value.version
            && let Some(doc) = kept.documents.first().and_then(|d| {
                set.documents
                    .iter()
                    .find(|w| w.value.number == d.value.number)
            })
        {
            let (document, by) = (&doc.value.number, &doc.value.version);
            done.push(match crate::archive::pending(&doc.value, history.today) {
                Some(day) => format!(
                    "note: {} {next} comes into use on {day}, when {document} {by} takes effect: the sheets of this pad not used by then are obsolete",
                    args.form
                ),
                None => format!(
                    "note: {} {next} comes into use when {document} {by}, being revised, takes effect: the sheets of this pad not used by then are obsolete",
                    args.form
                ),
            });
        }
    } else if let (Some(serial), Some(reason)) = (&args.void, &args.reason) {
        if !ledger.issued(serial) {
            let hint = match ledger.printed_as(serial) {
                Some(printed) => case_hint(&printed),
                None => ledger.unprinted_hint(&args.form),
            };
            bail!(
                "`{serial}` was never printed on a pad of `{}`, so it cannot be voided{hint}",
                args.form,
            );
        }
        let sheets = match &args.to {
            None => vec![serial.clone()],
            Some(to) => run_of_sheets(&ledger, serial, to)?,
        };
        let (void, fresh): (Vec<&String>, Vec<&String>) = sheets
            .iter()
            .partition(|s| ledger.voids.iter().any(|v| &v.serial == *s));
        if fresh.is_empty() {
            match &args.to {
                None => {
                    let void = ledger.voids.iter().find(|v| &v.serial == serial);
                    bail!(
                        "`{serial}` is void already{}",
                        void.map_or(String::new(), |v| format!(
                            ", voided on {} by {} ({})",
                            v.date, v.by, v.reason
                        ))
                    )
                }
                Some(to) => bail!("every sheet from `{serial}` to `{to}` is void already"),
            }
        }
        // Nor one of a pad used up: its numbers were used.
        if let Some((pad, used)) = ledger
            .pad_of(serial)
            .and_then(|p| Some((p, ledger.used_up_on(p)?)))
        {
            let (first, last) = pad.range();
            bail!(
                "the pad {first} to {last} was recorded as used up on {} by {}: its numbers not voided were used, so nothing was voided\nhint: a sheet spoilt is voided before its pad is recorded used up; if that record is wrong, take it back with `ctrldoc serial {} --used-up {first} --mistaken`",
                used.date,
                used.by,
                args.form
            );
        }
        // A sheet is not void before its pad was printed.
        if let Some(pad) = ledger
            .pads
            .iter()
            .find(|p| p.date > date && fresh.iter().any(|s| p.serials().contains(s)))
        {
            let (first, last) = pad.range();
            bail!(
                "the pad {first} to {last} was printed on {}, after {date}, so nothing was voided\nhint: date the void on or after {}",
                pad.date,
                pad.date
            );
        }
        let reason = reason.trim();
        if reason.is_empty() {
            let example = match set.labels.language {
                crate::labels::Language::Chinese => "填写错误",
                crate::labels::Language::English => "\"filled in wrongly\"",
            };
            bail!(
                "`--reason` is empty, so `{serial}` was not voided\nhint: say why the sheet is void, e.g. `--reason {example}`: the audit report prints it"
            );
        }
        for sheet in &fresh {
            ledger.voids.push(Void {
                serial: (*sheet).clone(),
                reason: reason.to_owned(),
                date,
                by: by.clone(),
            });
        }
        save(&config.root, &ledger, &lock)?;
        let what = match (&fresh[..], &args.to) {
            ([one], _) => format!("{one} of {}", args.form),
            (_, to) => format!(
                "{} numbers of {}, {serial} to {}",
                fresh.len(),
                args.form,
                to.as_deref().unwrap_or(serial)
            ),
        };
        let already = match void[..] {
            [] => String::new(),
            [one] => format!(" but {one}, void already"),
            _ => format!(" but {} void already", void.len()),
        };
        done.push(format!(
            "voided {what}{already} (recorded in `{}`); a number voided is never issued again",
            path(&args.form)
        ));
    } else if let Some(serial) = &args.used_up
        && args.mistaken
    {
        done.push(not_used_up(&mut ledger, &args.form, serial, (date, &by))?);
        save(&config.root, &ledger, &lock)?;
    } else if let Some(serial) = &args.used_up {
        done.push(used_up(
            &mut ledger,
            &args.form,
            serial,
            (date, &by),
            withdrawn,
        )?);
        save(&config.root, &ledger, &lock)?;
    }
    let change = Change {
        undo,
        done,
        nothing: "nothing was recorded",
        prints: args.count.is_some(),
        signed: None,
        corrected: None,
    };
    let code = crate::build_after(config, Some(change))?;
    drop(lock);
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(format: &str, restart: Restart) -> SerialSpec {
        SerialSpec {
            format: format.into(),
            restart,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A pad of `DD{n:04}` from `first` to `last`, printed on `date`.
    fn pad_of(first: u32, last: u32, date: NaiveDate) -> Pad {
        Pad {
            year: chrono::Datelike::year(&date),
            first,
            last,
            format: "DD{n:04}".into(),
            version: None,
            print: None,
            holder: None,
            department: None,
            date,
            by: "孙晓燕".into(),
        }
    }

    #[test]
    fn formats_write_year_and_padded_counter() {
        let f = Format::parse("DD{year}-{n:05}").unwrap();
        assert_eq!(f.write(2026, 42), "DD2026-00042");
        assert_eq!(f.capacity(), 99_999);
        assert!(f.shows_year());
        let f = Format::parse("№{yy}{n:3}").unwrap();
        assert_eq!(f.write(2026, 7), "№26007");
        assert_eq!(
            Format::parse("CH{year}{n:05}").unwrap().canonical(),
            Format::parse("CH{year}{n:5}").unwrap().canonical()
        );
        assert!(Format::parse("{n:05}{n:05}").is_err());
        assert!(Format::parse("DD-{year}").is_err());
        assert!(Format::parse("DD-{month}{n:4}").is_err());
        assert!(Format::parse("DD/{n:4}").is_err());
        assert!(Format::parse("DD{n:4").is_err());
    }

    #[test]
    fn formats_written_otherwise_can_write_alike() {
        let alike = |a: &str, b: &str| {
            let (a, b) = (Format::parse(a).unwrap(), Format::parse(b).unwrap());
            let one = a.writes_alike(&b, 2025, 2025);
            // Whichever is asked first, the same number.
            assert_eq!(one, b.writes_alike(&a, 2025, 2025));
            one
        };
        assert_eq!(
            alike("CH20{yy}{n:05}", "CH{year}{n:05}").as_deref(),
            Some("CH202500001")
        );
        assert_eq!(
            alike("CH{year}{n:05}", "CH2026{n:05}").as_deref(),
            Some("CH202600001")
        );
        assert_eq!(
            alike("TS{yy}-{n:04}", "TS25-0{n:3}").as_deref(),
            Some("TS25-0001")
        );
        assert_eq!(alike("A{n}", "A1{n:03}").as_deref(), Some("A1001"));
        assert_eq!(alike("A{n}", "A{n:05}").as_deref(), Some("A10001"));
        // Each number it gives, both write.
        let (a, b) = (
            Format::parse("A{n}").unwrap(),
            Format::parse("A1{n:03}").unwrap(),
        );
        assert_eq!(
            (a.write(2025, 1001), b.write(2025, 1)),
            ("A1001".into(), "A1001".into())
        );
        assert_eq!(alike("CH{year}{n:05}", "CH{year}{n:04}"), None);
        assert_eq!(alike("CH{year}{n:05}", "DD{year}{n:05}"), None);
        assert_eq!(alike("CH{year}{n:05}", "CH19{yy}{n:05}"), None);
        assert_eq!(alike("TS{yy}-{n:04}", "TS{year}-{n:04}"), None);
        assert_eq!(alike("A{n}", "A0{n:03}"), None);
        // Only in the years each is in use.
        let (a, b) = (
            Format::parse("HT{year}-{n:04}").unwrap(),
            Format::parse("HT2015-{n:04}").unwrap(),
        );
        assert_eq!(a.writes_alike(&b, 2016, 2010), None);
        assert_eq!(
            a.writes_alike(&b, 2014, 2016).as_deref(),
            Some("HT2015-0001")
        );
        let (a, b) = (
            Format::parse("D{yy}{n:04}").unwrap(),
            Format::parse("D0{n:05}").unwrap(),
        );
        assert_eq!(a.writes_alike(&b, 2016, 2016), None);
    }

    #[test]
    fn pads_follow_on_and_restart_each_year() {
        let yearly = spec("CH{year}{n:04}", Restart::Yearly);
        let mut ledger = Ledger::default();
        let a = reserve(&mut ledger, &yearly, 50, day(2026, 3, 1), None, "孙晓燕").unwrap();
        let b = reserve(&mut ledger, &yearly, 50, day(2026, 4, 1), None, "孙晓燕").unwrap();
        let c = reserve(&mut ledger, &yearly, 10, day(2027, 1, 2), None, "孙晓燕").unwrap();
        assert_eq!((a.first, a.last, b.first, b.last), (1, 50, 51, 100));
        assert_eq!(c.range(), ("CH20270001".into(), "CH20270010".into()));
        assert!(ledger.problems(Restart::Yearly).is_empty());

        let never = spec("DD{n:03}", Restart::Never);
        let mut ledger = Ledger::default();
        reserve(&mut ledger, &never, 990, day(2026, 3, 1), None, "孙晓燕").unwrap();
        reserve(&mut ledger, &never, 9, day(2027, 3, 1), None, "孙晓燕").unwrap();
        let full = reserve(&mut ledger, &never, 1, day(2027, 3, 1), None, "孙晓燕");
        assert!(
            full.unwrap_err()
                .to_string()
                .contains("holds counters up to 999")
        );
    }

    #[test]
    fn pads_of_two_years_from_1_under_a_counter_that_never_restarts_say_why() {
        let pad = |year| Pad {
            year,
            first: 1,
            last: 5,
            format: "DD{year}{n:04}".into(),
            version: None,
            print: None,
            holder: None,
            department: None,
            date: day(year, 1, 4),
            by: "孙晓燕".into(),
        };
        let ledger = Ledger {
            form: "QR-XS-003".into(),
            pads: vec![pad(2026), pad(2027)],
            voids: vec![],
            used_up: vec![],
            taken_back: vec![],
        };
        assert!(ledger.problems(Restart::Yearly).is_empty());
        let problems = ledger.problems(Restart::Never);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].hint.contains(
                "clash only because the form says `restart: never`, which counts on across years"
            ),
            "{}",
            problems[0].hint
        );
    }

    #[test]
    fn overlaps_and_bad_voids_are_problems() {
        let pad = |first, last| pad_of(first, last, day(2026, 1, 1));
        let void = |serial: &str| Void {
            serial: serial.into(),
            reason: "填错".into(),
            date: day(2026, 1, 2),
            by: "孙晓燕".into(),
        };
        let ledger = Ledger {
            form: "QR-XS-003".into(),
            pads: vec![
                pad(1, 50),
                pad(40, 60),
                Pad {
                    year: 2025,
                    ..pad(61, 70)
                },
            ],
            voids: vec![
                void("DD0003"),
                void("DD0003"),
                void("DD0099"),
                void("DD5"),
                Void {
                    date: day(2025, 12, 31),
                    ..void("DD0004")
                },
            ],
            used_up: vec![],
            taken_back: vec![],
        };
        let problems = ledger.problems(Restart::Never);
        assert_eq!(
            problems
                .iter()
                .find(|p| p.text.starts_with("DD5 "))
                .map(|p| p.hint.as_str()),
            Some("did you mean `DD0005`?")
        );
        let messages: Vec<String> = problems.into_iter().map(|p| p.text).collect();
        assert_eq!(
            messages,
            [
                "pads 1 (DD0001–DD0050) and 2 (DD0040–DD0060) share numbers",
                "pad 3 counts in the year 2025 but was printed on 2026-01-01",
                "DD0003 is voided twice",
                "DD0099 is voided but was never printed",
                "DD5 is voided but was never printed",
                "DD0004 is voided on 2025-12-31, before its pad was printed on 2026-01-01",
            ]
        );
    }

    #[test]
    fn a_pad_used_up_is_named_by_its_first_number_once_after_it_was_printed() {
        let pad = |first, last| pad_of(first, last, day(2026, 1, 5));
        let used = |pad: &str, date| UsedUp {
            pad: pad.into(),
            date,
            by: "孙晓燕".into(),
        };
        let mut ledger = Ledger {
            form: "QR-XS-003".into(),
            pads: vec![pad(1, 5), pad(6, 10), pad(11, 15)],
            voids: vec![],
            used_up: vec![
                used("DD0001", day(2026, 2, 1)),
                used("DD0003", day(2026, 2, 1)),
                used("DD0001", day(2026, 2, 2)),
                used("DD0006", day(2026, 1, 4)),
                used("DD16", day(2026, 2, 1)),
                used("DD11", day(2026, 2, 1)),
            ],
            taken_back: vec![],
        };
        let problems = ledger.problems(Restart::Never);
        let said: Vec<(&str, usize, &str, &str)> = problems
            .iter()
            .map(|p| (p.list, p.entry, p.text.as_str(), p.hint.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "used_up",
                    1,
                    "DD0003 is recorded as used up, but no pad begins with it",
                    "`DD0003` is on the pad DD0001 to DD0005: a pad is named by its first number, `DD0001`"
                ),
                (
                    "used_up",
                    2,
                    "the pad of DD0001 is recorded as used up twice",
                    "a pad is recorded as used up once; take out the second record"
                ),
                (
                    "used_up",
                    3,
                    "the pad of DD0006 is recorded as used up on 2026-01-04, before it was printed on 2026-01-05",
                    "correct the date: a pad is used up after it is printed"
                ),
                (
                    "used_up",
                    4,
                    "DD16 is recorded as used up, but no pad begins with it",
                    "name the pad by its first number, as printed; the pads are listed under `pads:`"
                ),
                (
                    "used_up",
                    5,
                    "DD11 is recorded as used up, but no pad begins with it",
                    "did you mean `DD0011`?"
                ),
            ]
        );
        assert_eq!(problems[1].earlier, Some(0));
        // Used up, a pad is taken as withdrawn; one not, until its last
        // sheet is void.
        assert!(ledger.withdrawn(&ledger.pads[0]));
        assert!(!ledger.withdrawn(&ledger.pads[2]));
        ledger.voids.push(Void {
            serial: "DD0015".into(),
            reason: "收回".into(),
            date: day(2026, 2, 1),
            by: "孙晓燕".into(),
        });
        assert!(ledger.withdrawn(&ledger.pads[2]));
        // Nor is a sheet of it voided after it was used up.
        ledger.voids.push(Void {
            serial: "DD0002".into(),
            reason: "填错".into(),
            date: day(2026, 2, 3),
            by: "孙晓燕".into(),
        });
        assert!(ledger.problems(Restart::Never).iter().any(|p| p.entry == 0
            && p.text
                == "the pad of DD0001 is recorded as used up on 2026-02-01, but DD0002 of it is voided after, on 2026-02-03"));
        // Its last sheet void, it is not used up as well.
        ledger.used_up.push(used("DD0011", day(2026, 2, 2)));
        assert!(
            ledger.problems(Restart::Never).iter().any(|p| p.entry == 6
                && p.text == "the pad of DD0011 is recorded as used up, but its last sheet, DD0015, is void"),
        );
    }
}

//! Renders the minijinja templates under `forms/` into Typst sources, one set
//! of sources per output. Every value a template prints is escaped for Typst
//! unless the template marks it raw with `|safe`.

use std::collections::HashMap;
use std::fs;
use std::sync::Mutex;

use anyhow::{Context, Result};
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Sources};
use crate::escape;
use crate::labels::Labels;
use crate::loader::DocumentSet;
use crate::model::{Block, Form, Orientation, Paper, Role, Status};
use crate::plan::{Job, Kind, Sheet, form_template};
use crate::text::Expander;
use crate::validate::expander;

/// The Typst sources of one output; the first is its main file.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The output.
    pub job: Job,
    /// Virtual path and text of each source.
    pub sources: Vec<(String, String)>,
    /// For a list too long to lay out at once, the main file's text of each
    /// of its parts after the first (which is in `sources`); see
    /// [`printed_in_parts`]. Empty for anything else.
    pub parts: Vec<String>,
}

impl Rendered {
    /// The SHA-256 of everything rendered: how many sources and parts, then
    /// each text with its path, each piece with its length before it, so
    /// that no two renderings run together alike.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for count in [self.sources.len(), self.parts.len()] {
            hasher.update((count as u64).to_le_bytes());
        }
        let texts = self
            .sources
            .iter()
            .map(|(path, text)| (path.as_str(), text));
        for (path, text) in texts.chain(self.parts.iter().map(|text| ("part", text))) {
            for piece in [path, text] {
                hasher.update((piece.len() as u64).to_le_bytes());
                hasher.update(piece.as_bytes());
            }
        }
        format!("{:x}", hasher.finalize())
    }
}

/// How many rows of a list are laid out at once: Typst holds every page of
/// a document until it is written, some 0.5 MB a page of a long list, and
/// its memory of their layout besides. A longer list is printed in parts of
/// this many rows, one after another, and the parts are joined into one
/// PDF. `CTRLDOC_LIST_PART_ROWS` sets another number.
pub fn list_part_rows() -> usize {
    std::env::var("CTRLDOC_LIST_PART_ROWS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(500)
}

/// How many parts' rows a list may have and still be laid out whole: with
/// parts of 500 rows, 2,000 rows, which a list laid out whole takes some
/// 150–250 MB for. Printing in parts lays every part out twice (once, when
/// the parts keep the lengths they had in the last build), which costs
/// more time than it saves memory in a smaller list.
const WHOLE_PARTS: usize = 4;

/// Tells whether an output is a list printed in parts: one with more rows
/// than [`WHOLE_PARTS`] parts of [`list_part_rows`].
pub fn printed_in_parts(job: &Job) -> bool {
    in_parts(job, list_part_rows())
}

/// The rows of a part of the lists of `jobs` in a set: `part_rows`, unless
/// the set's `forms/house.typ` has no `list-part` (made before lists were
/// printed in parts), to number the pages of the parts; then each list is
/// printed whole, and a warning says so when one would have been printed in
/// parts.
pub fn set_part_rows(
    set: &DocumentSet,
    jobs: &[Job],
    part_rows: usize,
) -> (usize, Option<Diagnostic>) {
    let long: Vec<&Job> = jobs.iter().filter(|j| in_parts(j, part_rows)).collect();
    if long.is_empty() {
        return (part_rows, None);
    }
    // Without a house style at all, the templates' imports say what is wrong.
    let Ok(house) = fs::read_to_string(set.root.join("forms/house.typ")) else {
        return (part_rows, None);
    };
    if house
        .lines()
        .any(|line| line.trim_start().starts_with("#let list-part"))
    {
        return (part_rows, None);
    }
    let names: Vec<String> = long.iter().map(|j| format!("`{}`", j.number)).collect();
    let warning = Diagnostic::warning(format!(
        "`{}` has no `list-part`, so {} (over {} rows) {} printed whole, not in parts",
        set.name("forms/house.typ"),
        names.join(" and "),
        part_rows.saturating_mul(WHOLE_PARTS),
        if names.len() == 1 { "is" } else { "are" },
    ))
    .hint("a list printed whole takes Typst some 150–250 MB for every 2,000 rows; to print it in parts, copy `list-part` and `page-of-pages` from the `forms/house.typ` of a new set (`ctrldoc init`)");
    (usize::MAX, Some(warning))
}

fn in_parts(job: &Job, part_rows: usize) -> bool {
    job.report
        .as_ref()
        .is_some_and(|report| report.rows().len() > part_rows.saturating_mul(WHOLE_PARTS))
}

/// For each column of a list, the texts its width is measured from: each
/// cell with its digits replaced by 0, each once, in the order first met
/// (house.typ's `list-rows` takes them as `shapes`, so that the parts of a
/// list printed in parts have the same columns).
fn shapes(rows: &[&[String]]) -> Vec<Vec<String>> {
    let count = rows.iter().map(|row| row.len()).max().unwrap_or(0);
    (0..count)
        .map(|i| {
            let mut seen = std::collections::HashSet::new();
            let mut column = vec![];
            for row in rows {
                let Some(cell) = row.get(i) else { continue };
                let shape: String = cell
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '0' } else { c })
                    .collect();
                if seen.insert(shape.clone()) {
                    column.push(shape);
                }
            }
            column
        })
        .collect()
}

/// The template contexts of a list (the master list, the records list or
/// the audit report), one for each part it is printed in.
fn list_contexts(company: &str, job: &Job, part_rows: usize) -> Vec<Value> {
    let size = if in_parts(job, part_rows) {
        part_rows
    } else {
        usize::MAX
    };
    let rows = job.report.as_ref().map(|r| r.rows()).unwrap_or_default();
    let shapes = shapes(&rows);
    let ranges: Vec<std::ops::Range<usize>> = (0..rows.len().max(1))
        .step_by(size)
        .map(|start| start..start.saturating_add(size).min(rows.len()))
        .collect();
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, range)| {
            let report = Value::from_serialize(job.report.as_ref().map(|r| r.part(range)));
            let part = context! { first => k == 0 };
            match job.kind {
                Kind::Audit => context! { company, audit => report, shapes, part },
                _ => context! { company, list => report, shapes, part },
            }
        })
        .collect()
}

/// Where the rendered body of a form lives in the virtual file system.
fn body_path(number: &str) -> String {
    format!("/.ctrldoc/forms/{number}.typ")
}

/// Renders every output of `jobs` at once, with lists in parts of
/// `part_rows` rows (`usize::MAX`: each list whole); template problems
/// become diagnostics. A build renders each output as it compiles it
/// instead (see [`Renderer`]).
pub fn render_lists_in_parts(
    set: &DocumentSet,
    jobs: &[Job],
    sources: &mut Sources,
    part_rows: usize,
) -> Result<(Vec<Rendered>, Vec<Diagnostic>)> {
    let renderer = match Renderer::new(set, sources, part_rows)? {
        Ok(renderer) => renderer,
        Err(problems) => return Ok((vec![], problems)),
    };
    let mut out = vec![];
    let mut failed = vec![];
    for job in jobs {
        match renderer.render(job, sources) {
            Ok(rendered) => out.push(rendered),
            Err(problems) => failed.extend(problems),
        }
    }
    Ok((out, crate::diagnostic::shared(failed, "rendering")))
}

/// The template problems that keep an output from being rendered, each
/// with the number of the output it fails (see [`crate::diagnostic::shared`]).
pub type Failed = Vec<(Diagnostic, String)>;

/// Renders the outputs of a set one at a time, on any thread, so that a
/// build holds the Typst sources only of the outputs it is compiling:
/// rendered all at once, those of 4,000 forms took 45 MB, held to the end.
pub struct Renderer<'a> {
    set: &'a DocumentSet,
    env: Environment<'static>,
    expander: Expander,
    /// What the handbook template prints of each document, the same for
    /// every copy: its text is escaped once, however many copies it has.
    documents: Mutex<HashMap<usize, Value>>,
    part_rows: usize,
}

impl<'a> Renderer<'a> {
    /// Reads the set's templates, or says why they cannot be used: a
    /// problem there fails every output the same way, and is said once.
    pub fn new(
        set: &'a DocumentSet,
        sources: &mut Sources,
        part_rows: usize,
    ) -> Result<Result<Self, Vec<Diagnostic>>> {
        let (env, diagnostics) = environment(set, sources)?;
        if !diagnostics.is_empty() {
            return Ok(Err(diagnostics));
        }
        Ok(Ok(Self {
            set,
            env,
            expander: expander(set),
            documents: Mutex::new(HashMap::new()),
            part_rows,
        }))
    }

    /// The set it renders.
    pub fn set(&self) -> &'a DocumentSet {
        self.set
    }

    /// Renders one output: its main file, and the body of each form it
    /// prints. `sources` holds the templates, for what a problem says.
    pub fn render(&self, job: &Job, sources: &Sources) -> Result<Rendered, Failed> {
        let set = self.set;
        let company = set.company();
        let failed =
            |err: minijinja::Error| (template_diagnostic(set, sources, &err), job.number.clone());
        let (template, ctx) = match job.kind {
            Kind::Master | Kind::Copy | Kind::Uncontrolled | Kind::Obsolete => {
                let document = self
                    .documents
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(job.index)
                    .or_insert_with(|| handbook_context(set, job, &self.expander))
                    .clone();
                (
                    "handbook.typ.j2",
                    context! { copy => copy_block(set, job), ..document },
                )
            }
            Kind::Form | Kind::Pad => {
                let form = &set.forms[job.index].value;
                // A pre-numbered form printed blank is its specimen (样张),
                // said in its № box: a sheet printed from it is not to pass
                // for one of its pads'.
                let specimen: Vec<Sheet> = match job.kind == Kind::Form && form.serial.is_some() {
                    true => (job.sheets.iter())
                        .map(|sheet| Sheet {
                            serial: Some(set.labels.get("specimen").to_owned()),
                            part: sheet.part.clone(),
                        })
                        .collect(),
                    false => vec![],
                };
                let sheets = match specimen.is_empty() {
                    true => &job.sheets,
                    false => &specimen,
                };
                let ctx = context! {
                    company,
                    form => form_view(set, form),
                    body => body_path(form.number.as_str()),
                    sheets => sheets,
                    draft => job.draft,
                };
                ("form-page.typ.j2", ctx)
            }
            Kind::Register => (
                "register.typ.j2",
                context! { company, register => Value::from_serialize(&job.report) },
            ),
            Kind::Ledger => (
                "ledger.typ.j2",
                context! { company, ledger => Value::from_serialize(&job.report) },
            ),
            Kind::MasterList => ("master-list.typ.j2", Value::from(())),
            Kind::RecordsList => ("records-list.typ.j2", Value::from(())),
            Kind::Audit => ("audit.typ.j2", Value::from(())),
        };
        let contexts = match job.kind.is_list() {
            true => list_contexts(company, job, self.part_rows),
            false => vec![ctx],
        };
        let mut problems = vec![];
        let mut texts = vec![];
        for ctx in contexts {
            match self.env.get_template(template).and_then(|t| t.render(ctx)) {
                Ok(text) => texts.push(text),
                Err(err) => {
                    problems.push(failed(err));
                    break;
                }
            }
        }
        let mut parts = texts.split_off(1.min(texts.len()));
        let text = texts.pop().unwrap_or_default();
        let main = main_file(job);
        let mut rendered = vec![];
        if let Some(superseded) = &job.superseded {
            rendered.push((
                main_path(job),
                obsolete_stamp(&set.labels, &main, superseded),
            ));
        }
        rendered.push((main, text));
        // Whatever the template says, the PDF's keywords say what it is.
        let keywords: Vec<String> = job
            .keywords(set)
            .iter()
            .map(|k| escape::string(k))
            .collect();
        let keywords = format!("{KEYWORDS}{},))\n", keywords.join(", "));
        for text in std::iter::once(&mut rendered[0].1).chain(parts.iter_mut()) {
            text.push_str(&keywords);
        }
        let forms: Vec<usize> = match job.kind {
            Kind::Form | Kind::Pad => vec![job.index],
            _ => job.forms.clone(),
        };
        for i in forms {
            match self.body(i) {
                Ok(body) => rendered.push((body_path(set.forms[i].value.number.as_str()), body)),
                Err(err) => problems.push(failed(err)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Rendered {
            job: job.clone(),
            sources: rendered,
            parts,
        })
    }

    /// The body of a form: its blocks, printed by its template.
    fn body(&self, i: usize) -> Result<String, minijinja::Error> {
        let set = self.set;
        let ctx = context! {
            company => set.company(),
            form => form_view(set, &set.forms[i].value),
            serial => Value::from(()),
        };
        self.env
            .get_template(&form_template(set, i))
            .and_then(|t| t.render(ctx))
    }
}

/// How the line that gives a PDF its keywords starts, which ctrldoc
/// appends to every main source.
pub const KEYWORDS: &str = "\n#set document(keywords: (";

/// The main file of an output: the file Typst compiles. The prints of one
/// document share it.
pub fn main_path(job: &Job) -> String {
    match job.superseded {
        Some(_) => format!("/.ctrldoc/{}-obsolete.typ", job.number),
        None => main_file(job),
    }
}

/// The file the output's template renders into; an obsolete master's main
/// file includes it under its stamp.
fn main_file(job: &Job) -> String {
    format!("/.ctrldoc/{}.typ", job.number)
}

/// The problems of the set's templates themselves (those that do not
/// parse or cannot be read), found without rendering anything.
pub fn template_problems(set: &DocumentSet, sources: &mut Sources) -> Result<Vec<Diagnostic>> {
    Ok(environment(set, sources)?.1)
}

/// Creates the template environment: templates from `forms/`, escaping for
/// `.typ.j2` templates, strict about undefined values. Templates that do not
/// parse are reported.
fn environment(
    set: &DocumentSet,
    sources: &mut Sources,
) -> Result<(Environment<'static>, Vec<Diagnostic>)> {
    let mut diagnostics = vec![];
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ.j2") {
            AutoEscape::Custom("typst")
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if !matches!(state.auto_escape(), AutoEscape::Custom("typst")) || value.is_safe() {
            return minijinja::escape_formatter(out, state, value);
        }
        match value.as_str() {
            Some(s) => out.write_str(&escape::markup(s))?,
            None if value.is_none() => {}
            // Numbers and booleans print as Typst reads them.
            None if value.is_number() => write!(out, "{value}")?,
            None if value.kind() == minijinja::value::ValueKind::Bool => {
                out.write_str(if value.is_true() { "true" } else { "false" })?
            }
            None => out.write_str(&escape::markup(&value.to_string()))?,
        }
        Ok(())
    });
    env.add_global("labels", Value::from_serialize(set.labels.texts()));
    env.add_filter("str", |value: Value| {
        Value::from_safe_string(escape::string(&value.to_string()))
    });
    let folder = set.root.join("forms");
    if folder.is_dir() {
        let mut names: Vec<_> = fs::read_dir(&folder)
            .with_context(|| format!("failed to list `{}`", folder.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".j2"))
            .collect();
        names.sort();
        for name in names {
            let shown = set.name(&format!("forms/{name}"));
            let bytes = fs::read(folder.join(&name))
                .with_context(|| format!("failed to read `{shown}`"))?;
            let text = match crate::loader::decode(&shown, bytes) {
                Ok(text) => text,
                Err(failed) => {
                    let (diagnostic, lossy) = *failed;
                    sources.insert(shown, lossy);
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            sources.insert(shown, text.clone());
            if let Err(err) = env.add_template_owned(name.clone(), text) {
                diagnostics.push(template_diagnostic(set, sources, &err));
            }
        }
    }
    // The registers and lists print even in a set made before they existed.
    for (name, text) in BUILT_IN {
        if env.get_template(name).is_err() {
            sources.insert(set.name(&format!("forms/{name}")), *text);
            env.add_template(name, text)
                .expect("built-in templates parse");
        }
    }
    Ok((env, diagnostics))
}

/// Templates ctrldoc brings for the papers every set prints, used when the
/// set's `forms/` has none of that name.
const BUILT_IN: &[(&str, &str)] = &[
    ("register.typ.j2", include_str!("../forms/register.typ.j2")),
    ("ledger.typ.j2", include_str!("../forms/ledger.typ.j2")),
    (
        "master-list.typ.j2",
        include_str!("../forms/master-list.typ.j2"),
    ),
    (
        "records-list.typ.j2",
        include_str!("../forms/records-list.typ.j2"),
    ),
    ("audit.typ.j2", include_str!("../forms/audit.typ.j2")),
];

/// The templates that `templates` (paths in the set, as a job names them)
/// include, import or extend, themselves and the ones those name in turn:
/// they are inputs of the output too. A template that names another by an
/// expression, not a quoted name, may name any: then every template in its
/// folder is.
pub fn included(sources: &Sources, templates: &[String]) -> Vec<String> {
    let mut found: Vec<String> = vec![];
    let mut todo: Vec<String> = templates.to_vec();
    while let Some(path) = todo.pop() {
        let Some(text) = sources.get(&path) else {
            continue;
        };
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let named = match named_templates(text) {
            Some(named) => named,
            // By name: a set's files set aside are not read again for it.
            None => sources
                .names()
                .filter(|p| {
                    p.rsplit_once('/')
                        .is_some_and(|(f, n)| f == folder && n.ends_with(".j2"))
                })
                .filter_map(|p| p.rsplit_once('/').map(|(_, n)| n.to_owned()))
                .collect(),
        };
        for name in named {
            let path = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            if !templates.contains(&path) && !found.contains(&path) {
                found.push(path.clone());
                todo.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The templates a template's `include`, `import`, `from` and `extends`
/// tags name, or `None` when one names its template by an expression.
fn named_templates(text: &str) -> Option<Vec<String>> {
    let mut named = vec![];
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let tag = &rest[start + 2..];
        let end = tag.find("%}").unwrap_or(tag.len());
        let body = tag[..end].trim_start_matches(['-', '+']).trim_start();
        rest = &tag[end..];
        let Some(argument) = ["include", "import", "from", "extends"]
            .iter()
            .find_map(|word| {
                body.strip_prefix(word)
                    .filter(|r| r.starts_with(char::is_whitespace))
            })
        else {
            continue;
        };
        let argument = argument.trim_start();
        let quote = argument
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        let (name, after) = argument[1..].split_once(quote)?;
        // `include "a" if c else "b"`, `"a" ~ x`: named by an expression.
        let after = after.trim_start();
        let plain = after.is_empty()
            || [
                "ignore missing",
                "with context",
                "without context",
                "as ",
                "import ",
            ]
            .iter()
            .any(|word| after.starts_with(word));
        if !plain {
            return None;
        }
        named.push(name.to_owned());
    }
    Some(named)
}

pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Turns a template error into a diagnostic that names the template and line
/// where it went wrong: for an error inside an included template, that
/// template, with where it was included from as a second place.
fn template_diagnostic(set: &DocumentSet, sources: &Sources, err: &minijinja::Error) -> Diagnostic {
    let mut innermost = err;
    let mut includer = None;
    let mut cause = std::error::Error::source(err);
    while let Some(next) = cause {
        if let Some(inner) = next.downcast_ref::<minijinja::Error>() {
            if inner.name().is_some() {
                includer = Some(innermost);
            }
            innermost = inner;
        }
        cause = next.source();
    }
    let err = innermost;
    let name = err.name().map(|n| set.name(&format!("forms/{n}")));
    let mut detail = err
        .detail()
        .map(str::to_owned)
        .unwrap_or_else(|| err.kind().to_string());
    if err.kind() == minijinja::ErrorKind::UndefinedError
        && let (Some(name), Some(range)) = (&name, err.range())
        && let Some(what) = sources.get(name).and_then(|text| text.get(range))
    {
        detail = format!("`{what}` is undefined");
    }
    let mut message = String::from("template error");
    match (&name, err.line()) {
        (Some(name), Some(line)) => message.push_str(&format!(" in `{name}:{line}`")),
        (Some(name), None) => message.push_str(&format!(" in `{name}`")),
        _ => {}
    }
    message.push_str(&format!(": {detail}"));
    let mut d = Diagnostic::error(message);
    if let (Some(name), Some(range)) = (name, err.range()) {
        d = d.at(name, range);
    }
    if let Some(outer) = includer
        && let (Some(outer_name), Some(range)) = (outer.name(), outer.range())
        && outer.name() != err.name()
    {
        d = d.also(
            set.name(&format!("forms/{outer_name}")),
            range,
            "included here",
        );
    }
    match err.kind() {
        minijinja::ErrorKind::TemplateNotFound => {
            d = d.hint("templates live in `forms/` and end in `.typ.j2`; name them without a folder")
        }
        minijinja::ErrorKind::UndefinedError => {
            d = d.hint("a template may only print what ctrldoc gives it; check the spelling, or test it with `is defined`")
        }
        minijinja::ErrorKind::InvalidOperation if detail.contains("recursion") => {
            d = d.hint("a template that includes itself never ends; remove the include")
        }
        _ => {}
    }
    d
}

#[derive(Serialize)]
struct FormView<'a> {
    number: &'a str,
    title: &'a str,
    version: &'a str,
    effective: String,
    retention: &'a str,
    keeper_name: &'a str,
    paper: &'static str,
    flipped: bool,
    blocks: &'a [Block],
    clauses: &'a [String],
}

fn form_view<'a>(set: &'a DocumentSet, form: &'a Form) -> FormView<'a> {
    let keeper_name = set
        .organisation
        .as_ref()
        .and_then(|o| o.value.department(&form.keeper))
        .map_or(form.keeper.as_str(), |d| d.name.as_str());
    FormView {
        number: form.number.as_str(),
        title: &form.title,
        version: form.version.as_str(),
        effective: form.effective.to_string(),
        retention: &form.retention,
        keeper_name,
        paper: match form.paper {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        },
        flipped: form.orientation == Orientation::Landscape,
        blocks: &form.blocks,
        clauses: &form.clauses,
    }
}

/// Escapes and expands one text of the document for the handbook template.
fn markup(expander: &Expander, text: &str) -> Value {
    let expanded = expander
        .expand(text)
        .map(|(t, _)| t)
        .unwrap_or_else(|_| text.to_owned());
    Value::from_safe_string(escape::markup(&expanded))
}

/// The tables of a part or section, each text escaped and expanded.
fn tables(expander: &Expander, tables: &[crate::model::TextTable]) -> Vec<Value> {
    tables
        .iter()
        .map(|t| {
            context! {
                caption => t.caption.as_deref().map(|c| markup(expander, c)),
                columns => t.columns.iter().map(|c| markup(expander, c)).collect::<Vec<_>>(),
                rows => t.rows.iter().map(|r| r.iter().map(|c| markup(expander, c)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// What the handbook template prints of a document, the same for every copy
/// of it; [`copy_block`] adds what differs.
fn handbook_context(set: &DocumentSet, job: &Job, expander: &Expander) -> Value {
    let doc = &set.documents[job.index].value;
    let parts: Vec<Value> = doc
        .body
        .iter()
        .map(|part| {
            let sections: Vec<Value> = part
                .sections
                .iter()
                .map(|s| {
                    context! {
                        title => markup(expander, &s.title),
                        paragraphs => s.paragraphs.iter().map(|p| markup(expander, p)).collect::<Vec<_>>(),
                        items => s.items.iter().map(|p| markup(expander, p)).collect::<Vec<_>>(),
                        tables => tables(expander, &s.tables),
                    }
                })
                .collect();
            context! {
                title => markup(expander, &part.title),
                paragraphs => part.paragraphs.iter().map(|p| markup(expander, p)).collect::<Vec<_>>(),
                items => part.items.iter().map(|p| markup(expander, p)).collect::<Vec<_>>(),
                tables => tables(expander, &part.tables),
                sections,
            }
        })
        .collect();
    let chain: Vec<Value> = Role::CHAIN
        .into_iter()
        .map(|role| {
            let sig = doc.signature(role);
            context! {
                label => set.labels.get(role.label_key()),
                name => sig.map_or(String::new(), |s| s.name.clone()),
                date => sig.map_or(String::new(), |s| s.date.to_string()),
            }
        })
        .collect();
    let forms: Vec<Value> = job
        .forms
        .iter()
        .map(|&i| {
            let form = &set.forms[i].value;
            let view = form_view(set, form);
            context! {
                number => view.number,
                title => view.title,
                version => view.version,
                retention => view.retention,
                keeper_name => view.keeper_name,
                flipped => view.flipped,
                body => body_path(form.number.as_str()),
            }
        })
        .collect();
    let department = set
        .organisation
        .as_ref()
        .and_then(|o| o.value.department(&doc.department))
        .map_or(doc.department.clone(), |d| d.name.clone());
    let draft = doc.status == Status::Draft || !doc.is_approved();
    context! {
        company => set.company(),
        doc => context! {
            number => doc.number.as_str(),
            title => &doc.title,
            version => doc.version.as_str(),
            department,
            purpose => doc.purpose.as_ref().map(|p| markup(expander, p)),
            effective => doc.effective.map_or(String::new(), |d| d.to_string()),
            history => doc.history.iter().map(|r| context! {
                version => r.version.as_str(),
                date => r.date.to_string(),
                summary => &r.summary,
                author => &r.author,
            }).collect::<Vec<_>>(),
        },
        chain,
        parts,
        forms,
        draft,
    }
}

/// The control block's values and the running foot for this copy.
fn copy_block(set: &DocumentSet, job: &Job) -> Value {
    let l = &set.labels;
    let (status, holder, number, footer) = match (job.kind, &job.copy) {
        (Kind::Copy, Some(copy)) => {
            let number = format!("{:02}", copy.number);
            let holder = l.holder(&copy.holder, copy.department.as_deref());
            let footer = l.fill("copy_footer", &[("number", &number), ("holder", &holder)]);
            (l.get("controlled"), holder, number, footer)
        }
        (Kind::Uncontrolled, _) => (
            l.get("uncontrolled"),
            "—".to_owned(),
            "—".to_owned(),
            l.get("uncontrolled_footer").to_owned(),
        ),
        (Kind::Obsolete, _) => (
            l.get("obsolete"),
            set.master_holder(),
            "00".to_owned(),
            match &job.superseded {
                Some(s) => l.fill("obsolete_footer", &[("by", s.by.as_str())]),
                None => l.get("obsolete_footer_plain").to_owned(),
            },
        ),
        // A draft's master is printed for review, and controls nothing.
        _ if !crate::archive::approved(&set.documents[job.index].value) => (
            l.get("draft_status"),
            set.master_holder(),
            "—".to_owned(),
            l.get("draft_footer").to_owned(),
        ),
        _ => (
            l.get("controlled"),
            set.master_holder(),
            "00".to_owned(),
            l.get("master_copy").to_owned(),
        ),
    };
    let footer = match job.takes_effect {
        Some(date) => l.fill(
            "pending_footer",
            &[("footer", &footer), ("date", &date.to_string())],
        ),
        None => footer,
    };
    context! { kind => job.kind.name(), status, holder, number, footer }
}

/// The main file of an obsolete master: the handbook as it was, with a
/// 作废 stamp on every page. It is written here rather than in a template
/// so that a version archived with older templates is stamped all the same.
fn obsolete_stamp(labels: &Labels, main: &str, superseded: &crate::archive::Superseded) -> String {
    let by = labels.fill("superseded_by", &[("by", superseded.by.as_str())]);
    let when = superseded.effective.map_or(String::new(), |d| {
        labels.fill("superseded_from", &[("date", &d.to_string())])
    });
    let (lang, region) = labels.typst_lang();
    format!(
        r##"#set page(foreground: place(top + center, dy: 7mm, box(
  stroke: 1.4pt + rgb("#c00000"),
  radius: 2pt,
  inset: (x: 8pt, y: 4pt),
  text(font: ({},), size: 9pt, fill: rgb("#c00000"), lang: {}, region: {})[
    #text(size: 13pt, weight: "bold", tracking: {})[{}]#h(0.5em)#text(weight: "bold")[{}]#h(1em){}#h(0.6em){}
  ],
)))
#include {}
"##,
        escape::string(labels.sans()),
        escape::string(lang),
        region.map_or("none".to_owned(), escape::string),
        if lang == "zh" { "0.3em" } else { "0.05em" },
        escape::markup(labels.get("obsolete")),
        escape::markup(labels.get("obsolete_gloss")),
        escape::markup(&by),
        escape::markup(&when),
        escape::string(main),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_named_by_include_import_and_extends_are_found_in_turn() {
        let mut sources = Sources::default();
        sources.insert(
            "forms/form-page.typ.j2",
            "a{% include \"head.typ.j2\" %}{%- from 'macros.j2' import x -%}",
        );
        sources.insert("forms/head.typ.j2", "{% extends \"base.j2\" %}");
        sources.insert("forms/base.j2", "{{ x }}");
        sources.insert("forms/macros.j2", "{% macro x() %}{% endmacro %}");
        sources.insert("forms/other.j2", "");
        let found = included(&sources, &["forms/form-page.typ.j2".to_owned()]);
        assert_eq!(
            found,
            ["forms/base.j2", "forms/head.typ.j2", "forms/macros.j2"]
        );
        // Named by an expression: any template of the folder may be meant.
        for expression in [
            "{% include name %}",
            "{% include \"a.j2\" if c else \"other.j2\" %}",
        ] {
            sources.insert("forms/head.typ.j2", expression);
            let found = included(&sources, &["forms/form-page.typ.j2".to_owned()]);
            assert!(
                found.contains(&"forms/other.j2".to_owned()),
                "{expression}: {found:?}"
            );
        }
    }
}

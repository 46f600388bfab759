//! ctrldoc compiles a folder of controlled-document YAML and templates into
//! the printed paper of a quality system.

pub mod archive;
pub mod audit;
pub mod build;
pub mod cli;
pub mod comments;
pub mod compile;
pub mod config;
pub mod covers;
pub mod diagnostic;
pub mod edit;
pub mod escape;
pub mod fonts;
pub mod init;
pub mod issue;
pub mod join;
pub mod labels;
pub mod lint;
pub mod loader;
pub mod locate;
pub mod master_list;
pub mod model;
pub mod notes;
pub mod origin;
pub mod overflow;
pub mod picture;
pub mod plan;
pub mod portal;
pub mod queue;
pub mod recall;
pub mod register;
pub mod render;
pub mod reports;
pub mod revise;
pub mod say;
pub mod seal;
pub mod seen;
pub mod serial;
pub mod text;
pub mod undo;
pub mod validate;
pub mod verify;
pub mod watch;
pub mod world;
pub mod write;
pub mod xlsx;

use std::process::ExitCode;
use std::sync::atomic::Ordering::SeqCst;
use std::time::Instant;

use anyhow::Result;

use crate::build::Goal;
use crate::cli::{CliArgs, Command, PreviewArgs};
use crate::compile::Preview;
use crate::config::Config;
use crate::fonts::{Fonts, Origin};

/// Exit code when the documents have errors.
const DOCUMENT_ERRORS: u8 = 1;

/// What made the outputs, as the manifest records it: ctrldoc's version and
/// its build, a hash of its code, built-in templates and the versions of the
/// crates it uses (see `build.rs`). An output made by another build is made
/// again, even by the same version.
pub const TOOL: &str = concat!(
    "ctrldoc ",
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("CTRLDOC_BUILD"),
    ")"
);

/// Runs one command; `Err` is an environment or usage failure (exit 2).
pub fn run(args: &CliArgs) -> Result<ExitCode> {
    let _ = ctrlc::set_handler(on_ctrl_c);
    say::set(if args.quiet {
        say::Level::Quiet
    } else if args.verbose {
        say::Level::Verbose
    } else {
        say::Level::Normal
    });
    if let Command::Completions { shell } = args.command {
        // Hidden commands are not offered.
        let all = <CliArgs as clap::CommandFactory>::command();
        let mut command = clap::Command::new("ctrldoc")
            .args(all.get_arguments().cloned())
            .subcommands(all.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
        let mut script = vec![];
        clap_complete::generate(shell, &mut command, "ctrldoc", &mut script);
        crate::out!("{}", String::from_utf8_lossy(&script));
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Init { ref dir, lang } = args.command {
        let dir = dir
            .as_ref()
            .or(args.root.as_ref())
            .cloned()
            .unwrap_or_else(|| ".".into());
        return init::init(&dir, lang);
    }
    let config = Config::new(args)?;
    match args.command {
        Command::Completions { .. } | Command::Init { .. } => unreachable!("answered above"),
        Command::Watch => watch::watch(&config),
        Command::Check => check(&config),
        Command::Build => build(&config),
        Command::Fonts => fonts(&config),
        Command::Preview(ref preview_args) => preview(&config, preview_args),
        Command::Issue(ref issue_args) => issue::issue(&config, issue_args),
        Command::Revise(ref revise_args) => revise::revise(&config, revise_args),
        Command::Approve(ref approve_args) => revise::approve(&config, approve_args),
        Command::Review(ref review_args) => revise::review(&config, review_args),
        Command::Withdraw(ref withdraw_args) => revise::withdraw(&config, withdraw_args),
        Command::Recall(ref recall_args) => recall::recall(&config, recall_args),
        Command::Serial(ref serial_args) => serial::command(&config, serial_args),
        Command::Verify { ref files, format } => {
            verify::verify(&config, files, format == cli::ReportFormat::Json)
        }
        Command::Audit { format, date } => {
            audit_command(&config, format == cli::ReportFormat::Json, date)
        }
        Command::EmitTypst { ref dir } => emit_typst(&config, dir),
        Command::List { format } => list(&config, format),
    }
}

/// Checks the set and says every problem, writing nothing. Outputs unchanged
/// since the last build are taken as checked: they would compile as they
/// did, and a set of thousands of forms would take minutes.
fn check(config: &Config) -> Result<ExitCode> {
    let outcome = build::build(config, &Goal::default())?;
    outcome.sources.print(&outcome.diagnostics);
    if outcome.has_errors() {
        return Ok(ExitCode::from(DOCUMENT_ERRORS));
    }
    for compiled in &outcome.compiled {
        detail!(
            "checked {} ({})",
            compiled.job.path,
            say::plural(compiled.pages, "page")
        );
    }
    kept_detail(&outcome);
    let checked = outcome.compiled.len() + outcome.reused.len();
    match outcome.reused.len() {
        0 => say!("checked {}: no errors", say::plural(checked, "output")),
        unchanged => say!(
            "checked {}: no errors ({unchanged} unchanged since the last build, not compiled again)",
            say::plural(checked, "output")
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Says, with `--verbose`, each output kept from the last build, and why.
fn kept_detail(outcome: &build::Outcome) {
    for entry in &outcome.reused {
        match outcome.alike.contains(&entry.path) {
            true => detail!("{}", kept_alike(&entry.path)),
            false => detail!("unchanged {}", entry.path),
        }
    }
}

/// What is said of an output kept because it renders alike (see
/// [`build::Outcome::alike`]).
pub(crate) fn kept_alike(path: &str) -> String {
    format!("kept {path}: its inputs changed, but it renders as before")
}

/// Builds every output and reports what was written.
pub(crate) fn build(config: &Config) -> Result<ExitCode> {
    // A folder that is no document set is not given a `data/` by the lock:
    // the build says what is missing.
    // Where the lock cannot be taken (a set on a read-only disk), no
    // command can change the set either: the build goes on without it.
    let _lock = match config.root.join("data").is_dir() {
        true => register::StateLock::take(&config.root).ok(),
        false => None,
    };
    build_after(config, None)
}

/// Where a command is, for Ctrl-C (see [`on_ctrl_c`]): one of the four
/// below, changed only from one to the next, so that Ctrl-C and the build
/// agree on whether the change is put back or written.
static STAGE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(IDLE);
/// Nothing changed yet: Ctrl-C stops at once.
const IDLE: u8 = 0;
/// A command has begun to change the set (see [`undo::Undo`]).
const CHANGING: u8 = 1;
/// Ctrl-C came while changing: the build stops before it writes anything,
/// and the change is put back.
const INTERRUPTED: u8 = 2;
/// The build has begun to write: the change stands.
const WRITING: u8 = 3;

/// Notes that a command has begun to change the set.
pub(crate) fn changing() {
    let _ = STAGE.compare_exchange(IDLE, CHANGING, SeqCst, SeqCst);
}

/// Called by a build before it writes: false when Ctrl-C came first, and
/// nothing is to be written.
pub(crate) fn may_write() -> bool {
    STAGE
        .compare_exchange(CHANGING, WRITING, SeqCst, SeqCst)
        .map_or_else(|stage| stage != INTERRUPTED, |_| true)
}

/// What Ctrl-C does: stops at once, unless a command has begun to change
/// the set. Then the change is put back once its build stops, rather than
/// left made with its outputs unwritten and nothing said (a copy recorded
/// as issued that no one was told of); or, once the build is writing, the
/// change stands and is said. Pressed again, it stops at once.
fn on_ctrl_c() {
    match STAGE.compare_exchange(CHANGING, INTERRUPTED, SeqCst, SeqCst) {
        Ok(_) => crate::errln!(
            "stopping: the change is put back once the build stops (Ctrl-C again to stop at once, and keep it)"
        ),
        Err(WRITING) => crate::errln!(
            "too late to put the change back: its outputs are being written, and it will be said (Ctrl-C again to stop at once)"
        ),
        Err(INTERRUPTED) => {
            crate::errln!(
                "stopped at once: what the command recorded is kept; `ctrldoc build` prints it"
            );
            std::process::exit(i32::from(INTERRUPTED_CODE));
        }
        Err(_) => std::process::exit(i32::from(INTERRUPTED_CODE)),
    }
    // A second Ctrl-C while writing stops at once.
    let _ = STAGE.compare_exchange(WRITING, INTERRUPTED, SeqCst, SeqCst);
}

/// What a build stopped by Ctrl-C before it wrote anything returns.
#[derive(Debug)]
pub(crate) struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// The exit code of a command stopped by Ctrl-C, as a shell gives it.
const INTERRUPTED_CODE: u8 = 130;

/// Builds every output after a command changed the set's state (holding
/// its [`register::StateLock`]), and
/// reports what the change did and what was written. A change that leaves
/// the set with errors is put back: the errors are said, and that nothing
/// was done.
pub(crate) fn build_after(config: &Config, change: Option<undo::Change>) -> Result<ExitCode> {
    let start = Instant::now();
    let built = build::build(
        config,
        &Goal {
            write: true,
            signed: change.as_ref().and_then(|c| c.signed.clone()),
            corrected: change.as_ref().and_then(|c| c.corrected.clone()),
            ..Goal::default()
        },
    );
    let outcome = match built {
        Ok(outcome) => outcome,
        Err(err) if err.is::<Interrupted>() => {
            if let Some(change) = change {
                let as_was = change.undo.put_back()?;
                crate::errln!("interrupted: {}, and {as_was}", change.nothing);
            }
            return Ok(ExitCode::from(INTERRUPTED_CODE));
        }
        Err(err) => {
            match change {
                // A new copy or pad not printed is not recorded.
                Some(change) if change.prints => {
                    let as_was = change.undo.put_back()?;
                    crate::errln!("{}: it could not be printed, and {as_was}", change.nothing);
                }
                // Kept: the change is sound, the build could not write.
                _ => {
                    for done in change.iter().flat_map(|c| &c.done) {
                        say!("{done}");
                    }
                }
            }
            return Err(err);
        }
    };
    outcome.sources.print(&outcome.diagnostics);
    if outcome.has_errors() {
        match change {
            Some(change) => {
                let as_was = change.undo.as_they_were();
                // Are the errors the change's? Checked without it (what is
                // unchanged since the last build is taken as checked).
                let aside = change.undo.set_aside()?;
                let without = build::build(config, &Goal::default());
                let besides = without.as_ref().map_or(true, |o| o.has_errors());
                match (besides, change.prints) {
                    // A record of what happened stands; a new copy or pad
                    // is not recorded unless printed.
                    (true, false) => {
                        aside.redo()?;
                        for done in &change.done {
                            say!("{done}");
                        }
                        crate::errln!(
                            "no output was built: the set has errors besides this change, which is kept; fix them and build again"
                        );
                        without?;
                    }
                    (true, true) => {
                        aside.drop()?;
                        crate::errln!(
                            "{}: the set has errors besides this change, so it could not be printed, and {as_was}; fix them, then run it again",
                            change.nothing
                        );
                        without?;
                    }
                    (false, _) => {
                        aside.drop()?;
                        crate::errln!(
                            "{}: the set would not build with it, so {as_was}",
                            change.nothing
                        );
                    }
                }
            }
            None => crate::errln!("nothing was written: fix the errors above and build again"),
        }
        return Ok(ExitCode::from(DOCUMENT_ERRORS));
    }
    for done in change.iter().flat_map(|c| &c.done) {
        say!("{done}");
    }
    let pages: usize = outcome.compiled.iter().map(|c| c.pages).sum();
    let outputs = outcome.compiled.len();
    for compiled in &outcome.compiled {
        let shared = match (compiled.shared, compiled.parts_as_before) {
            (0, false) => String::new(),
            (0, true) => format!(
                ", in {} laid out once, as long as in the last build",
                say::plural(compiled.parts.len(), "part")
            ),
            (n, _) => format!(", {n} of them laid out once for every print"),
        };
        detail!(
            "built {} ({}{shared}) in {} ms",
            compiled.job.path,
            say::plural(compiled.pages, "page"),
            compiled.took.as_millis()
        );
    }
    kept_detail(&outcome);
    say!(
        "built {} ({}), {} unchanged, into `{}` in {:.2}s",
        say::plural(outputs, "output"),
        say::plural(pages, "page"),
        outcome.reused.len(),
        config.output.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn preview(config: &Config, args: &PreviewArgs) -> Result<ExitCode> {
    if let Some(out) = &args.out
        && !out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"))
    {
        anyhow::bail!(
            "`{}` would hold a PNG picture under another name\nhint: name it `….png`",
            out.display()
        );
    }
    let goal = Goal {
        write: false,
        only: Some(args.number.clone()),
        preview: Some(Preview {
            page: args.page,
            scale: args.scale,
        }),
        warm: false,
        signed: None,
        corrected: None,
    };
    let outcome = build::build(config, &goal)?;
    outcome.sources.print(&outcome.diagnostics);
    if outcome.has_errors() {
        return Ok(ExitCode::from(DOCUMENT_ERRORS));
    }
    // The build made only the output it pictures (see `build::build`).
    let Some(made) = outcome.compiled.first() else {
        let (history, _) = archive::load(&config.root, config.today())?;
        if let Some(w) = history.withdrawn().get(args.number.as_str()) {
            anyhow::bail!(
                "{}: a form withdrawn is printed no more\nhint: `ctrldoc verify` says what any print of it is",
                w.said()
            );
        }
        let set = &history.set;
        let numbers: Vec<&str> = set
            .documents
            .iter()
            .map(|d| d.value.number.as_str())
            .chain(set.forms.iter().map(|f| f.value.number.as_str()))
            .collect();
        let near = numbers
            .iter()
            .copied()
            .find(|n| n.eq_ignore_ascii_case(&args.number))
            .or_else(|| diagnostic::did_you_mean(&args.number, numbers.iter().copied()));
        anyhow::bail!(
            "no document or form is numbered `{}`\nhint: {}",
            args.number,
            match near {
                Some(near) => format!("did you mean `{near}`?"),
                None if numbers.len() <= 20 => format!("the numbers are {}", numbers.join(", ")),
                None => "`ctrldoc list` lists the numbers".to_owned(),
            }
        );
    };
    let Some(png) = &made.png else {
        anyhow::bail!(
            "cannot preview `{}`: {}",
            made.job.path,
            compile::no_such_page(made.pages, args.page)
        );
    };
    let out = match &args.out {
        Some(out) => out.clone(),
        None => config
            .output
            .join("preview")
            .join(format!("{}-p{}.png", args.number, args.page)),
    };
    write::write_atomic(&out, png)?;
    say!("wrote `{}`", out.display());
    Ok(ExitCode::SUCCESS)
}

fn list(config: &Config, format: cli::ListFormat) -> Result<ExitCode> {
    let (history, mut diagnostics) = archive::load(&config.root, config.today())?;
    if let Some(code) = issue::refuse(&history, &diagnostics, "no list was printed") {
        return Ok(code);
    }
    // An approved text changed since it was printed is said: what the list
    // gives of it (a form it names, or no longer) its approval does not
    // cover. Refused, as a build is, once copies of it were issued.
    if let Some(manifest) = write::Manifest::read(&config.output, |e| e.text.is_some()) {
        let changed = build::approved_text_changed(&history, &plan::plan(&history), &manifest);
        build::unnamed_by_hand(&history, &manifest, &changed, &mut diagnostics);
        diagnostics.extend(changed);
        if let Some(code) = issue::refuse(&history, &diagnostics, "no list was printed") {
            return Ok(code);
        }
    }
    history.set.sources.print(&diagnostics);
    // As of the day the build dates the list, so that the CSV is what
    // `output/master-list.csv` has.
    let rows = master_list::rows(&history, config.report_date());
    let text = match format {
        cli::ListFormat::Table => master_list::table(&rows, &history.set.labels),
        // With the byte-order mark `output/master-list.csv` has, by which
        // a spreadsheet knows the file for UTF-8.
        cli::ListFormat::Csv => format!("\u{feff}{}", master_list::csv(&rows, &history.set.labels)),
        cli::ListFormat::Json => serde_json::to_string_pretty(&rows)? + "\n",
    };
    crate::out!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn audit_command(config: &Config, json: bool, date: Option<chrono::NaiveDate>) -> Result<ExitCode> {
    // What is in force is read as of today, as the outputs were built;
    // what is overdue, as of the day asked about.
    let (history, diagnostics) = archive::load(&config.root, config.today())?;
    let date = date.unwrap_or_else(|| config.today());
    // Of the prints it retired, those still in `output/`: a reader may take
    // one for a controlled document.
    // And every copy and pad it retired, whose numbers the registers and
    // ledgers must still record.
    let manifest = write::Manifest::read(&config.output, |e| {
        e.copy.is_some() || e.serials.is_some() || config.output.join(&e.path).is_file()
    });
    let inputs = write::Inputs::new(
        &config.root,
        &history.set.sources,
        fonts::fingerprint(&config.root, config.system_fonts),
    );
    let outputs = audit::Outputs {
        folder: &config.output,
        manifest: manifest.as_ref(),
        inputs: &inputs,
    };
    let findings = audit::findings(&history, &diagnostics, date, Some(&outputs));
    if date < history.today {
        say!(
            "as of {date}: periodic reviews, pads, voids and lost copies as recorded by then; what is in force, and copies of superseded versions out, as of today ({})",
            history.today
        );
    }
    if json {
        crate::outln!("{}", serde_json::to_string_pretty(&findings)?);
    } else {
        crate::out!("{}", audit::text(&findings));
    }
    let errors = findings.iter().any(|f| f.severity == audit::Level::Error);
    Ok(if errors {
        ExitCode::from(DOCUMENT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes every output's rendered Typst sources under `dir`: the main file
/// of output N as `mains/N.typ`, the rest at their own paths, and the set's
/// `forms/` files beside them, so that the Typst CLI can compile each main
/// with `--root dir`.
fn emit_typst(config: &Config, dir: &std::path::Path) -> Result<ExitCode> {
    let (mut history, diagnostics) = archive::load(&config.root, config.today())?;
    history.report_date = config.report_date();
    if let Some(code) = issue::refuse(&history, &diagnostics, "nothing was emitted") {
        return Ok(code);
    }
    let mut sources = history.set.sources.clone();
    let mut count = 0;
    // Each main file's path as ctrldoc compiles it (the prints of one
    // document share it, and so share their layout), whether the build
    // pictures its first page for the portal, how much it takes (see
    // `queue::Weight`; a list a build prints in parts, here whole, is made
    // alone), and whether it may take its pages from its document's first
    // print (see `covers`).
    let mut index = String::new();
    for group in build::outputs(config, &history, &diagnostics) {
        let (rendered, problems) =
            render::render_lists_in_parts(group.set, &group.jobs, &mut sources, usize::MAX)?;
        if !problems.is_empty() {
            sources.print(&problems);
            return Ok(ExitCode::from(DOCUMENT_ERRORS));
        }
        for output in rendered {
            index.push_str(&format!(
                "{count:05}.typ\t{}\t{}\t{}\t{}\n",
                output.sources[0].0,
                compile::wants_thumb(&output.job),
                match render::printed_in_parts(&output.job) {
                    true => queue::Weight::Alone,
                    false => compile::weight(&output),
                }
                .name(),
                compile::shares_pages(&output.job),
            ));
            for (i, (path, text)) in output.sources.iter().enumerate() {
                let target = if i == 0 {
                    dir.join(format!("mains/{count:05}.typ"))
                } else {
                    dir.join(path.trim_start_matches('/'))
                };
                write::write_atomic(&target, text.as_bytes())?;
            }
            count += 1;
        }
    }
    write::write_atomic(&dir.join("mains.tsv"), index.as_bytes())?;
    // What house.typ reads from `sys.inputs`, for `typst compile --input`.
    write::write_atomic(
        &dir.join("ctrldoc.json"),
        history.set.labels.json().as_bytes(),
    )?;
    for entry in walkdir::WalkDir::new(config.root.join("forms")) {
        let entry = entry?;
        let rel = loader::relative(&config.root, entry.path());
        if entry.file_type().is_file() && !rel.starts_with("forms/fonts/") && !rel.ends_with(".j2")
        {
            write::write_atomic(&dir.join(&rel), &std::fs::read(entry.path())?)?;
        }
    }
    say!(
        "wrote the sources of {} into `{}`",
        say::plural(count, "output"),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn fonts(config: &Config) -> Result<ExitCode> {
    let fonts = Fonts::load(&config.root, config.system_fonts);
    crate::outln!("family\tweight style\tChinese\tfrom");
    for (info, origin) in fonts.list() {
        let origin = match origin {
            Origin::Shipped(name) => format!("shipped ({name})"),
            Origin::Typst => "typst".to_owned(),
            Origin::Set(path) => format!("document set ({path})"),
            Origin::System(path) => format!("system ({path})"),
        };
        let chinese = if fonts::covers_chinese(info) {
            "yes"
        } else {
            "no"
        };
        crate::outln!(
            "{}\t{} {:?}\t{chinese}\t{origin}",
            info.family,
            info.variant.weight.to_number(),
            info.variant.style
        );
    }
    Ok(ExitCode::SUCCESS)
}

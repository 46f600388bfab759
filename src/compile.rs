//! Compiles rendered Typst sources into PDFs in process, in parallel, and
//! refuses any PDF in which a character has no glyph.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, NaiveDateTime, Timelike};
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::covers::Prints;
use crate::diagnostic::{Diagnostic, Sources, position};
use crate::fonts::Fonts;
use crate::loader::DocumentSet;
use crate::overflow::Overflow;
use crate::plan::Job;
use crate::queue::{Keep, Laid, Queue, Weight};
use crate::render::{Failed, Rendered, Renderer, main_path};
use crate::world::{DocWorld, RootFiles, file_id};

/// An output compiled and exported: what is known of its PDF, which waits
/// in the staging folder when the build writes (see [`Compiler::stage`]).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The output it is.
    pub job: Job,
    /// The SHA-256 of the PDF.
    pub sha256: String,
    /// Its number of pages.
    pub pages: usize,
    /// A picture of one page, when a preview was asked for.
    pub png: Option<Vec<u8>>,
    /// The files Typst read from the set's folder, with their SHA-256.
    pub reads: Vec<(String, String)>,
    /// Whether a picture of its first page, for the forms portal, waits in
    /// the staging folder.
    pub thumb: bool,
    /// How long it took to compile, export and picture.
    pub took: std::time::Duration,
    /// Typst's warnings about it, which a build that keeps it says again.
    pub warnings: Vec<Warned>,
    /// How many of its pages were taken from the layout of the first print
    /// of its document (see [`crate::covers`]).
    pub shared: usize,
    /// The fingerprint of its rendered sources, for an output rendered
    /// before it was compiled (see [`crate::write::Entry::rendered`]).
    pub rendered: Option<String>,
    /// For a list printed in parts, the pages of each part.
    pub parts: Vec<usize>,
    /// For a list printed in parts, whether its parts were numbered as in
    /// the last build, and so laid out once, not counted first.
    pub parts_as_before: bool,
}

/// The parts of a list, each laid out and exported.
#[derive(Default)]
struct Parts {
    pdfs: Vec<Vec<u8>>,
    png: Option<Vec<u8>>,
    reads: BTreeMap<String, String>,
}

/// A warning about one output, Typst's or ctrldoc's own about what Typst
/// laid out (a table too wide for the page), at the first place it was
/// given.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Warned {
    /// What is said, wherever it is said: a warning given at several
    /// places (an unknown font named in the house style is given at every
    /// use) is said once.
    pub said: String,
    /// How many more times the output was given it.
    pub more: usize,
    /// The warning, at the first place it was given.
    pub diagnostic: Diagnostic,
    /// Said as another output is given the same warning, when one is: a
    /// form's heading broken in a handbook's appendix is said as the
    /// blank form has it, when that breaks it too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secondary: bool,
}

/// A warning about an output, with the number and the path of the output
/// it was given for.
pub type OutputWarning = (Warned, String, String);

/// Says each warning about an output once, at the first place it was given, of
/// the outputs of a build (each by number and path), made or kept: with how
/// many more times it was given, and in how many outputs.
pub fn said_once(warnings: impl IntoIterator<Item = OutputWarning>) -> Vec<Diagnostic> {
    // By what is said: the first warning, the outputs given it and how many
    // more times it was given in all.
    let mut merged: Vec<(Warned, String, HashSet<String>)> = vec![];
    let mut at: HashMap<String, usize> = HashMap::new();
    for (warned, number, path) in warnings {
        match at.get(&warned.said) {
            Some(&i) => {
                let (first, first_number, outputs) = &mut merged[i];
                first.more += warned.more + 1;
                outputs.insert(path);
                if first.secondary && !warned.secondary {
                    first.diagnostic = warned.diagnostic;
                    first.secondary = false;
                    *first_number = number;
                }
            }
            None => {
                at.insert(warned.said.clone(), merged.len());
                merged.push((warned, number, HashSet::from([path])));
            }
        }
    }
    let first_places = merged.into_iter().map(|(warned, number, outputs)| {
        let mut diagnostic = warned.diagnostic;
        let times = match warned.more {
            0 => None,
            1 => Some("once more".to_owned()),
            more => Some(format!("{more} more times")),
        };
        if let Some(times) = times {
            // A warning of ctrldoc's own, of what Typst laid out, is not
            // said to be Typst's.
            let who = match diagnostic.message.starts_with("typst warning") {
                true => "Typst says the same",
                false => "said",
            };
            diagnostic.hints.push(match outputs.len() {
                1 => format!("{who} {times}"),
                n => format!("{who} {times}, in {n} outputs in all"),
            });
        }
        (diagnostic, number)
    });
    crate::diagnostic::shared(first_places.collect(), "compiling")
}

/// A page to picture as PNG, for `preview`.
#[derive(Debug, Clone, Copy)]
pub struct Preview {
    /// The page, from 1.
    pub page: usize,
    /// Pixels per typographic point.
    pub scale: f32,
}

/// What a compilation needs besides the sources.
pub struct Compiler<'a> {
    /// The fonts.
    pub fonts: &'a Fonts,
    /// The timestamp of every PDF, when `SOURCE_DATE_EPOCH` fixes one.
    pub epoch: Option<NaiveDateTime>,
    /// How many outputs to compile at once.
    pub jobs: usize,
    /// A page to picture as PNG besides the PDF.
    pub preview: Option<Preview>,
    /// Keep Typst's memory of these layouts for the next build.
    pub keep_cache: bool,
    /// Where to write each PDF as soon as it is made, so that a large build
    /// does not hold every PDF in memory, with a picture of the first page
    /// of each output the forms portal lists; `None` writes nothing,
    /// pictures nothing for the portal and keeps nothing of a PDF but its
    /// SHA-256 (`check`, `preview`).
    pub stage: Option<&'a std::path::Path>,
    /// For each output, by path, whose file of the last build still stands
    /// if it renders alike: the fingerprint of what it rendered then (see
    /// [`crate::write::Inputs::renders_alike`]).
    pub last_rendered: &'a HashMap<String, String>,
    /// For each list printed in parts, by path, the pages of each of its
    /// parts in the last build: if it has as many parts now, they are
    /// numbered from these, and counted only if one comes out of another
    /// length. Empty for a preview, which reads no last build.
    pub last_parts: &'a HashMap<String, Vec<usize>>,
}

/// What [`Compiler::compile`] did.
pub struct Compilation {
    /// The outputs made.
    pub compiled: Vec<Compiled>,
    /// What is wrong, with the outputs it failed.
    pub problems: Vec<Diagnostic>,
    /// Typst's warnings about the outputs made.
    pub warnings: Vec<OutputWarning>,
    /// The outputs not made, since they rendered as in the last build.
    pub kept: Vec<Job>,
}

impl Compiler<'_> {
    /// Compiles the outputs `jobs`, each rendered as it is compiled, so that
    /// only the sources of the outputs being made are held; problems become
    /// diagnostics and the output is left out. Typst's warnings come apart,
    /// with the number and path of the output given each (see [`said_once`]).
    /// An output that renders as [`Compiler::last_rendered`] says its last
    /// build did is not compiled, but kept.
    pub fn compile(&self, renderer: &Renderer, jobs: &[Job], sources: &mut Sources) -> Compilation {
        let set = renderer.set();
        let library = LazyHash::new(
            Library::builder()
                .with_inputs(set.labels.typst_inputs())
                .build(),
        );
        let files = RootFiles::new(&set.root);
        // What is not rendered when compiled is rendered now, to know how
        // heavy it is and whether it renders as in the last build (then it
        // is kept, not made); there are few of them. A heavy one, or a list printed
        // in parts, is rendered again when it is compiled: kept from now
        // until then, the prints of a long handbook and the lists of a large
        // set would wait in memory through the whole build (for the
        // benchmark's 10,011 forms, this loop grew the process by 41 MB
        // keeping them all, by 15 MB keeping the light ones).
        // One slot each, boxed: a rendering held inline took 480 bytes a
        // slot, 7.9 MB for the benchmark's 10,011 forms, all held through
        // the build though few are filled.
        let mut ready = Vec::with_capacity(jobs.len());
        let mut weights = Vec::with_capacity(jobs.len());
        let mut fingerprints = Vec::with_capacity(jobs.len());
        let mut kept = vec![];
        let mut made = Vec::with_capacity(jobs.len());
        for job in jobs {
            if rendered_when_compiled(job) {
                ready.push(Mutex::new(None));
                weights.push(Weight::Light);
                fingerprints.push(None);
                made.push(job);
                continue;
            }
            let rendered = renderer.render(job, sources);
            let fingerprint = rendered.as_ref().ok().map(Rendered::fingerprint);
            if fingerprint.is_some() && fingerprint.as_ref() == self.last_rendered.get(&job.path) {
                kept.push(job.clone());
                continue;
            }
            let weight = rendered.as_ref().map_or(Weight::Light, weight);
            weights.push(weight);
            let keep = weight == Weight::Light;
            ready.push(Mutex::new(keep.then(|| Box::new(rendered))));
            fingerprints.push(fingerprint);
            made.push(job);
        }
        let jobs = made;
        // The prints of one document share their main file's path.
        let documents: Vec<String> = jobs.iter().map(|job| main_path(job)).collect();
        let queue = Queue::new(&documents, &weights);
        let versions: Vec<String> = jobs.iter().map(|job| print_of(job)).collect();
        // Only the prints that may take pages are counted: a document's
        // register has its main file, but never takes them.
        let sharing: Vec<bool> = jobs.iter().map(|job| shares_pages(job)).collect();
        let prints = Prints::new(
            versions
                .iter()
                .zip(&sharing)
                .filter(|(_, shares)| **shares)
                .map(|(version, _)| version.as_str()),
        );
        let finished = AtomicUsize::new(0);
        // A progress line on a terminal, for builds long enough to wait for.
        let progress = std::io::stderr().is_terminal() && jobs.len() >= 20 && !crate::say::quiet();
        // Boxed too: what an output made comes to 632 bytes held inline,
        // which for every slot from the start was 6.3 MB of the 10,011
        // forms' build while its first, largest outputs were laid out.
        let results: Mutex<Vec<Option<Box<Made>>>> =
            Mutex::new((0..jobs.len()).map(|_| None).collect());
        let templates: &Sources = sources;
        std::thread::scope(|scope| {
            for _ in 0..self.jobs.clamp(1, jobs.len().max(1)) {
                scope.spawn(|| {
                    while let Some(ticket) = queue.next() {
                        let job = jobs[ticket.index];
                        let taken = ready[ticket.index].lock().unwrap().take();
                        let made: Made = taken
                            .map_or_else(|| renderer.render(job, templates), |r| *r)
                            .map(|item| {
                                self.one(&library, &files, set, &item, &prints, &|laid| {
                                    ticket.laid_out_as(laid, || {
                                        !self.keep_cache && empty_taken(weights[ticket.index])
                                    })
                                })
                            });
                        if sharing[ticket.index] {
                            prints.done(&versions[ticket.index]);
                        }
                        results.lock().unwrap()[ticket.index] = Some(Box::new(made));
                        let light = weights[ticket.index] == Weight::Light;
                        let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                        ticket.finish(|keep| keep_memory_flat(done, keep, light));
                        if progress {
                            // The terminal's width is asked each time: it may
                            // be made narrower during a long build.
                            let columns = crate::say::terminal_columns();
                            let line =
                                crate::say::progress_line(done, jobs.len(), &job.path, columns);
                            crate::err!("\r\x1b[2K{line}");
                        }
                    }
                });
            }
        });
        if progress {
            crate::err!("\r\x1b[2K");
        }
        let mut compiled = vec![];
        let mut unrendered = vec![];
        let mut diagnostics = vec![];
        // The same mistake in a template fails every output made from it;
        // it is said once, with the outputs it fails.
        let mut shared = vec![];
        let mut warnings = vec![];
        let results = results.into_inner().unwrap();
        for ((job, result), fingerprint) in jobs.iter().zip(results).zip(fingerprints) {
            let (problems, made) = match result.map(|made| *made) {
                Some(Ok(Ok((pdf, warnings)))) => {
                    compiled.push(Compiled {
                        rendered: fingerprint,
                        ..pdf
                    });
                    (warnings, compiled.last_mut())
                }
                Some(Err(failed)) => {
                    unrendered.extend(failed);
                    (vec![], None)
                }
                Some(Ok(Err(problems))) => (problems, None),
                None => {
                    diagnostics.push(Diagnostic::error(format!(
                        "`{}` was not compiled",
                        job.number
                    )));
                    (vec![], None)
                }
            };
            // Typst's warnings of an output made, or the problems of one
            // that failed. A warning is kept at the first place it is given.
            let mut own: Vec<Warned> = vec![];
            for problem in problems {
                if let Some(first) = problem
                    .warning
                    .as_ref()
                    .and_then(|said| own.iter_mut().find(|w| &w.said == said))
                {
                    first.more += 1;
                    continue;
                }
                let traced = problem
                    .generated
                    .as_ref()
                    .and_then(|g| traced(g, job, sources));
                let diagnostic = match traced {
                    Some(traced) => traced,
                    None => {
                        if let Some((name, text)) = problem.source {
                            sources.insert(name, text);
                        }
                        problem.diagnostic
                    }
                };
                match (problem.warning, problem.compiling) {
                    (Some(said), _) => own.push(Warned {
                        said,
                        more: 0,
                        diagnostic,
                        secondary: problem.secondary,
                    }),
                    (None, Some(number)) => shared.push((diagnostic, number)),
                    (None, None) => diagnostics.push(diagnostic),
                }
            }
            if let Some(made) = made {
                made.warnings.clone_from(&own);
            }
            warnings.extend(
                own.into_iter()
                    .map(|w| (w, job.number.clone(), job.path.clone())),
            );
        }
        let mut all = crate::diagnostic::shared(unrendered, "rendering");
        all.extend(diagnostics);
        all.extend(crate::diagnostic::shared(shared, "compiling"));
        // Memoised layouts of this build are not needed by the next one,
        // unless the next one is a rebuild after a small change. As during
        // the build, they are emptied only over the budget, so that what
        // is left to do (the manifest, the tables, the portal) has room.
        // Under it they are left: the process mostly ends with the build,
        // and emptying them took 10–17 ms of a one-form rebuild of the
        // sample.
        if !self.keep_cache && over_budget() != Some(false) {
            typst::comemo::evict(0);
        }
        Compilation {
            compiled,
            problems: all,
            warnings,
            kept,
        }
    }

    fn one(
        &self,
        library: &LazyHash<Library>,
        files: &RootFiles,
        set: &DocumentSet,
        item: &Rendered,
        prints: &Prints<Problem>,
        laid_out: &dyn Fn(Laid),
    ) -> Result<(Compiled, Vec<Problem>), Vec<Problem>> {
        if !item.parts.is_empty() {
            let mut warnings = vec![];
            let compiled = self.parted(library, files, set, item, &mut warnings);
            laid_out(Laid::Whole);
            return with_warnings(compiled, warnings);
        }
        let job = &item.job;
        let start = std::time::Instant::now();
        let date = self.date(job);
        let ((pdf, pages, png, thumb, reads, taken), warnings) = self.lay_out(
            library,
            files,
            set,
            item,
            date,
            Some(prints),
            laid_out,
            |world, document, taken| {
                let pdf = self.export(set, world, item, document, date, true)?;
                // A page that is not there is said by `preview`, as a
                // mistake in its arguments, not in the documents.
                let png = match self.preview {
                    Some(preview) if (1..=document.pages().len()).contains(&preview.page) => {
                        Some(pictured(document, preview, "preview", job)?)
                    }
                    _ => None,
                };
                let thumb = match self.stage.is_some() && wants_thumb(job) {
                    true => Some(pictured(document, THUMB, "picture", job)?),
                    false => None,
                };
                Ok((
                    pdf,
                    document.pages().len(),
                    png,
                    thumb,
                    reads(set, world),
                    taken,
                ))
            },
        )?;
        let compiled = self
            .finish(job, pdf, pages, png, thumb, reads, start)
            .map(|compiled| Compiled {
                shared: taken,
                ..compiled
            });
        with_warnings(compiled, warnings)
    }

    /// Compiles a list printed in parts (see [`crate::render::printed_in_parts`])
    /// into one PDF. Each part is laid out twice: once to count its pages,
    /// and once, knowing the pages before it and the pages of them all, to
    /// number its pages and write it. But when the last build made the list
    /// in as many parts, each part is first laid out once, numbered as the
    /// parts were then; if every part comes out as long as then, that is
    /// the list (a one-form rebuild of 10,011 forms, which makes its two
    /// lists again, took 8.5–9.1 s this way, not 15.1–15.4 s). That gives
    /// what counting first gives, as long as numbering does not change how
    /// long a part is, which counting first takes as an error. Typst's
    /// memory of one part's layout is emptied before the next, so a list
    /// takes the memory of one part however long it is; it is compiled
    /// alone (see [`crate::queue`]), so nothing else loses its layout by
    /// it. Typst's warnings go to `warnings` as they come, so that those of
    /// the parts laid out before a failure are said with it.
    fn parted(
        &self,
        library: &LazyHash<Library>,
        files: &RootFiles,
        set: &DocumentSet,
        item: &Rendered,
        warnings: &mut Vec<Problem>,
    ) -> Result<Compiled, Vec<Problem>> {
        let job = &item.job;
        let start = std::time::Instant::now();
        let date = self.date(job);
        let texts: Vec<&String> = item.sources[..1]
            .iter()
            .map(|(_, text)| text)
            .chain(&item.parts)
            .collect();
        // Numbered as the parts were last time, each part is laid out once;
        // if one changed length, every part is counted anew and laid out
        // again, numbered. So a list whose parts kept their lengths takes
        // half the time.
        if let Some(counts) = self
            .last_parts
            .get(&job.path)
            .filter(|counts| counts.len() == texts.len())
        {
            match self.numbered(library, files, set, item, &texts, counts, false, warnings)? {
                Some(made) => {
                    return self
                        .finish_parted(item, made, counts, start)
                        .map(|compiled| Compiled {
                            parts_as_before: true,
                            ..compiled
                        });
                }
                None => warnings.clear(),
            }
        }
        let mut counts = vec![];
        for text in &texts {
            let (count, warned) = self.lay_out(
                library,
                files,
                set,
                &part(item, (*text).clone()),
                date,
                None,
                &|_| {},
                |_, document, _| Ok(document.pages().len()),
            )?;
            counts.push(count);
            warnings.extend(warned);
            typst::comemo::evict(0);
        }
        // The numbered layout below gives the same warnings again.
        warnings.clear();
        let made = self
            .numbered(library, files, set, item, &texts, &counts, true, warnings)?
            .expect("a part of another length is an error when counted");
        self.finish_parted(item, made, &counts, start)
    }

    /// Lays out the parts of a list (`texts`) numbered as parts of the
    /// lengths `counts`, and exports them, each as one PDF; `None` if a
    /// part comes out of another length, which is an error if `counted`:
    /// the lengths were counted just before.
    #[allow(clippy::too_many_arguments)]
    fn numbered(
        &self,
        library: &LazyHash<Library>,
        files: &RootFiles,
        set: &DocumentSet,
        item: &Rendered,
        texts: &[&String],
        counts: &[usize],
        counted: bool,
        warnings: &mut Vec<Problem>,
    ) -> Result<Option<Parts>, Vec<Problem>> {
        let job = &item.job;
        let date = self.date(job);
        let total: usize = counts.iter().sum();
        let mut made = Parts::default();
        let mut before = 0;
        for (text, count) in texts.iter().zip(counts) {
            let numbered = part(
                item,
                format!(
                    "{text}\n#import \"/forms/house.typ\": list-part\n#list-part.update((before: {before}, total: {total}))\n"
                ),
            );
            let (laid_out, warned) =
                self.lay_out(library, files, set, &numbered, date, None, &|_| {}, |world, document, _| {
                    if document.pages().len() != *count {
                        return match counted {
                            true => Err(Problem::error(format!(
                                "`{}` is printed in parts, and a part came out {} pages long once numbered, not {count}",
                                job.path,
                                document.pages().len()
                            ))),
                            false => Ok(None),
                        };
                    }
                    let pdf = self.export(set, world, &numbered, document, date, false)?;
                    let shot = match self.preview {
                        Some(preview) if (before + 1..=before + count).contains(&preview.page) => {
                            let page = preview.page - before;
                            Some(pictured(document, Preview { page, ..preview }, "preview", job)?)
                        }
                        _ => None,
                    };
                    Ok(Some((pdf, shot, reads(set, world))))
                })?;
            warnings.extend(warned);
            typst::comemo::evict(0);
            let Some((pdf, shot, reads)) = laid_out else {
                return Ok(None);
            };
            made.pdfs.push(pdf);
            made.png = made.png.or(shot);
            made.reads.extend(reads);
            before += count;
        }
        Ok(Some(made))
    }

    /// Joins the parts of a list of the lengths `counts` into its PDF.
    fn finish_parted(
        &self,
        item: &Rendered,
        made: Parts,
        counts: &[usize],
        start: std::time::Instant,
    ) -> Result<Compiled, Vec<Problem>> {
        let job = &item.job;
        let pdf = crate::join::join(&made.pdfs).map_err(|err| {
            Problem::error(format!("cannot join the parts of `{}`: {err:#}", job.path))
        })?;
        let reads = made.reads.into_iter().collect();
        let total = counts.iter().sum();
        let compiled = self.finish(job, pdf, total, made.png, None, reads, start)?;
        Ok(Compiled {
            parts: counts.to_vec(),
            ..compiled
        })
    }

    /// The date and time an output's PDF is stamped with.
    fn date(&self, job: &Job) -> NaiveDateTime {
        self.epoch
            .unwrap_or_else(|| job.date.and_hms_opt(0, 0, 0).unwrap_or_default())
    }

    /// Lays an output out and hands the document to `then`, with how many
    /// of its pages it took from the first print of its document (see
    /// [`crate::covers`]); an error, or a character without a glyph, is a
    /// problem, and Typst's warnings come back with what `then` made.
    /// `laid_out` is called as soon as Typst is done, with how it was laid
    /// out.
    #[allow(clippy::too_many_arguments)]
    fn lay_out<R>(
        &self,
        library: &LazyHash<Library>,
        files: &RootFiles,
        set: &DocumentSet,
        item: &Rendered,
        date: NaiveDateTime,
        prints: Option<&Prints<Problem>>,
        laid_out: &dyn Fn(Laid),
        then: impl FnOnce(&DocWorld, &PagedDocument, usize) -> Result<R, Vec<Problem>>,
    ) -> Result<(R, Vec<Problem>), Vec<Problem>> {
        let rendered: Vec<(FileId, Source)> = item
            .sources
            .iter()
            .map(|(path, text)| {
                let id = file_id(path);
                (id, Source::new(id, text.clone()))
            })
            .collect();
        let today = datetime(date);
        let main = print_of(&item.job);
        let prints = prints.filter(|_| shares_pages(&item.job));
        let shared = prints
            .and_then(|prints| prints.first(&main, &item.sources, today))
            .and_then(|first| {
                let sources = crate::covers::cut(&rendered, first.total())?;
                let world = DocWorld::new(library, self.fonts, files, &sources, today);
                world.inherit(&first.reads);
                let warned = typst::compile::<PagedDocument>(&world);
                let document = crate::covers::splice(&first, warned.output.as_ref().ok()?)?;
                // The warnings of the first print, whose pages after the
                // cover it has, each given as many times as there; then
                // those its own cover gives and the first print's does not.
                // (A warning that the covers of the two give a different
                // number of times is counted as the first print's is.)
                let own = typst_problems(&world, item, &warned.warnings, TypstSeverity::Warning);
                let mut warnings = first.warnings.clone();
                warnings.extend(
                    own.into_iter()
                        .filter(|w| !first.warnings.iter().any(|f| f.warning == w.warning)),
                );
                let taken = document.pages().len() - first.cover_pages();
                Some((world, Ok(document), warnings, taken))
            });
        let (world, output, mut warnings, taken) = match shared {
            Some(shared) => shared,
            None => {
                let world = DocWorld::new(library, self.fonts, files, &rendered, today);
                let warned = typst::compile::<PagedDocument>(&world);
                let warnings =
                    typst_problems(&world, item, &warned.warnings, TypstSeverity::Warning);
                (world, warned.output, warnings, 0)
            }
        };
        // What a print laid out whole offers the others of its document.
        let laid = prints
            .filter(|_| taken == 0)
            .and_then(|_| output.as_ref().ok().cloned());
        let checked = match output {
            Ok(document) => match crate::notes::move_notes(document) {
                Err(unmoved) => {
                    let mut problems = Problem::error(format!(
                        "cannot make `{}`: {}",
                        item.job.path,
                        unmoved.message()
                    ));
                    problems[0].diagnostic.hints.push(unmoved.hint().into());
                    Err(problems)
                }
                Ok(document) => {
                    let missing = missing_glyphs(&document);
                    if missing.is_empty() {
                        Ok(document)
                    } else {
                        Err(missing
                            .into_iter()
                            .map(|(c, span_file)| glyph_problem(set, &world, item, c, span_file))
                            .collect())
                    }
                }
            },
            Err(errors) => Err(typst_problems(&world, item, &errors, TypstSeverity::Error)),
        };
        // A table of its text too wide for the page, or a heading of a
        // form's table too wide for its column; the prints that take their
        // pages from this one are given the same warnings.
        if taken == 0
            && let Ok(document) = &checked
        {
            let job = &item.job;
            warnings.extend(
                crate::overflow::too_wide(set, job, document)
                    .into_iter()
                    .map(Overflow::from)
                    .chain(crate::overflow::too_narrow(set, job, document))
                    .chain(crate::overflow::runs_over(set, job, document).map(Overflow::from))
                    .map(|overflow| Problem {
                        compiling: Some(job.number.clone()),
                        warning: Some(overflow.said),
                        secondary: overflow.secondary,
                        ..Problem::plain(overflow.diagnostic)
                    }),
            );
        }
        // A print laid out whole, and without a problem, is kept for the
        // others of its document: a problem in the pages they would take
        // from it would be said at the wrong place in their source.
        let offered = match (prints, &checked, laid) {
            (Some(prints), Ok(_), Some(document)) => prints.offer(
                &main,
                &item.sources,
                &document,
                today,
                world.dated(),
                world.read_ids(),
                warnings.clone(),
                |total| {
                    let sources = crate::covers::cut(&rendered, total)?;
                    let world = DocWorld::new(library, self.fonts, files, &sources, today);
                    typst::compile::<PagedDocument>(&world).output.ok()
                },
            ),
            _ => false,
        };
        // Other prints of the document can be laid out from this one now.
        laid_out(Laid::of(offered, taken > 0));
        let mut made = checked.and_then(|document| then(&world, &document, taken));
        if taken > 0 {
            // What its cover's problems point into is kept as the whole
            // main source, which holds the cover's as it is, not as cut
            // short for the cover alone.
            let main = display_name(file_id(&item.sources[0].0));
            let problems = warnings
                .iter_mut()
                .chain(made.as_mut().err().into_iter().flatten());
            for problem in problems {
                if let Some((name, text)) = &mut problem.source
                    && *name == main
                {
                    text.clone_from(&item.sources[0].1);
                }
            }
        }
        with_warnings(made, warnings)
    }

    /// Writes a laid-out output as PDF (PDF/A-2b unless the set says not),
    /// tagged for accessibility unless told not to.
    fn export(
        &self,
        set: &DocumentSet,
        world: &DocWorld,
        item: &Rendered,
        document: &PagedDocument,
        date: NaiveDateTime,
        tagged: bool,
    ) -> Result<Vec<u8>, Vec<Problem>> {
        let standards = if set.settings.pdf_a {
            PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|err| Problem::error(format!("PDF/A-2b: {}", err.message())))?
        } else {
            PdfStandards::default()
        };
        let options = PdfOptions {
            ident: Smart::Custom(format!("ctrldoc/{}", item.job.path)),
            creator: Smart::Custom(Some(format!("ctrldoc {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(datetime(date))),
            standards,
            tagged,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|errors| {
            let mut problems = typst_problems(world, item, &errors, TypstSeverity::Error);
            if set.settings.pdf_a {
                for problem in &mut problems {
                    problem.diagnostic.hints.push(
                        "outputs are archival PDF/A-2b; fix what it names, or set `pdf_a: false` in `data/settings.yaml`".into(),
                    );
                }
            }
            problems
        })
    }

    /// Stages what was made (see [`Compiler::stage`]) and says what it is.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        job: &Job,
        mut pdf: Vec<u8>,
        pages: usize,
        png: Option<Vec<u8>>,
        thumb: Option<Vec<u8>>,
        reads: Vec<(String, String)>,
        start: std::time::Instant,
    ) -> Result<Compiled, Vec<Problem>> {
        crate::seal::apply(&mut pdf);
        let sha256 = crate::write::sha256(&pdf);
        // Staged, the PDF and the picture wait on disk, not in memory.
        // Unstaged, nothing is written and they are not kept: a check of a
        // set of 10,011 forms, holding every PDF, peaked at 1,525 MB, and
        // at 361 MB without them (MB of 1,024 KB).
        let staged = |path: &str, bytes: &[u8]| match self.stage {
            Some(stage) => crate::write::write_staged(&stage.join(path), bytes)
                .map_err(|err| Problem::error(format!("{err:#}"))),
            None => Ok(()),
        };
        staged(&job.path, &pdf)?;
        if let Some(png) = &thumb {
            staged(&crate::portal::thumb_path(&job.number), png)?;
        }
        Ok(Compiled {
            job: job.clone(),
            sha256,
            pages,
            png,
            reads,
            thumb: thumb.is_some(),
            took: start.elapsed(),
            warnings: vec![],
            shared: 0,
            rendered: None,
            parts: vec![],
            parts_as_before: false,
        })
    }
}

/// A part of a list printed in parts: its sources, with `text` as the main
/// file.
fn part(item: &Rendered, text: String) -> Rendered {
    let mut sources = item.sources.clone();
    sources[0].1 = text;
    Rendered {
        job: item.job.clone(),
        sources,
        parts: vec![],
    }
}

/// The files Typst read from the set's folder, with their SHA-256.
fn reads(set: &DocumentSet, world: &DocWorld) -> Vec<(String, String)> {
    world
        .reads()
        .into_iter()
        .map(|(id, bytes)| (set.name(&display_name(id)), crate::write::sha256(&bytes)))
        .collect()
}

/// The first page's picture in the forms portal: about 180 pixels wide for
/// A4, sharp at the size the page shows it.
pub const THUMB: Preview = Preview {
    page: 1,
    scale: 0.3,
};

/// The version of a document an output is a print of, by its main file
/// (see [`crate::covers`]): a draft and the version in force share the
/// file, but never their pages.
fn print_of(job: &Job) -> String {
    format!("{} {}", main_path(job), job.version)
}

/// Tells whether an output is a print of a document that may take its
/// pages after the cover from another print's layout (see
/// [`crate::covers`]): not where `CTRLDOC_LAY_OUT_EVERY_PRINT` is set,
/// which lays every print out whole, as a check.
pub fn shares_pages(job: &Job) -> bool {
    use crate::plan::Kind;
    matches!(job.kind, Kind::Master | Kind::Copy | Kind::Uncontrolled)
        && job.superseded.is_none()
        && std::env::var_os("CTRLDOC_LAY_OUT_EVERY_PRINT").is_none()
}

/// Tells whether the forms portal shows a picture of this output: a blank
/// form in use or a document's reference copy.
pub fn wants_thumb(job: &Job) -> bool {
    match job.kind {
        // A draft form is not offered on the portal, which keeps no
        // picture of it: one made would be taken away, and the form made
        // again by every build for want of it.
        crate::plan::Kind::Form => !job.draft,
        crate::plan::Kind::Uncontrolled => true,
        _ => false,
    }
}

/// Tells whether an output is rendered only when it is compiled: a blank
/// form, the thousands of outputs of a large set. A blank form is light. A
/// pad is not: its sheets are numbered, and a pad of a thousand sheets is
/// as heavy as a long handbook.
pub fn rendered_when_compiled(job: &Job) -> bool {
    job.kind == crate::plan::Kind::Form
}

/// How much an output takes while it is made (see [`crate::queue`]): a
/// list printed in parts is made alone, since Typst's memory of layouts is
/// emptied between its parts; a blank form is light (see
/// [`rendered_when_compiled`]); anything else whose main source passes
/// [`HEAVY_BYTES`] is heavy.
pub fn weight(item: &Rendered) -> Weight {
    let bytes = item
        .sources
        .iter()
        .map(|(_, text)| text.len())
        .max()
        .unwrap_or(0);
    if !item.parts.is_empty() {
        Weight::Alone
    } else if bytes > HEAVY_BYTES && !rendered_when_compiled(&item.job) {
        Weight::Heavy
    } else {
        Weight::Light
    }
}

/// The size of source past which an output is heavy: a handbook of a
/// hundred pages or so (the benchmark's 190-page handbook is 420 KB, the
/// sample's 26 pages 25 KB). Typst holds all of a document's pages until
/// they are written: the benchmark's handbook and its 22 other prints, with
/// nothing else, peaked at 387 MB made one at a time and 709 MB two at a
/// time.
pub const HEAVY_BYTES: usize = 128 << 10;

/// After how many outputs, when they are light, Typst's memo cache is
/// emptied (see [`keep_memory_flat`]).
const LIGHT_EVICTION: usize = 4;

/// Memory the process may use before Typst's memo cache is emptied.
const MEMORY_BUDGET: u64 = 192 << 20;

/// Keeps memory flat across many outputs: Typst memoises layouts, which makes
/// near-identical outputs (copies of one document) cheap, but its cache grows
/// with every output. It is emptied when the process uses more than
/// [`MEMORY_BUDGET`] (or, where that cannot be read, every 16 outputs),
/// keeping what the outputs being made still need (see [`Keep`]). A large
/// table (the master list of a thousand forms) takes over 100 MB to lay out,
/// which would otherwise stay until two more outputs were done.
///
/// After a light output (a blank form) it is emptied only every
/// [`LIGHT_EVICTION`]th output: emptying it clears a table for every value
/// Typst tracked since it was last emptied, and done after every form of a
/// build of 1,011 forms this took 2.8 % of the CPU time, where a form adds
/// about 1 MB to the cache.
///
/// Returns whether it emptied the cache, for the queue to count (see
/// [`crate::queue`]).
pub fn keep_memory_flat(done: usize, keep: Keep, light: bool) -> bool {
    if light && !done.is_multiple_of(LIGHT_EVICTION) {
        return false;
    }
    match (keep, over_budget()) {
        (Keep::All, _) => return false,
        // What the print just done used, which the next copy lays out from.
        // Keeping the last two outputs' instead held two layouts of a long
        // handbook: 448 MB against 397 MB for the benchmark's handbook, in
        // the same time.
        (Keep::Recent, Some(true)) => typst::comemo::evict(1),
        (Keep::Nothing, Some(true)) => typst::comemo::evict(0),
        (_, Some(false)) => return false,
        (_, None) if done.is_multiple_of(16) => typst::comemo::evict(1),
        (_, None) => return false,
    }
    true
}

/// Empties all of Typst's memory of layouts once a heavy print is laid out
/// whose other prints take its pages ([`Laid::Offered`]), and says whether
/// it did: they do not need its layout, and writing the print takes about
/// as much memory again. What else loses by it is laid out again: the
/// light outputs being laid out beside it lose their earlier rounds, and
/// the pads of a form just made lay the form out anew. `watch` does not
/// call it, to keep the memory for the next build.
///
/// In a build of 10,011 forms with the benchmark's 190-page handbook,
/// emptied there, the memory allocated peaked at 232 MB, against 257 MB;
/// builds of the benchmark's 1,011 forms peaked at 313–325 MB resident,
/// against 329–333 MB (three each).
pub fn empty_taken(weight: Weight) -> bool {
    let empty = weight == Weight::Heavy;
    if empty {
        typst::comemo::evict(0);
    }
    empty
}

/// Whether the process uses more memory than its budget; `None` where that
/// cannot be read.
fn over_budget() -> Option<bool> {
    resident_memory().map(|bytes| bytes > memory_budget())
}

/// [`MEMORY_BUDGET`], or what `CTRLDOC_MEMORY_BUDGET_MB` says.
fn memory_budget() -> u64 {
    std::env::var("CTRLDOC_MEMORY_BUDGET_MB")
        .ok()
        .and_then(|mb| mb.parse::<u64>().ok())
        .map_or(MEMORY_BUDGET, |mb| mb << 20)
}

/// Asks Linux to back this process's memory with 4 KB pages only, not
/// transparent huge pages; elsewhere, does nothing. Call it first thing.
///
/// mimalloc asks for huge pages for its arenas, and where the system gives
/// them (`madvise` or `always` in `/sys/kernel/mm/transparent_hugepage`)
/// the first byte touched of 2 MB costs all 2 MB. Builds of the benchmark's
/// 1,011 forms peaked at 533 and 509 MB with them and 423 and 416 MB
/// without (MB of 1,024 KB), taking 3–7 % longer; 10,011 forms, 588 MB
/// against 507 MB (one build each, 1 % longer without). A one-form rebuild
/// of the sample took 168–184 MB against 113–126 MB, in about the same
/// time, but 5 runs of 16 with them spent 0.28–0.52 s in the kernel, where
/// 15 without spent 0.06–0.11 s.
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// The process's resident memory, on Linux.
fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Pictures one page of an output as PNG, for `what` (to preview it, or to
/// picture it for the portal); failing that, a problem.
fn pictured(
    document: &PagedDocument,
    preview: Preview,
    what: &str,
    job: &Job,
) -> Result<Vec<u8>, Vec<Problem>> {
    picture(document, preview)
        .map_err(|message| Problem::error(format!("cannot {what} `{}`: {message}", job.path)))
}

/// Why a page cannot be pictured: it is not there.
pub fn no_such_page(count: usize, page: usize) -> String {
    format!(
        "it has {}, not page {page}",
        crate::say::plural(count, "page")
    )
}

/// Pictures one page of a document as PNG.
pub fn picture(document: &PagedDocument, preview: Preview) -> Result<Vec<u8>, String> {
    let count = document.pages().len();
    let page = preview
        .page
        .checked_sub(1)
        .and_then(|i| document.pages().get(i))
        .ok_or_else(|| no_such_page(count, preview.page))?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(preview.scale)),
        ..Default::default()
    };
    let pixmap = typst_render::render(page, &options);
    crate::picture::encode(pixmap.width(), pixmap.height(), pixmap.data())
}

/// What came of one output: rendered, then compiled (with Typst's
/// warnings) or not; or not rendered.
type Made = Result<Result<(Compiled, Vec<Problem>), Vec<Problem>>, Failed>;

/// A diagnostic with the rendered source it points into, if any.
#[derive(Debug, Clone)]
struct Problem {
    diagnostic: Diagnostic,
    source: Option<(String, String)>,
    /// For an error in generated Typst, the line it is on, to trace it back
    /// to its template.
    generated: Option<Generated>,
    /// The output being compiled, for an error that others may share.
    compiling: Option<String>,
    /// For a warning of Typst's, what it says wherever it is.
    warning: Option<String>,
    /// For a warning, whether it is said only when no other output is
    /// given the same (see [`Warned::secondary`]).
    secondary: bool,
}

impl Problem {
    /// A diagnostic that points at no generated source.
    fn plain(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostic,
            source: None,
            generated: None,
            compiling: None,
            warning: None,
            secondary: false,
        }
    }

    /// An error that points at no generated source, as the problems of an
    /// output.
    fn error(message: String) -> Vec<Self> {
        vec![Self::plain(Diagnostic::error(message))]
    }
}

/// A place in generated Typst that an error points at.
#[derive(Debug, Clone)]
struct Generated {
    file: String,
    line: usize,
    text: String,
    snippet: String,
    message: String,
    /// Typst's own hints.
    hints: Vec<String>,
    /// Whether it is a warning, not an error.
    warning: bool,
}

fn datetime(date: NaiveDateTime) -> Datetime {
    Datetime::from_ymd_hms(
        date.year(),
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .expect("a chrono date is a valid Typst date")
}

/// The name under which a file of a compilation is shown in diagnostics.
fn display_name(id: FileId) -> String {
    id.vpath().get_without_slash().to_owned()
}

/// What was made, with Typst's `warnings` about it; or the problems of an
/// output that failed, with its warnings first: they are said of it too,
/// since one such as "unknown font family" may be why it failed.
fn with_warnings<T>(
    made: Result<T, Vec<Problem>>,
    warnings: Vec<Problem>,
) -> Result<(T, Vec<Problem>), Vec<Problem>> {
    match made {
        Ok(made) => Ok((made, warnings)),
        Err(problems) => Err(warnings.into_iter().chain(problems).collect()),
    }
}

fn typst_problems(
    world: &DocWorld,
    item: &Rendered,
    errors: &[SourceDiagnostic],
    severity: TypstSeverity,
) -> Vec<Problem> {
    let warning = severity == TypstSeverity::Warning;
    let what = if warning {
        "typst warning"
    } else {
        "typst error"
    };
    errors
        .iter()
        .filter(|e| e.severity == severity)
        .map(|error| {
            // Typst's hint about its own `--root` argument means nothing here.
            let hints: Vec<String> = error
                .hints
                .iter()
                .filter(|h| !h.v.contains("--root"))
                .map(|h| h.v.to_string())
                .collect();
            let message = format!("{what}: {}", error.message);
            let mut diagnostic = if warning {
                Diagnostic::warning(message)
            } else {
                Diagnostic::error(message)
            };
            let mut source = None;
            let mut generated = None;
            if let (Some(id), Some(range)) = (error.span.id(), world.range(error.span))
                && let Ok(text) = world.source(id)
            {
                let text = text.text();
                let name = display_name(id);
                let (line, column) = position(text, range.start);
                diagnostic.message =
                    format!("{what} in `{name}:{line}:{column}`: {}", error.message);
                diagnostic = diagnostic.at(name.clone(), range.clone());
                let in_rendered = item.sources.iter().any(|(path, _)| file_id(path) == id);
                if in_rendered {
                    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                    let end = text[range.start..]
                        .find('\n')
                        .map_or(text.len(), |i| range.start + i);
                    let snippet = &text[range.start..range.end.min(end).max(range.start)];
                    generated = Some(Generated {
                        file: name.clone(),
                        line,
                        text: text[start..end].to_owned(),
                        snippet: snippet.to_owned(),
                        message: error.message.to_string(),
                        hints: hints.clone(),
                        warning,
                    });
                    diagnostic = diagnostic.hint(format!(
                        "this file is generated from {}; fix the template or the data it prints",
                        item.job.templates.join(", ")
                    ));
                }
                source = Some((name, text.to_owned()));
            }
            diagnostic.hints.extend(hints);
            Problem {
                diagnostic,
                source,
                generated,
                compiling: Some(item.job.number.clone()),
                warning: warning.then(|| error.message.to_string()),
                secondary: false,
            }
        })
        .collect()
}

/// Points an error in generated Typst at the template line it came from,
/// when one can be found among the templates the output is made from.
fn traced(generated: &Generated, job: &Job, sources: &Sources) -> Option<Diagnostic> {
    let templates = job
        .templates
        .iter()
        .filter(|t| t.ends_with(".j2"))
        .filter_map(|t| sources.get(t).map(|text| (t.as_str(), text)));
    let origin = crate::origin::find(templates, &generated.text, &generated.snippet)?;
    let text = sources.get(&origin.template)?;
    let (line, column) = position(text, origin.span.start);
    let (what, severity): (_, fn(String) -> Diagnostic) = match generated.warning {
        true => ("typst warning", Diagnostic::warning),
        false => ("typst error", Diagnostic::error),
    };
    let mut traced = severity(format!(
        "{what} in `{}:{line}:{column}`: {}",
        origin.template, generated.message
    ))
    .at(origin.template.clone(), origin.span)
    .hint(format!(
        "it is line {} of `{}`, which ctrldoc generated from this template",
        generated.line, generated.file
    ));
    traced.hints.extend(generated.hints.iter().cloned());
    Some(traced)
}

/// Every character drawn with no glyph (glyph 0, the "tofu" box), with the
/// file whose text produced it.
fn missing_glyphs(document: &PagedDocument) -> BTreeMap<char, Option<FileId>> {
    fn walk(frame: &Frame, out: &mut BTreeMap<char, Option<FileId>>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        for c in text.text[glyph.range()]
                            .chars()
                            .filter(|c| !c.is_whitespace())
                        {
                            out.entry(c).or_insert(glyph.span.0.id());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// Says which character has no glyph and where it came from: the data file
/// that contains it when there is one, else the template source.
fn glyph_problem(
    set: &DocumentSet,
    world: &DocWorld,
    item: &Rendered,
    c: char,
    file: Option<FileId>,
) -> Problem {
    let job = &item.job;
    let what = format!(
        "character `{c}` (U+{:04X}) has no glyph in any font",
        c as u32
    );
    let hint = "add a font that covers it to `forms/fonts/`, or write the text without it";
    let needle = c.to_string();
    for path in job.data.iter().chain(&job.templates) {
        if let Some(text) = set.sources.get(path)
            && let Some(offset) = text.find(&needle)
        {
            let (line, column) = position(text, offset);
            let diagnostic = Diagnostic::error(format!("{what}, in `{path}:{line}:{column}`"))
                .at(path.clone(), offset..offset + needle.len())
                .hint(hint);
            return Problem {
                compiling: Some(job.number.clone()),
                ..Problem::plain(diagnostic)
            };
        }
    }
    let mut diagnostic =
        Diagnostic::error(format!("{what} (printed in `{}`)", job.path)).hint(hint);
    let mut source = None;
    if let Some(id) = file
        && let Ok(text) = world.source(id)
        && let Some(offset) = text.text().find(&needle)
    {
        let name = display_name(id);
        diagnostic = diagnostic.at(name.clone(), offset..offset + needle.len());
        source = Some((name, text.text().to_owned()));
    }
    Problem {
        source,
        ..Problem::plain(diagnostic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Kind;

    fn rendered(kind: Kind, main_bytes: usize) -> Rendered {
        let job = Job {
            kind,
            index: 0,
            copy: None,
            number: "QR-XS-004".into(),
            version: "A0".into(),
            title: "出货单".into(),
            path: "out.pdf".into(),
            forms: vec![],
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            data: vec![],
            templates: vec![],
            superseded: None,
            takes_effect: None,
            printed_at: None,
            text: None,
            draft: false,
            report: None,
            sheets: vec![],
        };
        Rendered {
            job,
            sources: vec![("/.ctrldoc/QR-XS-004.typ".into(), "x".repeat(main_bytes))],
            parts: vec![],
        }
    }

    #[test]
    fn a_long_pad_is_heavy_and_a_blank_form_is_light() {
        let long = HEAVY_BYTES + 1;
        assert_eq!(weight(&rendered(Kind::Pad, long)), Weight::Heavy);
        assert_eq!(weight(&rendered(Kind::Pad, 1000)), Weight::Light);
        assert_eq!(weight(&rendered(Kind::Master, long)), Weight::Heavy);
        // A blank form is rendered when it is compiled, so it is weighed
        // before it is rendered: light, whatever its size.
        assert_eq!(weight(&rendered(Kind::Form, long)), Weight::Light);
        assert!(rendered_when_compiled(&rendered(Kind::Form, 0).job));
        assert!(!rendered_when_compiled(&rendered(Kind::Pad, 0).job));
    }
}

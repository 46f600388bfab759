//! The floor of the benchmark: compiles and exports every main file that
//! `ctrldoc emit-typst DIR` wrote, and pictures the first page of those the
//! forms portal shows, in one process on all cores, with the same virtual
//! paths, fonts, PDF/A settings and memory policy as a build, and writes
//! nothing. What a build
//! takes beyond this is ctrldoc's own work: loading, checking, templating,
//! hashing and writing. Usage: `floor DIR [THREADS]`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ctrldoc::covers::{Prints, cut, splice};
use ctrldoc::fonts::Fonts;
use ctrldoc::queue::{Laid, Queue, Weight};
use ctrldoc::world::{DocWorld, RootFiles, file_id};
use typst::foundations::{Datetime, IntoValue, Smart};
use typst::syntax::{FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

// The allocator of the `ctrldoc` binary, so that the two are compared alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the `ctrldoc` binary does, so that the two are compared alike.
    ctrldoc::compile::small_pages();
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: floor DIR [THREADS]"));
    let threads: usize = args
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut mains: Vec<PathBuf> = std::fs::read_dir(dir.join("mains"))
        .expect("a folder written by `ctrldoc emit-typst`")
        .map(|e| e.unwrap().path())
        .collect();
    mains.sort();
    // Each main under the path ctrldoc compiles it at (the prints of one
    // document share it, and so their layout), whether a build pictures its
    // first page for the forms portal, how much it takes, and whether it may
    // take its pages from its document's first print (not a register).
    let index = std::fs::read_to_string(dir.join("mains.tsv")).unwrap_or_default();
    let known: std::collections::HashMap<&str, (&str, bool, Weight, bool)> = index
        .lines()
        .filter_map(|line| {
            let mut cells = line.split('\t');
            Some((
                cells.next()?,
                (
                    cells.next()?,
                    cells.next()? == "true",
                    Weight::named(cells.next().unwrap_or_default()),
                    cells.next() != Some("false"),
                ),
            ))
        })
        .collect();
    let texts: Vec<(String, String, bool, Weight, bool)> = mains
        .iter()
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy();
            let (name, thumb, weight, shares) = match known.get(file.as_ref()) {
                Some((path, thumb, weight, shares)) => (path.to_string(), *thumb, *weight, *shares),
                None => (format!("/mains/{file}"), false, Weight::Light, false),
            };
            (
                name,
                std::fs::read_to_string(p).unwrap(),
                thumb,
                weight,
                shares,
            )
        })
        .collect();
    // The form bodies are read before the clock starts, as a build has them
    // in memory from rendering.
    let mut body_texts: std::collections::HashMap<String, String> = Default::default();
    for (_, text, ..) in &texts {
        for body in bodies(text) {
            if !body_texts.contains_key(&body)
                && let Ok(body_text) = std::fs::read_to_string(dir.join(&body[1..]))
            {
                body_texts.insert(body, body_text);
            }
        }
    }

    let start = Instant::now();
    let fonts = Fonts::load(&dir, false);
    // What ctrldoc passes `forms/house.typ`, as `emit-typst` wrote it for the
    // Typst CLI, but with the notes in the feet of a handbook moved into place
    // after layout, as a build does (see `ctrldoc::notes`).
    let mut inputs = typst::foundations::Dict::new();
    let mut given: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ctrldoc.json")).unwrap()).unwrap();
    given["moves_notes"] = true.into();
    inputs.insert("ctrldoc".into(), given.to_string().into_value());
    let library = LazyHash::new(Library::builder().with_inputs(inputs).build());
    let files = RootFiles::new(&dir);
    let today = Datetime::from_ymd(2016, 9, 1).unwrap();
    // The same order as a build: a document's other prints after its first.
    let documents: Vec<&str> = texts.iter().map(|(name, ..)| name.as_str()).collect();
    let weights: Vec<Weight> = texts.iter().map(|(_, _, _, weight, _)| *weight).collect();
    let queue = Queue::new(&documents, &weights);
    // As in a build, a document's other prints lay out only their cover
    // and take the pages after it from its first (see `ctrldoc::covers`).
    // Only those that may take pages are counted, as in a build.
    let prints: Prints<()> = Prints::new(
        texts
            .iter()
            .filter(|(.., shares)| *shares)
            .map(|(name, ..)| name.as_str()),
    );
    let finished = AtomicUsize::new(0);
    let pages = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(ticket) = queue.next() {
                    let (name, text, thumb, _, shares) = &texts[ticket.index];
                    // As in a build, the form bodies a main includes are
                    // sources in memory, not files read (and kept) from disk.
                    let mut named = vec![(name.clone(), text.clone())];
                    for body in bodies(text) {
                        if let Some(body_text) = body_texts.get(&body) {
                            named.push((body, body_text.clone()));
                        }
                    }
                    let sources: Vec<(FileId, Source)> = named
                        .iter()
                        .map(|(path, text)| {
                            (file_id(path), Source::new(file_id(path), text.clone()))
                        })
                        .collect();
                    let first = shares.then(|| prints.first(name, &named, today)).flatten();
                    let shared = first.and_then(|first| {
                        let sources = cut(&sources, first.total())?;
                        let world = DocWorld::new(&library, &fonts, &files, &sources, today);
                        let cover = typst::compile::<PagedDocument>(&world).output.ok()?;
                        splice(&first, &cover)
                    });
                    // As in a build, a first print whose pages the others
                    // take keeps nothing of its layout for them, and one laid
                    // out whole after the first keeps it.
                    let spliced = shared.is_some();
                    let mut offered = false;
                    let document = shared.unwrap_or_else(|| {
                        let world = DocWorld::new(&library, &fonts, &files, &sources, today);
                        let document = typst::compile::<PagedDocument>(&world)
                            .output
                            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
                        offered = *shares
                            && prints.offer(
                                name,
                                &named,
                                &document,
                                today,
                                world.dated(),
                                vec![],
                                vec![],
                                |total| {
                                    let sources = cut(&sources, total)?;
                                    let world =
                                        DocWorld::new(&library, &fonts, &files, &sources, today);
                                    typst::compile::<PagedDocument>(&world).output.ok()
                                },
                            );
                        document
                    });
                    let document = ctrldoc::notes::move_notes(document).unwrap();
                    ticket.laid_out_as(Laid::of(offered, spliced), || {
                        ctrldoc::compile::empty_taken(weights[ticket.index])
                    });
                    let options = PdfOptions {
                        ident: Smart::Custom(name.clone()),
                        timestamp: Some(Timestamp::new_utc(today)),
                        standards: PdfStandards::new(&[PdfStandard::A_2b]).unwrap(),
                        ..PdfOptions::default()
                    };
                    let pdf = typst_pdf::pdf(&document, &options).unwrap();
                    if *thumb {
                        let png = ctrldoc::compile::picture(&document, ctrldoc::compile::THUMB);
                        std::hint::black_box(png.unwrap());
                    }
                    std::hint::black_box(pdf);
                    *pages.lock().unwrap() += document.pages().len();
                    // As in a build, what a main used is kept while other
                    // prints are made from it.
                    let light = weights[ticket.index] == Weight::Light;
                    let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                    ticket.finish(|keep| ctrldoc::compile::keep_memory_flat(done, keep, light));
                    if *shares {
                        prints.done(name);
                    }
                }
            });
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "floor: {} outputs, {} pages in {seconds:.2}s ({:.1} ms per output) on {threads} threads",
        texts.len(),
        pages.into_inner().unwrap(),
        seconds * 1000.0 / texts.len() as f64
    );
}

/// The form bodies a main file includes: every `"/.ctrldoc/….typ"` in it.
fn bodies(main: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for piece in main.split('"').skip(1).step_by(2) {
        if piece.starts_with("/.ctrldoc/")
            && piece.ends_with(".typ")
            && !out.iter().any(|b| b == piece)
        {
            out.push(piece.to_owned());
        }
    }
    out
}

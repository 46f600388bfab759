//! Where a build's memory goes: compiles the main files that `ctrldoc
//! emit-typst DIR` wrote, one after another on one thread, and prints the
//! resident memory after every 100 outputs and after any output that grew it
//! by more than 20 MB.
//!
//! `cargo run --release --example memory -- DIR [--pdf] [--keep N]`
//!
//! `--pdf` also exports each PDF; `--keep N` keeps what the last N outputs
//! used in Typst's memo cache (`comemo::evict(N)`), 0 by default.

use std::path::PathBuf;

use ctrldoc::fonts::Fonts;
use ctrldoc::world::{DocWorld, RootFiles, file_id};
use typst::foundations::{Datetime, Dict, IntoValue, Smart};
use typst::syntax::Source;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// The process's resident memory in MB.
fn resident() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    (pages * 4096) >> 20
}

// The allocator of the `ctrldoc` binary, so that the two are compared alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the `ctrldoc` binary does, so that the two are compared alike.
    ctrldoc::compile::small_pages();
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: memory DIR [--pdf] [--keep N]"));
    let (mut pdf, mut keep) = (false, 0usize);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--pdf" => pdf = true,
            "--keep" => keep = args.next().and_then(|n| n.parse().ok()).expect("--keep N"),
            other => panic!("unknown flag `{other}`"),
        }
    }
    let mut mains: Vec<PathBuf> = std::fs::read_dir(dir.join("mains"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    mains.sort();
    let fonts = Fonts::load(&dir, false);
    let mut inputs = Dict::new();
    let given = std::fs::read_to_string(dir.join("ctrldoc.json")).unwrap();
    inputs.insert("ctrldoc".into(), given.as_str().into_value());
    let library = LazyHash::new(Library::builder().with_inputs(inputs).build());
    let files = RootFiles::new(&dir);
    let today = Datetime::from_ymd(2016, 9, 1).unwrap();
    println!("fonts loaded: {} MB", resident());
    let mut before = resident();
    for (i, main) in mains.iter().enumerate() {
        let text = std::fs::read_to_string(main).unwrap();
        let name = format!("/mains/{}", main.file_name().unwrap().to_string_lossy());
        let id = file_id(&name);
        let mut sources = vec![(id, Source::new(id, text.clone()))];
        for piece in text.split('"').skip(1).step_by(2) {
            if piece.starts_with("/.ctrldoc/") && piece.ends_with(".typ") {
                let body = std::fs::read_to_string(dir.join(&piece[1..])).unwrap();
                let body_id = file_id(piece);
                sources.push((body_id, Source::new(body_id, body)));
            }
        }
        let world = DocWorld::new(&library, &fonts, &files, &sources, today);
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        if pdf {
            let options = PdfOptions {
                ident: Smart::Custom(name.clone()),
                ..PdfOptions::default()
            };
            std::hint::black_box(typst_pdf::pdf(&document, &options).unwrap());
        }
        let pages = document.pages().len();
        drop(document);
        typst::comemo::evict(keep);
        let now = resident();
        if now > before + 20 || (i + 1) % 100 == 0 {
            println!("{} outputs, last {name} ({pages} pages): {now} MB", i + 1);
        }
        before = now;
    }
}

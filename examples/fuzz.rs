//! A mutation fuzzer of the path every document set takes before Typst:
//! load → validate → plan → render, and the printing of what went wrong.
//!
//! It mutates the files of the sample (YAML and templates) and runs that
//! path in this process; a panic, or a run that takes too long, is a bug. An
//! input that makes the tool say something it has not said before is kept
//! in the corpus, so that later runs start from it.
//!
//! ```text
//! cargo run --release --example fuzz -- [--minutes 10] [--corpus fuzz/corpus] [--seed N] [--compile]
//! ```
//!
//! With `--compile`, every input that renders is also compiled by Typst
//! (slower: tens of inputs a second instead of about a hundred).
//!
//! The corpus folder holds one file per input, named after the file of the
//! document set it replaces (`data@forms@QR-XS-002.yaml`, with `~…` after
//! a kept input's name). Crashes go to `fuzz/crashes/`.

use std::collections::BTreeSet;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ctrldoc::compile::Compiler;
use ctrldoc::fonts::Fonts;
use ctrldoc::{archive, audit, plan, render, reports};

/// Longest an input may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

/// Most inputs kept in the corpus, so that it stays small enough to keep in
/// the repository.
const MAX_CORPUS: usize = 400;

/// Tokens that mean something to YAML, to the templates, to Typst or to
/// ctrldoc's own checks.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "!!str ",
    "|\n",
    ">\n",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "---\n",
    "...\n",
    "null",
    "~",
    "true",
    "-1",
    "0",
    "65536",
    "99999999999999999999",
    "1e309",
    "2016-02-30",
    "2016-13-01",
    "1970-01-01",
    "A/0",
    "B/9",
    "V1.0",
    "QR-XS-001",
    "XS-ZD-001",
    "XS",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ form(\"QR-XS-001\") }}",
    "{{ form(\"QR-XS-999\") }}",
    "{% include \"form.typ.j2\" %}",
    "{% for x in range(999999) %}",
    "{{ x }}",
    "#import \"/forms/house.typ\": *",
    "#read(\"/",
    "$",
    "\\",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{0}",
    "𓀀",
    "订单",
    "销售部",
    "number: ",
    "title: ",
    "version: ",
    "blocks:\n",
    "rows: ",
    "columns: ",
    "parts: ",
    "serial: ",
    "format: \"{year}{n:05}\"",
    "restart: yearly",
    "approved: ",
    "history:\n",
    "copies:\n",
];

/// A small random number generator; the seed makes a run repeatable.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// One input: the file of the set it replaces and its bytes.
#[derive(Clone)]
struct Input {
    target: String,
    bytes: Vec<u8>,
}

fn main() {
    let mut minutes = 10.0;
    let mut corpus = PathBuf::from("fuzz/corpus");
    let mut compile = false;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--compile" {
            compile = true;
            continue;
        }
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--minutes" => minutes = value.parse().expect("--minutes takes a number"),
            "--corpus" => corpus = PathBuf::from(value),
            "--seed" => seed = value.parse().expect("--seed takes a number"),
            _ => panic!("unknown argument `{arg}`"),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crashes = repo.join("fuzz/crashes");
    let mut inputs = read_corpus(&corpus, repo);
    let seeds = inputs.len();

    // The set the inputs are put into, one file at a time.
    let set = tempfile::tempdir().unwrap();
    for folder in ["data", "forms"] {
        ctrldoc::write::copy_dir(&repo.join(folder), &set.path().join(folder)).unwrap();
    }

    // Panics are counted, not printed as they happen.
    let last_panic = Arc::new(Mutex::new(String::new()));
    let hook_panic = last_panic.clone();
    std::panic::set_hook(Box::new(move |info| {
        *hook_panic.lock().unwrap() = info.to_string();
    }));

    // A watchdog: an input that runs too long is saved and the run ends.
    let started_at = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<Option<Input>>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let clock = Instant::now();
    {
        let (started_at, current, done, crashes) = (
            started_at.clone(),
            current.clone(),
            done.clone(),
            crashes.clone(),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(1));
                let since = clock.elapsed().as_millis() as u64 - started_at.load(Ordering::Relaxed);
                if since > HANG.as_millis() as u64 {
                    if let Some(input) = current.lock().unwrap().clone() {
                        let path = save(&crashes, "hang", &input);
                        eprintln!("an input ran for more than {HANG:?}: {}", path.display());
                    }
                    std::process::exit(2);
                }
            }
        });
    }

    let fonts = compile.then(|| Fonts::load(set.path(), false));
    let mut random = Random(seed);
    let mut said: BTreeSet<String> = BTreeSet::new();
    let mut kept = 0;
    let mut panics = 0;
    let mut runs = 0u64;
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    eprintln!("fuzzing for {minutes} minutes from {seeds} inputs (seed {seed})");
    while Instant::now() < deadline {
        let mut input = inputs[random.below(inputs.len())].clone();
        let splice = inputs[random.below(inputs.len())].bytes.clone();
        for _ in 0..=random.below(4) {
            mutate(&mut input.bytes, &splice, &mut random);
        }
        let path = set.path().join(&input.target);
        let original = fs::read(&path).ok();
        fs::write(&path, &input.bytes).unwrap();
        *current.lock().unwrap() = Some(input.clone());
        started_at.store(clock.elapsed().as_millis() as u64, Ordering::Relaxed);

        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(set.path(), fonts.as_ref())));
        runs += 1;
        match outcome {
            Ok(messages) => {
                let new: Vec<String> = messages.into_iter().filter(|m| !said.contains(m)).collect();
                if !new.is_empty() {
                    said.extend(new);
                    if inputs.len() < MAX_CORPUS {
                        save(&corpus, "new", &input);
                        inputs.push(input.clone());
                        kept += 1;
                    }
                }
            }
            Err(_) => {
                panics += 1;
                let saved = save(&crashes, "panic", &input);
                eprintln!(
                    "panic: {}\n  input: {}",
                    last_panic.lock().unwrap(),
                    saved.display()
                );
            }
        }
        match original {
            Some(bytes) => fs::write(&path, bytes).unwrap(),
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }
    done.store(true, Ordering::Relaxed);
    let elapsed = clock.elapsed();
    eprintln!(
        "{runs} inputs in {:.0} s ({:.0} a second): {panics} panics, {} kinds of message, {kept} inputs added to the corpus ({} in all)",
        elapsed.as_secs_f64(),
        runs as f64 / elapsed.as_secs_f64(),
        said.len(),
        inputs.len()
    );
    if panics > 0 {
        std::process::exit(1);
    }
}

/// Runs load → validate → plan → render on the set and prints what went
/// wrong as a person would read it; returns the kinds of message said.
fn exercise(root: &Path, fonts: Option<&Fonts>) -> Vec<String> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let (history, diagnostics) = archive::load(root, today).expect("the set's folders can be read");
    let mut sources = history.set.sources.clone();
    let mut all = diagnostics.clone();
    if !diagnostics.iter().any(|d| d.is_error()) {
        let findings = audit::findings(&history, &diagnostics, today, None);
        let mut groups = plan::plan(&history);
        groups[0]
            .jobs
            .push(reports::audit_job(&history, &findings, today));
        for group in &groups {
            let Some(fonts) = fonts else {
                let (_, problems) = render::render_lists_in_parts(
                    group.set,
                    &group.jobs,
                    &mut sources,
                    render::list_part_rows(),
                )
                .expect("templates can be read");
                all.extend(problems);
                continue;
            };
            let renderer = render::Renderer::new(group.set, &mut sources, render::list_part_rows())
                .expect("templates can be read");
            let renderer = match renderer {
                Ok(renderer) => renderer,
                Err(problems) => {
                    all.extend(problems);
                    continue;
                }
            };
            let compiler = Compiler {
                fonts,
                epoch: today.and_hms_opt(0, 0, 0),
                jobs: 2,
                preview: None,
                keep_cache: true,
                stage: None,
                last_rendered: &Default::default(),
                last_parts: &Default::default(),
            };
            let done = compiler.compile(&renderer, &group.jobs, &mut sources);
            all.extend(done.problems);
            all.extend(ctrldoc::compile::said_once(done.warnings));
        }
    }
    let _ = sources.format(&all);
    all.iter().map(|d| kind(&d.message)).collect()
}

/// A message without what is particular to one input: quoted values,
/// numbers and places.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                if quoted {
                    out.push('_');
                }
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {}
            c => out.push(c),
        }
    }
    out
}

fn mutate(bytes: &mut Vec<u8>, other: &[u8], random: &mut Random) {
    let len = bytes.len();
    let at = random.below(len + 1);
    match random.below(8) {
        0 if len > 0 => bytes[at.min(len - 1)] ^= 1 << random.below(8),
        1 => bytes.insert(at, random.below(256) as u8),
        2 if len > 0 => {
            let end = (at + 1 + random.below(16)).min(len);
            bytes.drain(at.min(len - 1)..end);
        }
        3 | 4 => {
            let token = TOKENS[random.below(TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        5 => {
            // Repeat a line.
            let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
            if !lines.is_empty() {
                let line = lines[random.below(lines.len())].to_vec();
                bytes.splice(at..at, line);
            }
        }
        6 => {
            // Take a line from another input.
            let lines: Vec<&[u8]> = other.split_inclusive(|&b| b == b'\n').collect();
            if !lines.is_empty() {
                let line = lines[random.below(lines.len())].to_vec();
                bytes.splice(at..at, line);
            }
        }
        _ => {
            // Drop a line.
            let lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if !lines.is_empty() {
                let gone = random.below(lines.len());
                *bytes = lines
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| *i != gone)
                    .flat_map(|(_, l)| l)
                    .collect();
            }
        }
    }
}

/// Reads the corpus; when it is empty, starts it with the sample's files.
fn read_corpus(corpus: &Path, repo: &Path) -> Vec<Input> {
    fs::create_dir_all(corpus).unwrap();
    let mut names: Vec<String> = fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        for folder in ["data", "data/documents", "data/forms", "forms"] {
            for entry in fs::read_dir(repo.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(".yaml") || name.ends_with(".j2") {
                    let target = format!("{folder}/{name}");
                    let file = target.replace('/', "@");
                    fs::copy(&path, corpus.join(&file)).unwrap();
                    names.push(file);
                }
            }
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| Input {
            target: name.split('~').next().unwrap().replace('@', "/"),
            bytes: fs::read(corpus.join(&name)).unwrap(),
        })
        .collect()
}

/// Saves an input under a name made of its target and a hash of its bytes.
fn save(dir: &Path, why: &str, input: &Input) -> PathBuf {
    use std::hash::{Hash, Hasher};
    fs::create_dir_all(dir).unwrap();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    input.bytes.hash(&mut hasher);
    let name = format!(
        "{}~{why}-{:016x}",
        input.target.replace('/', "@"),
        hasher.finish()
    );
    let path = dir.join(name);
    fs::write(&path, &input.bytes).unwrap();
    path
}

//! Killed at any moment, ctrldoc leaves every file it writes whole: the old
//! one or the new one, never a truncated one. These tests kill builds and
//! issues with SIGKILL at random moments, many times, and read every file
//! back after each kill; and stop issues with SIGINT (Ctrl-C), after which
//! no copy is on record that the command did not say it issued.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSet, stderr};

/// A small random number generator with a fixed start, so that a failure
/// can be repeated (the seed is printed).
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("CTRLDOC_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

fn spawn(set: &TestSet, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ctrldoc"))
        .arg("--root")
        .arg(set.root())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Runs a command and kills it with SIGKILL after `after`, unless it ended
/// first. Returns whether it was killed.
fn kill_after(set: &TestSet, args: &[&str], after: Duration) -> bool {
    let mut child = spawn(set, args);
    let started = Instant::now();
    while started.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    killed
}

/// Every file under `dir`, except those in folders whose name starts with
/// a dot (a killed build's staging folder) and temporary files.
fn final_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            out.extend(final_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Reads back every file ctrldoc writes and says what is not whole.
fn broken_files(set: &TestSet) -> Vec<String> {
    let mut broken = vec![];
    for path in final_files(&set.path("output")) {
        let bytes = fs::read(&path).unwrap();
        let name = path.display().to_string();
        let whole = match path.extension().and_then(|e| e.to_str()) {
            Some("pdf") => {
                bytes.starts_with(b"%PDF-")
                    && bytes.trim_ascii_end().ends_with(b"%%EOF")
                    && lopdf::Document::load_mem(&bytes).is_ok()
            }
            Some("json") => serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
            Some("csv") => bytes.starts_with("\u{feff}".as_bytes()) && bytes.ends_with(b"\n"),
            _ => true,
        };
        if !whole {
            broken.push(name);
        }
    }
    for folder in ["data/registers", "data/ledgers"] {
        for path in final_files(&set.path(folder)) {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let parsed = serde_yaml_ok(&text);
            if !parsed {
                broken.push(path.display().to_string());
            }
        }
    }
    broken
}

/// Whether a register or ledger file is whole: it ends where ctrldoc ends
/// it, with the last entry's last field and a line break.
fn serde_yaml_ok(text: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(text).is_ok()
        && text.ends_with('\n')
        && text
            .lines()
            .any(|l| l.starts_with("document:") || l.starts_with("form:"))
        && (text.contains("copies:") || text.contains("pads:"))
}

/// Runs a command, kills it at a random moment within 1.25 times `full`
/// (its time when left alone), and asserts that every file is whole.
/// Returns whether it was killed before it ended.
fn kill_at_random(
    set: &TestSet,
    args: &[&str],
    full: Duration,
    random: &mut Random,
    seed: u64,
) -> bool {
    let after = Duration::from_micros(random.below(full.as_micros() as u64 * 5 / 4));
    let killed = kill_after(set, args, after);
    let broken = broken_files(set);
    assert!(
        broken.is_empty(),
        "seed {seed}, `{}` killed after {after:?}: not whole: {broken:?}",
        args.join(" ")
    );
    killed
}

/// How long a command takes when left alone.
fn duration(set: &TestSet, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = set.run(args);
    assert!(out.status.success(), "{}", stderr(&out));
    started.elapsed()
}

#[test]
fn builds_killed_at_random_moments_leave_every_file_whole() {
    let seed = seed();
    let mut random = Random(seed);
    let set = TestSet::sample();
    set.build();
    // Each round changes the company name, so that every output is rewritten.
    let mut company = "浙江恒远陶瓷有限公司".to_owned();
    let mut rename = |round: usize| {
        let next = format!("浙江恒远陶瓷有限公司{round}");
        set.edit("data/organisation.yaml", &company, &next);
        company = next;
    };
    // The quicker of two builds: one slowed by the other test beside it
    // would put most kills after the builds' end.
    rename(0);
    let first = duration(&set, &["build"]);
    rename(100);
    let full = first.min(duration(&set, &["build"]));
    let mut killed = 0;
    for round in 1..=16 {
        rename(round);
        killed += usize::from(kill_at_random(&set, &["build"], full, &mut random, seed));
    }
    assert!(
        killed >= 8,
        "seed {seed}: only {killed} of 16 builds were killed"
    );

    // A temporary file a killed write left an hour ago goes; a fresh one,
    // which a live write may own, stays.
    let old = set.path("output/forms/.tmpOLD123");
    let fresh = set.path("output/forms/.tmpNEW456");
    fs::write(&old, b"half").unwrap();
    fs::write(&fresh, b"half").unwrap();
    let touched = Command::new("touch")
        .args(["-d", "2 hours ago"])
        .arg(&old)
        .status()
        .unwrap();
    assert!(touched.success());

    // The next build finishes what the killed ones left, and cleans up.
    set.build();
    assert!(!old.exists() && fresh.exists());
    let leftovers: Vec<_> = fs::read_dir(set.path("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let audit = set.run(&["audit"]);
    let report = String::from_utf8_lossy(&audit.stdout);
    assert!(
        !report.contains("tampered") && !report.contains("stale"),
        "seed {seed}: {report}"
    );
}

#[test]
fn issues_killed_at_random_moments_never_lose_or_repeat_a_copy() {
    let seed = seed();
    let mut random = Random(seed);
    let set = TestSet::sample();
    set.build();
    let full = duration(
        &set,
        &["issue", "XS-ZD-001", "--holder", "销售部", "--another"],
    );
    for _ in 1..=12 {
        let args = ["issue", "XS-ZD-001", "--holder", "销售部", "--another"];
        kill_at_random(&set, &args, full, &mut random, seed);
    }
    // Whatever was recorded is consistent, numbered without repeats, and builds.
    let out = set.run(&["check"]);
    assert!(out.status.success(), "seed {seed}: {}", stderr(&out));
    let register = set.read("data/registers/XS-ZD-001.yaml");
    let numbers: Vec<u32> = register
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- number: "))
        .map(|n| n.parse().unwrap())
        .collect();
    // Issued in order, each once: sorting and removing repeats changes nothing.
    let mut unique = numbers.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(numbers, unique, "seed {seed}: {register}");
    set.build();
}

#[test]
fn an_issue_stopped_with_ctrl_c_records_only_the_copies_it_said_it_issued() {
    let seed = seed();
    let mut random = Random(seed);
    let set = TestSet::sample();
    set.build();
    let full = duration(
        &set,
        &["issue", "XS-ZD-001", "--holder", "销售部", "--another"],
    );
    // Timed once, whole: copy 01.
    let mut said = 1;
    let mut runs = vec![];
    for _ in 1..=10 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ctrldoc"))
            .arg("--root")
            .arg(set.root())
            .args(["issue", "XS-ZD-001", "--holder", "销售部", "--another"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Anywhere in its run, the start most often: loading and planning.
        std::thread::sleep(full.mul_f64(random.below(120) as f64 / 100.0));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let out = child.wait_with_output().unwrap();
        let text = stderr(&out);
        said += text.matches("issued copy").count();
        runs.push(format!("{:?}: {text}", out.status.code()));
        // A promise to put the change back is kept.
        if text.contains("the change is put back once the build stops") {
            assert!(!text.contains("issued copy"), "seed {seed}: {text}");
        }
        if text.contains("interrupted") {
            assert!(
                text.contains(
                    "nothing was issued, and `data/registers/XS-ZD-001.yaml` is as it was"
                ),
                "seed {seed}: {text}"
            );
        }
    }
    // Every copy on record was said to be issued, and none that is not.
    let register =
        fs::read_to_string(set.path("data/registers/XS-ZD-001.yaml")).unwrap_or_default();
    let recorded = register.matches("- number: ").count();
    assert_eq!(
        recorded,
        said,
        "seed {seed}: {register}\n{}",
        runs.join("\n")
    );
    let out = set.run(&["check"]);
    assert!(out.status.success(), "seed {seed}: {}", stderr(&out));
}

//! `ctrldoc watch`: builds, then builds again whenever a file of the set is
//! saved, saying what was rebuilt and what is wrong. Only what changed is
//! compiled, so saving one form rebuilds that form and what prints it. It
//! builds again when the day changes, too: what is in force, and what the
//! audit report finds overdue, depend on the day.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use crate::build::{self, Goal};
use crate::config::Config;

/// How often the set's files are looked at.
const POLL: Duration = Duration::from_millis(200);

/// What a file looked like: its length and when it was last written.
type Stamp = (u64, Option<SystemTime>);

/// Builds now and after every change, until interrupted.
pub fn watch(config: &Config) -> Result<ExitCode> {
    let mut seen = stamps(&config.root);
    let days = || (config.today(), config.report_date());
    let mut day = days();
    round(config);
    crate::say!(
        "watching `{}` for changes (Ctrl-C to stop)",
        config.root.display()
    );
    loop {
        std::thread::sleep(POLL);
        let now = stamps(&config.root);
        if now == seen {
            if days() != day {
                day = days();
                crate::say!("a new day: {}", day.0);
                round(config);
            }
            continue;
        }
        // An editor may write a file in several steps: wait until it is still.
        let mut settled = now;
        loop {
            std::thread::sleep(POLL / 2);
            let again = stamps(&config.root);
            if again == settled {
                break;
            }
            settled = again;
        }
        let changed: Vec<&PathBuf> = settled
            .iter()
            .filter(|(path, stamp)| seen.get(*path) != Some(stamp))
            .map(|(path, _)| path)
            .chain(seen.keys().filter(|path| !settled.contains_key(*path)))
            .collect();
        for path in changed {
            crate::say!("changed {}", crate::loader::relative(&config.root, path));
        }
        seen = settled;
        day = days();
        round(config);
    }
}

/// One build, reported: every output rebuilt, or the problems.
fn round(config: &Config) {
    let start = Instant::now();
    let goal = Goal {
        write: true,
        warm: true,
        ..Goal::default()
    };
    let _lock = match config.root.join("data").is_dir() {
        true => crate::register::StateLock::take(&config.root).ok(),
        false => None,
    };
    let built = build::build(config, &goal);
    match built {
        Err(err) => crate::errln!("error: {err:#}"),
        Ok(outcome) => {
            outcome.sources.print(&outcome.diagnostics);
            if outcome.has_errors() {
                crate::errln!("nothing was written: fix the errors above and save again");
                return;
            }
            for compiled in &outcome.compiled {
                crate::say!("rebuilt {}", compiled.job.path);
            }
            // Counted as unchanged below: its file is, though what it is
            // made from changed.
            for path in &outcome.alike {
                crate::say!("{}", crate::kept_alike(path));
            }
            crate::say!(
                "{} rebuilt, {} unchanged, in {:.0} ms",
                outcome.compiled.len(),
                outcome.reused.len(),
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

/// The files a build reads, with their stamps: everything under `data/`
/// and `forms/` but the state lock.
fn stamps(root: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut out = BTreeMap::new();
    for folder in ["data", "forms"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || name == ".lock" {
                continue;
            }
            if let Ok(meta) = entry.metadata() {
                out.insert(entry.into_path(), (meta.len(), meta.modified().ok()));
            }
        }
    }
    out
}

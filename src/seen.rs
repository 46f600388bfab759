//! What a build saw of the files it wrote, so that the next one need not
//! read them all again to know they are still the ones written.
//!
//! A build keeps an output of the last one only if its file is the one
//! written: same SHA-256 as the manifest says. Reading and hashing every
//! file took a fifth of a no-op build of 10,011 forms (948 MB of PDFs).
//! So each build notes, beside the manifest, each file's size, times,
//! device and inode with the hash it has; the next build trusts a file
//! whose note still matches, as Git trusts what its index saw, and reads
//! and hashes the rest. `verify` reads every file, whatever is noted.
//!
//! On the usual Linux file systems, writing to a file (or renaming it, or
//! changing its permissions) gives it a new change time, which programs
//! cannot set back; so a file changed by hand no longer matches its note,
//! even with its size and modification time put back. Where a file system
//! keeps coarse times (two seconds on FAT) or makes its change time up
//! (FAT, some network and FUSE mounts), such a change can pass unnoticed.
//!
//! A file is noted only if it had not changed for [`SETTLED`] when the
//! build began ([`Seen::of`]): the build read it, or its note, after
//! that, so the hash it was found to have is still the manifest's (or it
//! was made again), and a change since, even within a coarse tick, gives
//! it a time too late to be noted. So a build notes none of the files it
//! wrote: the next build reads them, and notes them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::write::Entry;

/// Where the notes are kept, in `output/`.
pub const FILE: &str = ".ctrldoc-seen.json";

/// How long a file must have been left alone before a build that began
/// then notes it.
pub const SETTLED: Duration = Duration::from_secs(2);

/// The notes of a build, by path relative to `output/`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Seen {
    files: BTreeMap<String, Note>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    stamp: Stamp,
    /// The SHA-256 it had, in hex.
    sha256: String,
}

/// What a file's metadata says of it: size, modification and change
/// times (seconds and nanoseconds), device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    dev: u64,
    ino: u64,
}

impl Seen {
    /// Reads the notes in `output`; none when there are none or they cannot
    /// be read (then every file is read and hashed, as before notes).
    pub fn read(output: &Path) -> Self {
        fs::read(output.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Tells whether the file at `rel` under `output` is the one with this
    /// SHA-256 without reading it: its note says so, and it has not changed
    /// since.
    pub fn vouches(&self, output: &Path, rel: &str, sha256: &str) -> bool {
        self.files.get(rel).is_some_and(|note| {
            note.sha256 == sha256
                && fs::metadata(output.join(rel))
                    .ok()
                    .and_then(|meta| stamp(&meta))
                    .is_some_and(|now| now == note.stamp)
        })
    }

    /// Notes, with the hash the manifest gives it, each output of a build
    /// that began at `began` whose file had not changed for [`SETTLED`]
    /// then. The build found that file to be the one written, or made it
    /// again; a file changed since has a time too late to be noted.
    pub fn of(output: &Path, outputs: &[Entry], began: SystemTime) -> Self {
        let Some(before) = began.checked_sub(SETTLED) else {
            return Self::default();
        };
        let files = outputs
            .iter()
            .filter_map(|entry| {
                let meta = fs::metadata(output.join(&entry.path)).ok()?;
                let stamp = stamp(&meta)?;
                (stamp.latest()? < before).then(|| {
                    let sha256 = entry.sha256.clone();
                    (entry.path.clone(), Note { stamp, sha256 })
                })
            })
            .collect();
        Self { files }
    }

    /// Writes the notes into `output`. They only spare reading: notes that
    /// could not be written, or were cut short, are not read, and the next
    /// build reads every file; so they are written without waiting for the
    /// disk.
    pub fn write(&self, output: &Path) {
        if let Ok(json) = serde_json::to_vec(self) {
            let _ = fs::write(output.join(FILE), json);
        }
    }
}

impl Stamp {
    /// The later of the modification and change times.
    fn latest(&self) -> Option<SystemTime> {
        let time = |(seconds, nanoseconds): (i64, i64)| {
            SystemTime::UNIX_EPOCH.checked_add(Duration::new(
                u64::try_from(seconds).ok()?,
                u32::try_from(nanoseconds).ok()?,
            ))
        };
        Some(time(self.modified)?.max(time(self.changed)?))
    }
}

/// A file's stamp; `None` for what is not a file, and where the change
/// time and inode cannot be known (then nothing is noted).
#[cfg(unix)]
fn stamp(meta: &fs::Metadata) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    meta.is_file().then(|| Stamp {
        len: meta.len(),
        modified: (meta.mtime(), meta.mtime_nsec()),
        changed: (meta.ctime(), meta.ctime_nsec()),
        dev: meta.dev(),
        ino: meta.ino(),
    })
}

#[cfg(not(unix))]
fn stamp(_: &fs::Metadata) -> Option<Stamp> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(path: &str, sha256: &str) -> Vec<Entry> {
        let entry = serde_json::json!({
            "kind": "form", "number": "QR-1", "version": "A/0", "title": "t",
            "path": path, "sha256": sha256, "pages": 1, "inputs": {},
        });
        vec![serde_json::from_value(entry).unwrap()]
    }

    /// Writes `bytes` over a file, keeping its modification time.
    fn overwrite_keeping_time(path: &Path, bytes: &[u8]) {
        let modified = fs::metadata(path).unwrap().modified().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        fs::write(path, bytes).unwrap();
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(modified).unwrap();
        assert_eq!(fs::metadata(path).unwrap().modified().unwrap(), modified);
    }

    #[test]
    fn a_noted_file_is_vouched_for_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path();
        let began = SystemTime::now();
        // File times lag the clock by up to a tick of the kernel's.
        std::thread::sleep(Duration::from_millis(50));
        fs::write(output.join("a.pdf"), b"first").unwrap();
        let manifest = manifest("a.pdf", "noted");
        // Written after the build began, or settled less than
        // SETTLED before it: not noted.
        assert!(Seen::of(output, &manifest, began).files.is_empty());
        assert!(
            Seen::of(output, &manifest, began + SETTLED)
                .files
                .is_empty()
        );
        // Settled: noted with the manifest's hash, which the note vouches
        // for without the file being read (its bytes hash otherwise).
        let later = SystemTime::now() + SETTLED + Duration::from_millis(100);
        Seen::of(output, &manifest, later).write(output);
        let seen = Seen::read(output);
        assert!(seen.vouches(output, "a.pdf", "noted"));
        assert!(!seen.vouches(output, "a.pdf", "other"));
        assert!(!seen.vouches(output, "b.pdf", "noted"));
        // Rewritten with the same size and its modification time put back:
        // its change time tells.
        overwrite_keeping_time(&output.join("a.pdf"), b"other");
        assert!(!seen.vouches(output, "a.pdf", "noted"));
    }

    #[test]
    fn a_file_changed_after_the_build_began_is_not_noted() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path();
        fs::write(output.join("a.pdf"), b"first").unwrap();
        // A build that begins SETTLED after now finds the file settled
        // and would note it; but the file is changed while it runs (now,
        // as far as file times tell), with its modification time put back.
        std::thread::sleep(Duration::from_millis(50));
        let began = SystemTime::now() + SETTLED;
        let manifest = manifest("a.pdf", "first");
        assert_eq!(Seen::of(output, &manifest, began).files.len(), 1);
        overwrite_keeping_time(&output.join("a.pdf"), b"other");
        let seen = Seen::of(output, &manifest, began);
        assert!(seen.files.is_empty(), "{seen:?}");
    }
}

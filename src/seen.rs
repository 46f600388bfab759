//! What a build saw of the files it wrote, so that the next one need not
//! read them all again to know they are still the ones written.
//!
//! A build keeps an output of the last one only if its file is the one
//! written: same SHA-256 as the manifest says. Reading and hashing every
//! file took a fifth of a no-op build of 10,011 forms (948 MB of PDFs).
//! So each build notes, beside the manifest, each file's size, times and
//! inode with the hash it was found to have; the next build trusts a file
//! whose note still matches, as `make`, Cargo and Git trust what they saw,
//! and reads and hashes the rest. `verify` reads every file, whatever is
//! noted.
//!
//! A file written to (or renamed, or given other permissions) gets a new
//! change time, which no program can set, so a file changed by hand no
//! longer matches its note, even with its size and modification time put
//! back. On a file system whose times are coarse (two seconds on FAT), a
//! file changed in the same tick as it was noted could keep its times: a
//! file is noted only once it has not changed for [`SETTLED`], and until
//! then it is read each time.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::write::Manifest;

/// Where the notes are kept, in `output/`.
pub const FILE: &str = ".ctrldoc-seen.json";

/// How long a file must have been left alone before it is noted.
pub const SETTLED: Duration = Duration::from_secs(2);

/// The notes of the last build, by path relative to `output/`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Seen {
    files: HashMap<String, Note>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    /// The file's size, times and inode, as [`stamp`] writes them.
    stamp: String,
    /// The SHA-256 it had, in hex.
    sha256: String,
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

    /// Notes each output of `manifest` that has settled, with the hash the
    /// manifest gives it: the build has just written it, or found it to be
    /// the one written, and a file changed since then has not settled.
    pub fn of(output: &Path, manifest: &Manifest) -> Self {
        Self::as_of(output, manifest, SystemTime::now())
    }

    fn as_of(output: &Path, manifest: &Manifest, now: SystemTime) -> Self {
        let files = manifest
            .outputs
            .iter()
            .filter_map(|entry| {
                let meta = fs::metadata(output.join(&entry.path)).ok()?;
                settled(&meta, now).then_some(())?;
                let note = Note {
                    stamp: stamp(&meta)?,
                    sha256: entry.sha256.clone(),
                };
                Some((entry.path.clone(), note))
            })
            .collect();
        Self { files }
    }

    /// Writes the notes into `output`. They only spare reading: a build
    /// whose notes could not be written reads every file next time.
    pub fn write(&self, output: &Path) {
        if let Ok(json) = serde_json::to_vec(self) {
            let _ = crate::write::write_atomic(&output.join(FILE), &json);
        }
    }
}

/// Whether a file's contents and times have been left alone for
/// [`SETTLED`] as of `now`.
fn settled(meta: &fs::Metadata, now: SystemTime) -> bool {
    let Some(changed) = changed(meta) else {
        return false;
    };
    now.duration_since(changed).is_ok_and(|age| age >= SETTLED)
}

/// The later of a file's modification and change times.
#[cfg(unix)]
fn changed(meta: &fs::Metadata) -> Option<SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let change = SystemTime::UNIX_EPOCH.checked_add(Duration::new(
        u64::try_from(meta.ctime()).ok()?,
        u32::try_from(meta.ctime_nsec()).ok()?,
    ))?;
    Some(meta.modified().ok()?.max(change))
}

#[cfg(not(unix))]
fn changed(_: &fs::Metadata) -> Option<SystemTime> {
    None
}

/// A file's size, modification and change times, device and inode, as one
/// string; `None` where they cannot all be known (then nothing is noted).
#[cfg(unix)]
fn stamp(meta: &fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    meta.is_file().then(|| {
        format!(
            "{} {}.{:09} {}.{:09} {} {}",
            meta.len(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
            meta.dev(),
            meta.ino()
        )
    })
}

#[cfg(not(unix))]
fn stamp(_: &fs::Metadata) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(path: &str, sha256: &str) -> Manifest {
        let entry = serde_json::json!({
            "kind": "form", "number": "QR-1", "version": "A/0", "title": "t",
            "path": path, "sha256": sha256, "pages": 1, "inputs": {},
        });
        serde_json::from_value(serde_json::json!({ "tool": "t", "outputs": [entry] })).unwrap()
    }

    #[test]
    fn a_noted_file_is_vouched_for_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path();
        fs::write(output.join("a.pdf"), b"first").unwrap();
        let manifest = manifest("a.pdf", "noted");
        // Just written: not noted yet.
        assert!(Seen::of(output, &manifest).files.is_empty());
        let later = SystemTime::now() + SETTLED;
        assert!(
            Seen::as_of(output, &manifest, later - Duration::from_millis(100))
                .files
                .is_empty()
        );
        // Settled: noted with the manifest's hash, which the note vouches
        // for without the file being read (its bytes hash otherwise).
        Seen::as_of(output, &manifest, later).write(output);
        let seen = Seen::read(output);
        assert!(seen.vouches(output, "a.pdf", "noted"));
        assert!(!seen.vouches(output, "a.pdf", "other"));
        assert!(!seen.vouches(output, "b.pdf", "noted"));
        // Rewritten with the same size and its modification time put back:
        // its change time tells.
        let modified = fs::metadata(output.join("a.pdf"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(Duration::from_millis(10));
        fs::write(output.join("a.pdf"), b"other").unwrap();
        fs::File::options()
            .write(true)
            .open(output.join("a.pdf"))
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(
            fs::metadata(output.join("a.pdf"))
                .unwrap()
                .modified()
                .unwrap(),
            modified
        );
        assert!(!seen.vouches(output, "a.pdf", "noted"));
    }
}

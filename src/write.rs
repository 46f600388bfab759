//! Writes the PDFs and `manifest.json` to `output/`, each file atomically,
//! and removes outputs of an earlier build that this build no longer makes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::compile::Compiled;
use crate::diagnostic::Sources;

/// The record of one build: what each output is and the hash of every file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The ctrldoc version that wrote it.
    pub tool: String,
    /// Every output, sorted by path.
    pub outputs: Vec<Entry>,
    /// Outputs of earlier builds that this one replaced or no longer makes,
    /// kept so that an old print can still be told from a forgery.
    #[serde(default)]
    pub retired: Vec<Entry>,
}

impl Manifest {
    /// Reads `output/manifest.json`, if there is one.
    pub fn read(output: &Path) -> Option<Self> {
        let text = fs::read_to_string(output.join("manifest.json")).ok()?;
        serde_json::from_str(&text).ok()
    }
}

/// One output in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// What kind of paper it is.
    pub kind: String,
    /// Document or form number.
    pub number: String,
    /// Version.
    pub version: String,
    /// For a controlled copy, its distribution number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<u32>,
    /// For a controlled copy, its holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// For a pad, its first and last serial numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serials: Option<(String, String)>,
    /// Title.
    pub title: String,
    /// Path relative to `output/`.
    pub path: String,
    /// SHA-256 of the PDF, in hex.
    pub sha256: String,
    /// Number of pages.
    pub pages: usize,
    /// SHA-256 of every input it was made from, by path; `fonts` for the fonts.
    pub inputs: BTreeMap<String, String>,
}

/// The SHA-256 of bytes, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Writes every PDF, the tables (CSV, by file name) and the manifest under
/// `output`.
pub fn write(
    output: &Path,
    compiled: &[Compiled],
    sources: &Sources,
    fonts: &str,
    tables: &[(&str, String)],
) -> Result<Manifest> {
    for (name, csv) in tables {
        // A byte-order mark so that spreadsheet programs read the CSV as UTF-8.
        write_atomic(&output.join(name), format!("\u{feff}{csv}").as_bytes())?;
    }
    let mut outputs = vec![];
    for item in compiled {
        let job = &item.job;
        write_atomic(&output.join(&job.path), &item.pdf)?;
        let mut inputs: BTreeMap<String, String> = job
            .data
            .iter()
            .chain(&job.templates)
            .filter_map(|path| {
                sources
                    .get(path)
                    .map(|text| (path.clone(), sha256(text.as_bytes())))
            })
            .collect();
        inputs.insert("fonts".into(), fonts.to_owned());
        outputs.push(Entry {
            kind: job.kind.name().to_owned(),
            copy: job.copy.as_ref().map(|c| c.number),
            holder: job.copy.as_ref().map(|c| c.holder.clone()),
            serials: job.serials(),
            number: job.number.clone(),
            version: job.version.clone(),
            title: job.title.clone(),
            path: job.path.clone(),
            sha256: sha256(&item.pdf),
            pages: item.pages,
            inputs,
        });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut manifest = Manifest {
        tool: format!("ctrldoc {}", env!("CARGO_PKG_VERSION")),
        outputs,
        retired: vec![],
    };

    // An output the last build wrote and this one does not is out of date;
    // an output it wrote with other bytes was reprinted. Both are retired.
    let manifest_path = output.join("manifest.json");
    if let Some(old) = Manifest::read(output) {
        manifest.retired = old.retired;
        for entry in old.outputs {
            let gone = !manifest.outputs.iter().any(|e| e.path == entry.path);
            let inside = !entry.path.contains("..") && !Path::new(&entry.path).is_absolute();
            if gone && inside {
                let _ = fs::remove_file(output.join(&entry.path));
            }
            let kept = manifest.outputs.iter().any(|e| e.sha256 == entry.sha256);
            if !kept && !manifest.retired.iter().any(|e| e.sha256 == entry.sha256) {
                manifest.retired.push(entry);
            }
        }
    }
    let mut json =
        serde_json::to_string_pretty(&manifest).context("failed to serialise the manifest")?;
    json.push('\n');
    write_atomic(&manifest_path, json.as_bytes())?;
    Ok(manifest)
}

/// Writes a file so that readers see the old or the new content, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("an output path has a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    // Temporary files are private; outputs are for everyone who may read the folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::Permissions::from_mode(0o644);
        file.as_file()
            .set_permissions(mode)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    file.as_file()
        .sync_all()
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    file.persist(path)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

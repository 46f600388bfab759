//! Names this build of ctrldoc by what it is made from (its code, its
//! built-in templates and the versions of the crates it uses), as
//! `CTRLDOC_BUILD`: an output made by another build, even of the same
//! version, is made again, since the code that made it may have changed.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    for dir in ["src", "forms", "starter"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let name = file.strip_prefix(&root).unwrap_or(file);
        hasher.update(name.to_string_lossy().replace('\\', "/").as_bytes());
        hasher.update([0]);
        // A file that cannot be read (no Cargo.lock yet) counts as empty.
        let bytes = fs::read(file).unwrap_or_default();
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let hash = format!("{:x}", hasher.finalize());
    println!("cargo:rustc-env=CTRLDOC_BUILD={}", &hash[..12]);
}

/// Every file under `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

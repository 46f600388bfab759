//! What a command that changes the set's state (`issue`, `recall`,
//! `serial`, `revise`, `approve`) is about to change, kept so that it can be
//! put back: a change that leaves the set with errors (a copy dated before
//! its version was approved, a holder's name no font can print) is not
//! kept, since every later command would refuse to run until someone
//! edited the register by hand.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::write::write_durable;

/// The files and folders a change writes, as they were before it.
#[derive(Debug, Default)]
pub struct Undo {
    root: PathBuf,
    /// Each file, by its path in the set, with its bytes before the change
    /// (`None`: it did not exist).
    files: Vec<(String, Option<Vec<u8>>)>,
    /// Folders the change creates.
    folders: Vec<String>,
}

impl Undo {
    /// Nothing kept yet, for the set at `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            ..Self::default()
        }
    }

    /// Keeps the file `rel` (a path in the set) as it is now, before the
    /// change writes it.
    pub fn file(&mut self, rel: &str) -> Result<()> {
        let path = self.root.join(rel);
        let bytes = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                return Err(err).with_context(|| format!("failed to read `{rel}`"));
            }
        };
        self.files.push((rel.to_owned(), bytes));
        Ok(())
    }

    /// Notes that the change created the folder `rel`.
    pub fn folder(&mut self, rel: &str) {
        self.folders.push(rel.to_owned());
    }

    /// The paths of what the change wrote, in the set.
    pub fn paths(&self) -> Vec<&str> {
        let files = self.files.iter().map(|(rel, _)| rel.as_str());
        files
            .chain(self.folders.iter().map(String::as_str))
            .collect()
    }

    /// Puts every file back as it was and removes the folders created.
    pub fn undo(self) -> Result<()> {
        for (rel, bytes) in self.files.iter().rev() {
            let path = self.root.join(rel);
            match bytes {
                Some(bytes) => write_durable(&path, bytes)?,
                None => match fs::remove_file(&path) {
                    Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                        return Err(err).with_context(|| format!("failed to remove `{rel}`"));
                    }
                    _ => {}
                },
            }
        }
        for rel in &self.folders {
            fs::remove_dir_all(self.root.join(rel))
                .with_context(|| format!("failed to remove `{rel}`"))?;
        }
        Ok(())
    }
}

/// A change to the set's state, made and not yet built.
pub struct Change {
    /// What was there before it.
    pub undo: Undo,
    /// What it did, said once the set builds with it.
    pub done: Vec<String>,
    /// What is said when it is put back, e.g. "nothing was issued".
    pub nothing: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undo_puts_back_files_changed_and_removes_those_and_folders_created() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("data/registers")).unwrap();
        fs::write(root.join("data/registers/A.yaml"), "before\n").unwrap();
        let mut undo = Undo::new(root);
        undo.file("data/registers/A.yaml").unwrap();
        undo.file("data/registers/B.yaml").unwrap();
        undo.folder("data/archive/A/A0");
        fs::write(root.join("data/registers/A.yaml"), "after\n").unwrap();
        fs::write(root.join("data/registers/B.yaml"), "new\n").unwrap();
        fs::create_dir_all(root.join("data/archive/A/A0/data")).unwrap();
        assert_eq!(
            undo.paths(),
            [
                "data/registers/A.yaml",
                "data/registers/B.yaml",
                "data/archive/A/A0"
            ]
        );
        undo.undo().unwrap();
        assert_eq!(
            fs::read_to_string(root.join("data/registers/A.yaml")).unwrap(),
            "before\n"
        );
        assert!(!root.join("data/registers/B.yaml").exists());
        assert!(!root.join("data/archive/A/A0").exists());
        assert!(root.join("data/archive/A").is_dir());
    }
}

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
#[derive(Debug, Default, Clone)]
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
        // From here, Ctrl-C puts the change back rather than stop at once.
        crate::changing();
        Self {
            root: root.to_owned(),
            ..Self::default()
        }
    }

    /// Keeps the file `rel` (a path in the set) as it is now, before the
    /// change writes it.
    pub fn file(&mut self, rel: &str) -> Result<()> {
        let bytes = read(&self.root, rel)?;
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

    /// Says that the files and folders it would put back are as they were
    /// (once it has put them back).
    pub fn as_they_were(&self) -> String {
        let paths: Vec<String> = self.paths().iter().map(|p| format!("`{p}`")).collect();
        match paths.as_slice() {
            [one] => format!("{one} is as it was"),
            _ => format!("{} are as they were", paths.join(", ")),
        }
    }

    /// Puts the change back for good, and says what is as it was.
    pub fn put_back(self) -> Result<String> {
        let said = self.as_they_were();
        self.set_aside()?.drop()?;
        Ok(said)
    }

    /// Puts the change aside: every file back as it was, the folders
    /// created moved aside; [`Aside::redo`] makes the change again, and
    /// [`Aside::drop`] forgets it. A set whose errors are not the change's
    /// keeps the change (see [`crate::build_after`]).
    pub fn set_aside(self) -> Result<Aside> {
        let mut after = vec![];
        for (rel, _) in &self.files {
            after.push((rel.clone(), read(&self.root, rel)?));
        }
        let mut moved = vec![];
        for rel in &self.folders {
            let aside = aside_of(rel);
            fs::rename(self.root.join(rel), self.root.join(&aside))
                .with_context(|| format!("failed to move `{rel}` aside"))?;
            moved.push((rel.clone(), aside));
        }
        let root = self.root.clone();
        Undo {
            folders: vec![],
            ..self
        }
        .undo()?;
        Ok(Aside { root, after, moved })
    }

    /// Puts every file back as it was and removes the folders created.
    pub fn undo(self) -> Result<()> {
        for (rel, bytes) in self.files.iter().rev() {
            put(&self.root, rel, bytes.as_deref())?;
        }
        for rel in &self.folders {
            fs::remove_dir_all(self.root.join(rel))
                .with_context(|| format!("failed to remove `{rel}`"))?;
        }
        Ok(())
    }
}

/// The bytes of the file `rel` of the set, or `None` when there is none.
fn read(root: &Path, rel: &str) -> Result<Option<Vec<u8>>> {
    match fs::read(root.join(rel)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("failed to read `{rel}`")),
    }
}

/// Makes the file `rel` of the set these bytes, or removes it for `None`.
fn put(root: &Path, rel: &str, bytes: Option<&[u8]>) -> Result<()> {
    let path = root.join(rel);
    match bytes {
        Some(bytes) => write_durable(&path, bytes),
        None => match fs::remove_file(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                Err(err).with_context(|| format!("failed to remove `{rel}`"))
            }
            _ => Ok(()),
        },
    }
}

/// Where a folder created by a change waits while it is set aside: beside
/// it, named with a dot, which the loader passes over.
fn aside_of(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((parent, name)) => format!("{parent}/.{name}.aside"),
        None => format!(".{rel}.aside"),
    }
}

/// A change set aside.
#[derive(Debug)]
pub struct Aside {
    root: PathBuf,
    /// Each file with its bytes in the change (`None`: it did not exist).
    after: Vec<(String, Option<Vec<u8>>)>,
    /// Each folder created, with where it waits.
    moved: Vec<(String, String)>,
}

impl Aside {
    /// Makes the change again.
    pub fn redo(self) -> Result<()> {
        for (rel, aside) in &self.moved {
            fs::rename(self.root.join(aside), self.root.join(rel))
                .with_context(|| format!("failed to move `{rel}` back"))?;
        }
        for (rel, bytes) in &self.after {
            put(&self.root, rel, bytes.as_deref())?;
        }
        Ok(())
    }

    /// Forgets the change: the folders set aside are removed.
    pub fn drop(self) -> Result<()> {
        for (_, aside) in &self.moved {
            fs::remove_dir_all(self.root.join(aside))
                .with_context(|| format!("failed to remove `{aside}`"))?;
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
    /// Whether it takes numbers for paper the build is to print (a copy, a
    /// pad), or records a form's next version. Such a change is put back
    /// whenever the set does not build, even for errors not its own: no
    /// number is recorded for paper never printed, and a form's revision
    /// run again is not a second version. A change that records what
    /// happened (a return, a void) is kept then.
    pub prints: bool,
    /// The document whose approval it signed, if it did: a build does not
    /// take that approval for one typed into the file.
    pub signed: Option<String>,
    /// The copy (document, number) whose return or loss it took back as
    /// recorded by mistake: the build does not say it reopened by hand.
    pub corrected: Option<(String, u32)>,
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
        let text = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
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
        // Set aside, then made again: as after the change.
        let aside = undo.clone().set_aside().unwrap();
        assert_eq!(text("data/registers/A.yaml"), "before\n");
        assert!(!root.join("data/registers/B.yaml").exists());
        assert!(!root.join("data/archive/A/A0").exists());
        assert!(root.join("data/archive/A/.A0.aside/data").is_dir());
        aside.redo().unwrap();
        assert_eq!(text("data/registers/A.yaml"), "after\n");
        assert_eq!(text("data/registers/B.yaml"), "new\n");
        assert!(root.join("data/archive/A/A0/data").is_dir());
        // Set aside and dropped: as before it.
        undo.clone().set_aside().unwrap().drop().unwrap();
        assert!(!root.join("data/archive/A/.A0.aside").exists());
        assert!(!root.join("data/archive/A/A0").exists());
        assert_eq!(text("data/registers/A.yaml"), "before\n");
        for (rel, bytes) in [
            ("data/registers/A.yaml", "after\n"),
            ("data/registers/B.yaml", "new\n"),
        ] {
            fs::write(root.join(rel), bytes).unwrap();
        }
        fs::create_dir_all(root.join("data/archive/A/A0/data")).unwrap();
        undo.undo().unwrap();
        assert_eq!(text("data/registers/A.yaml"), "before\n");
        assert!(!root.join("data/registers/B.yaml").exists());
        assert!(!root.join("data/archive/A/A0").exists());
        assert!(root.join("data/archive/A").is_dir());
    }
}

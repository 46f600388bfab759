//! The Typst `World` of one output: its rendered sources in memory, every
//! other file from the document set's root only, the shared fonts, and a
//! fixed date.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use typst::diag::{FileError, FileResult, PackageError};
use typst::ecow::eco_format;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::fonts::Fonts;

/// Files read from a document set's root, shared by every compilation.
///
/// Only files inside the root can be read: paths are resolved lexically and
/// then checked again after symbolic links are followed. Nothing is ever
/// downloaded.
pub struct RootFiles {
    root: PathBuf,
    bytes: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl RootFiles {
    /// Serves files from `root`.
    pub fn new(root: &Path) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Self {
            root,
            bytes: Mutex::default(),
            sources: Mutex::default(),
        }
    }

    /// The text of a file of the set (`forms/house.typ`) as Typst reads it,
    /// for a diagnostic to show; `None` where Typst could not read it.
    pub fn text(&self, path: &str) -> Option<String> {
        let vpath = VirtualPath::new(format!("/{path}")).ok()?;
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        self.source(id).ok().map(|source| source.text().to_owned())
    }

    fn bytes(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(cached) = self.bytes.lock().unwrap().get(&id) {
            return cached.clone();
        }
        let read = self.read(id);
        self.bytes.lock().unwrap().insert(id, read.clone());
        read
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(cached) = self.sources.lock().unwrap().get(&id) {
            return cached.clone();
        }
        let source = self.bytes(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_owned()))
        });
        self.sources.lock().unwrap().insert(id, source.clone());
        source
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            // Packages would need a download; a document set brings its own files.
            return Err(FileError::Package(PackageError::Other(Some(
                "ctrldoc never downloads packages; copy the package's files into the document set and import them by path".into(),
            ))));
        }
        let vpath = rooted.vpath();
        // Errors name the file as the set names it, never where the set is.
        let shown = Path::new(vpath.get_without_slash());
        let path = vpath.realize(&self.root).map_err(FileError::Realize)?;
        let real = path
            .canonicalize()
            .map_err(|err| FileError::from_io(err, shown))?;
        if !real.starts_with(&self.root) {
            return Err(FileError::Other(Some(eco_format!(
                "`{}` leads outside the document set, which templates may not read",
                shown.display()
            ))));
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        fs::read(&real)
            .map(Bytes::new)
            .map_err(|err| FileError::from_io(err, shown))
    }
}

/// Interns a path of the document set's virtual file system.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("ctrldoc's own virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Everything one compilation can see.
pub struct DocWorld<'a> {
    /// The standard library, shared by every compilation.
    library: &'a LazyHash<Library>,
    /// The fonts, shared by every compilation.
    fonts: &'a Fonts,
    /// The document set's files on disk.
    files: &'a RootFiles,
    /// Sources rendered from templates for this output, by id.
    rendered: HashMap<FileId, Source>,
    /// The rendered main source.
    main: FileId,
    /// The date `datetime.today()` returns: fixed, so output never depends on the clock.
    today: Datetime,
    /// The files read from the set's folder, so that a change to any of
    /// them is known to change the output.
    reads: Mutex<HashSet<FileId>>,
    /// Whether the date was asked for.
    dated: AtomicBool,
}

impl<'a> DocWorld<'a> {
    /// Creates the world of one output from its rendered sources; the first is the main file.
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a Fonts,
        files: &'a RootFiles,
        rendered: &[(FileId, Source)],
        today: Datetime,
    ) -> Self {
        let main = rendered
            .first()
            .map(|(id, _)| *id)
            .expect("an output has a main source");
        let rendered = rendered.iter().cloned().collect();
        Self {
            library,
            fonts,
            files,
            rendered,
            main,
            today,
            reads: Mutex::default(),
            dated: AtomicBool::new(false),
        }
    }

    /// Counts files another compilation read as read by this one: the
    /// pages a print takes from another's layout were made from them.
    pub fn inherit(&self, ids: &[FileId]) {
        self.reads.lock().unwrap().extend(ids.iter().copied());
    }

    /// The files read from the set's folder.
    pub fn read_ids(&self) -> Vec<FileId> {
        self.reads.lock().unwrap().iter().copied().collect()
    }

    /// Whether the compilation asked for the date (`datetime.today()`), or
    /// checked that a layout it reused had asked for the same.
    pub fn dated(&self) -> bool {
        self.dated.load(Ordering::Relaxed)
    }

    /// Every file read from the set's folder, with its bytes.
    pub fn reads(&self) -> Vec<(FileId, Bytes)> {
        self.reads
            .lock()
            .unwrap()
            .iter()
            .filter_map(|&id| self.files.bytes(id).ok().map(|b| (id, b)))
            .collect()
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.rendered.get(&id) {
            Some(source) => Ok(source.clone()),
            None => {
                self.reads.lock().unwrap().insert(id);
                self.files.source(id)
            }
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match self.rendered.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.clone())),
            None => {
                self.reads.lock().unwrap().insert(id);
                self.files.bytes(id)
            }
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.dated.store(true, Ordering::Relaxed);
        Some(self.today)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use typst::LibraryExt;
    use typst_layout::PagedDocument;

    /// Lays `main` out, alone and dated 2016-09-01, in a fresh world with
    /// the fonts ctrldoc ships; says too whether it asked for the date.
    fn compiled(main: &str) -> (PagedDocument, bool) {
        let nowhere = Path::new("/nonexistent");
        let fonts = Fonts::load(nowhere, false);
        let library = LazyHash::new(Library::builder().build());
        let files = RootFiles::new(nowhere);
        let id = file_id("/main.typ");
        let sources = [(id, Source::new(id, main.to_owned()))];
        let today = Datetime::from_ymd(2016, 9, 1).unwrap();
        let world = DocWorld::new(&library, &fonts, &files, &sources, today);
        let document = typst::compile::<PagedDocument>(&world).output.unwrap();
        (document, world.dated())
    }

    /// Lays `main` out (see [`compiled`]).
    pub(crate) fn laid_out(main: &str) -> PagedDocument {
        compiled(main).0
    }

    /// Whether laying `main` out (see [`compiled`]) asked for the date.
    fn dated(main: &str) -> bool {
        compiled(main).1
    }

    #[test]
    fn a_print_that_asks_for_the_date_is_dated_even_when_typst_reuses_its_layout() {
        let main = "#datetime.today().display()";
        assert!(dated(main));
        // The same again: Typst reuses what it laid out, and checks the
        // date it was given still holds, which asks for it.
        assert!(dated(main), "laid out again from Typst's memory");
        assert!(!dated("no date here"));
    }
}

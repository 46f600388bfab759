//! The fonts every compilation shares: the Chinese faces shipped in the
//! binary, Typst's own Latin faces, a document set's own fonts and, only when
//! asked for, the system's.

use std::path::Path;

use sha2::{Digest, Sha256};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

/// The serif family, in the role of 宋体.
pub const SERIF: &str = "Noto Serif CJK SC";
/// The sans-serif family, in the role of 黑体.
pub const SANS: &str = "Noto Sans CJK SC";
/// The family of an English set, for text and labels alike: one of
/// Typst's own faces, so that an English set needs no font of its own.
pub const LATIN_SERIF: &str = "Libertinus Serif";

/// The Chinese faces compiled into the binary (subsets of Noto CJK SC, SIL OFL 1.1).
const SHIPPED: [(&str, &[u8]); 4] = [
    (
        "NotoSerifCJKsc-Regular.otf",
        include_bytes!("../fonts/NotoSerifCJKsc-Regular.otf"),
    ),
    (
        "NotoSerifCJKsc-Bold.otf",
        include_bytes!("../fonts/NotoSerifCJKsc-Bold.otf"),
    ),
    (
        "NotoSansCJKsc-Regular.otf",
        include_bytes!("../fonts/NotoSansCJKsc-Regular.otf"),
    ),
    (
        "NotoSansCJKsc-Bold.otf",
        include_bytes!("../fonts/NotoSansCJKsc-Bold.otf"),
    ),
];

/// Where a font came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into ctrldoc.
    Shipped(&'static str),
    /// One of Typst's own fonts.
    Typst,
    /// A file of the document set (`forms/fonts/`).
    Set(String),
    /// An installed system font.
    System(String),
}

/// The fonts, loaded once per process and shared by every compilation.
pub struct Fonts {
    store: FontStore,
    origins: Vec<Origin>,
    fingerprint: String,
}

impl Fonts {
    /// Loads the shipped fonts, the set's own fonts under `root/forms/fonts`
    /// and, when `system` is true, the system's fonts.
    pub fn load(root: &Path, system: bool) -> Self {
        let mut store = FontStore::new();
        let mut origins = vec![];
        for (name, data) in SHIPPED {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                store.push((font, info));
                origins.push(Origin::Shipped(name));
            }
        }
        for (font, info) in typst_kit::fonts::embedded() {
            store.push((font, info));
            origins.push(Origin::Typst);
        }
        let own = root.join("forms").join("fonts");
        if own.is_dir() {
            let mut found: Vec<_> = typst_kit::fonts::scan(&own).collect();
            found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
            for (path, info) in found {
                let rel = crate::loader::relative(root, &path.path);
                origins.push(Origin::Set(rel));
                store.push((path, info));
            }
        }
        if system {
            for (path, info) in typst_kit::fonts::system() {
                origins.push(Origin::System(path.path.display().to_string()));
                store.push((path, info));
            }
        }
        let fingerprint = fingerprint(root, system);
        Self {
            store,
            origins,
            fingerprint,
        }
    }

    /// Metadata about every font.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The font at an index of the book, loaded on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Every font with where it came from, in book order.
    pub fn list(&self) -> Vec<(&FontInfo, &Origin)> {
        (0..self.origins.len())
            .filter_map(|i| self.book().info(i).map(|info| (info, &self.origins[i])))
            .collect()
    }

    /// A hash of the shipped and the set's own fonts, for the manifest.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// A hash of every font a build of the set at `root` can use, computed
/// without loading them: the fonts compiled into ctrldoc are named by the
/// tool's version and their sizes, the set's own fonts by their bytes.
pub fn fingerprint(root: &Path, system: bool) -> String {
    let mut hasher = Sha256::new();
    hasher.update(concat!("ctrldoc ", env!("CARGO_PKG_VERSION")).as_bytes());
    for (name, data) in SHIPPED {
        hasher.update(name.as_bytes());
        hasher.update(data.len().to_le_bytes());
        hasher.update(&data[..data.len().min(1 << 16)]);
    }
    let own = root.join("forms").join("fonts");
    if own.is_dir() {
        let mut files: Vec<_> = walkdir::WalkDir::new(&own)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for path in files {
            hasher.update(crate::loader::relative(root, &path).as_bytes());
            if let Ok(data) = std::fs::read(&path) {
                hasher.update(&data);
            }
        }
    }
    if system {
        // Installed fonts change under us; a build that uses them is never
        // taken as unchanged.
        hasher.update(format!("{:?}", std::time::SystemTime::now()).as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// Tells whether a font covers Chinese: every character of a sample of
/// common ones (the sample regulation's title and the labels of a form).
pub fn covers_chinese(info: &FontInfo) -> bool {
    "销售服务管控管理制度编制审核批准受控状态第页共保存期限作废"
        .chars()
        .all(|c| info.coverage.contains(c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_faces_cover_the_sample_and_rare_name_characters() {
        let fonts = Fonts::load(Path::new("/nonexistent"), false);
        let families: Vec<&str> = fonts
            .list()
            .iter()
            .map(|(i, _)| i.family.as_str())
            .collect();
        assert!(families.contains(&SERIF) && families.contains(&SANS));
        for (info, origin) in fonts.list() {
            if let Origin::Shipped(name) = origin {
                for c in "销售服务管控管理制度受控状态《》（）、。№".chars() {
                    assert!(info.coverage.contains(c as u32), "{name} lacks {c}");
                }
                if name.contains("Serif") && name.contains("Regular") {
                    for c in "喆堃珺".chars() {
                        assert!(info.coverage.contains(c as u32), "{name} lacks {c}");
                    }
                }
            }
        }
    }
}

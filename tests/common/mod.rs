//! What the end-to-end tests share: a document set in a temporary folder,
//! the real binary run on it, and PDFs read back as a PDF reader would.

#![allow(dead_code)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

/// A copy of the sample document set in a temporary folder.
pub struct TestSet {
    pub dir: tempfile::TempDir,
}

impl TestSet {
    /// Copies the repository's sample (data/ and forms/) into a new folder.
    pub fn sample() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["data", "forms"] {
            copy_dir(&repo.join(folder), &dir.path().join(folder));
        }
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// The number, from 1, of the first line of a file that `found` finds.
    pub fn line(&self, rel: &str, found: impl Fn(&str) -> bool) -> usize {
        self.read(rel)
            .lines()
            .position(found)
            .unwrap_or_else(|| panic!("no such line in {rel}"))
            + 1
    }

    /// Replaces the first occurrence of `from` in a file, which must exist.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "`{from}` not in {rel}");
        fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Runs ctrldoc on the set with these environment variables, and
    /// without the caller's `SOURCE_DATE_EPOCH`, `CTRLDOC_LIST_PART_ROWS` and
    /// `CTRLDOC_LAY_OUT_EVERY_PRINT`.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ctrldoc"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("CTRLDOC_LIST_PART_ROWS")
            .env_remove("CTRLDOC_LAY_OUT_EVERY_PRINT")
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }

    /// Builds and asserts success.
    pub fn build(&self) {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn manifest(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("output/manifest.json")).unwrap()
    }

    /// The manifest's entries.
    pub fn outputs(&self) -> Vec<serde_json::Value> {
        self.manifest()["outputs"].as_array().unwrap().clone()
    }

    /// The path of the one output the manifest entry `wanted` picks.
    pub fn output_where(&self, what: &str, wanted: impl Fn(&serde_json::Value) -> bool) -> PathBuf {
        let outputs = self.outputs();
        let entry = outputs
            .iter()
            .find(|e| wanted(e))
            .unwrap_or_else(|| panic!("no {what} in the manifest"));
        self.path("output").join(entry["path"].as_str().unwrap())
    }

    /// The path of the output with this kind and number.
    pub fn output(&self, kind: &str, number: &str) -> PathBuf {
        self.output_where(&format!("{kind} {number}"), |e| {
            e["kind"] == kind && e["number"] == number
        })
    }

    /// The path of controlled copy `number` of the sample regulation.
    pub fn output_copy(&self, number: u64) -> PathBuf {
        self.output_where(&format!("copy {number}"), |e| {
            e["kind"] == "controlled-copy" && e["copy"] == number
        })
    }
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    ctrldoc::write::copy_dir(from, to).unwrap();
}

/// A PDF as a reader sees it.
pub struct Pdf {
    pub doc: Document,
}

impl Pdf {
    pub fn open(path: &Path) -> Self {
        Self {
            doc: Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    pub fn pages(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The width and height of one page (from 1), in points rounded, as
    /// its `MediaBox` gives them.
    pub fn size(&self, page: u32) -> (f32, f32) {
        let dict = self
            .doc
            .get_dictionary(self.doc.get_pages()[&page])
            .unwrap();
        let b: Vec<f32> = dict
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| match o {
                Object::Integer(i) => *i as f32,
                Object::Real(r) => *r,
                _ => 0.0,
            })
            .collect();
        ((b[2] - b[0]).round(), (b[3] - b[1]).round())
    }

    /// The content of one page (from 1), and the resources it draws with.
    fn page(&self, page: u32) -> (Vec<u8>, &lopdf::Dictionary) {
        let id = self.doc.get_pages()[&page];
        let dict = self.doc.get_dictionary(id).unwrap();
        let resources = self.dict(dict.get(b"Resources").unwrap());
        (self.doc.get_page_content(id).unwrap(), resources)
    }

    /// The text of one page (from 1), with all white space removed, read from
    /// the page's content streams and its fonts' ToUnicode maps.
    pub fn text(&self, page: u32) -> String {
        let (content, resources) = self.page(page);
        let mut out = String::new();
        self.content_text(&content, resources, &mut out);
        out.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The text of one page (from 1) line by line, white space removed: a
    /// line ends where the next piece of text is drawn at another height
    /// (Typst places each piece of text with a `cm` of its own).
    pub fn lines(&self, page: u32) -> Vec<String> {
        let (content, resources) = self.page(page);
        let mut out = String::new();
        self.drawn_text(
            &content,
            resources,
            &mut out,
            &mut Some((None, 0.0)),
            &mut None,
        );
        out.split('\n')
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect()
    }

    pub fn deref<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).unwrap(),
            other => other,
        }
    }

    pub fn dict<'a>(&'a self, object: &'a Object) -> &'a lopdf::Dictionary {
        match self.deref(object) {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            other => panic!("not a dictionary: {other:?}"),
        }
    }

    /// Appends the text drawn by a content stream, following form XObjects.
    pub fn content_text(&self, content: &[u8], resources: &lopdf::Dictionary, out: &mut String) {
        self.drawn_text(content, resources, out, &mut None, &mut None);
    }

    /// The text of one page (from 1) piece by piece, as each is drawn, white
    /// space removed, with the size of its letters in points and where it
    /// starts across the page, in points from the left.
    pub fn sized(&self, page: u32) -> Vec<Piece> {
        let (content, resources) = self.page(page);
        let mut pieces = Some(vec![]);
        self.drawn_text(
            &content,
            resources,
            &mut String::new(),
            &mut None,
            &mut pieces,
        );
        pieces
            .unwrap()
            .into_iter()
            .map(|piece| Piece {
                text: piece.text.chars().filter(|c| !c.is_whitespace()).collect(),
                ..piece
            })
            .filter(|piece| !piece.text.is_empty())
            .collect()
    }

    /// `content_text`, with a line break wherever text is drawn at another
    /// height than the text before it when `lines` holds the height of the
    /// last text drawn and of the last `cm`; and with each piece of text
    /// drawn (from `BT` to `ET`), its size and where it starts put in
    /// `pieces` when it holds a list.
    fn drawn_text(
        &self,
        content: &[u8],
        resources: &lopdf::Dictionary,
        out: &mut String,
        lines: &mut Option<(Option<f32>, f32)>,
        pieces: &mut Option<Vec<Piece>>,
    ) {
        let fonts = resources.get(b"Font").map(|f| self.dict(f)).ok();
        let mut map: HashMap<u32, String> = HashMap::new();
        let mut two_bytes = false;
        let mut x = 0.0;
        let mut fill = [0.0; 3];
        let mut y = 0.0;
        for op in lopdf::content::Content::decode(content).unwrap().operations {
            match op.operator.as_str() {
                // A fill colour, grey or red, green and blue, as Typst
                // writes them (in a colour space: `/c1 cs 0.75 0 0 scn`).
                "g" | "rg" | "sc" | "scn" => {
                    let values: Vec<f32> = op
                        .operands
                        .iter()
                        .filter_map(|o| o.as_float().ok())
                        .collect();
                    match values[..] {
                        [grey] => fill = [grey; 3],
                        [r, g, b] => fill = [r, g, b],
                        _ => {}
                    }
                }
                "cm" => {
                    x = op.operands[4].as_float().unwrap();
                    y = op.operands[5].as_float().unwrap();
                    if let Some((_, y)) = lines {
                        *y = op.operands[5].as_float().unwrap();
                    }
                }
                "BT" => {
                    if let Some(pieces) = pieces {
                        pieces.push(Piece {
                            size: 0.0,
                            x,
                            text: String::new(),
                            fill,
                            y,
                        });
                    }
                    if let Some((last, y)) = lines {
                        if last.is_some_and(|l| (l - *y).abs() > 1.0) {
                            out.push('\n');
                        }
                        *last = Some(*y);
                    }
                }
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    let font = self.dict(fonts.unwrap().get(name).unwrap());
                    two_bytes = font.get(b"Subtype").unwrap().as_name().unwrap() == b"Type0";
                    if let Some(piece) = pieces.as_mut().and_then(|p| p.last_mut()) {
                        piece.size = op.operands[1].as_float().unwrap();
                    }
                    map = font
                        .get(b"ToUnicode")
                        .map(|t| self.to_unicode(t))
                        .unwrap_or_default();
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    let strings: Vec<&[u8]> = match op.operands.last().unwrap() {
                        Object::Array(items) => {
                            items.iter().filter_map(|o| o.as_str().ok()).collect()
                        }
                        other => vec![other.as_str().unwrap()],
                    };
                    for bytes in strings {
                        let codes: Vec<u32> = if two_bytes {
                            bytes
                                .chunks(2)
                                .map(|c| u32::from(c[0]) << 8 | u32::from(*c.get(1).unwrap_or(&0)))
                                .collect()
                        } else {
                            bytes.iter().map(|&b| u32::from(b)).collect()
                        };
                        for code in codes {
                            let text = map.get(&code).map_or("\u{FFFD}", String::as_str);
                            out.push_str(text);
                            if let Some(piece) = pieces.as_mut().and_then(|p| p.last_mut()) {
                                piece.text.push_str(text);
                            }
                        }
                    }
                }
                "Do" => {
                    let name = op.operands[0].as_name().unwrap();
                    let xobjects = self.dict(resources.get(b"XObject").unwrap());
                    if let Object::Stream(stream) = self.deref(xobjects.get(name).unwrap())
                        && stream.dict.get(b"Subtype").unwrap().as_name().unwrap() == b"Form"
                    {
                        let inner = stream
                            .decompressed_content()
                            .unwrap_or_else(|_| stream.content.clone());
                        let res = stream
                            .dict
                            .get(b"Resources")
                            .map(|r| self.dict(r))
                            .unwrap_or(resources);
                        self.drawn_text(&inner, res, out, lines, pieces);
                    }
                }
                _ => {}
            }
        }
    }

    /// Parses a ToUnicode CMap's `bfchar` and `bfrange` entries.
    pub fn to_unicode(&self, object: &Object) -> HashMap<u32, String> {
        let Object::Stream(stream) = self.deref(object) else {
            panic!("ToUnicode is a stream")
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&data);
        let hex =
            |s: &str| u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).unwrap();
        let utf16 = |s: &str| {
            let s = s.trim_matches(|c| c == '<' || c == '>');
            let units: Vec<u16> = (0..s.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&s[i..i + 4], 16).unwrap())
                .collect();
            String::from_utf16_lossy(&units)
        };
        let mut map = HashMap::new();
        for block in text.split("beginbfchar").skip(1) {
            let body = block.split("endbfchar").next().unwrap();
            let tokens: Vec<&str> = body.split_whitespace().collect();
            for pair in tokens.chunks(2) {
                map.insert(hex(pair[0]), utf16(pair[1]));
            }
        }
        for block in text.split("beginbfrange").skip(1) {
            let body = block.split("endbfrange").next().unwrap();
            let tokens: Vec<&str> = body.split_whitespace().collect();
            for triple in tokens.chunks(3) {
                let (lo, hi) = (hex(triple[0]), hex(triple[1]));
                let first = utf16(triple[2]);
                let base = first.chars().next().unwrap() as u32;
                for (i, code) in (lo..=hi).enumerate() {
                    map.insert(code, char::from_u32(base + i as u32).unwrap().to_string());
                }
            }
        }
        map
    }

    pub fn all_text(&self) -> String {
        (1..=self.pages() as u32).map(|p| self.text(p)).collect()
    }

    /// A string entry of the document information dictionary.
    pub fn info(&self, key: &str) -> String {
        let info = self
            .doc
            .trailer
            .get(b"Info")
            .unwrap()
            .as_reference()
            .unwrap();
        let dict = self.doc.get_dictionary(info).unwrap();
        let value = dict
            .get(key.as_bytes())
            .unwrap_or_else(|_| panic!("no /{key}"));
        decode_text_string(value.as_str().unwrap())
    }

    /// The titles of every bookmark, depth first.
    pub fn bookmarks(&self) -> Vec<String> {
        self.bookmark_pages()
            .into_iter()
            .map(|(title, _)| title)
            .collect()
    }

    /// Every bookmark, depth first: its title and the page (from 1) it
    /// opens, as a reader's sidebar shows them.
    pub fn bookmark_pages(&self) -> Vec<(String, u32)> {
        let catalog = self.doc.catalog().unwrap();
        let mut out = vec![];
        let Ok(outlines) = catalog.get(b"Outlines") else {
            return out;
        };
        let pages: std::collections::HashMap<lopdf::ObjectId, u32> = self
            .doc
            .get_pages()
            .into_iter()
            .map(|(number, id)| (id, number))
            .collect();
        let mut stack = vec![self.dict(outlines).get(b"First").ok()];
        while let Some(next) = stack.pop() {
            let Some(item) = next else { continue };
            let item = self.dict(item);
            let title = decode_text_string(item.get(b"Title").unwrap().as_str().unwrap());
            // A destination is `[page /XYZ left top zoom]`, given directly or
            // through a go-to action.
            let dest = item
                .get(b"Dest")
                .or_else(|_| self.dict(item.get(b"A").unwrap()).get(b"D"))
                .unwrap_or_else(|_| panic!("bookmark {title} opens nothing"));
            let page = match self.deref(dest) {
                Object::Array(dest) => pages[&dest[0].as_reference().unwrap()],
                other => panic!("bookmark {title} opens {other:?}"),
            };
            out.push((title, page));
            stack.push(item.get(b"Next").ok());
            stack.push(item.get(b"First").ok());
        }
        out
    }

    /// The base names of every font, and whether each has an embedded font file.
    pub fn fonts(&self) -> Vec<(String, bool)> {
        let mut out = vec![];
        for object in self.doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"FontDescriptor") {
                continue;
            }
            let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap())
                .into_owned();
            let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| dict.get(k).is_ok());
            out.push((name, embedded));
        }
        out.sort();
        out
    }
}

/// A piece of text as drawn on a page (see [`Pdf::sized`]).
#[derive(Debug, Clone)]
pub struct Piece {
    /// The size of its letters, in points.
    pub size: f32,
    /// Where it starts, in points from the left of the page.
    pub x: f32,
    pub text: String,
    /// The colour it is filled with when it starts, red, green and blue
    /// from 0 to 1.
    pub fill: [f32; 3],
    /// Where its line is, in points up from the foot of the page.
    pub y: f32,
}

/// Decodes a PDF text string (UTF-16BE with a byte-order mark, or PDFDocEncoding as Latin-1).
pub fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

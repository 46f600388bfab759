//! Joins the PDFs of a list printed in parts into one PDF: the pages of
//! every part, in order, under the first part's catalogue, metadata and
//! identity.

use anyhow::{Context, Result, anyhow};
use lopdf::{Document, Object, ObjectId};

/// The PDF of every part's pages, in order. The first part's catalogue,
/// document information, XMP metadata (its page count corrected) and file
/// identifier are the joined PDF's; each part keeps its own fonts. The parts
/// must not be tagged: their structure trees are not joined.
pub fn join(parts: &[Vec<u8>]) -> Result<Vec<u8>> {
    let (first, rest) = parts
        .split_first()
        .ok_or_else(|| anyhow!("no parts to join"))?;
    let mut joined = Document::load_mem(first).context("failed to read part 1")?;
    let root = pages_root(&joined)?;
    let mut kids: Vec<Object> = joined.get_pages().into_values().map(Object::from).collect();
    for (k, part) in rest.iter().enumerate() {
        let mut doc =
            Document::load_mem(part).with_context(|| format!("failed to read part {}", k + 2))?;
        doc.renumber_objects_with(joined.max_id + 1);
        let own_root = pages_root(&doc)?;
        let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for (id, object) in std::mem::take(&mut doc.objects) {
            if Some(id) == catalog || id == own_root {
                continue;
            }
            joined.objects.insert(id, object);
        }
        for page in pages {
            joined
                .get_object_mut(page)
                .and_then(Object::as_dict_mut)
                .context("a part's page is not a dictionary")?
                .set("Parent", root);
            kids.push(page.into());
        }
        joined.max_id = joined.max_id.max(doc.max_id);
    }
    let count = kids.len();
    let tree = joined
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .context("the page tree is not a dictionary")?;
    tree.set("Kids", kids);
    tree.set("Count", count as i64);
    set_page_count(&mut joined, count)?;
    // What only the other parts' catalogues pointed to (their metadata and
    // output intents) goes.
    joined.prune_objects();
    let mut out = vec![];
    joined
        .save_to(&mut out)
        .context("failed to write the joined PDF")?;
    Ok(out)
}

/// The root of a PDF's page tree.
fn pages_root(doc: &Document) -> Result<ObjectId> {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .context("a part has no page tree")
}

/// Says the joined page count in the XMP metadata, which Typst writes
/// uncompressed with the pages of the first part.
fn set_page_count(doc: &mut Document, count: usize) -> Result<()> {
    let Ok(id) = doc
        .catalog()
        .and_then(|catalog| catalog.get(b"Metadata"))
        .and_then(Object::as_reference)
    else {
        return Ok(());
    };
    let stream = doc
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .context("the XMP metadata is not a stream")?;
    let xml = String::from_utf8_lossy(&stream.content).into_owned();
    let (open, close) = ("<xmpTPg:NPages>", "</xmpTPg:NPages>");
    if let (Some(start), Some(end)) = (xml.find(open), xml.find(close)) {
        let xml = format!("{}{open}{count}{}", &xml[..start], &xml[end..]);
        stream.set_content(xml.into_bytes());
    }
    Ok(())
}

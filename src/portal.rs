//! The forms portal: `output/index.html`, one static page where staff find
//! every current form and controlled document, see its first page, and open
//! its PDF to print. It needs nothing but the files beside it: no scripts,
//! styles or fonts from elsewhere, so it works from a shared folder
//! (file://) as well as from any web server.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::labels::Labels;
use crate::loader::DocumentSet;
use crate::master_list;
use crate::model::Form;
use crate::plan::Kind;
use crate::write::{self, write_atomic};

/// Where the first-page pictures live, under `output/`.
pub const THUMBS: &str = "thumbs";

/// The picture of an output's first page, relative to `output/`.
pub fn thumb_path(number: &str) -> String {
    format!("{THUMBS}/{number}.png")
}

/// One line of the portal.
struct Entry {
    kind: String,
    number: String,
    title: String,
    version: String,
    effective: String,
    retention: String,
    department: String,
    pdf: String,
    thumb: Option<String>,
    /// A pre-numbered form, whose blank is its specimen: its sheets are
    /// used from pads the document controller issues.
    numbered: bool,
}

/// Writes `index.html` for what the manifest holds, and removes pictures
/// of outputs that are gone.
pub fn write(
    output: &Path,
    set: &DocumentSet,
    master: &[master_list::Row],
    outputs: &[write::Entry],
    as_of: chrono::NaiveDate,
) -> Result<()> {
    // The first output of each kind, number and version, and each form by
    // number: found by looking up, not by searching, for sets of thousands.
    let mut pdfs: HashMap<(&str, &str, &str), &write::Entry> = HashMap::new();
    for e in outputs {
        pdfs.entry((e.kind.as_str(), e.number.as_str(), e.version.as_str()))
            .or_insert(e);
    }
    let forms: HashMap<&str, &Form> = set
        .forms
        .iter()
        .map(|f| (f.value.number.as_str(), &f.value))
        .collect();
    let mut entries = vec![];
    for row in master {
        // A draft that has never been in force has nothing to print yet.
        if row.status != "effective" {
            continue;
        }
        // A form prints blank; a document is shown by its reference copy.
        let wanted = match row.kind {
            "form" => Kind::Form.name(),
            _ => Kind::Uncontrolled.name(),
        };
        let Some(pdf) = pdfs.get(&(wanted, row.number.as_str(), row.version.as_str())) else {
            continue;
        };
        let thumb = thumb_path(&row.number);
        let form = forms
            .get(row.number.as_str())
            .filter(|_| row.kind == "form");
        let retention = form.map(|f| f.retention.clone()).unwrap_or_default();
        entries.push(Entry {
            kind: set
                .labels
                .get(if row.kind == "form" {
                    "kind_form"
                } else {
                    "kind_document"
                })
                .to_owned(),
            thumb: output.join(&thumb).is_file().then_some(thumb),
            number: row.number.clone(),
            title: row.title.clone(),
            version: row.version.clone(),
            effective: row.effective.clone(),
            retention,
            department: row.owner.clone(),
            pdf: pdf.path.clone(),
            numbered: form.is_some_and(|f| f.serial.is_some()),
        });
    }
    remove_stale_thumbs(output, &entries);
    // A form's ledger is listed while the form is in use: staff are not
    // shown one withdrawn.
    let in_use: HashSet<&str> = master
        .iter()
        .filter(|row| row.kind == "form" && row.status == "effective")
        .map(|row| row.number.as_str())
        .collect();
    let lists: Vec<(String, String)> = outputs
        .iter()
        .filter(|e| match e.kind.as_str() {
            "master-list" | "records-list" | "register" | "audit" => true,
            "ledger" => in_use.contains(e.number.as_str()),
            _ => false,
        })
        // A document's registers, one a version, are told apart by it.
        .map(|e| match e.kind.as_str() {
            "register" => (format!("{} {}", e.title, e.version), e.path.clone()),
            _ => (e.title.clone(), e.path.clone()),
        })
        .collect();
    // The departments in the order the organisation lists them.
    let departments: Vec<&str> = set
        .organisation
        .iter()
        .flat_map(|o| &o.value.departments)
        .map(|d| d.name.as_str())
        .collect();
    let as_of = set
        .labels
        .fill("portal_as_of", &[("date", &as_of.to_string())]);
    let html = page(
        &set.labels,
        set.company(),
        &as_of,
        &entries,
        &lists,
        &departments,
    );
    write_atomic(&output.join("index.html"), html.as_bytes())
}

fn remove_stale_thumbs(output: &Path, entries: &[Entry]) {
    let Ok(dir) = fs::read_dir(output.join(THUMBS)) else {
        return;
    };
    let shown: HashSet<String> = entries
        .iter()
        .map(|e| format!("{}.png", e.number))
        .collect();
    for file in dir.flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        if !shown.contains(&name) {
            let _ = fs::remove_file(file.path());
        }
    }
}

/// Escapes text for HTML.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a relative path for an `href` or `src`: every byte but the
/// unreserved ones and `/` is percent-encoded.
fn url(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// The portal's page: the entries in a group a department, in the order of
/// `departments` (any other after them, by name), and the day they are
/// current on, `as_of`, said.
fn page(
    labels: &Labels,
    company: &str,
    as_of: &str,
    entries: &[Entry],
    lists: &[(String, String)],
    departments: &[&str],
) -> String {
    let mut groups: BTreeMap<(usize, &str), Vec<&Entry>> = BTreeMap::new();
    for entry in entries {
        let department = entry.department.as_str();
        let place = departments.iter().position(|&d| d == department);
        groups
            .entry((place.unwrap_or(usize::MAX), department))
            .or_default()
            .push(entry);
    }
    let mut body = String::new();
    let colon = labels.get("colon");
    // Every department's table has the same columns, as wide as the
    // widest of their headings and texts in any of them, so that the
    // columns line up from one department to the next.
    let em = |text: &str| -> f64 {
        text.chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum::<f64>()
    };
    let widest = |heading: &str, texts: &mut dyn Iterator<Item = &str>| -> f64 {
        texts.map(em).fold(em(heading), f64::max) + 1.0
    };
    let all = || groups.values().flatten();
    let widths = [
        widest(
            labels.get("number"),
            &mut all().flat_map(|e| [e.number.as_str(), e.kind.as_str()]),
        ),
        widest(
            labels.get("version"),
            &mut all().map(|e| e.version.as_str()),
        ),
        widest(
            labels.get("effective_date"),
            &mut all().map(|e| e.effective.as_str()),
        ),
        // A long retention wraps, rather than take the titles' room.
        widest(
            labels.get("retention"),
            &mut all().map(|e| e.retention.as_str()),
        )
        .min(7.0),
    ];
    let colgroup = format!(
        "<colgroup><col class=\"picture\" style=\"width: 90px\"><col style=\"width: {:.1}em\"><col><col style=\"width: {:.1}em\"><col style=\"width: {:.1}em\"><col style=\"width: {:.1}em\"></colgroup>",
        widths[0], widths[1], widths[2], widths[3],
    );
    // Narrower than these columns and twelve characters of a title, with
    // the page's margins and a scroll bar, the page is laid out as on a
    // phone, a card to an entry.
    let narrow = (90.0 + 15.0 * (widths.iter().sum::<f64>() + 12.0) + 52.0).max(640.0);
    for ((_, department), rows) in &groups {
        let _ = write!(
            body,
            "<section class=\"group\" data-group=\"{0}\">\n<h2>{0}</h2>\n<table>\n{colgroup}\n<thead><tr><th>{1}</th><th>{2}</th><th>{3}</th><th>{4}</th><th>{5}</th><th>{6}</th></tr></thead>\n<tbody>\n",
            html(department),
            html(labels.get("portal_picture")),
            html(labels.get("number")),
            html(labels.get("title")),
            html(labels.get("version")),
            html(labels.get("effective_date")),
            html(labels.get("retention")),
        );
        for e in rows {
            let picture = match &e.thumb {
                Some(thumb) => format!(
                    "<img class=\"thumb\" src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                    url(thumb),
                    html(&labels.fill("portal_first_page", &[("number", &e.number)]))
                ),
                None => String::new(),
            };
            let _ = writeln!(
                body,
                "<tr class=\"entry\" data-number=\"{number}\" data-title=\"{title}\">\
<td class=\"picture\"><a href=\"{pdf}\" tabindex=\"-1\">{picture}</a></td>\
<td class=\"number\">{number}<span class=\"kind\">{kind}</span></td>\
<td class=\"title\"><a class=\"pdf\" href=\"{pdf}\">{title}</a>{numbered}</td>\
<td data-label=\"{version_label}\">{version}</td>\
<td data-label=\"{effective_label}\">{effective}</td>\
<td data-label=\"{retention_label}\">{retention}</td></tr>",
                number = html(&e.number),
                title = html(&e.title),
                pdf = url(&e.pdf),
                kind = html(&e.kind),
                numbered = match e.numbered {
                    true => format!(
                        "<span class=\"numbered\">{}</span>",
                        html(labels.get("portal_numbered"))
                    ),
                    false => String::new(),
                },
                version_label = html(&format!("{}{colon}", labels.get("version"))),
                effective_label = html(&format!("{}{colon}", labels.get("effective_date"))),
                retention_label = html(&format!("{}{colon}", labels.get("retention"))),
                version = html(&e.version),
                effective = html(&e.effective),
                retention = html(&e.retention),
            );
        }
        body.push_str("</tbody>\n</table>\n</section>\n");
    }
    // The search box's example: the last entry's number and title.
    let search = match entries.last() {
        Some(e) => labels.fill(
            "portal_search",
            &[("number", e.number.as_str()), ("title", e.title.as_str())],
        ),
        None => labels.fill("portal_search", &[("number", "…"), ("title", "…")]),
    };
    let mut nav = String::new();
    for (title, path) in lists {
        let _ = writeln!(nav, "<a href=\"{}\">{}</a>", url(path), html(title));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{company} · {title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1>{company}</h1>
<p class="subtitle">{subtitle}<span class="as-of">{as_of}</span></p>
<input id="search" type="search" placeholder="{search}" autocomplete="off" aria-label="{search}">
<p id="count" data-all="{all}" data-found="{found}">{count}</p>
</header>
<main>
{body}<p id="none" hidden>{none}</p>
</main>
<nav id="lists">
<h2>{lists}</h2>
{nav}</nav>
<script>
{SCRIPT}
</script>
</body>
</html>
"#,
        company = html(company),
        style = STYLE.replace("NARROW", &format!("{narrow:.0}px")),
        lang = labels.language.code(),
        title = html(labels.get("portal_title")),
        subtitle = html(labels.get("portal_subtitle")),
        as_of = html(as_of),
        search = html(&search),
        all = html(labels.get("portal_count")),
        found = html(labels.get("portal_found")),
        count = html(&labels.fill("portal_count", &[("count", &entries.len().to_string())])),
        none = html(labels.get("portal_none")),
        lists = html(labels.get("portal_lists")),
    )
}

const STYLE: &str = r#"* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #222; }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 2px solid #444; }
.subtitle { margin: .2rem 0 .8rem; color: #555; }
.as-of { margin-left: 1em; white-space: nowrap; }
#search { width: 100%; font-size: 1rem; padding: .5rem .7rem; border: 1px solid #888; border-radius: 4px; }
#count { color: #555; margin: .4rem 0 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { font-weight: normal; color: #555; }
.thumb { width: 72px; border: 1px solid #bbb; display: block; background: #fff; }
.number { white-space: nowrap; font-family: monospace, monospace; }
.kind { display: block; font-family: sans-serif; color: #777; font-size: .8rem; }
.title a { font-weight: bold; }
.numbered { display: block; color: #a33; font-size: .85rem; }
#lists a { display: inline-block; margin: 0 1rem .4rem 0; }
[hidden] { display: none !important; }
/* The phone layout, below the width the tables need (set by `page`). */
@media (max-width: NARROW) {
  thead, colgroup { display: none; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr.entry { display: grid; grid-template-columns: 80px 1fr; column-gap: .7rem; border-bottom: 1px solid #ddd; padding: .5rem 0; }
  tr.entry td { border: 0; padding: .1rem 0; }
  td.picture { grid-row: 1 / span 5; }
  td[data-label]::before { content: attr(data-label); color: #777; }
  td[data-label]:empty { display: none; }
}
@media print {
  #search, #count, #lists, .picture, th:first-child { display: none; }
  table { table-layout: auto; }
  colgroup { display: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  tr { break-inside: avoid; }
  section { break-inside: auto; }
}"#;

const SCRIPT: &str = r#"// Filters the rows as one types: by number or title, ignoring case.
(function () {
  var search = document.getElementById('search');
  var count = document.getElementById('count');
  var none = document.getElementById('none');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.entry'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.group'));
  function filter() {
    var wanted = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var text = (row.dataset.number + ' ' + row.dataset.title).toLowerCase();
      var match = wanted === '' || text.indexOf(wanted) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector('tr.entry:not([hidden])');
    });
    count.textContent = count.dataset[wanted === '' ? 'all' : 'found'].replace('{count}', shown);
    none.hidden = shown !== 0;
  }
  search.addEventListener('input', filter);
  filter();
})();"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_paths_are_escaped() {
        assert_eq!(
            html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url("forms/QR 1#?.pdf"), "forms/QR%201%23%3F.pdf");
        assert_eq!(url("订"), "%E8%AE%A2");
    }
}

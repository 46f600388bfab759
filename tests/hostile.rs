//! Values stay values: hostile strings put into every text field of a
//! document set build, and the PDFs read back show them as written.
//!
//! What is printed differently, by design (see "Text in the data" in the
//! README): line breaks and tabs print as spaces; control characters and
//! invisible formatting (zero-width and text-direction characters) are not
//! printed.

mod common;

use std::fs;

use common::{Pdf, TestSet, stderr};

/// Strings that would mean something to Typst, to the templates or to YAML
/// if they were not kept as values.
const HOSTILE: &[&str] = &[
    // Typst markup.
    "#import \"/forms/house.typ\": *",
    "#read(\"/data/organisation.yaml\")",
    "#include \"/forms/house.typ\"",
    "#let x = 1; #x",
    "#{ panic(\"boom\") }",
    "#panic(\"boom\")",
    "#set page(width: 1cm)",
    "#show: it => none",
    "$x^2 + y_1$",
    "$ sum_(i=0)^n i $",
    "<label>",
    "@ref",
    "@preview/cetz:0.3.0",
    "// a comment",
    "/* a block comment",
    "*/ closes nothing",
    "`raw` and ```rust fn x()```",
    "= Heading",
    "- item",
    "+ numbered",
    "/ term: description",
    "\\",
    "\\\\ double",
    "end with backslash \\",
    "*bold* _emph_ ~ nbsp",
    "[brackets] {braces} (parens)",
    "]}) closes first",
    "\"quotes\" 'single' “curly” ‘curly’",
    "-- en --- em ... dots",
    "a https://example.com/x?y=1#z link",
    "100% & 50$ # 1",
    "#",
    "=",
    "- ",
    // Templates.
    "{{ company }}",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{# a comment #}",
    "{{ form(\"QR-XS-001\") | upper }}",
    "{% raw %}{{ x }}{% endraw %}",
    "{{",
    "}}",
    // YAML.
    "key: value",
    "- [a, b]",
    "&anchor *alias",
    "!!binary aGk=",
    "~",
    "null",
    "'",
    // White space and invisible characters.
    "line one\nline two",
    "para one\n\npara two",
    "tab\there",
    "  leading and trailing  ",
    "zero\u{200B}width\u{200C}non\u{200D}joiner\u{2060}word",
    "\u{202E}right to left override\u{202C} and \u{200F}mark",
    "עברית ועוד",
    // Outside the Basic Multilingual Plane, and long.
    "𝐀𝐁𝐂 𝑥𝑦𝑧",
    "销售服务管控管理制度 mixed 中文 and English",
    "订单",
    "很长的文字",
];

/// The longest string: a 2,000-character text, broken over many lines.
fn long_string() -> String {
    "客户至上、诚信经营：#every *value* stays $a$ value. ".repeat(40)
}

/// A YAML double-quoted scalar that holds `s` exactly, whatever it is.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Zero-width and text-direction characters, which are never printed.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
    )
}

fn is_hebrew(c: char) -> bool {
    ('\u{0590}'..='\u{05FF}').contains(&c)
}

/// The text a reader finds in the PDF for `s`, with white space removed (as
/// the reader removes it). Right-to-left words are drawn right to left, so
/// their letters come out of the page in reverse.
fn printed(s: &str) -> String {
    let visible: Vec<char> = s
        .chars()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
        .collect();
    let mut out = String::new();
    let mut run = vec![];
    for c in visible {
        if is_hebrew(c) {
            run.push(c);
        } else {
            out.extend(run.drain(..).rev());
            out.push(c);
        }
    }
    out.extend(run.drain(..).rev());
    out
}

/// A document set whose every text field is `s` (names, which must differ
/// from one another, are `s` with a suffix).
fn set_with(s: &str) -> TestSet {
    let set = TestSet::sample();
    for folder in ["data/documents", "data/forms"] {
        fs::remove_dir_all(set.path(folder)).unwrap();
        fs::create_dir_all(set.path(folder)).unwrap();
    }
    let q = quoted(s);
    let name = |n: u32| quoted(&format!("{s}{n}"));
    let (p1, p2, p3) = (name(1), name(2), name(3));
    let refs = quoted("{{ form(\"QR-XS-001\") }}{{ form(\"QR-XS-002\") }}");
    let files = [
        (
            "data/settings.yaml",
            format!(
                "version_scheme: letter-number\ndefault_review_months: 12\n\
                 master_holder: {q}\ndocument_controller: {p1}\n"
            ),
        ),
        (
            "data/organisation.yaml",
            format!(
                "company: {q}\n\
                 departments:\n  - {{ id: XS, name: {q} }}\n\
                 people:\n\
                 \x20 - {{ name: {p1}, department: XS, title: {q}, roles: [prepare] }}\n\
                 \x20 - {{ name: {p2}, department: XS, title: {q}, roles: [review] }}\n\
                 \x20 - {{ name: {p3}, department: XS, title: {q}, roles: [approve] }}\n"
            ),
        ),
        (
            "data/documents/XS-ZD-001.yaml",
            format!(
                "number: XS-ZD-001\ntitle: {q}\nversion: A/0\nstatus: effective\ndepartment: XS\n\
                 prepared: {{ name: {p1}, date: 2016-08-22 }}\n\
                 reviewed: {{ name: {p2}, date: 2016-08-26 }}\n\
                 approved: {{ name: {p3}, date: 2016-08-30 }}\n\
                 effective: 2016-09-01\n\
                 history:\n  - {{ version: A/0, date: 2016-09-01, summary: {q}, author: {p1} }}\n\
                 purpose: {q}\n\
                 body:\n\
                 \x20 - title: {q}\n\
                 \x20   paragraphs: [{q}, {refs}]\n\
                 \x20   items: [{q}]\n\
                 \x20   sections:\n\
                 \x20     - {{ title: {q}, paragraphs: [{q}], items: [{q}] }}\n"
            ),
        ),
        (
            "data/forms/QR-XS-001.yaml",
            format!(
                "number: QR-XS-001\ntitle: {q}\nversion: A/0\neffective: 2016-09-01\n\
                 retention: {q}\nkeeper: XS\n\
                 blocks:\n\
                 \x20 - fields: {{ columns: 2, labels: [{q}, {q}] }}\n\
                 \x20 - table:\n\
                 \x20     caption: {q}\n\
                 \x20     columns: [{{ label: {q}, width: 1 }}, {{ label: {q}, width: 2 }}]\n\
                 \x20     rows: 2\n\
                 \x20     total: {q}\n\
                 \x20 - area: {{ label: {q}, height: 20 }}\n\
                 \x20 - checks: {{ label: {q}, options: [{q}, {q}] }}\n\
                 \x20 - signatures: [{q}, {q}]\n\
                 \x20 - note: {q}\n\
                 parts: [{}, {}]\n",
                name(4),
                name(5)
            ),
        ),
        (
            "data/forms/QR-XS-002.yaml",
            format!(
                "number: QR-XS-002\ntitle: {q}\nversion: A/0\neffective: 2016-09-01\n\
                 retention: {q}\nkeeper: XS\ntemplate: sales-contract\n\
                 blocks:\n\
                 \x20 - table:\n\
                 \x20     caption: {q}\n\
                 \x20     columns: [{{ label: {q}, width: 1 }}]\n\
                 \x20     rows: 2\n\
                 clauses: [{q}, {q}]\n"
            ),
        ),
    ];
    for (rel, text) in files {
        fs::write(set.path(rel), text).unwrap();
    }
    set
}

/// Builds a set holding `s` and reads the string back from its PDFs; returns
/// what went wrong, if anything.
fn check(s: &str) -> Result<(), String> {
    let set = set_with(s);
    let out = set.run(&["build"]);
    if !out.status.success() {
        return Err(format!("build failed:\n{}", stderr(&out)));
    }
    let expected = printed(s);
    for (kind, number, least) in [
        ("master", "XS-ZD-001", 9),
        ("form", "QR-XS-001", 12),
        ("form", "QR-XS-002", 5),
    ] {
        let text = Pdf::open(&set.output(kind, number)).all_text();
        let found = text.matches(&expected).count();
        if found < least {
            return Err(format!(
                "{kind} {number} shows {expected:?} {found} times, not {least}:\n{text}"
            ));
        }
    }
    Ok(())
}

#[test]
fn there_are_sixty_hostile_strings() {
    assert!(HOSTILE.len() + 1 >= 60, "{}", HOSTILE.len());
}

#[test]
fn hostile_strings_in_every_field_build_and_print_as_written() {
    let mut strings: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    strings.push(long_string());
    // Two at a time: each build already uses every core for a moment.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = strings.chunks(strings.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|s| check(s).err().map(|e| format!("{s:?}: {e}")))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} strings failed:\n{}",
        failures.len(),
        strings.len(),
        failures.join("\n\n")
    );
}

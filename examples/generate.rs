//! Makes a large document set from the sample, for the benchmark:
//! `generate DIR [--forms N] [--copies N] [--repeat N]`.
//!
//! The regulation's text is repeated `--repeat` times (about 8 pages each),
//! `--forms` forms are made from the sample's forms under new numbers, and
//! `--copies` controlled copies of the regulation are in its register. A
//! numbered form's copies each have a serial format of their own.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .expect("usage: generate DIR [--forms N] [--copies N] [--repeat N]"),
    );
    let (mut forms, mut copies, mut repeat) = (1000usize, 20usize, 24usize);
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .and_then(|v| v.parse().ok())
            .expect("a number after each flag");
        match flag.as_str() {
            "--forms" => forms = value,
            "--copies" => copies = value,
            "--repeat" => repeat = value,
            other => panic!("unknown flag {other}"),
        }
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let _ = fs::remove_dir_all(&dir);
    ctrldoc::write::copy_dir(&sample.join("data"), &dir.join("data")).unwrap();
    ctrldoc::write::copy_dir(&sample.join("forms"), &dir.join("forms")).unwrap();
    let _ = fs::remove_dir_all(dir.join("data/registers"));
    let _ = fs::remove_dir_all(dir.join("data/ledgers"));

    // A longer regulation: its parts, again and again.
    let doc_path = dir.join("data/documents/XS-ZD-001.yaml");
    let doc = fs::read_to_string(&doc_path).unwrap();
    let (head, body) = doc.split_once("body:\n").unwrap();
    let mut text = format!("{head}body:\n");
    for _ in 0..repeat {
        text.push_str(body);
        if !body.ends_with('\n') {
            text.push('\n');
        }
    }
    fs::write(&doc_path, text).unwrap();

    // Forms under new numbers, copied round-robin from the sample's.
    let mut templates: Vec<String> = fs::read_dir(sample.join("data/forms"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    templates.sort();
    for i in 1..=forms {
        let source = &templates[i % templates.len()];
        let number = source
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("number: ");
        let new = format!("QR-BM-{i:05}");
        // A numbered form's copy numbers its sheets with a format of its
        // own, as a controller told of two forms printing the same numbers
        // would have it: sharing the sample's, 2,727 of 10,011 forms were
        // warned of, and the warnings took memory and time a clean set
        // does not.
        let text = source.replacen(number, &new, 1).replacen(
            "serial: { format: \"",
            &format!("serial: {{ format: \"B{i:05}-"),
            1,
        );
        // Written otherwise in the sample, the format would be shared again.
        assert!(
            !text.contains("serial:") || text.contains(&format!("\"B{i:05}-")),
            "the generator does not know how {number} writes its serial format"
        );
        fs::write(dir.join(format!("data/forms/{new}.yaml")), text).unwrap();
    }

    // The register: copies to the departments in turn.
    let departments = ["销售部", "财务部", "品质部", "生产部", "仓储部", "办公室"];
    let mut register = String::from("document: XS-ZD-001\ncopies:\n");
    for n in 1..=copies {
        let holder = departments[n % departments.len()];
        writeln!(
            register,
            "- number: {n}\n  holder: {holder}\n  version: A/0\n  issued: 2016-09-02\n  issued_by: 孙晓燕"
        )
        .unwrap();
    }
    fs::create_dir_all(dir.join("data/registers")).unwrap();
    fs::write(dir.join("data/registers/XS-ZD-001.yaml"), register).unwrap();
    eprintln!(
        "generated `{}`: the regulation ×{repeat}, {copies} controlled copies, {} forms",
        dir.display(),
        forms + templates.len()
    );
}

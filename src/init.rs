//! `ctrldoc init [DIR]`: a new document set that builds at once: one
//! regulation, two forms, the organisation and the settings, with the house
//! templates to change the look from.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::labels::Language;
use crate::write::write_atomic;

/// The data of a new set, by path, in each language.
const ZH: &[(&str, &str)] = &[
    (
        "data/settings.yaml",
        include_str!("../starter/zh/data/settings.yaml"),
    ),
    (
        "data/organisation.yaml",
        include_str!("../starter/zh/data/organisation.yaml"),
    ),
    (
        "data/documents/GL-ZD-001.yaml",
        include_str!("../starter/zh/data/documents/GL-ZD-001.yaml"),
    ),
    (
        "data/forms/JL-BGS-001.yaml",
        include_str!("../starter/zh/data/forms/JL-BGS-001.yaml"),
    ),
    (
        "data/forms/JL-BGS-002.yaml",
        include_str!("../starter/zh/data/forms/JL-BGS-002.yaml"),
    ),
];

const EN: &[(&str, &str)] = &[
    (
        "data/settings.yaml",
        include_str!("../starter/en/data/settings.yaml"),
    ),
    (
        "data/organisation.yaml",
        include_str!("../starter/en/data/organisation.yaml"),
    ),
    (
        "data/documents/QA-P-001.yaml",
        include_str!("../starter/en/data/documents/QA-P-001.yaml"),
    ),
    (
        "data/forms/QA-F-001.yaml",
        include_str!("../starter/en/data/forms/QA-F-001.yaml"),
    ),
    (
        "data/forms/QA-F-002.yaml",
        include_str!("../starter/en/data/forms/QA-F-002.yaml"),
    ),
];

/// The house templates, the same in every language: their fixed words come
/// from the label table.
const TEMPLATES: &[(&str, &str)] = &[
    ("forms/house.typ", include_str!("../forms/house.typ")),
    (
        "forms/handbook.typ.j2",
        include_str!("../forms/handbook.typ.j2"),
    ),
    (
        "forms/form-page.typ.j2",
        include_str!("../forms/form-page.typ.j2"),
    ),
    ("forms/form.typ.j2", include_str!("../forms/form.typ.j2")),
];

/// The day the starter files are written with, made the day of `init`.
const STARTER_DAY: &str = "2026-01-15";

/// Creates a new document set in `dir`, which may exist but must not hold
/// one already: nothing is ever overwritten.
pub fn init(dir: &Path, language: Language) -> Result<ExitCode> {
    let data = match language {
        Language::Chinese => ZH,
        Language::English => EN,
    };
    let files = || data.iter().chain(TEMPLATES);
    for (path, _) in files() {
        let target = dir.join(path);
        if target.exists() {
            bail!(
                "`{}` already exists: `init` never overwrites a file\nhint: choose an empty folder, e.g. `ctrldoc init my-documents`",
                target.display()
            );
        }
    }
    // The starter's forms take effect, and its regulation is first
    // recorded, on the day the set is made.
    let today = crate::config::today()?.to_string();
    for (path, text) in files() {
        write_atomic(
            &dir.join(path),
            text.replace(STARTER_DAY, &today).as_bytes(),
        )?;
    }
    let number = data[2]
        .0
        .trim_start_matches("data/documents/")
        .trim_end_matches(".yaml");
    crate::say!(
        "created a document set in `{}` ({}): one regulation ({number}), a draft, and two forms\nbuild it with `ctrldoc --root {} build`; once the regulation and `data/organisation.yaml` are your own, sign it with `ctrldoc approve {number} --as preparer|reviewer|approver --name NAME`",
        dir.display(),
        language.code(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

//! The seal in a PDF's identity (`…;seal=HEX`): the SHA-256 of the file as
//! printed, taken with the seal's digits all `0`. `verify` can then tell an
//! intact print from an altered one without the build's record of it, which
//! is lost when `output/` is deleted. Anyone who knows this can seal a file
//! again after changing it: the record in `output/manifest.json` is the
//! stronger proof, and the seal is what is left when there is none.

use crate::write::sha256;

/// The identity's field that holds the seal.
const FIELD: &[u8] = b";seal=";
/// The length of a seal: a SHA-256 in lower-case hex.
const LEN: usize = 64;

/// The field a PDF's identity ends with until [`apply`] seals it.
pub fn blank() -> String {
    format!("seal={}", "0".repeat(LEN))
}

/// How a file's seal checks out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seal {
    /// It carries no seal (printed before seals were, or not by ctrldoc).
    None,
    /// Its bytes are those it was sealed with.
    Intact,
    /// Its bytes are not those it was sealed with.
    Broken,
}

/// Where the digits of each seal in `bytes` start: at the end of the
/// identity, which is written both in the document information and in the
/// XMP metadata.
fn places(bytes: &[u8]) -> Vec<usize> {
    crate::plan::identities(bytes)
        .into_iter()
        // From the `;` that ends `ctrldoc-id:v1;`, for a seal as the only field.
        .filter_map(|span| {
            let fields = &bytes[span.start - 1..span.end];
            let digits = span.start - 1 + memchr::memmem::find(fields, FIELD)? + FIELD.len();
            (span.end - digits == LEN).then_some(digits)
        })
        .collect()
}

/// Seals a PDF whose identity ends with [`blank`]; one without is left as
/// it is.
pub fn apply(pdf: &mut [u8]) {
    let places = places(pdf);
    if places.is_empty() {
        return;
    }
    for &at in &places {
        pdf[at..at + LEN].fill(b'0');
    }
    let seal = sha256(pdf);
    for &at in &places {
        pdf[at..at + LEN].copy_from_slice(seal.as_bytes());
    }
}

/// Checks the seal of a PDF.
pub fn check(pdf: &[u8]) -> Seal {
    let places = places(pdf);
    let Some(&first) = places.first() else {
        return Seal::None;
    };
    let seal = &pdf[first..first + LEN];
    if places.iter().any(|&at| &pdf[at..at + LEN] != seal) {
        return Seal::Broken;
    }
    let mut blanked = pdf.to_vec();
    for &at in &places {
        blanked[at..at + LEN].fill(b'0');
    }
    match sha256(&blanked).as_bytes() == seal {
        true => Seal::Intact,
        false => Seal::Broken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf() -> Vec<u8> {
        let id = format!(
            "ctrldoc-id:v1;kind=form;number=QR-1;version=A%2F0;{}",
            blank()
        );
        format!("%PDF-1.7\n<< /Keywords ({id}) >>\nstream\nBT (Hello) Tj ET\nendstream\n<pdf:Keywords>{id}</pdf:Keywords>\n")
            .into_bytes()
    }

    #[test]
    fn a_sealed_file_checks_out_until_a_byte_of_it_changes() {
        let mut sealed = pdf();
        apply(&mut sealed);
        assert_eq!(check(&sealed), Seal::Intact);
        assert!(!String::from_utf8_lossy(&sealed).contains(&blank()));
        // Sealing is the same every time.
        let mut again = pdf();
        apply(&mut again);
        assert_eq!(again, sealed);

        let text = String::from_utf8(sealed.clone()).unwrap();
        let altered = text.replace("Hello", "Hallo").into_bytes();
        assert_eq!(check(&altered), Seal::Broken);
        // Appended to, as an editor saving an incremental update does.
        let mut appended = sealed.clone();
        appended.extend_from_slice(b"trailer\n");
        assert_eq!(check(&appended), Seal::Broken);
        // A seal made again for one copy of the identity but not the other.
        let at = places(&sealed)[1];
        let mut one = sealed.clone();
        one[at] = if one[at] == b'a' { b'b' } else { b'a' };
        assert_eq!(check(&one), Seal::Broken);
    }

    #[test]
    fn a_file_without_a_seal_has_none() {
        assert_eq!(
            check(b"%PDF-1.7 ctrldoc-id:v1;kind=form;number=QR-1"),
            Seal::None
        );
        assert_eq!(check(b"%PDF-1.7 nothing"), Seal::None);
        let mut unsealed = b"%PDF-1.7 no identity".to_vec();
        apply(&mut unsealed);
        assert_eq!(unsealed, b"%PDF-1.7 no identity");
    }
}

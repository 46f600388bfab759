//! Expands the plain text of a document: `{{ form("QR-XS-005") }}` becomes
//! 《title》（QR-XS-005）, and every form named is recorded.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use minijinja::{Environment, ErrorKind, UndefinedBehavior};

use crate::diagnostic::did_you_mean;

/// Expands form references in document text.
pub struct Expander {
    env: Environment<'static>,
    seen: Arc<Mutex<Vec<String>>>,
    unknown: Arc<Mutex<Option<String>>>,
    numbers: Vec<String>,
}

/// Why a text could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// `form("…")` named a form that is not defined.
    UnknownForm {
        /// The number as written.
        number: String,
        /// The closest defined number.
        suggestion: Option<String>,
    },
    /// The text is not a valid template (e.g. an unclosed `{{`).
    Syntax(String),
}

impl Expander {
    /// Creates an expander that knows the forms by number and title.
    pub fn new(forms: BTreeMap<String, String>) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let unknown = Arc::new(Mutex::new(None));
        let numbers = forms.keys().cloned().collect();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        let (seen_in, unknown_in) = (seen.clone(), unknown.clone());
        env.add_function(
            "form",
            move |number: String| -> Result<String, minijinja::Error> {
                match forms.get(&number) {
                    Some(title) => {
                        seen_in.lock().unwrap().push(number.clone());
                        Ok(format!("《{title}》（{number}）"))
                    }
                    None => {
                        *unknown_in.lock().unwrap() = Some(number.clone());
                        Err(minijinja::Error::new(
                            ErrorKind::InvalidOperation,
                            format!("unknown form `{number}`"),
                        ))
                    }
                }
            },
        );
        Self {
            env,
            seen,
            unknown,
            numbers,
        }
    }

    /// Expands one text, returning it with the form numbers it names.
    pub fn expand(&self, text: &str) -> Result<(String, Vec<String>), ExpandError> {
        self.seen.lock().unwrap().clear();
        *self.unknown.lock().unwrap() = None;
        if !text.contains("{{") && !text.contains("{%") && !text.contains("{#") {
            return Ok((text.to_owned(), vec![]));
        }
        match self.env.render_str(text, ()) {
            Ok(out) => Ok((out, std::mem::take(&mut *self.seen.lock().unwrap()))),
            Err(err) => match self.unknown.lock().unwrap().take() {
                Some(number) => {
                    let suggestion = did_you_mean(&number, self.numbers.iter().map(String::as_str))
                        .map(str::to_owned);
                    Err(ExpandError::UnknownForm { number, suggestion })
                }
                None => Err(ExpandError::Syntax(
                    err.detail().unwrap_or("invalid template").to_owned(),
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expander() -> Expander {
        Expander::new(BTreeMap::from([(
            "QR-XS-005".to_owned(),
            "销售台帐".to_owned(),
        )]))
    }

    #[test]
    fn form_reference_renders_title_and_number() {
        let (text, refs) = expander()
            .expand(r#"登记于{{ form("QR-XS-005") }}。"#)
            .unwrap();
        assert_eq!(text, "登记于《销售台帐》（QR-XS-005）。");
        assert_eq!(refs, ["QR-XS-005"]);
    }

    #[test]
    fn unknown_form_is_an_error_with_a_suggestion() {
        let err = expander().expand(r#"{{ form("QR-XS-050") }}"#).unwrap_err();
        assert_eq!(
            err,
            ExpandError::UnknownForm {
                number: "QR-XS-050".into(),
                suggestion: Some("QR-XS-005".into())
            }
        );
    }

    #[test]
    fn text_without_references_is_unchanged() {
        let (text, refs) = expander().expand("#[x]* 不是代码").unwrap();
        assert_eq!(text, "#[x]* 不是代码");
        assert!(refs.is_empty());
    }
}

//! A typed f(x) as it travels: the text (shown in the field, written to files) and what it compiled to,
//! parsed once where it entered (the f(x) field, a flag, a file), so the checks and the sampling after
//! it never parse it again.

use super::expression::{Expression, ExpressionError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// See the module doc. Two are equal when their texts are; files hold the text alone.
#[derive(Debug, Clone)]
pub struct TypedFunction {
    text: String,
    compiled: Result<Arc<Expression>, ExpressionError>,
}

impl TypedFunction {
    /// Parses `text` (its one parse).
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let compiled = Expression::parse(&text).map(Arc::new);
        Self { text, compiled }
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The compiled f(x), or what is wrong with the text and where.
    pub fn compiled(&self) -> Result<&Arc<Expression>, &ExpressionError> {
        self.compiled.as_ref()
    }
}

impl From<&str> for TypedFunction {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for TypedFunction {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl PartialEq for TypedFunction {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Serialize for TypedFunction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for TypedFunction {
    /// Reads the text and parses it once; a text that does not parse is kept with its mistake, which
    /// the data's check reports in words (as for a typed one).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_parsed_once_and_travels_with_what_it_compiled_to() {
        let f = TypedFunction::from("x^2/4");
        assert_eq!(f.text(), "x^2/4");
        let e = Arc::clone(f.compiled().expect("reads"));
        let copy = f.clone();
        assert!(Arc::ptr_eq(&e, copy.compiled().expect("reads")));
        assert_eq!(e.eval(2.0), 1.0);
        let wrong = TypedFunction::from("sin(x");
        assert!(
            wrong
                .compiled()
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn files_hold_the_text_alone() {
        let f = TypedFunction::from("1+sin(x)");
        let json = serde_json::to_string(&f).expect("writes");
        assert_eq!(json, "\"1+sin(x)\"");
        let back: TypedFunction = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, f);
        assert!(back.compiled().is_ok());
    }
}

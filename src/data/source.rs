//! Where the data come from: a preset function, a typed expression, or points given as they are (drawn on
//! the plot or imported from a CSV file). Every data change goes through one of these; points are never
//! regenerated from a function behind the user's back.

use super::expression::Expression;
use super::given::GivenPoints;
use super::target::Target;
use super::typed::TypedFunction;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Most points a user may give (a CSV file, clicks).
pub const MAX_GIVEN_POINTS: usize = 100_000;

/// See the module doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A named preset, sampled on the training interval.
    Preset(Target),
    /// A typed f(x), sampled on the training interval (parsed once, where it was typed or read).
    Expression(TypedFunction),
    /// Points (x, y) as given: no target function beyond them.
    Points(GivenPoints),
}

impl Default for Source {
    fn default() -> Self {
        Source::Preset(Target::Sin)
    }
}

/// A target function to sample: a preset or a compiled expression.
#[derive(Debug, Clone)]
pub enum Function {
    /// A preset.
    Preset(Target),
    /// A typed expression, as it was compiled where it was typed.
    Expression(Arc<Expression>),
}

impl Function {
    /// f(x); NaN where it is undefined.
    pub fn eval(&self, x: f64) -> f64 {
        match self {
            Function::Preset(t) => t.eval(x),
            Function::Expression(e) => e.eval(x),
        }
    }
}

impl Source {
    /// Reads a `--target` value: a preset's name means the preset, anything else a typed expression.
    pub fn from_text(text: &str) -> Self {
        match text.trim().parse::<Target>() {
            Ok(preset) => Source::Preset(preset),
            Err(_) => Source::Expression(text.trim().into()),
        }
    }

    /// The function to sample, `None` for given points; an expression that does not read is refused
    /// with what is wrong and where.
    pub fn function(&self) -> Result<Option<Function>, String> {
        match self {
            Source::Preset(t) => Ok(Some(Function::Preset(*t))),
            Source::Expression(typed) => typed
                .compiled()
                .map(|e| Some(Function::Expression(Arc::clone(e))))
                .map_err(|e| format!("f(x) = {}: {e}", typed.text())),
            Source::Points(_) => Ok(None),
        }
    }

    /// Checks the source: an expression that reads, points that are finite and not too many.
    pub fn validate(&self) -> Result<(), String> {
        if let Source::Points(points) = self {
            if points.is_empty() {
                return Err(
                    "there are no points: add some on the plot or import a CSV file".into(),
                );
            }
            if points.len() > MAX_GIVEN_POINTS {
                return Err(format!(
                    "at most {MAX_GIVEN_POINTS} points (got {})",
                    points.len()
                ));
            }
            if points.iter().flatten().any(|v| !v.is_finite()) {
                return Err("every point's x and y must be finite numbers".into());
            }
            for (i, point) in points.iter().enumerate() {
                for (name, &v) in ["x", "y"].into_iter().zip(point) {
                    crate::limits::POINT_VALUE
                        .named(name)
                        .check(v)
                        .map_err(|refusal| format!("point {}: {refusal}", i + 1))?;
                }
            }
        }
        self.function().map(|_| ())
    }

    /// A few words for labels, marks and messages: "sin", "f(x) = x^2", "12 points"; a typed f(x) on one
    /// line (a newline read from a file shows as `\n`) and cut at 80 characters.
    pub fn label(&self) -> String {
        match self {
            Source::Preset(t) => t.name().to_string(),
            Source::Expression(typed) => {
                format!("f(x) = {}", crate::files::read::quoted(typed.text(), 80))
            }
            Source::Points(p) => format!("{} points", p.len()),
        }
    }

    /// The preset, if this is one.
    pub fn preset(&self) -> Option<Target> {
        match self {
            Source::Preset(t) => Some(*t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_name_means_the_preset_and_anything_else_an_expression() {
        assert_eq!(Source::from_text("cubic"), Source::Preset(Target::Cubic));
        assert_eq!(Source::from_text(" x^2 "), Source::Expression("x^2".into()));
        assert!(
            Source::from_text("sin(x")
                .validate()
                .unwrap_err()
                .contains("never closed")
        );
        assert!(Source::Points(vec![].into()).validate().is_err());
        assert!(
            Source::Points(vec![[0.0, f64::NAN]].into())
                .validate()
                .is_err()
        );
        assert!(Source::Points(vec![[0.0, 1.0]].into()).validate().is_ok());
    }
}

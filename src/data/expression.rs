//! Typed target functions f(x): "1 + sin(7*pi*x/5)", "exp(-x^2)", "max(x, 0)".
//!
//! Grammar (usual precedence; `^` binds tighter than a unary minus and groups to the right, so
//! `-x^2` = −(x²) and `2^3^2` = 2⁹):
//!
//! ```text
//! sum     = product (('+' | '-') product)*
//! product = unary (('*' | '/') unary)*
//! unary   = ('+' | '-') unary | power
//! power   = primary ('^' unary)?
//! primary = number | x | pi | e | f '(' sum ')' | min|max '(' sum ',' sum ')' | '(' sum ')'
//! f       = sin cos tan asin acos atan sinh cosh tanh exp ln log10 log2 sqrt abs sign floor ceil round
//! ```
//!
//! A small checker walks this grammar first, so every mistake is reported with what is wrong and where
//! (a 1-based character position), and it writes the expression back fully bracketed; the `exmex` crate
//! then compiles and evaluates that text. At most [`MAX_LENGTH`] characters, nested at most
//! [`MAX_DEPTH`] deep: beyond them a message, never a stack overflow.
//!
//! Kept whole (a little over 400 lines): the checker is one recursive descent, a function per rule of the
//! grammar above, and reads best beside that grammar and the names it hands to `exmex`.

use exmex::prelude::*;
use exmex::{FloatOpsFactory, MatchLiteral, literal_matcher_from_pattern};
use std::fmt;

/// Longest expression accepted.
pub const MAX_LENGTH: usize = 1000;
/// Deepest nesting of brackets, functions and unary signs accepted.
pub const MAX_DEPTH: usize = 100;

/// Functions of one argument, and the name `exmex` knows each by.
const FUNCTIONS: [(&str, &str); 19] = [
    ("sin", "sin"),
    ("cos", "cos"),
    ("tan", "tan"),
    ("asin", "asin"),
    ("acos", "acos"),
    ("atan", "atan"),
    ("sinh", "sinh"),
    ("cosh", "cosh"),
    ("tanh", "tanh"),
    ("exp", "exp"),
    ("ln", "ln"),
    ("log10", "log10"),
    ("log2", "log2"),
    ("sqrt", "sqrt"),
    ("abs", "abs"),
    ("sign", "signum"),
    ("floor", "floor"),
    ("ceil", "ceil"),
    ("round", "round"),
];
/// Functions of two arguments.
const PAIRS: [&str; 2] = ["min", "max"];

literal_matcher_from_pattern!(NumberMatcher, r"^(\.?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)");

/// A mistake in an expression: what is wrong, and the 1-based character it was found at (0 when it is
/// about the whole text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError {
    /// What is wrong, in words.
    pub message: String,
    /// Where, as a 1-based character position; 0 for the whole text.
    pub position: usize,
}

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A compiled f(x).
#[derive(Debug, Clone)]
pub struct Expression {
    text: String,
    compiled: FlatEx<f64, FloatOpsFactory<f64>, NumberMatcher>,
    uses_x: bool,
}

impl PartialEq for Expression {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Expression {
    /// Checks and compiles `text`.
    pub fn parse(text: &str) -> Result<Self, ExpressionError> {
        let length = text.chars().count();
        if text.trim().is_empty() {
            return Err(at(
                0,
                "type a function of x, such as sin(x) or 1 + x^2".into(),
            ));
        }
        if length > MAX_LENGTH {
            return Err(at(
                0,
                format!(
                    "an expression has at most {MAX_LENGTH} characters (this one has {length})"
                ),
            ));
        }
        let tokens = tokenize(text)?;
        let mut checker = Checker {
            tokens: &tokens,
            next: 0,
            depth: 0,
        };
        let bracketed = checker.sum()?;
        if let Some(extra) = checker.peek_token() {
            return Err(checker.unexpected_after_operand(extra));
        }
        let compiled = FlatEx::<f64, FloatOpsFactory<f64>, NumberMatcher>::parse(&bracketed)
            .map_err(|e| at(0, format!("cannot read this expression: {}", e.msg())))?;
        let uses_x = !compiled.var_names().is_empty();
        Ok(Self {
            text: text.to_string(),
            compiled,
            uses_x,
        })
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// f(x); NaN where f is undefined (ln of a negative, 0/0).
    pub fn eval(&self, x: f64) -> f64 {
        let args: &[f64] = if self.uses_x { &[x] } else { &[] };
        self.compiled.eval(args).unwrap_or(f64::NAN)
    }
}

fn at(position: usize, message: String) -> ExpressionError {
    ExpressionError { message, position }
}

/// One lexical piece and its 1-based position.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64, String),
    Name(String),
    Symbol(char),
}

fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, ExpressionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let position = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let rest: String = chars[i..].iter().collect();
            let Some(literal) = NumberMatcher::is_literal(&rest) else {
                return Err(at(
                    position,
                    format!(
                        "'{}' at character {position} starts no number",
                        c.escape_debug()
                    ),
                ));
            };
            let value: f64 = literal.parse().map_err(|_| {
                at(
                    position,
                    format!("'{literal}' at character {position} is not a number"),
                )
            })?;
            i += literal.chars().count();
            tokens.push((Token::Number(value, literal.to_string()), position));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Token::Name(chars[start..i].iter().collect()), position));
        } else if "+-*/^(),".contains(c) {
            tokens.push((Token::Symbol(c), position));
            i += 1;
        } else {
            return Err(at(
                position,
                format!(
                    "unexpected '{}' at character {position} (use + - * / ^ and brackets)",
                    c.escape_debug()
                ),
            ));
        }
    }
    Ok(tokens)
}

/// Walks the grammar of the module doc over the tokens, writing the expression back fully bracketed.
struct Checker<'a> {
    tokens: &'a [(Token, usize)],
    next: usize,
    depth: usize,
}

impl Checker<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(t, _)| t)
    }

    fn peek_token(&self) -> Option<&(Token, usize)> {
        self.tokens.get(self.next)
    }

    /// Where the next token is, or just past the end.
    fn position(&self) -> usize {
        self.tokens.get(self.next).map_or_else(
            || self.tokens.last().map_or(1, |(t, p)| p + width(t)),
            |(_, p)| *p,
        )
    }

    fn deeper(&mut self) -> Result<(), ExpressionError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let p = self.position();
            return Err(at(
                p,
                format!("nested more than {MAX_DEPTH} deep at character {p}"),
            ));
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<String, ExpressionError> {
        let mut out = self.product()?;
        while let Some(Token::Symbol(op @ ('+' | '-'))) = self.peek().cloned() {
            self.next += 1;
            let right = self.product()?;
            out = format!("({out}){op}({right})");
        }
        Ok(out)
    }

    fn product(&mut self) -> Result<String, ExpressionError> {
        let mut out = self.unary()?;
        while let Some(Token::Symbol(op @ ('*' | '/'))) = self.peek().cloned() {
            self.next += 1;
            let right = self.unary()?;
            out = format!("({out}){op}({right})");
        }
        Ok(out)
    }

    fn unary(&mut self) -> Result<String, ExpressionError> {
        if let Some(Token::Symbol(sign @ ('+' | '-'))) = self.peek().cloned() {
            self.next += 1;
            self.deeper()?;
            let operand = self.unary()?;
            self.depth -= 1;
            return Ok(if sign == '-' {
                format!("(-({operand}))")
            } else {
                format!("({operand})")
            });
        }
        self.power()
    }

    fn power(&mut self) -> Result<String, ExpressionError> {
        let base = self.primary()?;
        if let Some(Token::Symbol('^')) = self.peek() {
            self.next += 1;
            self.deeper()?;
            let exponent = self.unary()?;
            self.depth -= 1;
            return Ok(format!("(({base})^({exponent}))"));
        }
        Ok(format!("({base})"))
    }

    fn primary(&mut self) -> Result<String, ExpressionError> {
        let position = self.position();
        let Some((token, _)) = self.tokens.get(self.next).cloned() else {
            return Err(at(
                position,
                format!(
                    "the expression ends too early: a number, x or a bracket is missing at character {position}"
                ),
            ));
        };
        self.next += 1;
        match token {
            Token::Number(value, _) => Ok(format!("{value:?}")),
            Token::Name(name) => self.name(&name, position),
            Token::Symbol('(') => {
                self.deeper()?;
                let inner = self.sum()?;
                self.close(position, "(")?;
                self.depth -= 1;
                Ok(format!("({inner})"))
            }
            other => Err(at(
                position,
                format!(
                    "expected a number, x, a function or '(' at character {position}, not {}",
                    describe(&other)
                ),
            )),
        }
    }

    /// x, a constant, or a function call starting with `name` at `position`.
    fn name(&mut self, name: &str, position: usize) -> Result<String, ExpressionError> {
        match name {
            "x" => return Ok("x".into()),
            "pi" => return Ok(format!("{:?}", std::f64::consts::PI)),
            "e" => return Ok(format!("{:?}", std::f64::consts::E)),
            _ => {}
        }
        let single = FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, e)| *e);
        let pair = PAIRS.contains(&name);
        if single.is_none() && !pair {
            let hint = match name {
                "log" => "; use ln, log10 or log2",
                "X" => "; the variable is a small x",
                _ => "; use x, pi, e or a function such as sin(…)",
            };
            return Err(at(
                position,
                format!("unknown name '{name}' at character {position}{hint}"),
            ));
        }
        if self.peek() != Some(&Token::Symbol('(')) {
            let call = if pair { "(a, b)" } else { "(…)" };
            return Err(at(
                position,
                format!("'{name}' at character {position} needs brackets: {name}{call}"),
            ));
        }
        let open = self.position();
        self.next += 1;
        self.deeper()?;
        let first = self.sum()?;
        let out = if pair {
            if self.peek() != Some(&Token::Symbol(',')) {
                let p = self.position();
                return Err(at(
                    p,
                    format!(
                        "{name} takes two arguments, {name}(a, b): a ',' is missing at character {p}"
                    ),
                ));
            }
            self.next += 1;
            let second = self.sum()?;
            format!("{name}({first},{second})")
        } else {
            format!("{}({first})", single.unwrap_or(name))
        };
        self.close(open, name)?;
        self.depth -= 1;
        Ok(out)
    }

    /// Expects the ')' that closes the bracket opened at `open`.
    fn close(&mut self, open: usize, what: &str) -> Result<(), ExpressionError> {
        match self.peek() {
            Some(Token::Symbol(')')) => {
                self.next += 1;
                Ok(())
            }
            Some(Token::Symbol(',')) => {
                let p = self.position();
                Err(at(
                    p,
                    format!("',' at character {p} belongs only in min(a, b) or max(a, b)"),
                ))
            }
            Some(_) => {
                let extra = self.peek_token().cloned();
                Err(extra.map_or_else(
                    || {
                        at(
                            open,
                            format!(
                                "the bracket after '{what}' at character {open} is never closed"
                            ),
                        )
                    },
                    |t| self.unexpected_after_operand(&t),
                ))
            }
            None => Err(at(
                open,
                format!(
                    "the bracket opened at character {open} is never closed: a ')' is missing at the end"
                ),
            )),
        }
    }

    /// What is wrong with `token` where an operator or the end was expected.
    fn unexpected_after_operand(&self, token: &(Token, usize)) -> ExpressionError {
        let (t, p) = token;
        match t {
            Token::Symbol(')') => at(*p, format!("')' at character {p} closes no bracket")),
            Token::Symbol(',') => at(
                *p,
                format!("',' at character {p} belongs only in min(a, b) or max(a, b)"),
            ),
            other => at(
                *p,
                format!(
                    "an operator is missing before {} at character {p} (write 2*x for a product)",
                    describe(other)
                ),
            ),
        }
    }
}

/// How many characters a token takes.
fn width(token: &Token) -> usize {
    match token {
        Token::Number(_, text) => text.chars().count(),
        Token::Name(name) => name.chars().count(),
        Token::Symbol(_) => 1,
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Number(_, text) => format!("'{text}'"),
        Token::Name(name) => format!("'{name}'"),
        Token::Symbol(c) => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests;

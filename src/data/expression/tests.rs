//! Tests of the expression reader: values against Rust's own math, mistakes with their positions, limits.

use super::*;

fn f(text: &str, x: f64) -> f64 {
    Expression::parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .eval(x)
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(1.0) || (a.is_nan() && b.is_nan())
}

/// An expression and the Rust function it must equal.
type Case = (&'static str, fn(f64) -> f64);

#[test]
fn every_function_and_operator_matches_rust_math() {
    let cases: [Case; 28] = [
        ("sin(x)", f64::sin),
        ("cos(x)", f64::cos),
        ("tan(x)", f64::tan),
        ("asin(x/4)", |x| (x / 4.0).asin()),
        ("acos(x/4)", |x| (x / 4.0).acos()),
        ("atan(x)", f64::atan),
        ("sinh(x)", f64::sinh),
        ("cosh(x)", f64::cosh),
        ("tanh(x)", f64::tanh),
        ("exp(x)", f64::exp),
        ("ln(x)", f64::ln),
        ("log10(x)", f64::log10),
        ("log2(x)", f64::log2),
        ("sqrt(x)", f64::sqrt),
        ("abs(x)", f64::abs),
        ("sign(x)", f64::signum),
        ("floor(x)", f64::floor),
        ("ceil(x)", f64::ceil),
        ("round(x)", f64::round),
        ("min(x, 1)", |x| x.min(1.0)),
        ("max(x, 1)", |x| x.max(1.0)),
        ("x + 2 - 3", |x| x + 2.0 - 3.0),
        ("2 * x / 3", |x| 2.0 * x / 3.0),
        ("x^3", |x| x.powf(3.0)),
        ("-x^2", |x| -(x * x)),
        ("exp(-x^2)", |x| (-(x * x)).exp()),
        ("2^3^x", |x| 2f64.powf(3f64.powf(x))),
        ("1 + sin(7*pi*x/5)", |x| {
            1.0 + (7.0 * std::f64::consts::PI * x / 5.0).sin()
        }),
    ];
    for (text, rust) in cases {
        for x in [-3.1, -0.5, 0.0, 0.7, 2.0, 3.9] {
            let (a, b) = (f(text, x), rust(x));
            assert!(close(a, b), "{text} at {x}: {a} vs {b}");
        }
    }
}

#[test]
fn numbers_constants_and_signs_read_as_written() {
    assert_eq!(f("1e-3", 0.0), 1e-3);
    assert_eq!(f("2.5E2 * x", 2.0), 500.0);
    assert_eq!(f(".5", 0.0), 0.5);
    assert_eq!(f("pi", 0.0), std::f64::consts::PI);
    assert_eq!(f("e", 0.0), std::f64::consts::E);
    assert_eq!(f("2^-1", 0.0), 0.5);
    assert_eq!(f("2*-x", 3.0), -6.0);
    assert_eq!(f("--x", 3.0), 3.0);
    assert_eq!(f("+x", 3.0), 3.0);
    assert_eq!(f("8/2/2", 0.0), 2.0);
    assert_eq!(f("1 - 2 - 3", 0.0), -4.0);
    assert_eq!(f("1 - 2 + 3", 0.0), 2.0);
    assert_eq!(f("((x))", 4.0), 4.0);
    assert!(f("ln(x)", -1.0).is_nan());
    assert!(f("1/x", 0.0).is_infinite());
}

#[test]
fn broken_input_says_what_and_where() {
    let cases = [
        ("", 0, "type a function of x"),
        ("sin(x", 4, "never closed"),
        ("x)", 2, "closes no bracket"),
        ("x +", 4, "ends too early"),
        ("2x", 2, "an operator is missing before 'x'"),
        ("foo(x)", 1, "unknown name 'foo'"),
        ("log(x)", 1, "use ln, log10 or log2"),
        ("sin x", 1, "needs brackets"),
        ("x # 2", 3, "unexpected '#'"),
        ("min(x)", 6, "takes two arguments"),
        ("sin(x, 2)", 6, "belongs only in min"),
        ("x * * 2", 5, "expected a number, x, a function or '('"),
        ("1.2.3", 4, "an operator is missing before '.3'"),
        ("()", 2, "expected a number"),
        ("X", 1, "small x"),
    ];
    for (text, position, needle) in cases {
        let e = Expression::parse(text).expect_err(text);
        assert_eq!(e.position, position, "{text}: {e}");
        assert!(e.message.contains(needle), "{text}: {e}");
        if position > 0 {
            assert!(
                e.message.contains(&format!("character {position}")),
                "{text}: {e}"
            );
        }
    }
}

#[test]
fn limits_give_a_message_not_a_stack_overflow() {
    let long = "x+".repeat(600) + "x";
    assert!(
        Expression::parse(&long)
            .unwrap_err()
            .message
            .contains("at most 1000 characters")
    );
    let deep = format!("{}x{}", "(".repeat(101), ")".repeat(101));
    assert!(
        Expression::parse(&deep)
            .unwrap_err()
            .message
            .contains("nested more than 100 deep")
    );
    let ok = format!("{}x{}", "(".repeat(99), ")".repeat(99));
    assert_eq!(f(&ok, 2.0), 2.0);
    let signs = "-".repeat(150) + "x";
    assert!(Expression::parse(&signs).is_err());
    let powers = vec!["x"; 120].join("^");
    assert!(Expression::parse(&powers).is_err());
}

#[test]
fn a_constant_needs_no_x() {
    assert_eq!(f("3", 7.0), 3.0);
    assert_eq!(f("2*pi", 0.0), 2.0 * std::f64::consts::PI);
}

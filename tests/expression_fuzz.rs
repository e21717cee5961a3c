//! Any text typed as a target never panics the expression reader: 10 000 arbitrary strings and 10 000
//! strings built from the expression alphabet (so most get deep into the grammar), each up to 200
//! characters; every refusal names a position inside the text.

use approxlab::data::Expression;
use proptest::prelude::*;

fn check(text: &str) {
    match Expression::parse(text) {
        Ok(f) => {
            let _ = f.eval(0.5);
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            assert!(e.position <= text.chars().count() + 1, "{text:?}: {e:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn expression_like_text_never_panics(text in "[-+*/^(),.0-9x eEpisncoqrtlgmaxbfd]{0,200}") {
        check(&text);
    }
}

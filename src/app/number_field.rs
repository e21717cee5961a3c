//! Number fields that say when typed text is not a number: egui's own parser (spaces ignored, '−' read
//! as '-') behind every slider and number field of the window, which keeps the value in force and leaves
//! the reason for the status line instead of reverting silently.

thread_local! {
    /// The last number field whose typed text did not read as a number, and why (taken by the window
    /// once the frame is laid out, to say it in the status line).
    static NOT_A_NUMBER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The typed text of the field `field` as a number (spaces ignored, '−' read as '-', as egui reads it);
/// text that is not a number keeps the value in force and is reported, never dropped silently.
pub fn number_parser(field: String) -> impl Fn(&str) -> Option<f64> {
    move |text: &str| {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '−' { '-' } else { c })
            .collect();
        let parsed = cleaned.parse::<f64>().ok();
        if parsed.is_none() {
            let why = if cleaned.is_empty() {
                format!("{field}: the field was left empty; the value in force stays")
            } else {
                format!(
                    "{field}: '{}' is not a number; the value in force stays",
                    text.trim()
                )
            };
            NOT_A_NUMBER.with(|n| *n.borrow_mut() = Some(why));
        }
        parsed
    }
}

/// Why the last typed text was not taken as a number, once (None when every typed number read).
pub fn take_not_a_number() -> Option<String> {
    NOT_A_NUMBER.with(|n| n.borrow_mut().take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_egui_reads_them_and_the_rest_is_said() {
        let parse = number_parser("Learning rate".into());
        assert_eq!(parse(" 1 000 "), Some(1000.0));
        assert_eq!(parse("−2.5"), Some(-2.5));
        assert_eq!(parse("1e-3"), Some(1e-3));
        assert_eq!(take_not_a_number(), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(
            take_not_a_number().as_deref(),
            Some("Learning rate: 'abc' is not a number; the value in force stays")
        );
        assert_eq!(parse(""), None);
        assert!(take_not_a_number().is_some_and(|why| why.contains("left empty")));
        assert_eq!(take_not_a_number(), None, "said once");
    }
}

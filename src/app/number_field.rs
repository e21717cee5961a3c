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

/// The typed text of the field `field` as a whole number from `lo` to `hi`; anything else (not a
/// number, a fraction, out of range) keeps the value in force and is reported with the range and
/// `note` ("1 is a single run").
pub fn whole_parser(
    field: String,
    lo: f64,
    hi: f64,
    note: &'static str,
) -> impl Fn(&str) -> Option<f64> {
    let number = number_parser(field.clone());
    move |text: &str| {
        let value = number(text)?;
        if value.fract() == 0.0 && (lo..=hi).contains(&value) {
            return Some(value);
        }
        let why = format!(
            "{field}: {} is not a whole number from {lo} to {hi} ({note}); the value in force stays",
            text.trim()
        );
        NOT_A_NUMBER.with(|n| *n.borrow_mut() = Some(why));
        None
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
        let members = whole_parser("Seeds ×".into(), 1.0, 32.0, "1 is a single run");
        assert_eq!(members("8"), Some(8.0));
        for bad in ["0", "33", "2.5", "eight"] {
            assert_eq!(members(bad), None, "{bad}");
            let why = take_not_a_number().unwrap_or_default();
            assert!(why.starts_with("Seeds ×"), "{why}");
        }
        assert!(
            take_not_a_number().is_none(),
            "each refusal said once, the last one kept"
        );
    }
}

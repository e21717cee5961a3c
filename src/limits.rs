//! The one set of limits every number a user can give must respect, for the window and the command line
//! alike: the window's sliders span them, its fields clamp to them (and say so), the command line refuses
//! values outside them, and the settings' `validate` checks them.
//!
//! Each limit is a closed range [min, max] with the name the user knows the field by.

/// A closed range of allowed values for one field, with the field's name for messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The field as the user knows it ("width", "learning rate").
    pub field: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
}

/// Hidden layers (0: a single neuron).
pub const DEPTH: Limit = Limit::new("hidden layers", 0.0, 8.0);
/// Neurons per hidden layer.
pub const WIDTH: Limit = Limit::new("width", 1.0, 1024.0);
/// Points on the training interval (training + validation).
pub const POINTS: Limit = Limit::new("points", 2.0, 100_000.0);
/// Share of the points held out for validation.
pub const VALIDATION: Limit = Limit::new("validation fraction", 0.0, 0.9);
/// Standard deviation of the noise on y.
pub const NOISE: Limit = Limit::new("noise", 0.0, 100.0);
/// Learning rate.
pub const LEARNING_RATE: Limit = Limit::new("learning rate", 1e-8, 100.0);
/// Momentum μ.
pub const MOMENTUM: Limit = Limit::new("momentum", 0.0, 0.999);
/// L2 weight decay λ.
pub const WEIGHT_DECAY: Limit = Limit::new("weight decay", 0.0, 10.0);
/// Early stopping's patience in steps (0: off).
pub const PATIENCE: Limit = Limit::new("patience", 0.0, 10_000_000.0);
/// Either end of the training or view interval.
pub const INTERVAL_END: Limit = Limit::new("interval end", -1e6, 1e6);
/// The seed (whole numbers; kept below 2³² so it survives any number field exactly).
pub const SEED: Limit = Limit::new("seed", 0.0, 4_294_967_295.0);
/// An x or y value of a point read from a file (beyond it, squared errors overflow single precision).
pub const POINT_VALUE: Limit = Limit::new("value", -1e6, 1e6);
/// The output bias a network starts from.
pub const OUTPUT_BIAS: Limit = Limit::new("output bias at start", -1e6, 1e6);
/// A weight typed by hand.
pub const WEIGHT: Limit = Limit::new("weight", -1e6, 1e6);
/// Training steps of one command-line run.
pub const TRAIN_STEPS: Limit = Limit::new("steps", 0.0, 100_000_000.0);
/// Training steps per drawn frame.
pub const STEPS_PER_FRAME: Limit = Limit::new("steps per frame", 1.0, 10_000.0);

impl Limit {
    /// A limit on `field`.
    pub const fn new(field: &'static str, min: f64, max: f64) -> Self {
        Self { field, min, max }
    }

    /// The same range for another field ("x" and "y" of a point, the data seed).
    pub const fn named(self, field: &'static str) -> Self {
        Self { field, ..self }
    }

    /// Whether `value` is allowed (NaN never is).
    pub fn allows(&self, value: f64) -> bool {
        value >= self.min && value <= self.max
    }

    /// "width must be between 1 and 1024 (got 2000)".
    pub fn refusal(&self, value: impl std::fmt::Display) -> String {
        format!(
            "{} must be between {} and {} (got {value})",
            self.field,
            show(self.min),
            show(self.max)
        )
    }

    /// `Ok` if allowed, else the refusal.
    pub fn check(&self, value: f64) -> Result<(), String> {
        if self.allows(value) {
            Ok(())
        } else {
            Err(self.refusal(show(value)))
        }
    }

    /// Parses a whole number within the limit (a command-line flag), explaining what the field takes.
    pub fn parse_whole<T: TryFrom<u64>>(&self, text: &str) -> Result<T, String> {
        let whole = || {
            format!(
                "{} must be a whole number from {} to {} (got '{text}')",
                self.field,
                show(self.min),
                show(self.max)
            )
        };
        let value: u64 = text.trim().parse().map_err(|_| whole())?;
        if !self.allows(value as f64) {
            return Err(whole());
        }
        T::try_from(value).map_err(|_| whole())
    }

    /// Brings a float into range; if it had to move, a sentence naming the field, the value typed and the
    /// range. NaN goes to `min`.
    pub fn clamp(&self, value: &mut f64) -> Option<String> {
        if self.allows(*value) {
            return None;
        }
        let typed = *value;
        *value = if typed > self.max { self.max } else { self.min };
        Some(self.clamped_message(typed, *value))
    }

    fn clamped_message(&self, typed: f64, now: f64) -> String {
        format!(
            "{} {} is outside {} … {}: set to {}",
            self.field,
            show(typed),
            show(self.min),
            show(self.max),
            show(now)
        )
    }
}

/// A number as short as it reads exactly: 1024, 0.9, 100000, 1e-8, 1e6, 4294967295.
pub fn show(v: f64) -> String {
    let power_of_ten = v != 0.0 && v.abs().log10().fract() == 0.0;
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 && !(power_of_ten && v.abs() >= 1e6) {
        format!("{v}")
    } else if v.is_finite() && (v.abs() >= 1e6 || (v != 0.0 && v.abs() < 1e-3)) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

impl Limit {
    /// [`Limit::clamp`] for counts.
    pub fn clamp_usize(&self, value: &mut usize) -> Option<String> {
        let mut v = *value as f64;
        let said = self.clamp(&mut v);
        *value = v as usize;
        said
    }
}

/// `v` to three significant digits, as short as it reads: 0.0123, 1.5e-5, 250.
pub fn show_3(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return show(v);
    }
    let digits = 2 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    show((v * scale).round() / scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_short_and_exact() {
        assert_eq!(show(1024.0), "1024");
        assert_eq!(show(0.9), "0.9");
        assert_eq!(show(1e-8), "1e-8");
        assert_eq!(show(1e6), "1e6");
        assert_eq!(show(1e5), "100000");
        assert_eq!(show(-1e6), "-1e6");
        assert_eq!(show(4_294_967_295.0), "4294967295");
        assert_eq!(show(1e9), "1e9");
        assert_eq!(show(2.5e-9), "2.5e-9");
        assert_eq!(show_3(0.123_456), "0.123");
        assert_eq!(show_3(1.234_5e-5), "1.23e-5");
        assert_eq!(show_3(12_345.0), "12300");
    }

    #[test]
    fn clamping_names_the_field_the_value_and_the_range() {
        let mut lr = 1e9;
        let said = LEARNING_RATE.clamp(&mut lr).unwrap();
        assert_eq!(lr, 100.0);
        assert_eq!(said, "learning rate 1e9 is outside 1e-8 … 100: set to 100");
        let mut width = 2000;
        assert!(
            WIDTH
                .clamp_usize(&mut width)
                .unwrap()
                .contains("width 2000")
        );
        assert_eq!(width, 1024);
        let mut ok = 0.5;
        assert_eq!(VALIDATION.clamp(&mut ok), None);
        let mut nan = f64::NAN;
        assert!(NOISE.clamp(&mut nan).is_some());
        assert_eq!(nan, 0.0);
    }

    #[test]
    fn whole_numbers_parse_within_the_limit_or_say_what_the_field_takes() {
        assert_eq!(WIDTH.parse_whole::<usize>("16"), Ok(16));
        let e = WIDTH.parse_whole::<usize>("-1").unwrap_err();
        assert_eq!(e, "width must be a whole number from 1 to 1024 (got '-1')");
        assert!(WIDTH.parse_whole::<usize>("0").is_err());
        assert!(
            SEED.parse_whole::<u64>("-1")
                .unwrap_err()
                .contains("seed must be")
        );
        assert_eq!(SEED.parse_whole::<u64>("4294967295"), Ok(4_294_967_295));
        assert!(SEED.parse_whole::<u64>("4294967296").is_err());
    }
}

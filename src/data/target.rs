//! Target functions y = f(x) the network learns, as named presets.
//!
//! | name | f(x) |
//! |---|---|
//! | line | 2x + 1 |
//! | sin | sin x |
//! | plateaus | 0.5·tanh(8(x + 1.5)) + 0.8·tanh(15(x − 0.5)) − 0.4·tanh(5(x − 2.2)): four wide flat parts (−0.9, 0.1, 1.7, 0.9) joined by steep changes of uneven size |
//! | abs | \|x\| |
//! | step | 0 for x < 0, 1 for x ≥ 0 |
//! | cubic | x³ − x |
//! | bump | e^(−x²) |
//! | sawtooth | x − 2·⌊(x + 1)/2⌋ (period 2, from −1 to 1) |

use serde::{Deserialize, Serialize};

/// A preset target function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// 2x + 1: one linear neuron fits it exactly.
    Line,
    /// sin x: the classic smooth curve.
    #[default]
    Sin,
    /// Wide flat parts joined by steep, uneven changes: where ReLU hits its ceiling.
    Plateaus,
    /// |x|: one kink, so two ReLU neurons suffice.
    Abs,
    /// A jump at 0: no continuous network fits it exactly.
    Step,
    /// x³ − x: grows fast outside the training interval.
    Cubic,
    /// e^(−x²): a bump that vanishes outside.
    Bump,
    /// A periodic ramp: many kinks, repeating forever.
    Sawtooth,
}

impl Target {
    /// Every preset, in the order menus list them.
    pub const ALL: [Target; 8] = [
        Target::Line,
        Target::Sin,
        Target::Plateaus,
        Target::Abs,
        Target::Step,
        Target::Cubic,
        Target::Bump,
        Target::Sawtooth,
    ];

    /// The preset's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Target::Line => "line",
            Target::Sin => "sin",
            Target::Plateaus => "plateaus",
            Target::Abs => "abs",
            Target::Step => "step",
            Target::Cubic => "cubic",
            Target::Bump => "bump",
            Target::Sawtooth => "sawtooth",
        }
    }

    /// The formula, as a person reads it.
    pub fn formula(self) -> &'static str {
        match self {
            Target::Line => "2x + 1",
            Target::Sin => "sin(x)",
            Target::Plateaus => "plateaus: flat parts joined by steep, uneven steps",
            Target::Abs => "|x|",
            Target::Step => "0 if x < 0, 1 if x ≥ 0",
            Target::Cubic => "x³ − x",
            Target::Bump => "exp(−x²)",
            Target::Sawtooth => "sawtooth of period 2",
        }
    }

    /// f(x).
    pub fn eval(self, x: f64) -> f64 {
        match self {
            Target::Line => 2.0 * x + 1.0,
            Target::Sin => x.sin(),
            Target::Plateaus => {
                0.5 * (8.0 * (x + 1.5)).tanh() + 0.8 * (15.0 * (x - 0.5)).tanh()
                    - 0.4 * (5.0 * (x - 2.2)).tanh()
            }
            Target::Abs => x.abs(),
            Target::Step => {
                if x < 0.0 {
                    0.0
                } else {
                    1.0
                }
            }
            Target::Cubic => x * x * x - x,
            Target::Bump => (-x * x).exp(),
            Target::Sawtooth => x - 2.0 * ((x + 1.0) / 2.0).floor(),
        }
    }
}

crate::named::named_choice!(Target, "target");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_their_documented_values() {
        assert_eq!(Target::Line.eval(2.0), 5.0);
        assert_eq!(Target::Cubic.eval(2.0), 6.0);
        assert_eq!(Target::Step.eval(0.0), 1.0);
        assert_eq!(Target::Sawtooth.eval(1.5), -0.5);
        assert!((Target::Plateaus.eval(-3.0) + 0.9).abs() < 1e-3);
        assert!((Target::Plateaus.eval(-0.5) - 0.1).abs() < 1e-3);
        assert!((Target::Plateaus.eval(1.4) - 1.7).abs() < 1e-2);
        assert!((Target::Plateaus.eval(3.0) - 0.9).abs() < 1e-2);
    }

    #[test]
    fn names_round_trip() {
        for t in Target::ALL {
            assert_eq!(t.name().parse::<Target>(), Ok(t));
        }
    }
}

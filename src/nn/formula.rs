//! The network written out as a formula with its numbers.
//!
//! One hidden layer: ŷ = Σᵢ w'ᵢ·act(wᵢ·x + bᵢ) + b', one term per neuron. Deeper networks layer by layer:
//! h1_j = act(w·x + b), then h2_k = act(Σ_j W_jk·h1_j + b_k) … and ŷ = Σ_k w'_k·hL_k + b'. Three flavours:
//! plain (the grammar the window's f(x) field reads, so a one-hidden-layer formula can be typed back in),
//! Python (numpy) and LaTeX. Numbers are the f32 weights' shortest exact decimals, so the text computes
//! the same prediction.

use super::activation::{Activation, LEAKY_SLOPE};
use super::float::Float;
use super::mlp::Mlp;
use std::fmt::Write as _;

/// How the formula is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavour {
    /// ŷ = 0.56*tanh(-0.21*x + 0.07) + … (the f(x) field's grammar).
    #[default]
    Plain,
    /// y = 0.56*np.tanh(-0.21*x + 0.07) + …
    Python,
    /// \hat y = 0.56\,\tanh(-0.21x + 0.07) + …
    Latex,
}

impl Flavour {
    /// Every flavour, in menu order.
    pub const ALL: [Flavour; 3] = [Flavour::Plain, Flavour::Python, Flavour::Latex];

    /// The flavour's name in menus and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Plain => "plain",
            Flavour::Python => "python",
            Flavour::Latex => "latex",
        }
    }
}

crate::named::named_choice!(Flavour, "formula flavour");

/// A weight as the shortest decimal that reads back to the same f32.
fn number<T: Float>(v: T) -> String {
    format!("{}", v.to_f64() as f32)
}

/// `act(z)` in the flavour.
fn apply(act: Activation, z: &str, f: Flavour) -> String {
    let slope = LEAKY_SLOPE;
    match (act, f) {
        (Activation::Linear, _) => format!("({z})"),
        (Activation::Relu, Flavour::Python) => format!("np.maximum(0, {z})"),
        (Activation::Relu, Flavour::Latex) => format!("\\max(0,\\ {z})"),
        (Activation::Relu, Flavour::Plain) => format!("max(0, {z})"),
        (Activation::LeakyRelu, Flavour::Python) => format!("np.maximum({slope}*({z}), {z})"),
        (Activation::LeakyRelu, Flavour::Latex) => format!("\\max({slope}({z}),\\ {z})"),
        (Activation::LeakyRelu, Flavour::Plain) => format!("max({slope}*({z}), {z})"),
        (Activation::Elu, Flavour::Python) => {
            format!("(np.maximum({z}, 0) + np.exp(np.minimum({z}, 0)) - 1)")
        }
        (Activation::Elu, Flavour::Latex) => format!("\\operatorname{{elu}}({z})"),
        (Activation::Elu, Flavour::Plain) => format!("(max({z}, 0) + exp(min({z}, 0)) - 1)"),
        (Activation::Tanh, Flavour::Python) => format!("np.tanh({z})"),
        (Activation::Tanh, Flavour::Latex) => format!("\\tanh({z})"),
        (Activation::Tanh, Flavour::Plain) => format!("tanh({z})"),
        (Activation::Sigmoid, Flavour::Python) => format!("1/(1 + np.exp(-({z})))"),
        (Activation::Sigmoid, Flavour::Latex) => format!("\\sigma({z})"),
        (Activation::Sigmoid, Flavour::Plain) => format!("1/(1 + exp(-({z})))"),
        (Activation::Softplus, Flavour::Python) => format!("np.log1p(np.exp({z}))"),
        (Activation::Softplus, Flavour::Latex) => format!("\\ln(1 + e^{{{z}}})"),
        (Activation::Softplus, Flavour::Plain) => format!("ln(1 + exp({z}))"),
        (Activation::Sin, Flavour::Python) => format!("np.sin({z})"),
        (Activation::Sin, Flavour::Latex) => format!("\\sin({z})"),
        (Activation::Sin, Flavour::Plain) => format!("sin({z})"),
    }
}

/// "a*b" in the flavour ("a\,b" in LaTeX).
fn times(a: &str, b: &str, f: Flavour) -> String {
    match f {
        Flavour::Latex => format!("{a}\\,{b}"),
        _ => format!("{a}*{b}"),
    }
}

/// A sum of terms, "+ -" written as "-".
fn sum(terms: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        match (i, t.strip_prefix('-')) {
            (0, _) => out.push_str(t),
            (_, Some(rest)) => {
                let _ = write!(out, " - {rest}");
            }
            (_, None) => {
                let _ = write!(out, " + {t}");
            }
        }
    }
    out
}

/// The network as text; see the module doc.
pub fn formula<T: Float>(mlp: &Mlp<T>, f: Flavour) -> String {
    let layers = mlp.layers();
    let p = mlp.params();
    let lhs = match f {
        Flavour::Plain => "ŷ = ",
        Flavour::Python => "y = ",
        Flavour::Latex => "\\hat y = ",
    };
    // the inputs of the layer being written: x, then the previous layer's names
    let mut inputs = vec!["x".to_string()];
    let mut lines = Vec::new();
    for (l, layer) in layers.iter().enumerate() {
        let last = l + 1 == layers.len();
        let mut outputs = Vec::with_capacity(layer.fan_out);
        for j in 0..layer.fan_out {
            let mut terms: Vec<String> = (0..layer.fan_in)
                .map(|i| {
                    times(
                        &number(p[layer.kernel_at + j * layer.fan_in + i]),
                        &inputs[i],
                        f,
                    )
                })
                .collect();
            terms.push(number(p[layer.bias_at + j]));
            let z = sum(&terms);
            outputs.push(if last {
                z
            } else {
                apply(layer.activation, &z, f)
            });
        }
        if last {
            lines.push(format!("{lhs}{}", outputs[0]));
        } else if layers.len() == 2 {
            // one hidden layer: write the pieces straight into the output's sum
            inputs = outputs;
        } else {
            let names: Vec<String> = (0..layer.fan_out)
                .map(|j| match f {
                    Flavour::Latex => format!("h^{{{}}}_{{{}}}", l + 1, j + 1),
                    _ => format!("h{}_{}", l + 1, j + 1),
                })
                .collect();
            for (name, value) in names.iter().zip(&outputs) {
                lines.push(format!("{name} = {value}"));
            }
            inputs = names;
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Init;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn a_single_neuron_and_a_small_layer_read_naturally() {
        let mut one = Mlp::<f32>::zeros(&[(1, 1, Activation::Linear)]);
        one.params_mut().copy_from_slice(&[2.0, 1.0]);
        assert_eq!(formula(&one, Flavour::Plain), "ŷ = 2*x + 1");
        let mut net = Mlp::<f32>::zeros(&[(1, 2, Activation::Tanh), (2, 1, Activation::Linear)]);
        net.params_mut()
            .copy_from_slice(&[-0.21, 1.5, 0.07, -0.5, 0.56, -0.3, -0.09]);
        assert_eq!(
            formula(&net, Flavour::Plain),
            "ŷ = 0.56*tanh(-0.21*x + 0.07) - 0.3*tanh(1.5*x - 0.5) - 0.09"
        );
        assert_eq!(
            formula(&net, Flavour::Python),
            "y = 0.56*np.tanh(-0.21*x + 0.07) - 0.3*np.tanh(1.5*x - 0.5) - 0.09"
        );
        assert!(
            formula(&net, Flavour::Latex).starts_with("\\hat y = 0.56\\,\\tanh(-0.21\\,x + 0.07)")
        );
    }

    #[test]
    fn deeper_networks_are_written_layer_by_layer() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let net = Mlp::<f32>::new(&[2, 2], Activation::Relu, Init::HeNormal, &mut rng);
        let text = formula(&net, Flavour::Plain);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("h1_1 = max(0, "), "{text}");
        assert!(
            lines[2].starts_with("h2_1 = max(0, ") && lines[2].contains("h1_2"),
            "{text}"
        );
        assert!(
            lines[4].starts_with("ŷ = ") && lines[4].contains("h2_2"),
            "{text}"
        );
    }
}

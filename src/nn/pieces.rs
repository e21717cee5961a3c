//! The linear pieces of a network whose activations are piecewise linear (linear, ReLU, leaky ReLU), at
//! any depth, found exactly over an interval [lo, hi] of x.
//!
//! Layer by layer: on each interval between the points found so far, every unit of the layers before is
//! affine in x, so the pre-activation zⱼ of each unit of this layer is affine there too, and crosses zero
//! at most once, at x* = xₖ + t·(xₖ₊₁ − xₖ) with t = zⱼ(xₖ) / (zⱼ(xₖ) − zⱼ(xₖ₊₁)). Its pre-activations
//! at x* are the same interpolation of those at the ends (no pass through the earlier layers). After the
//! last hidden layer the prediction is affine between consecutive points; its slope on each piece is the
//! product of the kernels with each unit's slope (1 or 0 for ReLU, 1 or 0.2 for leaky ReLU) at the
//! piece's middle, exact in f64 — a point where the slopes on both sides agree (a unit whose kink is
//! switched off further on) is no breakpoint. For one input, a layer of w units can cut each piece into
//! at most w + 1, so L layers of widths w₁ … w_L make at most ∏(wₗ + 1) pieces (one layer: w + 1).

use super::activation::Activation;
use super::{Float, LayerShape, Mlp};
use nalgebra::DMatrix;

/// Where the prediction's slope changes, and the slopes on either side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breakpoint {
    /// The x of the kink.
    pub x: f64,
    /// dŷ/dx just left of it.
    pub slope_left: f64,
    /// dŷ/dx just right of it.
    pub slope_right: f64,
}

/// Slopes closer than this (relative to their size) are the same slope: a crossing that changes
/// nothing downstream differs only by rounding.
const SAME_SLOPE: f64 = 1e-9;

/// Whether every layer of `mlp` is piecewise linear (the pieces are then exact; smooth activations have
/// none).
pub fn is_piecewise_linear<T: Float>(mlp: &Mlp<T>) -> bool {
    mlp.layers().iter().all(|l| {
        matches!(
            l.activation,
            Activation::Linear | Activation::Relu | Activation::LeakyRelu
        )
    })
}

/// The most pieces a network of these hidden widths can make on a line: ∏(wₗ + 1), saturating.
pub fn max_pieces(hidden: &[usize]) -> u64 {
    hidden
        .iter()
        .fold(1u64, |n, &w| n.saturating_mul(w as u64 + 1))
}

/// "23 pieces; at most 11 for one layer of 10" (for deeper nets the bound ∏(wₗ + 1): "at most 121
/// for 2 layers of 10"); "1 piece: a line" for one.
pub fn count_text(pieces: usize, hidden: &[usize]) -> String {
    let bound = max_pieces(hidden);
    let bound = if bound == u64::MAX {
        "beyond counting".to_string()
    } else {
        bound.to_string()
    };
    let count = if pieces == 1 {
        "1 piece".to_string()
    } else {
        format!("{pieces} pieces")
    };
    match hidden {
        [] => format!("{count}: a single neuron is a line"),
        [w] => format!("{count}; at most {bound} for one layer of {w}"),
        _ if hidden.iter().all(|&w| w == hidden[0]) => format!(
            "{count}; at most {bound} for {} layers of {}",
            hidden.len(),
            hidden[0]
        ),
        _ => format!("{count}; at most {bound} for layers of {hidden:?}"),
    }
}

/// The slope of activation `a` at pre-activation `z` (its value's slope, 0 or 1 or 0.2).
fn slope(a: Activation, z: f64) -> f64 {
    a.derivative(z, a.value(z))
}

/// The breakpoints of `mlp`'s prediction strictly inside (`lo`, `hi`), left to right; None when an
/// activation is not piecewise linear. Every layer's products run over all the points at once.
pub fn breakpoints<T: Float>(mlp: &Mlp<T>, lo: f64, hi: f64) -> Option<Vec<Breakpoint>> {
    if !is_piecewise_linear(mlp) || lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
        return None;
    }
    let params: Vec<f64> = mlp.params().iter().map(|p| p.to_f64()).collect();
    let layers = mlp.layers();
    // the points so far, and the previous layer's outputs at each (row k: point k)
    let mut xs = vec![lo, hi];
    let mut a = DMatrix::from_column_slice(2, 1, &[lo, hi]);
    for layer in &layers[..layers.len() - 1] {
        let z = pre_activations(&a, &params, layer);
        let mut next_x = vec![xs[0]];
        let mut rows: Vec<f64> = z.row(0).iter().copied().collect();
        for k in 0..xs.len() - 1 {
            let (z0, z1) = (z.row(k), z.row(k + 1));
            let mut cuts: Vec<(f64, usize)> = (0..layer.fan_out)
                .filter(|&j| (z0[j] < 0.0 && z1[j] > 0.0) || (z0[j] > 0.0 && z1[j] < 0.0))
                .map(|j| (z0[j] / (z0[j] - z1[j]), j))
                .collect();
            cuts.sort_by(|p, q| p.0.total_cmp(&q.0));
            for (t, j) in cuts {
                let x = xs[k] + t * (xs[k + 1] - xs[k]);
                if x <= *next_x.last().unwrap_or(&lo) || x >= xs[k + 1] {
                    continue;
                }
                let at = rows.len();
                rows.extend(z0.iter().zip(z1.iter()).map(|(a, b)| a + t * (b - a)));
                rows[at + j] = 0.0;
                next_x.push(x);
            }
            next_x.push(xs[k + 1]);
            rows.extend(z1.iter().copied());
        }
        xs = next_x;
        let activation = layer.activation;
        a = DMatrix::from_row_slice(xs.len(), layer.fan_out, &rows).map(|z| activation.value(z));
    }
    let mids: Vec<f64> = xs.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect();
    let slopes = slopes_at(&params, layers, &mids);
    Some(
        (1..xs.len() - 1)
            .filter_map(|k| {
                let (left, right) = (slopes[k - 1], slopes[k]);
                let differs = (right - left).abs() > SAME_SLOPE * (left.abs() + right.abs());
                differs.then_some(Breakpoint {
                    x: xs[k],
                    slope_left: left,
                    slope_right: right,
                })
            })
            .collect(),
    )
}

/// One dense layer without its activation over every row of `a`: a · W + b.
fn pre_activations(a: &DMatrix<f64>, params: &[f64], layer: &LayerShape) -> DMatrix<f64> {
    let kernel = DMatrix::from_column_slice(
        layer.fan_in,
        layer.fan_out,
        &params[layer.kernel_at..layer.bias_at],
    );
    let mut z = a * kernel;
    for (j, mut column) in z.column_iter_mut().enumerate() {
        column.add_scalar_mut(params[layer.bias_at + j]);
    }
    z
}

/// dŷ/dx at each of `xs` (forward mode, every point at once: each layer's outputs and their slopes).
fn slopes_at(params: &[f64], layers: &[LayerShape], xs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let mut a = DMatrix::from_column_slice(n, 1, xs);
    let mut da = DMatrix::from_element(n, 1, 1.0);
    for layer in layers {
        let z = pre_activations(&a, params, layer);
        let kernel = DMatrix::from_column_slice(
            layer.fan_in,
            layer.fan_out,
            &params[layer.kernel_at..layer.bias_at],
        );
        let dz = &da * kernel;
        let activation = layer.activation;
        da = dz.zip_map(&z, |d, z| slope(activation, z) * d);
        a = z.map(|z| activation.value(z));
    }
    da.column(0).iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_relu_unit_bends_once_where_its_input_crosses_zero() {
        // ŷ = 2·relu(x − 1) + 0.5
        let mut mlp = Mlp::<f64>::zeros(&[(1, 1, Activation::Relu), (1, 1, Activation::Linear)]);
        mlp.params_mut().copy_from_slice(&[1.0, -1.0, 2.0, 0.5]);
        let b = breakpoints(&mlp, -3.0, 3.0).unwrap();
        assert_eq!(
            b,
            [Breakpoint {
                x: 1.0,
                slope_left: 0.0,
                slope_right: 2.0
            }]
        );
        assert!(
            breakpoints(&mlp, 1.5, 3.0).unwrap().is_empty(),
            "not inside"
        );
    }

    #[test]
    fn a_kink_switched_off_downstream_is_no_breakpoint() {
        // the unit's outgoing weight is 0: its kink changes nothing
        let mut mlp = Mlp::<f64>::zeros(&[(1, 1, Activation::Relu), (1, 1, Activation::Linear)]);
        mlp.params_mut().copy_from_slice(&[1.0, -1.0, 0.0, 0.5]);
        assert!(breakpoints(&mlp, -3.0, 3.0).unwrap().is_empty());
    }

    #[test]
    fn smooth_activations_have_no_pieces_and_the_bound_multiplies() {
        let mlp = Mlp::<f64>::zeros(&[(1, 3, Activation::Tanh), (3, 1, Activation::Linear)]);
        assert_eq!(breakpoints(&mlp, -1.0, 1.0), None);
        assert_eq!(max_pieces(&[10]), 11);
        assert_eq!(max_pieces(&[2, 2, 2]), 27);
        assert_eq!(max_pieces(&[]), 1);
        assert_eq!(max_pieces(&[1024; 8]), u64::MAX, "saturates");
        assert_eq!(
            count_text(7, &[10]),
            "7 pieces; at most 11 for one layer of 10"
        );
        assert_eq!(
            count_text(40, &[10, 10]),
            "40 pieces; at most 121 for 2 layers of 10"
        );
    }
}

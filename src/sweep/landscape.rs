//! The loss on a 2-D slice through a network's weights θ (Li et al., 2018, "Visualizing the loss landscape
//! of neural nets"): L(θ + α·d₁ + β·d₂) on an n × n grid of (α, β) ∈ [−span, span]², where d₁ and d₂ are
//! Gaussian random directions normalised per neuron ("filter normalisation"): each neuron's incoming
//! weights in dᵢ are scaled to the norm of that neuron's incoming weights in θ, so the slice is not
//! distorted by the scale of each layer; biases are not moved (direction 0), as in the paper. Grid rows
//! are computed in parallel. A training path θ₀, θ₁, … is drawn on the slice by least-squares projection
//! of θₖ − θ onto the plane of d₁ and d₂ (they are not orthogonal, so the 2 × 2 normal equations).

use crate::nn::{Float, Loss, Mlp};
use crate::seed::{Stream, rng};
use crate::train::Trainer;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

/// Most grid points along a side.
pub const MAX_SIDE: usize = 201;

/// The loss over a slice of the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    /// The grid's coordinates along d₁ and d₂ (the same values on both axes).
    pub coords: Vec<f64>,
    /// Loss at (coords[i], coords[j]) for row j, column i: `loss[j * n + i]` (NaN where it overflows).
    pub loss: Vec<f64>,
    /// The training path projected onto the slice, (α, β) per saved point, oldest first.
    pub path: Vec<[f64; 2]>,
}

impl Landscape {
    /// Points along a side.
    pub fn side(&self) -> usize {
        self.coords.len()
    }
}

/// Trains `trainer` up to step `until` (or its halt), keeping its weights at the start and after every
/// `until`/100 steps: the path a landscape draws, about 100 points.
pub fn train_along_path<T: Float>(trainer: &mut Trainer<T>, until: u64) -> Vec<Vec<f64>> {
    let every = (until / 100).max(1);
    let weights = |t: &Trainer<T>| t.mlp().params().iter().map(|p| p.to_f64()).collect();
    let mut path = vec![weights(trainer)];
    while trainer.step() < until {
        if trainer.advance(every.min(until - trainer.step())) == 0 {
            break;
        }
        path.push(weights(trainer));
    }
    path
}

/// Two filter-normalised directions for `mlp`, drawn from `seed`.
pub fn directions<T: Float>(mlp: &Mlp<T>, seed: u64) -> [Vec<f64>; 2] {
    let mut generator = rng(seed, Stream::Landscape);
    let theta: Vec<f64> = mlp.params().iter().map(|p| p.to_f64()).collect();
    let mut draw = || {
        let mut d = vec![0.0; theta.len()];
        for layer in mlp.layers() {
            for j in 0..layer.fan_out {
                let at = layer.kernel_at + j * layer.fan_in;
                let weights = at..at + layer.fan_in;
                let target = norm(&theta[weights.clone()]);
                for v in &mut d[weights.clone()] {
                    *v = StandardNormal.sample(&mut generator);
                }
                let drawn = norm(&d[weights.clone()]);
                let scale = if drawn > 0.0 { target / drawn } else { 0.0 };
                for v in &mut d[weights] {
                    *v *= scale;
                }
            }
        }
        d
    };
    let first = draw();
    [first, draw()]
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The loss of `mlp`'s weights moved along `dirs` on an `n × n` grid over [−span, span]², on (`x`, `y`)
/// with `loss`, using `threads` threads; `path` (weight vectors, oldest first) is projected onto it.
#[expect(
    clippy::too_many_arguments,
    reason = "the net, its data, the loss, the plane and the grid: each an independent choice of the caller"
)]
pub fn compute<T: Float>(
    mlp: &Mlp<T>,
    x: &[T],
    y: &[T],
    loss: Loss,
    dirs: &[Vec<f64>; 2],
    span: f64,
    n: usize,
    path: &[Vec<f64>],
    threads: usize,
) -> Result<Landscape, String> {
    if !((2..=MAX_SIDE).contains(&n) && span.is_finite() && span > 0.0) {
        return Err(format!(
            "a landscape is 2 to {MAX_SIDE} points a side over a span above 0"
        ));
    }
    let coords: Vec<f64> = (0..n)
        .map(|i| -span + 2.0 * span * i as f64 / (n - 1) as f64)
        .collect();
    let theta: Vec<f64> = mlp.params().iter().map(|p| p.to_f64()).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| format!("cannot start the landscape's threads: {e}"))?;
    let rows: Vec<Vec<f64>> = pool.install(|| {
        coords
            .par_iter()
            .map(|&beta| {
                let mut moved = mlp.clone();
                let mut ws = moved.workspace(x.len().max(1));
                coords
                    .iter()
                    .map(|&alpha| {
                        for (k, p) in moved.params_mut().iter_mut().enumerate() {
                            *p = T::from_f64(theta[k] + alpha * dirs[0][k] + beta * dirs[1][k]);
                        }
                        let value = loss.value(moved.forward(&mut ws, x), y);
                        if value.is_finite() { value } else { f64::NAN }
                    })
                    .collect()
            })
            .collect()
    });
    Ok(Landscape {
        coords,
        loss: rows.concat(),
        path: path.iter().map(|p| project(p, &theta, dirs)).collect(),
    })
}

/// (α, β) minimising |p − θ − α·d₁ − β·d₂|.
fn project(p: &[f64], theta: &[f64], dirs: &[Vec<f64>; 2]) -> [f64; 2] {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(u, v)| u * v).sum::<f64>();
    let r: Vec<f64> = p.iter().zip(theta).map(|(a, b)| a - b).collect();
    let (a11, a12, a22) = (
        dot(&dirs[0], &dirs[0]),
        dot(&dirs[0], &dirs[1]),
        dot(&dirs[1], &dirs[1]),
    );
    let (b1, b2) = (dot(&dirs[0], &r), dot(&dirs[1], &r));
    let det = a11 * a22 - a12 * a12;
    if det.abs() < 1e-300 {
        return [0.0, 0.0];
    }
    [(b1 * a22 - b2 * a12) / det, (a11 * b2 - a12 * b1) / det]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init};

    fn net() -> Mlp<f64> {
        let mut r = rng(7, Stream::Weights);
        Mlp::new(&[8, 8], Activation::Tanh, Init::GlorotUniform, &mut r)
    }

    #[test]
    fn directions_have_each_neurons_weight_norm_and_leave_biases_alone() {
        let mlp = net();
        let [d1, d2] = directions(&mlp, 3);
        assert_ne!(d1, d2);
        for layer in mlp.layers() {
            for j in 0..layer.fan_out {
                let at = layer.kernel_at + j * layer.fan_in;
                let theta: Vec<f64> = mlp.params()[at..at + layer.fan_in].to_vec();
                assert!((norm(&d1[at..at + layer.fan_in]) - norm(&theta)).abs() < 1e-12);
            }
            assert!(
                d1[layer.bias_at..layer.bias_at + layer.fan_out]
                    .iter()
                    .all(|&v| v == 0.0)
            );
        }
        assert_eq!(
            directions(&mlp, 3),
            [d1, d2],
            "the same seed, the same slice"
        );
    }

    #[test]
    fn the_centre_is_the_networks_own_loss_and_a_point_on_the_plane_projects_back() {
        let mlp = net();
        let x: Vec<f64> = (0..50).map(|i| -3.0 + 0.12 * i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();
        let dirs = directions(&mlp, 1);
        let theta: Vec<f64> = mlp.params().to_vec();
        let on_plane: Vec<f64> = (0..theta.len())
            .map(|k| theta[k] + 0.25 * dirs[0][k] - 0.5 * dirs[1][k])
            .collect();
        let one = compute(
            &mlp,
            &x,
            &y,
            Loss::Mse,
            &dirs,
            1.0,
            5,
            std::slice::from_ref(&on_plane),
            1,
        )
        .unwrap();
        let two = compute(&mlp, &x, &y, Loss::Mse, &dirs, 1.0, 5, &[on_plane], 2).unwrap();
        assert_eq!(one, two, "the same on one thread or two");
        let own = Loss::Mse.value(&mlp.predict(&x), &y);
        assert!((one.loss[2 * 5 + 2] - own).abs() < 1e-12);
        let [a, b] = one.path[0];
        assert!((a - 0.25).abs() < 1e-9 && (b + 0.5).abs() < 1e-9, "{a} {b}");
        assert!(compute(&mlp, &x, &y, Loss::Mse, &dirs, 1.0, 1, &[], 1).is_err());
    }
}

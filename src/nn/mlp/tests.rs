//! Gradient checks against central finite differences in f64, and the identities the window relies on.

use super::*;
use crate::nn::loss::Loss;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

#[cfg(target_arch = "x86_64")]
impl<T: Float> Mlp<T> {
    /// The deep step alone in the widest vectors this CPU runs; `None` where it does not apply.
    fn deep_loss_and_gradient(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> Option<f64> {
        use crate::nn::kernels::level::{Level, level};
        use crate::nn::kernels::vector::{Avx2, Avx512};
        match level() {
            Level::Avx512 => self.deep_loss_and_gradient_in::<Avx512>(ws, x, y, loss, weight_decay),
            Level::Avx2 => self.deep_loss_and_gradient_in::<Avx2>(ws, x, y, loss, weight_decay),
            Level::Portable => None,
        }
    }

    /// The layered pass (or the one-hidden-layer step) compiled for V's instruction set.
    ///
    /// # Safety
    /// The CPU must run V's instructions.
    unsafe fn loss_and_gradient_in<V: crate::nn::kernels::vector::Vector>(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        // SAFETY: the caller's contract.
        unsafe {
            V::enabled(
                #[inline(always)]
                || self.loss_and_gradient_inline(ws, x, y, loss, weight_decay),
            )
        }
    }
}

fn sample_points(n: usize) -> (Vec<f64>, Vec<f64>) {
    let x: Vec<f64> = (0..n)
        .map(|i| -2.5 + 5.0 * i as f64 / (n - 1) as f64 + 0.013)
        .collect();
    let y: Vec<f64> = x.iter().map(|x| (1.3 * x).sin() + 0.2 * x).collect();
    (x, y)
}

/// Analytic gradient vs (L(θ + e) − L(θ − e)) / 2e for every parameter.
fn check_gradient(hidden: &[usize], act: Activation, loss: Loss, weight_decay: f64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let mut mlp = Mlp::<f64>::new(hidden, act, Init::GlorotNormal, &mut rng);
    // non-zero biases so kinks sit inside the data and every code path is exercised
    for l in mlp.layers().to_vec() {
        for j in 0..l.fan_out {
            mlp.params_mut()[l.bias_at + j] = 0.1 * (j as f64 + 1.0) - 0.25;
        }
    }
    let (x, y) = sample_points(23);
    let mut ws = mlp.workspace(x.len());
    mlp.loss_and_gradient(&mut ws, &x, &y, loss, weight_decay);
    let analytic = ws.grad.clone();
    let objective = |m: &Mlp<f64>| {
        let penalty: f64 = m
            .layers()
            .iter()
            .flat_map(|l| &m.params()[l.kernel_at..l.bias_at])
            .map(|w| w * w)
            .sum();
        loss.value(&m.predict(&x), &y) + weight_decay * penalty
    };
    for (p, &want) in analytic.iter().enumerate() {
        let e = 1e-6;
        let keep = mlp.params()[p];
        mlp.params_mut()[p] = keep + e;
        let up = objective(&mlp);
        mlp.params_mut()[p] = keep - e;
        let down = objective(&mlp);
        mlp.params_mut()[p] = keep;
        let numeric = (up - down) / (2.0 * e);
        let tol = 1e-6 * (1.0 + numeric.abs());
        assert!(
            (numeric - want).abs() < tol,
            "{act} {hidden:?} {loss} param {p}: numeric {numeric} vs analytic {want}"
        );
    }
}

#[test]
fn gradients_match_finite_differences_for_every_activation_depth_and_width() {
    for act in Activation::ALL {
        for depth in 1..=3 {
            for width in [1, 3, 8] {
                check_gradient(&vec![width; depth], act, Loss::Mse, 0.0);
            }
        }
    }
}

#[test]
fn gradients_match_for_every_loss_weight_decay_and_a_lone_neuron() {
    check_gradient(&[], Activation::Linear, Loss::Mse, 0.0);
    for loss in Loss::ALL {
        check_gradient(&[4, 3], Activation::Tanh, loss, 0.0);
    }
    check_gradient(&[5], Activation::Relu, Loss::Mse, 0.01);
    check_gradient(&[2, 6, 3], Activation::Sigmoid, Loss::Mse, 0.003);
}

#[test]
fn jacobian_columns_match_finite_differences() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let mut mlp = Mlp::<f64>::new(&[4, 3], Activation::Tanh, Init::HeNormal, &mut rng);
    let (x, _) = sample_points(9);
    let mut ws = mlp.workspace(x.len());
    let mut jac = vec![0.0; x.len() * mlp.params().len()];
    mlp.jacobian(&mut ws, &x, &mut jac);
    for p in 0..mlp.params().len() {
        let keep = mlp.params()[p];
        mlp.params_mut()[p] = keep + 1e-6;
        let up = mlp.predict(&x);
        mlp.params_mut()[p] = keep - 1e-6;
        let down = mlp.predict(&x);
        mlp.params_mut()[p] = keep;
        for n in 0..x.len() {
            let numeric = (up[n] - down[n]) / 2e-6;
            assert!(
                (numeric - jac[n + p * x.len()]).abs() < 1e-6,
                "param {p} point {n}"
            );
        }
    }
}

#[test]
fn contributions_and_output_bias_sum_to_the_prediction() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    for hidden in [vec![], vec![7], vec![3, 5]] {
        let mut mlp = Mlp::<f64>::new(&hidden, Activation::Tanh, Init::HeNormal, &mut rng);
        let last = mlp.layers().len() - 1;
        let at = mlp.layers()[last].bias_at;
        mlp.params_mut()[at] = 0.37;
        let (x, _) = sample_points(31);
        let mut ws = mlp.workspace(x.len());
        let mut out = Vec::new();
        let bias = mlp.contributions(&mut ws, &x, &mut out);
        assert_eq!(bias, 0.37);
        let pred = mlp.predict(&x);
        let width = out.len() / x.len();
        for n in 0..x.len() {
            let total: f64 = (0..width).map(|j| out[j * x.len() + n]).sum::<f64>() + bias;
            assert!((total - pred[n]).abs() < 1e-12);
        }
    }
}

#[test]
fn centres_are_minus_bias_over_weight_for_one_hidden_layer() {
    let mut mlp = Mlp::<f64>::zeros(&[(1, 2, Activation::Relu), (2, 1, Activation::Linear)]);
    mlp.params_mut()[..4].copy_from_slice(&[2.0, 0.0, -1.0, 0.5]); // w = [2, 0], b = [-1, 0.5]
    assert_eq!(mlp.centres(), Some(vec![Some(0.5), None]));
    let deeper = Mlp::<f64>::zeros(&[
        (1, 2, Activation::Relu),
        (2, 2, Activation::Relu),
        (2, 1, Activation::Linear),
    ]);
    assert_eq!(deeper.centres(), None);
}

#[test]
fn f32_and_f64_agree_on_the_gradient() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let m64 = Mlp::<f64>::new(&[16, 16], Activation::Tanh, Init::GlorotUniform, &mut rng);
    let m32: Mlp<f32> = m64.cast();
    let (x, y) = sample_points(40);
    let (x32, y32): (Vec<f32>, Vec<f32>) = (
        x.iter().map(|&v| v as f32).collect(),
        y.iter().map(|&v| v as f32).collect(),
    );
    let (mut w64, mut w32) = (m64.workspace(40), m32.workspace(40));
    let l64 = m64.loss_and_gradient(&mut w64, &x, &y, Loss::Mse, 0.0);
    let l32 = m32.loss_and_gradient(&mut w32, &x32, &y32, Loss::Mse, 0.0);
    assert!((l64 - l32).abs() < 1e-5 * l64);
    for (a, b) in w64.grad.iter().zip(&w32.grad) {
        assert!((a - f64::from(*b)).abs() < 1e-4 * (1.0 + a.abs()));
    }
}

#[test]
fn a_smaller_batch_in_a_larger_workspace_gives_the_same_gradient() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(13);
    let mlp = Mlp::<f64>::new(&[6, 6], Activation::Elu, Init::HeUniform, &mut rng);
    let (x, y) = sample_points(12);
    let (mut tight, mut roomy) = (mlp.workspace(12), mlp.workspace(50));
    mlp.loss_and_gradient(&mut tight, &x, &y, Loss::Mse, 0.0);
    mlp.loss_and_gradient(&mut roomy, &x, &y, Loss::Mse, 0.0);
    assert_eq!(tight.grad, roomy.grad);
}

/// A network whose biases put every neuron's bend inside the data.
fn net_f32(hidden: &[usize], activation: Activation, seed: u64) -> Mlp<f32> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut mlp = Mlp::<f32>::new(hidden, activation, Init::GlorotUniform, &mut rng);
    for l in mlp.layers().to_vec() {
        for j in 0..l.fan_out {
            mlp.params_mut()[l.bias_at + j] = 0.3 * (j as f32 % 7.0) - 0.9;
        }
    }
    mlp
}

fn sample_points_f32(n: usize) -> (Vec<f32>, Vec<f32>) {
    let (x, y) = sample_points(n);
    (
        x.iter().map(|&v| v as f32).collect(),
        y.iter().map(|&v| v as f32).collect(),
    )
}

/// The loss, predictions and gradient as the layered pass computes them for any depth (the generic
/// backward walk with a gradient sink), to hold the one-hidden-layer step against.
fn layered_reference(
    mlp: &Mlp<f32>,
    x: &[f32],
    y: &[f32],
    loss: Loss,
    weight_decay: f32,
) -> (f64, Vec<f32>, Vec<f32>) {
    let b = x.len();
    let mut ws = mlp.workspace(b);
    mlp.forward_inline(&mut ws, x);
    let last = mlp.layers.len() - 1;
    let value = loss.value_and_grad(&ws.h[last][..b], y, &mut ws.delta[..b]);
    let pred = ws.h[last][..b].to_vec();
    let Workspace {
        z,
        h,
        delta,
        delta_below,
        grad,
        ..
    } = &mut ws;
    let mut sink = crate::nn::dense::GradientSink {
        grad,
        params: &mlp.params,
        weight_decay,
        b,
    };
    mlp.backward(b, x, z, h, delta, delta_below, &mut sink);
    (value, pred, ws.grad)
}

#[test]
fn the_one_hidden_layer_step_matches_the_layered_pass() {
    let shapes = [
        (vec![1], 2),
        (vec![3], 15),
        (vec![50], 16),
        (vec![7], 17),
        (vec![50], 200),
        (vec![64], 333),
    ];
    for activation in Activation::ALL {
        for (hidden, points) in &shapes {
            let mlp = net_f32(hidden, activation, 21);
            let (x, y) = sample_points_f32(*points);
            for loss in Loss::ALL {
                for decay in [0.0, 0.01] {
                    let mut ws = mlp.workspace(*points);
                    let value = mlp.loss_and_gradient(&mut ws, &x, &y, loss, decay);
                    let (want, pred, grad) = layered_reference(&mlp, &x, &y, loss, decay);
                    let case = format!("{activation} {hidden:?} × {points} {loss} λ {decay}");
                    // the same operations in the same order up to the loss
                    assert_eq!(value, want, "{case}: loss");
                    assert_eq!(mlp.last_output(&ws, *points), pred, "{case}: ŷ");
                    // the sums over the points in 16 lanes instead of 8: rounding only
                    let scale = grad.iter().fold(0f32, |m, g| m.max(g.abs()));
                    for (p, (f, l)) in ws.grad.iter().zip(&grad).enumerate() {
                        assert!(
                            (f - l).abs() <= 2e-6 * scale + 1e-30,
                            "{case} param {p}: {f} vs {l}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_one_hidden_layer_step_gives_the_same_bits_in_every_copy_and_workspace() {
    let mlp = net_f32(&[50], Activation::Tanh, 5);
    let (x, y) = sample_points_f32(200);
    let mut portable = mlp.workspace(200);
    mlp.loss_and_gradient_inline(&mut portable, &x, &y, Loss::Mse, 0.0);
    let mut roomy = mlp.workspace(333);
    mlp.loss_and_gradient(&mut roomy, &x, &y, Loss::Mse, 0.0);
    assert_eq!(portable.grad, roomy.grad);
    #[cfg(target_arch = "x86_64")]
    if crate::nn::kernels::level::has_avx2_fma() {
        let mut wide = mlp.workspace(200);
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        unsafe {
            mlp.loss_and_gradient_in::<crate::nn::kernels::vector::Avx2>(
                &mut wide,
                &x,
                &y,
                Loss::Mse,
                0.0,
            )
        };
        assert_eq!(portable.grad, wide.grad);
    }
    #[cfg(target_arch = "x86_64")]
    if crate::nn::kernels::level::has_avx512() {
        let mut widest = mlp.workspace(200);
        // SAFETY: the CPU supports AVX-512 F + VL, AVX2 and FMA (checked just above).
        unsafe {
            mlp.loss_and_gradient_in::<crate::nn::kernels::vector::Avx512>(
                &mut widest,
                &x,
                &y,
                Loss::Mse,
                0.0,
            )
        };
        assert_eq!(portable.grad, widest.grad);
    }
}

/// The largest |got − want| over the entries, as a fraction of the largest |want|.
fn relative_gap(got: &[f32], want: &[f32]) -> f32 {
    let largest = |v: &[f32]| v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let gap = got
        .iter()
        .zip(want)
        .fold(0f32, |m, (a, b)| m.max((a - b).abs()));
    gap / largest(want).max(1e-30)
}

#[test]
fn the_deep_step_matches_the_layered_pass() {
    #[cfg(target_arch = "x86_64")]
    if !crate::nn::kernels::level::has_avx2_fma() {
        return;
    }
    let shapes = [
        (vec![16, 16], 3),
        (vec![16, 32], 7),
        (vec![32, 16, 48], 50),
        (vec![64, 64], 500),
        (vec![16, 32], 600),
        (vec![160, 144], 37),
    ];
    for activation in Activation::ALL {
        for (hidden, points) in &shapes {
            let mlp = net_f32(hidden, activation, 8);
            let (x, y) = sample_points_f32(*points);
            for loss in Loss::ALL {
                for decay in [0.0, 0.01] {
                    let case = format!("{activation} {hidden:?} × {points} {loss} λ {decay}");
                    let mut ws = mlp.workspace(*points);
                    let value = mlp
                        .deep_loss_and_gradient(&mut ws, &x, &y, loss, decay)
                        .unwrap_or_else(|| panic!("{case}: the deep step declined"));
                    #[cfg(target_arch = "x86_64")]
                    same_bits_in_both_widths(&mlp, (value, &ws), &x, &y, loss, decay, &case);
                    let (want, pred, grad) = layered_reference(&mlp, &x, &y, loss, decay);
                    let loss_gap = (value - want).abs() / want.abs().max(1e-30);
                    let pred_gap = relative_gap(mlp.last_output(&ws, *points), &pred);
                    let grad_gap = relative_gap(&ws.grad, &grad);
                    // the sums in another order: measured at most 3.5e-7, 2.8e-6 and 5.2e-6, the last
                    // a sigmoid net under MAE, whose ±1/N terms cancel in the sums over the points
                    assert!(loss_gap <= 2e-6, "{case}: loss {value} vs {want}");
                    assert!(
                        pred_gap <= 1e-5,
                        "{case}: ŷ differs by {pred_gap} of its largest"
                    );
                    assert!(
                        grad_gap <= 1e-5,
                        "{case}: ∂L/∂θ differs by {grad_gap} of its largest"
                    );
                }
            }
        }
    }
}

/// Where the CPU runs AVX-512, the deep step in AVX2's narrower vectors gives the bits the widest gave
/// (its loss and workspace in `widest`): the same loss, ŷ and gradient.
#[cfg(target_arch = "x86_64")]
fn same_bits_in_both_widths(
    mlp: &Mlp<f32>,
    (widest_value, widest): (f64, &Workspace<f32>),
    x: &[f32],
    y: &[f32],
    loss: Loss,
    decay: f32,
    case: &str,
) {
    use crate::nn::kernels::vector::{Avx2, Avx512, Vector};
    if !Avx512::available() {
        return;
    }
    let mut narrow = mlp.workspace(x.len());
    let value = mlp.deep_loss_and_gradient_in::<Avx2>(&mut narrow, x, y, loss, decay);
    assert_eq!(value, Some(widest_value), "{case}: the loss in AVX2");
    let points = x.len();
    assert_eq!(
        mlp.last_output(&narrow, points),
        mlp.last_output(widest, points),
        "{case}: ŷ in AVX2"
    );
    assert_eq!(narrow.grad, widest.grad, "{case}: ∂L/∂θ in AVX2");
}

#[test]
fn the_deep_step_gives_the_same_bits_in_every_workspace_and_declines_other_shapes() {
    #[cfg(target_arch = "x86_64")]
    if !crate::nn::kernels::level::has_avx2_fma() {
        return;
    }
    let mlp = net_f32(&[64, 64], Activation::Tanh, 3);
    let (x, y) = sample_points_f32(500);
    let (mut tight, mut roomy) = (mlp.workspace(500), mlp.workspace(777));
    let first = mlp.loss_and_gradient(&mut tight, &x, &y, Loss::Mse, 0.0);
    let second = mlp.loss_and_gradient(&mut roomy, &x, &y, Loss::Mse, 0.0);
    assert_eq!((first, &tight.grad), (second, &roomy.grad));
    let again = mlp.loss_and_gradient(&mut tight, &x, &y, Loss::Mse, 0.0);
    assert_eq!((first, &tight.grad), (again, &roomy.grad));
    // every entry of ∂L/∂θ is written, whatever the workspace held (some are summed, some written whole)
    tight.grad.fill(1e3);
    let over_junk = mlp.loss_and_gradient(&mut tight, &x, &y, Loss::Mse, 0.0);
    assert_eq!((first, &tight.grad), (over_junk, &roomy.grad));
    tight.grad.fill(1e3);
    let none = mlp.deep_loss_and_gradient(&mut tight, &[], &[], Loss::Mse, 0.0);
    assert!(none.is_some(), "no points");
    assert!(
        tight.grad.iter().all(|&g| g == 0.0),
        "no points, no gradient"
    );
    for declined in [&[64][..], &[10, 10], &[16, 24]] {
        let mlp = net_f32(declined, Activation::Tanh, 3);
        let mut ws = mlp.workspace(500);
        let taken = mlp.deep_loss_and_gradient(&mut ws, &x, &y, Loss::Mse, 0.0);
        assert!(taken.is_none(), "{declined:?}");
    }
    let squashed = Mlp::<f32>::zeros(&[
        (1, 16, Activation::Tanh),
        (16, 16, Activation::Tanh),
        (16, 1, Activation::Sigmoid),
    ]);
    let mut ws = squashed.workspace(500);
    assert!(
        squashed
            .deep_loss_and_gradient(&mut ws, &x, &y, Loss::Mse, 0.0)
            .is_none(),
        "a squashed output"
    );
    let wide = mlp.cast::<f64>();
    let (x64, y64): (Vec<f64>, Vec<f64>) = sample_points(500);
    let mut ws = wide.workspace(500);
    assert!(
        wide.deep_loss_and_gradient(&mut ws, &x64, &y64, Loss::Mse, 0.0)
            .is_none()
    );
}

#[test]
fn the_deep_step_gives_the_same_bits_on_any_number_of_threads() {
    #[cfg(target_arch = "x86_64")]
    if !crate::nn::kernels::level::has_avx2_fma() {
        return;
    }
    // 600 · 128 · 128 multiply-adds per product: past the threshold from which products are cut
    let mlp = net_f32(&[128, 128, 32], Activation::Tanh, 4);
    let (x, y) = sample_points_f32(600);
    let run = |threads: usize, narrow: bool| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool of threads");
        pool.install(|| {
            let mut ws = mlp.workspace(600);
            let value = if narrow {
                mlp.deep_loss_and_gradient_in::<crate::nn::kernels::vector::Avx2>(
                    &mut ws,
                    &x,
                    &y,
                    Loss::Mse,
                    0.01,
                )
            } else {
                mlp.deep_loss_and_gradient(&mut ws, &x, &y, Loss::Mse, 0.01)
            };
            (value, ws.grad)
        })
    };
    let one = run(1, false);
    assert!(one.0.is_some());
    assert_eq!(one, run(2, false));
    assert_eq!(one, run(3, false));
    // AVX2's vectors, cut across threads, still give the widest width's bits on one
    assert_eq!(one, run(2, true));
}

//! The linear pieces of ReLU networks (issue 30): between consecutive breakpoints the prediction is
//! affine, the slope changes at each, the count stays within ∏(wₗ + 1) (w + 1 for one layer), and the
//! sawtooth network — the tent map composed d times, two ReLU units a layer — has exactly 2^d pieces on
//! [0, 1] for d = 1 … 8.

use approxlab::nn::pieces::{Breakpoint, breakpoints, max_pieces};
use approxlab::nn::{Activation, Init, Mlp};
use proptest::prelude::*;
use rand::SeedableRng;

/// A random network of these hidden widths and activation, He-initialised, with random biases.
fn random_net(hidden: &[usize], activation: Activation, seed: u64) -> Mlp<f64> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut mlp = Mlp::<f64>::new(hidden, activation, Init::HeNormal, &mut rng);
    let layers = mlp.layers().to_vec();
    for (i, layer) in layers.iter().enumerate() {
        for j in 0..layer.fan_out {
            let b = rng.random_range(-2.0..2.0) / (i + 1) as f64;
            mlp.params_mut()[layer.bias_at + j] = b;
        }
    }
    mlp
}

/// The network's prediction at one x.
fn at(mlp: &Mlp<f64>, x: f64) -> f64 {
    mlp.predict(&[x])[0]
}

/// Checks the pieces of `mlp` on [lo, hi]: affine between consecutive points (ends and middle), the
/// slope changing at each breakpoint and matching the pieces on either side.
fn check_affine(mlp: &Mlp<f64>, points: &[Breakpoint], lo: f64, hi: f64) {
    let mut ends = vec![lo];
    ends.extend(points.iter().map(|b| b.x));
    ends.push(hi);
    for (k, w) in ends.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        assert!(a < b, "sorted: {a} then {b}");
        let (fa, fb, fm) = (at(mlp, a), at(mlp, b), at(mlp, 0.5 * (a + b)));
        let scale = 1.0 + fa.abs() + fb.abs();
        assert!(
            (fm - 0.5 * (fa + fb)).abs() <= 1e-9 * scale,
            "piece {k} on [{a}, {b}] is not affine: {fa}, {fm}, {fb}"
        );
        if b - a > 1e-6 && !points.is_empty() {
            let slope = (fb - fa) / (b - a);
            let reported = if k < points.len() {
                points[k].slope_left
            } else {
                points[k - 1].slope_right
            };
            assert!(
                (slope - reported).abs() <= 1e-6 * (1.0 + slope.abs()),
                "piece {k}: slope {slope}, reported {reported}"
            );
        }
    }
    for b in points {
        assert!(b.slope_left != b.slope_right, "the slope changes at {b:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_208),
        ..ProptestConfig::default()
    })]

    #[test]
    fn relu_nets_are_affine_between_their_breakpoints(
        depth in 1usize..=5,
        width in 1usize..=32,
        seed in 0u64..1_000_000,
        leaky in any::<bool>(),
    ) {
        let activation = if leaky { Activation::LeakyRelu } else { Activation::Relu };
        let hidden = vec![width; depth];
        let mlp = random_net(&hidden, activation, seed);
        let points = breakpoints(&mlp, -6.0, 6.0).expect("piecewise linear");
        check_affine(&mlp, &points, -6.0, 6.0);
        let pieces = points.len() as u64 + 1;
        prop_assert!(pieces <= max_pieces(&hidden), "{pieces} pieces, at most {}", max_pieces(&hidden));
        if depth == 1 {
            prop_assert!(pieces <= width as u64 + 1);
        }
    }
}

/// The tent map composed `depth` times: each layer has two ReLU units, relu(y) and relu(y − ½), of the
/// previous tent y = 2·relu(·) − 4·relu(· − ½) (of x itself in the first layer).
fn sawtooth(depth: usize) -> Mlp<f64> {
    let mut shape = vec![(1, 2, Activation::Relu)];
    shape.extend(std::iter::repeat_n((2, 2, Activation::Relu), depth - 1));
    shape.push((2, 1, Activation::Linear));
    let mut mlp = Mlp::<f64>::zeros(&shape);
    let layers = mlp.layers().to_vec();
    for (l, layer) in layers.iter().enumerate() {
        let p = mlp.params_mut();
        let column: &[f64] = if l == 0 { &[1.0] } else { &[2.0, -4.0] };
        for j in 0..layer.fan_out {
            let at = layer.kernel_at + j * layer.fan_in;
            p[at..at + layer.fan_in].copy_from_slice(column);
        }
        if layer.fan_out == 2 {
            p[layer.bias_at + 1] = -0.5;
        }
    }
    mlp
}

#[test]
fn the_sawtooth_of_depth_d_has_two_to_the_d_pieces_on_the_unit_interval() {
    for depth in 1..=8 {
        let mlp = sawtooth(depth);
        assert_eq!(at(&mlp, 0.5f64.powi(depth as i32)), 1.0, "a tooth's top");
        let points = breakpoints(&mlp, 0.0, 1.0).unwrap();
        assert_eq!(points.len() + 1, 1 << depth, "depth {depth}");
        check_affine(&mlp, &points, 0.0, 1.0);
    }
}

#[test]
fn one_hidden_layer_bends_at_each_units_kink() {
    let mlp = random_net(&[10], Activation::Relu, 3);
    let points = breakpoints(&mlp, -100.0, 100.0).unwrap();
    let mut kinks: Vec<f64> = (0..10)
        .filter_map(|j| {
            let (w, b) = (mlp.params()[j], mlp.params()[10 + j]);
            let w_out = mlp.params()[20 + j];
            (w != 0.0 && w_out != 0.0).then(|| -b / w)
        })
        .filter(|x| x.abs() < 100.0)
        .collect();
    kinks.sort_by(f64::total_cmp);
    let found: Vec<f64> = points.iter().map(|b| b.x).collect();
    assert_eq!(found.len(), kinks.len());
    for (f, k) in found.iter().zip(&kinks) {
        assert!((f - k).abs() < 1e-12, "{f} against {k}");
    }
}

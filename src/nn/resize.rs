//! Changing the width of every hidden layer while keeping the neurons the network has.
//!
//! Growing: each hidden layer gets new neurons. A new neuron's incoming weights are drawn by the init
//! (from every neuron of the layer below, old and new), its bias is 0, and every weight *from* it to an
//! old neuron of the layer above, or to the output, is 0. So each old neuron, and the output, computes
//! exactly what it did: the prediction does not change, and the new neurons are ready to learn.
//!
//! Shrinking: in each hidden layer the neurons whose outgoing weights have the smallest length ‖w'‖ (the
//! ones that matter least to the layer above) go, with their incoming and outgoing weights; the
//! prediction loses what they contributed.

use super::float::Float;
use super::init::Init;
use super::mlp::Mlp;
use rand::Rng;

/// The network with every hidden layer `width` wide, and for each hidden layer the (0-based) indices of
/// the neurons removed (empty when growing). A network without hidden layers comes back unchanged.
pub fn resize_hidden<T: Float, R: Rng + ?Sized>(
    mlp: &Mlp<T>,
    width: usize,
    init: Init,
    rng: &mut R,
) -> (Mlp<T>, Vec<Vec<usize>>) {
    let layers = mlp.layers();
    let depth = layers.len() - 1;
    if depth == 0 || width == 0 {
        return (mlp.clone(), Vec::new());
    }
    let p = mlp.params();
    // kept[l]: which old neurons of hidden layer l survive, in order (all of them when growing)
    let kept: Vec<Vec<usize>> = (0..depth).map(|l| keep_strongest(mlp, l, width)).collect();
    let removed: Vec<Vec<usize>> = (0..depth)
        .map(|l| {
            (0..layers[l].fan_out)
                .filter(|j| !kept[l].contains(j))
                .collect()
        })
        .collect();
    let mut shape = Vec::with_capacity(depth + 1);
    for (l, layer) in layers.iter().enumerate() {
        let fan_in = if l == 0 { 1 } else { width };
        let fan_out = if l == depth { 1 } else { width };
        shape.push((fan_in, fan_out, layer.activation));
    }
    let mut out = Mlp::zeros(&shape);
    for (l, old) in layers.iter().enumerate() {
        let new = out.layers()[l];
        // the old index of new input i and of new neuron j, if they are old ones
        let input = |i: usize| {
            if l == 0 {
                Some(i)
            } else {
                kept[l - 1].get(i).copied()
            }
        };
        let neuron = |j: usize| {
            if l == depth {
                Some(j)
            } else {
                kept[l].get(j).copied()
            }
        };
        for j in 0..new.fan_out {
            let old_j = neuron(j);
            for i in 0..new.fan_in {
                let value = match (old_j, input(i)) {
                    (Some(oj), Some(oi)) => p[old.kernel_at + oj * old.fan_in + oi],
                    (Some(_), None) => T::ZERO, // a new neuron below: silent towards old ones
                    (None, _) => T::from_f64(init.draw(new.fan_in, new.fan_out, rng)),
                };
                out.params_mut()[new.kernel_at + j * new.fan_in + i] = value;
            }
            out.params_mut()[new.bias_at + j] = old_j.map_or(T::ZERO, |oj| p[old.bias_at + oj]);
        }
    }
    (out, removed)
}

/// The old neurons of hidden layer `l` that stay at `width`: all of them when growing, else the `width`
/// with the longest outgoing weight vectors, in their original order.
fn keep_strongest<T: Float>(mlp: &Mlp<T>, l: usize, width: usize) -> Vec<usize> {
    let layers = mlp.layers();
    let count = layers[l].fan_out;
    if width >= count {
        return (0..count).collect();
    }
    let above = layers[l + 1];
    let p = mlp.params();
    let norm = |j: usize| -> f64 {
        (0..above.fan_out)
            .map(|k| p[above.kernel_at + k * above.fan_in + j].to_f64().powi(2))
            .sum()
    };
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| norm(b).total_cmp(&norm(a)).then(a.cmp(&b)));
    let mut kept = order[..width].to_vec();
    kept.sort_unstable();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn net(hidden: &[usize]) -> Mlp<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut mlp = Mlp::new(hidden, Activation::Tanh, Init::HeNormal, &mut rng);
        for (k, v) in mlp.params_mut().iter_mut().enumerate() {
            *v += 0.01 * k as f64; // nonzero biases too
        }
        mlp
    }

    fn x() -> Vec<f64> {
        (0..41).map(|i| -4.0 + 0.2 * f64::from(i)).collect()
    }

    #[test]
    fn growing_keeps_the_prediction_exactly_at_every_depth() {
        for hidden in [vec![3], vec![4, 4], vec![5, 5, 5]] {
            let mlp = net(&hidden);
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
            let (grown, removed) = resize_hidden(&mlp, hidden[0] + 4, Init::HeNormal, &mut rng);
            assert!(removed.iter().all(Vec::is_empty));
            assert_eq!(grown.hidden_widths(), vec![hidden[0] + 4; hidden.len()]);
            let (a, b) = (mlp.predict(&x()), grown.predict(&x()));
            for (a, b) in a.iter().zip(&b) {
                assert!((a - b).abs() < 1e-12, "{hidden:?}: {a} vs {b}");
            }
            let new_in = grown.params()[grown.layers()[0].kernel_at + hidden[0]];
            assert_ne!(new_in, 0.0, "new neurons get drawn incoming weights");
        }
    }

    #[test]
    fn shrinking_removes_the_neurons_with_the_weakest_outgoing_weights() {
        let mut mlp = net(&[4]);
        let out = mlp.layers()[1];
        let w_out = [0.5, -0.01, 2.0, 0.02];
        for (j, w) in w_out.iter().enumerate() {
            mlp.params_mut()[out.kernel_at + j] = *w;
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let (small, removed) = resize_hidden(&mlp, 2, Init::HeNormal, &mut rng);
        assert_eq!(removed, vec![vec![1, 3]]);
        let kept_out: Vec<f64> = small.params()[small.layers()[1].kernel_at..][..2].to_vec();
        assert_eq!(kept_out, vec![0.5, 2.0]);
        let hidden = mlp.layers()[0];
        assert_eq!(small.params()[0], mlp.params()[hidden.kernel_at]);
        assert_eq!(small.params()[1], mlp.params()[hidden.kernel_at + 2]);
    }
}

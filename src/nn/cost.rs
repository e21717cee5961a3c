//! What a network costs: its parameters, and the multiply-adds of a training step.
//!
//! A dense layer with fan_in inputs and fan_out neurons does fan_in·fan_out multiply-adds per point
//! forward (z = a·W + b). Backward it does as many again for the kernel's gradient (∂L/∂W = aᵀ·δ) and,
//! for every layer but the first (whose input is x itself, which needs no gradient), as many for the
//! gradient passed down (δ·Wᵀ). Activations, biases and the loss are a few operations per value and
//! not counted; a floating-point operation count is twice the multiply-adds.

use super::mlp::LayerShape;

/// The cost of one network; see the module doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Trainable parameters (kernels and biases).
    pub params: usize,
    /// Multiply-adds of one forward pass, per point.
    pub forward_per_point: usize,
    /// Multiply-adds of one backward pass, per point.
    pub backward_per_point: usize,
}

impl Cost {
    /// The cost of a network of these layers.
    pub fn of(layers: &[LayerShape]) -> Self {
        let products: Vec<usize> = layers.iter().map(|l| l.fan_in * l.fan_out).collect();
        let forward: usize = products.iter().sum();
        Self {
            params: layers
                .iter()
                .map(|l| l.fan_in * l.fan_out + l.fan_out)
                .sum(),
            forward_per_point: forward,
            backward_per_point: forward + products.iter().skip(1).sum::<usize>(),
        }
    }

    /// Floating-point operations (2 per multiply-add) of one training step over `points` points:
    /// forward and backward.
    pub fn flops_per_step(&self, points: usize) -> usize {
        2 * points * (self.forward_per_point + self.backward_per_point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Mlp};

    fn cost(hidden: &[usize]) -> Cost {
        let mut widths = vec![1];
        widths.extend_from_slice(hidden);
        widths.push(1);
        let layers: Vec<(usize, usize, Activation)> = widths
            .windows(2)
            .map(|w| (w[0], w[1], Activation::Tanh))
            .collect();
        Cost::of(Mlp::<f32>::zeros(&layers).layers())
    }

    #[test]
    fn the_cost_equals_a_hand_count() {
        // one neuron: w·x + b — 2 parameters, 1 multiply-add forward, 1 backward (∂L/∂w)
        assert_eq!(
            cost(&[]),
            Cost {
                params: 2,
                forward_per_point: 1,
                backward_per_point: 1
            }
        );
        // 1-10-1: 10 + 10 weights, 11 biases; forward 10 + 10; backward 20 (gradients) + 10 (δ to the hidden layer)
        assert_eq!(
            cost(&[10]),
            Cost {
                params: 31,
                forward_per_point: 20,
                backward_per_point: 30
            }
        );
        // 1-256-256-256-1 (W5): 256 + 3·65 536... forward 256 + 65 536·2 + 256 = 131 584
        let w5 = cost(&[256, 256, 256]);
        assert_eq!(w5.params, 256 + 256 + 2 * (65_536 + 256) + 256 + 1);
        assert_eq!(w5.forward_per_point, 131_584);
        assert_eq!(w5.backward_per_point, 131_584 + 131_328);
        assert_eq!(w5.flops_per_step(1000), 2 * 1000 * (131_584 + 262_912));
    }
}

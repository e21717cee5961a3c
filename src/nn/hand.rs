//! Setting a one-hidden-layer network's weights by hand, the way its pieces read on the plot: neuron j's
//! piece is w'ⱼ·act(wⱼ·x + bⱼ), centred at cⱼ = −bⱼ/wⱼ.
//!
//! - moving the centre to c keeps the steepness: b = −w·c;
//! - scaling the height multiplies w' only;
//! - the steepness: w becomes ±1/d (d: the distance from the centre at which w·(x − c) = ±1, where tanh
//!   reaches 76 % of its height), its sign kept, and b follows so the centre stays;
//! - the output bias b' shifts the whole fit.

use super::float::Float;
use super::mlp::Mlp;

/// Where neuron `j`'s input weight, bias and outgoing weight sit, for a network of one hidden layer.
fn slots<T: Float>(mlp: &Mlp<T>, j: usize) -> Option<(usize, usize, usize)> {
    let [hidden, out] = mlp.layers() else {
        return None;
    };
    (j < hidden.fan_out).then_some((hidden.kernel_at + j, hidden.bias_at + j, out.kernel_at + j))
}

/// w, b and w' of neuron `j` (one hidden layer).
pub fn neuron<T: Float>(mlp: &Mlp<T>, j: usize) -> Option<(f64, f64, f64)> {
    let (w, b, o) = slots(mlp, j)?;
    let p = mlp.params();
    Some((p[w].to_f64(), p[b].to_f64(), p[o].to_f64()))
}

/// Neuron `j`'s w, b and w' set outright (a typed cell).
pub fn set_neuron<T: Float>(mlp: &mut Mlp<T>, j: usize, w: f64, b: f64, w_out: f64) {
    if let Some((ws, bs, os)) = slots(mlp, j) {
        let p = mlp.params_mut();
        p[ws] = T::from_f64(w);
        p[bs] = T::from_f64(b);
        p[os] = T::from_f64(w_out);
    }
}

/// Neuron `j` centred at `c`, its steepness kept (nothing happens for w = 0, which has no centre).
pub fn move_centre<T: Float>(mlp: &mut Mlp<T>, j: usize, c: f64) {
    if let Some((w, b, _)) = slots(mlp, j) {
        let weight = mlp.params()[w].to_f64();
        if weight != 0.0 && c.is_finite() {
            mlp.params_mut()[b] = T::from_f64(-weight * c);
        }
    }
}

/// Neuron `j`'s outgoing weight times `factor`.
pub fn scale_height<T: Float>(mlp: &mut Mlp<T>, j: usize, factor: f64) {
    if let Some((_, _, o)) = slots(mlp, j)
        && factor.is_finite()
    {
        let v = mlp.params()[o].to_f64();
        mlp.params_mut()[o] = T::from_f64(v * factor);
    }
}

/// Neuron `j` as steep as w = ±1/`distance` (its sign kept), its centre kept.
pub fn set_steepness<T: Float>(mlp: &mut Mlp<T>, j: usize, distance: f64) {
    let Some((w, b, _)) = slots(mlp, j) else {
        return;
    };
    let (weight, bias) = (mlp.params()[w].to_f64(), mlp.params()[b].to_f64());
    if weight == 0.0 || !(distance.is_finite() && distance.abs() > 1e-6) {
        return;
    }
    let centre = -bias / weight;
    let steep = weight.signum() / distance.abs();
    mlp.params_mut()[w] = T::from_f64(steep);
    mlp.params_mut()[b] = T::from_f64(-steep * centre);
}

/// The output bias b'.
pub fn set_output_bias<T: Float>(mlp: &mut Mlp<T>, value: f64) {
    if let Some(out) = mlp.layers().last().copied()
        && value.is_finite()
    {
        mlp.params_mut()[out.bias_at] = T::from_f64(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    fn net() -> Mlp<f64> {
        let mut m = Mlp::zeros(&[(1, 2, Activation::Tanh), (2, 1, Activation::Linear)]);
        m.params_mut()
            .copy_from_slice(&[2.0, -1.0, 1.0, 0.5, 0.7, -0.3, 0.1]);
        m
    }

    #[test]
    fn each_handle_changes_only_what_it_says() {
        let mut m = net();
        move_centre(&mut m, 0, 1.5);
        assert_eq!(
            neuron(&m, 0),
            Some((2.0, -3.0, 0.7)),
            "b = −w·c, w and w' kept"
        );
        scale_height(&mut m, 1, 2.0);
        assert_eq!(neuron(&m, 1), Some((-1.0, 0.5, -0.6)));
        set_steepness(&mut m, 0, 0.25);
        let (w, b, o) = neuron(&m, 0).unwrap();
        assert_eq!((w, o), (4.0, 0.7));
        assert!((-b / w - 1.5).abs() < 1e-12, "the centre stays");
        set_output_bias(&mut m, -2.0);
        assert_eq!(m.params()[6], -2.0);
        assert_eq!(neuron(&m, 2), None);
    }
}

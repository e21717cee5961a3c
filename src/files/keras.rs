//! A self-contained Keras script that rebuilds a run in the article's framework: the same Dense layers
//! and activations, the same initial weights and data (embedded), the same optimizer with its
//! hyperparameters and loss, and as many full-batch steps (`train_on_batch`, no shuffling); it prints the
//! training loss at the end, to compare with approxlab's. What Keras cannot reproduce is said in the
//! script's header: Levenberg–Marquardt (Keras has none: the script uses Adam at lr 0.01) and the
//! shuffled mini-batch order (the script takes the batches in order).

use crate::nn::{Activation, Float, Loss, Mlp, OptimizerKind};
use crate::train::Settings;
use std::fmt::Write as _;
use std::path::Path;

/// A Python list of numbers, exact for f32.
fn list(values: impl IntoIterator<Item = f64>) -> String {
    let items: Vec<String> = values
        .into_iter()
        .map(|v| format!("{}", v as f32))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The Keras name (or callable) of an activation.
fn activation(a: Activation) -> &'static str {
    match a {
        Activation::Linear => "\"linear\"",
        Activation::Relu => "\"relu\"",
        Activation::LeakyRelu => "\"leaky_relu\"",
        Activation::Elu => "\"elu\"",
        Activation::Tanh => "\"tanh\"",
        Activation::Sigmoid => "\"sigmoid\"",
        Activation::Softplus => "\"softplus\"",
        Activation::Sin => "keras.ops.sin",
    }
}

/// The script; `initial` is the network to start from, `x`/`y` the training points, `steps` the steps.
pub fn script<T: Float>(
    settings: &Settings,
    initial: &Mlp<T>,
    x: &[f64],
    y: &[f64],
    steps: u64,
) -> String {
    let o = &settings.optim;
    let mut caveats = Vec::new();
    let optimizer = keras_optimizer(o, &mut caveats);
    let loss = match o.loss {
        Loss::Mse => "keras.losses.MeanSquaredError()",
        Loss::Mae => "keras.losses.MeanAbsoluteError()",
        Loss::Huber => "keras.losses.Huber(delta=1.0)",
    };
    if matches!(o.optimizer, OptimizerKind::Adam | OptimizerKind::Rmsprop) {
        caveats.push(
            "Adam and RMSprop divide by a running gradient size, so where a gradient is zero in exact \
             arithmetic (the biases on an odd target over a symmetric grid) rounding noise is amplified and \
             Keras and approxlab can part by about 1e-3; elsewhere they agree to about 1e-6.",
        );
    }
    let batch = if o.batch == 0 || o.batch >= x.len() {
        x.len()
    } else {
        caveats.push(
            "approxlab shuffles the mini-batches every epoch; this script takes them in order, so the \
             losses differ a little.",
        );
        o.batch
    };
    let regularizer = if o.weight_decay > 0.0 {
        format!(
            ", kernel_regularizer=keras.regularizers.L2({})",
            o.weight_decay
        )
    } else {
        String::new()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Rebuilt by approxlab: a {} network, {} steps of {} with {} loss.",
        describe(initial),
        steps,
        o.optimizer,
        o.loss
    );
    let _ = writeln!(
        out,
        "# The same initial weights and data as approxlab; full float32 like it."
    );
    for c in &caveats {
        let _ = writeln!(out, "# Note: {c}");
    }
    out += "import os\nos.environ.setdefault(\"KERAS_BACKEND\", \"jax\")\nimport numpy as np\nimport keras\n\n";
    let _ = writeln!(
        out,
        "x = np.array({}, dtype=\"float32\").reshape(-1, 1)",
        list(x.iter().copied())
    );
    let _ = writeln!(
        out,
        "y = np.array({}, dtype=\"float32\").reshape(-1, 1)\n",
        list(y.iter().copied())
    );
    write_model(&mut out, initial, &regularizer);
    out += "model.set_weights(weights)\n";
    let _ = writeln!(out, "loss = {loss}");
    let _ = writeln!(out, "model.compile(optimizer={optimizer}, loss=loss)\n");
    let _ = writeln!(out, "steps, batch = {steps}, {batch}");
    out += "for step in range(steps):\n";
    out += "    start = (step * batch) % len(x)\n";
    out += "    xb, yb = x[start:start + batch], y[start:start + batch]\n";
    out += "    model.train_on_batch(xb, yb)\n\n";
    out += "final = float(loss(y, model(x, training=False)))\n";
    out += "print(f\"loss after {steps} steps: {final:.9g}\")\n";
    out
}

/// The Keras optimizer of these settings, as Python; Levenberg–Marquardt, which Keras lacks, becomes
/// Adam with a caveat said.
fn keras_optimizer(o: &crate::train::OptimSettings, caveats: &mut Vec<&'static str>) -> String {
    match o.optimizer {
        OptimizerKind::Sgd => format!("keras.optimizers.SGD(learning_rate={})", o.lr),
        OptimizerKind::Momentum => format!(
            "keras.optimizers.SGD(learning_rate={}, momentum={})",
            o.lr, o.momentum
        ),
        OptimizerKind::Nesterov => format!(
            "keras.optimizers.SGD(learning_rate={}, momentum={}, nesterov=True)",
            o.lr, o.momentum
        ),
        OptimizerKind::Rmsprop => format!(
            "keras.optimizers.RMSprop(learning_rate={}, rho=0.9, epsilon=1e-7)",
            o.lr
        ),
        OptimizerKind::Adam => format!(
            "keras.optimizers.Adam(learning_rate={}, beta_1=0.9, beta_2=0.999, epsilon=1e-7)",
            o.lr
        ),
        OptimizerKind::Lm => {
            caveats
                .push("Keras has no Levenberg–Marquardt: this script trains with Adam at lr 0.01.");
            "keras.optimizers.Adam(learning_rate=0.01)".to_string()
        }
    }
}

/// The Sequential model's layers and `initial`'s weights in Keras's layout (kernels fan_in × fan_out),
/// as Python lines appended to `out`.
fn write_model<T: Float>(out: &mut String, initial: &Mlp<T>, regularizer: &str) {
    *out += "model = keras.Sequential([keras.Input(shape=(1,))])\n";
    let layers = initial.layers();
    for (l, layer) in layers.iter().enumerate() {
        let act = if l + 1 == layers.len() {
            "\"linear\""
        } else {
            activation(layer.activation)
        };
        let _ = writeln!(
            out,
            "model.add(keras.layers.Dense({}, activation={act}{regularizer}))",
            layer.fan_out
        );
    }
    *out += "weights = []\n";
    let p = initial.params();
    for layer in layers {
        let rows: Vec<String> = (0..layer.fan_in)
            .map(|i| {
                list((0..layer.fan_out).map(|j| p[layer.kernel_at + j * layer.fan_in + i].to_f64()))
            })
            .collect();
        let _ = writeln!(
            out,
            "weights.append(np.array([{}], dtype=\"float32\"))",
            rows.join(", ")
        );
        let bias = list((0..layer.fan_out).map(|j| p[layer.bias_at + j].to_f64()));
        let _ = writeln!(out, "weights.append(np.array({bias}, dtype=\"float32\"))");
    }
}

/// "1-10-1 tanh".
fn describe<T: Float>(mlp: &Mlp<T>) -> String {
    let widths: Vec<String> = mlp.hidden_widths().iter().map(|w| w.to_string()).collect();
    if widths.is_empty() {
        "single-neuron".into()
    } else {
        format!("1-{}-1 {}", widths.join("-"), mlp.layers()[0].activation)
    }
}

/// Writes the script (atomically).
pub fn save<T: Float>(
    path: &Path,
    settings: &Settings,
    initial: &Mlp<T>,
    x: &[f64],
    y: &[f64],
    steps: u64,
) -> Result<(), String> {
    let text = script(settings, initial, x, y, steps);
    super::write_atomic(path, text.as_bytes(), "Keras script")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Trainer;

    #[test]
    fn the_script_embeds_the_weights_the_data_and_the_optimizer() {
        let mut s = Settings::default();
        s.net.width = 3;
        s.optim.optimizer = OptimizerKind::Momentum;
        s.optim.lr = 0.05;
        let t = Trainer::<f32>::new(s.clone()).unwrap();
        let d = t.dataset();
        let text = script(&s, t.mlp(), &d.train_x, &d.train_y, 100);
        assert!(text.contains("keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)"));
        assert!(text.contains("model.add(keras.layers.Dense(3, activation=\"tanh\"))"));
        assert!(text.contains("model.add(keras.layers.Dense(1, activation=\"linear\"))"));
        assert!(text.contains("steps, batch = 100, 200"));
        assert_eq!(text.matches("weights.append").count(), 4);
        let first = format!("{}", t.mlp().params()[0]);
        assert!(text.contains(&first), "the initial weights are embedded");
        assert!(
            !text.contains("# Note"),
            "nothing to excuse for full-batch momentum"
        );
        let mut adam = s.clone();
        adam.optim.optimizer = OptimizerKind::Adam;
        assert!(script(&adam, t.mlp(), &d.train_x, &d.train_y, 5).contains("rounding noise"));
        let mut lm = s;
        lm.optim.optimizer = OptimizerKind::Lm;
        assert!(script(&lm, t.mlp(), &d.train_x, &d.train_y, 5).contains("Keras has no Levenberg"));
    }
}

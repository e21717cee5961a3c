//! Model files (JSON): the layers in order, each with `kernel` (rows = inputs, columns = outputs, as a Keras
//! Dense kernel), `bias` and `activation` (applied after that layer; the last one is `linear`):
//!
//! ```json
//! {"format": "approxlab-model", "version": 1,
//!  "layers": [{"kernel": [[0.5, -1.2]], "bias": [0, 0], "activation": "tanh"},
//!             {"kernel": [[0.3], [0.7]], "bias": [0], "activation": "linear"}]}
//! ```
//!
//! The benchmark's init files (`weights[l].W`, `weights[l].b`, activations in `spec.acts`) load too, as
//! the peers' JSON or packed (`assets/bench/W?.init.bin`, `bench_init`). Every shape is checked, so a corrupt or mismatched file gets a sentence, never a
//! panic.

use crate::nn::{Activation, Mlp};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The `format` field every approxlab model file carries.
pub const FORMAT: &str = "approxlab-model";
/// Most parameters a model file may declare (a guard against absurd files).
pub const MAX_FILE_PARAMS: usize = 20_000_000;

/// One layer as stored in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerFile {
    /// fan_in rows of fan_out weights.
    pub kernel: Vec<Vec<f64>>,
    /// fan_out biases.
    pub bias: Vec<f64>,
    /// Activation after this layer.
    pub activation: Activation,
}

/// An approxlab model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version (1).
    pub version: u32,
    /// Layers, input side first.
    pub layers: Vec<LayerFile>,
}

#[derive(Deserialize)]
struct BenchLayer {
    #[serde(rename = "W")]
    w: Vec<Vec<f64>>,
    b: Vec<f64>,
}

#[derive(Deserialize, Default)]
struct BenchSpec {
    #[serde(default)]
    acts: Vec<String>,
}

#[derive(Deserialize)]
struct BenchInit {
    weights: Vec<BenchLayer>,
    #[serde(default)]
    spec: BenchSpec,
}

impl ModelFile {
    /// The file form of a network.
    pub fn from_mlp(mlp: &Mlp<f64>) -> Self {
        let layers = (0..mlp.layers().len())
            .map(|l| {
                let k = mlp.kernel(l);
                LayerFile {
                    kernel: (0..k.rows)
                        .map(|i| (0..k.cols).map(|j| k.data[i + j * k.rows]).collect())
                        .collect(),
                    bias: mlp.bias(l).to_vec(),
                    activation: mlp.layers()[l].activation,
                }
            })
            .collect();
        Self {
            format: FORMAT.into(),
            version: 1,
            layers,
        }
    }

    /// The network this file describes, after checking every shape and value.
    pub fn to_mlp(&self) -> Result<Mlp<f64>, String> {
        let Some(last) = self.layers.last() else {
            return Err("the model has no layers".into());
        };
        if last.activation != Activation::Linear {
            return Err(format!(
                "the last layer must be linear (it is {})",
                last.activation
            ));
        }
        let mut shapes = Vec::with_capacity(self.layers.len());
        let mut fan_in = 1;
        let mut total = 0usize;
        for (l, layer) in self.layers.iter().enumerate() {
            let rows = layer.kernel.len();
            if rows != fan_in {
                let what = if l == 0 {
                    "the input (1 value)".to_string()
                } else {
                    format!("layer {l}'s {fan_in} outputs")
                };
                return Err(format!(
                    "layer {} has a kernel of {rows} rows, which does not fit {what}",
                    l + 1
                ));
            }
            let fan_out = layer.bias.len();
            if fan_out == 0 || layer.kernel.iter().any(|r| r.len() != fan_out) {
                return Err(format!(
                    "layer {}: every kernel row needs {fan_out} values, one per bias",
                    l + 1
                ));
            }
            total = total.saturating_add(fan_in * fan_out + fan_out);
            if total > MAX_FILE_PARAMS {
                return Err(format!(
                    "the model has more than {MAX_FILE_PARAMS} parameters"
                ));
            }
            shapes.push((fan_in, fan_out, layer.activation));
            fan_in = fan_out;
        }
        if fan_in != 1 {
            return Err(format!(
                "the last layer must have 1 output (it has {fan_in})"
            ));
        }
        let mut mlp = Mlp::<f64>::zeros(&shapes);
        let layout = mlp.layers().to_vec();
        for (layer, shape) in self.layers.iter().zip(layout) {
            for (i, row) in layer.kernel.iter().enumerate() {
                for (j, &w) in row.iter().enumerate() {
                    mlp.params_mut()[shape.kernel_at + i + j * shape.fan_in] = w;
                }
            }
            mlp.params_mut()[shape.bias_at..shape.bias_at + shape.fan_out]
                .copy_from_slice(&layer.bias);
        }
        if mlp.params().iter().any(|v| !v.is_finite()) {
            return Err("the model holds a weight that is not a finite number".into());
        }
        Ok(mlp)
    }
}

/// Reads a network from JSON text: an approxlab model file or a benchmark init file.
pub fn parse(text: &str) -> Result<Mlp<f64>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    from_value(value).map_err(super::one_line)
}

/// Reads a network from already-parsed JSON (an approxlab model or a benchmark init file).
pub fn from_value(value: serde_json::Value) -> Result<Mlp<f64>, String> {
    if value.get("layers").is_some() {
        let file: ModelFile =
            serde_json::from_value(value).map_err(|e| format!("not an approxlab model: {e}"))?;
        if file.format != FORMAT {
            return Err(format!(
                "unknown model format '{}' (expected '{FORMAT}')",
                file.format
            ));
        }
        return file.to_mlp();
    }
    if value.get("weights").is_some() {
        let init: BenchInit =
            serde_json::from_value(value).map_err(|e| format!("not a benchmark init file: {e}"))?;
        let count = init.weights.len();
        let layers = init
            .weights
            .into_iter()
            .enumerate()
            .map(|(l, w)| {
                let activation = match init.spec.acts.get(l) {
                    Some(name) if l + 1 < count => name.parse::<Activation>(),
                    _ => Ok(Activation::Linear),
                }?;
                Ok(LayerFile {
                    kernel: w.w,
                    bias: w.b,
                    activation,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        return ModelFile {
            format: FORMAT.into(),
            version: 1,
            layers,
        }
        .to_mlp();
    }
    Err(
        "not a model file: expected a \"layers\" list (approxlab) or \"weights\" (benchmark init)"
            .into(),
    )
}

/// Reads a network from a file (JSON, or a packed benchmark init file), with the path in any error message.
pub fn load(path: &Path) -> Result<Mlp<f64>, String> {
    let bytes = super::read::read_file(path, super::read::Kind::Model, None)?;
    let parsed = if bytes.starts_with(super::bench_init::MAGIC) {
        super::bench_init::decode(&bytes).and_then(from_value)
    } else {
        std::str::from_utf8(&bytes)
            .map_err(|_| "not a model file: it is not text (JSON)".to_string())
            .and_then(parse)
    };
    parsed.map_err(|e| format!("model file {}: {e}", path.display()))
}

/// Writes a network to a file as JSON.
pub fn save(path: &Path, mlp: &Mlp<f64>) -> Result<(), String> {
    let text =
        serde_json::to_string_pretty(&ModelFile::from_mlp(mlp)).map_err(|e| e.to_string())?;
    super::write_atomic(path, text.as_bytes(), "model file")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Init;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn a_saved_model_reads_back_identically() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mlp = Mlp::<f64>::new(&[3, 4], Activation::Relu, Init::HeNormal, &mut rng);
        let text = serde_json::to_string(&ModelFile::from_mlp(&mlp)).unwrap();
        assert_eq!(parse(&text).unwrap(), mlp);
    }

    #[test]
    fn kernel_rows_are_inputs() {
        let text = r#"{"format":"approxlab-model","version":1,"layers":[
            {"kernel":[[1,2]],"bias":[0,0],"activation":"relu"},
            {"kernel":[[3],[4]],"bias":[0.5],"activation":"linear"}]}"#;
        let mlp = parse(text).unwrap();
        assert_eq!(mlp.predict(&[1.0]), vec![3.0 + 8.0 + 0.5]);
    }

    #[test]
    fn broken_files_are_explained() {
        let err = |t: &str| parse(t).unwrap_err();
        assert!(err("{").contains("not valid JSON"));
        assert!(err("[]").contains("not a model file"));
        assert!(err(r#"{"format":"x","version":1,"layers":[]}"#).contains("unknown model format"));
        // a damaged file's text echoed in the refusal stays on one line (found by tests/hostile_files.rs)
        let quoted = err("{\"format\":\"app\\nroxlab-model\",\"version\":1,\"layers\":[]}");
        assert!(
            !quoted.contains('\n') && quoted.contains("app\\nroxlab"),
            "{quoted}"
        );
        let wrong_rows = r#"{"format":"approxlab-model","version":1,"layers":[
            {"kernel":[[1],[2]],"bias":[0],"activation":"linear"}]}"#;
        assert!(err(wrong_rows).contains("does not fit the input"));
        let not_linear = r#"{"format":"approxlab-model","version":1,"layers":[
            {"kernel":[[1]],"bias":[0],"activation":"tanh"}]}"#;
        assert!(err(not_linear).contains("must be linear"));
        let chain = r#"{"format":"approxlab-model","version":1,"layers":[
            {"kernel":[[1,2]],"bias":[0,0],"activation":"tanh"},
            {"kernel":[[3],[4],[5]],"bias":[0],"activation":"linear"}]}"#;
        assert!(err(chain).contains("does not fit layer 1's 2 outputs"));
    }
}

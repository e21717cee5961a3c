//! The benchmark workloads' initial weights, packed: the JSON document the peers write
//! (`x`, `y`, `weights[l].W` / `.b`, and a header with `spec`, `adam`, `reference`) with its numbers as
//! little-endian float64 instead of text, a third of the size and read without parsing 130 000 numbers.
//!
//! ```text
//! b"APXINIT1"      magic and format version (8 bytes)
//! u32              H, the header's length
//! H bytes          UTF-8 JSON: every field but x, y and weights (spec.N and spec.sizes give the shapes)
//! f64 × N          x
//! f64 × N          y
//! per layer l:     W (in × out, rows = inputs, row-major), then b (out)
//! ```
//!
//! [`decode`] returns the document exactly as its JSON form reads, so one reader serves both forms;
//! `tests/peers/init_file.py` packs and reads the same bytes for the Python peers.

use serde::Deserialize;
use serde_json::{Map, Value};

/// The first eight bytes of every packed init file.
pub const MAGIC: &[u8; 8] = b"APXINIT1";
/// The most numbers a packed init file may declare (W5 holds 134 353): a guard against absurd headers.
const MAX_NUMBERS: usize = 50_000_000;

#[derive(Deserialize)]
struct Shape {
    #[serde(rename = "N")]
    n: usize,
    sizes: Vec<usize>,
}

#[derive(Deserialize)]
struct Header {
    spec: Shape,
}

/// The JSON document held by a packed init file's bytes, or one sentence on what is wrong with them.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a packed init file (it does not start with APXINIT1)")?;
    let (length, rest) = rest
        .split_first_chunk::<4>()
        .ok_or("the init file ends before its header")?;
    let length = u32::from_le_bytes(*length) as usize;
    if rest.len() < length {
        return Err(format!(
            "the init file's header claims {length} bytes, the file holds {}",
            rest.len()
        ));
    }
    let (head, body) = rest.split_at(length);
    let mut doc: Map<String, Value> =
        serde_json::from_slice(head).map_err(|e| format!("the init file's header: {e}"))?;
    let shape = Header::deserialize(Value::Object(doc.clone()))
        .map_err(|e| format!("the init file's header: {e}"))?
        .spec;
    let layers: Vec<(usize, usize)> = shape.sizes.windows(2).map(|w| (w[0], w[1])).collect();
    let count = layers
        .iter()
        .try_fold(shape.n.checked_mul(2), |sum, &(fan_in, fan_out)| {
            let layer = fan_in.checked_mul(fan_out)?.checked_add(fan_out)?;
            Some(sum?.checked_add(layer))
        })
        .flatten()
        .filter(|&count| count <= MAX_NUMBERS)
        .ok_or("the init file's header declares an absurd size")?;
    if body.len() != 8 * count {
        return Err(format!(
            "the init file holds {} bytes of numbers, its header needs {}",
            body.len(),
            8 * count
        ));
    }
    let mut numbers = body
        .as_chunks::<8>()
        .0
        .iter()
        .map(|b| f64::from_le_bytes(*b));
    let mut take = |n: usize| -> Vec<Value> { numbers.by_ref().take(n).map(Value::from).collect() };
    doc.insert("x".into(), Value::Array(take(shape.n)));
    doc.insert("y".into(), Value::Array(take(shape.n)));
    let weights = layers
        .iter()
        .map(|&(fan_in, fan_out)| {
            let kernel: Vec<Value> = (0..fan_in).map(|_| Value::Array(take(fan_out))).collect();
            serde_json::json!({"W": kernel, "b": take(fan_out)})
        })
        .collect();
    doc.insert("weights".into(), Value::Array(weights));
    Ok(Value::Object(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed(header: &str, numbers: &[f64]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend((header.len() as u32).to_le_bytes());
        bytes.extend(header.as_bytes());
        for v in numbers {
            bytes.extend(v.to_le_bytes());
        }
        bytes
    }

    const ONE_TO_TWO: &str = r#"{"spec":{"N":2,"sizes":[1,2,1],"acts":["tanh"]},"seed":0}"#;

    #[test]
    fn numbers_land_where_the_json_form_has_them() {
        let numbers = [-3.0, 3.0, 0.1, 0.2, 1.0, 2.0, 0.0, 0.5, 7.0, -7.0, 0.25];
        let doc = decode(&packed(ONE_TO_TWO, &numbers)).unwrap();
        let want = serde_json::json!({
            "spec": {"N": 2, "sizes": [1, 2, 1], "acts": ["tanh"]}, "seed": 0,
            "x": [-3.0, 3.0], "y": [0.1, 0.2],
            "weights": [{"W": [[1.0, 2.0]], "b": [0.0, 0.5]}, {"W": [[7.0], [-7.0]], "b": [0.25]}]
        });
        assert_eq!(doc, want);
    }

    #[test]
    fn damaged_files_get_a_sentence() {
        let numbers = [0.0; 11];
        let good = packed(ONE_TO_TWO, &numbers);
        assert!(decode(b"{\"x\": []}").unwrap_err().contains("APXINIT1"));
        assert!(decode(&good[..10]).unwrap_err().contains("header"));
        assert!(
            decode(&good[..good.len() - 8])
                .unwrap_err()
                .contains("needs 88")
        );
        let huge = packed(r#"{"spec":{"N":1,"sizes":[1,4294967295,4294967295]}}"#, &[]);
        assert!(decode(&huge).unwrap_err().contains("absurd"));
        let no_spec = packed(r#"{"seed":0}"#, &[]);
        assert!(decode(&no_spec).unwrap_err().contains("spec"));
    }
}

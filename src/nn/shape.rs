//! Where a dense layer's parameters sit: its fan-in and fan-out, its activation, and the offsets of its
//! kernel (column-major fan_in × fan_out) and bias in the network's flat parameter vector.

use super::activation::Activation;

/// One dense layer's shape and where its parameters sit in the flat parameter vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerShape {
    /// Number of inputs (rows of the kernel).
    pub fan_in: usize,
    /// Number of outputs, i.e. neurons (columns of the kernel).
    pub fan_out: usize,
    /// Activation applied to this layer's output.
    pub activation: Activation,
    /// Offset of the kernel (column-major fan_in × fan_out) in the parameter vector.
    pub kernel_at: usize,
    /// Offset of the bias (fan_out) in the parameter vector.
    pub bias_at: usize,
}

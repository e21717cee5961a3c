//! The neural-network math, pure and deterministic: dense layers, activations, initialisers, losses and
//! optimizers over f32 or f64. It knows nothing about files or the window; the only threads it uses are
//! the current rayon pool's, for the layer products of large networks (`parallel`).

pub mod activation;
pub mod cost;
mod dense;
pub mod explain;
pub mod float;
pub mod formula;
pub mod hand;
pub mod init;
mod lanes;
pub mod lm;
pub mod loss;
pub mod mlp;
pub mod optimizer;
mod parallel;
pub mod peak;
pub mod resize;
mod shape;
pub mod simd;
#[cfg(target_arch = "x86_64")]
mod tile;
#[cfg(target_arch = "x86_64")]
mod vector;

pub use activation::Activation;
pub use float::Float;
pub use init::Init;
pub use lm::{LM_MAX_PARAMS, LevenbergMarquardt};
pub use loss::Loss;
pub use mlp::{LayerShape, Mlp, Workspace};
pub use optimizer::{Optimizer, OptimizerKind};

//! The neural-network math, pure and deterministic: dense layers, activations, initialisers, losses and
//! optimizers over f32 or f64. It knows nothing about files or the window. The files here say what is
//! computed and hold no `unsafe` and no `#[target_feature]`; how it runs fast on this CPU (vector
//! instructions, register tiles, the fused steps, the threads of the rayon pool) is `kernels/`.

pub mod activation;
pub mod cost;
mod dense;
pub mod explain;
pub mod float;
pub mod formula;
pub mod gradients;
pub mod hand;
pub mod init;
pub mod kernels;
pub mod lm;
pub mod loss;
pub mod mlp;
pub mod optimizer;
pub mod pieces;
pub mod resize;
mod shape;

pub use activation::Activation;
pub use float::Float;
pub use init::Init;
pub use lm::{LM_MAX_PARAMS, LevenbergMarquardt};
pub use loss::Loss;
pub use mlp::{LayerShape, Mlp, Workspace};
pub use optimizer::{Optimizer, OptimizerKind};

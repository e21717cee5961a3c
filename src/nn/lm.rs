//! Levenberg–Marquardt: damped Gauss–Newton on the full batch, for the sum of squared residuals
//! rₙ = ŷₙ − yₙ (plus N·λ·Σ W² when L2 weight decay λ is set, so the minimiser is the same as for
//! MSE + λ·Σ W²).
//!
//! With J = ∂ŷ/∂θ (N × P), one iteration solves (JᵀJ + N·λ·D + μ·I)·δ = −(Jᵀr + N·λ·W) by Cholesky (D is 1 on
//! kernel entries) and tries θ + δ. If the loss falls the step is kept and μ ← μ/10 (towards Gauss–Newton);
//! if not, μ ← 10·μ (towards a short gradient step) and it tries again. The solve is in f64 whatever the
//! training precision, since JᵀJ squares the condition number. Cost per iteration is O(N·P² + P³), so
//! networks above [`LM_MAX_PARAMS`] parameters are refused rather than frozen. Every buffer (J, r, JᵀJ,
//! Jᵀr, the damped copy the Cholesky factor is built in, the step, the parameters before it) is kept
//! between iterations: an iteration allocates nothing (only a damped matrix that is not positive definite
//! loses its buffer, which is then made again).

use super::float::Float;
use super::mlp::{Mlp, Workspace};
use nalgebra::{DMatrix, DVector};

/// Largest network Levenberg–Marquardt accepts (a P × P solve per iteration; 2 000 is ≈ 0.1 s).
pub const LM_MAX_PARAMS: usize = 2_000;
/// Damping μ at the start (MATLAB trainlm's default).
pub const MU_START: f64 = 1e-3;
/// Beyond this damping the step is negligible: the fit has stalled at a minimum.
pub const MU_MAX: f64 = 1e10;

/// Solver state: damping and buffers sized for one network and one batch.
#[derive(Debug, Clone)]
pub struct LevenbergMarquardt {
    mu: f64,
    /// J (N × P, column-major).
    jac: DMatrix<f64>,
    /// r = ŷ − y.
    residuals: DVector<f64>,
    /// JᵀJ (plus the weight-decay diagonal).
    normal: DMatrix<f64>,
    /// Jᵀr (plus the weight-decay term).
    gradient: DVector<f64>,
    /// JᵀJ + μ·I, factorised in place.
    damped: DMatrix<f64>,
    /// The step δ.
    delta: DVector<f64>,
    /// The parameters before the step.
    start: Vec<f64>,
}

/// What one Levenberg–Marquardt iteration did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LmStep {
    /// Mean squared error before the iteration.
    pub loss_before: f64,
    /// Whether a step that lowers the loss was found (false: stalled, μ reached [`MU_MAX`]).
    pub improved: bool,
}

impl LevenbergMarquardt {
    /// Prepares for a network of `param_count` parameters and `points` training points, or explains why
    /// the network is too large.
    pub fn new(param_count: usize, points: usize) -> Result<Self, String> {
        if param_count > LM_MAX_PARAMS {
            return Err(format!(
                "Levenberg–Marquardt solves a {param_count} × {param_count} system per step; it accepts at most \
                 {LM_MAX_PARAMS} parameters: use a smaller network or a first-order optimizer such as adam"
            ));
        }
        // empty buffers, sized below by the one rule `step` also follows
        let mut lm = Self {
            mu: MU_START,
            jac: DMatrix::zeros(0, 0),
            residuals: DVector::zeros(0),
            normal: DMatrix::zeros(0, 0),
            gradient: DVector::zeros(0),
            damped: DMatrix::zeros(0, 0),
            delta: DVector::zeros(0),
            start: Vec::new(),
        };
        lm.size_for(points, param_count);
        Ok(lm)
    }

    /// The damping μ in force (a session file keeps it, so a run resumes exactly).
    pub fn damping(&self) -> f64 {
        self.mu
    }

    /// Sets the damping μ (a resumed run).
    pub fn set_damping(&mut self, mu: f64) {
        if mu.is_finite() && mu > 0.0 {
            self.mu = mu;
        }
    }

    /// Entry `k` of ∂L/∂θ, L the mean squared error plus λ·Σ W², at the weights before the last
    /// iteration: 2/N·(Jᵀr + N·λ·W), from the Jᵀr that iteration solved with (no pass of its own).
    pub fn loss_gradient(&self, k: usize) -> f64 {
        2.0 * self.gradient[k] / self.residuals.len().max(1) as f64
    }

    /// One iteration on (x, y); the network's parameters move only if the loss falls.
    pub fn step<T: Float>(
        &mut self,
        mlp: &mut Mlp<T>,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        weight_decay: f64,
    ) -> LmStep {
        let (n, p) = (x.len(), mlp.params().len());
        self.size_for(n, p);
        mlp.jacobian(ws, x, self.jac.as_mut_slice());
        let pred = mlp.forward(ws, x);
        for ((r, &a), &b) in self.residuals.iter_mut().zip(pred).zip(y) {
            *r = (a - b).to_f64();
        }
        let penalty = |m: &Mlp<T>| weight_decay * n as f64 * kernel_square_sum(m);
        let objective_before = self.residuals.norm_squared() + penalty(mlp);
        let loss_before = self.residuals.norm_squared() / n as f64;

        self.normal.gemm_tr(1.0, &self.jac, &self.jac, 0.0);
        self.gradient.gemv_tr(1.0, &self.jac, &self.residuals, 0.0);
        if weight_decay > 0.0 {
            let scale = weight_decay * n as f64;
            for layer in mlp.layers() {
                for k in layer.kernel_at..layer.bias_at {
                    self.normal[(k, k)] += scale;
                    self.gradient[k] += scale * mlp.params()[k].to_f64();
                }
            }
        }

        for (s, &t) in self.start.iter_mut().zip(mlp.params()) {
            *s = t.to_f64();
        }
        while self.mu <= MU_MAX {
            let mut damped = std::mem::take(&mut self.damped);
            if damped.shape() != (p, p) {
                damped = DMatrix::zeros(p, p);
            }
            damped.copy_from(&self.normal);
            for k in 0..p {
                damped[(k, k)] += self.mu;
            }
            if let Some(chol) = damped.cholesky() {
                self.delta.copy_from(&self.gradient);
                self.delta.neg_mut();
                chol.solve_mut(&mut self.delta);
                self.damped = chol.unpack();
                for ((t, &s), d) in mlp
                    .params_mut()
                    .iter_mut()
                    .zip(&self.start)
                    .zip(self.delta.iter())
                {
                    *t = T::from_f64(s + d);
                }
                let trial = mlp.forward(ws, x);
                let sq: f64 = trial
                    .iter()
                    .zip(y)
                    .map(|(&a, &b)| (a - b).to_f64().powi(2))
                    .sum();
                if (sq + penalty(mlp)).is_finite() && sq + penalty(mlp) < objective_before {
                    self.mu = (self.mu * 0.1).max(1e-15);
                    return LmStep {
                        loss_before,
                        improved: true,
                    };
                }
            }
            self.mu *= 10.0;
        }
        for (t, &s) in mlp.params_mut().iter_mut().zip(&self.start) {
            *t = T::from_f64(s);
        }
        self.mu = MU_MAX;
        LmStep {
            loss_before,
            improved: false,
        }
    }

    /// Resizes the buffers when the batch or the network changed (a no-op, allocation-free, otherwise).
    fn size_for(&mut self, n: usize, p: usize) {
        if self.jac.shape() != (n, p) {
            self.jac = DMatrix::zeros(n, p);
            self.residuals = DVector::zeros(n);
        }
        if self.normal.shape() != (p, p) {
            self.normal = DMatrix::zeros(p, p);
            self.gradient = DVector::zeros(p);
            self.damped = DMatrix::zeros(p, p);
            self.delta = DVector::zeros(p);
            self.start = vec![0.0; p];
        }
    }
}

fn kernel_square_sum<T: Float>(mlp: &Mlp<T>) -> f64 {
    mlp.layers()
        .iter()
        .flat_map(|l| &mlp.params()[l.kernel_at..l.bias_at])
        .map(|w| w.to_f64().powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init};
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn refuses_large_networks_with_a_reason() {
        let err = LevenbergMarquardt::new(LM_MAX_PARAMS + 1, 10).unwrap_err();
        assert!(err.contains("at most 2000 parameters"), "{err}");
    }

    #[test]
    fn fits_a_line_in_a_few_steps() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut mlp = Mlp::<f64>::new(&[], Activation::Linear, Init::GlorotUniform, &mut rng);
        let x: Vec<f64> = (0..20).map(|i| -1.0 + 0.1 * i as f64).collect();
        let y: Vec<f64> = x.iter().map(|x| 2.0 * x + 1.0).collect();
        let mut ws = mlp.workspace(x.len());
        let mut lm = LevenbergMarquardt::new(2, x.len()).unwrap();
        for _ in 0..3 {
            assert!(lm.step(&mut mlp, &mut ws, &x, &y, 0.0).improved);
        }
        assert!((mlp.params()[0] - 2.0).abs() < 1e-6 && (mlp.params()[1] - 1.0).abs() < 1e-6);
    }
}

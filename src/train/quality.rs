//! How well a fit matches its target, inside the training interval and outside it, on the view grid: R²
//! (1 − Σ(ŷ − y)² / Σ(y − ȳ)²: 1 is perfect, 0 is no better than the mean, negative is worse), the root
//! mean square error and the largest error.

use crate::data::Interval;

/// The numbers for one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    /// Coefficient of determination (NaN for a constant target).
    pub r2: f64,
    /// Root mean square error.
    pub rmse: f64,
    /// Largest |ŷ − y|.
    pub max_error: f64,
}

/// Inside and outside the training interval (None where the view has no point, or no target).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FitQuality {
    /// On the training interval.
    pub inside: Option<Quality>,
    /// Beyond it.
    pub outside: Option<Quality>,
}

/// The fit quality of `prediction` against `target` on the view grid `x`, split at `domain`.
pub fn fit_quality(
    x: &[f64],
    target: Option<&[f64]>,
    prediction: &[f64],
    domain: Interval,
) -> FitQuality {
    let Some(target) = target else {
        return FitQuality::default();
    };
    let region = |inside: bool| {
        let pairs: Vec<(f64, f64)> = x
            .iter()
            .zip(target.iter().zip(prediction))
            .filter(|(xi, _)| domain.contains(**xi) == inside)
            .map(|(_, (&y, &p))| (y, p))
            .filter(|(y, p)| y.is_finite() && p.is_finite())
            .collect();
        quality(&pairs)
    };
    FitQuality {
        inside: region(true),
        outside: region(false),
    }
}

fn quality(pairs: &[(f64, f64)]) -> Option<Quality> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mean = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let residual: f64 = pairs.iter().map(|(y, p)| (p - y) * (p - y)).sum();
    let spread: f64 = pairs.iter().map(|(y, _)| (y - mean) * (y - mean)).sum();
    Some(Quality {
        r2: if spread > 0.0 {
            1.0 - residual / spread
        } else {
            f64::NAN
        },
        rmse: (residual / n).sqrt(),
        max_error: pairs.iter().map(|(y, p)| (p - y).abs()).fold(0.0, f64::max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_fit_inside_and_a_constant_one_outside() {
        let x: Vec<f64> = (0..=12).map(|i| -6.0 + i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        let p: Vec<f64> = x
            .iter()
            .map(|&v| if v.abs() <= 3.0 { v * v } else { 9.0 })
            .collect();
        let q = fit_quality(&x, Some(&y), &p, Interval::new(-3.0, 3.0));
        let inside = q.inside.unwrap();
        assert_eq!((inside.r2, inside.rmse, inside.max_error), (1.0, 0.0, 0.0));
        let outside = q.outside.unwrap();
        assert_eq!(outside.max_error, 27.0);
        assert!(outside.r2 < 0.0, "worse than the mean: {}", outside.r2);
        assert_eq!(
            fit_quality(&x, None, &p, Interval::new(-3.0, 3.0)),
            FitQuality::default()
        );
    }
}

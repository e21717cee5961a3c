//! One matrix product C ← α·A·B + β·C on one thread, over strided slices, through the `gemm` crate's
//! kernels (AVX-512 where the CPU has it: on W4's and W5's products they measured 15–20 % faster than
//! `matrixmultiply`'s). The crate writes dst ← α'·dst + β'·lhs·rhs, so our α is its β' and our β its α';
//! with β = 0 it does not read C at all, so C may hold anything (NaN included) beforehand. Large products
//! are cut across threads by `threads`, each block through this one call.

use crate::nn::float::Float;

/// C (m×n) ← α·A (m×k)·B (k×n) + β·C, every matrix given by a pointer and (row, column) strides.
///
/// # Safety
/// Every index `i·rs + j·cs` inside each matrix's shape must lie inside its buffer, and C's entries must
/// be touched by nothing else during the call (`threads::gemm_on_threads` checks both).
#[expect(
    clippy::too_many_arguments,
    reason = "the gemm crate's own signature: three matrices, their strides and the two scalars"
)]
pub unsafe fn product<T: Float>(
    (m, k, n): (usize, usize, usize),
    alpha: T,
    a: *const T,
    (rsa, csa): (isize, isize),
    b: *const T,
    (rsb, csb): (isize, isize),
    beta: T,
    c: *mut T,
    (rsc, csc): (isize, isize),
) {
    // SAFETY: the caller guarantees every index of each shape lies inside its buffer.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c,
            csc,
            rsc,
            beta != T::ZERO,
            a,
            csa,
            rsa,
            b,
            csb,
            rsb,
            beta,
            alpha,
            false,
            false,
            false,
            gemm::Parallelism::None,
        )
    }
}

//! The layer products of large networks on several cores. C ← α·A·B + β·C (C column-major, m × n) is cut
//! in two along its longer side, again and again, into one block per thread of the current rayon pool:
//! rows of C take the matching rows of A, columns of C the matching columns of B, so the large operand (the
//! batch side) is split and only the small one is read by every thread. Each block is the same serial
//! product on disjoint entries of C, so every entry goes through the same operations in the same order as
//! on one core: the results are bit-identical whatever the number of threads. Products under
//! [`PARALLEL_MIN_MULTIPLY_ADDS`] stay on one core, where waking a thread costs more than it gives. The
//! activations of large layers (and their derivatives) are cut the same way, element ranges instead of
//! blocks.

use crate::nn::float::{Float, MatRef};

/// Multiply-adds (m·k·n) from which a product is split across threads: W5's 1000×256×256 products
/// (65 M) are, W4's 500×64×64 (2 M) and smaller ones are not.
const PARALLEL_MIN_MULTIPLY_ADDS: usize = 1 << 23;

/// Whether a product of `multiply_adds` is large enough to cut across threads
/// ([`PARALLEL_MIN_MULTIPLY_ADDS`] or more).
pub fn is_large(multiply_adds: usize) -> bool {
    multiply_adds >= PARALLEL_MIN_MULTIPLY_ADDS
}

/// Threads a product of `multiply_adds` is cut across: every thread of the current pool when it
/// [`is_large`], else one.
pub fn threads_for(multiply_adds: usize) -> usize {
    if is_large(multiply_adds) {
        rayon::current_num_threads().max(1)
    } else {
        1
    }
}

/// Rows or columns of C below which a block is not cut further (thinner blocks do not pay for a thread).
const MIN_BLOCK: usize = 32;

/// A block of a column-major C: `rows × cols` entries, entry (i, j) at `ptr + i + j·ld`.
#[derive(Clone, Copy)]
struct Block<T> {
    ptr: *mut T,
    rows: usize,
    cols: usize,
    ld: usize,
}

impl<T: Copy> Block<T> {
    /// The block cut in two before row `at` (`along_rows`) or before column `at`.
    ///
    /// # Safety
    /// `at` must be less than the block's rows (`along_rows`) or columns, so the tail starts inside it.
    unsafe fn cut(self, at: usize, along_rows: bool) -> (Self, Self) {
        let (mut head, mut tail) = (self, self);
        let offset = if along_rows {
            (head.rows, tail.rows) = (at, self.rows - at);
            at
        } else {
            (head.cols, tail.cols) = (at, self.cols - at);
            at * self.ld
        };
        // SAFETY: the offset is that of entry (at, 0) or (0, at), inside the block (the caller's contract).
        tail.ptr = unsafe { self.ptr.add(offset) };
        (head, tail)
    }
}

// SAFETY: a block is only ever written by the one thread it was handed to; blocks never overlap.
unsafe impl<T: Send> Send for Block<T> {}
// SAFETY: shared only to be moved into `rayon::join`'s closures, each of which takes a disjoint part.
unsafe impl<T: Sync> Sync for Block<T> {}

/// C ← α·A·B + β·C for a column-major C (m×n) held in `c`, on up to every thread of the current rayon
/// pool when the product is large (see the module doc). Panics if a shape or a slice length disagrees
/// (a programming error: every buffer is sized from the same network shape).
pub fn gemm_on_threads<T: Float>(
    alpha: T,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    beta: T,
    c: &mut [T],
    m: usize,
    n: usize,
) {
    gemm_in_parts(alpha, a, b, beta, c, m, n, threads_for(m * a.cols * n));
}

/// The product cut into `parts` blocks (see the module doc).
#[expect(
    clippy::too_many_arguments,
    reason = "gemm_on_threads's arguments plus the number of parts"
)]
fn gemm_in_parts<T: Float>(
    alpha: T,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    beta: T,
    c: &mut [T],
    m: usize,
    n: usize,
    parts: usize,
) {
    assert!(
        a.rows == m && b.cols == n && a.cols == b.rows,
        "gemm: shapes disagree"
    );
    assert!(
        a.fits() && b.fits() && c.len() >= m * n,
        "gemm: slice too short"
    );
    let block = Block {
        ptr: c.as_mut_ptr(),
        rows: m,
        cols: n,
        ld: m,
    };
    // SAFETY: the block is all of `c` (checked just above), which this call borrows mutably.
    unsafe { split(alpha, a, b, beta, block, parts) };
}

/// # Safety
/// `c` must lie inside one live mutable slice that nothing else touches during the call, and `a`, `b`
/// must fit their slices with a.rows = c.rows, b.cols = c.cols.
unsafe fn split<T: Float>(
    alpha: T,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    beta: T,
    c: Block<T>,
    parts: usize,
) {
    let along_rows = c.rows >= c.cols;
    let long = if along_rows { c.rows } else { c.cols };
    let first = (long * (parts / 2) / parts.max(1)).div_ceil(MIN_BLOCK) * MIN_BLOCK;
    if parts <= 1 || first == 0 || first >= long {
        let s = |r: usize, c: usize| (r as isize, c as isize);
        // SAFETY: the shapes fit their slices (the caller's contract) and C's block is ours alone.
        unsafe {
            super::gemm::product(
                (c.rows, a.cols, c.cols),
                alpha,
                a.data.as_ptr(),
                s(a.row_stride, a.col_stride),
                b.data.as_ptr(),
                s(b.row_stride, b.col_stride),
                beta,
                c.ptr,
                (1, c.ld as isize),
            );
        }
        return;
    }
    // SAFETY: `0 < first < long`, the length of the side cut.
    let (head, tail) = unsafe { c.cut(first, along_rows) };
    let (a_head, a_tail, b_head, b_tail) = if along_rows {
        (a.rows_of(0, first), a.rows_of(first, c.rows), b, b)
    } else {
        (a, a, b.columns(0, first), b.columns(first, c.cols))
    };
    let head_parts = parts / 2;
    rayon::join(
        // SAFETY: the two blocks are disjoint parts of the caller's block.
        || unsafe { split(alpha, a_head, b_head, beta, head, head_parts) },
        // SAFETY: as above.
        || unsafe { split(alpha, a_tail, b_tail, beta, tail, parts - head_parts) },
    );
}

/// Elements of a layer (batch × neurons) from which its activation and its derivative run on threads.
pub const PARALLEL_MIN_ELEMENTS: usize = 1 << 16;

/// Elements below which a part of an elementwise pass is not cut further.
const MIN_PART: usize = 1 << 13;

/// Whether an elementwise pass over `elements` runs on several threads.
#[inline]
pub fn on_threads(elements: usize) -> bool {
    elements >= PARALLEL_MIN_ELEMENTS && rayon::current_num_threads() > 1
}

/// `f(z, out)` over equal-length slices, cut into one part per thread of the current pool (for slices
/// [`on_threads`] says are long enough; each element is computed alone, so the result does not depend on
/// the cut).
pub fn map_on_threads<T: Float>(z: &[T], out: &mut [T], f: &(impl Fn(&[T], &mut [T]) + Sync)) {
    map2_on_threads(z, z, out, &|z, _, out| f(z, out));
}

/// `f(z, h, delta)` over equal-length slices, cut like [`map_on_threads`] (which is this with h = z).
pub fn map2_on_threads<T: Float>(
    z: &[T],
    h: &[T],
    delta: &mut [T],
    f: &(impl Fn(&[T], &[T], &mut [T]) + Sync),
) {
    map2_in_parts(z, h, delta, f, rayon::current_num_threads());
}

fn map2_in_parts<T: Float>(
    z: &[T],
    h: &[T],
    delta: &mut [T],
    f: &(impl Fn(&[T], &[T], &mut [T]) + Sync),
    parts: usize,
) {
    let first = (z.len() * (parts / 2) / parts.max(1)).div_ceil(MIN_PART) * MIN_PART;
    if parts <= 1 || first == 0 || first >= z.len() {
        f(z, h, delta);
        return;
    }
    let ((z_head, z_tail), (h_head, h_tail)) = (z.split_at(first), h.split_at(first));
    let (d_head, d_tail) = delta.split_at_mut(first);
    rayon::join(
        || map2_in_parts(z_head, h_head, d_head, f, parts / 2),
        || map2_in_parts(z_tail, h_tail, d_tail, f, parts - parts / 2),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A product on a pool of `threads`, cut into as many parts, with B given as itself or transposed.
    fn product(threads: usize, (m, k, n): (usize, usize, usize), transposed_b: bool) -> Vec<f32> {
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7919) % 1000) as f32 / 997.0 - 0.5)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104_729) % 1000) as f32 / 991.0 - 0.5)
            .collect();
        let mut c: Vec<f32> = (0..m * n).map(|i| (i % 13) as f32 * 0.1).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let bm = if transposed_b {
            MatRef::col_major(&b, n, k).t()
        } else {
            MatRef::col_major(&b, k, n)
        };
        let am = MatRef::col_major(&a, m, k);
        pool.install(|| gemm_in_parts(0.5, am, bm, 1.0, &mut c, m, n, threads));
        c
    }

    #[test]
    fn threads_give_bit_identical_products() {
        // tall (cut along rows), wide (cut along columns), sizes off every tile
        for shape in [(301, 77, 150), (90, 211, 333)] {
            for transposed in [false, true] {
                let one = product(1, shape, transposed);
                for threads in [2, 3, 4] {
                    assert_eq!(
                        product(threads, shape, transposed),
                        one,
                        "{shape:?}, {threads} threads"
                    );
                }
            }
        }
    }

    #[test]
    fn gemm_matches_a_naive_product_with_a_transposed_operand() {
        let a: Vec<f64> = (0..6).map(f64::from).collect(); // 3×2 column-major
        let b: Vec<f64> = (0..8).map(|v| f64::from(v) * 0.5).collect(); // 4×2, used transposed (2×4)
        let mut c = vec![1.0; 12];
        gemm_on_threads(
            1.0,
            MatRef::col_major(&a, 3, 2),
            MatRef::col_major(&b, 4, 2).t(),
            2.0,
            &mut c,
            3,
            4,
        );
        for i in 0..3 {
            for j in 0..4 {
                let want = 2.0 + (0..2).map(|p| a[i + 3 * p] * b[j + 4 * p]).sum::<f64>();
                assert!((c[i + 3 * j] - want).abs() < 1e-12);
            }
        }
    }
}

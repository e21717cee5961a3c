//! The register-tiled f32 matrix product of the deep step (`mlp::deep`), C ← A·B or C ← C + A·B, with
//! AVX-512 and no packing.
//!
//! A tile of C, up to [`TILE_ROWS`] rows by 16·[`TILE_VECTORS`] columns, stays in registers while the
//! product runs over the inner dimension: at each k, the tile loads 16-wide vectors of B's row k,
//! broadcasts each of its rows' entries a(r, k) and adds a(r, k)·b(k, j) to c(r, j) with one fused
//! multiply-add, k = 0, 1, … in order. A 6 × 64 tile takes 24 of the 32 vector registers and needs 10
//! loads per 24 multiply-adds, which keeps both FMA units of a core busy: on W4's 500×64×64 products it
//! measured 263 GFLOP/s on a core whose FMA peak is 266.
//!
//! A is read through two strides (to the next row, to the next k), so the same kernel multiplies a
//! row-major matrix (h·W, δ·Wᵀ) or walks down a transposed one (hᵀ·δ, whose k is the point). B's rows only
//! need 16 contiguous entries per vector, so no operand is copied into a packed layout: the deep step's
//! operands are small enough to stay in the first two cache levels. Each finished vector of C passes
//! through a [`Finish`] before it is stored, so a caller can add a bias and apply an activation to it in
//! registers.

use std::arch::x86_64::{
    __m512, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_storeu_ps,
};

/// Rows of C in one register tile.
pub const TILE_ROWS: usize = 6;
/// 16-wide vectors of C's columns in one register tile.
pub const TILE_VECTORS: usize = 4;
/// f32 lanes in one AVX-512 register: every column count handed to [`product`] is a multiple of it.
pub const LANES: usize = 16;

/// A matrix read by strides: entry (r, k) is `data[r·row_step + k·k_step]`.
#[derive(Clone, Copy)]
pub struct Strided<'a> {
    /// The backing elements.
    pub data: &'a [f32],
    /// Step to the next row.
    pub row_step: usize,
    /// Step to the next k (the inner dimension).
    pub k_step: usize,
}

/// The shape of one product: C is `rows × cols`, the inner dimension is `depth`.
#[derive(Clone, Copy)]
pub struct Shape {
    /// Rows of A and C.
    pub rows: usize,
    /// The inner dimension: columns of A, rows of B.
    pub depth: usize,
    /// Columns of B and C, a multiple of [`LANES`].
    pub cols: usize,
}

/// C ← A·B (or C ← C + A·B when `accumulate`), for A read through its strides, B with row k at
/// `b[k·b_row_step..][..cols]` and C with row r at `c[r·c_row_step..][..cols]`. Panics (a caller's bug: the
/// deep step sizes every buffer from the network's shape) when a shape does not fit its slice.
///
/// # Safety
/// The CPU must run AVX-512 F (the caller checks `simd::has_avx512`).
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
pub unsafe fn product(
    a: Strided<'_>,
    b: &[f32],
    b_row_step: usize,
    c: &mut [f32],
    c_row_step: usize,
    shape: Shape,
    accumulate: bool,
    finish: &impl Finish,
) {
    let Shape { rows, depth, cols } = shape;
    assert_eq!(cols % LANES, 0, "columns must come in whole vectors");
    if rows == 0 || cols == 0 {
        return;
    }
    if depth == 0 {
        if !accumulate {
            for r in 0..rows {
                c[r * c_row_step..][..cols].fill(0.0);
            }
        }
        return;
    }
    assert!((rows - 1) * a.row_step + (depth - 1) * a.k_step < a.data.len());
    assert!((depth - 1) * b_row_step + cols <= b.len());
    assert!((rows - 1) * c_row_step + cols <= c.len());
    let width = LANES * TILE_VECTORS;
    for j in (0..cols).step_by(width) {
        let vectors = (cols - j).min(width) / LANES;
        let mut r = 0;
        while r < rows {
            let tile_rows = (rows - r).min(TILE_ROWS);
            // SAFETY: the asserts above bound every entry of A, B and C the tile reads or writes: rows
            // r..r + tile_rows ≤ rows, k < depth, columns j..j + 16·vectors ≤ cols.
            unsafe {
                let tile = Tile {
                    row: r,
                    col: j,
                    a: a.data.as_ptr().add(r * a.row_step),
                    a_row_step: a.row_step,
                    a_k_step: a.k_step,
                    b: b.as_ptr().add(j),
                    b_row_step,
                    depth,
                    c: c.as_mut_ptr().add(r * c_row_step + j),
                    c_row_step,
                };
                if accumulate {
                    by_vectors::<true>(tile, tile_rows, vectors, finish);
                } else {
                    by_vectors::<false>(tile, tile_rows, vectors, finish);
                }
            }
            r += tile_rows;
        }
    }
}

/// What a register tile does with each finished vector of C before storing it: the deep step adds the bias
/// and stores the activation beside it while the sums are still in registers.
pub trait Finish {
    /// The vector to store for C's row `row`, columns `col..col + 16` (counted in the whole product),
    /// given the product's `sums` there.
    ///
    /// # Safety
    /// Called only from [`product`], on a CPU with AVX-512 F.
    unsafe fn vector(&self, sums: __m512, row: usize, col: usize) -> __m512;
}

/// Stores the product as it is.
pub struct Plain;

impl Finish for Plain {
    #[inline(always)]
    unsafe fn vector(&self, sums: __m512, _: usize, _: usize) -> __m512 {
        sums
    }
}

/// Where one register tile reads and writes (its first row and column in the product, pointers to its
/// first entries, strides in elements).
#[derive(Clone, Copy)]
struct Tile {
    row: usize,
    col: usize,
    a: *const f32,
    a_row_step: usize,
    a_k_step: usize,
    b: *const f32,
    b_row_step: usize,
    depth: usize,
    c: *mut f32,
    c_row_step: usize,
}

/// Picks the tile's width (1–4 vectors) at compile time.
#[target_feature(enable = "avx512f")]
unsafe fn by_vectors<const ACCUMULATE: bool>(
    tile: Tile,
    rows: usize,
    vectors: usize,
    finish: &impl Finish,
) {
    // SAFETY: forwarded from `product`, which bounds the tile.
    unsafe {
        match vectors {
            1 => by_rows::<1, ACCUMULATE>(tile, rows, finish),
            2 => by_rows::<2, ACCUMULATE>(tile, rows, finish),
            3 => by_rows::<3, ACCUMULATE>(tile, rows, finish),
            _ => by_rows::<4, ACCUMULATE>(tile, rows, finish),
        }
    }
}

/// Picks the tile's height (1–6 rows) at compile time.
#[target_feature(enable = "avx512f")]
unsafe fn by_rows<const VECTORS: usize, const ACCUMULATE: bool>(
    tile: Tile,
    rows: usize,
    finish: &impl Finish,
) {
    // SAFETY: forwarded from `product`, which bounds the tile.
    unsafe {
        match rows {
            1 => register_tile::<1, VECTORS, ACCUMULATE>(tile, finish),
            2 => register_tile::<2, VECTORS, ACCUMULATE>(tile, finish),
            3 => register_tile::<3, VECTORS, ACCUMULATE>(tile, finish),
            4 => register_tile::<4, VECTORS, ACCUMULATE>(tile, finish),
            5 => register_tile::<5, VECTORS, ACCUMULATE>(tile, finish),
            _ => register_tile::<6, VECTORS, ACCUMULATE>(tile, finish),
        }
    }
}

/// One ROWS × 16·VECTORS tile of C, held in registers over the whole inner dimension.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn register_tile<const ROWS: usize, const VECTORS: usize, const ACCUMULATE: bool>(
    tile: Tile,
    finish: &impl Finish,
) {
    // SAFETY: `product` bounds every pointer offset below (rows, depth and columns of the tile).
    unsafe {
        let mut acc: [[__m512; VECTORS]; ROWS] = [[_mm512_setzero_ps(); VECTORS]; ROWS];
        if ACCUMULATE {
            for (r, row) in acc.iter_mut().enumerate() {
                for (v, lane) in row.iter_mut().enumerate() {
                    *lane = _mm512_loadu_ps(tile.c.add(r * tile.c_row_step + LANES * v));
                }
            }
        }
        let (mut a, mut b) = (tile.a, tile.b);
        for _ in 0..tile.depth {
            let mut bk = [_mm512_setzero_ps(); VECTORS];
            for (v, lane) in bk.iter_mut().enumerate() {
                *lane = _mm512_loadu_ps(b.add(LANES * v));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let ark = _mm512_set1_ps(*a.add(r * tile.a_row_step));
                for (lane, &bv) in row.iter_mut().zip(&bk) {
                    *lane = _mm512_fmadd_ps(ark, bv, *lane);
                }
            }
            a = a.add(tile.a_k_step);
            b = b.add(tile.b_row_step);
        }
        for (r, row) in acc.iter().enumerate() {
            for (v, &lane) in row.iter().enumerate() {
                let lane = finish.vector(lane, tile.row + r, tile.col + LANES * v);
                _mm512_storeu_ps(tile.c.add(r * tile.c_row_step + LANES * v), lane);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive triple loop, in f64, for the same strided reads.
    fn reference(a: Strided<'_>, b: &[f32], b_row_step: usize, shape: Shape) -> Vec<f64> {
        let mut c = vec![0.0; shape.rows * shape.cols];
        for r in 0..shape.rows {
            for j in 0..shape.cols {
                c[r * shape.cols + j] = (0..shape.depth)
                    .map(|k| {
                        f64::from(a.data[r * a.row_step + k * a.k_step])
                            * f64::from(b[k * b_row_step + j])
                    })
                    .sum();
            }
        }
        c
    }

    #[test]
    fn every_tile_size_and_stride_gives_the_product() {
        if !crate::nn::simd::has_avx512() {
            return;
        }
        let value = |i: usize| ((i * 7919) % 997) as f32 / 997.0 - 0.5;
        for &(rows, depth, cols) in &[
            (1, 1, 16),
            (5, 3, 48),
            (13, 64, 64),
            (20, 7, 112),
            (25, 9, 160),
            (7, 0, 32),
        ] {
            let shape = Shape { rows, depth, cols };
            let (a_rows, b_rows): (Vec<f32>, Vec<f32>) = (
                (0..rows * depth + 3).map(value).collect(),
                (0..depth * (cols + 5)).map(|i| value(i + 11)).collect(),
            );
            for (row_step, k_step) in [(depth, 1), (1, rows)] {
                let a = Strided {
                    data: &a_rows,
                    row_step,
                    k_step,
                };
                let want = reference(a, &b_rows, cols + 5, shape);
                for accumulate in [false, true] {
                    let mut c = vec![1.0f32; rows * cols];
                    // SAFETY: AVX-512 F checked at the top of the test.
                    unsafe {
                        product(
                            a,
                            &b_rows,
                            cols + 5,
                            &mut c,
                            cols,
                            shape,
                            accumulate,
                            &Plain,
                        )
                    };
                    let start = if accumulate { 1.0 } else { 0.0 };
                    for (got, want) in c.iter().zip(&want) {
                        assert!(
                            (f64::from(*got) - start - want).abs() < 1e-5,
                            "{rows}×{depth}×{cols} ({row_step}, {k_step}) {accumulate}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }
}

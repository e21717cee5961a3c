//! The register-tiled f32 matrix product of the deep step (`kernels::deep`), C ← A·B or C ← C + A·B, for
//! either vector width (`vector::Vector`: AVX-512 or AVX2) and with no packing.
//!
//! A tile of C, up to [`TILE_ROWS`] rows by `Vector::TILE_VECTORS` vectors of columns, stays in registers
//! while the product runs over the inner dimension: at each k, the tile loads the vectors of B's row k,
//! broadcasts each of its rows' entries a(r, k) and adds a(r, k)·b(k, j) to c(r, j) with one fused
//! multiply-add, k = 0, 1, … in order. With AVX-512 a 6 × 64 tile takes 24 of the 32 vector registers and
//! needs 10 loads per 24 multiply-adds, which keeps both FMA units of a core busy: on W4's 500×64×64
//! products it measured 263 GFLOP/s on a core whose FMA peak is 266. With AVX2 the tile is 6 × 16 (12 of
//! the 16 registers). Every entry of C is the same chain of roundings in either width.
//!
//! A is read through two strides (to the next row, to the next k), so the same kernel multiplies a
//! row-major matrix (h·W, δ·Wᵀ) or walks down a transposed one (hᵀ·δ, whose k is the point). B's rows only
//! need whole vectors of contiguous entries, so no operand is copied into a packed layout: the deep step's
//! operands are small enough to stay in the first two cache levels. Each finished vector of C passes
//! through a [`Finish`] before it is stored, so a caller can add a bias and apply an activation to it in
//! registers.

use super::vector::Vector;

/// Rows of C in one register tile.
pub const TILE_ROWS: usize = 6;
/// Every column count handed to [`product`] is a multiple of this: one AVX-512 vector, two AVX2 ones.
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
/// `b[k·b_row_step..][..cols]` and C with row r at `c[r·c_row_step..][..cols]`, in V's instructions.
/// Panics (a caller's bug: the deep step sizes every buffer from the network's shape) when a shape does
/// not fit its slice.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
#[expect(
    clippy::too_many_arguments,
    reason = "A, B, C with their strides, the shape and the finish: a struct would only rename them"
)]
pub unsafe fn product<V: Vector>(
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
    let (a_data, b_data, c_data) = (a.data.as_ptr(), b.as_ptr(), c.as_mut_ptr());
    let at = |r: usize, j: usize| Tile {
        row: r,
        col: j,
        a: a_data.wrapping_add(r * a.row_step),
        a_row_step: a.row_step,
        a_k_step: a.k_step,
        b: b_data.wrapping_add(j),
        b_row_step,
        depth,
        c: c_data.wrapping_add(r * c_row_step + j),
        c_row_step,
    };
    // SAFETY: the asserts above bound every entry of A, B and C a tile reads or writes: rows
    // r..r + tile rows ≤ rows, k < depth, columns j..j + its vectors ≤ cols; V's instructions are the
    // caller's contract.
    unsafe {
        V::enabled(
            #[inline(always)]
            || {
                let width = V::LANES * V::TILE_VECTORS;
                for j in (0..cols).step_by(width) {
                    let vectors = (cols - j).min(width) / V::LANES;
                    for r in (0..rows).step_by(TILE_ROWS) {
                        let tile_rows = (rows - r).min(TILE_ROWS);
                        if accumulate {
                            by_vectors::<V, true>(at(r, j), tile_rows, vectors, finish);
                        } else {
                            by_vectors::<V, false>(at(r, j), tile_rows, vectors, finish);
                        }
                    }
                }
            },
        )
    }
}

/// What a register tile does with each finished vector of C before storing it: the deep step adds the bias
/// and stores the activation beside it while the sums are still in registers.
pub trait Finish {
    /// The vector to store for C's row `row`, columns `col..col + V::LANES` (counted in the whole
    /// product), given the product's `sums` there.
    ///
    /// # Safety
    /// Called only from [`product`], with V's instructions switched on.
    unsafe fn vector<V: Vector>(&self, sums: V, row: usize, col: usize) -> V;
}

/// Stores the product as it is.
pub struct Plain;

impl Finish for Plain {
    #[inline(always)]
    unsafe fn vector<V: Vector>(&self, sums: V, _: usize, _: usize) -> V {
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

/// Picks the tile's width (1 to `V::TILE_VECTORS` vectors) at compile time.
#[inline(always)]
unsafe fn by_vectors<V: Vector, const ACCUMULATE: bool>(
    tile: Tile,
    rows: usize,
    vectors: usize,
    finish: &impl Finish,
) {
    // SAFETY: forwarded from `product`, which bounds the tile.
    unsafe {
        if V::TILE_VECTORS == 2 {
            match vectors {
                1 => by_rows::<V, 1, ACCUMULATE>(tile, rows, finish),
                _ => by_rows::<V, 2, ACCUMULATE>(tile, rows, finish),
            }
        } else {
            match vectors {
                1 => by_rows::<V, 1, ACCUMULATE>(tile, rows, finish),
                2 => by_rows::<V, 2, ACCUMULATE>(tile, rows, finish),
                3 => by_rows::<V, 3, ACCUMULATE>(tile, rows, finish),
                _ => by_rows::<V, 4, ACCUMULATE>(tile, rows, finish),
            }
        }
    }
}

/// Picks the tile's height (1–6 rows) at compile time.
#[inline(always)]
unsafe fn by_rows<V: Vector, const VECTORS: usize, const ACCUMULATE: bool>(
    tile: Tile,
    rows: usize,
    finish: &impl Finish,
) {
    // SAFETY: forwarded from `product`, which bounds the tile.
    unsafe {
        match rows {
            1 => register_tile::<V, 1, VECTORS, ACCUMULATE>(tile, finish),
            2 => register_tile::<V, 2, VECTORS, ACCUMULATE>(tile, finish),
            3 => register_tile::<V, 3, VECTORS, ACCUMULATE>(tile, finish),
            4 => register_tile::<V, 4, VECTORS, ACCUMULATE>(tile, finish),
            5 => register_tile::<V, 5, VECTORS, ACCUMULATE>(tile, finish),
            _ => register_tile::<V, 6, VECTORS, ACCUMULATE>(tile, finish),
        }
    }
}

/// One ROWS × VECTORS-vector tile of C, held in registers over the whole inner dimension.
#[inline(always)]
unsafe fn register_tile<
    V: Vector,
    const ROWS: usize,
    const VECTORS: usize,
    const ACCUMULATE: bool,
>(
    tile: Tile,
    finish: &impl Finish,
) {
    // SAFETY: `product` bounds every pointer offset below (rows, depth and columns of the tile).
    unsafe {
        let mut acc: [[V; VECTORS]; ROWS] = [[V::zero(); VECTORS]; ROWS];
        if ACCUMULATE {
            for (r, row) in acc.iter_mut().enumerate() {
                for (v, lane) in row.iter_mut().enumerate() {
                    *lane = V::load(tile.c.add(r * tile.c_row_step + V::LANES * v));
                }
            }
        }
        let (mut a, mut b) = (tile.a, tile.b);
        for _ in 0..tile.depth {
            let mut bk = [V::zero(); VECTORS];
            for (v, lane) in bk.iter_mut().enumerate() {
                *lane = V::load(b.add(V::LANES * v));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let ark = V::splat(*a.add(r * tile.a_row_step));
                for (lane, &bv) in row.iter_mut().zip(&bk) {
                    *lane = ark.mul_add(bv, *lane);
                }
            }
            a = a.add(tile.a_k_step);
            b = b.add(tile.b_row_step);
        }
        for (r, row) in acc.iter().enumerate() {
            for (v, &lane) in row.iter().enumerate() {
                let lane = finish.vector(lane, tile.row + r, tile.col + V::LANES * v);
                lane.store(tile.c.add(r * tile.c_row_step + V::LANES * v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::kernels::vector::{Avx2, Avx512};

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

    /// Every tile size and both strides of A, accumulating or not, in V's width: checked against the
    /// reference, and returned (None when the CPU does not run V).
    fn products<V: Vector>() -> Option<Vec<Vec<f32>>> {
        if !V::available() {
            return None;
        }
        let value = |i: usize| ((i * 7919) % 997) as f32 / 997.0 - 0.5;
        let mut all = Vec::new();
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
                    // SAFETY: the CPU runs V's instructions (checked at the top).
                    unsafe {
                        product::<V>(
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
                    all.push(c);
                }
            }
        }
        Some(all)
    }

    #[test]
    fn every_tile_size_and_stride_gives_the_product_in_both_widths_to_the_bit() {
        let wide = products::<Avx512>();
        let narrow = products::<Avx2>();
        if let (Some(wide), Some(narrow)) = (wide, narrow) {
            assert_eq!(wide, narrow);
        }
    }
}

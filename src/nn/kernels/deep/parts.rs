//! How the deep step cuts its work across the rayon pool's threads: the rows of a product's result in
//! whole register tiles, one part per thread when the product is large enough to be worth it
//! (`parallel::threads_for`), and the sums over the points in a fixed number of blocks whatever the
//! number of threads, so every result is the same bits on one thread or many.

use crate::nn::kernels::threads::{is_large, threads_for};
use crate::nn::kernels::tile::TILE_ROWS;
use crate::nn::mlp::SUM_BLOCKS;
use rayon::prelude::*;

/// Runs `job(first row, rows of d, sums)` on blocks of the rows of the row-major `d` (`width` wide, each
/// row feeding a product of `fan_in · width` multiply-adds), each block with its own 2 · `width` partial
/// sums (zeroed first), and returns them, block by block. The blocks are [`SUM_BLOCKS`] whatever the
/// number of threads (on the pool's threads) when the product is cut across threads, else one (here), so
/// the sums come out the same bits on any number of threads.
pub(super) fn in_blocks<'p>(
    d: &mut [f32],
    partials: &'p mut [f32],
    width: usize,
    fan_in: usize,
    job: &(impl Fn(usize, &mut [f32], &mut [f32]) + Sync),
) -> &'p [f32] {
    let rows = d.len() / width;
    let blocks = if is_large(rows * fan_in * width) {
        SUM_BLOCKS
    } else {
        1
    };
    let block_rows = whole_tiles(rows, blocks);
    let sums = &mut partials[..rows.div_ceil(block_rows).max(1) * 2 * width];
    sums.fill(0.0);
    in_chunk_pairs(d, block_rows * width, sums, 2 * width, &|i, d, sums| {
        job(i * block_rows, d, sums)
    });
    sums
}

/// first += each block's first half of `sums` (blocks of twice its length), and second += the second
/// half when there is one to add, block by block.
pub(super) fn add_blocks(sums: &[f32], first: &mut [f32], mut second: Option<&mut [f32]>) {
    for block in sums.chunks_exact(2 * first.len()) {
        let (a, b) = block.split_at(first.len());
        for (f, &a) in first.iter_mut().zip(a) {
            *f += a;
        }
        if let Some(second) = second.as_deref_mut() {
            for (s, &b) in second.iter_mut().zip(b) {
                *s += b;
            }
        }
    }
}

/// Rows of a product's C per thread of the pool, in whole tiles: all of them (one part, on this thread)
/// unless the product is large enough to cut (`parallel::threads_for`: W5's are, W4's are not), as for
/// the layered pass's products. Every entry of C goes through the same operations on any number of
/// threads, so the results are the same bits.
pub(super) fn rows_per_part(rows: usize, multiply_adds_per_row: usize) -> usize {
    whole_tiles(rows, threads_for(rows * multiply_adds_per_row))
}

/// `rows` cut into `parts` parts, each rounded up to whole tiles (at least one).
fn whole_tiles(rows: usize, parts: usize) -> usize {
    rows.div_ceil(parts).div_ceil(TILE_ROWS).max(1) * TILE_ROWS
}

/// Runs `job(i, chunk i of a)` over the chunks of `len` values of `a`: on the pool's threads when there
/// are several (the first on this thread), else here.
pub(super) fn in_chunks(a: &mut [f32], len: usize, job: &(impl Fn(usize, &mut [f32]) + Sync)) {
    if len >= a.len() {
        job(0, a);
    } else {
        a.par_chunks_mut(len)
            .enumerate()
            .for_each(|(i, a)| job(i, a));
    }
}

/// Runs `job(i, chunk i of a, chunk i of b)` over chunks of `a_len` values of `a` beside chunks of
/// `b_len` values of `b`, as [`in_chunks`] does.
pub(super) fn in_chunk_pairs(
    a: &mut [f32],
    a_len: usize,
    b: &mut [f32],
    b_len: usize,
    job: &(impl Fn(usize, &mut [f32], &mut [f32]) + Sync),
) {
    if a_len >= a.len() {
        job(0, a, b);
    } else {
        a.par_chunks_mut(a_len)
            .zip(b.par_chunks_mut(b_len))
            .enumerate()
            .for_each(|(i, (a, b))| job(i, a, b));
    }
}

//! The process's allocator: the system's, except that every block of [`FROM_BYTES`] or more starts on a
//! 64-byte cache line. The system allocator puts large blocks 16 bytes past a page start, so every row of
//! a layer 256 wide straddled two cache lines, and every 64-byte vector load or store of the deep step's
//! kernels (`nn::kernels::tile`, `nn::kernels::deep`) touched two. Aligned, W5 trains 3 % faster with AVX-512 and 6 %
//! with AVX2 (measured with `approxlab bench --pin`, the same build with and without).
//!
//! Alignment changes no result: the kernels read and write through unaligned instructions either way.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks from this size up start on a cache line (smaller ones keep the system's alignment, so small
/// allocations waste nothing).
pub const FROM_BYTES: usize = 1024;
/// A cache line, in bytes.
pub const LINE: usize = 64;

/// The system allocator with large blocks aligned to cache lines; `main` installs it with
/// `#[global_allocator]`.
pub struct CacheLines;

/// The layout actually asked of the system for `layout`: the same size, aligned to a cache line when it
/// is large. A pure function of the layout, so a block is freed with the layout it was made with.
fn widened(layout: Layout) -> Layout {
    if layout.size() >= FROM_BYTES && layout.align() < LINE {
        // refused only for sizes within 63 bytes of isize::MAX, which keep their own alignment
        Layout::from_size_align(layout.size(), LINE).unwrap_or(layout)
    } else {
        layout
    }
}

// SAFETY: every method hands the system a valid layout (`widened` keeps the size and only raises the
// alignment to a power of two), and frees or reallocates a block with the layout it was made with, since
// `widened` depends on the layout alone. `realloc` moves a block by hand when the alignment it needs
// changes with its size.
unsafe impl GlobalAlloc for CacheLines {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded; `widened` keeps a non-zero size.
        unsafe { System.alloc(widened(layout)) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(widened(layout)) }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: the block was made with `widened(layout)`.
        unsafe { System.dealloc(block, widened(layout)) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (old, new) = match Layout::from_size_align(new_size, layout.align()) {
            Ok(new) => (widened(layout), widened(new)),
            Err(_) => return std::ptr::null_mut(),
        };
        if old.align() == new.align() {
            // SAFETY: the block was made with `old`; the caller's contract bounds `new_size`.
            return unsafe { System.realloc(block, old, new_size) };
        }
        // SAFETY: a fresh block of `new`; the copy stays within both blocks; the old block was made with
        // `old` and is freed once copied.
        unsafe {
            let moved = System.alloc(new);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                System.dealloc(block, old);
            }
            moved
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_blocks_start_on_a_cache_line_and_keep_their_bytes_across_reallocation() {
        let allocator = CacheLines;
        let small = Layout::from_size_align(100, 4).expect("a layout");
        let mut sizes = vec![FROM_BYTES, 4096, 1 << 20, 100];
        sizes.extend([FROM_BYTES - 4, FROM_BYTES + 4, 3 << 20, 8]);
        // SAFETY: each block is used within its size and freed once, with its current layout.
        unsafe {
            let mut block = allocator.alloc(small);
            assert!(!block.is_null());
            for i in 0..100 {
                *block.add(i) = i as u8;
            }
            let mut layout = small;
            for &size in &sizes {
                block = allocator.realloc(block, layout, size);
                assert!(!block.is_null(), "{size} bytes");
                if size >= FROM_BYTES {
                    assert_eq!(block as usize % LINE, 0, "{size} bytes");
                }
                for i in 0..100.min(size) {
                    assert_eq!(*block.add(i), i as u8, "byte {i} after {size}");
                }
                layout = Layout::from_size_align(size, 4).expect("a layout");
            }
            allocator.dealloc(block, layout);
            let zeroed = Layout::from_size_align(1 << 16, 4).expect("a layout");
            let block = allocator.alloc_zeroed(zeroed);
            assert_eq!(block as usize % LINE, 0);
            assert!((0..1 << 16).all(|i| *block.add(i) == 0));
            allocator.dealloc(block, zeroed);
        }
    }
}

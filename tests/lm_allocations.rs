//! Levenberg–Marquardt allocates nothing per iteration once its buffers exist: this test binary counts
//! every allocation (its global allocator wraps the system one) over 50 iterations of Hagan's problem.

use approxlab::nn::{Activation, Init, LevenbergMarquardt, Mlp};
use rand::SeedableRng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn an_iteration_allocates_nothing() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let mut mlp = Mlp::<f32>::new(&[4], Activation::Tanh, Init::GlorotUniform, &mut rng);
    let x: Vec<f32> = (0..41).map(|i| -2.0 + 0.1 * i as f32).collect();
    let y: Vec<f32> = x
        .iter()
        .map(|&x| 1.0 + (7.0 * std::f32::consts::PI * x / 5.0).sin())
        .collect();
    let mut ws = mlp.workspace(x.len());
    let mut lm = LevenbergMarquardt::new(mlp.params().len(), x.len()).unwrap();
    lm.step(&mut mlp, &mut ws, &x, &y, 0.0);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut improved = 0;
    for _ in 0..50 {
        improved += usize::from(lm.step(&mut mlp, &mut ws, &x, &y, 1e-4).improved);
    }
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert!(improved > 10, "it trains: {improved} improving iterations");
    assert_eq!(during, 0, "allocations in 50 iterations");
}

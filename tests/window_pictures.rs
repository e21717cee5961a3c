//! Pictures and GIFs from the Export window, painted by egui's real wgpu renderer on the machine's GPU
//! adapter (a software one, Mesa's lavapipe or llvmpipe, on CI: `.ci/run` installs it): the window or one
//! plot at 1× and 2× its pixels, and a GIF recorded while the run trains. Without a renderer the export
//! says so where the user is looking.

mod common;
mod support;

use approxlab::app::{ApproxApp, UiState};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use std::path::PathBuf;

/// A 1280 × 800 window in the paused mode, painted by wgpu.
fn painted() -> Harness<'static, ApproxApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .wgpu()
        .build_eframe(|_| ApproxApp::paused(UiState::default()))
}

fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn distinct_colours(image: &image::RgbaImage) -> usize {
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

#[test]
fn a_picture_of_the_window_at_2x_has_twice_its_pixels_and_a_plot_alone_is_cut_from_it() {
    let mut h = painted();
    h.run();
    h.state_mut().command(approxlab::train::Command::Step(200));
    h.run();
    let dir = scratch("pictures");
    let window_1x = dir.join("window-1x.png");
    support::export_to(&mut h, &window_1x);
    support::press(&mut h, "Picture (PNG)");
    let window_2x = dir.join("window-2x.png");
    support::export_to(&mut h, &window_2x);
    h.get_by_label("2×").click();
    h.run();
    support::press(&mut h, "Picture (PNG)");
    let fit_2x = dir.join("fit-2x.png");
    support::export_to(&mut h, &fit_2x);
    support::choose(&mut h, "Picture or GIF of", "fit");
    support::press(&mut h, "Picture (PNG)");
    assert!(
        h.query_by_label_contains("picture written to").is_some(),
        "the status line says where the picture went"
    );
    let one = image::open(&window_1x).unwrap().into_rgba8();
    let two = image::open(&window_2x).unwrap().into_rgba8();
    let fit = image::open(&fit_2x).unwrap().into_rgba8();
    assert_eq!(one.dimensions(), (1280, 800));
    assert_eq!(two.dimensions(), (2560, 1600));
    // the fit plot spans the central area: most of the width, about half the height
    let (w, hgt) = fit.dimensions();
    assert!(w > 1700 && w < 2000 && hgt > 500 && hgt < 900, "{w}×{hgt}");
    for picture in [&one, &two, &fit] {
        assert!(
            distinct_colours(picture) > 200,
            "a drawn picture, not a blank one"
        );
    }
    // the Export window, open when Picture was pressed, is not in the picture: both pictures are
    // the same window, so the 2× one, shrunk, is close to the 1× one
    let shrunk = image::imageops::resize(&two, 1280, 800, image::imageops::FilterType::Triangle);
    let close = one
        .pixels()
        .zip(shrunk.pixels())
        .filter(|(a, b)| (0..3).all(|c| a.0[c].abs_diff(b.0[c]) < 40))
        .count();
    assert!(
        close as f64 > 0.9 * (1280.0 * 800.0),
        "{close} of the pixels agree"
    );
}

#[test]
fn record_writes_a_gif_of_the_fit_while_it_trains_until_stopped() {
    let mut h = painted();
    h.run();
    let path = scratch("recording").join("fit.gif");
    support::export_to(&mut h, &path);
    support::choose(&mut h, "Picture or GIF of", "fit");
    support::press(&mut h, "Record (GIF)");
    for _ in 0..4 {
        h.state_mut().command(approxlab::train::Command::Step(100));
        std::thread::sleep(std::time::Duration::from_millis(110));
        h.run();
    }
    // a second recording while one runs is refused under the path, the Export window staying open
    support::export_to(&mut h, &path);
    support::press(&mut h, "Record (GIF)");
    assert!(h.query_by_label_contains("already running").is_some());
    assert!(
        h.query_by_label("Picture (PNG)").is_some(),
        "Export stays open"
    );
    let stop_button = || {
        By::new()
            .role(Role::Button)
            .label_contains("Stop recording")
    };
    h.get(stop_button()).click();
    h.run();
    assert!(h.query(stop_button()).is_none());
    assert!(h.query_by_label_contains("GIF written").is_some());
    use image::AnimationDecoder as _;
    let file = std::fs::File::open(&path).unwrap();
    let decoder = image::codecs::gif::GifDecoder::new(std::io::BufReader::new(file)).unwrap();
    let frames = decoder.into_frames().collect_frames().unwrap();
    assert!(frames.len() >= 4, "{} frames", frames.len());
    let (w, hgt) = frames[0].buffer().dimensions();
    assert!(w > 850 && w < 1000 && hgt > 250 && hgt < 450, "{w}×{hgt}");
    assert_ne!(
        frames[0].buffer(),
        frames[frames.len() - 1].buffer(),
        "the fit moved while it trained"
    );
}

#[test]
fn without_a_gpu_renderer_a_picture_is_refused_under_the_path_and_nothing_is_written() {
    let mut h = support::harness();
    h.run();
    let path = scratch("no-gpu").join("window.png");
    let _ = std::fs::remove_file(&path);
    support::export_to(&mut h, &path);
    support::press(&mut h, "Picture (PNG)");
    h.run();
    assert!(h.query_by_label_contains("GPU renderer").is_some());
    assert!(!path.exists());
    support::press(&mut h, "Record (GIF)");
    h.run();
    h.run();
    assert!(h.query_by_label_contains("no GIF written").is_some());
    let stop_button = By::new()
        .role(Role::Button)
        .label_contains("Stop recording");
    assert!(h.query(stop_button).is_none());
}

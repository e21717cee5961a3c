//! Pictures as PNG: what the window drew (the screenshot mode), encoded in memory and written atomically.

use egui::ColorImage;
use std::path::Path;

/// The image's pixels as RGBA bytes, row after row (for PNG and GIF frames).
pub fn rgba_bytes(image: &ColorImage) -> Vec<u8> {
    image.pixels.iter().flat_map(|c| c.to_array()).collect()
}

/// Writes an RGBA image as a PNG file.
pub fn save_png(image: &ColorImage, path: &Path) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes = rgba_bytes(image);
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or("the screenshot has the wrong size")?;
    let mut encoded = Vec::new();
    buffer
        .write_to(
            &mut std::io::Cursor::new(&mut encoded),
            image::ImageFormat::Png,
        )
        .map_err(|e| format!("cannot encode the picture: {e}"))?;
    super::write_atomic(path, &encoded, "picture")
}

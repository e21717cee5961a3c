//! Pictures as PNG: what the window drew (the screenshot mode, the picture export), given as plain RGBA
//! bytes, encoded in memory and written atomically.

use std::path::Path;

/// Writes `rgba` (row after row, four bytes a pixel) of a `width × height` picture as a PNG file.
pub fn save_png(width: usize, height: usize, rgba: Vec<u8>, path: &Path) -> Result<(), String> {
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(format!("a {width}×{height} picture is too large for PNG"));
    };
    let buffer = image::RgbaImage::from_raw(w, h, rgba)
        .ok_or("the picture's bytes do not match its size")?;
    let mut encoded = Vec::new();
    buffer
        .write_to(
            &mut std::io::Cursor::new(&mut encoded),
            image::ImageFormat::Png,
        )
        .map_err(|e| format!("cannot encode the picture: {e}"))?;
    super::write_atomic(path, &encoded, "picture")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_do_not_fill_the_picture_are_refused_and_nothing_is_written() {
        let path = std::env::temp_dir().join(format!("approxlab-png-{}.png", std::process::id()));
        let refused = save_png(2, 2, vec![0; 12], &path);
        assert!(refused.is_err_and(|e| e.contains("do not match")));
        assert!(!path.exists());
        save_png(2, 1, vec![255; 8], &path).expect("written");
        let back = image::open(&path).expect("a PNG").to_rgba8();
        assert_eq!((back.width(), back.height()), (2, 1));
        std::fs::remove_file(&path).ok();
    }
}

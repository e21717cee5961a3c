//! Drawing a frame into a picture instead of onto the screen: the shapes of an egui pass are tessellated
//! at the picture's pixels per point, painted by egui's own wgpu renderer into a texture the window's GPU
//! device owns (never the window's surface), and read back as RGBA. This is how the window is pictured at
//! 2× its pixels: the same layout in points, twice the pixels along each side. The painter keeps its
//! context, renderer and textures between pictures, so a GIF's frames after the first cost one egui pass
//! and one paint, not a fresh font atlas and pipeline each.

use eframe::egui_wgpu::{self, RenderState, ScreenDescriptor};
use eframe::wgpu;
use egui::{ColorImage, FullOutput};
use std::time::Duration;

/// How long the GPU may take to paint or copy one picture before the export gives up.
const GPU_PATIENCE: Duration = Duration::from_secs(10);

/// The colour format painted into: gamma-space RGBA, so the bytes read back are the PNG's bytes.
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// A private egui context and a renderer of its own, painting into textures of the window's GPU device.
pub struct OffscreenPainter {
    ctx: egui::Context,
    renderer: egui_wgpu::Renderer,
    native_pixels_per_point: f32,
    passes_run: usize,
}

impl std::fmt::Debug for OffscreenPainter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffscreenPainter")
            .field("native_pixels_per_point", &self.native_pixels_per_point)
            .finish_non_exhaustive()
    }
}

impl OffscreenPainter {
    /// A painter at `native_pixels_per_point` (the window's times the picture's scale).
    pub fn new(gpu: &RenderState, native_pixels_per_point: f32) -> Self {
        Self {
            ctx: egui::Context::default(),
            renderer: egui_wgpu::Renderer::new(&gpu.device, FORMAT, Default::default()),
            native_pixels_per_point,
            passes_run: 0,
        }
    }

    /// The pixels per point of the display it stands in for.
    pub fn native_pixels_per_point(&self) -> f32 {
        self.native_pixels_per_point
    }

    /// Its context, for the passes to paint.
    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// How many passes the next picture needs: two for a fresh context (the first lays out what it
    /// measures once: fonts, window sizes), one after.
    pub fn passes_needed(&self) -> usize {
        if self.passes_run == 0 { 2 } else { 1 }
    }

    /// Paints the part under `region` (points) of the last pass's shapes (every pass's texture changes
    /// applied, in order) into a picture of the region's size: the shapes are moved by the region's
    /// corner, rounded to whole pixels so the picture is pixel for pixel the same, and those outside it
    /// are left out, so a plot alone costs its own pixels, not the window's.
    pub fn paint(
        &mut self,
        gpu: &RenderState,
        passes: Vec<FullOutput>,
        region: egui::Rect,
    ) -> Result<ColorImage, String> {
        self.passes_run += passes.len();
        let pixels_per_point = self.ctx.pixels_per_point();
        let corner = (region.min.to_vec2() * pixels_per_point).round();
        let end = (region.max.to_vec2() * pixels_per_point).round();
        let size_in_pixels = [(end.x - corner.x) as u32, (end.y - corner.y) as u32];
        let shift = -corner / pixels_per_point;
        let mut shapes = Vec::new();
        let mut freed = Vec::new();
        for mut pass in passes {
            for (id, deltas) in pass.textures_delta.set.drain() {
                for delta in &deltas {
                    self.renderer
                        .update_texture(&gpu.device, &gpu.queue, id, delta);
                }
            }
            freed.extend(pass.textures_delta.free.drain());
            shapes = pass.shapes;
        }
        shapes.retain(|s| s.clip_rect.intersects(region));
        for clipped in &mut shapes {
            clipped.clip_rect = clipped.clip_rect.translate(shift);
            clipped.shape.translate(shift);
        }
        let picture = paint(
            gpu,
            &self.ctx,
            &mut self.renderer,
            shapes,
            size_in_pixels,
            pixels_per_point,
        );
        for id in freed {
            self.renderer.free_texture(&id);
        }
        picture
    }
}

/// Paints `shapes` with `renderer` into a picture of `size_in_pixels` at `pixels_per_point`.
fn paint(
    gpu: &RenderState,
    ctx: &egui::Context,
    renderer: &mut egui_wgpu::Renderer,
    shapes: Vec<egui::epaint::ClippedShape>,
    size_in_pixels: [u32; 2],
    pixels_per_point: f32,
) -> Result<ColorImage, String> {
    let [width, height] = size_in_pixels;
    let limit = gpu.device.limits().max_texture_dimension_2d;
    if width == 0 || height == 0 || width > limit || height > limit {
        return Err(format!(
            "a {width}×{height} picture does not fit this GPU (at most {limit} pixels a side)"
        ));
    }
    let device = &gpu.device;
    let queue = &gpu.queue;
    let jobs = ctx.tessellate(shapes, pixels_per_point);
    let screen = ScreenDescriptor {
        size_in_pixels,
        pixels_per_point,
    };
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("approxlab picture"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: FORMAT,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("approxlab picture"),
    });
    let extra = renderer.update_buffers(device, queue, &mut encoder, &jobs, &screen);
    {
        let mut pass = encoder
            .begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("approxlab picture"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &view,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                        store: wgpu::StoreOp::Store,
                    },
                    depth_slice: None,
                })],
                ..Default::default()
            })
            .forget_lifetime();
        renderer.render(&mut pass, &jobs, &screen);
    }
    // rows of a texture-to-buffer copy are padded to the GPU's copy alignment
    let row = width as usize * 4;
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
    let padded_row = row.div_ceil(align) * align;
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("approxlab picture read-back"),
        size: (padded_row * height as usize) as u64,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded_row as u32),
                rows_per_image: None,
            },
        },
        texture.size(),
    );
    let submitted = queue.submit(extra.into_iter().chain(std::iter::once(encoder.finish())));
    let slice = buffer.slice(..);
    let (sender, receiver) = std::sync::mpsc::channel();
    slice.map_async(wgpu::MapMode::Read, move |mapped| {
        let _ = sender.send(mapped);
    });
    device
        .poll(wgpu::PollType::Wait {
            submission_index: Some(submitted),
            timeout: Some(GPU_PATIENCE),
        })
        .map_err(|e| format!("the GPU did not finish the picture: {e}"))?;
    match receiver.recv_timeout(GPU_PATIENCE) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(format!("cannot read the picture back from the GPU: {e}")),
        Err(_) => return Err("the GPU did not hand the picture back".into()),
    }
    let bytes: Vec<u8> = {
        let mapped = slice
            .get_mapped_range()
            .map_err(|e| format!("cannot read the picture back from the GPU: {e}"))?;
        mapped
            .chunks_exact(padded_row)
            .flat_map(|r| &r[..row])
            .copied()
            .collect()
    };
    buffer.unmap();
    Ok(ColorImage::from_rgba_premultiplied(
        [width as usize, height as usize],
        &bytes,
    ))
}

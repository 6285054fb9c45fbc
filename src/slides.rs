//! Slides without a window, a display or a GPU: the story's steps as PNG images and the compass
//! as SVG, for handouts, lecture slides and the web.
//!
//! egui draws into meshes; [`render_ui_to_rgba`] runs an egui frame headless and fills those
//! meshes into pixels on the CPU (see the `raster` module). What a slide shows is any drawing
//! closure: [`draw_step_slide`] is the default (the compass beside the step's date, title,
//! caption and quotes), and the presenter's own drawing can be plugged in the same way.
//!
//! Slides are laid out for 1920×1080 points and rendered at `pixels_per_point` =
//! [`slide_pixels_per_point`], so a 1280×720 image is the same slide as a 1920×1080 one, only
//! smaller, and a 3840×2160 one is sharper.

mod raster;
mod slide;
mod svg;

use std::path::Path;

use crate::model::StanceMap;
use crate::storage::{StorageError, write_atomically};

pub use slide::draw_step_slide;
pub use svg::{BOLD_CHAR_WIDTH_EM, bold_text_size, compass_figure_svg, compass_svg};

/// The size slides are laid out for, in points.
pub const SLIDE_SIZE_POINTS: [f32; 2] = [1920.0, 1080.0];
/// The largest image side [`render_ui_to_rgba`] draws, in pixels.
pub const MAX_SIDE_PX: u32 = 8192;
/// The smallest image side the command line exports, in pixels.
pub const MIN_EXPORT_SIDE_PX: u32 = 64;
/// The size slides are exported at unless told otherwise.
pub const DEFAULT_SIZE_PX: [u32; 2] = [1920, 1080];

/// An image as straight (not premultiplied) 8-bit RGBA, row by row from the top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes.
    pub rgba: Vec<u8>,
}

impl Image {
    /// The colour at a pixel, or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 4;
        let px = self.rgba.get(i..i + 4)?;
        Some([px[0], px[1], px[2], px[3]])
    }
}

/// Why a slide could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum SlideError {
    /// The image would be empty or too large.
    #[error(
        "an image of {width}×{height} pixels cannot be drawn: each side must be from 1 to {MAX_SIDE_PX} pixels"
    )]
    Size {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
    },
    /// The scale is zero, negative or not a number.
    #[error("pixels per point must be a positive number, not {0}")]
    PixelsPerPoint(f32),
    /// A mesh is drawn with a texture egui never sent.
    #[error("the drawing uses texture {0}, which egui never sent")]
    MissingTexture(String),
    /// A texture update does not fit the texture it updates.
    #[error("egui sent an update for texture {0} that does not fit it")]
    TexturePatch(String),
    /// A mesh's triangle names a vertex the mesh does not have.
    #[error("a mesh names vertex {index} but has only {count} vertices")]
    Mesh {
        /// The vertex named.
        index: u32,
        /// How many the mesh has.
        count: usize,
    },
    /// The drawing uses a custom GPU paint callback, which only a GPU can run.
    #[error("the drawing uses a GPU paint callback, which cannot be drawn without a GPU")]
    PaintCallback,
    /// The PNG encoder failed.
    #[error("could not encode the PNG image: {0}")]
    Encode(#[from] png::EncodingError),
    /// The file could not be written.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The scale at which a slide laid out for [`SLIDE_SIZE_POINTS`] (or 1080×1920 for a tall
/// image) fills an image of `size_px`: the smaller of the two ratios, so the whole design fits
/// (the other side grows).
pub fn slide_pixels_per_point(size_px: [u32; 2]) -> f32 {
    design_scale(size_px[0] as f32, size_px[1] as f32)
}

/// How much larger than the 1920×1080 design (1080×1920 when taller than wide) a page of
/// `width × height` is; 1 for nonsense.
pub(crate) fn design_scale(width: f32, height: f32) -> f32 {
    let [long, short] = SLIDE_SIZE_POINTS;
    let (design_w, design_h) = if height > width {
        (short, long)
    } else {
        (long, short)
    };
    let scale = (width / design_w).min(height / design_h);
    if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    }
}

/// Run an egui frame headless and draw it into an image of `size_px` pixels.
///
/// The UI sees a screen of `size_px / pixels_per_point` points, in egui's light or dark
/// visuals. The frame runs twice so layouts that depend on last frame's sizes settle, then its
/// shapes are tessellated and filled on the CPU over the panel colour; the result is opaque.
pub fn render_ui_to_rgba(
    size_px: [u32; 2],
    pixels_per_point: f32,
    dark_mode: bool,
    mut draw: impl FnMut(&mut egui::Ui),
) -> Result<Image, SlideError> {
    let [width, height] = size_px;
    if !(1..=MAX_SIDE_PX).contains(&width) || !(1..=MAX_SIDE_PX).contains(&height) {
        return Err(SlideError::Size { width, height });
    }
    if !(pixels_per_point.is_finite() && pixels_per_point > 0.0) {
        return Err(SlideError::PixelsPerPoint(pixels_per_point));
    }

    let ctx = egui::Context::default();
    ctx.set_theme(if dark_mode {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    let background = ctx.global_style().visuals.panel_fill;
    let size_points = egui::vec2(
        width as f32 / pixels_per_point,
        height as f32 / pixels_per_point,
    );
    let input = |time_s: f64| {
        let mut raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size_points)),
            max_texture_side: Some(MAX_SIDE_PX as usize),
            time: Some(time_s),
            focused: false,
            ..egui::RawInput::default()
        };
        raw.viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .native_pixels_per_point = Some(pixels_per_point);
        raw
    };

    let mut textures = raster::Textures::default();
    // The first pass measures text; the second draws with the sizes known.
    let mut first = ctx.run_ui(input(0.0), &mut draw);
    let applied = textures.apply_set(&first.textures_delta);
    textures.free(&first.textures_delta);
    first.textures_delta.clear();
    applied?;

    let mut second = ctx.run_ui(input(1.0), &mut draw);
    let applied = textures.apply_set(&second.textures_delta);
    second.textures_delta.clear();
    applied?;
    let primitives = ctx.tessellate(std::mem::take(&mut second.shapes), second.pixels_per_point);

    let mut canvas = raster::Canvas::new(width as usize, height as usize, background);
    canvas.paint(&textures, &primitives, second.pixels_per_point)?;
    Ok(Image {
        width,
        height,
        rgba: canvas.into_rgba(),
    })
}

/// Draw step `step_index` of the map's story (the map at its last date when the story is
/// empty) with [`draw_step_slide`], in the light projector colours, at `size_px`.
pub fn render_step(
    map: &StanceMap,
    step_index: usize,
    size_px: [u32; 2],
) -> Result<Image, SlideError> {
    render_ui_to_rgba(size_px, slide_pixels_per_point(size_px), false, |ui| {
        draw_step_slide(ui, map, step_index);
    })
}

/// Encode an image as PNG in memory.
pub fn encode_png(image: &Image) -> Result<Vec<u8>, SlideError> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&image.rgba)?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// Write an image as a PNG file, atomically: a reader never sees half a file.
pub fn write_png(path: &Path, image: &Image) -> Result<(), SlideError> {
    let bytes = encode_png(image)?;
    write_atomically(path, &bytes)?;
    Ok(())
}

/// Read an image size such as `1920x1080` and check each side is within
/// [`MIN_EXPORT_SIDE_PX`]`..=`[`MAX_SIDE_PX`]. The error says what is wrong in words.
pub fn parse_size(text: &str) -> Result<[u32; 2], String> {
    let (w, h) = text.split_once(['x', 'X', '×']).ok_or_else(|| {
        format!("\"{text}\" is not a size: write it as WIDTHxHEIGHT, for example 1920x1080")
    })?;
    let parse_side = |s: &str| {
        s.trim().parse::<u32>().map_err(|_| {
            format!("\"{text}\" is not a size: write it as WIDTHxHEIGHT, for example 1920x1080")
        })
    };
    let size = [parse_side(w)?, parse_side(h)?];
    if size
        .iter()
        .any(|s| !(MIN_EXPORT_SIDE_PX..=MAX_SIDE_PX).contains(s))
    {
        return Err(format!(
            "{}x{} is outside the sizes slides are exported at: each side must be from {MIN_EXPORT_SIDE_PX} to {MAX_SIDE_PX} pixels",
            size[0], size[1]
        ));
    }
    Ok(size)
}

/// A quote in curly double quotes (the one function, from the story text every surface shares).
pub use crate::model::story_text::quoted;

/// Text from a map, made safe to show: control characters go (a tab or line break becomes a
/// space), and characters that could reorder or hide text (bidirectional overrides, zero-width
/// and other invisible formatting characters) become a visible marker such as `{U+202E}` (see [`crate::model::display_safe`]).
pub fn display_text(text: &str) -> String {
    crate::model::display_safe(text).replace(['\n', '\t', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_or_are_refused_in_words() {
        assert_eq!(parse_size("1920x1080"), Ok([1920, 1080]));
        assert_eq!(parse_size("64X8192"), Ok([64, 8192]));
        assert_eq!(parse_size("320×180"), Ok([320, 180]));
        for bad in [
            "",
            "1920",
            "x",
            "19x1080",
            "1920x9000",
            "-5x100",
            "axb",
            "0x0",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert!(parse_size("10x10").unwrap_err().contains("64 to 8192"));
    }

    #[test]
    fn display_text_marks_what_could_hide_text() {
        assert_eq!(display_text("a\u{202E}b"), "a{U+202E}b");
        assert_eq!(display_text("a\u{7}b\nc"), "a{U+0007}b c");
        assert_eq!(display_text("Vučić — “ok”"), "Vučić — “ok”");
    }

    #[test]
    fn slides_scale_to_fit_the_image() {
        assert_eq!(slide_pixels_per_point([1920, 1080]), 1.0);
        assert!((slide_pixels_per_point([1280, 720]) - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(slide_pixels_per_point([3840, 1080]), 1.0);
        assert_eq!(slide_pixels_per_point([1080, 1920]), 1.0);
    }
}

//! A CPU rasteriser for egui's tessellated output.
//!
//! egui hands a renderer triangles whose vertices carry a position in points, a premultiplied
//! sRGB colour and a texture coordinate, plus the textures (the font atlas) as full images or
//! patches. This fills them as a GPU renderer does for egui: each pixel whose centre lies in a
//! triangle (and in its clip rectangle) takes the vertex colours interpolated there times the
//! texel, blended "over" what is below with premultiplied alpha, all in gamma space as
//! `egui-wgpu` does on a non-sRGB target. egui anti-aliases by feathering (thin triangles whose
//! outer vertices are transparent), so sampling at pixel centres already gives smooth edges.
//!
//! Positions are snapped to 1/256 pixel and the edge tests are exact integer arithmetic with a
//! top-left rule, so a pixel on an edge shared by two triangles is filled exactly once: a
//! translucent shape shows no seams.

use std::collections::HashMap;

use egui::TexturesDelta;
use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Mesh, Primitive, Vertex};
use egui::{Color32, TextureFilter, TextureId};

use super::SlideError;

/// Sub-pixel steps per pixel for vertex positions.
const SUBPIXELS: i64 = 256;
/// Half a pixel in sub-pixel steps: pixel centres lie at `x * SUBPIXELS + HALF`.
const HALF: i64 = SUBPIXELS / 2;

/// One texture as egui sent it.
struct Texture {
    width: usize,
    height: usize,
    pixels: Vec<Color32>,
    filter: TextureFilter,
}

impl Texture {
    /// The texel at `uv` (0..1 across the texture), bilinear or nearest as the texture asks.
    fn sample(&self, uv: [f32; 2]) -> [f32; 4] {
        let tx = uv[0] * self.width as f32 - 0.5;
        let ty = uv[1] * self.height as f32 - 0.5;
        match self.filter {
            TextureFilter::Nearest => self.texel(tx.round(), ty.round()),
            TextureFilter::Linear => {
                let (x0, y0) = (tx.floor(), ty.floor());
                let (fx, fy) = (tx - x0, ty - y0);
                let top_left = self.texel(x0, y0);
                let top_right = self.texel(x0 + 1.0, y0);
                let bottom_left = self.texel(x0, y0 + 1.0);
                let bottom_right = self.texel(x0 + 1.0, y0 + 1.0);
                std::array::from_fn(|i| {
                    let top = top_left[i] + (top_right[i] - top_left[i]) * fx;
                    let bottom = bottom_left[i] + (bottom_right[i] - bottom_left[i]) * fx;
                    top + (bottom - top) * fy
                })
            }
        }
    }

    /// The texel at integer coordinates, clamped to the edge.
    fn texel(&self, x: f32, y: f32) -> [f32; 4] {
        let x = if x.is_finite() {
            x.clamp(0.0, (self.width - 1) as f32)
        } else {
            0.0
        };
        let y = if y.is_finite() {
            y.clamp(0.0, (self.height - 1) as f32)
        } else {
            0.0
        };
        let texel = self
            .pixels
            .get(y as usize * self.width + x as usize)
            .copied()
            .unwrap_or(Color32::WHITE);
        texel.to_array().map(f32::from)
    }
}

/// The textures egui has sent so far, by id.
#[derive(Default)]
pub(super) struct Textures(HashMap<TextureId, Texture>);

impl Textures {
    /// Apply the new and changed textures of a frame, in the order egui sent them.
    pub(super) fn apply_set(&mut self, delta: &TexturesDelta) -> Result<(), SlideError> {
        for (&id, deltas) in &delta.set {
            for image_delta in deltas {
                self.apply(id, image_delta)?;
            }
        }
        Ok(())
    }

    /// Forget the textures egui freed.
    pub(super) fn free(&mut self, delta: &TexturesDelta) {
        for id in &delta.free {
            self.0.remove(id);
        }
    }

    fn apply(&mut self, id: TextureId, delta: &ImageDelta) -> Result<(), SlideError> {
        let ImageData::Color(image) = &delta.image;
        let [width, height] = image.size;
        if image.pixels.len() != width * height {
            return Err(SlideError::TexturePatch(format!("{id:?}")));
        }
        match delta.pos {
            None => {
                if width == 0 || height == 0 {
                    return Err(SlideError::TexturePatch(format!("{id:?}")));
                }
                self.0.insert(
                    id,
                    Texture {
                        width,
                        height,
                        pixels: image.pixels.clone(),
                        filter: delta.options.magnification,
                    },
                );
            }
            Some([x0, y0]) => {
                let texture = self
                    .0
                    .get_mut(&id)
                    .ok_or_else(|| SlideError::MissingTexture(format!("{id:?}")))?;
                if x0 + width > texture.width || y0 + height > texture.height {
                    return Err(SlideError::TexturePatch(format!("{id:?}")));
                }
                for (row, source) in image.pixels.chunks_exact(width.max(1)).enumerate() {
                    let start = (y0 + row) * texture.width + x0;
                    texture.pixels[start..start + width].copy_from_slice(source);
                }
            }
        }
        Ok(())
    }
}

/// Pixels being painted: premultiplied RGBA, row by row from the top.
pub(super) struct Canvas {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

/// A triangle's vertex: where it is (in sub-pixels), and what it carries.
#[derive(Clone, Copy)]
struct Corner {
    x: i64,
    y: i64,
    color: [f32; 4],
    uv: [f32; 2],
}

/// The pixels a primitive may touch: `min` inclusive, `max` exclusive.
#[derive(Clone, Copy)]
struct Clip {
    min_x: i64,
    min_y: i64,
    max_x: i64,
    max_y: i64,
}

impl Canvas {
    /// A canvas filled with an opaque colour.
    pub(super) fn new(width: usize, height: usize, background: Color32) -> Self {
        let [r, g, b, _] = background.to_array();
        let rgba = [r, g, b, 255].repeat(width * height);
        Self {
            width,
            height,
            rgba,
        }
    }

    /// The pixels, as straight RGBA (the same as premultiplied on an opaque background).
    pub(super) fn into_rgba(self) -> Vec<u8> {
        self.rgba
    }

    /// Fill every primitive, in order, each within its clip rectangle.
    pub(super) fn paint(
        &mut self,
        textures: &Textures,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
    ) -> Result<(), SlideError> {
        for ClippedPrimitive {
            clip_rect,
            primitive,
        } in primitives
        {
            // Rounded as egui's GPU renderers round their scissor rectangles.
            let edge = |points: f32, limit: usize| {
                let px = (points * pixels_per_point).round();
                if px.is_finite() {
                    (px as i64).clamp(0, limit as i64)
                } else if px > 0.0 {
                    limit as i64
                } else {
                    0
                }
            };
            let clip = Clip {
                min_x: edge(clip_rect.min.x, self.width),
                min_y: edge(clip_rect.min.y, self.height),
                max_x: edge(clip_rect.max.x, self.width),
                max_y: edge(clip_rect.max.y, self.height),
            };
            if clip.min_x >= clip.max_x || clip.min_y >= clip.max_y {
                continue;
            }
            match primitive {
                Primitive::Mesh(mesh) => {
                    let texture = textures.0.get(&mesh.texture_id).ok_or_else(|| {
                        SlideError::MissingTexture(format!("{:?}", mesh.texture_id))
                    })?;
                    self.fill_mesh(mesh, texture, clip, pixels_per_point)?;
                }
                Primitive::Callback(_) => return Err(SlideError::PaintCallback),
            }
        }
        Ok(())
    }

    fn fill_mesh(
        &mut self,
        mesh: &Mesh,
        texture: &Texture,
        clip: Clip,
        pixels_per_point: f32,
    ) -> Result<(), SlideError> {
        let scale = pixels_per_point * SUBPIXELS as f32;
        let corner = |index: u32| -> Result<Option<Corner>, SlideError> {
            let vertex: &Vertex = mesh.vertices.get(index as usize).ok_or(SlideError::Mesh {
                index,
                count: mesh.vertices.len(),
            })?;
            let (x, y) = (vertex.pos.x * scale, vertex.pos.y * scale);
            // Far outside any image (or not a number): such a triangle is not drawn.
            let limit = (super::MAX_SIDE_PX as f32 * 4.0) * SUBPIXELS as f32;
            if !(x.abs() < limit && y.abs() < limit) {
                return Ok(None);
            }
            Ok(Some(Corner {
                x: x.round() as i64,
                y: y.round() as i64,
                color: vertex.color.to_array().map(f32::from),
                uv: [vertex.uv.x, vertex.uv.y],
            }))
        };
        for triangle in mesh.indices.chunks_exact(3) {
            let (a, b, c) = (
                corner(triangle[0])?,
                corner(triangle[1])?,
                corner(triangle[2])?,
            );
            if let (Some(a), Some(b), Some(c)) = (a, b, c) {
                self.fill_triangle([a, b, c], texture, clip);
            }
        }
        Ok(())
    }

    /// Fill one triangle: every pixel centre inside it (by the top-left rule on its edges).
    fn fill_triangle(&mut self, corners: [Corner; 3], texture: &Texture, clip: Clip) {
        let [first, mut second, mut third] = corners;
        let mut area = edge_function(first, second, third.x, third.y);
        if area == 0 {
            return;
        }
        if area < 0 {
            std::mem::swap(&mut second, &mut third);
            area = -area;
        }
        let corners = [first, second, third];

        // Pixels whose centres may lie inside: x * SUBPIXELS + HALF within the bounds.
        let min_x = corners.iter().map(|c| c.x).min().unwrap_or(0);
        let max_x = corners.iter().map(|c| c.x).max().unwrap_or(0);
        let min_y = corners.iter().map(|c| c.y).min().unwrap_or(0);
        let max_y = corners.iter().map(|c| c.y).max().unwrap_or(0);
        let x_start = ceil_div(min_x - HALF, SUBPIXELS).max(clip.min_x);
        let x_end = (max_x - HALF).div_euclid(SUBPIXELS).min(clip.max_x - 1);
        let y_start = ceil_div(min_y - HALF, SUBPIXELS).max(clip.min_y);
        let y_end = (max_y - HALF).div_euclid(SUBPIXELS).min(clip.max_y - 1);
        if x_start > x_end || y_start > y_end {
            return;
        }

        // Edge i runs between the two corners other than corner i; its edge function is zero
        // on the edge and `area` at corner i, so divided by `area` it is corner i's weight.
        let edges = [(second, third), (third, first), (first, second)];
        let step_x = edges.map(|(from, to)| -(to.y - from.y) * SUBPIXELS);
        let step_y = edges.map(|(from, to)| (to.x - from.x) * SUBPIXELS);
        // A pixel exactly on an edge belongs to the triangle on one side only. Two triangles
        // sharing an edge run it in opposite directions, so the rule takes it exactly once.
        let threshold = edges.map(|(from, to)| {
            let (dx, dy) = (to.x - from.x, to.y - from.y);
            i64::from(!(dy < 0 || (dy == 0 && dx > 0)))
        });
        let first_centre = (x_start * SUBPIXELS + HALF, y_start * SUBPIXELS + HALF);
        let mut row_start =
            edges.map(|(from, to)| edge_function(from, to, first_centre.0, first_centre.1));

        let inv_area = 1.0 / area as f32;
        let same_uv = corners.iter().all(|c| c.uv == first.uv);
        let same_color = corners.iter().all(|c| c.color == first.color);
        let flat_texel = same_uv.then(|| texture.sample(first.uv));
        let flat_source = match (flat_texel, same_color) {
            (Some(texel), true) => Some(modulate(first.color, texel)),
            _ => None,
        };

        for y in y_start..=y_end {
            // The run of pixels in this row inside all three edges, found exactly.
            let mut lo = 0;
            let mut hi = x_end - x_start;
            for i in 0..3 {
                let (value, step, need) = (row_start[i], step_x[i], threshold[i]);
                // Inside this edge where value + step * k >= need.
                match step.cmp(&0) {
                    std::cmp::Ordering::Greater => lo = lo.max(ceil_div(need - value, step)),
                    std::cmp::Ordering::Less => hi = hi.min((value - need).div_euclid(-step)),
                    std::cmp::Ordering::Equal => {
                        if value < need {
                            hi = -1;
                        }
                    }
                }
            }
            if lo <= hi {
                let row = y as usize * self.width;
                for k in lo..=hi {
                    let x = x_start + k;
                    let source = flat_source.unwrap_or_else(|| {
                        let weights: [f32; 3] = std::array::from_fn(|i| {
                            (row_start[i] + step_x[i] * k) as f32 * inv_area
                        });
                        let color: [f32; 4] = std::array::from_fn(|ch| {
                            weights[0] * corners[0].color[ch]
                                + weights[1] * corners[1].color[ch]
                                + weights[2] * corners[2].color[ch]
                        });
                        let texel = flat_texel.unwrap_or_else(|| {
                            let uv: [f32; 2] = std::array::from_fn(|j| {
                                weights[0] * corners[0].uv[j]
                                    + weights[1] * corners[1].uv[j]
                                    + weights[2] * corners[2].uv[j]
                            });
                            texture.sample(uv)
                        });
                        modulate(color, texel)
                    });
                    self.blend((row + x as usize) * 4, source);
                }
            }
            for i in 0..3 {
                row_start[i] += step_y[i];
            }
        }
    }

    /// Premultiplied "over": the source plus what shows through it.
    fn blend(&mut self, at: usize, source: [f32; 4]) {
        let keep = 1.0 - source[3] / 255.0;
        if let Some(dst) = self.rgba.get_mut(at..at + 4) {
            for ch in 0..3 {
                let value = source[ch] + f32::from(dst[ch]) * keep;
                dst[ch] = (value + 0.5).clamp(0.0, 255.0) as u8;
            }
        }
    }
}

/// Twice the signed area of the triangle `from`, `to`, (`x`, `y`): positive on one side of the
/// line, zero on it. Exact: sub-pixel coordinates stay far below `i64`'s range.
fn edge_function(from: Corner, to: Corner, x: i64, y: i64) -> i64 {
    (to.x - from.x) * (y - from.y) - (to.y - from.y) * (x - from.x)
}

/// `a / b` rounded toward positive infinity, for `b > 0`.
fn ceil_div(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

/// Vertex colour times texel, both premultiplied 0..255.
fn modulate(color: [f32; 4], texel: [f32; 4]) -> [f32; 4] {
    std::array::from_fn(|ch| color[ch] * texel[ch] / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corner(x: i64, y: i64) -> Corner {
        Corner {
            x: x * SUBPIXELS,
            y: y * SUBPIXELS,
            color: [255.0, 0.0, 0.0, 255.0],
            uv: [0.0, 0.0],
        }
    }

    fn white() -> Texture {
        Texture {
            width: 1,
            height: 1,
            pixels: vec![Color32::WHITE],
            filter: TextureFilter::Linear,
        }
    }

    fn full_clip(size: i64) -> Clip {
        Clip {
            min_x: 0,
            min_y: 0,
            max_x: size,
            max_y: size,
        }
    }

    fn red_pixels(canvas: &Canvas) -> usize {
        canvas.rgba.chunks_exact(4).filter(|p| p[0] > 0).count()
    }

    #[test]
    fn two_triangles_of_a_square_cover_each_pixel_once() {
        let mut canvas = Canvas::new(8, 8, Color32::BLACK);
        let mut half_red = corner(0, 0);
        half_red.color = [128.0, 0.0, 0.0, 128.0];
        let [a, b, c, d] = [(1, 1), (7, 1), (7, 7), (1, 7)].map(|(x, y)| Corner {
            x: x * SUBPIXELS,
            y: y * SUBPIXELS,
            ..half_red
        });
        canvas.fill_triangle([a, b, c], &white(), full_clip(8));
        canvas.fill_triangle([a, c, d], &white(), full_clip(8));
        // 6×6 pixels, each blended once: the same value everywhere, no seam on the diagonal.
        assert_eq!(red_pixels(&canvas), 36);
        let values: std::collections::BTreeSet<u8> = canvas
            .rgba
            .chunks_exact(4)
            .map(|p| p[0])
            .filter(|&r| r > 0)
            .collect();
        assert_eq!(values.len(), 1, "{values:?}");
    }

    #[test]
    fn winding_does_not_matter_and_clip_limits() {
        let mut canvas = Canvas::new(10, 10, Color32::BLACK);
        canvas.fill_triangle(
            [corner(0, 0), corner(0, 10), corner(10, 0)],
            &white(),
            full_clip(10),
        );
        let filled = red_pixels(&canvas);
        assert!((45..=55).contains(&filled), "{filled}");
        let mut clipped = Canvas::new(10, 10, Color32::BLACK);
        let clip = Clip {
            min_x: 0,
            min_y: 0,
            max_x: 2,
            max_y: 2,
        };
        clipped.fill_triangle([corner(0, 0), corner(10, 0), corner(0, 10)], &white(), clip);
        assert_eq!(red_pixels(&clipped), 4);
    }
}

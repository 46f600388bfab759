//! PNG pictures of pages: the forms portal's thumbnails and `preview`.
//!
//! A page of a form is black, grey and white, so its picture is written in
//! one channel of grey when every pixel is grey, and in colour only when
//! one is not; either way with fast compression. Against 8-bit RGBA at the
//! PNG encoder's default compression, as tiny-skia's `encode_png` writes
//! them, the sample's thumbnails took 0.16–0.22 ms each to write against
//! 1.18–1.28 ms, in three-quarters of the bytes (see `bench/HISTORY.md`).

/// Writes pixels, given as Typst's renderer makes them (RGBA, each colour
/// multiplied by its alpha), as PNG.
pub fn encode(width: u32, height: u32, premultiplied: &[u8]) -> Result<Vec<u8>, String> {
    let pixels = premultiplied.chunks_exact(4);
    let opaque = pixels.clone().all(|p| p[3] == u8::MAX);
    let (color, data): (_, Vec<u8>) =
        if opaque && pixels.clone().all(|p| p[0] == p[1] && p[1] == p[2]) {
            (png::ColorType::Grayscale, pixels.map(|p| p[0]).collect())
        } else if opaque {
            let rgb = pixels.flat_map(|p| [p[0], p[1], p[2]]).collect();
            (png::ColorType::Rgb, rgb)
        } else {
            (png::ColorType::Rgba, pixels.flat_map(demultiply).collect())
        };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// A pixel's colour undivided by its alpha, as PNG keeps it.
fn demultiply(pixel: &[u8]) -> [u8; 4] {
    let alpha = u16::from(pixel[3]);
    // A colour multiplied by its alpha is at most the alpha, so the quotient
    // fits in a byte; a pixel of no alpha has no colour.
    let channel = |c: u8| {
        (u16::from(c) * 255 + alpha / 2)
            .checked_div(alpha)
            .map_or(0, |v| u8::try_from(v).unwrap_or(u8::MAX))
    };
    [
        channel(pixel[0]),
        channel(pixel[1]),
        channel(pixel[2]),
        pixel[3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a PNG back: its colour type and its pixels.
    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        buffer.truncate(info.buffer_size());
        (info.color_type, buffer)
    }

    #[test]
    fn grey_pixels_are_written_in_one_channel() {
        let pixels = [
            0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 7, 7, 7, 255,
        ];
        let (color, data) = decode(&encode(2, 2, &pixels).unwrap());
        assert_eq!(color, png::ColorType::Grayscale);
        assert_eq!(data, [0, 128, 255, 7]);
    }

    #[test]
    fn one_coloured_pixel_makes_the_picture_colour() {
        let pixels = [255, 255, 255, 255, 192, 0, 0, 255];
        let (color, data) = decode(&encode(2, 1, &pixels).unwrap());
        assert_eq!(color, png::ColorType::Rgb);
        assert_eq!(data, [255, 255, 255, 192, 0, 0]);
    }

    #[test]
    fn see_through_pixels_keep_their_colour_and_alpha() {
        // Red at half alpha, premultiplied; grey pixels, but not opaque.
        let pixels = [128, 0, 0, 128, 0, 0, 0, 0, 100, 100, 100, 255];
        let (color, data) = decode(&encode(3, 1, &pixels).unwrap());
        assert_eq!(color, png::ColorType::Rgba);
        assert_eq!(data, [255, 0, 0, 128, 0, 0, 0, 0, 100, 100, 100, 255]);
    }
}

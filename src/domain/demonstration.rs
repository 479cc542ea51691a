//! A stage's demonstration: what a coach may set (a link to the
//! department's own video, https only; an image of a kind a phone shows,
//! recognised by its first bytes and never by what the browser claims),
//! and the bounds.

/// The largest image kept, in bytes.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// The longest video link kept.
pub const MAX_VIDEO_URL: usize = 500;

/// The image kinds the app keeps and serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    WebP,
}

impl ImageType {
    /// The kind the bytes are, by their signature; `None` for anything else
    /// (SVG, GIF, HTML, a renamed file).
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageType::WebP)
        } else {
            None
        }
    }

    /// The media type it is served with (and stored as).
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::WebP => "image/webp",
        }
    }

    /// The kind a stored media type names.
    pub fn from_mime(mime: &str) -> Option<ImageType> {
        [ImageType::Png, ImageType::Jpeg, ImageType::WebP]
            .into_iter()
            .find(|t| t.mime() == mime)
    }
}

/// Why an image was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageError {
    Empty,
    TooLarge,
    NotAnImage,
}

impl ImageError {
    pub fn message(self) -> String {
        match self {
            ImageError::Empty => "Choose an image file to upload.".to_string(),
            ImageError::TooLarge => format!(
                "The image is larger than {} MB; make it smaller and upload it again.",
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
            ImageError::NotAnImage => {
                "Only PNG, JPEG or WebP images can be shown on the phones.".to_string()
            }
        }
    }
}

/// Rule: an uploaded demonstration is a PNG, JPEG or WebP image of at most
/// `MAX_IMAGE_BYTES`; its kind is the one its bytes show.
pub fn check_image(bytes: &[u8]) -> Result<ImageType, ImageError> {
    if bytes.is_empty() {
        Err(ImageError::Empty)
    } else if bytes.len() > MAX_IMAGE_BYTES {
        Err(ImageError::TooLarge)
    } else {
        ImageType::sniff(bytes).ok_or(ImageError::NotAnImage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name, the file's bytes, what is decided.
    #[test]
    fn rule_a_demonstration_image_is_a_small_png_jpeg_or_webp() {
        let big_png = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0; MAX_IMAGE_BYTES]].concat();
        let cases: Vec<(&str, Vec<u8>, Result<ImageType, ImageError>)> = vec![
            (
                "a PNG",
                b"\x89PNG\r\n\x1a\nrest".to_vec(),
                Ok(ImageType::Png),
            ),
            (
                "a JPEG",
                vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16],
                Ok(ImageType::Jpeg),
            ),
            (
                "a WebP",
                b"RIFF\x10\0\0\0WEBPVP8 ".to_vec(),
                Ok(ImageType::WebP),
            ),
            ("nothing", Vec::new(), Err(ImageError::Empty)),
            ("too large", big_png, Err(ImageError::TooLarge)),
            ("a GIF", b"GIF89a....".to_vec(), Err(ImageError::NotAnImage)),
            (
                "an SVG",
                b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>".to_vec(),
                Err(ImageError::NotAnImage),
            ),
            (
                "HTML",
                b"<!doctype html><p>hi".to_vec(),
                Err(ImageError::NotAnImage),
            ),
            (
                "a RIFF that is not WebP",
                b"RIFF\x10\0\0\0WAVEfmt ".to_vec(),
                Err(ImageError::NotAnImage),
            ),
            (
                "a cut-off PNG signature",
                b"\x89PNG".to_vec(),
                Err(ImageError::NotAnImage),
            ),
        ];
        for (name, bytes, expect) in cases {
            assert_eq!(check_image(&bytes), expect, "{name}");
        }
        for t in [ImageType::Png, ImageType::Jpeg, ImageType::WebP] {
            assert_eq!(ImageType::from_mime(t.mime()), Some(t));
        }
        assert_eq!(ImageType::from_mime("image/svg+xml"), None);
    }
}

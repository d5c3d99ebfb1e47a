//! Embedded files: an image whose file is a PDF, audio or video becomes a player with a
//! link to the file, any other file a link, and `![[img.png|300]]`, `![[img.png|300x200]]`,
//! `![300](img.png)` and `![alt|300](img.png)` give an image its size, as in Obsidian.
//! Runs after the link pass, on the URLs it wrote.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::{Spanned, plain_text};

/// File kinds an embed shows with a player rather than as an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Pdf,
    Audio,
    Video,
    /// Any other file: a link to it.
    Other,
}

fn kind(href: &str) -> Kind {
    let path = href.split(['#', '?']).next().unwrap_or(href);
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        None => Kind::Image,
        Some("pdf") => Kind::Pdf,
        Some("mp3" | "wav" | "m4a" | "ogg" | "oga" | "flac" | "3gp" | "opus") => Kind::Audio,
        Some("mp4" | "webm" | "ogv" | "mov" | "mkv" | "m4v") => Kind::Video,
        Some(
            "png" | "jpg" | "jpeg" | "gif" | "bmp" | "svg" | "webp" | "avif" | "apng" | "ico"
            | "tif" | "tiff" | "jxl",
        ) => Kind::Image,
        Some(_) if path.contains(':') || path.ends_with('/') => Kind::Image,
        Some(_) => Kind::Other,
    }
}

/// `300` or `300x200` at the end of an image's alt text, after `|` or alone: the size
/// Obsidian gives it, and the alt text without it.
fn size(alt: &str) -> Option<(&str, u32, Option<u32>)> {
    let (text, spec) = match alt.rsplit_once('|') {
        Some((text, spec)) => (text.trim_end(), spec.trim()),
        None => ("", alt.trim()),
    };
    let (w, h) = match spec.split_once('x') {
        Some((w, h)) => (w, Some(h)),
        None => (spec, None),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let w = number(w)?;
    let h = match h {
        Some(h) => Some(number(h)?),
        None => None,
    };
    Some((text, w, h))
}

/// Turns images of PDFs, audio, video and other files into players or links, and sizes
/// images whose alt text ends in a size.
pub(crate) fn embed(events: &mut Vec<Spanned>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return;
    }
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let len = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
            .unwrap_or(events.len() - i - 1);
        let alt = plain_text(&events[i + 1..i + len]);
        let kind = kind(dest_url);
        // `![[img.png|300]]` has `300` as its alt text; a markdown image writes `![300](…)`
        // or `![alt|300](…)`, as in Obsidian.
        let sized = size(&alt);
        if kind == Kind::Image && sized.is_none() {
            out.extend(events[i..=i + len].iter().cloned());
            i += len + 1;
            continue;
        }
        let file_name = {
            let path = dest_url.split(['#', '?']).next().unwrap_or(dest_url);
            let name = path.rsplit('/').next().unwrap_or(path);
            percent_encoding::percent_decode_str(name)
                .decode_utf8_lossy()
                .into_owned()
        };
        // A wiki embed's alt text is its target, or what follows `|`.
        let (text, width, height) = match sized {
            Some((text, w, h)) => (text.to_string(), Some(w), h),
            None => (alt.clone(), None, None),
        };
        let text = if text.is_empty() {
            file_name.clone()
        } else {
            text
        };
        let html = player(kind, dest_url, title, &text, &file_name, width, height);
        out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
        i += len + 1;
    }
    *events = out;
}

/// The HTML of one embedded file.
fn player(
    kind: Kind,
    href: &str,
    title: &str,
    text: &str,
    file_name: &str,
    width: Option<u32>,
    height: Option<u32>,
) -> String {
    let mut src = String::new();
    let _ = escape_href(&mut src, href);
    let attr = |s: &str| {
        let mut e = String::new();
        let _ = escape_html(&mut e, s);
        e
    };
    let mut size = String::new();
    if let Some(w) = width {
        size.push_str(&format!(" width=\"{w}\""));
    }
    if let Some(h) = height {
        size.push_str(&format!(" height=\"{h}\""));
    }
    let title_attr = match title.is_empty() {
        true => String::new(),
        false => format!(" title=\"{}\"", attr(title)),
    };
    let (text, name) = (attr(text), attr(file_name));
    match kind {
        Kind::Image => format!("<img src=\"{src}\" alt=\"{text}\"{title_attr}{size}>"),
        Kind::Pdf => format!(
            "<span class=\"embed embed-pdf\"><iframe src=\"{src}\" title=\"{text}\"{size} loading=\"lazy\"></iframe><a class=\"embed-link\" href=\"{src}\">{name}</a></span>"
        ),
        Kind::Audio => format!(
            "<span class=\"embed embed-audio\"><audio controls preload=\"metadata\" src=\"{src}\" title=\"{text}\"></audio><a class=\"embed-link\" href=\"{src}\">{name}</a></span>"
        ),
        Kind::Video => format!(
            "<span class=\"embed embed-video\"><video controls preload=\"metadata\" src=\"{src}\" title=\"{text}\"{size}></video><a class=\"embed-link\" href=\"{src}\">{name}</a></span>"
        ),
        Kind::Other => format!("<a class=\"embed-link\" href=\"{src}\"{title_attr}>{text}</a>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_from_alt_text() {
        assert_eq!(size("300"), Some(("", 300, None)));
        assert_eq!(size("300x200"), Some(("", 300, Some(200))));
        assert_eq!(size("Logo|120"), Some(("Logo", 120, None)));
        assert_eq!(size("Logo"), None);
        assert_eq!(size("2024"), Some(("", 2024, None)));
        assert_eq!(size("a|b"), None);
        assert_eq!(size("99999999"), None);
    }

    #[test]
    fn kinds_follow_the_extension() {
        assert_eq!(kind("../a/doc.pdf#page=3"), Kind::Pdf);
        assert_eq!(kind("x.MP3"), Kind::Audio);
        assert_eq!(kind("x.webm"), Kind::Video);
        assert_eq!(kind("x.png"), Kind::Image);
        assert_eq!(kind("data.csv"), Kind::Other);
        assert_eq!(kind("https://example.com/badge"), Kind::Image);
    }
}

//! Colours that follow the page's scheme. merman draws with fixed colours (dark text and
//! lines on pale fills), which vanish on a dark page. Each colour it writes becomes
//! `light-dark(colour, dark)`, the dark colour chosen by the colour's [`Role`]: lines and
//! pale fills are mirrored so that contrast is kept (dark lines turn light, pale boxes
//! deep), coloured fills turn deep in their hue, and text turns light, so text stays
//! readable on whatever fill it sits. `light-dark()` follows the `color-scheme` the theme
//! sets, so the reader's choice applies too.

/// What a colour paints, which decides its dark-mode colour.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    /// Letters: the `fill` of text, a label's CSS `color`.
    Text,
    /// The inside of a shape: `fill`, a label's background.
    Fill,
    /// Lines, borders, gradients: everything else.
    Line,
}

impl Role {
    /// The role of colour property `property` in the CSS rule for `selector`, or on the
    /// SVG or HTML element `element`.
    fn of(property: &str, selector: &str) -> Role {
        let texty = ["text", "label", "title", "span", "tspan"];
        let lower = selector.to_ascii_lowercase();
        match property.trim() {
            "color" => Role::Text,
            "fill" if texty.iter().any(|word| lower.contains(word)) => Role::Text,
            "fill" | "background-color" | "background" => Role::Fill,
            _ => Role::Line,
        }
    }
}

/// `svg` with every colour of its stylesheets, `style` attributes and colour attributes
/// turned into a `light-dark()` pair.
pub(crate) fn theme(svg: &str) -> String {
    const COLOUR_ATTRIBUTES: [&str; 5] = ["fill", "stroke", "stop-color", "flood-color", "color"];
    let mut out = String::with_capacity(svg.len() * 5 / 4);
    let (mut copied, mut i) = (0, 0);
    // One pass: each `<style>` element and each attribute value is looked at once.
    while let Some(found) = svg[i..].find(['<', '"']) {
        let at = i + found;
        if svg[at..].starts_with("<style>") {
            let start = at + "<style>".len();
            let Some(len) = svg[start..].find("</style>") else {
                break;
            };
            out.push_str(&svg[copied..start]);
            declarations(&svg[start..start + len], None, &mut out);
            (copied, i) = (start + len, start + len);
            continue;
        }
        i = at + 1;
        let Some(before) = svg[..at].strip_suffix('=') else {
            continue;
        };
        let name_at = before
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '-')
            .len();
        let name = &before[name_at..];
        let Some(len) = svg[i..].find('"') else { break };
        let value = &svg[i..i + len];
        // The element the attribute belongs to: its name follows the last `<`.
        let element = svg[..at].rfind('<').map_or("", |lt| {
            let tag = &svg[lt + 1..at];
            &tag[..tag.find(char::is_whitespace).unwrap_or(tag.len())]
        });
        if name == "style" {
            out.push_str(&svg[copied..i]);
            declarations(value, Some(element), &mut out);
            copied = i + len;
        } else if COLOUR_ATTRIBUTES.contains(&name)
            && let Some(paired) = pair(value.trim(), Role::of(name, element))
        {
            out.push_str(&svg[copied..i]);
            out.push_str(&paired);
            copied = i + len;
        }
        i += len + 1;
    }
    out.push_str(&svg[copied..]);
    out
}

/// Copies CSS text, pairing the colours in each declaration's value (never in selectors):
/// a stylesheet's when `element` is `None`, else the `style` attribute of that element.
fn declarations(css: &str, element: Option<&str>, out: &mut String) {
    let mut selector = element.unwrap_or("");
    for piece in css.split_inclusive([';', '{', '}']) {
        if element.is_none() && piece.ends_with('{') {
            selector = piece;
        }
        let Some((name, value)) = piece.split_once(':') else {
            out.push_str(piece);
            continue;
        };
        if name.is_empty()
            || !name
                .trim()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-')
        {
            out.push_str(piece);
            continue;
        }
        let role = Role::of(name, selector);
        let paired = |word: &str| pair(word, role).unwrap_or_else(|| word.to_string());
        out.push_str(name);
        out.push(':');
        let mut word = String::new();
        for c in value.chars() {
            // A colour is a word (`#fff`, `white`) or a function call (`rgb(…)`, `hsl(…)`).
            if word.contains('(') {
                word.push(c);
                if c == ')' {
                    out.push_str(&paired(&word));
                    word.clear();
                }
            } else if c.is_ascii_alphanumeric() || c == '#' || c == '-' || c == '.' || c == '(' {
                word.push(c);
            } else {
                out.push_str(&paired(&word));
                word.clear();
                out.push(c);
            }
        }
        out.push_str(&paired(&word));
    }
}

/// `light-dark(colour, dark)`, when `value` is a colour painting `role`.
///
/// Lines (and pale or grey fills) are mirrored so that contrast is kept: the dark
/// colour's luminance is a power of the light one's inverted, so two colours' contrast
/// ratio `c` becomes about `c^0.94` (white on black, 21:1, becomes 17:1). White becomes
/// a fill just below the page's dark background, black a line just below its white.
/// Mirroring alone would leave a coloured fill of middle luminance (a Gantt bar, a
/// timeline section) in the middle, with its text flipped to the other side of it and
/// unreadable; so coloured fills go deep and text goes light, whichever it was. Hue is
/// kept (in OKLab), and chroma as far as the new lightness can hold it.
fn pair(value: &str, role: Role) -> Option<String> {
    // Luminance of the dark colours for white and for black.
    const WHITE_TO: f64 = 0.006;
    const BLACK_TO: f64 = 0.88;
    let [r, g, b, alpha] = parse(value)?;
    let y = luminance([r, g, b]);
    let p = ((BLACK_TO + 0.05) / (WHITE_TO + 0.05)).ln() / 21f64.ln();
    let mirrored = (WHITE_TO + 0.05) * (1.05 / (y + 0.05)).powf(p) - 0.05;
    let [_, a, b] = oklab([r, g, b]);
    let coloured = a.hypot(b) >= 0.04;
    let target = match role {
        Role::Text => mirrored.max(y.min(BLACK_TO)),
        Role::Fill if coloured => 0.02 + 0.1 * (1.0 - y),
        Role::Fill | Role::Line => mirrored,
    };
    // A grey stays grey: OKLab's white is off its axis by a rounding error.
    let (a, b) = match a.hypot(b) < 0.002 {
        true => (0.0, 0.0),
        false => (a * 0.9, b * 0.9),
    };
    // Luminance grows with OKLab lightness: find the lightness that gives the target.
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        let y = luminance(srgb_in_gamut(mid, a, b).map(f64::from));
        if y < target { lo = mid } else { hi = mid }
    }
    let [r, g, b] = srgb_in_gamut((lo + hi) / 2.0, a, b);
    let dark = match alpha < 1.0 {
        true => format!("rgba({r},{g},{b},{alpha})"),
        false => format!("#{r:02x}{g:02x}{b:02x}"),
    };
    Some(format!("light-dark({value},{dark})"))
}

/// An sRGB channel (0-255) as linear light (0-1).
fn linear(c: f64) -> f64 {
    let c = c / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG's relative luminance of an sRGB colour (0-255 a channel).
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// An sRGB colour (0-255 a channel) in OKLab: lightness 0-1, then the a and b axes.
fn oklab(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb.map(linear);
    let l = (0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * b).cbrt();
    let m = (0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * b).cbrt();
    let s = (0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * b).cbrt();
    [
        0.210_454_255_3 * l + 0.793_617_785 * m - 0.004_072_046_8 * s,
        1.977_998_495_1 * l - 2.428_592_205 * m + 0.450_593_709_9 * s,
        0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766 * s,
    ]
}

/// Linear sRGB (0-1 a channel, possibly outside it) of an OKLab colour.
fn linear_srgb(l: f64, a: f64, b: f64) -> [f64; 3] {
    let l_ = (l + 0.396_337_777_4 * a + 0.215_803_757_3 * b).powi(3);
    let m_ = (l - 0.105_561_345_8 * a - 0.063_854_172_8 * b).powi(3);
    let s_ = (l - 0.089_484_177_5 * a - 1.291_485_548 * b).powi(3);
    [
        4.076_741_662_1 * l_ - 3.307_711_591_3 * m_ + 0.230_969_929_2 * s_,
        -1.268_438_004_6 * l_ + 2.609_757_401_1 * m_ - 0.341_319_396_5 * s_,
        -0.004_196_086_3 * l_ - 0.703_418_614_7 * m_ + 1.707_614_701 * s_,
    ]
}

/// The OKLab colour as sRGB bytes, its chroma reduced (hue and lightness kept) until it
/// fits in sRGB.
fn srgb_in_gamut(l: f64, a: f64, b: f64) -> [u8; 3] {
    let fits = |k: f64| {
        linear_srgb(l, a * k, b * k)
            .iter()
            .all(|c| (-1e-4..=1.0 + 1e-4).contains(c))
    };
    let mut k = 1.0;
    if !fits(k) {
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..20 {
            let mid = (lo + hi) / 2.0;
            if fits(mid) { lo = mid } else { hi = mid }
        }
        k = lo;
    }
    linear_srgb(l, a * k, b * k).map(|c| {
        let c = c.clamp(0.0, 1.0);
        let c = if c <= 0.003_130_8 {
            12.92 * c
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        };
        (c * 255.0).round() as u8
    })
}

/// A CSS colour as red, green, blue (0-255) and alpha (0-1).
fn parse(value: &str) -> Option<[f64; 4]> {
    let named = match value.to_ascii_lowercase().as_str() {
        "white" => Some([255.0, 255.0, 255.0, 1.0]),
        "black" => Some([0.0, 0.0, 0.0, 1.0]),
        "grey" | "gray" => Some([128.0, 128.0, 128.0, 1.0]),
        "red" => Some([255.0, 0.0, 0.0, 1.0]),
        "green" => Some([0.0, 128.0, 0.0, 1.0]),
        "blue" => Some([0.0, 0.0, 255.0, 1.0]),
        "lightgrey" | "lightgray" => Some([211.0, 211.0, 211.0, 1.0]),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    if let Some(hex) = value.strip_prefix('#') {
        let digit = |i: usize, n: usize| {
            u8::from_str_radix(hex.get(i..i + n)?, 16)
                .ok()
                .map(f64::from)
        };
        return match hex.len() {
            3 | 4 => Some([
                digit(0, 1)? * 17.0,
                digit(1, 1)? * 17.0,
                digit(2, 1)? * 17.0,
                if hex.len() == 4 {
                    digit(3, 1)? * 17.0 / 255.0
                } else {
                    1.0
                },
            ]),
            6 | 8 => Some([
                digit(0, 2)?,
                digit(2, 2)?,
                digit(4, 2)?,
                if hex.len() == 8 {
                    digit(6, 2)? / 255.0
                } else {
                    1.0
                },
            ]),
            _ => None,
        };
    }
    let (func, args) = value.strip_suffix(')')?.split_once('(')?;
    let nums: Vec<f64> = args
        .split([',', ' ', '/'])
        .filter(|part| !part.is_empty())
        .map(|part| part.trim_end_matches(['%', 'g', 'd', 'e']).parse().ok())
        .collect::<Option<_>>()?;
    let alpha = nums.get(3).copied().unwrap_or(1.0);
    match (func, nums.len()) {
        ("rgb" | "rgba", 3 | 4) => Some([nums[0], nums[1], nums[2], alpha]),
        ("hsl" | "hsla", 3 | 4) => {
            let (r, g, b) = rgb(nums[0].rem_euclid(360.0), nums[1] / 100.0, nums[2] / 100.0);
            Some([f64::from(r), f64::from(g), f64::from(b), alpha])
        }
        _ => None,
    }
}

/// A colour from hue, saturation and lightness, as bytes.
fn rgb(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s.clamp(0.0, 1.0);
    let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match (h.rem_euclid(360.0) / 60.0) as u8 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l.clamp(0.0, 1.0) - c / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    (byte(r), byte(g), byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_in_declarations_and_attributes_follow_the_scheme() {
        let svg = r#"<svg><style>#m-1 .x:not(.y) rect{fill:#fff;stroke:rgb(0, 0, 0);}</style><path fill="white" stroke="none"/></svg>"#;
        assert_eq!(
            theme(svg),
            r#"<svg><style>#m-1 .x:not(.y) rect{fill:light-dark(#fff,#111111);stroke:light-dark(rgb(0, 0, 0),#f1f1f1);}</style><path fill="light-dark(white,#111111)" stroke="none"/></svg>"#
        );
    }

    /// WCAG's contrast ratio of two colours given as bytes.
    fn contrast(x: [f64; 3], y: [f64; 3]) -> f64 {
        let (a, b) = (luminance(x), luminance(y));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    fn dark_of(colour: &str, role: Role) -> [f64; 3] {
        let paired = pair(colour, role).unwrap();
        let dark = paired.rsplit(',').next().unwrap().trim_end_matches(')');
        let [r, g, b, _] = parse(dark).unwrap();
        [r, g, b]
    }

    fn bytes(colour: &str) -> [f64; 3] {
        let [r, g, b, _] = parse(colour).unwrap();
        [r, g, b]
    }

    #[test]
    fn text_is_readable_on_its_fill_in_dark_mode() {
        // Text and fill pairs merman writes: its default theme's pale boxes, and the
        // coloured section fills of timelines, mindmaps and Gantt charts, some of which
        // are hard to read in light mode already (white on #8a90dd is 3:1).
        let pairs = [
            ("#333", "#ECECFF"),
            ("black", "hsl(60, 100%, 73.5294117647%)"),
            ("#ffffff", "hsl(240, 100%, 46.2745098039%)"),
            ("black", "hsl(80, 100%, 76.2745098039%)"),
            ("#ffffff", "hsl(270, 100%, 46.2745098039%)"),
            ("black", "hsl(330, 100%, 76.2745098039%)"),
            ("white", "#8a90dd"),
            ("white", "#a0a0f0"),
            ("black", "#8a90dd"),
            ("white", "#e25555"),
            ("#131300", "#ffffde"),
        ];
        for (text, fill) in pairs {
            let light = contrast(bytes(text), bytes(fill));
            let dark = contrast(dark_of(text, Role::Text), dark_of(fill, Role::Fill));
            assert!(
                dark >= 4.5,
                "{text} on {fill}: contrast {light:.1} in light mode, {dark:.1} in dark"
            );
        }
    }

    #[test]
    fn lines_keep_their_contrast_with_the_page() {
        let page = bytes("#0f1216");
        for (line, least) in [("black", 15.0), ("#333333", 10.0), ("#9370DB", 3.0)] {
            let dark = contrast(dark_of(line, Role::Line), page);
            assert!(dark >= least, "{line}: {dark:.1} on the dark page");
        }
    }

    #[test]
    fn roles_come_from_the_property_and_what_it_paints() {
        assert_eq!(Role::of("fill", "text"), Role::Text);
        assert_eq!(Role::of("fill", "#m .taskText0{"), Role::Text);
        assert_eq!(Role::of("fill", "#m .section-0 rect{"), Role::Fill);
        assert_eq!(Role::of("color", "div"), Role::Text);
        assert_eq!(Role::of("background-color", "#m .edgeLabel{"), Role::Fill);
        assert_eq!(Role::of("stroke", "#m .label text{"), Role::Line);
        // In a theme, text keeps to the light side and white text stays white.
        let svg = r#"<svg><text fill="white">A</text><rect fill="white"/></svg>"#;
        assert_eq!(
            theme(svg),
            r#"<svg><text fill="light-dark(white,#f1f1f1)">A</text><rect fill="light-dark(white,#111111)"/></svg>"#
        );
    }

    #[test]
    fn what_is_not_a_colour_is_left_alone() {
        assert_eq!(pair("none", Role::Line), None);
        assert_eq!(pair("url(#m-1-grad)", Role::Fill), None);
        assert_eq!(pair("#d0", Role::Line), None);
        assert!(pair("hsl(-120, 50%, 80%)", Role::Fill).is_some());
        assert!(pair("#ECECFF", Role::Text).is_some());
    }
}

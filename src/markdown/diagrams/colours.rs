//! Colours that follow the page's scheme. merman draws with fixed colours (dark text and
//! lines on pale fills), which vanish on a dark page. Each colour it writes becomes
//! `light-dark(colour, mirrored)`: the same hue with its lightness mirrored, so dark lines
//! turn light and pale fills turn deep on a dark page. `light-dark()` follows the
//! `color-scheme` the theme sets, so the reader's choice applies too.

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
            declarations(&svg[start..start + len], &mut out);
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
        if name == "style" {
            out.push_str(&svg[copied..i]);
            declarations(value, &mut out);
            copied = i + len;
        } else if COLOUR_ATTRIBUTES.contains(&name)
            && let Some(paired) = pair(value.trim())
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

/// Copies CSS text, pairing the colours in each declaration's value (never in selectors).
fn declarations(css: &str, out: &mut String) {
    for piece in css.split_inclusive([';', '{', '}']) {
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
        out.push_str(name);
        out.push(':');
        let mut word = String::new();
        for c in value.chars() {
            // A colour is a word (`#fff`, `white`) or a function call (`rgb(…)`, `hsl(…)`).
            if word.contains('(') {
                word.push(c);
                if c == ')' {
                    out.push_str(&pair(&word).unwrap_or_else(|| word.clone()));
                    word.clear();
                }
            } else if c.is_ascii_alphanumeric() || c == '#' || c == '-' || c == '.' || c == '(' {
                word.push(c);
            } else {
                out.push_str(&pair(&word).unwrap_or_else(|| word.clone()));
                word.clear();
                out.push(c);
            }
        }
        out.push_str(&pair(&word).unwrap_or(word));
    }
}

/// `light-dark(colour, mirrored)`, when `value` is a colour.
fn pair(value: &str) -> Option<String> {
    let [r, g, b, a] = parse(value)?;
    let (h, s, l) = hsl(r, g, b);
    // Mirrored lightness, kept off the page's own black and white.
    let l = 0.1 + 0.85 * (1.0 - l);
    let (r, g, b) = rgb(h, s * 0.8, l);
    let dark = match a < 1.0 {
        true => format!("rgba({r},{g},{b},{a})"),
        false => format!("#{r:02x}{g:02x}{b:02x}"),
    };
    Some(format!("light-dark({value},{dark})"))
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

/// Hue (degrees), saturation and lightness (0-1) of a colour.
fn hsl(r: f64, g: f64, b: f64) -> (f64, f64, f64) {
    let (r, g, b) = (r / 255.0, g / 255.0, b / 255.0);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = match max {
        m if m == r => 60.0 * ((g - b) / d).rem_euclid(6.0),
        m if m == g => 60.0 * ((b - r) / d + 2.0),
        _ => 60.0 * ((r - g) / d + 4.0),
    };
    (h, s.clamp(0.0, 1.0), l)
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
            r#"<svg><style>#m-1 .x:not(.y) rect{fill:light-dark(#fff,#1a1a1a);stroke:light-dark(rgb(0, 0, 0),#f2f2f2);}</style><path fill="light-dark(white,#1a1a1a)" stroke="none"/></svg>"#
        );
    }

    #[test]
    fn what_is_not_a_colour_is_left_alone() {
        assert_eq!(pair("none"), None);
        assert_eq!(pair("url(#m-1-grad)"), None);
        assert_eq!(pair("#d0"), None);
        assert!(pair("hsl(-120, 50%, 80%)").is_some());
        assert!(pair("#ECECFF").is_some());
    }
}

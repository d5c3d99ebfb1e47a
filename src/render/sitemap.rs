//! sitemap.xml, written when the site's `base_url` is known: the only place where the
//! site's URLs are absolute.

use super::OutputFile;
use crate::content::Site;
use crate::graph::{Index, TAGS_URL, relative_url};

/// sitemap.xml: every page, section and tag page, absolute.
pub(crate) fn sitemap(site: &Site, index: &Index, base: &str) -> OutputFile {
    let mut urls: Vec<(&str, Option<&str>)> = Vec::new();
    // A redirect is no page to index; a page's last change is its `updated` date.
    for (_, doc) in site
        .published()
        .filter(|(_, d)| d.meta.redirect_to.is_none())
    {
        let changed = doc.meta.updated.as_ref().or(doc.meta.date.as_ref());
        urls.push((&doc.url, changed.map(|d| d.0.as_str())));
    }
    for section in site
        .sections
        .iter()
        .filter(|s| s.published && !s.index.is_some_and(|i| site.docs[i].published))
    {
        urls.push((&section.url, None));
    }
    let tag_urls: Vec<String> = index
        .tags()
        .keys()
        .map(|s| format!("{TAGS_URL}{s}/"))
        .collect();
    urls.push((TAGS_URL, None));
    urls.extend(tag_urls.iter().map(|u| (u.as_str(), None)));
    urls.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        let loc = format!("{base}{}", relative_url("", url).trim_start_matches("./"));
        let mut escaped = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut escaped, &loc);
        xml.push_str(&format!("  <url><loc>{escaped}</loc>"));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".to_string(),
        contents: xml.into_bytes(),
    }
}

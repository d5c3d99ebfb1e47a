//! Pages that only send the reader on: the old address of a page a `permalink` moved, an
//! alias written as a path, and a page whose front matter says `redirect_to`. Plain HTML
//! with a meta refresh, so they work on any static host and from disk.

use pulldown_cmark_escape::escape_html;

use super::OutputFile;
use crate::content::{Doc, Site};
use crate::graph::{file_of, redirect_path, relative_url};

/// The redirect pages of `site`: from each old address to its page.
pub(crate) fn files(site: &Site) -> Vec<OutputFile> {
    site.redirects
        .iter()
        .filter(|r| site.docs[r.to].published)
        .map(|r| OutputFile {
            path: file_of(&r.from),
            contents: page(&relative_url(&r.from, &site.docs[r.to].url)),
        })
        .collect()
}

/// Where a page with `redirect_to` sends its readers, as an href from the page: another
/// site as written, a path of this site relative to where the page is.
pub(crate) fn target_of(doc: &Doc) -> Option<String> {
    let to = doc.meta.redirect_to.as_deref()?;
    Some(match redirect_path(to) {
        Some(path) => relative_url(&doc.url, &path),
        None => to.to_string(),
    })
}

/// A page that sends the reader to `href` at once. Opened from disk, a folder's address
/// shows a file listing, so there a script sends the reader to its `index.html` first.
pub(crate) fn page(href: &str) -> Vec<u8> {
    let mut escaped = String::new();
    let _ = escape_html(&mut escaped, href);
    let quoted = serde_json::to_string(href)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>Moved</title>\n\
         <script>var h={quoted},i=h.search(/[?#]/),p=i<0?h:h.slice(0,i);\
         if(location.protocol===\"file:\"&&/\\/$/.test(p)&&!/^[a-z][a-z0-9+.-]*:/i.test(h))\
         location.replace(p+\"index.html\"+(i<0?\"\":h.slice(i)));</script>\n\
         <meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={escaped}\">\n\
         <link rel=\"canonical\" href=\"{escaped}\">\n<p>This page is now at <a href=\"{escaped}\">{escaped}</a>.</p>\n</html>\n"
    )
    .into_bytes()
}

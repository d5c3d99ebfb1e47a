//! Shards: how the words of the index are grouped into files a browser loads on demand.

use std::collections::BTreeMap;

use super::SHARD_BYTES;

/// The first two characters of a word: the group its shards belong to.
pub(crate) fn group(word: &str) -> String {
    word.chars().take(2).collect()
}

/// Postings as [page delta, score, page delta, score, ...].
pub(crate) fn encode(postings: &[(u32, u32)]) -> Vec<u32> {
    let mut flat = Vec::with_capacity(postings.len() * 2);
    let mut previous = 0;
    for &(page, score) in postings {
        flat.push(page - previous);
        flat.push(score);
        previous = page;
    }
    flat
}

/// Groups `words` (sorted) into shards by their first `len` characters, lengthening the
/// prefix of any group whose shard would exceed [`SHARD_BYTES`]. Words no longer than the
/// prefix of a split group keep a shard of that prefix.
pub(crate) fn split<'a>(
    words: &'a [(&'a str, Vec<u32>)],
    len: usize,
    shards: &mut BTreeMap<String, BTreeMap<&'a str, &'a [u32]>>,
) {
    let mut start = 0;
    while start < words.len() {
        let prefix: String = words[start].0.chars().take(len).collect();
        let end = start + words[start..].partition_point(|(w, _)| w.starts_with(&prefix));
        let group = &words[start..end];
        let bytes: usize = group.iter().map(|(w, p)| w.len() + 6 + p.len() * 4).sum();
        if bytes <= SHARD_BYTES || group.len() == 1 {
            shards.insert(
                prefix,
                group.iter().map(|(w, p)| (*w, p.as_slice())).collect(),
            );
        } else {
            let short = group
                .iter()
                .take_while(|(w, _)| w.chars().count() <= len)
                .count();
            if short > 0 {
                shards.insert(
                    prefix,
                    group[..short]
                        .iter()
                        .map(|(w, p)| (*w, p.as_slice()))
                        .collect(),
                );
            }
            split(&group[short..], len + 1, shards);
        }
        start = end;
    }
}

/// The file-name form of a prefix: the hex of its UTF-8.
pub(crate) fn hex(prefix: &str) -> String {
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_file_names_are_hex() {
        assert_eq!(hex("go"), "676f");
        assert_eq!(hex("ßx"), "c39f78");
    }

    #[test]
    fn large_shards_split_by_longer_prefixes() {
        let big = vec![1u32; SHARD_BYTES / 4];
        let words: Vec<(&str, Vec<u32>)> = vec![
            ("go", vec![0, 1]),
            ("goal", big.clone()),
            ("gov", big.clone()),
            ("grow", vec![0, 1]),
        ];
        let mut shards = BTreeMap::new();
        split(&words, 2, &mut shards);
        let keys: Vec<&str> = shards.keys().map(String::as_str).collect();
        assert_eq!(keys, ["go", "goa", "gov", "gr"]);
        assert_eq!(shards["go"].keys().copied().collect::<Vec<_>>(), ["go"]);
    }
}

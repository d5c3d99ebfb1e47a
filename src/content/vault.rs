//! Settings a folder carries for the tool it was written for that change what is a page.
//! Today one: Obsidian's template folder (`.obsidian/templates.json`), whose notes are
//! templates full of placeholders (`created: {{date}}`), not pages to publish.

use std::path::Path;

use super::walk::Found;

/// Where an Obsidian vault keeps its templates, if it says.
fn templates_folder(content: &Path) -> Option<String> {
    let text = std::fs::read_to_string(content.join(".obsidian/templates.json")).ok()?;
    let settings: serde_json::Value = serde_json::from_str(&text).ok()?;
    let folder = settings.get("folder")?.as_str()?.trim().trim_matches('/');
    (!folder.is_empty() && !folder.split('/').any(|s| s == "..")).then(|| folder.to_string())
}

/// Takes the notes of the vault's template folder out of `files`: what it took (paths
/// below `content/`) and a line saying so.
pub(crate) fn leave_out_templates(
    content: &Path,
    files: &mut Vec<Found>,
) -> (Vec<String>, Option<String>) {
    let Some(folder) = templates_folder(content) else {
        return (Vec::new(), None);
    };
    let prefix = format!("{folder}/");
    let (templates, notes): (Vec<Found>, Vec<Found>) = std::mem::take(files)
        .into_iter()
        .partition(|f| f.rel_path.starts_with(&prefix));
    *files = notes;
    let count = templates.len();
    let said = (count > 0).then(|| {
        format!(
            "{count} {} in `{folder}/`, Obsidian's template folder (.obsidian/templates.json), not published",
            if count == 1 { "note" } else { "notes" }
        )
    });
    (templates.into_iter().map(|f| f.rel_path).collect(), said)
}

//! Rebuilds the binary when what it embeds changes: `include_dir!` compiles in the
//! default theme (`themes/default/`), the bundled playbook (`content/`) and `site.toml`,
//! but cargo does not know to watch them.
fn main() {
    for path in ["themes/default", "content", "site.toml"] {
        println!("cargo:rerun-if-changed={path}");
    }
}

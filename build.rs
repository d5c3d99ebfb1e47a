//! Rebuilds the binary when the built-in theme changes: `include_dir!` embeds
//! `themes/default/`, but cargo does not know to watch it.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}

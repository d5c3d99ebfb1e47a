//! Two jobs, both about what cargo cannot see for itself.
//!
//! 1. Rebuilds the binary when what it embeds changes: `include_dir!` compiles in the
//!    default theme (`themes/default/`), the bundled playbook (`content/`) and
//!    `site.toml`, but cargo does not know to watch them.
//! 2. Tells the test suite which outside tools this machine lacks, so that a test that
//!    needs one is reported as *ignored*, with its reason, instead of passing without
//!    having run. `cfg(no_browser)`: Debian's chromium or the npm packages of
//!    `tests/browser/` are missing; `cfg(no_html_checker)`: Java or the Nu HTML Checker
//!    (`vnu-jar`) is; `cfg(no_pdftotext)`: poppler's `pdftotext`, which reads back the
//!    print page's PDF, is; `cfg(not_root)`: the tests do not run as root, which a test that
//!    runs the server as a user of its own needs. On CI (`CI` set) none is ever set:
//!    there a missing tool makes its tests fail, since CI must run them all.

use std::path::Path;

fn main() {
    for path in ["themes/default", "content", "site.toml"] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo::rustc-check-cfg=cfg(no_browser)");
    println!("cargo::rustc-check-cfg=cfg(no_html_checker)");
    println!("cargo::rustc-check-cfg=cfg(not_root)");
    println!("cargo::rustc-check-cfg=cfg(no_pdftotext)");
    // Installing a package changes /usr/bin; `npm ci` changes tests/browser.
    println!("cargo:rerun-if-changed=/usr/bin");
    println!("cargo:rerun-if-changed=tests/browser");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    if std::env::var_os("CI").is_some() {
        return;
    }
    let modules = Path::new("tests/browser/node_modules");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let browser = Path::new(&chromium).exists()
        && on_path("node")
        && modules.join("playwright-core").is_dir()
        && modules.join("axe-core").is_dir();
    if !browser {
        println!("cargo:rustc-cfg=no_browser");
    }
    {
        use std::os::unix::fs::MetadataExt;
        // /proc/self belongs to the process's effective user.
        if std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() != 0) {
            println!("cargo:rustc-cfg=not_root");
        }
    }
    if !on_path("pdftotext") {
        println!("cargo:rustc-cfg=no_pdftotext");
    }
    let checker = on_path("java") && modules.join("vnu-jar/build/dist/vnu.jar").is_file();
    if !checker {
        println!("cargo:rustc-cfg=no_html_checker");
    }
}

/// True when `program` is a file in one of the `PATH` folders.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

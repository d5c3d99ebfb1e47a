//! The `playbook` binary: everything is in the library; see `playbook::cli`.

/// A build makes millions of small strings on every core; with glibc's allocator a
/// quarter of a large build went on malloc and free. mimalloc builds 10,000 pages about
/// 25% faster, for about 60 MB more at peak (see the README's performance section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    playbook::cli::main()
}

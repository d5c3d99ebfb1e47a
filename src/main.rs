//! The `playbook` binary: everything is in the library; see `playbook::cli`.

fn main() -> std::process::ExitCode {
    playbook::cli::main()
}

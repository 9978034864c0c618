//! The `mops-bot` binary; everything lives in the library.

fn main() -> std::process::ExitCode {
    mops_bot::cli::main()
}

//! The `mops-bot` binary; everything lives in the library.

/// jemalloc instead of the system allocator: under a burst the reply path allocates and frees
/// from many threads, where glibc's arenas spent a sixth of the CPU (see the README's
/// performance section).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    mops_bot::cli::main()
}

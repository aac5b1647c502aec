//! The `roadmap` binary: everything happens in the library's command-line layer.

/// mimalloc rather than the system's allocator: see Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roadmap::cli::run()
}

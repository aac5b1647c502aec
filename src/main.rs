//! The `roadmap` binary: everything happens in the library's command-line layer.

fn main() -> std::process::ExitCode {
    roadmap::cli::run()
}

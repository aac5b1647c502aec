//! Writes a synthetic roadmap for benchmarks and scale tests:
//! `cargo run --release --example generate -- <ITEMS> <DIR> [REVISION]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(items), Some(dir)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"usage: generate <ITEMS> <DIR> [REVISION]\n",
        );
        return ExitCode::from(2);
    };
    let revision = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(0);
    match roadmap::synth::write(std::path::Path::new(dir), items, revision) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("generate: {e}\n").as_bytes(),
            );
            ExitCode::from(2)
        }
    }
}

//! How long the generator takes per spec, from spec text to rendered files (release build).
//!
//! `cargo bench -p twilio-codegen --bench generate` measures; under `cargo test` (no `--bench`
//! argument) each spec is generated once, as a smoke test.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use twilio_codegen::{Options, generate};

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let specs = [
        root.join("../spec/twilio_proxy_v1.json"),
        root.join("../spec/extra/twilio_verify_v2.json"),
        root.join("../spec/extra/twilio_conversations_v1.json"),
    ];
    for spec in specs {
        let Ok(text) = std::fs::read_to_string(&spec) else {
            println!("skipped {} (not found)", spec.display());
            continue;
        };
        let runs = if measuring { 20 } else { 1 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut files = 0;
        let mut bytes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            match generate(&text, &Options::default()) {
                Ok(generated) => {
                    times.push(started.elapsed());
                    files = generated.files.len();
                    bytes = generated.files.values().map(String::len).sum::<usize>();
                }
                Err(diags) => {
                    eprintln!("{}: {diags}", spec.display());
                    std::process::exit(1);
                }
            }
        }
        times.sort();
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{name:<32} {} KiB spec -> {files} files, {} KiB: median {:?}, min {:?} over {runs} runs",
            text.len() / 1024,
            bytes / 1024,
            times[times.len() / 2],
            times[0],
        );
    }
}

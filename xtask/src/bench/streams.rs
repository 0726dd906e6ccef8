//! `cargo xtask bench --streams`: a 1 GiB download through a generated client next to reqwest
//! reading the same bytes, with the client's peak memory; and server-sent events decoded
//! into typed events by the client next to the same parser feeding serde_json directly.
//! Each measurement is a run of its own of one program, in turns, fastest of the rounds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The heading of the section, which a run of its own rewrites.
pub const SECTION: &str = "## Streams";

/// The program's measurements, by the mode it is run in.
const MODES: [&str; 4] = ["download-client", "download-reqwest", "events-client", "events-direct"];

/// One run of the program: seconds, peak memory in bytes, and what it counted.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub seconds: f64,
    pub peak: u64,
    pub count: u64,
}

/// The fastest of each mode, in `MODES`' order.
pub struct Streams(pub Vec<Measured>);

/// Builds the program against a crate generated from the bodies fixture, in release, and runs
/// each mode `rounds` times in turns.
pub fn run(root: &Path, dir: &Path, rounds: usize) -> Result<Streams, String> {
    let binary = build(root, dir)?;
    let mut best: Vec<Option<Measured>> = vec![None; MODES.len()];
    for round in 0..rounds {
        for (i, mode) in MODES.iter().enumerate() {
            let measured = measure(&binary, mode)?;
            best[i] = Some(match best[i] {
                Some(b) if b.seconds <= measured.seconds => Measured { peak: b.peak.max(measured.peak), ..b },
                Some(b) => Measured { peak: b.peak.max(measured.peak), ..measured },
                None => measured,
            });
        }
        eprintln!("round {round}: {best:?}");
    }
    Ok(Streams(best.into_iter().flatten().collect()))
}

fn build(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let workspace = dir.join("streams");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(workspace.join("program/src")).map_err(|e| e.to_string())?;
    let spec = root.join("tests/fixtures/specs/bodies.yaml");
    let generated = graphgen::codegen::generate(&spec, "bodies.yaml").map_err(|d| d.to_string())?;
    graphgen::codegen::write(&workspace.join("openai-api"), &generated.files)?;
    let manifest = "[package]\nname = \"streams-program\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                    [dependencies]\nopenai-api = { path = \"../openai-api\" }\nbytes = \"1\"\n\
                    eventsource-stream = \"0.2.3\"\nfutures-core = \"0.3\"\nhttp = \"1\"\n\
                    reqwest = { version = \"0.13\", default-features = false }\nserde_json = \"1\"\n\
                    tokio = { version = \"1\", features = [\"io-util\", \"macros\", \"net\", \"rt\"] }\n";
    let write = |path: &str, text: &str| std::fs::write(workspace.join(path), text).map_err(|e| e.to_string());
    write("program/Cargo.toml", manifest)?;
    write("program/src/main.rs", include_str!("streams_program.rs"))?;
    write("Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [\"openai-api\", \"program\"]\n")?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let target = root.join("target/scratch");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--offline", "--release", "--quiet", "-p", "streams-program"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the streams program does not build".to_owned());
    }
    Ok(target.join("release/streams-program"))
}

fn measure(binary: &Path, mode: &str) -> Result<Measured, String> {
    let output = Command::new(binary).arg(mode).output().map_err(|e| format!("{}: {e}", binary.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("{mode} failed: {text}{}", String::from_utf8_lossy(&output.stderr)));
    }
    let fields: Vec<&str> = text.split_whitespace().collect();
    let parse = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).ok_or(format!("{mode} printed `{text}`"));
    Ok(Measured { seconds: parse(0)?, peak: parse(1)? as u64, count: parse(2)? as u64 })
}

/// The section for BENCHMARKS.md.
pub fn markdown(streams: &Streams, date: &str, seconds: f64) -> String {
    let [client, reqwest, events, direct] = streams.0[..] else { return String::new() };
    let mut w = String::new();
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench --streams` on {date}, in {seconds:.0} s. A program built in release against \
         the crate generated from `tests/fixtures/specs/bodies.yaml` downloads {:.0} MiB from a server in its own \
         process, through the client's `send_streaming()` or through reqwest's `chunk()` alone; and decodes {} \
         server-sent events of an OpenAI chat completion chunk, held in memory in 16 KiB pieces, through the \
         client's `EventStream` or through `eventsource-stream` feeding `serde_json::from_str` directly. Each is a \
         run of its own, in turns; the fastest of five rounds, and the largest peak memory (`VmHWM`).\n",
        client.count as f64 / (1 << 20) as f64,
        events.count,
    );
    let _ = writeln!(w, "| figure | this run | goal |\n|---|---:|---|");
    let mib = |m: &Measured| m.count as f64 / (1 << 20) as f64 / m.seconds;
    let _ = writeln!(w, "| download through the client, MiB/s | {:.0} | |", mib(&client));
    let _ = writeln!(w, "| download through reqwest alone, MiB/s | {:.0} | |", mib(&reqwest));
    let _ = writeln!(w, "| client ÷ reqwest throughput | {:.2} | ≥ 0.8 |", mib(&client) / mib(&reqwest));
    let _ = writeln!(w, "| peak memory of the client's download, MB | {:.1} | < 64 |", client.peak as f64 / 1e6);
    let per_second = |m: &Measured| m.count as f64 / m.seconds;
    let _ = writeln!(w, "| typed events per second, client | {:.0} | |", per_second(&events));
    let _ = writeln!(w, "| typed events per second, parser + serde_json | {:.0} | |", per_second(&direct));
    let _ = writeln!(w, "| client ÷ direct | {:.2} | ≥ 0.8 |", per_second(&events) / per_second(&direct));
    w
}

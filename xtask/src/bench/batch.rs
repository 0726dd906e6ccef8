//! `cargo xtask bench --batch`: 1,000 small GETs through the generated client of this
//! repository's Graph slice, sent one by one and then as JSON batches, to a server that
//! answers every call after 20 ms. Each way is a run of its own, in turns.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The heading of the section, which a run of its own rewrites.
pub const SECTION: &str = "## Batching";

/// Requests in each measurement.
const REQUESTS: usize = 1000;

/// The server's latency per call, in milliseconds.
const LATENCY_MS: u64 = 20;

/// One run: seconds, and the calls the server answered.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub seconds: f64,
    pub calls: u64,
}

/// The fastest run sent one by one, and the fastest sent as batches.
pub struct Batching {
    pub single: Measured,
    pub batched: Measured,
}

/// Builds the program in release against `generated/` and runs each way `rounds` times.
pub fn run(root: &Path, dir: &Path, rounds: usize) -> Result<Batching, String> {
    let binary = build(root, dir)?;
    let (mut single, mut batched): (Option<Measured>, Option<Measured>) = (None, None);
    for round in 0..rounds {
        for (mode, best) in [("single", &mut single), ("batched", &mut batched)] {
            let measured = measure(&binary, mode)?;
            if best.is_none_or(|b| measured.seconds < b.seconds) {
                *best = Some(measured);
            }
        }
        eprintln!("round {round}: one by one {single:?}, batched {batched:?}");
    }
    match (single, batched) {
        (Some(single), Some(batched)) => Ok(Batching { single, batched }),
        _ => Err("no rounds were run".to_owned()),
    }
}

fn build(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let workspace = dir.join("batch");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(workspace.join("program/src")).map_err(|e| e.to_string())?;
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"batch-program\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngraph-office-config = {{ path = {:?} }}\n\
         axum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"net\", \"rt\", \"time\"] }}\n\n\
         [workspace]\n",
        generated.display().to_string()
    );
    let write = |path: &str, text: &str| std::fs::write(workspace.join(path), text).map_err(|e| e.to_string());
    write("program/Cargo.toml", &manifest)?;
    write("program/src/main.rs", include_str!("batch_program.rs"))?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("program/Cargo.lock")).map_err(|e| e.to_string())?;
    let target = root.join("target/scratch");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--offline", "--release", "--quiet"])
        .current_dir(workspace.join("program"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the batch program does not build".to_owned());
    }
    Ok(target.join("release/batch-program"))
}

fn measure(binary: &Path, mode: &str) -> Result<Measured, String> {
    let output = Command::new(binary)
        .args([mode, &REQUESTS.to_string(), &LATENCY_MS.to_string()])
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("{mode} failed: {text}{}", String::from_utf8_lossy(&output.stderr)));
    }
    let fields: Vec<&str> = text.split_whitespace().collect();
    let seconds = fields.first().and_then(|f| f.parse().ok()).ok_or(format!("{mode} printed `{text}`"))?;
    let calls = fields.get(1).and_then(|f| f.parse().ok()).ok_or(format!("{mode} printed `{text}`"))?;
    Ok(Measured { seconds, calls })
}

/// The section for BENCHMARKS.md.
pub fn markdown(batching: &Batching, date: &str, seconds: f64) -> String {
    let Batching { single, batched } = batching;
    let mut w = String::new();
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench --batch` on {date}, in {seconds:.0} s. A program built in release against \
         `generated/` sends {REQUESTS} GETs of `officeConfiguration`, one by one with `send()`, or added to one \
         `Batch` and sent with its `send()` (twenty to a `$batch`, in order), to a server in its own process that \
         answers every call after {LATENCY_MS} ms. Each way is a run of its own, in turns; the fastest of three \
         rounds.\n"
    );
    let _ = writeln!(w, "| figure | this run | goal |\n|---|---:|---|");
    let _ = writeln!(w, "| one by one: calls, seconds | {}, {:.2} | |", single.calls, single.seconds);
    let _ = writeln!(w, "| as batches: calls, seconds | {}, {:.2} | |", batched.calls, batched.seconds);
    let _ = writeln!(w, "| batched ÷ one by one | {:.3} | ≤ 0.1 |", batched.seconds / single.seconds);
    w
}

//! What a measured child process runs: only the work being timed, in a fresh process,
//! so that its wall time and peak memory are its own.

use std::path::Path;
use std::time::Instant;

/// Runs `what` (`load`, `read`, `codegen`, `regenerate` or `tree-parse`) on `spec` and prints
/// `seconds peak_kib files`. `load` is the floor, serde_yaml straight into openapiv3; `read`
/// is the load phase as it runs, normalising 3.1 and moving pointed-at schemas.
pub fn run(what: &str, spec: &Path, out: Option<&Path>) -> Result<(), String> {
    let started = Instant::now();
    let files = match what {
        "load" => {
            let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
            let api: openapiv3::OpenAPI = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
            std::hint::black_box(api);
            0
        }
        "read" => {
            let spec = graphgen::load::load(spec, "description").map_err(|d| d.to_string())?;
            let seconds = started.elapsed().as_secs_f64();
            println!("{seconds:.6} {} 0\n{}", peak_kib(), spec.timings.line());
            return Ok(());
        }
        "codegen" => {
            let out = out.ok_or("codegen needs an output directory")?;
            let generated = graphgen::codegen::generate(spec, "synthetic.yaml").map_err(|d| d.to_string())?;
            let mut timings = generated.timings;
            timings.time("write", || graphgen::codegen::write(out, &generated.files))?;
            let seconds = started.elapsed().as_secs_f64();
            println!("{seconds:.6} {} {}\n{}", peak_kib(), generated.files.len(), timings.line());
            return Ok(());
        }
        // Parsing the files listed in `spec`, one path a line, and only that.
        "tree-parse" => {
            let seconds = super::tree::parse_floor(spec)?;
            println!("{seconds:.6} {} 0", peak_kib());
            return Ok(());
        }
        // What `cargo xtask codegen` does over an earlier output: reuse what is unchanged.
        "regenerate" => {
            let out = out.ok_or("regenerate needs an output directory")?;
            let files =
                graphgen::codegen::generate_reusing(spec, "synthetic.yaml", out).map_err(|d| d.to_string())?.files;
            graphgen::codegen::write(out, &files)?;
            files.len()
        }
        other => return Err(format!("unknown measurement `{other}`")),
    };
    let seconds = started.elapsed().as_secs_f64();
    println!("{seconds:.6} {} {files}", peak_kib());
    Ok(())
}

/// The measurements over several descriptions: `load-all SPEC...` (the floor for every
/// description of the folders or files given), `codegen-all OUT SPEC...` (them made into one
/// crate), and `run-peak DIR TARGET PROGRAM ARGS...` (another program, with the peak memory
/// of its largest process). Prints `seconds peak_kib files`.
pub fn run_many(what: &str, args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let paths = |from: usize| args.iter().skip(from).map(std::path::PathBuf::from).collect::<Vec<_>>();
    let (files, peak) = match what {
        "load-all" => {
            super::graph::load_all(&paths(0))?;
            (0, peak_kib())
        }
        "codegen-all" => {
            let out = args.first().map(Path::new).ok_or("codegen-all needs an output directory")?;
            let descriptions = graphgen::codegen::descriptions(&paths(1))?;
            let options = graphgen::load::Options::default();
            let generated = graphgen::codegen::generate_all(&descriptions, "graph", options, None);
            let graphgen::codegen::Generated { files, mut timings, .. } = generated.map_err(|d| d.to_string())?;
            timings.time("write", || graphgen::codegen::write(out, &files))?;
            println!("{:.6} {} {}\n{}", started.elapsed().as_secs_f64(), peak_kib(), files.len(), timings.line());
            return Ok(());
        }
        "run-peak" => {
            let (seconds, peak) = super::graph::run_peak(args)?;
            println!("{seconds:.6} {peak} 0");
            return Ok(());
        }
        other => return Err(format!("unknown measurement `{other}`")),
    };
    println!("{:.6} {peak} {files}", started.elapsed().as_secs_f64());
    Ok(())
}

/// The process's peak resident memory, from `/proc/self/status` (0 where there is none).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

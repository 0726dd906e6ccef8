//! `cargo xtask`: project tasks. `codegen` generates the crate in `generated/` from `spec/`.

use std::path::PathBuf;
use std::process::ExitCode;

// Generating is mostly small allocations on every thread: parsing and printing syntax
// trees. mimalloc makes that phase about a quarter faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use xtask::{workspace_root, DEFAULT_OUT, DEFAULT_SPEC};

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--deny-warnings] [--allow-outside-refs] [--spec PATH]... [--out DIR]
       cargo xtask bench [--quick]
       cargo xtask bench --graph DIR [--no-build | --every-area]
       cargo xtask bench --tree SPEC
       cargo xtask bench --streams
       cargo xtask bench --batch
       cargo xtask corpus [NAME...]
       cargo xtask corpus --dir DIR [--deny-warnings] [--areas | --no-build] [--names] [--fallbacks]
                          [--allow-outside-refs] [NAME...]
       cargo xtask services [NAME...]

  --check      change nothing; fail and name every stale file if DIR differs
  --deny-warnings  fail on warnings too (or set `x-rust-crate: {warnings: deny}`)
  --spec PATH  the OpenAPI description (default: spec/office-configuration.yaml); repeated, or a
               folder (its .yml, .yaml and .json files, by name), several descriptions make one crate
  --allow-outside-refs  follow `$ref`s to files outside the folder of the description
  --out DIR    where the crate goes, with its runtime crate in DIR/runtime (default: generated)

bench measures codegen scaling, compile cost against progenitor and serde throughput,
prints the tables and rewrites BENCHMARKS.md; --quick stops the scaling at N = 100.
bench --graph DIR makes all the Graph modules of DIR/v1.0, then DIR/beta, one crate each,
with an area per tag, and measures generation, cargo check and cargo build of the whole
crate and cargo check of chosen areas; it rewrites only its section of BENCHMARKS.md.
--every-area checks every area alone instead, into a section of its own.
bench --tree SPEC times loading SPEC, a description split over many files, next to parsing
the files it reads, and rewrites only its section of BENCHMARKS.md.
bench --streams downloads 1 GiB and decodes server-sent events through a client generated
from tests/fixtures/specs/bodies.yaml, next to reqwest and to the event parser feeding
serde_json alone, and rewrites only its section of BENCHMARKS.md.
bench --batch sends 1,000 GETs through the client of generated/, one by one and as JSON
batches, to a server answering each call after 20 ms, and rewrites only its section.

corpus generates every description in tests/fixtures/corpus (or those whose file name
contains a NAME), builds the crates with clippy -D warnings (a crate with area features
also with each area alone), round-trips their payloads and prints a table ending in
`N passed, N failed`.

corpus --dir sweeps every description below DIR (any folder, such as a vintage of Graph
modules): each is generated and built alone with clippy -D warnings, a line per
description as it goes, then the table. --areas also builds each area alone; --no-build
only generates. Both tables count the invented names: public names ending in a number or
`_` that the description did not write; --names lists each one under its description's line.
Each crate is also documented with rustdoc -D warnings, and the tables count its fallbacks:
places whose schema is read as a looser type than it says (any JSON value, or properties
kept with the unknown ones); --fallbacks lists each one.
--allow-outside-refs follows references to files outside a description's folder, as
Azure's specifications make to their shared common-types.

services installs real services from PyPI or npm (Chroma, Prefect, Label Studio, the
AutoRest test server; or those whose name contains a NAME) into target/services, starts each
on SQLite or in memory, generates a client from the description it serves or ships and runs
the program tests/services/NAME.rs against it; it needs python3 with venv, node with npm,
curl and the network.";

fn main() -> ExitCode {
    graphgen_cli::install_panic_hook();
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => ExitCode::from(3),
    }
}

fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => {
            let mut options = xtask::bench::Options::default();
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--quick" => options.quick = true,
                    "--no-build" => options.no_build = true,
                    "--every-area" => options.every_area = true,
                    "--graph" => options.graph = rest.next().map(PathBuf::from),
                    "--tree" => options.tree = rest.next().map(PathBuf::from),
                    "--streams" => options.streams = true,
                    "--batch" => options.batch = true,
                    other => {
                        eprintln!("error: unknown argument `{other}`\n\n{USAGE}");
                        return ExitCode::from(2);
                    }
                }
            }
            match xtask::bench::run(&workspace_root(), &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        // What `bench` runs in a child process to time one step on its own.
        Some("bench-child")
            if matches!(args.get(1).map(String::as_str), Some("load-all" | "codegen-all" | "run-peak")) =>
        {
            match xtask::bench::run_child_many(&args[1], &args[2..]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("bench-child") => {
            let path = |i: usize| args.get(i).map(PathBuf::from);
            let (Some(what), Some(spec)) = (args.get(1), path(2)) else {
                eprintln!("usage: xtask bench-child load|read|codegen|regenerate SPEC [OUT]");
                return ExitCode::from(2);
            };
            match xtask::bench::run_child(what, &spec, path(3).as_deref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("corpus") if args.iter().any(|a| a == "--dir") => sweep(&args[1..]),
        Some("corpus") => {
            let root = workspace_root();
            let mut specs = xtask::corpus::descriptions(&root.join(xtask::corpus::DIR));
            // Names after the command pick descriptions whose file name contains one of them.
            let only = &args[1..];
            if !only.is_empty() {
                specs.retain(|p| {
                    only.iter().any(|o| p.file_name().is_some_and(|n| n.to_string_lossy().contains(o.as_str())))
                });
            }
            let target = root.join("target");
            let (workspace, scratch) = (target.join("corpus"), target.join("scratch"));
            let result =
                xtask::corpus::run(&specs, &workspace, &scratch, &root.join("Cargo.lock")).map(|mut entries| {
                    xtask::corpus::check_areas(&workspace, &scratch, &mut entries, |_| true);
                    entries
                });
            corpus_outcome(result, xtask::corpus::report, true)
        }
        Some("services") => {
            let only = &args[1..];
            let chosen: Vec<&xtask::services::Service> = (xtask::services::SERVICES.iter())
                .filter(|s| only.is_empty() || only.iter().any(|o| s.name.contains(o.as_str())))
                .collect();
            let result = xtask::services::run(&chosen, &workspace_root());
            finish(result.map(|runs| (xtask::services::report(&runs), runs.iter().all(|r| r.passed))))
        }
        Some("codegen") => {
            let root = workspace_root();
            let defaults = graphgen_cli::Defaults {
                command: "cargo xtask codegen".to_owned(),
                spec: Some(root.join(DEFAULT_SPEC)),
                out: Some(root.join(DEFAULT_OUT)),
            };
            let args = std::iter::once("cargo xtask codegen".into()).chain(args[1..].iter().map(Into::into));
            graphgen_cli::main_with(args, &defaults)
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `corpus --dir DIR [--deny-warnings] [--areas] [NAME...]`: every description below DIR.
fn sweep(args: &[String]) -> ExitCode {
    let mut options = xtask::sweep::Options::default();
    let mut dir = None;
    let mut list_names = false;
    let mut list_fallbacks = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = args.next().map(PathBuf::from),
            "--deny-warnings" => options.deny_warnings = true,
            "--areas" => options.areas = true,
            "--no-build" => options.no_build = true,
            "--allow-outside-refs" => options.outside_refs = true,
            "--names" => list_names = true,
            "--fallbacks" => list_fallbacks = true,
            other => options.only.push(other.to_owned()),
        }
    }
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        eprintln!("error: --dir needs a folder of descriptions\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut specs = xtask::sweep::descriptions_below(&dir);
    if !options.only.is_empty() {
        specs.retain(|(name, _)| options.only.iter().any(|o| name.contains(o.as_str())));
    }
    let root = workspace_root();
    let target = root.join("target");
    let total = specs.len();
    eprintln!("sweeping {total} descriptions below {}", dir.display());
    let result = xtask::sweep::run(
        &specs,
        &target.join("sweep"),
        &target.join("sweep-target"),
        &root.join("Cargo.lock"),
        &options,
        // A failure is shown as it happens: a sweep takes long, and its end may never be seen.
        |position, entry| {
            eprintln!("{}", xtask::sweep::progress_line(position, total, entry));
            if list_names {
                entry.invented.iter().for_each(|name| eprintln!("    {name}"));
            }
            if list_fallbacks {
                entry.fallbacks.iter().for_each(|place| eprintln!("    fallback {place}"));
            }
            eprint!("{}", xtask::corpus::failures(std::slice::from_ref(entry)));
        },
    );
    corpus_outcome(result, xtask::sweep::report, false)
}

/// Prints the report of a corpus run, after its failures when `failures`; success when
/// every description passed.
fn corpus_outcome(
    result: Result<Vec<xtask::corpus::Entry>, String>,
    report: fn(&[xtask::corpus::Entry]) -> String,
    failures: bool,
) -> ExitCode {
    finish(result.map(|entries| {
        if failures {
            eprint!("{}", xtask::corpus::failures(&entries));
        }
        let passed = entries.iter().all(|e| matches!(e.outcome, xtask::corpus::Outcome::Compiles));
        (report(&entries), passed)
    }))
}

/// Prints a command's report, and succeeds when everything in it passed.
fn finish(result: Result<(String, bool), String>) -> ExitCode {
    match result {
        Ok((report, passed)) => {
            print!("{report}");
            if passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

//! `cargo xtask bench`: how fast the generator is, how long its output takes to compile
//! next to progenitor's, and how fast the generated models read and write JSON.
//!
//! Everything runs in release mode, in child processes, and the figures that are
//! compared are measured side by side in one run, because the machine is shared.

mod child;
mod compile;
mod graph;
mod passes;
mod report;
mod batch;
mod streams;
mod synthetic;
mod tree;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub use child::{run as run_child, run_many as run_child_many};

/// One measured child process.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub seconds: f64,
    pub peak_kib: u64,
    pub files: usize,
    /// Each phase's time, when the child reports them (see [`graphgen::timings::Timings::line`]).
    pub phases: String,
}

/// The scaling figures for one size.
#[derive(Debug)]
pub struct Scaling {
    pub copies: usize,
    pub bytes: u64,
    pub load: Sample,
    pub codegen: Sample,
    /// `cargo xtask codegen` over the full output after one schema's description changed,
    /// measured at the largest size only.
    pub regenerate: Option<Sample>,
}

/// Serde throughput, MB/s: (decode, encode).
#[derive(Debug)]
pub struct Throughput {
    pub bytes: u64,
    pub items: u64,
    pub generated: (f64, f64),
    pub value: (f64, f64),
    pub plain: (f64, f64),
}

/// What `cargo xtask bench` measures.
#[derive(Debug, Default)]
pub struct Options {
    /// Stop the scaling at N = 100.
    pub quick: bool,
    /// Measure all of Graph in one crate from the modules in this folder, instead of the rest.
    pub graph: Option<PathBuf>,
    /// Leave out the whole Graph crate's `cargo build`, the longest step.
    pub no_build: bool,
    /// Check every Graph area alone instead, into a section of its own.
    pub every_area: bool,
    /// Measure loading this description of many files, instead of the rest.
    pub tree: Option<PathBuf>,
    /// Measure downloads and event streams through a generated client, instead of the rest.
    pub streams: bool,
    /// Measure requests sent one by one against the same sent as JSON batches, instead of the rest.
    pub batch: bool,
}

/// Runs every measurement, prints the tables and rewrites `BENCHMARKS.md`; the Graph
/// case, with its folder, rewrites only its own section.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    cargo(root, &["build", "--release", "--quiet", "-p", "xtask", "-p", "office-config-bench"])?;
    let benchmarks = root.join("BENCHMARKS.md");
    let previous = std::fs::read_to_string(&benchmarks).unwrap_or_default();
    if let Some(modules) = &options.graph {
        let mode =
            if options.every_area { graph::Mode::EveryArea } else { graph::Mode::Figures { build: !options.no_build } };
        let versions = graph::run(root, &dir, modules, mode)?;
        if versions.is_empty() {
            return Ok(());
        }
        let (date, seconds) = (report::now(), started.elapsed().as_secs_f64());
        let (heading, section) = match mode {
            graph::Mode::EveryArea => (graph::EVERY_AREA, graph::markdown_every_area(&versions, &date, seconds)),
            graph::Mode::Figures { .. } => (graph::SECTION, graph::markdown(&versions, &date, seconds)),
        };
        println!("{section}");
        let text = graph::replace_section(&previous, heading, &section);
        return std::fs::write(&benchmarks, text).map_err(|e| e.to_string());
    }
    if options.streams {
        let measured = streams::run(root, &dir, 5)?;
        let section = streams::markdown(&measured, &report::now(), started.elapsed().as_secs_f64());
        println!("{section}");
        let text = graph::replace_section(&previous, streams::SECTION, &section);
        return std::fs::write(&benchmarks, text).map_err(|e| e.to_string());
    }
    if options.batch {
        let measured = batch::run(root, &dir, 3)?;
        let section = batch::markdown(&measured, &report::now(), started.elapsed().as_secs_f64());
        println!("{section}");
        let text = graph::replace_section(&previous, batch::SECTION, &section);
        return std::fs::write(&benchmarks, text).map_err(|e| e.to_string());
    }
    if let Some(spec) = &options.tree {
        let tree = tree::run(root, &dir, spec, 5)?;
        let section = tree::markdown(spec, &tree, &report::now(), started.elapsed().as_secs_f64());
        println!("{section}");
        let text = graph::replace_section(&previous, tree::SECTION, &section);
        return std::fs::write(&benchmarks, text).map_err(|e| e.to_string());
    }
    let quick = options.quick;

    let sizes: &[usize] = if quick { &[1, 10, 100] } else { &[1, 10, 100, 1000] };
    let scaling = scaling(root, &dir, sizes)?;
    let compile = compile::run(root, &dir, &dir.join("synthetic-10.yaml"))?;
    let areas = area_costs(root, &dir, sizes)?;
    let throughput = throughput(root)?;

    let markdown = report::markdown(&scaling, &compile, &areas, &throughput, started.elapsed().as_secs_f64());
    println!("{markdown}");
    // The Graph sections are measured by runs of their own and kept.
    let mut markdown = markdown;
    for heading in [tree::SECTION, streams::SECTION, batch::SECTION, graph::SECTION, graph::EVERY_AREA] {
        if let Some(section) = graph::section_of(&previous, heading) {
            markdown = graph::replace_section(&markdown, heading, section);
        }
    }
    std::fs::write(benchmarks, markdown).map_err(|e| e.to_string())
}

/// What one area costs: of the largest synthetic description next to one copy, and of
/// the largest real descriptions of the corpus, one with a single area and one with several.
fn area_costs(root: &Path, dir: &Path, sizes: &[usize]) -> Result<Vec<compile::AreaCost>, String> {
    let largest = sizes.iter().copied().max().unwrap_or(1);
    let synthetic = dir.join(format!("synthetic-{largest}.yaml"));
    let name = format!("synthetic, N = {largest}");
    let mut costs = vec![compile::area_cost(root, dir, &name, &synthetic, Some(&dir.join("synthetic-1.yaml")), false)?];
    let corpus = crate::corpus::descriptions(&root.join(crate::corpus::DIR));
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    let graph: Vec<&PathBuf> =
        corpus.iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("graph-"))).collect();
    let mut picked: Vec<&PathBuf> = graph.iter().copied().max_by_key(|p| size(p)).into_iter().collect();
    // The largest with several areas, as its generated manifest lists them.
    let several = graph.iter().copied().filter(|p| {
        graphgen::codegen::generate(p, &p.display().to_string()).is_ok_and(|generated| {
            generated.files.get("Cargo.toml").is_some_and(|m| crate::corpus::area_features(m).len() > 1)
        })
    });
    let several = several.max_by_key(|p| size(p));
    if let Some(p) = several {
        if !picked.contains(&p) {
            picked.push(p);
        }
    }
    // The one with several areas by segment is measured with an area per tag too.
    let by_tag = several.map(|spec| crate::corpus::with_areas_by_tag(spec, dir)).transpose()?;
    for spec in picked.into_iter().chain(by_tag.as_ref()) {
        let name = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        costs.push(compile::area_cost(root, dir, &name, spec, None, true)?);
    }
    Ok(costs)
}

/// Runs `cargo` in `dir`, failing with its output.
fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Runs `xtask bench-child` and reads its one line of figures.
pub(super) fn child(root: &Path, args: &[&str]) -> Result<Sample, String> {
    let output = Command::new(root.join("target/release/xtask"))
        .arg("bench-child")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run the release xtask: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let mut next = || {
        fields
            .next()
            .ok_or_else(|| format!("bench-child {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    };
    let seconds = next()?.parse().map_err(|_| "bad seconds".to_owned())?;
    let peak_kib = next()?.parse().map_err(|_| "bad peak".to_owned())?;
    let files = next()?.parse().map_err(|_| "bad count".to_owned())?;
    let phases = text.lines().nth(1).unwrap_or("").to_owned();
    Ok(Sample { seconds, peak_kib, files, phases })
}

/// Codegen and load times for each size, alternating the two so both see the same load.
fn scaling(root: &Path, dir: &Path, sizes: &[usize]) -> Result<Vec<Scaling>, String> {
    let base: serde_json::Value = {
        let text = std::fs::read_to_string(root.join(crate::DEFAULT_SPEC)).map_err(|e| e.to_string())?;
        serde_yaml::from_str(&text).map_err(|e| e.to_string())?
    };
    let mut results = Vec::new();
    for &copies in sizes {
        let spec = synthetic_spec(dir, &base, copies)?;
        let bytes = std::fs::metadata(&spec).map_err(|e| e.to_string())?.len();
        // Two rounds at the largest size: one alone swings by half on a shared machine.
        let rounds = if copies >= 1000 {
            2
        } else if copies >= 100 {
            3
        } else {
            5
        };
        // Each round writes a directory of its own, and all of them are removed at the
        // end: creating thousands of files right after removing as many is several times
        // slower on some file systems (ext4 without a journal skips inodes freed in the
        // last seconds), which would be measured as generator time.
        let outs: Vec<PathBuf> = (0..rounds).map(|round| dir.join(format!("out-{copies}-{round}"))).collect();
        for out in &outs {
            let _ = std::fs::remove_dir_all(out);
        }
        let (mut load, mut codegen) =
            (Sample { seconds: f64::MAX, ..Sample::default() }, Sample { seconds: f64::MAX, ..Sample::default() });
        for out in &outs {
            let spec_arg = spec.to_string_lossy();
            let l = child(root, &["load", &spec_arg])?;
            let c = child(root, &["codegen", &spec_arg, &out.to_string_lossy()])?;
            load = fastest(load, l);
            codegen = fastest(codegen, c);
        }
        // The last round's output stays for a regeneration after a small edit.
        let out = &outs[outs.len() - 1];
        let regenerate = if Some(&copies) == sizes.last() {
            let edited = dir.join(format!("synthetic-{copies}-edited.yaml"));
            let text = std::fs::read_to_string(&spec).map_err(|e| e.to_string())?;
            let value: serde_json::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
            let edited_text = serde_yaml::to_string(&synthetic::edit_one_schema(&value)).map_err(|e| e.to_string())?;
            std::fs::write(&edited, edited_text).map_err(|e| e.to_string())?;
            // Edit, then undo the edit: each regeneration follows a one-schema change, and
            // the faster of the two counts, as for every other figure here.
            let mut best = Sample { seconds: f64::MAX, ..Sample::default() };
            for version in [&edited, &spec, &edited, &spec] {
                best = fastest(best, child(root, &["regenerate", &version.to_string_lossy(), &out.to_string_lossy()])?);
            }
            Some(best)
        } else {
            None
        };
        for out in &outs {
            let _ = std::fs::remove_dir_all(out);
        }
        eprintln!("N = {copies}: load {:.3} s, codegen {:.3} s", load.seconds, codegen.seconds);
        results.push(Scaling { copies, bytes, load, codegen, regenerate });
    }
    Ok(results)
}

pub(super) fn fastest(best: Sample, new: Sample) -> Sample {
    let phases = if new.seconds < best.seconds { new.phases } else { best.phases };
    Sample {
        seconds: best.seconds.min(new.seconds),
        peak_kib: best.peak_kib.max(new.peak_kib),
        files: new.files,
        phases,
    }
}

/// Writes (or reuses) the synthetic description with `copies` copies.
fn synthetic_spec(dir: &Path, base: &serde_json::Value, copies: usize) -> Result<PathBuf, String> {
    let path = dir.join(format!("synthetic-{copies}.yaml"));
    let text = serde_yaml::to_string(&synthetic::repeat(base, copies)).map_err(|e| e.to_string())?;
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    Ok(path)
}

/// The serde throughput program's figures.
fn throughput(root: &Path) -> Result<Throughput, String> {
    let output = Command::new(root.join("target/release/office-config-bench"))
        .args(["10000", "3000"])
        .output()
        .map_err(|e| format!("cannot run the throughput program: {e}"))?;
    let figures: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("the throughput program said: {}{e}", String::from_utf8_lossy(&output.stderr)))?;
    let pair = |name: &str| (figures[name][0].as_f64().unwrap_or(0.0), figures[name][1].as_f64().unwrap_or(0.0));
    Ok(Throughput {
        bytes: figures["bytes"].as_u64().unwrap_or(0),
        items: figures["items"].as_u64().unwrap_or(0),
        generated: pair("generated"),
        value: pair("value"),
        plain: pair("plain"),
    })
}

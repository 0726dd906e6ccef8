//! `cargo xtask bench --tree SPEC`: loading a description split over thousands of files,
//! next to the floor of parsing those files, so that a step that grows faster than the
//! description shows as a ratio above 2.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use super::{child, fastest, Sample};

/// The heading of the section, which a run of its own rewrites.
pub const SECTION: &str = "## A description of many files";

/// The figures of one tree.
pub struct Tree {
    pub files: usize,
    pub bytes: u64,
    pub references: usize,
    pub parse: Sample,
    pub load: Sample,
    pub codegen: Sample,
}

/// Times parsing, loading and generating `spec` in turns, fastest of `rounds` each.
pub fn run(root: &Path, dir: &Path, spec: &Path, rounds: usize) -> Result<Tree, String> {
    let list = dir.join("tree-files.txt");
    let (files, bytes, references) = census(spec, &list)?;
    let spec_arg = spec.to_string_lossy();
    let list_arg = list.to_string_lossy();
    let unmeasured = || Sample { seconds: f64::MAX, ..Sample::default() };
    let (mut parse, mut load, mut codegen) = (unmeasured(), unmeasured(), unmeasured());
    for round in 0..rounds {
        let out = dir.join(format!("tree-out-{round}"));
        let _ = std::fs::remove_dir_all(&out);
        parse = fastest(parse, child(root, &["tree-parse", &list_arg])?);
        load = fastest(load, child(root, &["read", &spec_arg])?);
        codegen = fastest(codegen, child(root, &["codegen", &spec_arg, &out.to_string_lossy()])?);
        eprintln!(
            "round {round}: parse {:.3} s, load {:.3} s, codegen {:.3} s",
            parse.seconds, load.seconds, codegen.seconds
        );
    }
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(dir.join(format!("tree-out-{round}")));
    }
    Ok(Tree { files, bytes, references, parse, load, codegen })
}

/// The files a load of `spec` reads, their bytes, and the `$ref`s written in them; the
/// files' paths are written to `list`, one a line, for the `tree-parse` child.
fn census(spec: &Path, list: &Path) -> Result<(usize, u64, usize), String> {
    let display = spec.display().to_string();
    let sources = graphgen::load::load(spec, &display).map_err(|d| d.to_string())?.sources;
    let bytes = sources.iter().map(|s| s.text.len() as u64).sum();
    let references = sources.iter().map(|s| s.text.matches("$ref").count()).sum();
    let paths: Vec<String> = sources.iter().filter_map(|s| s.path.as_ref()).map(|p| p.display().to_string()).collect();
    std::fs::write(list, paths.join("\n")).map_err(|e| e.to_string())?;
    Ok((sources.len(), bytes, references))
}

/// What the `tree-parse` child times: serde_yaml parsing each file listed in `list`, one
/// after another, which is the least any loader must do.
pub fn parse_floor(list: &Path) -> Result<f64, String> {
    let started = Instant::now();
    let paths = std::fs::read_to_string(list).map_err(|e| format!("{}: {e}", list.display()))?;
    // Every file is kept, as a loader keeps them until it has bundled them.
    let mut documents = Vec::new();
    for path in paths.lines() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        // serde_yaml's `Value` refuses integers beyond 64 bits, which real descriptions
        // write as bounds; such a file is parsed without keeping its values.
        match serde_yaml::from_str::<serde_yaml::Value>(&text) {
            Ok(value) => documents.push(value),
            Err(_) => {
                serde_yaml::from_str::<serde::de::IgnoredAny>(&text).map_err(|e| format!("{path}: {e}"))?;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    std::hint::black_box(documents);
    Ok(seconds)
}

/// The section for BENCHMARKS.md.
pub fn markdown(spec: &Path, tree: &Tree, date: &str, seconds: f64) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench --tree SPEC` on {date}, in {seconds:.0} s, for `{}`. *parse* is the floor: \
         serde_yaml reading each file the load reads into its `Value`, one after another (a file with an integer beyond 64 bits, which `Value` refuses, is parsed without keeping its values). *load* is the generator's load phase \
         (reading, bundling the files into one document, normalising, the OpenAPI model); *codegen* is everything \
         up to the written crate. Fastest of rounds that take turns.\n",
        spec.file_name().map_or_else(|| spec.display().to_string(), |n| n.to_string_lossy().into_owned())
    );
    let ratio = |a: &Sample| a.seconds / tree.parse.seconds;
    let _ = writeln!(w, "| figure | this run | goal |\n|---|---:|---|");
    let _ = writeln!(
        w,
        "| files, MB, `$ref`s | {}, {:.1} MB, {} | |",
        tree.files,
        tree.bytes as f64 / 1e6,
        tree.references
    );
    let _ = writeln!(w, "| parse s | {:.2} | |", tree.parse.seconds);
    // The load's own phase that reads, parses and joins the files, as the child reports it.
    let bundle = tree.load.phases.split(", ").find_map(|phase| phase.strip_prefix("bundle "));
    let bundle = bundle.and_then(|b| b.trim_end_matches(" s").parse::<f64>().ok());
    if let Some(bundle) = bundle {
        let _ = writeln!(
            w,
            "| bundle (reading, parsing and joining the files) ÷ parse | {:.2} ({bundle:.2} s) | ≤ 2 |",
            bundle / tree.parse.seconds
        );
    }
    let _ = writeln!(w, "| load ÷ parse | {:.2} ({:.2} s) | ≤ 2 |", ratio(&tree.load), tree.load.seconds);
    let _ = writeln!(w, "| codegen ÷ parse | {:.2} ({:.2} s) | |", ratio(&tree.codegen), tree.codegen.seconds);
    let _ = writeln!(w, "\ncodegen's phases: {}", tree.codegen.phases);
    w
}

//! Generating from a build script: the API as a module tree in `OUT_DIR`, which a crate of
//! the user's includes as its root, regenerated whenever a file of the description changes.
//!
//! The `build.rs` of a crate that depends on `graphgen-runtime`, `http`, `serde` and
//! `serde_json`, with `graphgen` as a build-dependency, is
//!
//! ```ignore
//! fn main() {
//!     graphgen::build::Build::new("openapi.yaml").run();
//! }
//! ```
//!
//! and its `src/lib.rs`:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/graphgen/lib.rs"));
//! ```
//!
//! The included tree is the crate root of the API (`crate::models`, `crate::Client`), so
//! it is the whole of its crate, as a generated crate is: give each API a crate of its
//! own. Areas are not features here; every type is compiled.

use std::path::{Path, PathBuf};

use crate::codegen;
use crate::diagnostics::Diagnostics;
use crate::emit::Form;
use crate::format::Stamp;
use crate::load;

/// The folder below `OUT_DIR` that [`Build`] writes to.
pub const DIR: &str = "graphgen";

/// A generation from a build script: one or several descriptions made into one module tree.
#[derive(Debug, Clone)]
pub struct Build {
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    options: load::Options,
    deny_warnings: bool,
}

/// Why a build-script generation failed.
#[derive(Debug)]
pub enum Error {
    /// The description has errors (or warnings that are denied); the report names each place.
    Description(Diagnostics),
    /// A file could not be read or written, or `OUT_DIR` is not set.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Description(report) => write!(f, "{report}"),
            Error::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl Build {
    /// A generation from the description at `spec`, a file or a folder of them, relative to
    /// the crate's manifest folder (where cargo runs build scripts).
    pub fn new(spec: impl Into<PathBuf>) -> Build {
        Build { specs: vec![spec.into()], out: None, options: load::Options::default(), deny_warnings: false }
    }

    /// Adds a description; several make one API.
    pub fn spec(mut self, spec: impl Into<PathBuf>) -> Build {
        self.specs.push(spec.into());
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR/graphgen`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Build {
        self.out = Some(dir.into());
        self
    }

    /// Follows `$ref`s to files outside the description's folder.
    pub fn allow_outside_refs(mut self) -> Build {
        self.options.outside = true;
        self
    }

    /// Applies an OpenAPI Overlay (1.0) to the descriptions before they are read; several
    /// are applied in the order given.
    pub fn overlay(mut self, overlay: impl Into<PathBuf>) -> Build {
        let overlay = overlay.into();
        let display = crate::display_path(&overlay);
        self.options.overlays.push((overlay, display));
        self
    }

    /// Makes every warning an error.
    pub fn deny_warnings(mut self) -> Build {
        self.deny_warnings = true;
        self
    }

    /// Generates and writes the module tree; returns the path of its root, `lib.rs`.
    ///
    /// Prints `cargo:rerun-if-changed` for every file the description was read from (and
    /// every folder named), so cargo runs the build script again exactly when one changes,
    /// and each warning as `cargo:warning`.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out = match &self.out {
            Some(out) => out.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(|dir| Path::new(&dir).join(DIR))
                .ok_or_else(|| Error::Io("OUT_DIR is not set: `Build` runs in a build script".to_owned()))?,
        };
        for spec in &self.specs {
            // A folder is watched as a whole, so a description added to it is seen too.
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let descriptions = codegen::descriptions(&self.specs).map_err(Error::Io)?;
        let display = self.specs.iter().map(|s| crate::display_path(s)).collect::<Vec<_>>().join(", ");
        let stamp = Stamp {
            command: "cargo build (graphgen::build in build.rs)".to_owned(),
            source: codegen::source_name(&self.specs, &out),
        };
        let generated =
            codegen::generate_stamped(&descriptions, &display, self.options.clone(), &stamp, Form::Module, Some(&out))
                .map_err(Error::Description)?;
        for source in &generated.sources {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        if !generated.warnings.is_empty() {
            if self.deny_warnings {
                let mut report = generated.warnings;
                report.deny_warnings();
                return Err(Error::Description(report));
            }
            for line in generated.warnings.render(false).lines().filter(|l| l.starts_with("warning")) {
                println!("cargo:warning={line}");
            }
        }
        codegen::write(&out, &generated.files).map_err(Error::Io)?;
        Ok(out.join("lib.rs"))
    }

    /// [`Build::generate`], or the report on standard error and a failed build script.
    pub fn run(&self) {
        if let Err(error) = self.generate() {
            eprintln!("{error}");
            eprintln!("the API was not generated");
            std::process::exit(1);
        }
    }
}

//! Generating a crate from another description into a scratch directory and building it.
//!
//! Scratch crates live outside the workspace and share one target directory under
//! `target/scratch`, so their dependencies are compiled once. They use the workspace's
//! lock file and run offline: every dependency they need is one the workspace has.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A generated crate in a temporary directory.
pub struct Scratch {
    dir: TempDir,
}

impl Scratch {
    /// Generates the crate for the description at `spec`; the error is the generator's report.
    pub fn generate(spec: &Path) -> Result<Scratch, String> {
        let files = xtask::codegen::generate(spec, &spec.display().to_string()).map_err(|d| d.to_string())?;
        let dir = tempfile::Builder::new().prefix("scratch-crate-").tempdir().map_err(|e| e.to_string())?;
        xtask::codegen::write(dir.path(), &files)?;
        std::fs::copy(crate::root().join("Cargo.lock"), dir.path().join("Cargo.lock")).map_err(|e| e.to_string())?;
        Ok(Scratch { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Adds a file, such as an integration test that uses the generated types.
    pub fn add_file(&self, relative: &str, text: &str) {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create the directory");
        std::fs::write(path, text).expect("write the file");
    }

    /// Runs `cargo <args>` in the crate and returns its combined output, or the output
    /// as the error if cargo failed.
    pub fn cargo(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(args)
            .arg("--offline")
            .arg("--quiet")
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("RUSTDOCFLAGS")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        if output.status.success() {
            Ok(text)
        } else {
            Err(text)
        }
    }
}

fn target_dir() -> PathBuf {
    crate::root().join("target").join("scratch")
}

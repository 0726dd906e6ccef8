//! Generating crates from other descriptions into a scratch workspace and building them.
//!
//! The workspace lives outside this one, in a temporary directory, and builds into
//! `target/scratch`, so dependencies are compiled once for all scratch crates and kept
//! between runs. It uses this workspace's lock file and runs offline: every dependency
//! a generated crate needs is one this workspace has.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A temporary workspace of generated crates.
pub struct Scratch {
    dir: TempDir,
    members: Vec<String>,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::Builder::new().prefix("scratch-workspace-").tempdir().expect("a temporary directory");
        Scratch { dir, members: Vec::new() }
    }

    /// Generates the crate for the description at `spec` into the member directory
    /// `member`; the error is the generator's report.
    pub fn generate(&mut self, member: &str, spec: &Path) -> Result<PathBuf, String> {
        self.generate_warning(member, spec).map(|(dir, _)| dir)
    }

    /// [`Scratch::generate`], also giving the generator's warnings.
    pub fn generate_warning(
        &mut self,
        member: &str,
        spec: &Path,
    ) -> Result<(PathBuf, graphgen::diagnostics::Diagnostics), String> {
        let generated = graphgen::codegen::generate(spec, &spec.display().to_string()).map_err(|d| d.to_string())?;
        Ok((self.write(member, &generated.files)?, generated.warnings))
    }

    /// Writes generated files into the member directory `member`.
    pub fn write(&mut self, member: &str, files: &graphgen::codegen::Files) -> Result<PathBuf, String> {
        let out = self.dir.path().join(member);
        graphgen::codegen::write(&out, files)?;
        self.members.push(member.to_owned());
        Ok(out)
    }

    /// Adds a member crate written by hand: its manifest, then files with [`Scratch::add_file`].
    pub fn add_member(&mut self, member: &str, manifest: &str) {
        self.members.push(member.to_owned());
        self.add_file(member, "Cargo.toml", manifest);
    }

    /// Adds a program written by hand as the member `member`, with its manifest and its
    /// `src/main.rs`, and builds it after clippy `-D warnings` has passed it and the crates
    /// it uses; the error is cargo's output.
    pub fn program(&mut self, member: &str, manifest: &str, main: &str) -> Result<(), String> {
        self.add_member(member, manifest);
        self.add_file(member, "src/main.rs", main);
        self.cargo(&["clippy", "-p", member, "--quiet", "--", "-D", "warnings"])
            .map_err(|output| format!("the crate or the program does not pass clippy:\n{output}"))?;
        self.cargo(&["build", "-p", member, "--quiet"]).map(drop)
    }

    /// Runs a program built by [`Scratch::program`] with the environment `env`, and returns
    /// what it printed; its failure panics with all it printed.
    pub fn run(&self, member: &str, env: &[(&str, String)]) -> String {
        let binary = crate::root().join("target/scratch/debug").join(member);
        let output = Command::new(&binary)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
        stdout
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Adds a file to a member, such as an integration test that uses the generated types.
    pub fn add_file(&self, member: &str, relative: &str, text: &str) {
        let path = self.dir.path().join(member).join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create the directory");
        std::fs::write(path, text).expect("write the file");
    }

    /// Runs `cargo <args>` in the workspace and returns its output, or the output as
    /// the error if cargo failed. Warnings are errors.
    pub fn cargo(&self, args: &[&str]) -> Result<String, String> {
        self.cargo_with(args, &[])
    }

    /// [`Scratch::cargo`] with more environment variables, such as `RUSTDOCFLAGS`.
    pub fn cargo_with(&self, args: &[&str], env: &[(&str, &str)]) -> Result<String, String> {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
        std::fs::write(self.dir.path().join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        let lock = self.dir.path().join("Cargo.lock");
        if !lock.exists() {
            std::fs::copy(crate::root().join("Cargo.lock"), lock).map_err(|e| e.to_string())?;
        }
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            // `--offline` goes right after the command, before any `--` that ends cargo's options.
            .args(&args[..1])
            .arg("--offline")
            .args(&args[1..])
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", crate::root().join("target").join("scratch"))
            .env("RUSTFLAGS", "-D warnings")
            // Each scratch crate is built once: incremental state would only fill the disk.
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTDOCFLAGS")
            .envs(env.iter().copied())
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

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

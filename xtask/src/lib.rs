//! The commands that drive the generator in `graphgen`: the benchmarks and the corpus sweeps.
//! `main.rs` parses the arguments of every command, `codegen` included.

pub mod bench;
pub mod corpus;
pub mod invented;
pub mod services;
pub mod sweep;

pub use graphgen::display_path;

/// The root of this workspace, where the project's own description and crate are.
pub fn workspace_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(std::path::Path::to_path_buf).unwrap_or_default()
}

/// The description the crate in `generated/` is made from.
pub const DEFAULT_SPEC: &str = "spec/office-configuration.yaml";

/// Where the crate is generated.
pub const DEFAULT_OUT: &str = "generated";

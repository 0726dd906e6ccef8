//! The commands that drive the generator in `graphgen`: the benchmarks and the corpus sweeps.
//! `main.rs` parses the arguments of every command, `codegen` included.

pub mod bench;
pub mod corpus;
pub mod sweep;

pub use graphgen::{display_path, workspace_root};

/// The description the crate in `generated/` is made from.
pub const DEFAULT_SPEC: &str = "spec/office-configuration.yaml";

/// Where the crate is generated.
pub const DEFAULT_OUT: &str = "generated";

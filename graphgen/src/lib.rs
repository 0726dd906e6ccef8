//! The generator behind `cargo xtask codegen`: OpenAPI descriptions in, a Rust crate out.
//!
//! The phases run in order and each has its own module: [`load`], [`validate`],
//! [`lower`] to the [`ir`], [`emit`] and [`format`].
//! [`codegen`] drives them and compares or writes the result. The commands that run
//! the generator (codegen, bench, corpus sweeps) live in `xtask`.

pub mod codegen;
pub mod diagnostics;
pub mod docs;
pub mod document;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod names;
pub mod schema;
pub mod timings;
pub mod validate;

use std::path::{Path, PathBuf};

/// The workspace root, which paths in messages and preambles are relative to.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// How a description path is named in messages and preambles: relative to the
/// workspace when it is inside it, so the output does not depend on where the
/// checkout lives.
pub fn display_path(spec: &Path) -> String {
    let root = workspace_root();
    let absolute =
        if spec.is_absolute() { spec.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(spec) };
    let shown = absolute.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(absolute);
    shown.to_string_lossy().replace('\\', "/")
}

//! The generator behind `cargo xtask codegen`: OpenAPI descriptions in, a Rust crate out.
//!
//! The phases run in order and each has its own module: [`load`], [`validate`],
//! [`lower`] to the [`ir`], [`emit`] and [`format`].
//! [`codegen`] drives them and compares or writes the result. The commands that run
//! the generator (codegen, bench, corpus sweeps) live in `xtask`.

pub mod build;
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
pub mod operations;
pub mod schema;
pub mod timings;
pub mod validate;

use std::path::Path;

/// How a path is named in messages: relative to the working directory when it is below
/// it, as written otherwise. Generated files never carry it (see
/// [`codegen::source_name`]), so messages may depend on where the command runs.
pub fn display_path(path: &Path) -> String {
    let shown = match std::env::current_dir() {
        Ok(here) if path.is_absolute() => path.strip_prefix(&here).map(Path::to_path_buf).unwrap_or(path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let shown = shown.to_string_lossy().replace('\\', "/");
    if shown.is_empty() {
        ".".to_owned()
    } else {
        shown
    }
}

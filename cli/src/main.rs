//! `graphgen`: generates a Rust client crate from OpenAPI descriptions, in any project.

use std::process::ExitCode;

// Generating is mostly small allocations on every thread: parsing and printing syntax
// trees. mimalloc makes that phase about a quarter faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let defaults = graphgen_cli::Defaults { command: "graphgen".to_owned(), spec: None, out: None };
    graphgen_cli::main_with(std::env::args_os(), &defaults)
}

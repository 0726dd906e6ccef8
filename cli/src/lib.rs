//! The `graphgen` command and `cargo xtask codegen`: one set of arguments, one run of the
//! generator, one report and one set of exit codes, for whichever command a user types.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, ValueEnum};
use graphgen::codegen;
use graphgen::emit::Form;
use graphgen::format::Stamp;

/// The exit status when the crate was written or is up to date.
pub const SUCCESS: u8 = 0;
/// The exit status when the description has errors, warnings are denied, `--check`
/// found stale files, or the output folder cannot be written.
pub const FAILURE: u8 = 1;
/// The exit status of a command line that cannot be read (clap's own, too).
pub const USAGE: u8 = 2;
/// The exit status of a bug in the generator: nothing was written.
pub const INTERNAL: u8 = 3;

const AFTER_HELP: &str = "\
Exit status:
  0  the crate was written, or with --check is up to date
  1  the description has errors (or warnings, when they are denied), --check found
     stale files, or the output folder could not be written; nothing was changed
  2  the command line could not be read
  3  an internal error of the generator; nothing was written

Each file of the crate starts with a line naming the command and the description,
relative to the crate when the description lies in the folder that holds the crate,
otherwise by its file name: the same description gives the same bytes on every machine.";

/// Generates a Rust client crate, with its runtime crate beside it, from OpenAPI 3.0 or
/// 3.1 descriptions.
#[derive(Debug, Parser)]
#[command(name = "graphgen", version, after_help = AFTER_HELP)]
pub struct Args {
    /// Description files or folders (every .yml, .yaml and .json file in it); several
    /// make one crate
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,

    /// A description file or folder, as a positional SPEC; may be repeated
    #[arg(long = "spec", value_name = "PATH", action = ArgAction::Append)]
    pub more_specs: Vec<PathBuf>,

    /// Where the crate goes; its runtime crate goes in DIR/runtime
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Change nothing; fail and name every stale file if DIR differs
    #[arg(long)]
    pub check: bool,

    /// Fail on warnings too (the description may also say `x-rust-crate: {warnings: deny}`)
    #[arg(long)]
    pub deny_warnings: bool,

    /// Follow `$ref`s to files outside the folder of the description
    #[arg(long)]
    pub allow_outside_refs: bool,

    /// An OpenAPI Overlay (1.0) applied to the descriptions before they are read, to mend
    /// what they get wrong without editing them; may be repeated, applied in order
    #[arg(long = "overlay", value_name = "FILE", action = ArgAction::Append)]
    pub overlays: Vec<PathBuf>,

    /// Print only problems, not the summary line
    #[arg(short, long)]
    pub quiet: bool,

    /// When to colour the report
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: Color,
}

/// When to colour the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is not set
    Auto,
    /// Always, as a terminal shows it
    Always,
    /// Never: plain text
    Never,
}

/// What a caller fills in when the command line leaves it out.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The command the files' first line tells users to run again.
    pub command: String,
    /// The description when none is named.
    pub spec: Option<PathBuf>,
    /// The output folder when `--out` is not given.
    pub out: Option<PathBuf>,
}

/// Reads `args` (the program name first) as `command` would, then runs it; the exit code
/// follows the constants above. Usage errors and `--help` are printed by clap.
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>, defaults: &Defaults) -> ExitCode {
    install_panic_hook();
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { SUCCESS });
        }
    };
    match std::panic::catch_unwind(|| run(args, defaults)) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(INTERNAL),
    }
}

/// A bug in the generator must not look like a crash: one line, no backtrace, and the
/// reassurance that nothing was written (files are written only after every phase succeeded).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "internal error{location}: {message}\n\
             nothing was written; please report this with the description that caused it"
        );
    }));
}

/// Generates, reports, and checks or writes; returns the exit code.
pub fn run(args: Args, defaults: &Defaults) -> u8 {
    let mut specs = args.specs;
    specs.extend(args.more_specs);
    if specs.is_empty() {
        specs.extend(defaults.spec.clone());
    }
    if specs.is_empty() {
        eprintln!("error: name a description: {} SPEC --out DIR (see --help)", defaults.command);
        return USAGE;
    }
    let Some(out) = args.out.or_else(|| defaults.out.clone()) else {
        eprintln!("error: --out DIR is needed: the folder the crate goes in (see --help)");
        return USAGE;
    };
    let styled = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let display = specs.iter().map(|s| graphgen::display_path(s)).collect::<Vec<_>>().join(", ");
    let descriptions = match codegen::descriptions(&specs) {
        Ok(descriptions) => descriptions,
        Err(message) => {
            eprintln!("error: {message}");
            return FAILURE;
        }
    };
    let stamp = Stamp { command: defaults.command.clone(), source: codegen::source_name(&specs, &out) };
    let overlays = args.overlays.iter().map(|o| (o.clone(), graphgen::display_path(o))).collect();
    let load = graphgen::load::Options { outside: args.allow_outside_refs, overlays };
    // `--check` formats everything, so that a file edited by hand is always found.
    let reuse = (!args.check).then_some(out.as_path());
    let files = match codegen::generate_stamped(&descriptions, &display, load, &stamp, Form::Crate, reuse) {
        Ok(generated) if args.deny_warnings && !generated.warnings.is_empty() => {
            let mut report = generated.warnings;
            report.deny_warnings();
            eprintln!("{}", report.render(styled));
            eprintln!("nothing was written: --deny-warnings makes every warning an error");
            return FAILURE;
        }
        Ok(generated) => {
            if !generated.warnings.is_empty() {
                eprintln!("{}", generated.warnings.render(styled));
            }
            generated.files
        }
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render(styled));
            eprintln!("nothing was written");
            return FAILURE;
        }
    };
    let shown = graphgen::display_path(&out);
    if args.check {
        return match codegen::compare(&out, &files) {
            Ok(drift) if drift.is_clean() => {
                if !args.quiet {
                    println!("{shown} is up to date ({} files)", files.len());
                }
                SUCCESS
            }
            Ok(drift) => {
                for path in &drift.stale {
                    eprintln!("stale: {shown}/{path}");
                }
                for path in &drift.obsolete {
                    eprintln!("no longer generated: {shown}/{path}");
                }
                eprintln!("{shown} does not match {display}: run `{}`", defaults.command);
                FAILURE
            }
            Err(error) => {
                eprintln!("error: cannot read {shown}: {error}");
                FAILURE
            }
        };
    }
    match codegen::write(&out, &files) {
        Ok(drift) => {
            if !args.quiet {
                let changed = drift.stale.len() + drift.obsolete.len();
                println!("{shown}: {} files, {changed} changed", files.len());
            }
            SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            FAILURE
        }
    }
}

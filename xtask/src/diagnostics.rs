//! Problems found in a description, collected so that all of them are reported at once.

use std::fmt;

/// One problem, with where it is and, when there is one, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A JSON pointer into the description, such as `/components/schemas/foo/properties/bar`.
    pub pointer: String,
    /// The 1-based line in the description file, when it is known.
    pub line: Option<usize>,
    /// The 1-based column, when it is known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a clear fix.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { pointer: pointer.into(), line: None, column: None, message: message.into(), hint: None }
    }

    pub fn unsupported(pointer: impl Into<String>, what: impl fmt::Display) -> Self {
        let pointer = pointer.into();
        let message = format!("unsupported: {what} at {pointer}");
        Diagnostic::new(pointer, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every problem found in one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// The file the pointers and lines refer to.
    pub file: String,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics { file: file.into(), items: Vec::new() }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Fills in line numbers from the description's text, where a pointer can be found in it.
    pub fn locate(&mut self, source: &str) {
        for item in &mut self.items {
            if item.line.is_none() {
                item.line = crate::locate::line_of_pointer(source, &item.pointer);
            }
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            write!(f, "error: {}", self.file)?;
            if let Some(line) = item.line {
                write!(f, ":{line}")?;
                if let Some(column) = item.column {
                    write!(f, ":{column}")?;
                }
            }
            if !item.pointer.is_empty() && !item.message.contains(&item.pointer) {
                write!(f, ": {}", item.pointer)?;
            }
            write!(f, ": {}", item.message)?;
            if let Some(hint) = &item.hint {
                write!(f, " (hint: {hint})")?;
            }
            writeln!(f)?;
        }
        let count = self.items.len();
        write!(f, "{count} problem{} found", if count == 1 { "" } else { "s" })
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn pointer(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// Appends several reference tokens, already escaped, such as `content/application~1json/schema`.
pub fn pointer_path(base: &str, escaped: &str) -> String {
    format!("{base}/{escaped}")
}

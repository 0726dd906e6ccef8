//! Problems found in a description, collected so that all of them are reported at once.
//!
//! An error means no sound crate can be generated; a warning means the description breaks
//! a rule but has one deterministic reading, which is generated. Each problem names the
//! rule it breaks (its code), so that a thousand warnings of one kind print as a few
//! examples and a count. Reports are rendered as rustc renders its own, with the source
//! line and a caret, by annotate-snippets.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// No sound crate can be made; nothing is written.
    Error,
    /// The description breaks a rule, and the crate is generated from its one sound reading.
    Warning,
}

/// One problem, with where it is and, when there is one, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The rule broken, such as `duplicate-operation-id`. ARCHITECTURE.md lists the warnings'.
    pub code: &'static str,
    /// A JSON pointer into the description, such as `/components/schemas/foo/properties/bar`.
    pub pointer: String,
    /// Which of the report's files the pointer is into ([`Diagnostics::files`]); `None`
    /// until loading's origins have placed it (a pointer into the loaded document). A
    /// `u32` keeps the diagnostic small enough to return by value.
    pub file: Option<u32>,
    /// The 1-based line in the description file, when it is known.
    pub line: Option<usize>,
    /// The 1-based column, when it is known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: Box<str>,
    /// How to fix it, when there is a clear fix. (Boxed, so that a `Result` carrying a
    /// diagnostic stays small.)
    pub hint: Option<Box<str>>,
}

impl Diagnostic {
    /// An error: the description cannot be generated.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: "invalid",
            pointer: pointer.into(),
            file: None,
            line: None,
            column: None,
            message: message.into().into_boxed_str(),
            hint: None,
        }
    }

    /// An error for a construct the generator cannot express.
    pub fn unsupported(pointer: impl Into<String>, what: impl fmt::Display) -> Self {
        let pointer = pointer.into();
        let message = format!("unsupported: {what} at {pointer}");
        Diagnostic { code: "unsupported", ..Diagnostic::new(pointer, message) }
    }

    /// A warning under the rule `code`: the crate is still generated.
    pub fn warning(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, code, ..Diagnostic::new(pointer, message) }
    }

    /// The index of the report's file the problem is in; the first until it is placed.
    pub fn file_index(&self) -> usize {
        self.file.map_or(0, |f| f as usize)
    }

    /// Says which of the report's files the pointer is into.
    pub fn place_in_file(&mut self, index: usize) {
        self.file = Some(u32::try_from(index).unwrap_or(u32::MAX));
    }

    /// The same problem under the rule `code`.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many warnings of one code a report shows before it only counts them.
pub const SHOWN_PER_CODE: usize = 3;

/// How many errors of one code a report shows; errors are fixed one by one, so more are shown.
const ERRORS_SHOWN_PER_CODE: usize = 50;

/// Every problem found in one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    /// What the report is about: the description, or the descriptions together.
    pub file: String,
    /// The files the items' pointers are into, by [`Diagnostic::file`]; an item without a
    /// file is in the first.
    pub files: Vec<String>,
    pub items: Vec<Diagnostic>,
    /// The text of the lines a report quotes, by file and line number, filled in by
    /// [`Diagnostics::locate_in`].
    lines: std::collections::BTreeMap<(usize, usize), String>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        let file = file.into();
        Diagnostics { files: vec![file.clone()], file, items: Vec::new(), lines: Default::default() }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Makes every warning an error, for users who want a strict gate.
    pub fn deny_warnings(&mut self) {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
    }

    /// How many warnings there are of each code, by code.
    pub fn warning_counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for item in self.warnings() {
            *counts.entry(item.code).or_insert(0) += 1;
        }
        counts
    }

    /// Fills in lines, columns and source lines from the description's text for the problems
    /// a report shows. Finding a line scans the text, so the problems only counted are not looked for.
    pub fn locate(&mut self, source: &str) {
        self.locate_in(&[source]);
    }

    /// [`Diagnostics::locate`] for a report over several files, whose texts are `sources`
    /// in the order of [`Diagnostics::files`].
    pub fn locate_in(&mut self, sources: &[&str]) {
        let shown = self.shown();
        let lines: Vec<crate::locate::Lines<'_>> = sources.iter().map(|s| crate::locate::Lines::new(s)).collect();
        for (i, item) in self.items.iter_mut().enumerate() {
            let file = item.file_index();
            let (Some(source), Some(lines)) = (sources.get(file), lines.get(file)) else { continue };
            if !shown[i] {
                continue;
            }
            if item.line.is_none() {
                if let Some((line, column)) = crate::locate::position_of_pointer(source, &item.pointer) {
                    item.line = Some(line);
                    item.column = item.column.or(column);
                }
            }
            if let Some(line) = item.line {
                if let Some(text) = lines.get(line) {
                    self.lines.entry((file, line)).or_insert_with(|| text.to_owned());
                }
            }
        }
    }

    /// Which items a report shows: the first few of each severity and code.
    fn shown(&self) -> Vec<bool> {
        let mut seen: std::collections::BTreeMap<(Severity, &str), usize> = std::collections::BTreeMap::new();
        self.items
            .iter()
            .map(|item| {
                let count = seen.entry((item.severity, item.code)).or_insert(0);
                *count += 1;
                *count <= if item.is_error() { ERRORS_SHOWN_PER_CODE } else { SHOWN_PER_CODE }
            })
            .collect()
    }

    /// The report, with terminal colours when `styled`.
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
        let shown = self.shown();
        let mut out = String::new();
        // Errors first, in the order they were found; then warnings grouped by code.
        let mut first_of_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            first_of_code.entry(item.code).or_insert(i);
        }
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| {
            let item = &self.items[i];
            (item.severity, if item.is_error() { 0 } else { first_of_code[item.code] }, i)
        });
        let mut hidden: Vec<(Severity, &'static str, usize)> = Vec::new();
        for &i in &order {
            let item = &self.items[i];
            if !shown[i] {
                match hidden.iter_mut().find(|(severity, code, _)| (*severity, *code) == (item.severity, item.code)) {
                    Some((_, _, count)) => *count += 1,
                    None => hidden.push((item.severity, item.code, 1)),
                }
                continue;
            }
            let file = item.file_index();
            let quoted = item.line.and_then(|line| self.lines.get(&(file, line))).map(String::as_str);
            let name = self.files.get(file).unwrap_or(&self.file);
            out.push_str(&render_one(&renderer, name, item, quoted));
            out.push_str("\n\n");
        }
        for (severity, code, count) in hidden {
            let (level, noun) = match severity {
                Severity::Error => (Level::ERROR, "error"),
                Severity::Warning => (Level::WARNING, "warning"),
            };
            let title = format!("{count} more {noun}{} of this kind, not shown", plural(count));
            out.push_str(&renderer.render(&[Group::with_title(level.primary_title(&title).id(code))]));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out
    }

    /// `N errors, N warnings` (or `no problems`).
    pub fn summary(&self) -> String {
        let errors = self.errors().count();
        let warnings = self.items.len() - errors;
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(format!("{errors} error{}", plural(errors)));
        }
        if warnings > 0 {
            let kinds: Vec<String> = self.warning_counts().into_iter().map(|(c, n)| format!("{n} {c}")).collect();
            parts.push(format!("{warnings} warning{} ({})", plural(warnings), kinds.join(", ")));
        }
        if parts.is_empty() {
            return "no problems".to_owned();
        }
        format!("{}: {}", self.file, parts.join(", "))
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// How much of a source line after the caret a report quotes; a minified JSON description
/// is one line. The text before it is kept, so that the column shown is right, and
/// annotate-snippets cuts what does not fit.
const QUOTED: usize = 160;

fn render_one(renderer: &Renderer, file: &str, item: &Diagnostic, source_line: Option<&str>) -> String {
    let level = match item.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let pointer = &item.pointer;
    let quoted = match (item.line, source_line) {
        (Some(line), Some(text)) => Some((line, quote(text, item.column))),
        _ => None,
    };
    let origin = match (item.line, item.column) {
        (Some(line), Some(column)) => format!("at {file}:{line}:{column}: {pointer}"),
        (Some(line), None) => format!("at {file}:{line}: {pointer}"),
        // A syntax error has a place in the text but none in the document.
        _ if pointer.is_empty() => format!("in {file}"),
        _ => format!("at {file}: {pointer}"),
    };
    let mut group = Group::with_title(level.clone().primary_title(&*item.message).id(item.code));
    match &quoted {
        Some((line, (window, span))) => {
            let annotation = AnnotationKind::Primary.span(span.clone()).label(pointer);
            group = group.element(Snippet::source(window).line_start(*line).path(file).annotation(annotation));
        }
        None => group = group.element(Level::NOTE.message(&origin)),
    }
    if let Some(hint) = &item.hint {
        group = group.element(Level::HELP.message(&**hint));
    }
    renderer.render(&[group])
}

/// The part of `text` to quote and the span of the caret in it: from `column` (1-based) or
/// the first non-blank character, to the end of the word or key there.
fn quote(text: &str, column: Option<usize>) -> (String, std::ops::Range<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let start = match column {
        Some(column) => column.saturating_sub(1).min(chars.len()),
        // A sequence item's key is after its dash.
        None => {
            let first = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
            if chars[first..].starts_with(&['-', ' ']) {
                first + 2
            } else {
                first
            }
        }
    };
    let to = (start + QUOTED).min(chars.len());
    let window: String = chars[..to].iter().collect();
    let rest = &chars[start..to];
    let skip_quote = usize::from(rest.first().is_some_and(|c| *c == '"' || *c == '\''));
    let length = rest
        .iter()
        .skip(skip_quote)
        .position(|c| c.is_whitespace() || matches!(c, ':' | ',' | '"' | '\'' | '}' | ']'))
        .map_or(rest.len(), |p| p + 2 * skip_quote)
        .clamp(1, rest.len().max(1));
    // Spans are byte offsets into the window.
    let byte = |chars_before: usize| window.chars().take(chars_before).map(char::len_utf8).sum::<usize>();
    let begin = byte(start);
    let end = byte(start + length).max(begin);
    (window, begin..end)
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The warnings that say a schema is read as a looser type than it describes: any JSON
/// value, or a struct that keeps some properties with the unknown ones. With the places
/// lowering records (`Components::fallbacks`), they make a crate's fallback count.
pub const LOOSER: &[&str] = &[
    "allof-conflict",
    "allof-unions",
    "allof-union-member",
    "allof-value-member",
    "allof-values",
    "json-schema-ignored",
    "recursive-alias",
];

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn pointer(base: &str, token: &str) -> String {
    // Walks build one of these for every node of a description, so it allocates once.
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    push_token(&mut out, token);
    out
}

/// Appends `/token` to a JSON pointer, escaping the token; a walk that keeps one pointer
/// and truncates it on the way back up allocates nothing per node.
pub fn push_token(out: &mut String, token: &str) {
    out.push('/');
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
    } else {
        out.push_str(token);
    }
}

/// Appends several reference tokens, already escaped, such as `content/application~1json/schema`.
pub fn pointer_path(base: &str, escaped: &str) -> String {
    format!("{base}/{escaped}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_warnings_of_one_kind_print_as_examples_and_a_count() {
        let mut report = Diagnostics::new("api.yaml");
        for i in 0..10 {
            report.push(Diagnostic::warning("duplicate-operation-id", format!("/paths/~1a{i}/get"), format!("id {i}")));
        }
        report.push(Diagnostic::new("/paths", "broken"));
        let text = report.render(false);
        assert_eq!(text.matches("warning[duplicate-operation-id]: id").count(), SHOWN_PER_CODE, "{text}");
        assert!(text.contains("7 more warnings of this kind, not shown"), "{text}");
        assert!(text.find("error[invalid]: broken") < text.find("warning["), "errors come first:\n{text}");
        assert!(text.ends_with("api.yaml: 1 error, 10 warnings (10 duplicate-operation-id)"), "{text}");
    }

    #[test]
    fn a_located_problem_quotes_its_line_with_a_caret_under_the_key() {
        let source = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      operationId: same\n";
        let mut report = Diagnostics::new("api.yaml");
        report.push(Diagnostic::warning("duplicate-operation-id", "/paths/~1a/get/operationId", "repeated"));
        report.locate(source);
        let text = report.render(false);
        assert!(text.contains("--> api.yaml:5:7"), "{text}");
        assert!(text.contains("5 |       operationId: same"), "{text}");
        assert!(text.contains("^^^^^^^^^^^ /paths/~1a/get/operationId"), "{text}");
    }
}

//! Turning description text into doc comments that rustdoc accepts without warnings.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line, for text taken from the description.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "…"]` attributes, for the documentation of the enclosing module.
pub fn inner_doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = sanitize(text);
    quote! { #( #![doc = #lines] )* }
}

/// Makes description text safe as Markdown for rustdoc and clippy.
///
/// Descriptions are written for people, not rustdoc: `[x]` would become a broken
/// intra-doc link, `<x>` an unclosed HTML tag, a bare URL a warning, and an indented
/// or fenced block a doctest that does not compile. Lines that continue a list item are
/// indented to its text, as clippy's `doc_lazy_continuation` and
/// `doc_overindented_list_items` ask, and tabs become spaces. Each line is given a
/// leading space so the comment reads `/// text`.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    // The current list item's text column, as written and as output, and whether a blank
    // line came since. A line nests under the item when it is indented to the item's text
    // as written; it is then output at the item's text as output, so the two agree.
    let mut item: Option<(usize, usize)> = None;
    let mut blank = false;
    let mut fenced = false;
    for raw in dedent(text).trim_matches('\n').lines() {
        let raw = raw.trim_end();
        let line = raw.trim();
        let own = raw.len() - raw.trim_start().len();
        if line.is_empty() {
            if lines.last().is_none_or(String::is_empty) {
                continue;
            }
            lines.push(String::new());
            blank = true;
            continue;
        }
        if line.starts_with("```") {
            fenced = !fenced;
            item = None;
            lines.push(format!(" {}{}", " ".repeat(own.min(3)), if fenced { "```text" } else { "```" }));
            continue;
        }
        let indent = match (list_marker(line), item) {
            _ if fenced => own.min(3),
            // A nested item sits at its parent's text; a new item otherwise starts a list.
            (Some(marker), Some((written, output))) if own >= written => {
                item = Some((own + marker, output + marker));
                output
            }
            (Some(marker), _) => {
                let indent = own.min(3);
                item = Some((own + marker, indent + marker));
                indent
            }
            // A line after an item continues it, unless a blank line came and it is not indented.
            (None, Some((written, output))) if !blank || own >= written => output,
            (None, _) => {
                item = None;
                own.min(3)
            }
        };
        blank = false;
        lines.push(format!(" {}{}", " ".repeat(indent), escape(line)));
    }
    // Fences are opened as text blocks; a stray closing fence would open one instead.
    if fenced {
        lines.push(" ```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The text without the indentation all its lines share, tabs as four spaces: text
/// indented as a whole, as a Python docstring is, would be a code block in Markdown.
pub fn dedent(text: &str) -> String {
    let text = text.replace('\t', "    ");
    let indent = |l: &str| l.len() - l.trim_start().len();
    let common = text.lines().filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    if common == 0 {
        return text;
    }
    let lines: Vec<&str> = text.lines().map(|l| l.get(common.min(indent(l))..).unwrap_or("")).collect();
    lines.join("\n")
}

/// Where the text of a list item starts after the marker a line starts with (`- `, `* `,
/// `+ `, `1. `, `2) `), if any: past the marker and the one to four spaces after it, as
/// CommonMark reads it (five or more spaces start an indented block, after one).
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let marker = match bytes {
        [b'-' | b'*' | b'+', b' ', ..] => 1,
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marked = (1..=9).contains(&digits)
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && bytes.get(digits + 1) == Some(&b' ');
            if !marked {
                return None;
            }
            digits + 1
        }
    };
    let spaces = bytes[marker..].iter().take_while(|b| **b == b' ').count();
    Some(marker + if spaces <= 4 { spaces } else { 1 })
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_inclusive(' ') {
        let bare = word.trim_end();
        if bare.starts_with("http://") || bare.starts_with("https://") {
            out.push('<');
            out.push_str(bare);
            out.push('>');
            out.push_str(&word[bare.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(sanitize("See [entity] <b>"), vec![" See \\[entity\\] &lt;b&gt;"]);
        assert_eq!(sanitize("at https://example.com/x."), vec![" at <https://example.com/x.>"]);
        assert_eq!(sanitize("a\n\n    indented"), vec![" a", "", "    indented"]);
        assert_eq!(sanitize("- item\n  continued"), vec![" - item", "   continued"]);
        assert_eq!(sanitize("```json\n{}\n```"), vec![" ```text", " {}", " ```"]);
        assert_eq!(sanitize("```"), vec![" ```text", " ```"]);
        // List items continue at their text's column, however the description indents them.
        assert_eq!(
            sanitize("- If the event is\n`added`, the parent\n        is set.\n\nAfter.\n1. one\n\tmore"),
            vec![" - If the event is", "   `added`, the parent", "   is set.", "", " After.", " 1. one", "    more"]
        );
        assert_eq!(sanitize("* a\n  - nested\n    text"), vec![" * a", "   - nested", "     text"]);
        // A docstring's own indentation is not a code block; blank lines at either end go.
        assert_eq!(
            sanitize("\n        Poll it.\n        \n        1. one\n        2. two\n    "),
            vec![" Poll it.", "", " 1. one", " 2. two"]
        );
    }
}

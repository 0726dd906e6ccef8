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

/// Makes description text safe as Markdown for rustdoc.
///
/// Descriptions are written for people, not rustdoc: `[x]` would become a broken
/// intra-doc link, `<x>` an unclosed HTML tag, a bare URL a warning, and an indented
/// or fenced block a doctest that does not compile. Each line is given a leading space
/// so the comment reads `/// text`.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for raw in text.trim().lines() {
        let line = raw.trim();
        // Up to three spaces of indentation are kept, so list items continue; four
        // would start an indented code block.
        let indent = &raw[..(raw.len() - raw.trim_start().len()).min(3)];
        let line = if line.starts_with("```") { "```text".to_owned() } else { escape(line) };
        lines.push(if line.is_empty() { String::new() } else { format!(" {indent}{line}") });
    }
    // Fences are opened as text blocks; a stray closing fence would open one instead.
    let fences = lines.iter().filter(|l| l.trim_start().starts_with("```")).count();
    if fences % 2 == 1 {
        lines.push(" ```".to_owned());
    }
    let mut open = false;
    for line in &mut lines {
        if line.trim_start().starts_with("```") {
            if open {
                *line = " ```".to_owned();
            }
            open = !open;
        }
    }
    lines
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
    }
}

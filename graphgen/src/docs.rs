//! Turning description text into doc comments that rustdoc accepts without warnings.

use proc_macro2::TokenStream;
use pulldown_cmark::{Event, Parser, Tag};
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
        // A fence, of backticks or tildes, is written at the margin and ends any list:
        // inside a list item, CommonMark ends the block at the first line indented less
        // than the item, which would leave the closing fence opening another block.
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            item = None;
            lines.push(if fenced { " ```text" } else { " ```" }.to_owned());
            continue;
        }
        // In CommonMark only `1.` or `1)` starts a new ordered list in the middle of a
        // paragraph; `2) second` there is text. A next item of a list is an item.
        let in_paragraph = !blank && lines.last().is_some_and(|l| !l.is_empty());
        let new_list = item.is_none_or(|(written, _)| own >= written);
        let listed = list_marker(line);
        let demoted = listed.is_some() && in_paragraph && new_list && is_ordered_past_one(line);
        let marker = listed.filter(|_| !demoted);
        let indent = match (marker, item) {
            _ if fenced => 0,
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
        // A code block is shown as written. A numbered line read as text is escaped as
        // text, so that no reader, in no context (after a table, say), takes it for an
        // item: `2\) second`.
        let text = match line.find(['.', ')']) {
            Some(at) if demoted => escape(&format!("{}\\{}", &line[..at], &line[at..])),
            _ if fenced => line.to_owned(),
            _ => escape(line),
        };
        lines.push(format!(" {}{}", " ".repeat(indent), text));
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

/// Whether a line starts an ordered list item numbered other than 1.
fn is_ordered_past_one(line: &str) -> bool {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && digits.trim_start_matches('0') != "1"
}

/// A line with what rustdoc would misread escaped. The spans Markdown reads as code, and
/// links to an address (`[docs](https://…)`, `<https://…>`), are kept as written: rustdoc
/// reads them as the description means them, and an escaped link would leave a bare URL.
fn escape(line: &str) -> String {
    let mut kept: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new(line).into_offset_iter() {
        match event {
            Event::Code(_) => kept.push(range),
            Event::Start(Tag::Link { dest_url, .. }) if is_address(&dest_url) => kept.push(range),
            _ => {}
        }
    }
    kept.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for range in kept {
        // A code span inside a kept link is kept with it.
        if range.start < at {
            continue;
        }
        out.push_str(&escape_text(&line[at..range.start]));
        out.push_str(&link_text_escaped(&line[range.clone()]));
        at = range.end;
    }
    out.push_str(&escape_text(&line[at..]));
    out
}

/// A kept span with the brackets inside a link's text escaped, which rustdoc would read
/// as links of their own (`[[Demo]](https://…)`), and its angle brackets, which it would
/// read as HTML (`[<Conference> TwiML](https://…)`), but inside the text's code spans; code
/// spans and autolinks are as written.
fn link_text_escaped(span: &str) -> String {
    let (Some(inner), Some(end)) = (span.strip_prefix('['), span.rfind("](")) else { return span.to_owned() };
    let text = &inner[..end - 1];
    let mut code = false;
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '`' => {
                code = !code;
                escaped.push(c);
            }
            _ if code => escaped.push(c),
            '[' => escaped.push_str("\\["),
            ']' => escaped.push_str("\\]"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    format!("[{escaped}{}", &span[end..])
}

/// Whether a link's destination is an address rustdoc links to as it is, rather than a
/// path it would try to resolve as an item.
fn is_address(destination: &str) -> bool {
    let scheme = destination.split_once(':').map(|(scheme, _)| scheme);
    scheme.is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
}

/// Plain text with brackets and angle brackets escaped and bare URLs made links. A URL
/// runs to the first space, quote or angle bracket, wherever it starts (`(https://…`).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let url = [rest.find("https://"), rest.find("http://")].into_iter().flatten().min();
        let plain = &rest[..url.unwrap_or(rest.len())];
        for c in plain.chars() {
            match c {
                '[' | ']' => {
                    unescape_trailing_backslash(&mut out);
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
        }
        rest = &rest[plain.len()..];
        if url.is_some() {
            let end = rest.find(|c: char| c.is_whitespace() || "<>\"'`".contains(c)).unwrap_or(rest.len());
            unescape_trailing_backslash(&mut out);
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            rest = &rest[end..];
        }
    }
    out
}

/// Doubles a backslash the text ends with, which would otherwise escape the markup that
/// comes next (`\<https://…>` is no link): the description's backslash stays a backslash.
fn unescape_trailing_backslash(out: &mut String) {
    let trailing = out.chars().rev().take_while(|c| *c == '\\').count();
    if trailing % 2 == 1 {
        out.push('\\');
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(sanitize("See [entity] <b>"), vec![" See \\[entity\\] &lt;b&gt;"]);
        // Angle brackets in a link's text are text (Twilio's `[<Conference> TwiML](https://…)`).
        assert_eq!(
            sanitize("see the [<Conference> TwiML instruction](https://x.io/c) and `<b>`"),
            vec![" see the [&lt;Conference&gt; TwiML instruction](https://x.io/c) and `<b>`"]
        );
        assert_eq!(
            sanitize("depends on the <Pay> Connector. [Read more](https://x.io/p)."),
            vec![" depends on the &lt;Pay&gt; Connector. [Read more](https://x.io/p)."]
        );
        assert_eq!(sanitize("at https://example.com/x."), vec![" at <https://example.com/x.>"]);
        assert_eq!(sanitize("a\n\n    indented"), vec![" a", "", "    indented"]);
        assert_eq!(sanitize("- item\n  continued"), vec![" - item", "   continued"]);
        assert_eq!(sanitize("```json\n{}\n```"), vec![" ```text", " {}", " ```"]);
        assert_eq!(sanitize("```"), vec![" ```text", " ```"]);
        // Links to addresses and code spans are read as Markdown means them; a link to
        // something else is text.
        assert_eq!(
            sanitize("See [the docs](https://x.io/a) or <https://x.io/b>, `[i]` and [User](#/User)."),
            vec![" See [the docs](https://x.io/a) or <https://x.io/b>, `[i]` and \\[User\\](#/User)."]
        );
        assert_eq!(sanitize("```\n[a] <b>\n```"), vec![" ```text", " [a] <b>", " ```"]);
        // A backslash before what is escaped or linked stays a backslash.
        assert_eq!(sanitize("a \\https://x.io \\[b]"), vec![" a \\\\<https://x.io> \\\\\\[b\\]"]);
        // `2)` in the middle of a paragraph is text, not a list to indent after.
        assert_eq!(
            sanitize("- item\n  text\n  2) second\n     more"),
            vec![" - item", "   text", "   2\\) second", "   more"]
        );
        // A fence inside a list item is written at the margin, so the block ends where it says.
        assert_eq!(sanitize("* item\n   ```\n  code\n\\\n~~~"), vec![" * item", " ```text", " code", " \\", " ```"]);
        // Brackets in a link's text are text.
        assert_eq!(sanitize("[[Demo]](https://x.io/d)"), vec![" [\\[Demo\\]](https://x.io/d)"]);
        // A URL is a link wherever it starts, and ends before the markup after it.
        assert_eq!(sanitize("***https://x.io/a</div>"), vec![" ***<https://x.io/a>&lt;/div&gt;"]);
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

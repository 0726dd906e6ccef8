//! Finding the line of a JSON pointer in YAML text.
//!
//! The OpenAPI model keeps no positions, so lines are recovered from the text: each
//! pointer token is looked for as a mapping key (or sequence item) more deeply
//! indented than the previous one. This finds block-style YAML, which is how
//! descriptions are written by hand. When a token cannot be found, the line of the
//! deepest token that was found is given, which is where the problem is looked for.

/// The 1-based line where `pointer` points, if it can be found.
pub fn line_of_pointer(source: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let Some((line, indent)) = find_token(&lines, start, parent_indent, &token) else {
            return found;
        };
        found = Some(line + 1);
        start = line + 1;
        parent_indent = Some(indent);
    }
    found
}

/// Looks for `token` as a key, or as an index into a sequence, below `start`.
fn find_token(lines: &[&str], start: usize, parent: Option<usize>, token: &str) -> Option<(usize, usize)> {
    let index: Option<usize> = token.parse().ok();
    let mut seen_items = 0;
    let mut item_indent = None;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(parent) = parent {
            // Leaving the parent's block ends the search; a sequence item may sit at the
            // parent's own indentation.
            if indent < parent || (indent == parent && !trimmed.starts_with("- ")) {
                return None;
            }
        }
        if let Some(index) = index {
            let is_item = trimmed.starts_with("- ") || trimmed == "-";
            if is_item && *item_indent.get_or_insert(indent) == indent {
                if seen_items == index {
                    return Some((i, indent + 1));
                }
                seen_items += 1;
            }
        }
        let key = trimmed.trim_start_matches("- ");
        let bare = key.split(':').next().unwrap_or("").trim();
        let unquoted = bare.trim_matches(|c| c == '\'' || c == '"');
        if unquoted == token && key.len() > bare.len() {
            return Some((i, indent));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::line_of_pointer;

    #[test]
    fn finds_nested_keys_and_items() {
        let yaml = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: x\n        - name: y\ncomponents:\n  schemas:\n    'x.y':\n      type: object\n";
        assert_eq!(line_of_pointer(yaml, "/paths/~1a~1b/get"), Some(4));
        assert_eq!(line_of_pointer(yaml, "/paths/~1a~1b/get/parameters/1"), Some(7));
        assert_eq!(line_of_pointer(yaml, "/components/schemas/x.y/type"), Some(11));
        assert_eq!(line_of_pointer(yaml, "/components/schemas/missing"), Some(9));
        assert_eq!(line_of_pointer(yaml, "/nothing"), None);
    }
}

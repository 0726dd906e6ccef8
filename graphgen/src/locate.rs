//! Finding the line of a JSON pointer in the description's text.
//!
//! The OpenAPI model keeps no positions, so they are recovered from the text. JSON text is
//! scanned token by token, which finds the exact line and column of a key even in a
//! minified document. In YAML, each pointer token is looked for as a mapping key (or
//! sequence item) more deeply indented than the previous one. This finds block-style
//! YAML, which is how descriptions are written by hand. When a token cannot be found, the
//! place of the deepest token that was found is given, which is where the problem is
//! looked for.

/// Whether `source` is JSON rather than YAML: its first character opens an object or array.
pub fn is_json(source: &str) -> bool {
    source.trim_start_matches('\u{feff}').trim_start().starts_with(['{', '['])
}

/// The 1-based line of `pointer` in `source`, and its column when the text tells it exactly.
pub fn position_of_pointer(source: &str, pointer: &str) -> Option<(usize, Option<usize>)> {
    if is_json(source) {
        let offset = json_offset(source.as_bytes(), pointer)?;
        let (line, column) = Lines::new(source).position(offset);
        Some((line, Some(column)))
    } else {
        line_of_pointer(source, pointer).map(|line| (line, None))
    }
}

/// The start of every line of a text, to turn byte offsets into lines and back.
pub struct Lines<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { source, starts }
    }

    /// The text of the 1-based `line`, without its line break.
    pub fn get(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.source.len(), |next| next - 1);
        Some(self.source[start..end].trim_end_matches('\r'))
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self.source.get(start..offset).map_or(1, |text| text.chars().count() + 1);
        (line, column)
    }
}

/// The byte offset of the key (or array item) `pointer` names in JSON text, or of the
/// deepest one found on its way.
fn json_offset(text: &[u8], pointer: &str) -> Option<usize> {
    let mut at = skip_space(text, 0);
    let mut found = None;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match text.get(at) {
            Some(b'{') => find_member(text, at, &token),
            Some(b'[') => token.parse().ok().and_then(|index| find_item(text, at, index)),
            _ => None,
        };
        let Some((key_at, value_at)) = next else { return found };
        found = Some(key_at);
        at = value_at;
    }
    found.or(Some(at))
}

/// In the object at `at`, the offsets of the key `token` and of its value.
fn find_member(text: &[u8], at: usize, token: &str) -> Option<(usize, usize)> {
    let mut i = skip_space(text, at + 1);
    while text.get(i) == Some(&b'"') {
        let key_end = skip_string(text, i)?;
        let raw = std::str::from_utf8(&text[i..key_end]).ok()?;
        let matches = if raw.contains('\\') {
            serde_json::from_str::<String>(raw).is_ok_and(|k| k == token)
        } else {
            raw[1..raw.len() - 1] == *token
        };
        let colon = skip_space(text, key_end);
        let value = skip_space(text, colon + 1);
        if matches {
            return Some((i, value));
        }
        let after = skip_space(text, skip_value(text, value)?);
        i = if text.get(after) == Some(&b',') { skip_space(text, after + 1) } else { return None };
    }
    None
}

/// In the array at `at`, the offset of item `index` (twice, as it is both key and value).
fn find_item(text: &[u8], at: usize, index: usize) -> Option<(usize, usize)> {
    let mut i = skip_space(text, at + 1);
    for _ in 0..index {
        let after = skip_space(text, skip_value(text, i)?);
        i = if text.get(after) == Some(&b',') { skip_space(text, after + 1) } else { return None };
    }
    (text.get(i) != Some(&b']')).then_some((i, i))
}

fn skip_space(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The offset just after the string that starts at `i`.
fn skip_string(text: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match text.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just after the value that starts at `i`.
fn skip_value(text: &[u8], i: usize) -> Option<usize> {
    match text.get(i)? {
        b'"' => skip_string(text, i),
        b'{' | b'[' => {
            let mut depth = 0_usize;
            let mut j = i;
            loop {
                match text.get(j)? {
                    b'"' => {
                        j = skip_string(text, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while text.get(j).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                j += 1;
            }
            Some(j)
        }
    }
}

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
        if yaml_key(trimmed.trim_start_matches("- ")).is_some_and(|key| key == token) {
            return Some((i, indent));
        }
    }
    None
}

/// The key a YAML line starts with, unquoted: `'a''b': 1` → `a'b`, `"a\"b": 1` → `a"b`,
/// `a: 1` → `a`. Keys of quoted flow style hold colons and quotes, as Graph's OData
/// function paths do.
fn yaml_key(line: &str) -> Option<String> {
    // An explicit key, `? key`, as emitters write keys longer than 128 characters.
    if let Some(key) = line.strip_prefix("? ") {
        let key = key.trim();
        return Some(match key.chars().next() {
            Some('\'' | '"') => yaml_key(&format!("{key}:"))?,
            _ => key.to_owned(),
        });
    }
    let mut chars = line.char_indices();
    match chars.next()?.1 {
        '\'' => {
            let mut key = String::new();
            let mut rest = line[1..].chars().peekable();
            while let Some(c) = rest.next() {
                if c == '\'' {
                    if rest.peek() == Some(&'\'') {
                        rest.next();
                    } else {
                        return rest.next().is_some_and(|c| c == ':').then_some(key);
                    }
                }
                key.push(c);
            }
            None
        }
        '"' => {
            let mut key = String::new();
            let mut rest = line[1..].chars();
            while let Some(c) = rest.next() {
                match c {
                    '\\' => key.push(rest.next()?),
                    '"' => return rest.next().is_some_and(|c| c == ':').then_some(key),
                    c => key.push(c),
                }
            }
            None
        }
        _ => {
            // A plain key ends at the first `: ` (or a `:` ending the line).
            let end = line.find(": ").or_else(|| line.strip_suffix(':').map(str::len))?;
            Some(line[..end].trim_end().to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{line_of_pointer, position_of_pointer};

    #[test]
    fn finds_keys_and_items_in_json_even_minified() {
        let json = "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a/b\": {\"get\": {\"parameters\": [{\"name\": \"x\"}, {\"name\": \"y\"}]}}},\n \"components\": {\"schemas\": {\"a\\\"b\": {}}}}";
        assert_eq!(position_of_pointer(json, "/paths/~1a~1b/get"), Some((2, Some(21))));
        assert_eq!(position_of_pointer(json, "/paths/~1a~1b/get/parameters/1/name"), Some((2, Some(60))));
        assert_eq!(position_of_pointer(json, "/components/schemas/a\"b"), Some((3, Some(29))));
        assert_eq!(position_of_pointer(json, "/components/schemas/missing"), Some((3, Some(17))));
        let minified = "{\"a\":{\"b\":[1,{\"c\":true}]}}";
        assert_eq!(position_of_pointer(minified, "/a/b/1/c"), Some((1, Some(15))));
    }

    #[test]
    fn finds_nested_keys_and_items() {
        let yaml = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: x\n        - name: y\ncomponents:\n  schemas:\n    'x.y':\n      type: object\n";
        assert_eq!(line_of_pointer(yaml, "/paths/~1a~1b/get"), Some(4));
        assert_eq!(line_of_pointer(yaml, "/paths/~1a~1b/get/parameters/1"), Some(7));
        assert_eq!(line_of_pointer(yaml, "/components/schemas/x.y/type"), Some(11));
        assert_eq!(line_of_pointer(yaml, "/components/schemas/missing"), Some(9));
        assert_eq!(line_of_pointer(yaml, "/nothing"), None);
        let quoted = "paths:\n  '/f(a=''{a}'')':\n    get: {}\n  \"/g\\\"h\":\n    get: {}\n";
        assert_eq!(line_of_pointer(quoted, "/paths/~1f(a='{a}')/get"), Some(3));
        assert_eq!(line_of_pointer(quoted, "/paths/~1g\"h/get"), Some(5));
        let explicit = "paths:\n  ? /a(b='{b}')\n  : get: {}\n  /c: {}\n";
        assert_eq!(line_of_pointer(explicit, "/paths/~1a(b='{b}')"), Some(2));
    }
}

//! The request and response examples of the two documentation pages the description
//! is derived from, read from verbatim copies in `tests/fixtures/docs`.

use serde_json::Value;

/// One HTTP message shown in a docs page.
#[derive(Debug)]
pub struct Message {
    /// The first line: `PATCH https://…` or `HTTP/1.1 200 OK`.
    pub start_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    /// The body exactly as the page shows it.
    pub body_text: String,
}

impl Message {
    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A documentation page's example request and response.
#[derive(Debug)]
pub struct DocPage {
    pub file: &'static str,
    pub request: Message,
    pub response: Message,
}

/// Both pages.
pub fn pages() -> Vec<DocPage> {
    ["update-clientconfigurations.md", "create-clientconfigurations.md"].into_iter().map(page).collect()
}

fn page(file: &'static str) -> DocPage {
    let path = crate::root().join("tests/fixtures/docs").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let request = section(&text, "### Request").unwrap_or_else(|| panic!("{file}: no request example"));
    let response = section(&text, "### Response").unwrap_or_else(|| panic!("{file}: no response example"));
    DocPage { file, request, response }
}

/// The first ```http block after `heading`, split into start line, headers and body.
fn section(text: &str, heading: &str) -> Option<Message> {
    let after = &text[text.find(heading)?..];
    let block = &after[after.find("``` http")? + "``` http".len()..];
    let block = &block[..block.find("```")?];
    let mut lines = block.trim().lines();
    let start_line = lines.next()?.trim().to_owned();
    let mut headers = Vec::new();
    let mut body_lines = Vec::new();
    let mut in_body = false;
    for line in lines {
        // One docs page puts the body straight after the headers, without a blank line.
        if !in_body && (line.trim().is_empty() || line.starts_with('{')) {
            in_body = true;
        }
        if in_body {
            body_lines.push(line);
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let body_text = body_lines.join("\n").trim().to_owned();
    let body = serde_json::from_str(&body_text).ok()?;
    Some(Message { start_line, headers, body, body_text })
}

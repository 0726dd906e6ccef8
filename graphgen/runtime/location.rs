//! Where a request builder stands in the URL tree, and the safe building of its path.

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::request::{Connection, RequestParts};

/// Characters escaped in a path segment: everything but RFC 3986's unreserved characters,
/// so that an id can never add a segment, a query or a fragment.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A node of the URL tree: the connection, the encoded path that leads to it, and the
/// first problem found on the way (an unusable key), which building a request reports.
///
/// Every node's request builder holds one, so that stepping down the tree and starting
/// a request are each one call here rather than code repeated in every node.
#[derive(Debug, Clone)]
pub struct Location {
    connection: Connection,
    path: String,
    problem: Option<String>,
}

impl Location {
    /// The node at `path` (already encoded, empty or starting with `/`) below the
    /// connection's base URL.
    pub fn root(connection: &Connection, path: &str) -> Location {
        Location { connection: connection.clone(), path: path.to_owned(), problem: None }
    }

    /// The node `path` (already encoded, starting with `/`) below this one.
    pub fn child(&self, path: &str) -> Location {
        let mut child = self.clone();
        child.path.push_str(path);
        child
    }

    /// The node of `key` below this one: a collection's member. The key is
    /// percent-encoded, and `.`, `..` and empty keys are refused (see `push_segment`).
    pub fn key(&self, key: &str) -> Location {
        let mut child = self.clone();
        push_segment(&mut child.path, key, &mut child.problem);
        child
    }

    /// The path and the problem, for a segment put together from parameter values.
    pub fn parts_mut(&mut self) -> (&mut String, &mut Option<String>) {
        (&mut self.path, &mut self.problem)
    }

    /// The connection requests here are sent on.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Starts a request with `method` on this node, with `segment` (already encoded:
    /// empty, or `/` and an action's or function's name) appended to the path.
    pub fn request(&self, method: Method, segment: &str) -> RequestParts {
        let mut parts = RequestParts::new(method, self.path.clone() + segment);
        parts.problem.clone_from(&self.problem);
        parts
    }
}

/// Appends `/segment` to a path, percent-encoding it.
///
/// `.` and `..` are refused even though they could be escaped: URL parsers, reqwest's
/// among them, turn `%2E%2E` back into a dot-segment and would remove a path segment.
/// An empty segment is refused because it would address the collection instead.
pub fn push_segment(path: &mut String, segment: &str, problem: &mut Option<String>) {
    if segment.is_empty() || segment == "." || segment == ".." {
        *problem = Some(format!("`{segment}` cannot be used as a key in a URL path"));
    }
    path.push('/');
    path.extend(utf8_percent_encode(segment, SEGMENT));
}

/// Appends the value of a parameter written inside a path segment, such as the `…` of
/// `users(userPrincipalName='…')`. In a quoted value a `'` is doubled, as OData escapes
/// it; then everything but RFC 3986's unreserved characters is percent-encoded, so a value
/// can end neither its quotes, nor the parameter list, nor the segment.
pub fn push_parameter(path: &mut String, value: &str, quoted: bool) {
    if quoted && value.contains('\'') {
        path.extend(utf8_percent_encode(&value.replace('\'', "''"), SEGMENT));
    } else {
        path.extend(utf8_percent_encode(value, SEGMENT));
    }
}

/// Refuses a segment made only of parameter values that came out as `.` or `..`, which
/// URL parsers would treat as a step in the path (see `push_segment`).
pub fn refuse_dot_segment(segment: &str, problem: &mut Option<String>) {
    if segment == "." || segment == ".." {
        *problem = Some(format!("`{segment}` cannot be used as a path segment"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_and_dot_segments_refused() {
        let mut path = String::from("/items");
        let mut problem = None;
        push_segment(&mut path, "a/b?c#d e%", &mut problem);
        assert_eq!((path.as_str(), problem), ("/items/a%2Fb%3Fc%23d%20e%25", None));
        for key in [".", "..", ""] {
            let mut problem = None;
            push_segment(&mut String::new(), key, &mut problem);
            assert!(problem.is_some(), "{key:?} was accepted");
        }
    }

    #[test]
    fn parameter_values_stay_inside_their_quotes_and_segment() {
        let mut path = String::from("/users(userPrincipalName='");
        push_parameter(&mut path, "o'neil/../x?y#z,a)(b=c", true);
        assert_eq!(path, "/users(userPrincipalName='o%27%27neil%2F..%2Fx%3Fy%23z%2Ca%29%28b%3Dc");
        let mut unquoted = String::new();
        push_parameter(&mut unquoted, "it's", false);
        assert_eq!(unquoted, "it%27s");
        let mut problem = None;
        refuse_dot_segment("..", &mut problem);
        assert!(problem.is_some());
    }

    #[test]
    fn a_refused_key_fails_every_request_below_it() {
        let connection = Connection::new("https://graph.example/beta");
        let items = Location::root(&connection, "/items");
        let below = items.key("..").child("/children");
        match below.request(Method::GET, "/delta()").build::<()>(&connection) {
            Err(crate::Error::InvalidRequest(message)) => assert!(message.contains("`..` cannot be used"), "{message}"),
            other => panic!("a request below a refused key was built: {other:?}"),
        }
        let member = items.key("a b").child("/children").request(Method::POST, "/move");
        let request = member.build::<()>(&connection).expect("a usable key");
        assert_eq!(request.uri(), "https://graph.example/beta/items/a%20b/children/move");
        assert_eq!(request.method(), Method::POST);
    }
}

//! A Graph v1.0 mailbox and calendar on 127.0.0.1, for the README's first-hour program.
//!
//! It serves the messages and events of the Graph docs' own examples
//! (`tests/fixtures/graph-first-hour/docs-payloads.json`) as Graph would: messages are
//! paged by `$top` with an `@odata.nextLink` that keeps the request's query, and `$select`
//! keeps only the named properties (and `id` and `@odata.etag`, which Graph always sends).
//! Creating an event answers the docs' response when the body is one of the docs'
//! requests, and `400` with the first JSON path that differs otherwise, so a test learns
//! exactly what a typed body sent. Enum values are compared without case, as Graph reads
//! them: the docs write `"HTML"` where the description lists `html`. It answers `$batch`
//! (see `batch.rs`), a delta query of the messages in two rounds, and upload sessions for
//! attachments that check every slice.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

/// The path prefix the server answers under, as Graph's `/v1.0`.
pub const PREFIX: &str = "/v1.0";

/// Properties whose values are OData enum members, which Graph reads in any case.
const ENUM_PROPERTIES: &[&str] = &["contentType", "type", "locationType"];

/// A running mock server; it stops when the test's runtime ends.
#[derive(Clone)]
pub struct Mailbox {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

struct State {
    base: String,
    token: String,
    messages: Vec<Value>,
    /// (request, response) pairs of the docs' create-event examples.
    events: Vec<(Value, Value)>,
    /// Every request as `METHOD path?query`, in order.
    log: Vec<String>,
    /// Upload sessions, by the number in their upload URL.
    sessions: Vec<Session>,
    /// Whether to fail the next slice sent to an upload session with a `500`.
    fail_next_slice: bool,
}

/// An attachment's upload session, as strict as Graph's: every slice starts where the last
/// ended, is a multiple of 320 KiB but for the last and at most 60 MiB, says its range, and
/// comes without the client's credentials. Its bytes must be the pattern `i % 251`, which
/// is checked as they come instead of being kept.
struct Session {
    size: u64,
    next: u64,
    slices: usize,
    done: bool,
}

impl Mailbox {
    /// Starts a server that accepts `token`, holding the docs' payloads.
    pub async fn start(token: &str, payloads: &Value) -> Mailbox {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let addr = listener.local_addr().expect("a bound address");
        // The list example's message, then the get examples' messages without their own context.
        let listed = payloads.pointer("/listMessages/value").and_then(Value::as_array).into_iter().flatten();
        let single = payloads.get("messages").and_then(Value::as_array).into_iter().flatten();
        let messages = listed
            .chain(single)
            .map(|message| {
                let mut message = message.clone();
                if let Some(object) = message.as_object_mut() {
                    object.remove("@odata.context");
                }
                message
            })
            .collect();
        let events = payloads
            .get("createEvent")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|example| (example["request"].clone(), example["response"].clone()))
            .collect();
        let state = State {
            base: format!("http://{addr}{PREFIX}"),
            token: token.to_owned(),
            messages,
            events,
            log: Vec::new(),
            sessions: Vec::new(),
            fail_next_slice: false,
        };
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        let app = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = shared.clone();
            async move {
                if method == Method::POST && uri.path() == format!("{PREFIX}/$batch") {
                    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).log.push("POST /v1.0/$batch".to_owned());
                    let each = |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                        std::future::ready(handle(&state, &method, &uri, &headers, &body))
                    };
                    return crate::batch::answer(PREFIX, &headers, &body, each).await;
                }
                handle(&state, &method, &uri, &headers, &body)
            }
        });
        // Slices of an upload session are up to 60 MiB, above axum's default limit.
        let app = app.layer(axum::extract::DefaultBodyLimit::max(64 << 20));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Mailbox { addr, state }
    }

    /// The base URL to give the client.
    pub fn base_url(&self) -> String {
        format!("http://{}{PREFIX}", self.addr)
    }

    /// The requests received so far.
    pub fn log(&self) -> Vec<String> {
        self.lock().log.clone()
    }

    /// Fails the next slice sent to an upload session with a `500`, keeping none of it.
    pub fn fail_next_slice(&self) {
        self.lock().fail_next_slice = true;
    }

    /// Each upload session: the size it was made for, the slices it took, and whether every
    /// byte arrived.
    pub fn uploads(&self) -> Vec<(u64, usize, bool)> {
        self.lock().sessions.iter().map(|s| (s.size, s.slices, s.done)).collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn handle(state: &Mutex<State>, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Response {
    let mut state = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let query = uri.query().unwrap_or("");
    state.log.push(format!("{method} {}{}{query}", uri.path(), if query.is_empty() { "" } else { "?" }));
    if let Some(session) = uri.path().strip_prefix("/upload/") {
        return state.upload(method, session, headers, body);
    }
    let expected = format!("Bearer {}", state.token);
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    }
    let segments: Vec<String> = uri
        .path()
        .strip_prefix(PREFIX)
        .unwrap_or("")
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    match (method, segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice()) {
        (&Method::GET, ["users", user, "messages"]) => state.list_messages(user, query),
        (&Method::POST, ["users", _, "events"]) => state.create_event(headers, body),
        (&Method::GET, ["users", user, "messages", "microsoft.graph.delta()"]) => state.delta(user, query),
        (&Method::POST, ["users", _, "messages", _, "attachments", "microsoft.graph.createUploadSession"]) => {
            state.create_upload_session(body)
        }
        _ => {
            error(StatusCode::NOT_FOUND, "BadRequest", &format!("Resource not found for the segment '{}'.", uri.path()))
        }
    }
}

impl State {
    fn list_messages(&self, user: &str, query: &str) -> Response {
        let option = |name: &str| {
            query.split('&').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                (percent_decode_str(key).decode_utf8_lossy() == name)
                    .then(|| percent_decode_str(value).decode_utf8_lossy().into_owned())
            })
        };
        let number = |name: &str, default: usize| option(name).map_or(Ok(default), |v| v.parse::<usize>());
        let (Ok(top), Ok(skip)) = (number("$top", 10), number("$skip", 0)) else {
            return error(StatusCode::BAD_REQUEST, "BadRequest", "$top and $skip take whole numbers.");
        };
        let select = option("$select");
        let selected: Option<Vec<&str>> = select.as_deref().map(|s| s.split(',').collect());
        let page: Vec<Value> = self
            .messages
            .iter()
            .skip(skip)
            .take(top)
            .map(|message| match (&selected, message) {
                (Some(names), Value::Object(object)) => Value::Object(
                    object
                        .iter()
                        .filter(|(key, _)| {
                            ["@odata.etag", "id"].contains(&key.as_str()) || names.contains(&key.as_str())
                        })
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect(),
                ),
                _ => message.clone(),
            })
            .collect();
        let context = match &select {
            Some(select) => format!("{}/$metadata#users('{user}')/messages({select})", self.base),
            None => format!("{}/$metadata#users('{user}')/messages", self.base),
        };
        let mut body = json!({"@odata.context": context, "value": page});
        if skip + top < self.messages.len() {
            // Graph's next link repeats the request's options and moves `$skip` on.
            let kept: Vec<&str> =
                query.split('&').filter(|pair| !pair.starts_with("%24skip=") && !pair.starts_with("$skip=")).collect();
            let link = format!("{}/users/{user}/messages?{}&$skip={}", self.base, kept.join("&"), skip + top);
            body["@odata.nextLink"] = Value::String(link);
        }
        respond(StatusCode::OK, &body)
    }

    /// A delta query of the messages, two a page. The first round gives every message and
    /// ends with a delta link whose token is the round; the next gives the first message as
    /// removed, as Graph marks one (`@removed`).
    fn delta(&self, user: &str, query: &str) -> Response {
        let link = |option: &str| format!("{}/users/{user}/messages/microsoft.graph.delta()?{option}", self.base);
        let (items, skip, round) = match query.split_once('=') {
            None => (self.messages.clone(), 0, 1),
            Some(("$skiptoken", skip)) => (self.messages.clone(), skip.parse().unwrap_or(usize::MAX), 1),
            Some(("$deltatoken", "1")) => {
                let id = self.messages.first().and_then(|m| m.get("id")).cloned().unwrap_or_default();
                (vec![json!({"id": id, "@removed": {"reason": "deleted"}})], 0, 2)
            }
            _ => return error(StatusCode::GONE, "SyncStateNotFound", "The delta token is not one this service gave."),
        };
        let page: Vec<Value> = items.iter().skip(skip).take(2).cloned().collect();
        let mut body = json!({"@odata.context": format!("{}/$metadata#Collection(message)", self.base), "value": page});
        match skip + 2 < items.len() {
            true => body["@odata.nextLink"] = Value::String(link(&format!("$skiptoken={}", skip + 2))),
            false => body["@odata.deltaLink"] = Value::String(link(&format!("$deltatoken={round}"))),
        }
        respond(StatusCode::OK, &body)
    }

    /// An upload session for an attachment of the size the body gives.
    fn create_upload_session(&mut self, body: &[u8]) -> Response {
        let sent: Value = serde_json::from_slice(body).unwrap_or_default();
        let Some(size) = sent.pointer("/AttachmentItem/size").and_then(Value::as_u64).filter(|size| *size > 0) else {
            return error(StatusCode::BAD_REQUEST, "BadRequest", "`AttachmentItem.size` must be a positive size.");
        };
        self.sessions.push(Session { size, next: 0, slices: 0, done: false });
        let origin = self.base.trim_end_matches(PREFIX);
        let session = json!({
            "@odata.context": format!("{}/$metadata#microsoft.graph.uploadSession", self.base),
            "uploadUrl": format!("{origin}/upload/{}", self.sessions.len() - 1),
            "expirationDateTime": "2030-01-01T00:00:00Z",
            "nextExpectedRanges": ["0-"],
        });
        respond(StatusCode::CREATED, &session)
    }

    /// A slice, the session's status, or its deletion.
    fn upload(&mut self, method: &Method, session: &str, headers: &HeaderMap, body: &[u8]) -> Response {
        let fail = std::mem::take(&mut self.fail_next_slice);
        let Some(session) = session.parse::<usize>().ok().and_then(|n| self.sessions.get_mut(n)) else {
            return error(StatusCode::NOT_FOUND, "ItemNotFound", "No such upload session.");
        };
        let status = |session: &Session| json!({"expirationDateTime": "2030-01-01T00:00:00Z",
                                                "nextExpectedRanges": [format!("{}-", session.next)]});
        match *method {
            Method::GET => return respond(StatusCode::OK, &status(session)),
            Method::DELETE => return Response::builder().status(StatusCode::NO_CONTENT).body(Body::empty()).unwrap_or_default(),
            Method::PUT => {}
            _ => return error(StatusCode::METHOD_NOT_ALLOWED, "BadRequest", "Not allowed."),
        }
        if headers.contains_key(header::AUTHORIZATION) {
            return error(StatusCode::BAD_REQUEST, "BadRequest", "The upload URL carries its own authorization.");
        }
        let range = headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let parsed = range.strip_prefix("bytes ").and_then(|r| {
            let (span, total) = r.split_once('/')?;
            let (start, end) = span.split_once('-')?;
            Some((start.parse::<u64>().ok()?, end.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
        });
        let Some((start, end, total)) = parsed else {
            return error(StatusCode::BAD_REQUEST, "InvalidContentRangeHeader", &format!("Bad Content-Range `{range}`."));
        };
        let length = end + 1 - start;
        let last = end + 1 == session.size;
        let problem = if total != session.size || start != session.next || length != body.len() as u64 {
            Some("The range is not the next one, or not the body's length.")
        } else if length > 60 * 1024 * 1024 || (!last && length % (320 * 1024) != 0) {
            Some("A slice is a multiple of 320 KiB, and at most 60 MiB.")
        } else if body.iter().enumerate().any(|(i, byte)| u64::from(*byte) != (start + i as u64) % 251) {
            Some("The bytes are not the ones sent.")
        } else {
            None
        };
        if let Some(problem) = problem {
            return error(StatusCode::RANGE_NOT_SATISFIABLE, "InvalidRange", problem);
        }
        if fail {
            return error(StatusCode::INTERNAL_SERVER_ERROR, "ServiceUnavailable", "The slice was lost.");
        }
        session.next = end + 1;
        session.slices += 1;
        if last {
            session.done = true;
            // Outlook answers the last slice of an attachment with its location and no body.
            return Response::builder()
                .status(StatusCode::CREATED)
                .header(header::LOCATION, "https://outlook.office.com/api/v2.0/attachments/1")
                .body(Body::empty())
                .unwrap_or_default();
        }
        respond(StatusCode::ACCEPTED, &status(session))
    }

    fn create_event(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        if headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some("application/json") {
            return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "BadRequest", "Expected application/json.");
        }
        let Ok(sent) = serde_json::from_slice::<Value>(body) else {
            return error(StatusCode::BAD_REQUEST, "BadRequest", "The body is not JSON.");
        };
        let mut nearest = String::new();
        for (request, response) in &self.events {
            match difference(request, &sent, "") {
                None => return respond(StatusCode::CREATED, response),
                Some(path) if nearest.is_empty() => nearest = path,
                Some(_) => {}
            }
        }
        error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("The body differs from the docs' request at `{nearest}`."),
        )
    }
}

/// The first JSON path where `sent` differs from `expected`, or `None` when they are the
/// same value (enum members compared without case).
fn difference(expected: &Value, sent: &Value, path: &str) -> Option<String> {
    match (expected, sent) {
        (Value::Object(expected), Value::Object(sent)) => {
            let keys: Vec<&String> =
                expected.keys().chain(sent.keys().filter(|k| !expected.contains_key(*k))).collect();
            keys.into_iter().find_map(|key| {
                let at = format!("{path}/{key}");
                match (expected.get(key), sent.get(key)) {
                    (Some(Value::String(a)), Some(Value::String(b))) if ENUM_PROPERTIES.contains(&key.as_str()) => {
                        (!a.eq_ignore_ascii_case(b)).then_some(at)
                    }
                    (Some(a), Some(b)) => difference(a, b, &at),
                    _ => Some(at),
                }
            })
        }
        (Value::Array(expected), Value::Array(sent)) if expected.len() == sent.len() => {
            expected.iter().zip(sent).enumerate().find_map(|(i, (a, b))| difference(a, b, &format!("{path}/{i}")))
        }
        (expected, sent) => (expected != sent).then(|| path.to_owned()),
    }
}

fn respond(status: StatusCode, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    respond(status, &json!({"error": {"code": code, "message": message}}))
}

#[cfg(test)]
mod tests {
    use super::difference;
    use serde_json::json;

    #[test]
    fn differences_name_their_path_and_enum_members_ignore_case() {
        let expected = json!({"body": {"contentType": "HTML"}, "attendees": [{"type": "required", "name": "A"}]});
        assert_eq!(
            difference(
                &expected,
                &json!({"body": {"contentType": "html"}, "attendees": [{"type": "Required", "name": "A"}]}),
                ""
            ),
            None
        );
        assert_eq!(
            difference(
                &expected,
                &json!({"body": {"contentType": "html"}, "attendees": [{"type": "required", "name": "a"}]}),
                ""
            ),
            Some("/attendees/0/name".to_owned())
        );
        let extra =
            json!({"body": {"contentType": "html", "extra": 1}, "attendees": [{"type": "required", "name": "A"}]});
        assert_eq!(difference(&expected, &extra, ""), Some("/body/extra".to_owned()));
    }
}

//! A Graph-like server for the officeConfiguration slice, on 127.0.0.1, for end-to-end tests.
//!
//! It keeps the slice in memory, checks the bearer token, validates every JSON body by
//! decoding it with the generated models (answering 400 with an OData error naming the
//! JSON path of the problem), pages collections with `@odata.nextLink`, and can be told
//! to answer the next request with `429 Too Many Requests` and `Retry-After`.
//!
//! It applies OData's rules for `@odata.type` as Graph does: a body whose declared type is
//! abstract (`officeClientConfiguration`, `officeConfigurationAssignmentTarget`) must name
//! its derived type, or Graph answers `400` "Cannot create an abstract class."; a type
//! name the service does not know is a `400` too.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use graph_office_config::models::{
    AssignRequestBody, OfficeClientConfiguration, OfficeClientConfigurationAssignment, OfficeConfiguration,
    UpdatePrioritiesRequestBody,
};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The path prefix the server answers under, as Graph's `/beta`.
pub const PREFIX: &str = "/beta";

/// A running mock server; it stops when the test's runtime ends.
#[derive(Clone)]
pub struct MockGraph {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// The server's own base URL, for next links.
    base: String,
    token: String,
    page_size: usize,
    singleton: Map<String, Value>,
    configurations: Vec<Map<String, Value>>,
    assignments: Vec<(String, Map<String, Value>)>,
    payloads: Vec<((String, String), Vec<u8>)>,
    /// Answers to give before any other processing, first in first out.
    canned: Vec<Canned>,
    /// A next link to put on every page instead of the real one.
    forced_next_link: Option<String>,
    next_id: u64,
    /// Every request as `METHOD path?query`, in order.
    log: Vec<String>,
    /// The headers of every request, in the same order.
    headers: Vec<HeaderMap>,
    /// How long to wait before answering the next request.
    delay: Option<Duration>,
}

impl MockGraph {
    /// Starts a server that accepts `token` and pages collections `page_size` items at a time.
    pub async fn start(token: &str, page_size: usize) -> MockGraph {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let state = State {
            base: format!("http://{addr}{PREFIX}"),
            token: token.to_owned(),
            page_size,
            singleton: json!({"@odata.type": "#microsoft.graph.officeConfiguration", "id": "singleton"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..State::default()
        };
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        let app = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = shared.clone();
            async move {
                let delay = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).delay.take();
                if let Some(delay) = delay {
                    tokio::time::sleep(delay).await;
                }
                if method == Method::POST && uri.path() == format!("{PREFIX}/$batch") {
                    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).log.push("POST /$batch".to_owned());
                    let each = |method, uri, headers, body| std::future::ready(handle(&state, method, uri, headers, body));
                    return crate::batch::answer(PREFIX, &headers, &body, each).await;
                }
                handle(&state, method, uri, headers, body)
            }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        MockGraph { addr, state }
    }

    /// The base URL to give the client.
    pub fn base_url(&self) -> String {
        format!("http://{}{PREFIX}", self.addr)
    }

    /// Answers the next request with 429 and `Retry-After: <seconds>`.
    pub fn throttle_next(&self, seconds: u64) {
        let body = error_body("TooManyRequests", "Too many requests; retry later.").to_string();
        let headers = vec![("retry-after".to_owned(), seconds.to_string())];
        self.answer_next(StatusCode::TOO_MANY_REQUESTS, headers, body);
    }

    /// Answers the next request (after any answers queued before) with exactly this.
    pub fn answer_next(&self, status: StatusCode, headers: Vec<(String, String)>, body: String) {
        self.lock().canned.push(Canned { status, headers, body });
    }

    /// Puts `link` as `@odata.nextLink` on every page from now on.
    pub fn force_next_link(&self, link: &str) {
        self.lock().forced_next_link = Some(link.to_owned());
    }

    /// The requests received so far.
    pub fn log(&self) -> Vec<String> {
        self.lock().log.clone()
    }

    /// The headers of the requests received so far.
    pub fn headers(&self) -> Vec<HeaderMap> {
        self.lock().headers.clone()
    }

    /// Waits `delay` before answering the next request.
    pub fn delay_next(&self, delay: Duration) {
        self.lock().delay = Some(delay);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn handle(state: &Mutex<State>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let mut state = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let query = uri.query().unwrap_or("").to_owned();
    state.log.push(format!("{method} {}{}{query}", uri.path(), if query.is_empty() { "" } else { "?" }));
    state.headers.push(headers.clone());
    if !state.canned.is_empty() {
        let canned = state.canned.remove(0);
        let mut response = Response::builder().status(canned.status).header(header::CONTENT_TYPE, "application/json");
        for (name, value) in canned.headers {
            response = response.header(name, value);
        }
        return response.body(Body::from(canned.body)).unwrap_or_default();
    }
    let expected = format!("Bearer {}", state.token);
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    }
    let Some(path) = uri.path().strip_prefix(PREFIX) else {
        return error(StatusCode::NOT_FOUND, "BadRequest", "Resource not found for the segment.");
    };
    let segments: Vec<String> =
        path.split('/').skip(1).map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned()).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let request = Request { method, query, headers, body, base: state.base.clone() };
    match segments.as_slice() {
        ["officeConfiguration"] => state.singleton(&request),
        ["officeConfiguration", "clientConfigurations"] => state.configurations(&request),
        ["officeConfiguration", "clientConfigurations", "microsoft.graph.updatePriorities"] => {
            state.update_priorities(&request)
        }
        ["officeConfiguration", "clientConfigurations", id] => state.configuration(&request, id),
        ["officeConfiguration", "clientConfigurations", id, "assignments"] => state.assignments(&request, id),
        ["officeConfiguration", "clientConfigurations", id, "assignments", assignment] => {
            state.assignment(&request, id, assignment)
        }
        ["officeConfiguration", "clientConfigurations", id, "microsoft.graph.assign"] => state.assign(&request, id),
        ["officeConfiguration", "clientConfigurations", id, which @ ("policyPayload" | "userPreferencePayload")] => {
            state.payload(&request, id, which)
        }
        _ => error(StatusCode::NOT_FOUND, "BadRequest", &format!("Resource not found for the segment '{path}'.")),
    }
}

struct Canned {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: String,
}

struct Request {
    method: Method,
    query: String,
    headers: HeaderMap,
    body: Bytes,
    base: String,
}

impl Request {
    /// The body read through the generated model `T`, as JSON, or a 400 naming the problem.
    fn model<T: DeserializeOwned + Serialize>(&self) -> Result<Map<String, Value>, Box<Response>> {
        if self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some("application/json") {
            return Err(Box::new(error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "BadRequest",
                "Expected application/json.",
            )));
        }
        let text = std::str::from_utf8(&self.body)
            .map_err(|_| Box::new(error(StatusCode::BAD_REQUEST, "BadRequest", "The body is not UTF-8.")))?;
        let model: T = graph_office_config::decode(text).map_err(|e| {
            Box::new(error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &format!("Invalid request body at {}: {e}", e.path()),
            ))
        })?;
        match serde_json::to_value(&model) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(Box::new(error(StatusCode::BAD_REQUEST, "BadRequest", "The body must be a JSON object."))),
        }
    }

    fn option(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (percent_decode_str(key).decode_utf8_lossy() == name)
                .then(|| percent_decode_str(value).decode_utf8_lossy().into_owned())
        })
    }
}

impl State {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next_id)
    }

    fn singleton(&mut self, request: &Request) -> Response {
        match request.method {
            Method::GET => ok(StatusCode::OK, Value::Object(self.singleton.clone())),
            Method::PATCH => match request.model::<OfficeConfiguration>() {
                Ok(changes) => {
                    merge(&mut self.singleton, changes);
                    empty(StatusCode::NO_CONTENT)
                }
                Err(response) => *response,
            },
            _ => not_allowed(),
        }
    }

    fn configurations(&mut self, request: &Request) -> Response {
        match request.method {
            Method::GET => {
                let base = format!("{}/officeConfiguration/clientConfigurations", request.base);
                let mut response = page(request, &self.configurations, self.page_size, &base);
                if let Some(link) = &self.forced_next_link {
                    response["@odata.nextLink"] = link.clone().into();
                }
                ok(StatusCode::OK, response)
            }
            Method::POST => match checked::<OfficeClientConfiguration>(request, |b| {
                check_type(b, CONFIGURATION_BASE, CONFIGURATION_TYPES, true)
            }) {
                Ok(mut created) => {
                    let id = match created.get("id").and_then(Value::as_str) {
                        Some(id) => id.to_owned(),
                        None => self.new_id(),
                    };
                    if self.find(&id).is_some() {
                        return error(StatusCode::CONFLICT, "Conflict", "A configuration with this id exists.");
                    }
                    created.insert("id".into(), id.into());
                    created.insert("@odata.etag".into(), "W/\"1\"".into());
                    self.configurations.push(created.clone());
                    ok(StatusCode::CREATED, Value::Object(created))
                }
                Err(response) => *response,
            },
            // The documented key-less PATCH names the configuration by the `id` in the body.
            Method::PATCH => match checked::<OfficeClientConfiguration>(request, |b| {
                check_type(b, CONFIGURATION_BASE, CONFIGURATION_TYPES, false)
            }) {
                Ok(changes) => {
                    let Some(id) = changes.get("id").and_then(Value::as_str).map(str::to_owned) else {
                        return error(StatusCode::BAD_REQUEST, "BadRequest", "The body must carry the id to update.");
                    };
                    self.update(&id, changes, true)
                }
                Err(response) => *response,
            },
            _ => not_allowed(),
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.configurations.iter().position(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }

    fn update(&mut self, id: &str, changes: Map<String, Value>, return_body: bool) -> Response {
        let Some(index) = self.find(id) else { return not_found() };
        let stored = &mut self.configurations[index];
        merge(stored, changes);
        let version = stored.get("@odata.etag").and_then(Value::as_str).and_then(etag_version).unwrap_or(0) + 1;
        stored.insert("@odata.etag".into(), format!("W/\"{version}\"").into());
        if return_body {
            ok(StatusCode::OK, Value::Object(stored.clone()))
        } else {
            empty(StatusCode::NO_CONTENT)
        }
    }

    fn configuration(&mut self, request: &Request, id: &str) -> Response {
        let Some(index) = self.find(id) else { return not_found() };
        match request.method {
            Method::GET => ok(StatusCode::OK, Value::Object(self.configurations[index].clone())),
            Method::PATCH => match checked::<OfficeClientConfiguration>(request, |b| {
                check_type(b, CONFIGURATION_BASE, CONFIGURATION_TYPES, false)
            }) {
                Ok(mut changes) => {
                    changes.remove("id");
                    let prefer = request.headers.get("prefer").and_then(|v| v.to_str().ok());
                    self.update(id, changes, prefer == Some("return=representation"))
                }
                Err(response) => *response,
            },
            Method::DELETE => {
                let current = self.configurations[index].get("@odata.etag").cloned();
                if let Some(expected) = request.headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
                    if expected != "*" && current.as_ref().and_then(Value::as_str) != Some(expected) {
                        return error(
                            StatusCode::PRECONDITION_FAILED,
                            "PreconditionFailed",
                            "The ETag does not match.",
                        );
                    }
                }
                self.configurations.remove(index);
                self.assignments.retain(|(owner, _)| owner != id);
                self.payloads.retain(|((owner, _), _)| owner != id);
                empty(StatusCode::NO_CONTENT)
            }
            _ => not_allowed(),
        }
    }

    fn assignments(&mut self, request: &Request, id: &str) -> Response {
        if self.find(id).is_none() {
            return not_found();
        }
        match request.method {
            Method::GET => {
                let items: Vec<Map<String, Value>> =
                    self.assignments.iter().filter(|(owner, _)| owner == id).map(|(_, a)| a.clone()).collect();
                let base =
                    format!("{}/officeConfiguration/clientConfigurations/{}/assignments", request.base, encode(id));
                ok(StatusCode::OK, page(request, &items, self.page_size, &base))
            }
            Method::POST => match checked::<OfficeClientConfigurationAssignment>(request, |b| check_target(b, true)) {
                Ok(mut created) => {
                    let new_id = self.new_id();
                    created.insert("id".into(), new_id.into());
                    self.assignments.push((id.to_owned(), created.clone()));
                    ok(StatusCode::CREATED, Value::Object(created))
                }
                Err(response) => *response,
            },
            _ => not_allowed(),
        }
    }

    fn assignment(&mut self, request: &Request, id: &str, assignment: &str) -> Response {
        let position = self
            .assignments
            .iter()
            .position(|(owner, a)| owner == id && a.get("id").and_then(Value::as_str) == Some(assignment));
        let Some(index) = position else { return not_found() };
        match request.method {
            Method::GET => ok(StatusCode::OK, Value::Object(self.assignments[index].1.clone())),
            Method::PATCH => {
                match checked::<OfficeClientConfigurationAssignment>(request, |b| check_target(b, false)) {
                    Ok(mut changes) => {
                        changes.remove("id");
                        merge(&mut self.assignments[index].1, changes);
                        empty(StatusCode::NO_CONTENT)
                    }
                    Err(response) => *response,
                }
            }
            Method::DELETE => {
                self.assignments.remove(index);
                empty(StatusCode::NO_CONTENT)
            }
            _ => not_allowed(),
        }
    }

    fn assign(&mut self, request: &Request, id: &str) -> Response {
        if request.method != Method::POST {
            return not_allowed();
        }
        if self.find(id).is_none() {
            return not_found();
        }
        let body = match checked::<AssignRequestBody>(request, |body| {
            let items = body.get("officeConfigurationAssignments").and_then(Value::as_array).into_iter().flatten();
            items.filter_map(Value::as_object).try_for_each(|item| check_target(item, true))
        }) {
            Ok(body) => body,
            Err(response) => return *response,
        };
        self.assignments.retain(|(owner, _)| owner != id);
        let mut created = Vec::new();
        for item in body.get("officeConfigurationAssignments").and_then(Value::as_array).into_iter().flatten() {
            let mut item = item.as_object().cloned().unwrap_or_default();
            if !item.contains_key("id") {
                item.insert("id".into(), self.new_id().into());
            }
            self.assignments.push((id.to_owned(), item.clone()));
            created.push(Value::Object(item));
        }
        ok(
            StatusCode::OK,
            json!({"@odata.context": format!("{}/$metadata#Collection(microsoft.graph.officeClientConfigurationAssignment)", request.base), "value": created}),
        )
    }

    fn update_priorities(&mut self, request: &Request) -> Response {
        if request.method != Method::POST {
            return not_allowed();
        }
        let body = match request.model::<UpdatePrioritiesRequestBody>() {
            Ok(body) => body,
            Err(response) => return *response,
        };
        let ids = body.get("officeConfigurationPolicyIds").and_then(Value::as_array).cloned().unwrap_or_default();
        let priorities =
            body.get("officeConfigurationPriorities").and_then(Value::as_array).cloned().unwrap_or_default();
        if ids.len() != priorities.len() {
            return error(StatusCode::BAD_REQUEST, "BadRequest", "Ids and priorities must pair up.");
        }
        for (id, priority) in ids.iter().zip(priorities) {
            let Some(index) = id.as_str().and_then(|id| self.find(id)) else { return not_found() };
            self.configurations[index].insert("priority".into(), priority);
        }
        empty(StatusCode::NO_CONTENT)
    }

    fn payload(&mut self, request: &Request, id: &str, which: &str) -> Response {
        if self.find(id).is_none() {
            return not_found();
        }
        let key = (id.to_owned(), which.to_owned());
        match request.method {
            Method::GET => match self.payloads.iter().find(|(k, _)| *k == key) {
                Some((_, bytes)) => Response::builder()
                    .status(StatusCode::OK)
                    .header(header::CONTENT_TYPE, "application/octet-stream")
                    .body(Body::from(bytes.clone()))
                    .unwrap_or_default(),
                None => not_found(),
            },
            Method::PUT => {
                let content_type = request.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
                if content_type != Some("application/octet-stream") {
                    return error(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "BadRequest",
                        "Expected application/octet-stream.",
                    );
                }
                self.payloads.retain(|(k, _)| *k != key);
                self.payloads.push((key, request.body.to_vec()));
                empty(StatusCode::NO_CONTENT)
            }
            _ => not_allowed(),
        }
    }
}

/// One page of `items`, from `$skip`, of `$top` or the server's page size, with a next link.
fn page(request: &Request, items: &[Map<String, Value>], page_size: usize, base: &str) -> Value {
    let skip = request.option("$skip").and_then(|s| s.parse().ok()).unwrap_or(0_usize);
    let top = request.option("$top").and_then(|s| s.parse().ok()).unwrap_or(page_size).min(page_size);
    let filter = request.option("$filter");
    let selected: Vec<&Map<String, Value>> =
        items.iter().filter(|item| matches_filter(item, filter.as_deref())).collect();
    let value: Vec<Value> = selected.iter().skip(skip).take(top).map(|m| Value::Object((*m).clone())).collect();
    let mut body = json!({"@odata.context": format!("{base}/$metadata"), "value": value});
    if request.option("$count").as_deref() == Some("true") {
        body["@odata.count"] = selected.len().into();
    }
    if skip + top < selected.len() {
        // Like Graph, the link repeats the request's own options, with `$skip` moved on.
        let kept = request
            .query
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("$skip=") && !pair.starts_with("$top="));
        let mut link = format!("{base}?$skip={}&$top={top}", skip + top);
        for pair in kept {
            link.push('&');
            link.push_str(pair);
        }
        body["@odata.nextLink"] = link.into();
    }
    body
}

/// The one filter form the tests use: `priority gt N`.
fn matches_filter(item: &Map<String, Value>, filter: Option<&str>) -> bool {
    let Some(filter) = filter else { return true };
    let Some(threshold) = filter.strip_prefix("priority gt ").and_then(|n| n.trim().parse::<i64>().ok()) else {
        return true;
    };
    item.get("priority").and_then(Value::as_i64).is_some_and(|p| p > threshold)
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn etag_version(etag: &str) -> Option<u64> {
    etag.strip_prefix("W/\"")?.strip_suffix('"')?.parse().ok()
}

/// PATCH semantics: each property sent replaces the stored one; `null` clears it.
fn merge(stored: &mut Map<String, Value>, changes: Map<String, Value>) {
    for (key, value) in changes {
        stored.insert(key, value);
    }
}

/// The abstract base type of client configurations.
const CONFIGURATION_BASE: &str = "microsoft.graph.officeClientConfiguration";

/// The types Graph knows that derive from `officeClientConfiguration`, which is abstract.
const CONFIGURATION_TYPES: &[&str] =
    &["microsoft.graph.windowsOfficeClientConfiguration", "microsoft.graph.windowsOfficeClientSecurityConfiguration"];

/// The types Graph knows that derive from `officeConfigurationAssignmentTarget`, which is abstract.
const TARGET_TYPES: &[&str] = &["microsoft.graph.officeConfigurationGroupAssignmentTarget"];

/// OData's rules for `@odata.type` on an object whose declared type `base` is abstract.
///
/// A new object (`creating`) must name one of the `derived` types; a change to a stored
/// one may leave the type out, as the stored object has it. A named type must be one the
/// service knows, with or without the leading `#`.
fn check_type(object: &Map<String, Value>, base: &str, derived: &[&str], creating: bool) -> Result<(), Box<Response>> {
    let abstract_class = || Box::new(error(StatusCode::BAD_REQUEST, "BadRequest", "Cannot create an abstract class."));
    let name = match object.get("@odata.type") {
        None if creating => return Err(abstract_class()),
        None => return Ok(()),
        Some(Value::String(name)) => name.strip_prefix('#').unwrap_or(name),
        Some(_) => {
            return Err(Box::new(error(StatusCode::BAD_REQUEST, "BadRequest", "The @odata.type must be a string.")))
        }
    };
    match (derived.contains(&name), name == base) {
        (true, _) => Ok(()),
        (false, true) if creating => Err(abstract_class()),
        (false, true) => Ok(()),
        (false, false) => Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!(
                "A type named '{name}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."
            ),
        ))),
    }
}

/// [`check_type`] for the `target` of an assignment, when it has one.
fn check_target(assignment: &Map<String, Value>, creating: bool) -> Result<(), Box<Response>> {
    match assignment.get("target") {
        Some(Value::Object(target)) => {
            check_type(target, "microsoft.graph.officeConfigurationAssignmentTarget", TARGET_TYPES, creating)
        }
        _ => Ok(()),
    }
}

/// The body read through the model `T` and checked by `check`.
fn checked<T: DeserializeOwned + Serialize>(
    request: &Request,
    check: impl FnOnce(&Map<String, Value>) -> Result<(), Box<Response>>,
) -> Result<Map<String, Value>, Box<Response>> {
    let body = request.model::<T>()?;
    check(&body)?;
    Ok(body)
}

fn ok(status: StatusCode, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

fn empty(status: StatusCode) -> Response {
    Response::builder().status(status).body(Body::empty()).unwrap_or_default()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "ResourceNotFound", "The requested resource does not exist.")
}

fn not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "BadRequest", "The method is not allowed on this resource.")
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    ok(status, error_body(code, message))
}

/// An OData error body, as Graph sends it.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {
        "code": code,
        "message": message,
        "innerError": {
            "date": "2021-07-13T12:00:00",
            "request-id": "5b1e4c1a-0000-4000-8000-000000000001",
            "client-request-id": "5b1e4c1a-0000-4000-8000-000000000002"
        }
    }})
}

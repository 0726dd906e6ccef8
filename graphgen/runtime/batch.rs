//! JSON batching, OData's `$batch` as Microsoft Graph takes it: requests written into JSON
//! bodies of at most twenty each, sent in order, and each answer read back as an HTTP
//! response of its own, which its operation reads as if the request had been sent alone.

use std::collections::BTreeMap;

use base64::Engine as _;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::Error;
use super::request::{Connection, RequestParts};

/// The most requests one batch may hold.
pub const MAX_BATCH: usize = 20;

/// One request of a batch.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    parts: RequestParts,
    /// The ids of the requests that must succeed before this one is sent.
    depends_on: Vec<String>,
}

/// Requests to send in batches, each known by the id it was given.
#[derive(Debug, Clone, Default)]
pub struct BatchRequests {
    entries: Vec<Entry>,
}

impl BatchRequests {
    /// Adds a request, to be sent after those whose ids `depends_on` names and only if they
    /// succeed, and returns its id.
    pub fn push(&mut self, parts: RequestParts, depends_on: Vec<String>) -> String {
        let id = (self.entries.len() + 1).to_string();
        self.entries.push(Entry { id: id.clone(), parts, depends_on });
        id
    }

    /// How many requests there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `$batch` requests that send these, in order, as `http::Request`s for any HTTP
    /// client; [`BatchAnswers::read`] reads their responses. A request that depends on one
    /// in an earlier batch is sent whatever that one's answer was, as only [`send`] checks.
    pub fn build<E>(&self, connection: &Connection) -> Result<Vec<http::Request<Vec<u8>>>, Error<E>> {
        self.check()?;
        let entries: Vec<&Entry> = self.entries.iter().collect();
        entries.chunks(MAX_BATCH).map(|chunk| batch_parts(connection, chunk)?.build(connection)).collect()
    }

    /// Refuses a dependency on a request that was not added before the one that names it.
    fn check<E>(&self) -> Result<(), Error<E>> {
        for (i, entry) in self.entries.iter().enumerate() {
            for id in &entry.depends_on {
                if !self.entries[..i].iter().any(|e| e.id == *id) {
                    return Err(Error::InvalidRequest(format!(
                        "batch request {} depends on `{id}`, which is not a request added before it",
                        entry.id
                    )));
                }
            }
        }
        Ok(())
    }
}

/// The `$batch` request of `entries`, each dependency outside them left out, as it was sent
/// before them. Its security is the first request's: a batch is authorised once.
fn batch_parts<E>(connection: &Connection, entries: &[&Entry]) -> Result<RequestParts, Error<E>> {
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let requests = entries.iter().map(|entry| write_entry(connection, entry, &ids)).collect::<Result<Vec<_>, _>>()?;
    let mut body = Map::new();
    body.insert("requests".to_owned(), Value::Array(requests));
    let mut parts = RequestParts::new(Method::POST, "/$batch".to_owned());
    parts.json(&body);
    if let Some(first) = entries.first() {
        parts.security(first.parts.security_requirements());
    }
    Ok(parts)
}

/// One request as a batch writes it: its id, method, URL below the service's base, headers
/// but credentials, body (JSON as JSON, any other media type in base64) and dependencies.
fn write_entry<E>(connection: &Connection, entry: &Entry, ids: &[&str]) -> Result<Value, Error<E>> {
    let refuse = |why: String| Error::InvalidRequest(format!("batch request {}: {why}", entry.id));
    let request = entry.parts.build::<E>(connection).map_err(|e| match e {
        Error::InvalidRequest(why) => refuse(why),
        other => other,
    })?;
    let url = request.uri().to_string();
    let Some(relative) = url.strip_prefix(connection.base_url()) else {
        return Err(refuse(format!("`{url}` is not below the service's base URL, and a batch names requests by path")));
    };
    let mut object = Map::new();
    object.insert("id".to_owned(), Value::String(entry.id.clone()));
    object.insert("method".to_owned(), Value::String(request.method().to_string()));
    object.insert("url".to_owned(), Value::String(relative.to_owned()));
    let mut headers = Map::new();
    for (name, value) in request.headers() {
        if name == AUTHORIZATION {
            continue;
        }
        let value = value.to_str().map_err(|_| refuse(format!("the `{name}` header is not text")))?;
        match headers.get_mut(name.as_str()) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            _ => {
                headers.insert(name.as_str().to_owned(), Value::String(value.to_owned()));
            }
        }
    }
    let body = request.body();
    if !body.is_empty() {
        let body = match request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
            Some(media_type) if is_json(media_type) => {
                serde_json::from_slice(body).map_err(|e| refuse(format!("its JSON body cannot be read back: {e}")))?
            }
            _ => Value::String(base64::engine::general_purpose::STANDARD.encode(body)),
        };
        object.insert("body".to_owned(), body);
    }
    if !headers.is_empty() {
        object.insert("headers".to_owned(), Value::Object(headers));
    }
    let depends_on: Vec<Value> =
        entry.depends_on.iter().filter(|id| ids.contains(&id.as_str())).map(|id| Value::String(id.clone())).collect();
    if !depends_on.is_empty() {
        object.insert("dependsOn".to_owned(), Value::Array(depends_on));
    }
    Ok(Value::Object(object))
}

/// Whether a media type is JSON: `application/json`, with parameters or a `+json` suffix.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// One answer of a batch: its status, headers and body.
#[derive(Debug, Clone)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The answers of sent batches, by request id.
#[derive(Debug, Clone, Default)]
pub struct BatchAnswers {
    answers: BTreeMap<String, Answer>,
}

impl BatchAnswers {
    /// The answer to the request `id` as an HTTP response of its own, if the batch has one.
    pub fn response(&self, id: &str) -> Option<http::Response<Vec<u8>>> {
        let answer = self.answers.get(id)?;
        let mut response = http::Response::new(answer.body.clone());
        *response.status_mut() = answer.status;
        *response.headers_mut() = answer.headers.clone();
        Some(response)
    }

    /// Reads the response to one `$batch` request, adding its answers: an error status is
    /// the service's error, and a body that is not a batch's answer says where it is not.
    pub fn read<E: DeserializeOwned>(&mut self, raw: http::Response<Vec<u8>>) -> Result<(), Error<E>> {
        let (parts, body) = super::response::check_status::<E>(raw)?.into_parts();
        let unexpected = |reason: String| {
            Error::UnexpectedResponse(Box::new(super::error::UnexpectedResponse {
                status: parts.status,
                headers: parts.headers.clone(),
                text: String::from_utf8_lossy(&body).into_owned(),
                reason,
            }))
        };
        for (id, answer) in read_answers(&body).map_err(unexpected)? {
            self.answers.insert(id, answer);
        }
        Ok(())
    }
}

/// The answers of a `$batch` response body: `{"responses": [{"id", "status", "headers", "body"}]}`.
fn read_answers(body: &[u8]) -> Result<Vec<(String, Answer)>, String> {
    #[derive(serde::Deserialize)]
    struct Body {
        responses: Vec<Item>,
    }
    #[derive(serde::Deserialize)]
    struct Item {
        id: String,
        status: u16,
        #[serde(default)]
        headers: BTreeMap<String, Value>,
        body: Option<Value>,
    }
    let read: Body = super::json::decode_slice(body).map_err(|e| format!("not a batch's answer: {e}"))?;
    let mut answers = Vec::new();
    for (i, item) in read.responses.into_iter().enumerate() {
        let at = |what: &str| format!("`responses[{i}]` (request {}): {what}", item.id);
        let status = StatusCode::from_u16(item.status).map_err(|_| at("the status is not an HTTP status"))?;
        let mut headers = HeaderMap::new();
        for (name, value) in &item.headers {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| at(&format!("`{name}` is no header name")))?;
            let value =
                HeaderValue::try_from(text).map_err(|_| at(&format!("the `{name}` header is not a header value")))?;
            headers.append(name, value);
        }
        let json = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map_or(true, is_json);
        let body = match item.body {
            None | Some(Value::Null) => Vec::new(),
            // Another media type's body is base64, as Graph writes it; text that is not is
            // kept as it is.
            Some(Value::String(text)) if !json => {
                base64::engine::general_purpose::STANDARD.decode(&text).unwrap_or_else(|_| text.into_bytes())
            }
            Some(value) => serde_json::to_vec(&value).map_err(|e| at(&e.to_string()))?,
        };
        answers.push((item.id, Answer { status, headers, body }));
    }
    Ok(answers)
}

/// Sends `requests` in batches of at most [`MAX_BATCH`], in order. A request that depends
/// on one that failed in an earlier batch is answered `424 Failed Dependency` unsent, as
/// the service answers within a batch. Requests answered `429` or `503` are sent again in
/// a batch of their own, with those that failed because they depend on them, after the
/// longest `Retry-After` among them, as often as the connection's retry policy allows: the
/// service did not act on them, so any method is safe to resend.
#[cfg(feature = "reqwest")]
pub async fn send<E: DeserializeOwned + 'static>(
    connection: &Connection,
    requests: &BatchRequests,
) -> Result<BatchAnswers, Error<E>> {
    requests.check()?;
    let policy = &connection.retry;
    let mut answers = BatchAnswers::default();
    let entries: Vec<&Entry> = requests.entries.iter().collect();
    for chunk in entries.chunks(MAX_BATCH) {
        let mut pending: Vec<&Entry> = Vec::new();
        for entry in chunk {
            let failed = entry.depends_on.iter().find(|id| {
                answers.answers.get(id.as_str()).is_some_and(|a| !a.status.is_success())
                    && !chunk.iter().any(|e| e.id == **id)
            });
            match failed {
                Some(id) => {
                    let body = format!(r#"{{"error":{{"code":"FailedDependency","message":"request {id} failed"}}}}"#);
                    let mut headers = HeaderMap::new();
                    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                    let answer = Answer { status: StatusCode::FAILED_DEPENDENCY, headers, body: body.into_bytes() };
                    answers.answers.insert(entry.id.clone(), answer);
                }
                None => pending.push(entry),
            }
        }
        let mut attempt = 0;
        while !pending.is_empty() {
            let parts = batch_parts(connection, &pending)?;
            let raw = super::transport::execute::<E>(connection, &parts).await?;
            answers.read(raw)?;
            let throttled: Vec<&str> = (pending.iter())
                .filter(|e| answers.answers.get(&e.id).is_some_and(|a| is_throttled(a.status)))
                .map(|e| e.id.as_str())
                .collect();
            if throttled.is_empty() || attempt >= policy.max_retries {
                break;
            }
            let wait = throttled
                .iter()
                .filter_map(|id| answers.answers.get(*id))
                .filter_map(|a| super::transport::retry_after(&a.headers, std::time::SystemTime::now()))
                .max()
                .unwrap_or_else(|| policy.initial_backoff.saturating_mul(2_u32.saturating_pow(attempt)))
                .min(policy.max_backoff);
            tokio::time::sleep(wait).await;
            attempt += 1;
            // The throttled requests, and those that failed because they depend on one.
            let mut again: Vec<&str> = throttled;
            for entry in &pending {
                let failed = answers.answers.get(&entry.id).is_some_and(|a| a.status == StatusCode::FAILED_DEPENDENCY);
                if failed && entry.depends_on.iter().any(|id| again.contains(&id.as_str())) {
                    again.push(&entry.id);
                }
            }
            pending.retain(|e| again.contains(&e.id.as_str()));
        }
    }
    Ok(answers)
}

/// Whether an answer asks for the request to be sent again later.
#[cfg(feature = "reqwest")]
fn is_throttled(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
}

//! Graph's JSON batching (`POST /$batch`) for the mock servers, as strict as Graph: at most
//! twenty requests, unique ids, dependencies only on requests of the same batch, a
//! `Content-Type` for every body. Each request is answered by the same handler that serves
//! it alone, in order; one whose dependency failed is answered `424 Failed Dependency`.

use std::future::Future;

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use serde_json::{json, Map, Value};

/// The most requests Graph takes in one batch.
pub const LIMIT: usize = 20;

/// Answers the `$batch` request `body`, sent with `headers`, sending each of its requests
/// to `one` as a request of its own below `prefix`, with the batch's `Authorization`.
pub async fn answer<F, Fut>(prefix: &str, headers: &HeaderMap, body: &[u8], mut one: F) -> Response
where
    F: FnMut(Method, Uri, HeaderMap, Bytes) -> Fut,
    Fut: Future<Output = Response>,
{
    let requests = match read(body) {
        Ok(requests) => requests,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let mut answers: Vec<Value> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for request in requests {
        let id = request["id"].as_str().unwrap_or_default().to_owned();
        let depends_on: Vec<&str> =
            request["dependsOn"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if let Some(dependency) = depends_on.iter().find(|d| failed.iter().any(|f| f == *d)) {
            failed.push(id.clone());
            let body = json!({"error": {"code": "FailedDependency", "message": format!("Request {dependency} failed.")}});
            answers.push(json!({"id": id, "status": 424, "headers": {"Content-Type": "application/json"}, "body": body}));
            continue;
        }
        let (method, uri, sub_headers, sub_body) = match unpack(prefix, headers, &request) {
            Ok(parts) => parts,
            Err(message) => return error(StatusCode::BAD_REQUEST, &format!("request {id}: {message}")),
        };
        let response = one(method, uri, sub_headers, sub_body).await;
        let status = response.status();
        if !status.is_success() {
            failed.push(id.clone());
        }
        answers.push(pack(&id, response).await);
    }
    let body = json!({ "responses": answers }).to_string();
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// The batch's requests, checked as Graph checks them.
fn read(body: &[u8]) -> Result<Vec<Value>, String> {
    let batch: Value = serde_json::from_slice(body).map_err(|e| format!("Invalid batch payload: {e}"))?;
    let requests = batch["requests"].as_array().ok_or("Invalid batch payload: no `requests`.")?;
    if requests.len() > LIMIT {
        return Err(format!("Invalid batch payload format: the limit of {LIMIT} requests is exceeded."));
    }
    let mut ids: Vec<&str> = Vec::new();
    for request in requests {
        let id = request["id"].as_str().ok_or("Every request needs an `id` string.")?;
        if ids.contains(&id) {
            return Err(format!("Duplicate request id `{id}`."));
        }
        for dependency in request["dependsOn"].as_array().into_iter().flatten() {
            if !dependency.as_str().is_some_and(|d| ids.contains(&d)) {
                return Err(format!("Request {id} depends on {dependency}, which is not an earlier request of the batch."));
            }
        }
        if request["method"].as_str().is_none() || request["url"].as_str().is_none() {
            return Err(format!("Request {id} needs a `method` and a `url`."));
        }
        let has_type = request["headers"].as_object().is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("content-type")));
        if request.get("body").is_some() && !has_type {
            return Err(format!("Request {id} has a body but no Content-Type header."));
        }
        ids.push(id);
    }
    Ok(requests.clone())
}

/// One request of the batch as a request of its own.
fn unpack(prefix: &str, batch_headers: &HeaderMap, request: &Value) -> Result<(Method, Uri, HeaderMap, Bytes), String> {
    let method = Method::from_bytes(request["method"].as_str().unwrap_or_default().as_bytes())
        .map_err(|_| "the method is not an HTTP method".to_owned())?;
    let url = request["url"].as_str().unwrap_or_default();
    if url.contains("://") {
        return Err("the url must be relative".to_owned());
    }
    let uri: Uri = format!("{prefix}/{}", url.trim_start_matches('/')).parse().map_err(|e| format!("bad url: {e}"))?;
    let mut headers = HeaderMap::new();
    if let Some(authorization) = batch_headers.get(header::AUTHORIZATION) {
        headers.insert(header::AUTHORIZATION, authorization.clone());
    }
    for (name, value) in request["headers"].as_object().into_iter().flatten() {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is no header name"))?;
        let value = HeaderValue::from_str(value.as_str().unwrap_or_default()).map_err(|_| format!("bad `{name}`"))?;
        headers.insert(name, value);
    }
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
    let body = match request.get("body") {
        None => Bytes::new(),
        Some(value) if json => Bytes::from(value.to_string()),
        Some(Value::String(text)) => Bytes::from(
            base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| format!("the body is not base64: {e}"))?,
        ),
        Some(_) => return Err("a body that is not JSON must be a base64 string".to_owned()),
    };
    Ok((method, uri, headers, body))
}

/// A response as an answer of the batch: JSON bodies as JSON, others in base64.
async fn pack(id: &str, response: Response) -> Value {
    let status = response.status().as_u16();
    let mut headers = Map::new();
    for (name, value) in response.headers() {
        headers.insert(name.as_str().to_owned(), Value::String(value.to_str().unwrap_or_default().to_owned()));
    }
    let json = headers.get("content-type").and_then(Value::as_str).is_some_and(|t| t.contains("json"));
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap_or_default();
    let mut answer = json!({"id": id, "status": status, "headers": headers});
    if !bytes.is_empty() {
        answer["body"] = match json {
            true => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            false => Value::String(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        };
    }
    answer
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"code": "BadRequest", "message": message}}).to_string();
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap_or_default()
}

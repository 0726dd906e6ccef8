//! Building requests: the connection's settings, safe URLs and headers. Nothing here does I/O.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
#[cfg(feature = "reqwest")]
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{Method, Request, Uri};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::credentials::{self, Applied, Credential};
use super::error::Error;
use super::location::SEGMENT;
use super::multipart::Multipart;
use super::upload::{Source, Upload};

/// Characters escaped in a query value: as in a segment, but OData's own punctuation
/// (`$`, `'`, `(`, `)`, `,`, `:`, `/`) stays readable; `&`, `=`, `+`, `#` and spaces never do.
const QUERY: &AsciiSet =
    &SEGMENT.remove(b'$').remove(b'\'').remove(b'(').remove(b')').remove(b',').remove(b':').remove(b'/');

/// What a whole query string given as text cannot hold: controls, spaces, non-ASCII and the
/// characters a URL does not allow, but not the `&` and `=` that separate its pairs.
const QUERY_TEXT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'`').add(b'{').add(b'}');

/// A boxed future returning a bearer token.
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// How requests are authorised.
#[derive(Clone)]
enum Token {
    Static(String),
    #[cfg(feature = "reqwest")]
    Callback(Arc<dyn Fn() -> TokenFuture + Send + Sync>),
}

/// When and how often throttled requests are retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The wait before the first retry when the response has no `Retry-After`; it doubles each time.
    pub initial_backoff: Duration,
    /// The longest wait between attempts, whatever `Retry-After` asks for.
    pub max_backoff: Duration,
    /// Retry requests that are not idempotent (`POST`, `PATCH`) too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

/// A base URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBaseUrl(String);

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidBaseUrl {}

impl<E> From<InvalidBaseUrl> for Error<E> {
    fn from(error: InvalidBaseUrl) -> Self {
        Error::InvalidRequest(error.0)
    }
}

/// The service's address, credentials and retry policy; cheap to clone.
#[derive(Clone)]
pub struct Connection {
    base: String,
    token: Option<Token>,
    /// The credentials of the description's security schemes, by scheme name.
    credentials: Vec<(&'static str, Credential)>,
    pub(crate) retry: RetryPolicy,
    #[cfg(feature = "reqwest")]
    pub(crate) http: super::transport::Http,
}

impl Connection {
    /// A connection to `base_url` exactly as given, without credentials. The generated
    /// crate's `Client::new` passes the description's own address here, which may be one
    /// that [`Connection::with_base_url`] would refuse, such as a relative path.
    pub fn new(base_url: &str) -> Connection {
        Connection {
            base: base_url.trim_end_matches('/').to_owned(),
            token: None,
            credentials: Vec::new(),
            retry: RetryPolicy::default(),
            #[cfg(feature = "reqwest")]
            http: super::transport::Http::default(),
        }
    }

    /// A connection to `base_url`, such as `https://graph.microsoft.com/beta`; the URL may
    /// carry a path, and every request path is appended to it.
    pub fn with_base_url(base_url: &str) -> Result<Connection, InvalidBaseUrl> {
        let uri: Uri = base_url.parse().map_err(|e| InvalidBaseUrl(format!("invalid base URL `{base_url}`: {e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            return Err(InvalidBaseUrl(format!("the base URL `{base_url}` must be an absolute http or https URL")));
        }
        // `Uri` keeps neither fragment nor user info apart, so they are looked for in the text:
        // a fragment would swallow every request path, and credentials belong in a token.
        let has_user_info = uri.authority().is_some_and(|a| a.as_str().contains('@'));
        if uri.query().is_some() || base_url.contains('#') || has_user_info {
            return Err(InvalidBaseUrl(format!(
                "the base URL `{base_url}` must not have a query, a fragment or user info"
            )));
        }
        Ok(Connection::new(base_url))
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Connection {
        self.token = Some(Token::Static(token.into()));
        self
    }

    /// Asks `callback` for a bearer token before each request is sent, for tokens that expire.
    /// [`Connection::bearer_token`] is the choice for requests built with `build()` and sent elsewhere.
    #[cfg(feature = "reqwest")]
    pub fn token_callback<F, Fut>(mut self, callback: F) -> Connection
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
    {
        self.token = Some(Token::Callback(Arc::new(move || Box::pin(callback()))));
        self
    }

    /// Sets the credential of the security scheme `scheme`, replacing an earlier one. It is
    /// sent with the operations whose `security` names the scheme, and only to this
    /// connection's own service.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Connection {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// Replaces the retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Connection {
        self.retry = policy;
        self
    }

    /// Uses a configured `reqwest` client, for proxies, timeouts or TLS settings.
    #[cfg(feature = "reqwest")]
    pub fn http_client(mut self, http: reqwest::Client) -> Connection {
        self.http = super::transport::Http::from(http);
        self
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Whether `url` is on this connection's service (same scheme, host and port), so that
    /// a credential may be sent to it.
    pub(crate) fn owns(&self, url: &str) -> bool {
        fn origin(url: &str) -> Option<(String, String, u16)> {
            let uri: Uri = url.parse().ok()?;
            let scheme = uri.scheme_str()?.to_ascii_lowercase();
            // `https://host` and `https://host:443` are the same origin.
            let port = uri.port_u16().or(match scheme.as_str() {
                "https" => Some(443),
                "http" => Some(80),
                _ => None,
            })?;
            Some((scheme, uri.host()?.to_ascii_lowercase(), port))
        }
        origin(url).is_some_and(|o| Some(o) == origin(&self.base))
    }

    /// What the credentials add to a request that `security` governs, asking token
    /// callbacks for their tokens.
    #[cfg(feature = "reqwest")]
    pub(crate) async fn credentials<E>(&self, security: &[&[&'static str]]) -> Result<Applied, Error<E>> {
        let mut applied = Applied::default();
        for credential in credentials::choose(security, &self.credentials) {
            let token = match credential {
                Credential::BearerSource(source) => {
                    Some(source().await.map_err(|e| Error::InvalidRequest(format!("the token source failed: {e}")))?)
                }
                Credential::ClientCredentials(grant) => Some(match grant.cached() {
                    Some(token) => token,
                    None => super::transport::fetch_token(self, grant).await?,
                }),
                _ => None,
            };
            credentials::apply(&mut applied, credential, token)?;
        }
        if !applied.authorizes() {
            let token = match &self.token {
                None => None,
                Some(Token::Static(token)) => Some(token.clone()),
                Some(Token::Callback(callback)) => Some(
                    callback().await.map_err(|e| Error::InvalidRequest(format!("the token callback failed: {e}")))?,
                ),
            };
            if let Some(token) = token {
                applied.headers.push((AUTHORIZATION, bearer(&token)?));
            }
        }
        Ok(applied)
    }

    /// What the credentials add to a request that `security` governs, without those that
    /// token callbacks give.
    fn credentials_now<E>(&self, security: &[&[&'static str]]) -> Result<Applied, Error<E>> {
        let mut applied = Applied::default();
        for credential in credentials::choose(security, &self.credentials) {
            credentials::apply(&mut applied, credential, None)?;
        }
        if let (false, Some(Token::Static(token))) = (applied.authorizes(), &self.token) {
            applied.headers.push((AUTHORIZATION, bearer(token)?));
        }
        Ok(applied)
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match &self.token {
            None => "none",
            Some(Token::Static(_)) => "bearer (redacted)",
            #[cfg(feature = "reqwest")]
            Some(Token::Callback(_)) => "callback",
        };
        let schemes: Vec<&str> = self.credentials.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Connection")
            .field("base_url", &self.base)
            .field("token", &token)
            .field("credentials", &schemes)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

fn bearer<E>(token: &str) -> Result<HeaderValue, Error<E>> {
    if token.contains(['\r', '\n']) {
        return Err(Error::InvalidRequest("the bearer token contains a line break".to_owned()));
    }
    let mut value = HeaderValue::try_from(format!("Bearer {token}"))
        .map_err(|_| Error::InvalidRequest("the bearer token has characters a header cannot carry".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// What a request sends.
// A form is read by the sender alone, which reqwest is.
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// Bytes from memory, a file or a stream, read as the request is sent.
    Upload(Upload),
    /// The parts of a `multipart/form-data` body, encoded as the request is sent.
    Multipart(Multipart),
}

/// A request under construction: method, path, query, headers and body.
#[derive(Debug, Clone)]
pub struct RequestParts {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    /// The whole query string, already encoded, where a parameter gives it (OpenAPI 3.2's
    /// `in: querystring`); the other query options follow it.
    query_string: Option<String>,
    headers: Vec<(HeaderName, String)>,
    body: Option<(&'static str, Payload)>,
    /// The `Accept` header.
    accept: &'static str,
    /// A problem found while adding parts, reported by `build`.
    pub(crate) problem: Option<String>,
    /// The URL to use instead of base + path, for following `@odata.nextLink`.
    absolute: Option<String>,
    /// The operation's security requirements: alternatives, each the schemes it needs.
    security: &'static [&'static [&'static str]],
    /// How long this request may take, where it sets its own limit.
    timeout: Option<Duration>,
    /// How this request is retried, where it does not follow the connection's policy.
    retry: Option<RetryPolicy>,
}

impl RequestParts {
    /// Starts a request on a path that is already encoded.
    pub fn new(method: Method, path: String) -> RequestParts {
        RequestParts {
            method,
            path,
            query: Vec::new(),
            query_string: None,
            headers: Vec::new(),
            body: None,
            accept: "application/json",
            problem: None,
            absolute: None,
            security: &[],
            timeout: None,
            retry: None,
        }
    }

    /// A `GET` of an absolute URL the service handed out, such as `@odata.nextLink`.
    pub fn absolute(url: &str) -> RequestParts {
        let mut parts = RequestParts::new(Method::GET, String::new());
        parts.absolute = Some(url.to_owned());
        parts
    }

    /// A `GET` of an absolute URL that follows this request, such as its next page, under
    /// the same security requirements, with the same headers, timeout and retry policy:
    /// Graph wants a next page asked for as the first was (`ConsistencyLevel: eventual`).
    pub fn follow(&self, url: &str) -> RequestParts {
        let mut parts = RequestParts::absolute(url);
        parts.security = self.security;
        parts.headers.clone_from(&self.headers);
        parts.accept = self.accept;
        parts.timeout = self.timeout;
        parts.retry.clone_from(&self.retry);
        parts
    }

    /// A `GET` of `link`, a link the service handed out (a saved `@odata.deltaLink`), asked
    /// for as this request is; a link away from the connection's service, which would get
    /// its credentials, is refused by `build`.
    pub fn at_link(&self, connection: &Connection, link: &str) -> RequestParts {
        let mut parts = self.follow(link);
        if !connection.owns(link) {
            parts.problem = Some(format!("the link `{link}` leaves the service at {}", connection.base_url()));
        }
        parts
    }

    /// Sets the method by name, for one `http` has no constant for (`QUERY`); a name that
    /// is no HTTP method is reported by `build`.
    pub fn set_method(&mut self, name: &str) {
        match Method::from_bytes(name.as_bytes()) {
            Ok(method) => self.method = method,
            Err(_) => self.problem = Some(format!("`{name}` is not an HTTP method")),
        }
    }

    /// Adds a query option; `value` is encoded here.
    pub fn query(&mut self, name: &'static str, value: impl Into<String>) {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value.into()));
    }

    /// Sets the whole query string to a form of `value`'s properties, each written in its
    /// style (`form`, exploded, where `styles` gives none).
    pub fn query_form<T: serde::Serialize + ?Sized>(&mut self, value: &T, styles: &[(&str, super::form::FormStyle)]) {
        match super::form::form_of(serde_json::to_vec(value), styles) {
            Ok(text) => self.query_string = Some(text),
            Err(e) => self.problem = Some(format!("the query cannot be written as a form: {e}")),
        }
    }

    /// Sets the whole query string to `value` written as JSON.
    pub fn query_json<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_string(value) {
            Ok(json) => self.query_string = Some(utf8_percent_encode(&json, QUERY).to_string()),
            Err(e) => self.problem = Some(format!("the query cannot be written as JSON: {e}")),
        }
    }

    /// Sets the whole query string to `text`, with what a query cannot hold percent-encoded.
    pub fn query_text(&mut self, text: String) {
        self.query_string = Some(utf8_percent_encode(&text, QUERY_TEXT).to_string());
    }

    /// Adds a header; a value that cannot be a header is reported by `build`.
    pub fn header(&mut self, name: HeaderName, value: impl Into<String>) {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.into()));
    }

    /// Adds a header the description does not declare, replacing any value set before under
    /// the same name. A name that is no HTTP header name, or a value that cannot be sent (a
    /// line break or another control character in it), is reported by `build`, so that no
    /// value can add a header of its own.
    pub fn extra_header(&mut self, name: &str, value: String) {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(name) if HeaderValue::try_from(value.as_str()).is_ok() => self.header(name, value),
            Ok(name) => self.problem = Some(format!("the `{name}` header value cannot be sent: {value:?}")),
            Err(_) => self.problem = Some(format!("`{name}` is not an HTTP header name")),
        }
    }

    /// Limits how long this request may take, from sending it to the end of its answer.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Retries this request as `policy` says, not as the connection's does.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// This request's own timeout, where it has one.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy this request follows: its own, or the connection's.
    pub fn retry_policy<'a>(&'a self, connection: &'a Connection) -> &'a RetryPolicy {
        self.retry.as_ref().unwrap_or(&connection.retry)
    }

    /// Adds a cookie; everything in the value but unreserved characters is percent-encoded.
    pub fn cookie(&mut self, name: &'static str, value: impl Into<String>) {
        let pair = format!("{name}={}", utf8_percent_encode(&value.into(), SEGMENT));
        let cookies = self.headers.iter_mut().find(|(n, _)| *n == http::header::COOKIE);
        match cookies {
            Some((_, existing)) => {
                existing.push_str("; ");
                existing.push_str(&pair);
            }
            None => self.headers.push((http::header::COOKIE, pair)),
        }
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        self.set_json("application/json", serde_json::to_vec(body));
    }

    /// Sets a JSON body sent as another JSON media type, such as `application/merge-patch+json`.
    pub fn json_as<T: serde::Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        self.set_json(content_type, serde_json::to_vec(body));
    }

    // Kept out of the generic `json` so that its code exists once, not once per body type.
    fn set_json(&mut self, content_type: &'static str, written: Result<Vec<u8>, serde_json::Error>) {
        match written {
            Ok(bytes) => self.body = Some((content_type, Payload::Bytes(bytes))),
            Err(e) => self.problem = Some(format!("the body cannot be written as JSON: {e}")),
        }
    }

    /// Sets a form body, such as `application/x-www-form-urlencoded`: each property of the
    /// body's JSON written in its style (`form`, exploded, where `styles` gives none).
    pub fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
        styles: &[(&str, super::form::FormStyle)],
    ) {
        self.set_form(content_type, serde_json::to_vec(body), styles);
    }

    // Kept out of the generic `form` so that its code exists once, not once per body type.
    fn set_form(
        &mut self,
        content_type: &'static str,
        written: Result<Vec<u8>, serde_json::Error>,
        styles: &[(&str, super::form::FormStyle)],
    ) {
        match super::form::form_of(written, styles) {
            Ok(text) => self.body = Some((content_type, Payload::Bytes(text.into_bytes()))),
            Err(e) => self.problem = Some(format!("the body cannot be written as a form: {e}")),
        }
    }

    /// Sets a body of any media type.
    pub fn body(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.body = Some((content_type, Payload::Bytes(body)));
    }

    /// Sets a body of any media type from memory, a file or a stream, read as the request is sent.
    pub fn upload(&mut self, content_type: &'static str, body: Upload) {
        self.body = Some((content_type, Payload::Upload(body)));
    }

    /// Sets a `multipart/form-data` body; its boundary is chosen as it is sent.
    pub fn multipart(&mut self, form: Multipart) {
        if let Some(problem) = &form.problem {
            self.problem = Some(problem.clone());
        }
        self.body = Some(("multipart/form-data", Payload::Multipart(form)));
    }

    /// The body, where it is read as the request is sent rather than held here.
    #[cfg(feature = "reqwest")]
    pub(crate) fn streamed(&self) -> Option<&Payload> {
        let (_, payload) = self.body.as_ref()?;
        match payload {
            Payload::Upload(upload) if !matches!(upload.source, Source::Bytes(_)) => Some(payload),
            Payload::Multipart(_) => Some(payload),
            _ => None,
        }
    }

    /// Whether the request can be sent again, as a retry does: its body is no stream.
    #[cfg(feature = "reqwest")]
    pub(crate) fn resendable(&self) -> bool {
        match &self.body {
            Some((_, Payload::Upload(upload))) => upload.resendable(),
            Some((_, Payload::Multipart(form))) => form.resendable(),
            _ => true,
        }
    }

    /// Asks for a response of another media type than JSON.
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }

    /// The method, for deciding whether a retry is safe.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation's security requirements, as [`RequestParts::security`] set them.
    pub fn security_requirements(&self) -> &'static [&'static [&'static str]] {
        self.security
    }

    /// Sets the operation's security requirements: alternatives, each the names of the
    /// schemes it needs, in the description's order.
    pub fn security(&mut self, security: &'static [&'static [&'static str]]) {
        self.security = security;
    }

    /// The finished request, without credentials from token callbacks or sources. A body
    /// from a file is read whole; one from a stream, or a multipart form, is refused, as only
    /// `send()` writes them.
    pub fn build<E>(&self, connection: &Connection) -> Result<Request<Vec<u8>>, Error<E>> {
        let applied = connection.credentials_now(self.security)?;
        self.build_with(connection, applied, true)
    }

    /// The finished request, with what credentials add to it, asking token callbacks. A body
    /// that [`RequestParts::streamed`] gives is left for the sender to attach.
    #[cfg(feature = "reqwest")]
    pub(crate) async fn build_sent<E>(&self, connection: &Connection) -> Result<Request<Vec<u8>>, Error<E>> {
        let applied = connection.credentials(self.security).await?;
        self.build_with(connection, applied, false)
    }

    /// The body's bytes, and the `Content-Type` they are sent with: none where the body is
    /// attached as it is sent (`whole` false), which for a form also chooses the type.
    fn body_bytes(&self, whole: bool) -> Result<(Option<&'static str>, Vec<u8>), String> {
        Ok(match &self.body {
            None => (None, Vec::new()),
            Some((content_type, Payload::Bytes(bytes))) => (Some(*content_type), bytes.clone()),
            Some((content_type, Payload::Upload(upload))) if whole || matches!(upload.source, Source::Bytes(_)) => {
                (Some(*content_type), upload.read_whole()?)
            }
            Some((content_type, Payload::Upload(_))) => (Some(*content_type), Vec::new()),
            Some((_, Payload::Multipart(_))) if whole => {
                return Err("a multipart/form-data body is written by `send()`, not built into one piece".to_owned())
            }
            Some((_, Payload::Multipart(_))) => (None, Vec::new()),
        })
    }

    fn build_with<E>(
        &self,
        connection: &Connection,
        applied: Applied,
        whole: bool,
    ) -> Result<Request<Vec<u8>>, Error<E>> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let (mut url, query) = match &self.absolute {
            Some(url) => (url.clone(), &[][..]),
            None => (format!("{}{}", connection.base, self.path), &self.query[..]),
        };
        // Credentials go to this connection's own service only, whatever URL a request names.
        let applied = if self.absolute.is_none() || connection.owns(&url) { applied } else { Applied::default() };
        if let Some(text) = self.query_string.as_ref().filter(|t| !t.is_empty() && self.absolute.is_none()) {
            url.push('?');
            url.push_str(text);
        }
        for (name, value) in query.iter().chain(&applied.query) {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.extend(utf8_percent_encode(name, QUERY));
            url.push('=');
            url.extend(utf8_percent_encode(value, QUERY));
        }
        let mut builder = Request::builder().method(self.method.clone()).uri(&url).header(ACCEPT, self.accept);
        let (content_type, body) = self.body_bytes(whole).map_err(Error::InvalidRequest)?;
        if let Some(content_type) = content_type {
            builder = builder.header(CONTENT_TYPE, content_type);
        }
        for (name, value) in &self.headers {
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::InvalidRequest(format!("the `{name}` header value cannot be sent: {value:?}")))?;
            builder = builder.header(name, value);
        }
        for (name, value) in applied.headers {
            builder = builder.header(name, value);
        }
        builder.body(body).map_err(|e| Error::InvalidRequest(format!("cannot build a request for `{url}`: {e}")))
    }
}

/// Joins parameter values with commas, as OData lists them.
pub fn join<T: AsRef<str>>(values: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(value.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "reqwest")]
    #[test]
    fn credentials_go_only_to_the_same_origin() {
        let connection = Connection::with_base_url("https://graph.example/beta").expect("valid");
        assert!(connection.owns("https://graph.example/beta/items?$skip=2"));
        assert!(connection.owns("https://GRAPH.example:443/other"));
        assert!(!connection.owns("http://graph.example/beta/items"));
        assert!(!connection.owns("https://graph.example:8443/beta/items"));
        assert!(!connection.owns("https://graph.example.evil/beta"));
        assert!(!connection.owns("/beta/items"));
    }
}

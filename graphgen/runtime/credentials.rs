//! Credentials as a description's `securitySchemes` declare them: each set on the client
//! under its scheme's name, and sent with the operations whose `security` asks for it.

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use super::error::Error;
use super::request::TokenFuture;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A credential of one security scheme. Its `Debug` form never shows the secret.
#[derive(Clone)]
pub enum Credential {
    /// An API key, sent as the header, query parameter or cookie `name`.
    ApiKey {
        /// Where it goes.
        place: KeyPlace,
        /// The header, parameter or cookie name.
        name: &'static str,
        /// The key.
        key: String,
    },
    /// `Authorization: <scheme> <value>`: `Basic` with the encoded user and password,
    /// `Bearer` with a token, or another HTTP scheme's value as given.
    Authorization {
        /// The HTTP authentication scheme, such as `Basic`.
        scheme: &'static str,
        /// What follows the scheme.
        value: String,
    },
    /// `Authorization: Bearer <token>` with a token asked for before each request is sent;
    /// requests built with `build()` for another HTTP stack go without it.
    BearerSource(Arc<dyn Fn() -> TokenFuture + Send + Sync>),
    /// `Authorization: Bearer <token>` with a token of the OAuth 2.0 client credentials
    /// grant, fetched from the token endpoint, kept until shortly before it expires, and
    /// fetched again then; requests built with `build()` go without it.
    ClientCredentials(Arc<ClientCredentials>),
}

/// An OAuth 2.0 client credentials grant (RFC 6749, section 4.4) and its cached token.
// Only `send()` fetches tokens, so without the `reqwest` feature nothing reads them.
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
pub struct ClientCredentials {
    /// The token endpoint; a path (`/oauth/token`) is on the client's own service.
    pub(crate) token_url: String,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    /// The token and when it stops being used: a minute before it expires.
    cached: std::sync::Mutex<Option<(String, std::time::Instant)>>,
}

#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
impl ClientCredentials {
    /// The cached token, if it is still good.
    pub(crate) fn cached(&self) -> Option<String> {
        let cached = self.cached.lock().ok()?;
        cached.as_ref().filter(|(_, until)| std::time::Instant::now() < *until).map(|(token, _)| token.clone())
    }

    /// Keeps `token`, which the endpoint says expires in `expires_in` seconds (an hour when it
    /// does not say).
    pub(crate) fn keep(&self, token: &str, expires_in: Option<u64>) {
        let lifetime = std::time::Duration::from_secs(expires_in.unwrap_or(3600).saturating_sub(60));
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((token.to_owned(), std::time::Instant::now() + lifetime));
        }
    }

    /// The form the token endpoint is sent: `application/x-www-form-urlencoded`, with the
    /// client's id and secret in the body (`client_secret_post`).
    pub(crate) fn form(&self) -> String {
        // Every character but the unreserved ones (RFC 3986) is escaped.
        const FORM: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
        let encode = |text: &str| percent_encoding::utf8_percent_encode(text, FORM).to_string();
        let mut form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            encode(&self.client_id),
            encode(&self.client_secret)
        );
        if !self.scopes.is_empty() {
            form.push_str(&format!("&scope={}", encode(&self.scopes.join(" "))));
        }
        form
    }
}

impl Credential {
    /// An API key in `place`, named `name`.
    pub fn api_key(place: KeyPlace, name: &'static str, key: impl Into<String>) -> Credential {
        Credential::ApiKey { place, name, key: key.into() }
    }

    /// HTTP Basic: `Authorization: Basic base64(user:password)`.
    pub fn basic(user: &str, password: &str) -> Credential {
        Credential::Authorization { scheme: "Basic", value: STANDARD.encode(format!("{user}:{password}")) }
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Credential {
        Credential::Authorization { scheme: "Bearer", value: token.into() }
    }

    /// `Authorization: <scheme> <value>`, for an HTTP scheme other than Basic and Bearer.
    pub fn authorization(scheme: &'static str, value: impl Into<String>) -> Credential {
        Credential::Authorization { scheme, value: value.into() }
    }

    /// The OAuth 2.0 client credentials grant at `token_url`, for `scopes`: the runtime fetches
    /// the token, keeps it until a minute before it expires, and fetches a new one then.
    pub fn client_credentials<S: Into<String>>(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Credential {
        Credential::ClientCredentials(Arc::new(ClientCredentials {
            token_url: token_url.to_owned(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            cached: std::sync::Mutex::new(None),
        }))
    }

    /// A bearer token that `callback` gives before each request is sent, for tokens that
    /// expire; any credential library can stand behind it.
    pub fn bearer_source<F, Fut>(callback: F) -> Credential
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
    {
        Credential::BearerSource(Arc::new(move || Box::pin(callback())))
    }

    /// A bearer token from an Azure Identity credential (`azure_identity`'s client secret,
    /// client certificate, managed identity or developer tools credentials, or any other
    /// `azure_core` token credential), asked for `scopes` before each request is sent. The
    /// credential keeps its tokens until they expire, so most requests do not wait for one.
    #[cfg(feature = "azure-identity")]
    pub fn token_credential<S: Into<String>>(
        credential: Arc<dyn azure_core::credentials::TokenCredential>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Credential {
        let scopes: Arc<[String]> = scopes.into_iter().map(Into::into).collect();
        Credential::bearer_source(move || {
            let (credential, scopes) = (Arc::clone(&credential), Arc::clone(&scopes));
            async move {
                let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                let token = credential.get_token(&scopes, None).await?;
                Ok(token.token.secret().to_owned())
            }
        })
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey { place, name, .. } => write!(f, "ApiKey({place:?} `{name}`, redacted)"),
            Credential::Authorization { scheme, .. } => write!(f, "Authorization({scheme}, redacted)"),
            Credential::BearerSource(_) => f.write_str("BearerSource"),
            Credential::ClientCredentials(grant) => write!(f, "ClientCredentials({}, redacted)", grant.token_url),
        }
    }
}

/// What credentials add to one request.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(&'static str, String)>,
}

impl Applied {
    /// Whether an `Authorization` header is among them.
    pub(crate) fn authorizes(&self) -> bool {
        self.headers.iter().any(|(name, _)| name == AUTHORIZATION)
    }
}

/// The first alternative of `security` whose schemes all have a credential in `set`, in the
/// description's order; an empty alternative (`{}`, security is optional) is chosen when no
/// earlier one can be met, and sends nothing.
pub(crate) fn choose<'a>(
    security: &[&[&'static str]],
    set: &'a [(&'static str, Credential)],
) -> Vec<&'a Credential> {
    let find = |scheme: &str| set.iter().find(|(name, _)| *name == scheme).map(|(_, credential)| credential);
    security
        .iter()
        .find(|alternative| alternative.iter().all(|scheme| find(scheme).is_some()))
        .map(|alternative| alternative.iter().filter_map(|scheme| find(scheme)).collect())
        .unwrap_or_default()
}

/// Adds `credential` to `applied`, with the token `token` for a bearer source; every value
/// is checked, so that no credential can add a header line.
pub(crate) fn apply<E>(applied: &mut Applied, credential: &Credential, token: Option<String>) -> Result<(), Error<E>> {
    let header = |name: &str, value: String| -> Result<HeaderValue, Error<E>> {
        let mut value = HeaderValue::try_from(value)
            .map_err(|_| Error::InvalidRequest(format!("the {name} credential has characters a header cannot carry")))?;
        value.set_sensitive(true);
        Ok(value)
    };
    match credential {
        Credential::ApiKey { place: KeyPlace::Header, name, key } => {
            let header_name = HeaderName::try_from(*name)
                .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a header name")))?;
            applied.headers.push((header_name, header(name, key.clone())?));
        }
        Credential::ApiKey { place: KeyPlace::Query, name, key } => applied.query.push((name, key.clone())),
        Credential::ApiKey { place: KeyPlace::Cookie, name, key } => {
            let cookie = format!("{name}={}", percent_encoding::utf8_percent_encode(key, super::location::SEGMENT));
            applied.headers.push((COOKIE, header(name, cookie)?));
        }
        Credential::Authorization { scheme, value } => {
            applied.headers.push((AUTHORIZATION, header("authorization", format!("{scheme} {value}"))?));
        }
        Credential::BearerSource(_) | Credential::ClientCredentials(_) => {
            if let Some(token) = token {
                applied.headers.push((AUTHORIZATION, header("authorization", format!("Bearer {token}"))?));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_alternative_whose_schemes_are_all_set_is_chosen() {
        let set = [("key", Credential::api_key(KeyPlace::Query, "k", "1")), ("basic", Credential::basic("a", "b"))];
        let names = |chosen: Vec<&Credential>| chosen.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>();
        assert_eq!(names(choose(&[&["oauth"], &["key", "basic"]], &set)).len(), 2);
        assert_eq!(names(choose(&[&["oauth"], &[]], &set)), Vec::<String>::new());
        assert_eq!(names(choose(&[&["basic"], &["key"]], &set)), ["Authorization(Basic, redacted)"]);
        assert!(choose(&[], &set).is_empty());
    }

    #[test]
    fn basic_is_encoded_and_nothing_shows_a_secret() {
        let mut applied = Applied::default();
        apply::<()>(&mut applied, &Credential::basic("Aladdin", "open sesame"), None).unwrap();
        assert_eq!(applied.headers[0].1, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let shown = format!("{:?}", Credential::api_key(KeyPlace::Header, "X-Key", "s3cret"));
        assert!(!shown.contains("s3cret"), "{shown}");
        let broken = apply::<()>(&mut applied, &Credential::bearer("a\r\nX-Evil: 1"), None);
        assert!(broken.is_err());
    }
}

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

    /// A bearer token that `callback` gives before each request is sent, for tokens that
    /// expire; any credential library can stand behind it.
    pub fn bearer_source<F, Fut>(callback: F) -> Credential
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
    {
        Credential::BearerSource(Arc::new(move || Box::pin(callback())))
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey { place, name, .. } => write!(f, "ApiKey({place:?} `{name}`, redacted)"),
            Credential::Authorization { scheme, .. } => write!(f, "Authorization({scheme}, redacted)"),
            Credential::BearerSource(_) => f.write_str("BearerSource"),
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
        Credential::BearerSource(_) => {
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

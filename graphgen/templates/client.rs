//! The entry point of the API: a client, from which every request is reached.

use std::fmt;

use crate::runtime::{Connection, InvalidBaseUrl, RetryPolicy};

/// The service's address, credentials and retry policy; cheap to clone. Requests start
/// from its methods: one for each first segment of the description's paths, and one for
/// each operation on `/` itself.
#[derive(Clone)]
pub struct Client {
    pub(crate) connection: Connection,
}

impl Client {
    /// A client for the service's default base URL, [`crate::DEFAULT_BASE_URL`], without credentials.
    pub fn new() -> Client {
        Client { connection: Connection::new(crate::DEFAULT_BASE_URL) }
    }

    /// A client for `base_url`, such as `https://graph.microsoft.com/beta`; the URL may
    /// carry a path, and every request path is appended to it.
    pub fn with_base_url(base_url: &str) -> Result<Client, InvalidBaseUrl> {
        Connection::with_base_url(base_url).map(|connection| Client { connection })
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_token(self, token: impl Into<String>) -> Client {
        Client { connection: self.connection.bearer_token(token) }
    }

    crate::runtime::with_reqwest! {
        /// Asks `callback` for a bearer token before each request is sent, for tokens that expire.
        /// [`Client::bearer_token`] is the choice for requests built with `build()` and sent elsewhere.
        pub fn token_callback<F, Fut>(self, callback: F) -> Client
        where
            F: Fn() -> Fut + Send + Sync + 'static,
            Fut: std::future::Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>>
                + Send
                + 'static,
        {
            Client { connection: self.connection.token_callback(callback) }
        }
    }

    /// Replaces the retry policy.
    pub fn retry_policy(self, policy: RetryPolicy) -> Client {
        Client { connection: self.connection.retry_policy(policy) }
    }

    crate::runtime::with_reqwest! {
        /// Uses a configured `reqwest` client, for proxies, timeouts or TLS settings.
        pub fn http_client(self, http: crate::runtime::reqwest::Client) -> Client {
            Client { connection: self.connection.http_client(http) }
        }
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.connection.base_url()
    }
}

impl Default for Client {
    /// A client for the service's default base URL, without credentials.
    fn default() -> Self {
        Client::new()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection's own form redacts the credentials.
        f.debug_struct("Client").field("connection", &self.connection).finish()
    }
}

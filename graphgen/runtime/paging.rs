//! Following `@odata.nextLink` from page to page.

use serde::de::DeserializeOwned;

#[cfg(feature = "reqwest")]
use {
    super::error::Error,
    super::request::{Connection, RequestParts},
    super::response::{self, Response},
    std::marker::PhantomData,
};

/// A collection response: one page of items and the link to the next page.
pub trait Page: DeserializeOwned {
    /// The type of the items.
    type Item;

    /// The absolute URL of the next page, if there is one.
    fn next_link(&self) -> Option<&str>;

    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// The pages of a collection, fetched one at a time.
///
/// Paging ends when a page has no next link. A next link that repeats an earlier one,
/// or that points away from the connection's service (which would receive its credentials),
/// ends paging with [`Error::Paging`].
#[cfg(feature = "reqwest")]
#[derive(Debug)]
pub struct Pages<P, E> {
    connection: Connection,
    next: Option<RequestParts>,
    seen: Vec<String>,
    failure: Option<String>,
    page: PhantomData<fn() -> (P, E)>,
}

#[cfg(feature = "reqwest")]
impl<P: Page, E: DeserializeOwned + 'static> Pages<P, E> {
    /// Pages starting with the request `first`.
    pub fn new(connection: Connection, first: RequestParts) -> Self {
        Pages { connection, next: Some(first), seen: Vec::new(), failure: None, page: PhantomData }
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Option<Result<Response<P>, Error<E>>> {
        if let Some(reason) = self.failure.take() {
            return Some(Err(Error::Paging(reason)));
        }
        let request = self.next.take()?;
        let result = match super::transport::execute(&self.connection, &request).await {
            Ok(raw) => response::json::<P, E>(raw),
            Err(error) => Err(error),
        };
        if let Ok(page) = &result {
            if let Some(link) = page.body.next_link() {
                if self.seen.iter().any(|seen| seen == link) {
                    self.failure = Some(format!("the next link `{link}` was already followed"));
                } else if !self.connection.owns(link) {
                    self.failure =
                        Some(format!("the next link `{link}` leaves the service at {}", self.connection.base_url()));
                } else {
                    self.seen.push(link.to_owned());
                    self.next = Some(request.follow(link));
                }
            }
        }
        Some(result)
    }

    /// Every item of every remaining page.
    pub async fn all_items(mut self) -> Result<Vec<P::Item>, Error<E>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(page?.body.into_items());
        }
        Ok(items)
    }
}

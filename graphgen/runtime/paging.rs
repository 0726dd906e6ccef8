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

    /// The link that starts the next round of a delta query (`@odata.deltaLink`), which its
    /// last page carries instead of a next link.
    fn delta_link(&self) -> Option<&str> {
        None
    }
}

/// A round of a delta query followed to its end: every item changed since the round before
/// (removed ones carry an `@removed` annotation among their additional properties), and the
/// link that starts the next round, to be saved and given to the request's `at_link`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaRound<T> {
    /// The items changed since the round before, or every item in a first round.
    pub items: Vec<T>,
    /// The link that starts the next round.
    pub delta_link: String,
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
    /// The last delta link a page carried.
    delta: Option<String>,
    page: PhantomData<fn() -> (P, E)>,
}

#[cfg(feature = "reqwest")]
impl<P: Page, E: DeserializeOwned + 'static> Pages<P, E> {
    /// Pages starting with the request `first`.
    pub fn new(connection: Connection, first: RequestParts) -> Self {
        Pages { connection, next: Some(first), seen: Vec::new(), failure: None, delta: None, page: PhantomData }
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
            if let Some(link) = page.body.delta_link() {
                self.delta = Some(link.to_owned());
            }
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

    /// The delta link of the pages read so far, which the last page of a delta query's round
    /// carries (`@odata.deltaLink`).
    pub fn delta_link(&self) -> Option<&str> {
        self.delta.as_deref()
    }

    /// Follows a delta query's round to its end: every remaining item, and the delta link
    /// that starts the next round. A round whose last page has no delta link is an
    /// [`Error::Paging`].
    pub async fn delta_round(mut self) -> Result<DeltaRound<P::Item>, Error<E>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(page?.body.into_items());
        }
        match self.delta {
            Some(delta_link) => Ok(DeltaRound { items, delta_link }),
            None => Err(Error::Paging("the last page has no `@odata.deltaLink` to start the next round".to_owned())),
        }
    }
}

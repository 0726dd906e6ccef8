
/// Reads a body of one JSON value per line, as it arrives.
pub enum Lines {}

impl<T: serde::de::DeserializeOwned> Reader<JsonLines<T>> for Lines {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<JsonLines<T>>, crate::Error> {
        let raw = crate::runtime::buffered(crate::runtime::check_status(raw)?);
        Ok(crate::runtime::streamed(raw, JsonLines::new))
    }

    crate::runtime::with_reqwest! {
        #[inline]
        async fn receive(raw: http::Response<ByteStream>) -> Result<Response<JsonLines<T>>, crate::Error> {
            Ok(crate::runtime::streamed(crate::runtime::check_stream(raw).await?, JsonLines::new))
        }
    }
}

/// The values of a body of one JSON value per line, each decoded as `T`.
pub type JsonLines<T> = crate::runtime::JsonLines<T, crate::ErrorBody>;

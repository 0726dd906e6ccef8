
/// Reads server-sent events whose data is JSON, as they arrive.
pub enum JsonEvents {}

impl<T: serde::de::DeserializeOwned> Reader<EventStream<T>> for JsonEvents {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<EventStream<T>>, crate::Error> {
        let raw = crate::runtime::buffered(crate::runtime::check_status(raw)?);
        Ok(crate::runtime::streamed(raw, EventStream::json))
    }

    crate::runtime::with_reqwest! {
        #[inline]
        async fn receive(raw: http::Response<ByteStream>) -> Result<Response<EventStream<T>>, crate::Error> {
            Ok(crate::runtime::streamed(crate::runtime::check_stream(raw).await?, EventStream::json))
        }
    }
}

/// Reads server-sent events whose data is text, as they arrive.
pub enum TextEvents {}

impl Reader<EventStream<String>> for TextEvents {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<EventStream<String>>, crate::Error> {
        let raw = crate::runtime::buffered(crate::runtime::check_status(raw)?);
        Ok(crate::runtime::streamed(raw, EventStream::text))
    }

    crate::runtime::with_reqwest! {
        #[inline]
        async fn receive(raw: http::Response<ByteStream>) -> Result<Response<EventStream<String>>, crate::Error> {
            Ok(crate::runtime::streamed(crate::runtime::check_stream(raw).await?, EventStream::text))
        }
    }
}

/// The server-sent events of a response, each with its data decoded as `T`.
pub type EventStream<T> = crate::runtime::EventStream<T, crate::ErrorBody>;

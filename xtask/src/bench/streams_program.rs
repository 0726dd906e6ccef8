//! The program `cargo xtask bench --streams` runs, once per measurement: a download through the
//! generated client or through reqwest alone, from a server in this process; or server-sent
//! events decoded by the client's event stream or by the same parser feeding serde_json.
//! It prints `seconds peak_bytes count`.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use openai_api::models::CreateChatCompletionStreamResponse;
use openai_api::runtime::ByteStream;

/// The download's size: 1 GiB.
const DOWNLOAD: u64 = 1 << 30;

/// Events in the event-stream measurement.
const EVENTS: usize = 200_000;

/// One chunk of a chat completion, as OpenAI streams it.
const EVENT: &str = "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\
\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\
\"finish_reason\":null}]}\n\n";

/// The most memory the process has held, from Linux's `VmHWM`, in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0) * 1024
}

/// Serves `DOWNLOAD` bytes of a fixed pattern to every request, with its length.
async fn serve() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                // The request's body is read too: a socket closed with unread bytes is reset,
                // and the end of the answer lost with it.
                let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                let mut body = vec![0u8; length];
                if socket.read_exact(&mut body).await.is_err() {
                    return;
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {DOWNLOAD}\r\n\r\n"
                );
                let chunk: Vec<u8> = (0..64 << 10).map(|i| (i % 251) as u8).collect();
                if socket.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
                let mut sent = 0;
                while sent < DOWNLOAD {
                    let size = (chunk.len() as u64).min(DOWNLOAD - sent) as usize;
                    if socket.write_all(&chunk[..size]).await.is_err() {
                        return;
                    }
                    sent += size as u64;
                }
            });
        }
    });
    address
}

/// The event stream's bytes in chunks of 16 KiB, as a network would hand them over.
struct Chunks(Vec<Bytes>);

impl Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.pop().map(Ok))
    }
}

fn event_chunks() -> Vec<Bytes> {
    let text = EVENT.repeat(EVENTS);
    let mut chunks: Vec<Bytes> = text.as_bytes().chunks(16 << 10).map(Bytes::copy_from_slice).collect();
    chunks.reverse();
    chunks
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let started;
    let count: u64 = match mode.as_str() {
        "download-client" => {
            let address = serve().await;
            let client = openai_api::Client::with_base_url(&format!("http://{address}")).unwrap();
            started = Instant::now();
            let mut body = client.audio().speech().post(&speech()).send_streaming().await.unwrap().into_body();
            let mut total = 0u64;
            while let Some(chunk) = body.chunk().await {
                total += chunk.unwrap().len() as u64;
            }
            total
        }
        "download-reqwest" => {
            let address = serve().await;
            let http = reqwest::Client::new();
            started = Instant::now();
            let mut response = http.post(format!("http://{address}/audio/speech")).send().await.unwrap();
            let mut total = 0u64;
            while let Some(chunk) = response.chunk().await.unwrap() {
                total += chunk.len() as u64;
            }
            total
        }
        "events-client" => {
            let chunks = event_chunks();
            started = Instant::now();
            let raw = http::Response::new(ByteStream::new(MapErr(Chunks(chunks))));
            let mut events = openai_api::runtime::EventStream::<CreateChatCompletionStreamResponse, _>::json(
                raw.status(),
                raw.headers().clone(),
                raw.into_body(),
            );
            let mut count = 0u64;
            while let Some(event) = events.next_event().await {
                count += event.unwrap().data.choices.len() as u64;
            }
            count
        }
        "events-direct" => {
            let chunks = event_chunks();
            started = Instant::now();
            let mut events = eventsource_stream::EventStream::new(Chunks(chunks));
            let mut count = 0u64;
            while let Some(event) =
                std::future::poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await
            {
                let event: CreateChatCompletionStreamResponse = serde_json::from_str(&event.unwrap().data).unwrap();
                count += event.choices.len() as u64;
            }
            count
        }
        other => panic!("unknown mode `{other}`"),
    };
    println!("{} {} {count}", started.elapsed().as_secs_f64(), peak_memory());
}

fn speech() -> openai_api::models::CreateSpeechRequest {
    openai_api::models::CreateSpeechRequest::new("tts-1", "Hello", "alloy")
}

/// The chunks with the runtime's error type.
struct MapErr(Chunks);

impl Stream for MapErr {
    type Item = Result<Bytes, openai_api::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0).poll_next(cx).map(|item| item.map(|chunk| chunk.map_err(|e| {
            openai_api::Error::InvalidRequest(e.to_string())
        })))
    }
}

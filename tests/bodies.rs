//! Bodies other than JSON, through a crate generated from `tests/fixtures/specs/bodies.yaml`
//! and a program that calls a mock server with it: an answer that comes as JSON or as
//! server-sent events, audio as bytes (a download far larger than the memory the program
//! may use) or as events, and JSON Lines. The server sends its streams in pieces of a few
//! bytes, so lines, events and UTF-8 characters are split at arbitrary places.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use futures_core::Stream as _;
use office_config_tests::root;
use office_config_tests::scratch::Scratch;

/// The size of the large download: far more than the 64 MB the program may grow to.
const LARGE: u64 = 256 << 20;

const PROGRAM: &str = r#"
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use openai_api::models::{
    AudioResponseFormat, ChatCompletionRequestMessage, CreateChatCompletionRequest, CreateMessageRequestBody,
    CreateSpeechRequest, CreateSpeechResponseStreamEvent, CreateTranscriptionRequestTimestampGranularitiesItem as Granularity,
    GenerateRequest,
};
use openai_api::requests::CreateTranscriptionForm;
use openai_api::runtime::Upload;
use openai_api::Client;

const LARGE: u64 = 256 << 20;

/// Bytes `from..to` of the pattern byte `i` is `i % 251`, in chunks of 64 KiB.
struct Pattern(u64, u64);

impl Pattern {
    fn next_chunk(&mut self) -> Option<Bytes> {
        if self.0 >= self.1 {
            return None;
        }
        let end = (self.0 + (64 << 10)).min(self.1);
        let chunk: Vec<u8> = (self.0..end).map(|i| (i % 251) as u8).collect();
        self.0 = end;
        Some(Bytes::from(chunk))
    }
}

impl futures_core::Stream for Pattern {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.next_chunk().map(Ok))
    }
}

/// The most memory the process has held, from Linux's `VmHWM`, in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::with_base_url(&std::env::var("OPENAI_URL").unwrap()).unwrap().api_key_auth("sk-test");
    let chat = client.chat().completions();
    let mut body = CreateChatCompletionRequest::new("gpt-4o", vec![ChatCompletionRequestMessage::new("user", "Hi")]);

    // By default the answer is JSON.
    let completion = chat.post(&body).send().await.unwrap();
    println!("json {}", completion.choices[0].message.content);

    // Asked for as a stream, it is read event by event as it arrives.
    body.stream = true.into();
    let mut events = chat.post(&body).event_stream().send().await.unwrap().into_body();
    let mut text = String::new();
    while let Some(event) = events.next_event().await {
        match event {
            Ok(event) => {
                if let Some(content) = event.data.choices[0].delta.content.value() {
                    text.push_str(content);
                }
                println!("event {} {}", event.event, event.id);
            }
            Err(error) => println!("bad event: {error}"),
        }
    }
    println!("streamed {text}");

    // Audio is bytes by default; the large download is read chunk by chunk.
    let speech = client.audio().speech();
    let short = speech.post(&CreateSpeechRequest::new("tts-1", "Hello", "alloy")).send().await.unwrap();
    println!("audio {} bytes, {}", short.len(), short.headers["content-type"].to_str().unwrap());
    let large = CreateSpeechRequest::new("tts-1", "Hello", "large");
    let mut download = speech.post(&large).send_streaming().await.unwrap().into_body();
    let (mut total, mut chunks, mut wrong) = (0u64, 0u64, 0u64);
    while let Some(chunk) = download.chunk().await {
        let chunk = chunk.unwrap();
        for (i, byte) in chunk.iter().enumerate() {
            if *byte != ((total + i as u64) % 251) as u8 {
                wrong += 1;
            }
        }
        total += chunk.len() as u64;
        chunks += 1;
    }
    println!("download {total} bytes, {wrong} wrong, in pieces {}", chunks > 1);

    // Audio as events: each event's data is one of two types.
    let mut audio = speech.post(&CreateSpeechRequest::new("tts-1", "Hello", "alloy")).event_stream().send().await.unwrap();
    while let Some(event) = audio.next_event().await {
        match event.unwrap().data {
            CreateSpeechResponseStreamEvent::SpeechAudioDeltaEvent(delta) => println!("audio delta {}", delta.audio),
            CreateSpeechResponseStreamEvent::SpeechAudioDoneEvent(done) => {
                println!("audio done {}", done.usage.total_tokens)
            }
        }
    }

    // JSON Lines, one value per line as it arrives.
    let mut lines = client.api().generate().post(&GenerateRequest::new("llama3", "Why?")).send().await.unwrap().into_body();
    let mut parts = Vec::new();
    while let Some(line) = lines.next_value().await {
        match line {
            Ok(part) => parts.push(format!("{}{}", part.response, if part.done { "." } else { "" })),
            Err(error) => parts.push(format!("<{error}>")),
        }
    }
    println!("lines {}", parts.join("|"));

    // A form: each field as the form encoding writes it, an array as one pair per item.
    let mut message = CreateMessageRequestBody::new("+15558675310");
    message.from = "+15017122661".to_owned().into();
    message.body = "Hi & bye ✓".to_owned().into();
    message.send_at = openai_api::DateTimeOffset::parse("2026-12-07T10:00:00.5+01:00").unwrap().into();
    message.provide_feedback = true.into();
    message.max_price = 0.5.into();
    message.media_url = vec!["https://a.example/1.png".to_owned(), "https://a.example/2.png".to_owned()].into();
    let account = client.n2010_04_01().accounts().by_id("AC00000000000000000000000000000000");
    let sent = account.messages_json().post(&message).send().await.unwrap();
    println!("form {} {}", sent.status.as_u16(), sent.body.body.value().unwrap());

    // A multipart form: a file part from a file on disk, typed as its extension says, text
    // parts, and one part per item of a list.
    let dir = std::path::PathBuf::from(std::env::var("UPLOAD_DIR").unwrap());
    std::fs::write(dir.join("hello.mp3"), "ID3 audio").unwrap();
    let mut form = CreateTranscriptionForm::new(Upload::file(dir.join("hello.mp3")), "whisper-1");
    form.language = Some("en".to_owned());
    form.temperature = Some(0.5);
    form.response_format = Some(AudioResponseFormat::VerboseJson);
    form.timestamp_granularities = Some(vec![Granularity::Word, Granularity::Segment]);
    let transcription = client.audio().transcriptions().post(form).send().await.unwrap();
    println!("multipart {}", transcription.text);
    // Bytes from memory, named and typed by the caller.
    let clip = Upload::bytes(&b"RIFF"[..]).file_name("clip.wav").content_type("audio/wav");
    let transcription = client.audio().transcriptions().post(CreateTranscriptionForm::new(clip, "whisper-1")).send().await;
    println!("multipart {}", transcription.unwrap().text);

    // Binary uploads far larger than the memory the program may use: from a stream of unknown
    // length, and from a file, whose length is known.
    let content = client.files().by_id("f-1").content();
    let stored = content.put(Upload::stream(Pattern(0, LARGE), None)).send().await.unwrap();
    println!("upload {} {}", stored.id, stored.bytes);
    let path = dir.join("large.bin");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut pattern = Pattern(0, LARGE);
    while let Some(chunk) = pattern.next_chunk() {
        std::io::Write::write_all(&mut file, &chunk).unwrap();
    }
    drop(file);
    let stored = content.put(Upload::file(&path)).send().await.unwrap();
    println!("upload {} {}", stored.id, stored.bytes);
    println!("peak under 64 MB {}", peak_memory() < 64 << 20);

    // An error status is read whole, into the typed error, before any stream starts.
    body.model = "missing".to_owned();
    match chat.post(&body).event_stream().send().await {
        Err(error) => println!("refused {} {}", error.status().unwrap().as_u16(), error.body().unwrap().error.message),
        Ok(_) => println!("not refused"),
    }
}
"#;

/// A body sent as the given pieces, with a pause after some of them.
struct Pieces(std::vec::IntoIter<Vec<u8>>, Option<Pin<Box<tokio::time::Sleep>>>, usize);

impl futures_core::Stream for Pieces {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(sleep) = &mut self.1 {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.1 = None;
        }
        self.2 += 1;
        if self.2 % 5 == 0 {
            self.1 = Some(Box::pin(tokio::time::sleep(Duration::from_millis(1))));
        }
        Poll::Ready(self.0.next().map(|piece| Ok(Bytes::from(piece))))
    }
}

/// `text` cut into pieces of 1 to 7 bytes, by a fixed sequence.
fn pieces(text: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut step = 0;
    while at < text.len() {
        let size = (step * 5 % 7 + 1).min(text.len() - at);
        out.push(text[at..at + size].to_vec());
        at += size;
        step += 1;
    }
    out
}

fn streamed(content_type: &str, text: &str) -> Response {
    let body = Body::from_stream(Pieces(pieces(text.as_bytes()).into_iter(), None, 0));
    Response::builder().header("content-type", content_type).body(body).expect("a response")
}

/// The large download: `LARGE` bytes, byte `i` being `i % 251`, in chunks of 64 KiB.
struct Audio(u64);

impl futures_core::Stream for Audio {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.0 >= LARGE {
            return Poll::Ready(None);
        }
        let size = (64 << 10).min(LARGE - self.0);
        let chunk: Vec<u8> = (self.0..self.0 + size).map(|i| (i % 251) as u8).collect();
        self.0 += size;
        Poll::Ready(Some(Ok(Bytes::from(chunk))))
    }
}

const CHAT_EVENTS: &str = "event: message\nid: 1\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\
\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"finish_reason\":null}]}\n\n\
: a comment line\r\n\
data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\r\n\
data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo ✓\"},\"finish_reason\":null}]}\r\n\r\n\
id: 3\ndata: {\"id\":\"c1\",\"truncated\n\n\
data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\
\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n\
data: [DONE]\n\n";

const SPEECH_EVENTS: &str = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAEC\"}\n\n\
data: {\"type\":\"speech.audio.delta\",\"audio\":\"AwQF\"}\n\n\
data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}\n\n";

const LINES: &str = "{\"model\":\"llama3\",\"created_at\":\"2026-12-07T10:00:00.123456789Z\",\"response\":\"Because\",\"done\":false}\n\
\r\n\
{\"model\":\"llama3\",\"created_at\":\"2026-12-07T10:00:00.2Z\",\"response\":\" the sky\",\"done\":false}\r\n\
{\"model\":\"llama3\",\"response\":\"?\",\"done\":false}\n\
{\"model\":\"llama3\",\"created_at\":\"2026-12-07T10:00:01Z\",\"response\":\"\",\"done\":true}";

fn json(status: StatusCode, text: &str) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(text.to_owned()))
        .expect("a response")
}

/// A multipart form read as a server reads it (multer): a line per part, its name, file
/// name, media type and contents. A body without a boundary is refused.
async fn transcription(headers: &HeaderMap, body: Body) -> Response {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return json(StatusCode::BAD_REQUEST, r#"{"error": "no boundary"}"#);
    };
    let mut form = multer::Multipart::new(body.into_data_stream(), boundary);
    let mut parts = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return json(StatusCode::BAD_REQUEST, &format!("{{\"error\": {:?}}}", e.to_string())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file = field.file_name().map(|f| format!(" file {f}")).unwrap_or_default();
        let media = field.content_type().map(|m| format!(" as {m}")).unwrap_or_default();
        let contents = field.bytes().await.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        parts.push(format!("{name}{file}{media}: {contents}"));
    }
    json(StatusCode::OK, &serde_json::json!({ "text": parts.join("; ") }).to_string())
}

/// A binary upload, read as it arrives and checked against the pattern the program sends.
async fn upload(headers: &HeaderMap, body: Body) -> Response {
    let length = match headers.get("content-length") {
        Some(length) => format!("length {}", length.to_str().unwrap_or_default()),
        None => "chunked".to_owned(),
    };
    let mut chunks = body.into_data_stream();
    let (mut total, mut wrong) = (0u64, 0u64);
    while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut chunks).poll_next(cx)).await {
        let Ok(chunk) = chunk else { return json(StatusCode::BAD_REQUEST, "{}") };
        wrong += chunk.iter().enumerate().filter(|(i, b)| **b != ((total + *i as u64) % 251) as u8).count() as u64;
        total += chunk.len() as u64;
    }
    json(StatusCode::OK, &format!(r#"{{"id": "{length}, {wrong} wrong", "bytes": {total}}}"#))
}

async fn answer(uri: Uri, headers: HeaderMap, body: Body) -> Response {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer sk-test") {
        return json(StatusCode::UNAUTHORIZED, "{}");
    }
    if uri.path() == "/v1/audio/transcriptions" {
        return transcription(&headers, body).await;
    }
    if uri.path().starts_with("/v1/files/") {
        return upload(&headers, body).await;
    }
    let body = axum::body::to_bytes(body, 1 << 20).await.map(|b| String::from_utf8_lossy(&b).into_owned());
    let body = body.unwrap_or_default();
    let accept = headers.get("accept").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let request: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    match uri.path() {
        "/v1/chat/completions" if request["model"] == "missing" => json(
            StatusCode::NOT_FOUND,
            r#"{"error":{"message":"The model `missing` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#,
        ),
        // As OpenAI does, the body's `stream` decides; the `Accept` header must agree.
        "/v1/chat/completions" if request["stream"] == true && accept == "text/event-stream" => {
            streamed("text/event-stream", CHAT_EVENTS)
        }
        "/v1/chat/completions" if request["stream"].is_null() && accept == "application/json" => json(
            StatusCode::OK,
            r#"{"id":"c0","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}]}"#,
        ),
        "/v1/audio/speech" if accept == "text/event-stream" => streamed("text/event-stream", SPEECH_EVENTS),
        "/v1/audio/speech" if accept == "application/octet-stream" && request["voice"] == "large" => {
            Response::builder()
                .header("content-type", "application/octet-stream")
                .body(Body::from_stream(Audio(0)))
                .expect("a response")
        }
        "/v1/audio/speech" if accept == "application/octet-stream" => Response::builder()
            .header("content-type", "audio/mpeg")
            .body(Body::from(vec![0xFF_u8; 1000]))
            .expect("a response"),
        "/v1/api/generate" if accept == "application/x-ndjson" => streamed("application/x-ndjson", LINES),
        "/v1/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json" => {
            let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
            if content_type != Some("application/x-www-form-urlencoded") {
                return json(StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}");
            }
            // Read as a form parser reads it, repeated names kept.
            let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
            let expected = [
                ("To", "+15558675310"),
                ("MaxPrice", "0.5"),
                ("ProvideFeedback", "true"),
                ("SendAt", "2026-12-07T10:00:00.5+01:00"),
                ("From", "+15017122661"),
                ("Body", "Hi & bye ✓"),
                ("MediaUrl", "https://a.example/1.png"),
                ("MediaUrl", "https://a.example/2.png"),
            ];
            let expected: Vec<(String, String)> =
                expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            if pairs != expected {
                return json(StatusCode::BAD_REQUEST, &format!("{{\"unexpected\": {:?}}}", format!("{pairs:?}")));
            }
            json(StatusCode::CREATED, r#"{"body":"Hi & bye ✓","to":"+15558675310","sid":null,"num_media":"0"}"#)
        }
        _ => json(StatusCode::BAD_REQUEST, &format!("{{\"unexpected\": {:?}}}", format!("{uri} {accept}"))),
    }
}

#[test]
fn streams_events_lines_and_large_downloads_are_read_as_they_arrive() {
    let mut scratch = Scratch::new();
    let spec = root().join("tests/fixtures/specs/bodies.yaml");
    scratch.generate("openai-api", &spec).unwrap_or_else(|e| panic!("{e}"));
    let manifest = "[package]\nname = \"bodies-program\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                    [dependencies]\nopenai-api = { path = \"../openai-api\" }\nbytes = \"1\"\nfutures-core = \"0.3\"\n\
                    tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n";
    scratch.program("bodies-program", manifest, PROGRAM).unwrap_or_else(|e| panic!("{e}"));

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let address = runtime.block_on(async {
        let app = Router::new().fallback(answer);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        address
    });
    let uploads = tempfile::tempdir().expect("a temporary directory");
    let stdout = scratch.run(
        "bodies-program",
        &[("OPENAI_URL", format!("http://{address}/v1")), ("UPLOAD_DIR", uploads.path().display().to_string())],
    );
    let expected = [
        "json Hello",
        "event message 1",
        "event message 1",
        "bad event: unexpected 200 OK response: the data of event 3 (`message`, id `3`) does not match the \
         description: at `?`: EOF while parsing a string at line 1 column 21",
        "event message 3",
        "streamed Héllo ✓",
        "audio 1000 bytes, audio/mpeg",
        &format!("download {LARGE} bytes, 0 wrong, in pieces true"),
        "audio delta AAEC",
        "audio delta AwQF",
        "audio done 3",
        "lines Because| the sky|<unexpected 200 OK response: line 4 does not match the description: at `.`: \
         missing field `created_at` at line 1 column 46>|.",
        "form 201 Hi & bye ✓",
        "multipart file file hello.mp3 as audio/mpeg: ID3 audio; model: whisper-1; language: en; \
         response_format: verbose_json; temperature: 0.5; timestamp_granularities: word; timestamp_granularities: segment",
        "multipart file file clip.wav as audio/wav: RIFF; model: whisper-1",
        &format!("upload chunked, 0 wrong {LARGE}"),
        &format!("upload length {LARGE}, 0 wrong {LARGE}"),
        "peak under 64 MB true",
        "refused 404 The model `missing` does not exist",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

//! Against LiteLLM's proxy, through a client generated from OpenAI's description: a chat
//! completion read as JSON, the same chat streamed as server-sent events and put back
//! together chunk by chunk, and a request the proxy refuses.

use litellm_client::models::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
use litellm_client::{Client, Error};

/// The text the proxy's model answers every chat with (its `mock_response`).
const ANSWER: &str = "The quick brown fox jumps over the lazy dog.";

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let key = std::env::var("LITELLM_KEY").expect("LITELLM_KEY is the proxy's key");
    let client = Client::with_base_url(&url).expect("a valid URL").api_key_auth(key);
    let chat = client.chat().completions();
    let question = vec![ChatCompletionRequestMessage::new("user", "Say something about a fox.")];
    let mut body = CreateChatCompletionRequest::new("mock-gpt", question);

    let completion = chat.post(&body).send().await?;
    let message = &completion.choices[0].message;
    println!("json: {} says {:?} ({})", message.role, message.content, completion.choices[0].finish_reason);
    assert_eq!(message.content, ANSWER);

    body.stream = true.into();
    let mut events = chat.post(&body).event_stream().send().await?.into_body();
    let (mut text, mut chunks, mut finish) = (String::new(), 0, None);
    while let Some(event) = events.next_event().await {
        let chunk = event?.data;
        chunks += 1;
        for choice in &chunk.choices {
            if let Some(content) = choice.delta.content.value() {
                text.push_str(content);
            }
            if let Some(reason) = &choice.finish_reason {
                finish = Some(reason.clone());
            }
        }
    }
    println!("streamed: {chunks} chunks, {text:?}, finished by {finish:?}");
    assert_eq!(text, ANSWER);
    assert_eq!(finish.as_deref(), Some("stop"));

    let refused = client.clone().api_key_auth("sk-not-the-key").chat().completions().post(&body).send().await;
    match refused {
        Err(error) => println!("a wrong key is refused: {error}"),
        Ok(_) => panic!("a wrong key was taken"),
    }
    Ok(())
}

//! Against the Azure SDK's test server, through the client generated from its Swagger 2.0
//! `body-complex.json`: a polymorphic fish chosen by `fishtype`, with siblings of three
//! derived types, sent back for the server to compare; a cat read through its inheritance;
//! and the typed error of a fish the server does not expect.

use autorest_complex_client::models::{Fish, Salmon};
use autorest_complex_client::{Client, Error};

/// The discriminator value each variant is read by.
fn kind(fish: &Fish) -> &'static str {
    match fish {
        Fish::Salmon(_) => "salmon",
        Fish::SmartSalmon(_) => "smart_salmon",
        Fish::Shark(_) => "shark",
        Fish::Sawshark(_) => "sawshark",
        Fish::Goblinshark(_) => "goblin",
        Fish::Cookiecuttershark(_) => "cookiecuttershark",
        Fish::Base(_) => "a fish of another kind",
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let client = Client::with_base_url(&url).expect("a valid URL");
    let polymorphism = client.complex().polymorphism().valid();

    let fish = polymorphism.get().send().await?.body;
    let Fish::Salmon(salmon) = &fish else { panic!("the server sends a salmon, not {}", kind(&fish)) };
    let siblings: Vec<&str> = salmon.siblings.value().into_iter().flatten().map(kind).collect();
    println!("a {} salmon from {:?}, {} long, with siblings {siblings:?}", salmon.species.value().map_or("", |s| s), salmon.location.value(), salmon.length);
    // The server answers 200 only to exactly the value it sent.
    let sent = polymorphism.put(&fish).send().await?;
    println!("sent back: {}", sent.status);

    let cat = client.complex().inheritance().valid().get().send().await?.body;
    let hated: Vec<&str> = cat.hates.value().into_iter().flatten().filter_map(|dog| dog.name.value().map(String::as_str)).collect();
    println!("{} the {}, who hates {hated:?}", cat.name.value().map_or("", |s| s), cat.breed.value().map_or("", |s| s));

    let stranger = Fish::Salmon(Salmon::new("salmon", 1.0));
    match polymorphism.put(&stranger).send().await {
        Err(Error::Api(error)) => println!("refused ({}): {}", error.status, error.body.message.value().map_or("", |s| s)),
        other => panic!("the server takes only the fish it sent, yet answered {other:?}"),
    }
    Ok(())
}

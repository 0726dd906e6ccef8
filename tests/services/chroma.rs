//! Against a Chroma server: a database and a collection made, records added, counted and
//! read a page at a time, the collection renamed and read by name and by id, records and
//! the collection deleted, and the typed error of reading it again.

use chroma_client::models::{
    AddCollectionRecordsPayload, CreateCollectionPayload, CreateDatabasePayload, DeleteCollectionRecordsPayload,
    GetRequestPayload, Include, UpdateCollectionPayload,
};
use chroma_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let client = Client::with_base_url(&url).expect("a valid URL");
    println!("Chroma {}", client.api().v2().version().get().send().await?);

    let tenant = client.api().v2().tenants().by_id("default_tenant");
    tenant.databases().post(&CreateDatabasePayload::new("shop")).send().await?;
    let database = tenant.databases().by_id("shop");
    let created = database.collections().post(&CreateCollectionPayload::new("products")).send().await?;
    println!("created collection {} ({})", created.name, created.id);

    let collection = database.collections().by_collection_id(&created.id);
    let ids: Vec<String> = (1..=5).map(|i| format!("p{i}")).collect();
    let embeddings: Vec<Vec<f32>> = (1..=5).map(|i| vec![i as f32, 0.5, -1.0]).collect();
    let mut records = AddCollectionRecordsPayload::new(embeddings, ids);
    records.documents = Some((1..=5).map(|i| Some(format!("product {i}"))).collect::<Vec<_>>()).into();
    collection.add().post(&records).send().await?;
    println!("count: {}", collection.count().get().send().await?);

    let mut offset = 0;
    loop {
        let page = GetRequestPayload {
            limit: 2.into(),
            offset: offset.into(),
            include: vec![Include::Documents].into(),
            ..Default::default()
        };
        let got = collection.get_path().post(&page).send().await?;
        if got.ids.is_empty() {
            break;
        }
        println!("page at {offset}: {:?} {:?}", got.ids, got.documents.value());
        offset += got.ids.len() as i32;
    }

    let rename = UpdateCollectionPayload { new_name: "catalogue".into(), ..Default::default() };
    collection.put(&rename).send().await?;
    // Chroma reads a collection by its name at this path, and by its id below `by-id`.
    let by_name = database.collections().by_collection_id("catalogue");
    let renamed = by_name.get().send().await?;
    let by_id = database.collections().by_id().by_id(&created.id).get().send().await?;
    println!("renamed to {} (read by id: {})", renamed.name, by_id.name);

    let gone = DeleteCollectionRecordsPayload { ids: vec!["p1".to_owned(), "p2".to_owned()].into(), ..Default::default() };
    collection.delete_path().post(&gone).send().await?;
    println!("count after deleting two: {}", collection.count().get().send().await?);

    by_name.delete().send().await?;
    match by_name.get().send().await {
        Err(Error::Api(error)) => println!("read again: {} {}: {}", error.status, error.body.error, error.body.message),
        other => panic!("expected the typed 404, got {other:?}"),
    }
    Ok(())
}

//! Against a Prefect server: variables created, read by id and by name, listed a page at a
//! time, updated and deleted, and the typed error of a name the server refuses.

use prefect_client::models::{BodyReadVariablesVariablesFilterPost, VariableCreate, VariableUpdate};
use prefect_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let client = Client::with_base_url(&url).expect("a valid URL");
    println!("Prefect {}", client.version().get().send().await?);

    let variables = client.variables();
    for i in 1..=5 {
        let created = variables.post(&VariableCreate::new(format!("retries_{i}"), Some(i.into()))).send().await?;
        println!("created {} = {:?} ({})", created.name, created.value, created.id);
    }
    let first = variables.name().by_id("retries_1").get().send().await?;
    println!("by name: {} was created at {:?}", first.name, first.created.as_ref().map(ToString::to_string));
    let same = variables.by_id(&first.id).get().send().await?;
    assert_eq!(same.body, first.body);

    let mut offset = 0;
    loop {
        let page = BodyReadVariablesVariablesFilterPost { offset: offset.into(), limit: 2.into(), ..Default::default() };
        let listed = variables.filter().post(&page).send().await?;
        if listed.is_empty() {
            break;
        }
        println!("page at {offset}: {:?}", listed.iter().map(|v| v.name.as_str()).collect::<Vec<_>>());
        offset += listed.len() as i64;
    }

    let change = VariableUpdate { value: Some(10.into()).into(), tags: vec!["tuned".to_owned()].into(), ..Default::default() };
    variables.by_id(&first.id).patch(&change).send().await?;
    let changed = variables.by_id(&first.id).get().send().await?;
    println!("updated: {} = {:?}, tags {:?}", changed.name, changed.value, changed.tags.value());

    for i in 1..=5 {
        variables.name().by_id(format!("retries_{i}")).delete().send().await?;
    }
    println!("left after deleting: {}", variables.count().post(&Default::default()).send().await?);

    match variables.post(&VariableCreate::new("Not A Valid Name!", Some(1.into()))).send().await {
        // Prefect answers with its own fields beside FastAPI's `detail`; they are kept.
        Err(Error::Api(error)) => println!("refused ({}): {}", error.status, error.body),
        other => panic!("expected the typed 422, got {other:?}"),
    }
    Ok(())
}

//! Serde throughput, run by `cargo xtask bench`: decode and encode a ~10 MB collection
//! response with the generated models, with `serde_json::Value`, and with plain derived
//! structs that keep no unknown properties. Prints one JSON object with the figures.

mod payload;
mod plain;

use std::hint::black_box;
use std::time::{Duration, Instant};

use graph_office_config::models::OfficeClientConfigurationCollectionResponse;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Runs `f` until `budget` has passed (at least three times) and returns the fastest run.
/// What `f` returns is dropped after the clock stops: freeing is not part of the figure.
fn fastest<R>(budget: Duration, mut f: impl FnMut() -> R) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    let mut runs = 0;
    while runs < 3 || started.elapsed() < budget {
        let run = Instant::now();
        let result = f();
        best = best.min(run.elapsed());
        drop(black_box(result));
        runs += 1;
    }
    best
}

/// Decode and encode throughput of `T`, in MB/s, over `json`.
fn measure<T: DeserializeOwned + Serialize>(json: &str, budget: Duration) -> (f64, f64) {
    let mb = json.len() as f64 / 1e6;
    let value: T = serde_json::from_str(json).expect("the payload decodes");
    let decode = fastest(budget, || serde_json::from_str::<T>(black_box(json)).expect("the payload decodes"));
    // Encoding reuses one buffer, so that the figure is serialization, not allocator growth.
    let mut buffer = Vec::with_capacity(json.len() * 2);
    let encode = fastest(budget, || {
        buffer.clear();
        serde_json::to_writer(&mut buffer, black_box(&value)).expect("the value encodes");
        black_box(&buffer);
    });
    (mb / decode.as_secs_f64(), mb / encode.as_secs_f64())
}

fn main() {
    let items: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let budget = Duration::from_millis(std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(3_000));
    let json = payload::collection(items);
    if let Some(mode) = std::env::args().nth(3) {
        // One side only, for a profiler to look at.
        let (decode, encode) = match mode.as_str() {
            "generated" => measure::<OfficeClientConfigurationCollectionResponse>(&json, budget),
            "value" => measure::<serde_json::Value>(&json, budget),
            _ => measure::<plain::CollectionResponse>(&json, budget),
        };
        println!("{mode}: decode {decode:.1} MB/s, encode {encode:.1} MB/s");
        return;
    }

    // The generated models must read the payload back exactly, or the comparison is void.
    let model: OfficeClientConfigurationCollectionResponse = graph_office_config::decode(&json).expect("decodes");
    let original: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(serde_json::to_value(&model).expect("encodes"), original, "the models lose data");

    // Three rounds that take turns, keeping each side's best, so that load on the
    // machine hits all three alike.
    let best = |a: (f64, f64), b: (f64, f64)| (a.0.max(b.0), a.1.max(b.1));
    let (mut generated, mut value, mut plain) = ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
    for _ in 0..3 {
        generated = best(generated, measure::<OfficeClientConfigurationCollectionResponse>(&json, budget / 3));
        value = best(value, measure::<serde_json::Value>(&json, budget / 3));
        plain = best(plain, measure::<plain::CollectionResponse>(&json, budget / 3));
    }
    println!(
        "{{\"bytes\": {}, \"items\": {items}, \"generated\": [{:.1}, {:.1}], \"value\": [{:.1}, {:.1}], \"plain\": [{:.1}, {:.1}]}}",
        json.len(),
        generated.0,
        generated.1,
        value.0,
        value.1,
        plain.0,
        plain.1
    );
}

//! Request throughput of the simulator with no latency and no rate limits:
//! the server runs on a single-threaded tokio runtime (one core), the client
//! on another thread. `cargo bench -p zoom-sim --bench throughput`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::ItemsCount;
use zoom_sim::{SimConfig, SimServer};

fn main() {
    divan::main();
}

struct Target {
    v2: String,
    token: String,
}

/// Starts one simulator for all benches, on its own one-core runtime.
fn target() -> &'static Target {
    static T: OnceLock<Target> = OnceLock::new();
    T.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let sim = SimServer::start(SimConfig {
                    qps_scale: 0.0,
                    ..SimConfig::default()
                })
                .await
                .unwrap();
                let info = sim.info().clone();
                tx.send((sim.api_v2(), info)).unwrap();
                std::future::pending::<()>().await;
            });
        });
        let (v2, info) = rx.recv().unwrap();
        let rt = client_runtime();
        let token = rt.block_on(async {
            let r: serde_json::Value = reqwest::Client::new()
                .post(&info.oauth_url)
                .basic_auth(&info.client_id, Some(&info.client_secret))
                .query(&[
                    ("grant_type", "account_credentials"),
                    ("account_id", info.account_id.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["access_token"].as_str().unwrap().to_string()
        });
        Target { v2, token }
    })
}

fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One `GET /users/me` at a time over a kept-alive connection.
#[divan::bench]
fn sequential_get_user(bencher: Bencher) {
    let t = target();
    let rt = client_runtime();
    let client = reqwest::Client::new();
    let url = format!("{}/users/me", t.v2);
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        rt.block_on(async {
            client
                .get(&url)
                .bearer_auth(&t.token)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
}

/// 64 concurrent `GET /users/me`: the server's throughput on one core.
#[divan::bench]
fn concurrent_get_user_x64(bencher: Bencher) {
    let t = target();
    let rt = client_runtime();
    let client = reqwest::Client::new();
    let url = format!("{}/users/me", t.v2);
    bencher.counter(ItemsCount::new(64usize)).bench_local(|| {
        rt.block_on(async {
            let futs = (0..64).map(|_| async {
                client
                    .get(&url)
                    .bearer_auth(&t.token)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap()
            });
            futures::future::join_all(futs).await
        })
    });
}

/// A full page of 300 users (about 150 KB of JSON).
#[divan::bench]
fn page_of_300_users(bencher: Bencher) {
    let t = target();
    let rt = client_runtime();
    let client = reqwest::Client::new();
    let url = format!("{}/users?page_size=300", t.v2);
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        rt.block_on(async {
            client
                .get(&url)
                .bearer_auth(&t.token)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
}

//! Decode throughput of a 300-user GET /users page (the largest page Zoom
//! sends), typed and as plain JSON for comparison.
//!
//! Run: `cargo bench -p zoom-api --bench decode`.

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use serde_json::{Value, json};
use zoom_api::api::users::UsersPage;

fn main() {
    divan::main();
}

/// A 300-user page built from the OpenAPI example user, with varied ids and
/// the empty strings and nulls Zoom sends.
fn page() -> String {
    let fixture: Value = serde_json::from_str(include_str!("../tests/resources/users_page.json"))
        .unwrap_or(Value::Null);
    let template = fixture["users"][0].clone();
    let users: Vec<Value> = (0..300)
        .map(|i| {
            let mut user = template.clone();
            user["id"] = json!(format!("user-{i:05}-KDcuGIm1QgePTO8WbOqwIQ"));
            user["email"] = json!(format!("user{i}@example.com"));
            if i % 3 == 0 {
                user["dept"] = json!("");
                user["last_client_version"] = Value::Null;
            }
            user
        })
        .collect();
    json!({
        "next_page_token": "8V8HigQkzm2O5r9RUn31D9ZyJHgrmFfbLa2",
        "page_count": 28,
        "page_number": 1,
        "page_size": 300,
        "total_records": 8482,
        "users": users
    })
    .to_string()
}

#[divan::bench]
fn users_page_typed(bencher: Bencher) {
    let body = page();
    bencher.counter(ItemsCount::new(300usize)).bench(|| {
        serde_json::from_str::<UsersPage>(black_box(&body)).map(|p| p.users.map_or(0, |u| u.len()))
    });
}

#[divan::bench]
fn users_page_value(bencher: Bencher) {
    let body = page();
    bencher
        .counter(ItemsCount::new(300usize))
        .bench(|| serde_json::from_str::<Value>(black_box(&body)).map(|v| v.is_object()));
}

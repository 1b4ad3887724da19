//! Team Chat: sending a message (kept in the overlay, listed at `/_sim/messages`).

use std::sync::Arc;

use axum::extract::{Path, State};
use chrono::Utc;
use serde_json::json;

use super::{Res, created, parse_body, resolve_user};
use crate::model::ts;
use crate::server::response::ZoomError;
use crate::server::{Sim, lock};

/// POST /chat/users/{userId}/messages — scopes chat_message:write, chat_message:write:admin — Medium.
pub(crate) async fn send_message(
    State(sim): State<Arc<Sim>>,
    Path(user_id): Path<String>,
    body: axum::body::Bytes,
) -> Res {
    let sender = resolve_user(&sim, &user_id)?;
    let b = parse_body(&body)?;
    let message = b["message"].as_str().unwrap_or("");
    if message.trim().is_empty() || message.chars().count() > 4096 {
        return Err(ZoomError::invalid_field("message", "Invalid field."));
    }
    let contact = b["to_contact"].as_str().filter(|s| !s.is_empty());
    let channel = b["to_channel"].as_str().filter(|s| !s.is_empty());
    if contact.is_some() == channel.is_some() {
        return Err(ZoomError::invalid_field(
            "to_contact",
            "Exactly one of to_contact or to_channel is required.",
        ));
    }
    let mut ov = lock(&sim.overlay);
    let from = ov.user_json(&sim.acc, sender, false)["email"].clone();
    let id = format!(
        "{:08x}-sim-{:04}",
        sim.acc.mask(7) as u32,
        ov.messages.len()
    );
    ov.messages.push(json!({
        "id": id,
        "from": from,
        "message": message,
        "to_contact": contact,
        "to_channel": channel,
        "sent_at": ts(Utc::now()),
    }));
    Ok(created(json!({"id": id})))
}

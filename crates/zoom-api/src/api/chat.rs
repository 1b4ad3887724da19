//! Chat: sending a message (the notify action).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::Error;
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// POST /chat/users/{userId}/messages.
pub const SEND_CHAT_MESSAGE: Route = Route {
    method: Method::Post,
    path: "/chat/users/{userId}/messages",
    scopes: &["chat_message:write", "chat_message:write:admin"],
    granular_scopes: &["team_chat:write:user_message:admin"],
    category: RateCategory::Medium,
    min_plan: None,
};

/// Where a chat message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatTarget {
    /// A contact, by email.
    Contact(String),
    /// A channel, by id.
    Channel(String),
}

/// The answer of POST /chat/users/{userId}/messages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct SentMessage {
    /// The message id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The chat API.
#[derive(Debug, Clone, Copy)]
pub struct Chat<'a> {
    client: &'a Client,
}

impl Client {
    /// The chat API.
    pub fn chat(&self) -> Chat<'_> {
        Chat { client: self }
    }
}

impl Chat<'_> {
    /// POST /chat/users/me/messages — scope chat_message:write:admin — Medium.
    ///
    /// Sent as the token's owner. Not retried automatically except after a 429.
    pub async fn send_message(&self, to: &ChatTarget, message: &str) -> Result<SentMessage, Error> {
        self.client
            .send_json(send_chat_message_request(to, message))
            .await
    }
}

/// The request of POST /chat/users/me/messages (sent as the token's owner):
/// `{"message", "to_contact" | "to_channel"}`.
pub fn send_chat_message_request(to: &ChatTarget, message: &str) -> Request {
    let mut body = Map::new();
    body.insert("message".to_owned(), Value::from(message));
    match to {
        ChatTarget::Contact(email) => {
            body.insert("to_contact".to_owned(), Value::from(email.as_str()))
        }
        ChatTarget::Channel(id) => body.insert("to_channel".to_owned(), Value::from(id.as_str())),
    };
    Request::new(&SEND_CHAT_MESSAGE, "/chat/users/me/messages").body(Value::Object(body))
}

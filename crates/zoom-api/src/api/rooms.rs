//! Zoom Rooms: the room list and each room's devices.

use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::config::Plan;
use crate::de::page_envelope;
use crate::encoding::encode_segment;
use crate::error::{CallError, Error, ErrorKind};
use crate::pagination::{Keyed, OnExpiredToken, paginate};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /rooms.
pub const LIST_ROOMS: Route = Route {
    method: Method::Get,
    path: "/rooms",
    scopes: &["room:read:admin"],
    granular_scopes: &["zoom_rooms:read:list_rooms:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// GET /rooms/{roomId}/devices.
pub const LIST_ROOM_DEVICES: Route = Route {
    method: Method::Get,
    path: "/rooms/{roomId}/devices",
    scopes: &["room:read:admin"],
    granular_scopes: &["zoom_rooms:read:list_devices:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};

/// A Zoom Room.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Room {
    /// Room id (for /rooms/{roomId} calls).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Globally unique id, for the dashboard Zoom Room calls.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub room_id: Option<String>,
    /// Name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub name: Option<String>,
    /// Location id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub location_id: Option<String>,
    /// `Offline`, `Available`, `InMeeting`, `UnderConstruction`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub status: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field (`activation_code` …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for Room {
    fn key(&self) -> Option<String> {
        self.id.clone().or_else(|| self.room_id.clone())
    }
}

page_envelope!(
    /// A page of GET /rooms.
    RoomsPage,
    Room,
    rooms
);

/// A device of a Zoom Room.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct RoomDevice {
    /// Device id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// The room's name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub room_name: Option<String>,
    /// `Zoom Rooms Computer`, `Controller`, `Scheduling Display`, …
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device_type: Option<String>,
    /// App version.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub app_version: Option<String>,
    /// Target app version (newer API versions).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub app_target_version: Option<String>,
    /// Operating system.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device_system: Option<String>,
    /// `Online` or `Offline`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub status: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// GET /rooms/{roomId}/devices (not paginated).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RoomDevices {
    /// The devices; `None` when the answer lacks the list (an error).
    #[serde(default, deserialize_with = "crate::de::opt_vec")]
    pub devices: Option<Vec<RoomDevice>>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Zoom Rooms API.
#[derive(Debug, Clone, Copy)]
pub struct Rooms<'a> {
    client: &'a Client,
}

impl Client {
    /// The Zoom Rooms API.
    pub fn rooms(&self) -> Rooms<'_> {
        Rooms { client: self }
    }
}

impl Rooms<'_> {
    /// GET /rooms — scope room:read:admin — Medium — Pro with a Zoom Rooms license.
    pub fn list(&self) -> impl Stream<Item = Result<Room, Error>> + Send + 'static {
        paginate::<RoomsPage>(
            self.client.clone(),
            Request::new(&LIST_ROOMS, "/rooms"),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /rooms/{roomId}/devices — scope room:read:admin — Medium.
    pub async fn devices(&self, room_id: &str) -> Result<Vec<RoomDevice>, Error> {
        let path = format!("/rooms/{}/devices", encode_segment(room_id));
        let answer: RoomDevices = self
            .client
            .send_json(Request::new(&LIST_ROOM_DEVICES, path))
            .await?;
        answer.devices.ok_or_else(|| {
            Error::from(CallError::new(
                ErrorKind::Malformed,
                LIST_ROOM_DEVICES,
                "zoom's answer has no \"devices\" list",
            ))
        })
    }
}

//! Devices: H.323/SIP room systems and Zoom Device Management devices.

use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::de::page_envelope;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, paginate};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /h323/devices.
pub const LIST_H323_DEVICES: Route = Route {
    method: Method::Get,
    path: "/h323/devices",
    scopes: &["h323:read:admin"],
    granular_scopes: &["h323_device:read:list_devices:admin"],
    category: RateCategory::Medium,
    min_plan: None,
};
/// GET /devices (Zoom Device Management).
pub const LIST_MANAGED_DEVICES: Route = Route {
    method: Method::Get,
    path: "/devices",
    scopes: &["device:read:admin"],
    granular_scopes: &[],
    category: RateCategory::Heavy,
    min_plan: None,
};

/// An H.323/SIP device.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct H323Device {
    /// Device id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub name: Option<String>,
    /// `H.323` or `SIP`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub protocol: Option<String>,
    /// IP address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub ip: Option<String>,
    /// `auto`, `yes` or `no`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub encryption: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for H323Device {
    fn key(&self) -> Option<String> {
        self.id.clone()
    }
}

page_envelope!(
    /// A page of GET /h323/devices.
    H323DevicesPage,
    H323Device,
    devices
);

/// A device in Zoom Device Management.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct ManagedDevice {
    /// Device id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device_id: Option<String>,
    /// Name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device_name: Option<String>,
    /// MAC address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub mac_address: Option<String>,
    /// Serial number.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub serial_number: Option<String>,
    /// Vendor.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub vendor: Option<String>,
    /// Model.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub model: Option<String>,
    /// `win`, `mac`, `ipad`, `iphone`, `android`, `linux`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub platform_os: Option<String>,
    /// Zoom app version.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub app_version: Option<String>,
    /// Tag.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub tag: Option<String>,
    /// Enrolled in ZDM.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub enrolled_in_zdm: Option<bool>,
    /// Connected to ZDM.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub connected_to_zdm: Option<bool>,
    /// Zoom Room id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub room_id: Option<String>,
    /// Zoom Room name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub room_name: Option<String>,
    /// 0 ZR computer, 1 controller, 2 scheduling display, 3 control system,
    /// 4 whiteboard, 5 phone appliance, 6 ZR computer with controller.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub device_type: Option<i64>,
    /// SDK version (`skd_version` in the list, sic).
    #[serde(
        default,
        alias = "skd_version",
        deserialize_with = "crate::de::opt_string"
    )]
    pub sdk_version: Option<String>,
    /// -1, 0 or 1 (meanings unconfirmed: likely unknown, offline, online).
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub device_status: Option<i64>,
    /// Last time online.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub last_online: Option<String>,
    /// The user's email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub user_email: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for ManagedDevice {
    fn key(&self) -> Option<String> {
        self.device_id.clone()
    }
}

page_envelope!(
    /// A page of GET /devices.
    ManagedDevicesPage,
    ManagedDevice,
    devices
);

/// The devices API.
#[derive(Debug, Clone, Copy)]
pub struct Devices<'a> {
    client: &'a Client,
}

impl Client {
    /// The devices API (H.323/SIP and Zoom Device Management).
    pub fn devices(&self) -> Devices<'_> {
        Devices { client: self }
    }
}

impl Devices<'_> {
    /// GET /h323/devices — scope h323:read:admin — Medium.
    pub fn list_h323(&self) -> impl Stream<Item = Result<H323Device, Error>> + Send + 'static {
        paginate::<H323DevicesPage>(
            self.client.clone(),
            Request::new(&LIST_H323_DEVICES, "/h323/devices"),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /devices — scope device:read:admin — Heavy.
    ///
    /// Zoom Device Management devices (not in Zoom's 2022 OpenAPI; fields from
    /// the Rivet SDK types).
    pub fn list_managed(
        &self,
    ) -> impl Stream<Item = Result<ManagedDevice, Error>> + Send + 'static {
        paginate::<ManagedDevicesPage>(
            self.client.clone(),
            Request::new(&LIST_MANAGED_DEVICES, "/devices"),
            OnExpiredToken::RestartDeduplicated,
        )
    }
}

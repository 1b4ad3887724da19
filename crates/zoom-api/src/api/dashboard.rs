//! Dashboard (metrics): Zoom Rooms health, past meetings and their
//! participants (the only source of meeting devices: `pc_name`, `mac_addr`).

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::dates::DateRange;
use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::config::Plan;
use crate::de::page_envelope;
use crate::encoding::encode_meeting_id;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, Page, paginate, paginate_windows};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /metrics/zoomrooms.
pub const DASHBOARD_ZOOM_ROOMS: Route = Route {
    method: Method::Get,
    path: "/metrics/zoomrooms",
    scopes: &["dashboard_zr:read:admin"],
    granular_scopes: &["dashboard:read:list_zoomrooms:admin"],
    category: RateCategory::ResourceIntensive,
    min_plan: Some(Plan::Business),
};
/// GET /metrics/meetings.
pub const DASHBOARD_MEETINGS: Route = Route {
    method: Method::Get,
    path: "/metrics/meetings",
    scopes: &["dashboard_meetings:read:admin"],
    granular_scopes: &["dashboard:read:list_meetings:admin"],
    category: RateCategory::ResourceIntensive,
    min_plan: Some(Plan::Business),
};
/// GET /metrics/meetings/{meetingId}/participants.
pub const DASHBOARD_PARTICIPANTS: Route = Route {
    method: Method::Get,
    path: "/metrics/meetings/{meetingId}/participants",
    scopes: &["dashboard_meetings:read:admin"],
    granular_scopes: &["dashboard:read:list_meeting_participants:admin"],
    category: RateCategory::Heavy,
    min_plan: Some(Plan::Business),
};

/// A Zoom Room as the dashboard sees it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct DashboardZoomRoom {
    /// Room id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Room name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub room_name: Option<String>,
    /// Calendar name (`calender_name`, sic).
    #[serde(
        default,
        alias = "calender_name",
        deserialize_with = "crate::de::opt_string"
    )]
    pub calendar_name: Option<String>,
    /// Email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// Account type (e.g. a calendar service account).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub account_type: Option<String>,
    /// Status.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub status: Option<String>,
    /// The room device's IP.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device_ip: Option<String>,
    /// Camera.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub camera: Option<String>,
    /// Microphone.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub microphone: Option<String>,
    /// Speaker.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub speaker: Option<String>,
    /// Last meeting start.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub last_start_time: Option<String>,
    /// Location.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub location: Option<String>,
    /// Location id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub location_id: Option<String>,
    /// Health.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub health: Option<String>,
    /// Issues.
    #[serde(default, deserialize_with = "crate::de::vec_string")]
    pub issues: Vec<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for DashboardZoomRoom {
    fn key(&self) -> Option<String> {
        self.id.clone()
    }
}

page_envelope!(
    /// A page of GET /metrics/zoomrooms.
    DashboardZoomRoomsPage,
    DashboardZoomRoom,
    zoom_rooms
);

/// A past meeting from the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct DashboardMeeting {
    /// Meeting UUID (may start with `/` or contain `//`).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub uuid: Option<String>,
    /// Meeting number.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub id: Option<i64>,
    /// Topic.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub topic: Option<String>,
    /// Host name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub host: Option<String>,
    /// Host email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// Start time.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub start_time: Option<String>,
    /// End time.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub end_time: Option<String>,
    /// `hh:mm:ss`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub duration: Option<String>,
    /// Participant count.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub participants: Option<i64>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for DashboardMeeting {
    fn key(&self) -> Option<String> {
        self.uuid.clone()
    }
}

page_envelope!(
    /// A page of GET /metrics/meetings.
    DashboardMeetingsPage,
    DashboardMeeting,
    meetings
);

/// A past meeting reduced to its UUID: what a reader of participants needs.
/// A page of these costs a few KB where a page of [`DashboardMeeting`]s,
/// with every field Zoom sends, costs hundreds.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PastMeetingRef {
    /// Meeting UUID (may start with `/` or contain `//`).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub uuid: Option<String>,
    /// When the meeting started (RFC 3339): the listing's date windows go by it.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub start_time: Option<String>,
    /// When the meeting ended (RFC 3339), as Zoom lists it.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub end_time: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
}

impl Keyed for PastMeetingRef {
    fn key(&self) -> Option<String> {
        self.uuid.clone()
    }
}

page_envelope!(
    /// A page of GET /metrics/meetings read for UUIDs only.
    PastMeetingRefsPage,
    PastMeetingRef,
    meetings
);

/// A meeting participant (one entry per join).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Participant {
    /// Participant id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Per-meeting user id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub user_id: Option<String>,
    /// Account user id, when the participant is in the account.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub participant_user_id: Option<String>,
    /// Display name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub user_name: Option<String>,
    /// Email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// `Phone`, `H.323/SIP`, `Windows`, `Mac`, `iOS`, `Android`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub device: Option<String>,
    /// IP address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub ip_address: Option<String>,
    /// Location.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub location: Option<String>,
    /// Network type.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub network_type: Option<String>,
    /// PC name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub pc_name: Option<String>,
    /// PC domain.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub domain: Option<String>,
    /// MAC address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub mac_addr: Option<String>,
    /// Hard disk id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub harddisk_id: Option<String>,
    /// Client version.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub version: Option<String>,
    /// Join time.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub join_time: Option<String>,
    /// Leave time.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub leave_time: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for Participant {
    /// Participants rejoin with the same id, so they have no unique key.
    fn key(&self) -> Option<String> {
        None
    }
}

page_envelope!(
    /// A page of GET /metrics/meetings/{meetingId}/participants.
    ParticipantsPage,
    Participant,
    participants
);

/// The dashboard API.
#[derive(Debug, Clone, Copy)]
pub struct Dashboard<'a> {
    client: &'a Client,
}

impl Client {
    /// The dashboard (metrics) API.
    pub fn dashboard(&self) -> Dashboard<'_> {
        Dashboard { client: self }
    }
}

impl Dashboard<'_> {
    /// GET /metrics/zoomrooms — scope dashboard_zr:read:admin — Resource-intensive — Business+.
    pub fn zoom_rooms(
        &self,
    ) -> impl Stream<Item = Result<DashboardZoomRoom, Error>> + Send + 'static {
        paginate::<DashboardZoomRoomsPage>(
            self.client.clone(),
            Request::new(&DASHBOARD_ZOOM_ROOMS, "/metrics/zoomrooms"),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /metrics/meetings?type=past — scope dashboard_meetings:read:admin — Resource-intensive — Business+.
    ///
    /// Past meetings in `days`, one call series per month (clamp the range
    /// first with [`DateRange::retained`]).
    pub fn past_meetings(
        &self,
        days: DateRange,
    ) -> impl Stream<Item = Result<DashboardMeeting, Error>> + Send + 'static {
        self.past_meetings_as::<DashboardMeetingsPage>(days, None)
    }

    /// GET /metrics/meetings?type=past, like [`Dashboard::past_meetings`]
    /// (same calls, same windows), keeping only each meeting's UUID.
    pub fn past_meeting_refs(
        &self,
        days: DateRange,
    ) -> impl Stream<Item = Result<PastMeetingRef, Error>> + Send + 'static {
        self.past_meetings_as::<PastMeetingRefsPage>(days, None)
    }

    /// [`Dashboard::past_meeting_refs`], adding each month window's
    /// `total_records` (from its first page) to `announced`: the caller knows
    /// how many meetings there are while the first ones arrive.
    pub fn past_meeting_refs_counted(
        &self,
        days: DateRange,
        announced: Arc<AtomicU64>,
    ) -> impl Stream<Item = Result<PastMeetingRef, Error>> + Send + 'static {
        self.past_meetings_as::<PastMeetingRefsPage>(days, Some(announced))
    }

    /// GET /metrics/meetings?type=past, each meeting decoded as `P::Item`.
    fn past_meetings_as<P>(
        &self,
        days: DateRange,
        announced: Option<Arc<AtomicU64>>,
    ) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
    where
        P: Page,
        P::Item: Keyed,
    {
        let windows = days.months();
        let request = Request::new(&DASHBOARD_MEETINGS, "/metrics/meetings").query("type", "past");
        paginate_windows::<P>(
            self.client.clone(),
            request,
            windows,
            OnExpiredToken::RestartDeduplicated,
            announced,
        )
    }

    /// GET /metrics/meetings/{meetingId}/participants?type=past — scope dashboard_meetings:read:admin — Heavy — Business+.
    ///
    /// `meeting_uuid` is double-encoded when it starts with `/` or contains `//`.
    pub fn past_participants(
        &self,
        meeting_uuid: &str,
    ) -> impl Stream<Item = Result<Participant, Error>> + Send + 'static {
        let path = format!(
            "/metrics/meetings/{}/participants",
            encode_meeting_id(meeting_uuid)
        );
        let request = Request::new(&DASHBOARD_PARTICIPANTS, path).query("type", "past");
        paginate::<ParticipantsPage>(self.client.clone(), request, OnExpiredToken::Fail)
    }
}

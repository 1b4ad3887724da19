//! The inventory lists kept whole: H.323/SIP devices (`GET /h323/devices`)
//! and Zoom Device Management devices (`GET /devices`), through one generic
//! list source.

use asset_schema::{Kind, Record};
use futures::{Stream, StreamExt};
use serde::Serialize;
use zoom_normalize::{Context, Warning, h323_device, managed_device};

use crate::cycle::shared::Shared;

/// GET /h323/devices.
pub(crate) async fn h323_devices(shared: &Shared) {
    let listing = shared.client.devices().list_h323();
    list_source(shared, Kind::H323Device, listing, h323_device, |d| {
        d.raw.as_ref()
    })
    .await;
}

/// GET /devices (Zoom Device Management).
pub(crate) async fn managed_devices(shared: &Shared) {
    let listing = shared.client.devices().list_managed();
    list_source(shared, Kind::ManagedDevice, listing, managed_device, |d| {
        d.raw.as_ref()
    })
    .await;
}

/// One list read whole: each item mapped by `map` (with its raw object, for
/// `--include-raw`) and emitted as it arrives; the first failure fails the
/// kind. Nothing happens when the plan does not want `kind`.
async fn list_source<T, R: Serialize>(
    shared: &Shared,
    kind: Kind,
    listing: impl Stream<Item = Result<T, zoom_api::Error>>,
    map: impl Fn(&Context, &T, &mut Vec<Warning>) -> Option<Record>,
    raw: impl Fn(&T) -> Option<&R>,
) {
    if !shared.plan.wants(kind) {
        return;
    }
    tokio::pin!(listing);
    while let Some(item) = listing.next().await {
        match item {
            Ok(item) => {
                let mut warnings = Vec::new();
                let record = map(&shared.cx, &item, &mut warnings);
                shared.warn(warnings);
                if let Some(record) = record
                    && shared.emit(record, raw(&item)).await.is_err()
                {
                    return;
                }
            }
            Err(err) => return shared.fail(kind, &err),
        }
    }
    shared.done(kind);
}

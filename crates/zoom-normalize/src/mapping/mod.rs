//! The field-mapping tables of `docs/normalization.md`: for each kind, which
//! Zoom field becomes which record field, and how. The document is generated
//! from [`MAPPINGS`]; a test checks that every field the mappers emit is listed.

use asset_schema::Kind;

mod activities;
mod devices;
mod directory;
mod tenant;
mod users;

/// One row: Zoom field(s) → record field, with the transform.
#[derive(Debug, Clone, Copy)]
pub struct FieldMapping {
    /// The Zoom field or fields (with the endpoint when it is not the kind's main one).
    pub zoom: &'static str,
    /// The record field under `fields`.
    pub field: &'static str,
    /// What happens on the way.
    pub transform: &'static str,
}

/// The mapping of one kind.
#[derive(Debug, Clone, Copy)]
pub struct KindMapping {
    /// The kind.
    pub kind: Kind,
    /// Where the objects come from.
    pub source: &'static str,
    /// How the record's id key is made.
    pub key: &'static str,
    /// The rows.
    pub fields: &'static [FieldMapping],
}

/// A row.
const fn m(zoom: &'static str, field: &'static str, transform: &'static str) -> FieldMapping {
    FieldMapping {
        zoom,
        field,
        transform,
    }
}

/// Every kind's mapping, in `Kind::ALL` order.
pub const MAPPINGS: &[KindMapping] = &[
    devices::H323_DEVICE,
    devices::ZOOM_ROOM,
    devices::ZOOM_ROOM_DEVICE,
    devices::MEETING_DEVICE,
    devices::MANAGED_DEVICE,
    users::USER,
    users::LICENSE,
    users::ACCOUNT_SETTING,
    users::USER_SETTING,
    activities::OPERATION_LOG,
    activities::SIGN_IN_ACTIVITY,
    activities::RECORDING_DOWNLOAD,
    tenant::SAAS_APPLICATION,
    tenant::ACCOUNT,
    directory::GROUP,
    directory::ROLE,
];

/// `docs/normalization.md`, generated from [`MAPPINGS`] and the rules above it.
pub fn normalization_doc() -> String {
    let mut doc = String::from(include_str!("normalization_intro.md"))
        .replace("OS_PREFIX_TABLE", &crate::os::prefix_table());
    for mapping in MAPPINGS {
        doc.push_str(&format!(
            "\n### `{}`\n\nSource: {}.\n\nId key: {}.\n\n| Zoom field | Record field | Transform |\n|---|---|---|\n",
            mapping.kind, mapping.source, mapping.key
        ));
        for row in mapping.fields {
            doc.push_str(&format!(
                "| {} | `{}` | {} |\n",
                row.zoom,
                row.field,
                row.transform.replace('|', "\\|")
            ));
        }
    }
    doc
}

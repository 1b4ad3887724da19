//! [`Tombstone`]: the line that says a record seen in the last complete
//! cycle is gone now (emitted only with a state store and on request).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kind::{AssetType, Kind};
use crate::record::RecordId;

/// `{"asset_type":…,"kind":…,"id":…,"account_id":…,"deleted":true,"fetched_at":…}`:
/// the record `id` was emitted by the last complete cycle of its kind and
/// is absent from this one, which was complete too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Deleted record")]
pub struct Tombstone {
    /// The asset type of the record that is gone.
    pub asset_type: AssetType,
    /// Its kind.
    pub kind: Kind,
    /// Its id, as it was emitted.
    pub id: RecordId,
    /// The account (tenant).
    pub account_id: String,
    /// Always true: this line is a deletion, not a record.
    #[schemars(schema_with = "always_true")]
    pub deleted: bool,
    /// When the cycle that noticed the deletion started (RFC 3339 UTC).
    pub fetched_at: DateTime<Utc>,
}

impl Tombstone {
    /// The tombstone of record `id` of `kind`.
    pub fn new(kind: Kind, id: RecordId, account_id: &str, fetched_at: DateTime<Utc>) -> Self {
        Tombstone {
            asset_type: kind.asset_type(),
            kind,
            id,
            account_id: account_id.to_owned(),
            deleted: true,
            fetched_at: chrono::SubsecRound::trunc_subsecs(fetched_at, 0),
        }
    }
}

fn always_true(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "boolean", "enum": [true]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tombstone_has_the_documented_keys_and_matches_its_schema() {
        let at = DateTime::from_timestamp(1_764_547_200, 0).unwrap();
        let t = Tombstone::new(
            Kind::User,
            RecordId::new("acct", Kind::User, "u1"),
            "acct",
            at,
        );
        let value = serde_json::to_value(&t).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"asset_type":"user","kind":"user","id":"zoom:acct:user:u1",
                "account_id":"acct","deleted":true,"fetched_at":"2025-12-01T00:00:00Z"})
        );
        let schema = crate::schema_for::<Tombstone>();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&value));
        let mut not_deleted = value.clone();
        not_deleted["deleted"] = serde_json::json!(false);
        assert!(!validator.is_valid(&not_deleted));
    }
}

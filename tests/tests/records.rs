//! Records worth reading, against zoom-sim: groups and roles with their
//! memberships equal the simulator's truth, the default user settings and
//! `user_settings: all` together lose nothing, Zoom Rooms computers are
//! linked both ways, SIP URIs are kept and every OS name is in the vocabulary.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};

fn of_kind<'a>(fetch: &'a Fetch, kind: &str) -> Vec<&'a Value> {
    fetch.records.iter().filter(|r| r["kind"] == kind).collect()
}

fn ok(fetch: &Fetch) {
    assert_eq!(fetch.code, 0, "{}", fetch.stderr);
}

#[test]
fn groups_roles_and_memberships_equal_the_truth_and_custom_roles_have_names() {
    let sim = Sim::small();
    let fetch = sim.fetch(
        json!({"directory_sources": ["groups", "roles"]}),
        &["--no-state"],
    );
    ok(&fetch);
    // The users source (names) and the directory source (records) share one
    // read of each list.
    for list in ["GET /groups", "GET /roles"] {
        assert_eq!(
            fetch.summary["requests"][list], 1,
            "{list}: {}",
            fetch.summary
        );
    }
    let truth = sim.sim().truth();
    let want = &truth.variants[zoom_sim::DIRECTORY_VARIANT];
    let groups = of_kind(&fetch, "group");
    let roles = of_kind(&fetch, "role");
    let members = |records: &[&Value]| -> u64 {
        records
            .iter()
            .map(|r| {
                let ids = r["fields"]["member_ids"].as_array().map_or(0, Vec::len) as u64;
                assert_eq!(r["fields"]["member_count"].as_u64(), Some(ids), "{r}");
                ids
            })
            .sum()
    };
    assert_eq!(groups.len() as u64, want["group"]);
    assert_eq!(roles.len() as u64, want["role"]);
    assert_eq!(members(&groups), want["group_membership"]);
    assert_eq!(members(&roles), want["role_membership"]);
    assert!(want["group_membership"] > 0 && want["role_membership"] > 0);
    // Every other kind as the truth says for this variant.
    for (kind, count) in want {
        if zoom_sim::DIRECTORY_COUNTS.contains(&kind.as_str()) {
            continue;
        }
        assert_eq!(of_kind(&fetch, kind).len() as u64, *count, "{kind}");
    }
    // Custom roles: named on the role record and on their holders.
    let custom: BTreeMap<&str, &str> = roles
        .iter()
        .filter(|r| r["fields"]["is_custom"] == true)
        .map(|r| {
            (
                r["fields"]["role_id"].as_str().unwrap(),
                r["fields"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(!custom.is_empty());
    let custom_names: BTreeSet<&str> = custom.values().copied().collect();
    let holders = of_kind(&fetch, "user")
        .into_iter()
        .filter(|u| {
            u["fields"]["role"]
                .as_str()
                .is_some_and(|r| custom_names.contains(r))
        })
        .count();
    assert!(holders > 0, "no user shows a custom role by name");
    for user in of_kind(&fetch, "user") {
        let role = user["fields"]["role"].as_str().unwrap_or_default();
        assert!(
            !custom.contains_key(role),
            "a custom role shown by id: {role}"
        );
    }
    // Privileges come from GET /roles/{roleId}.
    assert!(roles.iter().any(|r| {
        r["fields"]["privileges"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    }));
}

#[test]
fn the_default_user_settings_and_all_together_lose_nothing() {
    let sim = Sim::small();
    let differing = sim.fetch(
        json!({"fetch_settings_and_licenses": true}),
        &["--no-state"],
    );
    let all = sim.fetch(
        json!({"fetch_settings_and_licenses": true, "user_settings": "all"}),
        &["--no-state"],
    );
    ok(&differing);
    ok(&all);
    let account: BTreeMap<&str, &Value> = of_kind(&differing, "account_setting")
        .into_iter()
        .map(|r| (r["fields"]["path"].as_str().unwrap(), &r["fields"]["value"]))
        .collect();
    // user id → path → value
    // user id → path → (value, inherited_leaves)
    type Leaves = BTreeMap<String, BTreeMap<String, (Value, Value)>>;
    let by_user = |fetch: &Fetch| -> Leaves {
        let mut out: Leaves = BTreeMap::new();
        for r in of_kind(fetch, "user_setting") {
            out.entry(r["fields"]["user_id"].as_str().unwrap().to_owned())
                .or_default()
                .insert(
                    r["fields"]["path"].as_str().unwrap().to_owned(),
                    (
                        r["fields"]["value"].clone(),
                        r["fields"]["inherited_leaves"].clone(),
                    ),
                );
        }
        out
    };
    let (few, every) = (by_user(&differing), by_user(&all));
    assert_eq!(
        few.keys().collect::<Vec<_>>(),
        every.keys().collect::<Vec<_>>(),
        "the same users"
    );
    let mut inherited_total = 0;
    let mut only_counted = 0;
    for (user, leaves) in &every {
        assert!(!leaves.contains_key("*"), "`all` has no count record");
        assert!(
            leaves.values().all(|(_, n)| n.is_null()),
            "`all` has no counts"
        );
        let emitted = &few[user];
        let mut inherited = 0;
        for (path, (value, _)) in leaves {
            match emitted.get(path) {
                Some((v, _)) => assert_eq!(v, value, "{user} {path}"),
                None => {
                    // Not emitted: it must equal the account's value.
                    assert_eq!(
                        account.get(path.as_str()),
                        Some(&value),
                        "{user} {path} lost"
                    );
                    inherited += 1;
                }
            }
        }
        // Nothing the `all` run lacks, and the count is exact: on every
        // emitted leaf, or on the one `*` record when nothing differs.
        for path in emitted.keys().filter(|p| *p != "*") {
            assert!(leaves.contains_key(path), "{user} {path} only in differing");
        }
        match emitted.get("*") {
            Some((count, _)) => {
                assert_eq!(emitted.len(), 1, "{user}: `*` beside differing leaves");
                assert_eq!(count, &json!(inherited), "{user}");
                only_counted += 1;
            }
            None => {
                for (path, (_, count)) in emitted {
                    assert_eq!(count, &json!(inherited), "{user} {path}");
                }
            }
        }
        inherited_total += inherited;
    }
    assert!(only_counted > 0, "no user inherits everything");
    assert!(inherited_total > 0);
    // The truth counts the default mode.
    let want = sim.sim().truth().variants["fetch_settings_and_licenses=true"]["user_setting"];
    assert_eq!(of_kind(&differing, "user_setting").len() as u64, want);
    assert!(of_kind(&differing, "user_setting").len() * 3 < of_kind(&all, "user_setting").len());
}

#[test]
fn rooms_computers_are_linked_both_ways_sip_uris_kept_and_os_names_in_the_vocabulary() {
    // Small, with more ZDM devices, so that some rooms' computers are enrolled.
    let mut config = zoom_sim::SimConfig::sized(zoom_sim::Size::Small);
    config.counts.managed_devices = 200;
    config.counts.rooms = 40;
    let sim = Sim::start(config);
    let fetch = sim.fetch(json!({}), &["--no-state"]);
    ok(&fetch);
    let ids: BTreeSet<&str> = fetch
        .records
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    // Links: to records delivered, and both ways.
    let mut links = BTreeSet::new();
    for r in &fetch.records {
        for other in r["fields"]["same_as"].as_array().into_iter().flatten() {
            let other = other.as_str().unwrap();
            assert!(ids.contains(other), "{other} was not delivered");
            let back = fetch.records.iter().find(|o| o["id"] == other).unwrap();
            assert!(
                back["fields"]["same_as"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == &r["id"])),
                "{other} does not link back"
            );
            let pair = if r["id"].as_str().unwrap() < other {
                (r["id"].as_str().unwrap(), other)
            } else {
                (other, r["id"].as_str().unwrap())
            };
            links.insert(pair);
        }
    }
    // Exactly the rooms with one computer on each side.
    let computers = |kind: &str, prefix_only: bool| -> BTreeMap<String, usize> {
        let mut rooms = BTreeMap::new();
        for r in of_kind(&fetch, kind) {
            let t = r["fields"]["device_type"].as_str().unwrap_or_default();
            let is = if prefix_only {
                t.starts_with("Zoom Rooms Computer")
            } else {
                t == "Zoom Rooms Computer"
            };
            if let (true, Some(room)) = (is, r["fields"]["room_id"].as_str()) {
                *rooms.entry(room.to_owned()).or_default() += 1;
            }
        }
        rooms
    };
    let (room_side, managed_side) = (
        computers("zoom_room_device", false),
        computers("managed_device", true),
    );
    let expected = room_side
        .iter()
        .filter(|(room, n)| **n == 1 && managed_side.get(*room) == Some(&1))
        .count();
    assert!(expected > 0, "the simulator has no room computer in ZDM");
    assert_eq!(links.len(), expected);
    // SIP devices keep their URI, and no warning calls it a bad address.
    let sip: Vec<&Value> = of_kind(&fetch, "h323_device")
        .into_iter()
        .filter(|r| r["fields"]["sip_uri"].is_string())
        .collect();
    assert!(!sip.is_empty());
    assert!(
        !fetch
            .stderr
            .contains("sip.acme-sim.test\", which is not an IP")
    );
    // Every OS name in the vocabulary.
    let vocabulary: Vec<&str> = asset_schema::OsName::ALL
        .iter()
        .map(|n| n.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    for r in &fetch.records {
        if let Some(name) = r["fields"]["os_name"].as_str() {
            assert!(vocabulary.contains(&name), "{name}");
            seen.insert(name);
        }
    }
    assert!(seen.len() >= 4, "{seen:?}");
}

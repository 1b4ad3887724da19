//! Groups' and roles' members (GET /groups/{groupId}/members, GET /roles,
//! GET /roles/{roleId}, GET /roles/{roleId}/members) checked against what
//! GET /users says; their pagination, scopes and plans; writes; and the
//! directory counts of the truth.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;
use common::{Harness, anchor, start, unlimited};
use reqwest::StatusCode;
use serde_json::{Value, json};
use zoom_sim::{DIRECTORY_COUNTS, DIRECTORY_VARIANT, KindCounts, Plan, ScopeFamily, SimConfig};

fn config() -> SimConfig {
    SimConfig {
        anchor: Some(anchor()),
        ..unlimited()
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Every user of every status GET /users lists.
async fn all_users(h: &Harness) -> Vec<Value> {
    let mut out = Vec::new();
    for status in ["active", "inactive", "pending"] {
        let q = [("status", status), ("page_size", "300")];
        out.extend(h.all("/users", &q, "users").await);
    }
    out
}

/// The users with an id, by id.
fn with_id(users: &[Value]) -> BTreeMap<String, Value> {
    users
        .iter()
        .filter(|u| u.get("id").is_some())
        .map(|u| (id(u), u.clone()))
        .collect()
}

/// All members of a list endpoint, at `page_size`, checked for duplicates and
/// for `total_records` on every page.
async fn members(h: &Harness, path: &str, page_size: &str) -> Vec<Value> {
    let first = h.get(path, &[("page_size", page_size)]).await;
    assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.body);
    let total = first.body["total_records"].as_u64().unwrap();
    let all = h.all(path, &[("page_size", page_size)], "members").await;
    let ids: BTreeSet<String> = all.iter().map(id).collect();
    assert_eq!(ids.len(), all.len(), "{path}: no member twice");
    assert_eq!(all.len() as u64, total, "{path}: total_records");
    all
}

/// The group ids and the member ids of each, through the endpoint at page size 30.
async fn listed_groups(h: &Harness) -> BTreeMap<String, BTreeSet<String>> {
    let groups = h.get("/groups", &[]).await.body;
    let mut out = BTreeMap::new();
    for g in groups["groups"].as_array().unwrap() {
        let path = format!("/groups/{}/members", id(g));
        let list = members(h, &path, "30").await;
        assert_eq!(g["total_members"], list.len() as u64, "GET /groups agrees");
        out.insert(id(g), list.iter().map(id).collect());
    }
    out
}

/// The role ids and the member ids of each, through the endpoint at page size 30.
async fn listed_roles(h: &Harness) -> BTreeMap<String, BTreeSet<String>> {
    let roles = h.get("/roles", &[]).await.body;
    let mut out = BTreeMap::new();
    for r in roles["roles"].as_array().unwrap() {
        let path = format!("/roles/{}/members", id(r));
        let list = members(h, &path, "30").await;
        assert_eq!(r["total_members"], list.len() as u64, "GET /roles agrees");
        out.insert(id(r), list.iter().map(id).collect());
    }
    out
}

/// The directory counts as the endpoints list them.
async fn listed_directory(h: &Harness) -> KindCounts {
    let (groups, roles) = (listed_groups(h).await, listed_roles(h).await);
    let sum = |m: &BTreeMap<String, BTreeSet<String>>| m.values().map(|s| s.len() as u64).sum();
    let values = [
        groups.len() as u64,
        roles.len() as u64,
        sum(&groups),
        sum(&roles),
    ];
    DIRECTORY_COUNTS
        .iter()
        .zip(values)
        .map(|(k, v)| ((*k).to_string(), v))
        .collect()
}

/// The truth's directory variant holds the default counts plus the listed directory.
async fn assert_truth_is_listed(h: &Harness) {
    let truth = h.sim.truth();
    let variant = truth.variants[DIRECTORY_VARIANT].clone();
    let mut want = truth.default.clone();
    want.extend(listed_directory(h).await);
    assert_eq!(variant, want);
    assert!(
        DIRECTORY_COUNTS
            .iter()
            .all(|k| !truth.default.contains_key(*k))
    );
}

#[tokio::test]
async fn group_members_are_the_users_group_ids() {
    let h = start(config()).await;
    let users = all_users(&h).await;
    let known = with_id(&users);
    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (uid, u) in &known {
        for g in u["group_ids"].as_array().unwrap() {
            want.entry(g.as_str().unwrap().to_string())
                .or_default()
                .insert(uid.clone());
        }
    }
    let listed = listed_groups(&h).await;
    assert_eq!(listed.len(), 8);
    for (gid, ids) in &listed {
        assert_eq!(ids, &want.remove(gid).unwrap_or_default(), "group {gid}");
    }
    assert!(want.is_empty(), "every group of a user is listed");
    // Pending users name groups too, but have no id: members of nothing.
    assert!(
        users
            .iter()
            .any(|u| u.get("id").is_none() && !u["group_ids"].as_array().unwrap().is_empty())
    );
    // A member is the user's id, e-mail, names and type.
    let gid = listed.keys().next().unwrap();
    let page = h.get(&format!("/groups/{gid}/members"), &[]).await.body;
    assert_eq!(page["page_size"], 30, "default page size");
    assert_eq!(page["page_number"], 1);
    assert!(page["page_count"].as_u64().is_some());
    let m = &page["members"][0];
    let fields: BTreeSet<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        BTreeSet::from(["id", "email", "first_name", "last_name", "type"])
    );
    let u = &known[&id(m)];
    for k in ["email", "first_name", "last_name", "type"] {
        assert_eq!(m[k], u[k], "{k}");
    }
    let r = h.get("/groups/nope/members", &[]).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, 4130));
}

#[tokio::test]
async fn role_members_are_the_users_role_ids() {
    let h = start(config()).await;
    let known = with_id(&all_users(&h).await);
    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (uid, u) in &known {
        want.entry(u["role_id"].as_str().unwrap().to_string())
            .or_default()
            .insert(uid.clone());
    }
    let listed = listed_roles(&h).await;
    for (rid, ids) in &listed {
        assert_eq!(ids, &want.remove(rid).unwrap_or_default(), "role {rid}");
    }
    assert!(want.is_empty(), "every role a user holds is listed");
    assert_eq!(listed["0"].len(), 1, "one owner");
    assert!(listed["2"].len() > 30, "Member spans pages at page size 30");
    // A role member adds the department (the user's dept).
    let page = h.get("/roles/1/members", &[]).await.body;
    let m = &page["members"][0];
    let fields: BTreeSet<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "id",
            "email",
            "first_name",
            "last_name",
            "type",
            "department"
        ])
    );
    assert_eq!(m["department"], known[&id(m)]["dept"]);
}

#[tokio::test]
async fn custom_roles_exist_and_resolve_on_user_details() {
    let h = start(config()).await;
    let r = h.get("/roles", &[]).await;
    assert_eq!(r.headers["x-ratelimit-category"], "Medium");
    let roles = r.body["roles"].as_array().unwrap().clone();
    assert_eq!(r.body["total_records"], roles.len());
    let names: Vec<(&str, &str)> = roles
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names[..3],
        [("0", "Owner"), ("1", "Admin"), ("2", "Member")]
    );
    let custom = &roles[3..];
    assert_eq!(custom.len(), 2, "two custom roles on small");
    let all_names: BTreeSet<&str> = names.iter().map(|n| n.1).collect();
    assert_eq!(all_names.len(), roles.len(), "names are unique");
    for c in custom {
        assert_eq!(id(c).len(), 22, "a Zoom-style id: {c}");
        assert!(c["total_members"].as_u64().unwrap() > 0, "held: {c}");
        assert!(!c["description"].as_str().unwrap().is_empty());
    }
    // A holder's detail names the role.
    let holder = id(&h
        .get(&format!("/roles/{}/members", id(&custom[0])), &[])
        .await
        .body["members"][0]);
    let u = h.get(&format!("/users/{holder}"), &[]).await.body;
    assert_eq!(u["role_id"], custom[0]["id"]);
    assert_eq!(u["role_name"], custom[0]["name"]);
    // Each role's privileges, in Zoom's form.
    let mut privileges = BTreeMap::new();
    for r in &roles {
        let d = h.get(&format!("/roles/{}", id(r)), &[]).await;
        assert_eq!(d.status, StatusCode::OK);
        assert_eq!(d.headers["x-ratelimit-category"], "Light");
        for k in ["id", "name", "description", "total_members"] {
            assert_eq!(d.body[k], r[k], "{k}");
        }
        let p: Vec<String> = d.body["privileges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        assert!(
            p.iter().all(|p| p
                .split_once(':')
                .is_some_and(|(a, b)| !a.is_empty() && (b == "Read" || b == "Edit"))),
            "{p:?}"
        );
        privileges.insert(id(r), p.len());
    }
    assert!(privileges["0"] > privileges["1"] && privileges["1"] > 10);
    assert!(privileges["2"] <= 2);
    assert!(custom.iter().all(|c| (3..=8).contains(&privileges[&id(c)])));
    // Missing roles; the role type.
    for path in [
        "/roles/7",
        "/roles/7/members",
        "/roles/AAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let r = h.get(path, &[]).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, 1034),
            "{path}"
        );
    }
    let common = h.get("/roles", &[("type", "common")]).await.body;
    assert_eq!(common["roles"].as_array().unwrap().len(), roles.len());
    let iq = h.get("/roles", &[("type", "iq")]).await.body;
    assert_eq!(iq["total_records"], 0);
    assert_eq!(h.get("/roles", &[("type", "x")]).await.code(), 300);
}

#[tokio::test]
async fn member_pages_hold_every_member_once_and_tokens_are_bound() {
    let h = start(config()).await;
    let at30: BTreeSet<String> = members(&h, "/roles/2/members", "30")
        .await
        .iter()
        .map(id)
        .collect();
    for size in ["7", "300"] {
        let other: BTreeSet<String> = members(&h, "/roles/2/members", size)
            .await
            .iter()
            .map(id)
            .collect();
        assert_eq!(other, at30, "page size {size}");
    }
    let first = h.get("/roles/2/members", &[]).await.body;
    assert_eq!(first["members"].as_array().unwrap().len(), 30);
    assert_eq!(
        first["page_count"],
        (at30.len() as u64).div_ceil(30),
        "page_count"
    );
    let token = first["next_page_token"].as_str().unwrap();
    assert!(!token.is_empty());
    // The token is bound to its role, and to its list.
    let r = h
        .get("/roles/1/members", &[("next_page_token", token)])
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, 300));
    let groups = h.get("/groups", &[]).await.body;
    let (a, b) = (id(&groups["groups"][0]), id(&groups["groups"][1]));
    let all_a = members(&h, &format!("/groups/{a}/members"), "7").await;
    assert!(all_a.len() > 7, "several pages at page size 7");
    let page = h
        .get(&format!("/groups/{a}/members"), &[("page_size", "7")])
        .await
        .body;
    let t = page["next_page_token"].as_str().unwrap();
    let q = [("page_size", "7"), ("next_page_token", t)];
    assert_eq!(
        h.get(&format!("/groups/{a}/members"), &q).await.status,
        StatusCode::OK
    );
    assert_eq!(h.get(&format!("/groups/{b}/members"), &q).await.code(), 300);
    assert_eq!(
        h.get(
            &format!("/groups/{a}/members"),
            &[("next_page_token", "bogus")]
        )
        .await
        .code(),
        300
    );
    assert_eq!(
        h.get("/roles/2/members", &[("page_size", "301")])
            .await
            .code(),
        300
    );
}

#[tokio::test]
async fn writes_show_in_members_and_in_the_truth() {
    let h = start(config()).await;
    let base = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    let gid = id(&h.get("/groups", &[]).await.body["groups"][0]);
    let url = format!("{}/groups/{gid}/members", h.sim.api_v2());
    let path = format!("/groups/{gid}/members");
    let before: BTreeSet<String> = members(&h, &path, "30").await.iter().map(id).collect();
    let outsiders: Vec<String> = h.get("/users", &[("page_size", "60")]).await.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["role_id"] != "0")
        .map(id)
        .filter(|u| !before.contains(u))
        .take(2)
        .collect();
    let body = json!({"members": outsiders.iter().map(|u| json!({"id": u})).collect::<Vec<_>>()});
    let r = h.send(h.http.post(&url).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after: BTreeSet<String> = members(&h, &path, "30").await.iter().map(id).collect();
    assert_eq!(after.len(), before.len() + 2);
    assert!(outsiders.iter().all(|u| after.contains(u)));
    let t = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    assert_eq!(t["group_membership"], base["group_membership"] + 2);
    assert_eq!(t["role_membership"], base["role_membership"]);
    let r = h
        .send(h.http.delete(format!("{url}/{}", outsiders[0])))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let t = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    assert_eq!(t["group_membership"], base["group_membership"] + 1);
    assert_truth_is_listed(&h).await;

    // A created active user is a Member, and a member of the groups it joins;
    // an invited (pending) one has no id and is a member of nothing.
    let users = format!("{}/users", h.sim.api_v2());
    let sso = json!({"action": "ssoCreate", "user_info": {"email": "dir@example.com", "type": 1}});
    let new_id = id(&h.send(h.http.post(&users).json(&sso)).await.body);
    let invite = json!({"action": "create", "user_info": {"email": "inv@example.com", "type": 1}});
    assert_eq!(
        h.send(h.http.post(&users).json(&invite)).await.status,
        StatusCode::CREATED
    );
    let body = json!({"members": [{"id": new_id}, {"email": "inv@example.com"}]});
    assert_eq!(
        h.send(h.http.post(&url).json(&body)).await.status,
        StatusCode::CREATED
    );
    let listed: BTreeSet<String> = members(&h, &path, "30").await.iter().map(id).collect();
    assert!(listed.contains(&new_id));
    assert_eq!(
        listed.len(),
        before.len() + 2,
        "the pending user is not listed"
    );
    let role_members: BTreeSet<String> = members(&h, "/roles/2/members", "300")
        .await
        .iter()
        .map(id)
        .collect();
    assert!(role_members.contains(&new_id));
    assert_truth_is_listed(&h).await;

    // A deleted user leaves its groups and its role.
    let victim = outsiders[1].clone();
    let r = h.send(h.http.delete(format!("{users}/{victim}"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let listed: BTreeSet<String> = members(&h, &path, "30").await.iter().map(id).collect();
    assert!(!listed.contains(&victim));
    let t = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    assert_eq!(
        t["role_membership"], base["role_membership"],
        "+1 created, -1 deleted"
    );
    assert_truth_is_listed(&h).await;
}

#[tokio::test]
async fn the_directory_truth_is_what_the_endpoints_list_as_the_clock_moves() {
    let h = start(config()).await;
    assert_truth_is_listed(&h).await;
    let t0 = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    assert_eq!((t0["group"], t0["role"]), (8, 5));
    h.sim
        .set_clock(h.sim.anchor() + Duration::days(31))
        .unwrap();
    assert_truth_is_listed(&h).await;
    let t1 = h.sim.truth().variants[DIRECTORY_VARIANT].clone();
    // ceil(200/100) users deleted; those with an id leave their role.
    assert!(t0["role_membership"] - t1["role_membership"] <= 2);
    assert!(t1["role_membership"] <= t0["role_membership"]);
    assert!(t1["group_membership"] <= t0["group_membership"]);
}

#[tokio::test]
async fn scopes_and_plans_are_enforced_on_the_new_routes() {
    let paths = ["/roles", "/roles/2", "/roles/2/members"];
    // Granular apps: each route needs its own granular scope.
    let h = start(SimConfig {
        scope_family: ScopeFamily::Granular,
        ..config()
    })
    .await;
    let gid = id(&h.get("/groups", &[]).await.body["groups"][0]);
    let group_path = format!("/groups/{gid}/members");
    for p in paths.iter().copied().chain([group_path.as_str()]) {
        assert_eq!(h.get(p, &[]).await.status, StatusCode::OK, "{p}");
    }
    let scopes = Some(vec![
        "group:read:list_groups:admin".to_string(),
        "role:read:list_roles:admin".to_string(),
    ]);
    let h = start(SimConfig {
        scope_family: ScopeFamily::Granular,
        scopes,
        ..config()
    })
    .await;
    assert_eq!(h.get("/roles", &[]).await.status, StatusCode::OK);
    for (p, scope) in [
        (group_path.as_str(), "group:read:list_members:admin"),
        ("/roles/2", "role:read:role:admin"),
        ("/roles/2/members", "role:read:list_members:admin"),
    ] {
        let r = h.get(p, &[]).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, 4711), "{p}");
        assert!(
            r.body["message"].as_str().unwrap().contains(scope),
            "{p}: {}",
            r.body
        );
    }
    // Classic apps: role:read:admin reads every role route, not group members.
    let h = start(SimConfig {
        scopes: Some(vec!["role:read:admin".to_string()]),
        ..config()
    })
    .await;
    for p in paths {
        assert_eq!(h.get(p, &[]).await.status, StatusCode::OK, "{p}");
    }
    let r = h.get(&group_path, &[]).await;
    assert_eq!(r.code(), 4700);
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("group:read:admin")
    );
    let stats = h.stats().await;
    for key in [
        "GET /roles",
        "GET /roles/{roleId}",
        "GET /roles/{roleId}/members",
        "GET /groups/{groupId}/members",
    ] {
        assert_eq!(stats["by_endpoint"][key], 1, "{key}");
    }
    // Paid plans only.
    for (plan, ok) in [(Plan::Free, false), (Plan::Pro, true)] {
        let h = start(SimConfig { plan, ..config() }).await;
        for p in paths.iter().copied().chain([group_path.as_str()]) {
            let r = h.get(p, &[]).await;
            assert_eq!(r.status == StatusCode::OK, ok, "{plan:?} {p}: {}", r.body);
            if !ok {
                assert_eq!(r.code(), 200);
                assert!(r.body["message"].as_str().unwrap().contains("paid account"));
            }
        }
    }
}

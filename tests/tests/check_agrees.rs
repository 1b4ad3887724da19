//! `check` predicts the next `fetch`: over a matrix of plans, scope sets,
//! scope families and settings, both run with the same connection and
//! settings, and agree kind by kind — and on the exit code.

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::Sim;
use zoom_adapter_e2e::{run_adapter, write_file};
use zoom_sim::{Plan, ScopeFamily, SimConfig, Size};

/// What `fetch` reports for a kind `check` gave `status`.
fn expected_fetch_status(check_status: &str) -> Option<&'static str> {
    match check_status {
        "reachable" | "reduced" => Some("ok"),
        "partial" => Some("partial"),
        "unavailable" => Some("unavailable"),
        "unreachable" => Some("failed"),
        "off" => None,
        other => panic!("unknown check status {other}"),
    }
}

/// `check --json` with `connection` (a path) and `settings`.
fn check_with(connection: &str, settings: Option<&Value>) -> zoom_adapter_e2e::Run {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut args = vec!["check", "--connection", connection, "--json"];
    let settings_file = settings.map(|s| write_file(&dir, "settings.json", &s.to_string()));
    if let Some(file) = &settings_file {
        args.extend(["--settings", file.as_str()]);
    }
    run_adapter(&args, "", &[])
}

/// Every scope a simulator of `family` grants (its token lists them).
fn granted_scopes(family: ScopeFamily) -> Vec<String> {
    let sim = Sim::start(SimConfig {
        scope_family: family,
        ..SimConfig::sized(Size::Small)
    });
    check_with(&sim.connection(json!({})), None).json()["granted_scopes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn agree(plan: Plan, family: ScopeFamily, scopes: Option<Vec<String>>, settings: Value) {
    let sim = Sim::start(SimConfig {
        plan,
        scope_family: family,
        scopes,
        ..SimConfig::sized(Size::Small)
    });
    let connection = sim.connection(json!({}));
    let check = check_with(&connection, Some(&settings));
    let report = check.json();
    let fetch = sim.fetch_with(&connection, settings.clone(), &[]);
    let case = format!("{plan:?} {family:?} {settings}");
    for kind in report["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("{report}"))
    {
        let name = kind["kind"].as_str().unwrap_or_default();
        let status = kind["status"].as_str().unwrap_or_default();
        let fetched = fetch.summary["sources"]
            .as_array()
            .and_then(|sources| sources.iter().find(|s| s["kind"] == name));
        match expected_fetch_status(status) {
            None => assert!(fetched.is_none(), "{case}: {name} is off but fetched"),
            Some(expected) => {
                let got = fetched.map(|s| s["status"].clone()).unwrap_or_default();
                assert_eq!(
                    got,
                    json!(expected),
                    "{case}: check says {name} is {status}: {kind}\nfetch: {}",
                    fetch.summary
                );
            }
        }
    }
    assert_eq!(
        check.code, fetch.code,
        "{case}: check exits {} and fetch {}\ncheck: {report}\nfetch: {}",
        check.code, fetch.code, fetch.summary
    );
}

fn plan_name(plan: Plan) -> &'static str {
    match plan {
        Plan::Free => "free",
        Plan::Pro => "pro",
        Plan::Business => "business",
    }
}

fn agree_over_settings(plan: Plan) {
    for settings in [
        json!({}),
        json!({"fetch_devices": false, "activity_logs": true, "fetch_settings_and_licenses": true}),
    ] {
        let mut settings = settings;
        settings["zoom_plan"] = json!(plan_name(plan));
        agree(plan, ScopeFamily::Classic, None, settings);
    }
}

#[test]
fn check_and_fetch_agree_on_free() {
    agree_over_settings(Plan::Free);
}

#[test]
fn check_and_fetch_agree_on_pro() {
    agree_over_settings(Plan::Pro);
}

#[test]
fn check_and_fetch_agree_on_business() {
    agree_over_settings(Plan::Business);
}

#[test]
fn check_and_fetch_agree_when_scopes_are_missing_in_either_family() {
    let without = |family: ScopeFamily, missing: &[&str]| -> Vec<String> {
        granted_scopes(family)
            .into_iter()
            .filter(|s| !missing.contains(&s.as_str()))
            .collect()
    };
    let settings = json!({"zoom_plan": "business", "activity_logs": true});
    agree(
        Plan::Business,
        ScopeFamily::Classic,
        Some(without(
            ScopeFamily::Classic,
            &["dashboard_meetings:read:admin", "report:read:admin"],
        )),
        settings.clone(),
    );
    agree(
        Plan::Business,
        ScopeFamily::Granular,
        Some(without(
            ScopeFamily::Granular,
            &[
                "dashboard:read:list_meeting_participants:admin",
                "report:read:operation_logs:admin",
            ],
        )),
        settings,
    );
}

#[test]
fn a_missing_scope_is_named_in_the_apps_own_family() {
    for (family, granted_without, expected) in [
        (ScopeFamily::Classic, "h323:read:admin", "h323:read:admin"),
        (
            ScopeFamily::Granular,
            "h323_device:read:list_devices:admin",
            "h323_device:read:list_devices:admin",
        ),
    ] {
        let scopes: Vec<String> = granted_scopes(family)
            .into_iter()
            .filter(|s| s != granted_without)
            .collect();
        let sim = Sim::start(SimConfig {
            scope_family: family,
            scopes: Some(scopes),
            ..SimConfig::sized(Size::Small)
        });
        let connection = sim.connection(json!({}));
        let check = check_with(&connection, None).json();
        let h323 = check["kinds"]
            .as_array()
            .and_then(|kinds| kinds.iter().find(|k| k["kind"] == "h323_device"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(h323["status"], "unreachable", "{h323}");
        assert_eq!(
            h323["failures"][0]["error"]["missing_scope"], expected,
            "{h323}"
        );
        // The fetch's error names the same scope, from Zoom's 4700 / 4711 answer.
        let fetch = sim.fetch_with(&connection, json!({"zoom_plan": "business"}), &[]);
        let error = &fetch.source("h323_device")["error"];
        assert_eq!(error["missing_scope"], expected, "{error}");
        let advice = error["what_to_do"].as_str().unwrap_or_default();
        assert!(advice.contains(expected), "{advice}");
    }
}

#[test]
fn a_wrong_portal_password_fails_check_as_it_fails_fetch_with_one_sign_in() {
    let sim = Sim::start(SimConfig::sized(Size::Small));
    let connection = sim.connection(json!({"password": "not-the-password"}));
    let settings = json!({"zoom_plan": "business", "fetch_devices": false, "fetch_settings_and_licenses": true});
    let check = check_with(&connection, Some(&settings));
    let report = check.json();
    assert_eq!(report["portal"]["signed_in"], false, "{report}");
    let fetch = sim.fetch_with(&connection, settings, &[]);
    assert_eq!(check.code, 4, "{report}");
    assert_eq!(fetch.code, 4, "{}", fetch.summary);
    // One sign-in attempt each: the account is never locked by the check.
    assert!(!sim.sim().portal_locked());
}

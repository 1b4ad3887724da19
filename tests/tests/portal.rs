//! Application settings and licenses with the web-portal login, end to end
//! against zoom-sim: a good login adds the portal's fields; every refused
//! login is its own error on the kinds it enriches while the REST data and
//! every other source stay complete; no secret appears anywhere.

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};

const SETTING: &str = "fetch_settings_and_licenses=true";

fn fetch(sim: &Sim, patch: Value) -> Fetch {
    let connection = sim.connection(patch);
    sim.fetch_with(
        &connection,
        json!({"fetch_settings_and_licenses": true}),
        &[],
    )
}

/// The refused login is reported on license and account_setting, and
/// everything is still delivered from REST.
fn assert_portal_refused(sim: &Sim, fetch: &Fetch, reason: &str) {
    assert_eq!(fetch.code, 4, "{reason}: {}", fetch.summary);
    assert_eq!(
        fetch.summary["status"], "partial",
        "a refused portal login is not an auth failure of the cycle"
    );
    for kind in ["license", "account_setting"] {
        let source = fetch.source(kind);
        assert_eq!(source["status"], "partial", "{kind}: {source}");
        assert_eq!(source["error"]["kind"], "portal", "{source}");
        assert_eq!(source["error"]["portal_error"], reason, "{source}");
        assert!(
            source["error"]["what_to_do"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
    }
    assert_eq!(
        fetch.counts(),
        sim.sim().truth().variants[SETTING],
        "{reason}: REST data complete"
    );
    let info = sim.sim().info();
    for secret in [&info.password, &info.totp_secret, &info.client_secret] {
        assert!(
            !fetch.stdout.contains(secret.as_str()) && !fetch.stderr.contains(secret.as_str()),
            "{reason}: a secret leaked"
        );
    }
}

#[test]
fn a_good_login_adds_subscription_details_and_setting_locks() {
    let sim = Sim::small();
    let fetch = fetch(&sim, json!({}));
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    assert_eq!(fetch.counts(), sim.sim().truth().variants[SETTING]);
    let licenses = fetch
        .records
        .iter()
        .filter(|r| r["kind"] == "license" && r["fields"]["scope"] == "account");
    assert!(
        licenses.clone().count() > 0
            && licenses
                .clone()
                .all(|l| l["fields"]["billing_cycle"].is_string()),
        "plan licenses carry the billing page's details"
    );
    assert!(
        fetch
            .records
            .iter()
            .any(|r| r["kind"] == "account_setting" && r["fields"]["locked"].is_boolean())
    );
    let info = sim.sim().info();
    assert!(
        !fetch.stdout.contains(info.password.as_str())
            && !fetch.stderr.contains(info.password.as_str())
    );
}

#[test]
fn a_wrong_password_is_its_own_error() {
    let sim = Sim::small();
    let fetch = fetch(&sim, json!({"password": "not-the-password-Q7x"}));
    assert_portal_refused(&sim, &fetch, "wrong_password");
    assert!(!fetch.stderr.contains("not-the-password-Q7x"));
    assert!(
        !sim.sim().portal_locked(),
        "one failed sign-in per cycle cannot lock the account"
    );
}

#[test]
fn a_wrong_2fa_secret_is_its_own_error() {
    let sim = Sim::small();
    let fetch = fetch(
        &sim,
        json!({"totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}),
    );
    assert_portal_refused(&sim, &fetch, "wrong_code");
}

#[test]
fn a_locked_account_is_its_own_error() {
    let sim = Sim::small();
    sim.sim().set_portal_lockout_after(1);
    let first = fetch(&sim, json!({"password": "not-the-password-Q7x"}));
    assert_eq!(
        first.source("license")["error"]["portal_error"],
        "wrong_password"
    );
    assert!(sim.sim().portal_locked());
    let fetch = fetch(&sim, json!({}));
    assert_portal_refused(&sim, &fetch, "account_locked");
}

#[test]
fn a_captcha_is_its_own_error() {
    let sim = Sim::small();
    sim.sim().set_portal_captcha(true);
    let fetch = fetch(&sim, json!({}));
    assert_portal_refused(&sim, &fetch, "captcha_required");
}

/// Every secret of `info` and `extra`, checked absent from both outputs.
fn assert_no_secret(fetch: &Fetch, info: &zoom_sim::ReadyInfo, extra: &[&str]) {
    let mut secrets = vec![
        info.password.as_str(),
        info.totp_secret.as_str(),
        info.client_secret.as_str(),
    ];
    secrets.extend_from_slice(extra);
    for secret in secrets {
        assert!(
            !fetch.stdout.contains(secret) && !fetch.stderr.contains(secret),
            "a secret leaked"
        );
    }
}

#[test]
fn a_2fa_key_pasted_in_lower_case_groups_signs_in() {
    let sim = Sim::small();
    let info = sim.sim().info().clone();
    let lower = info.totp_secret.to_lowercase();
    let groups: Vec<&str> = lower
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    let pasted = format!(" {} ", groups.join(" "));
    let fetch = fetch(&sim, json!({"totp_secret": pasted}));
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    assert_eq!(fetch.source("license")["status"], "ok", "{}", fetch.summary);
    assert_no_secret(&fetch, &info, &[&lower, pasted.trim()]);
}

#[test]
fn secrets_from_the_environment_sign_in() {
    // The file leaves every secret out (or null): the variables supply them,
    // the REST token request and the portal login both use them.
    let sim = Sim::small();
    let info = sim.sim().info().clone();
    let connection = sim.connection(json!({"client_secret": null, "password": null}));
    let connection = {
        let mut file: Value = serde_json::from_str(
            &std::fs::read_to_string(&connection).unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        if let Some(map) = file.as_object_mut() {
            map.remove("totp_secret");
        }
        std::fs::write(&connection, file.to_string()).unwrap_or_else(|e| panic!("{e}"));
        connection
    };
    let lower = info.totp_secret.to_lowercase();
    let fetch = sim.fetch_in_env(
        &connection,
        json!({"fetch_settings_and_licenses": true}),
        &[],
        &[
            ("ZOOM_CLIENT_SECRET", info.client_secret.as_str()),
            ("ZOOM_PASSWORD", info.password.as_str()),
            ("ZOOM_TOTP_SECRET", lower.as_str()),
        ],
    );
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    assert_eq!(fetch.counts(), sim.sim().truth().variants[SETTING]);
    assert_eq!(fetch.source("license")["status"], "ok", "{}", fetch.summary);
    assert_no_secret(&fetch, &info, &[&lower]);
}

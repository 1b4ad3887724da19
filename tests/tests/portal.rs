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

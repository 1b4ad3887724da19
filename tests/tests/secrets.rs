//! No secret given to the adapter, in a file or in the environment, ever
//! appears on stdout or stderr, whatever the command and whatever is wrong.

use zoom_adapter_e2e::{run_adapter, write_file};

const FILE_SECRETS: [&str; 4] = [
    "CLIENT-SECRET-3f9a7c",
    "PASSWORD-8d2e4b",
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "PROXYPW-5e6f",
];
const ENV_SECRETS: [(&str, &str); 3] = [
    ("ZOOM_CLIENT_SECRET", "ENV-CLIENT-SECRET-a1b2"),
    ("ZOOM_PASSWORD", "ENV-PASSWORD-c3d4"),
    ("ZOOM_TOTP_SECRET", "ENVTOTPNOTBASE32e5f6!"),
];

#[test]
fn no_secret_in_any_output() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let full = format!(
        r#"{{"account_id":"a","client_id":"c","client_secret":"{}","password":"{}","totp_secret":"{}",
            "portal_url":"https://acme.zoom.us","username":"u@acme.example","https_proxy":"http://bob:{}@proxy.local:3128"}}"#,
        FILE_SECRETS[0], FILE_SECRETS[1], FILE_SECRETS[2], FILE_SECRETS[3]
    );
    let bad_types = r#"{"account_id":"a","client_id":"c","client_secret":987654321012,"password":["PASSWORD-8d2e4b"],"totp_secret":{"x":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}"#;
    let bad_values = r#"{"account_id":"a","client_id":"c","client_secret":"CLIENT-SECRET-3f9a7c","totp_secret":"PASSWORD-8d2e4b!","https_proxy":"ftp://bob:PROXYPW-5e6f@proxy.local:21","domain":"http://CLIENT-SECRET-3f9a7c.example"}"#;
    let misplaced = r#"{"account_id":"a","client_id":"c","client_secrt":"CLIENT-SECRET-3f9a7c","Password":"PASSWORD-8d2e4b"}"#;
    let not_json = r#"{"account_id":"a","client_secret": CLIENT-SECRET-3f9a7c}"#;
    let from_env =
        r#"{"account_id":"a","client_id":"c","portal_url":"https://acme.zoom.us","username":"u"}"#;
    let portal_on = r#"{"fetch_settings_and_licenses":true}"#;

    let files = [
        ("full.json", full.as_str()),
        ("bad_types.json", bad_types),
        ("bad_values.json", bad_values),
        ("misplaced.json", misplaced),
        ("not_json.json", not_json),
        ("from_env.json", from_env),
    ];
    let settings = write_file(&dir, "settings.json", portal_on);
    let mut outputs = Vec::new();
    for (name, contents) in files {
        let path = write_file(&dir, name, contents);
        for json in [false, true] {
            for env in [&[][..], &ENV_SECRETS[..]] {
                let mut args = vec![
                    "validate",
                    "--connection",
                    path.as_str(),
                    "--settings",
                    settings.as_str(),
                ];
                if json {
                    args.push("--json");
                }
                let run = run_adapter(&args, "", env);
                assert!(run.code == 0 || run.code == 2, "{name}: exit {}", run.code);
                outputs.push((name, run.stdout, run.stderr));
            }
        }
    }
    for args in [
        &["manifest"][..],
        &["schema", "connection"],
        &["validate", "--help"],
    ] {
        let run = run_adapter(args, "", &ENV_SECRETS);
        outputs.push(("command", run.stdout, run.stderr));
    }
    let mut secrets: Vec<&str> = FILE_SECRETS.to_vec();
    secrets.extend(ENV_SECRETS.iter().map(|(_, value)| *value));
    secrets.push("987654321012");
    for (name, stdout, stderr) in &outputs {
        for secret in &secrets {
            assert!(
                !stdout.contains(secret),
                "{name}: {secret} on stdout:\n{stdout}"
            );
            assert!(
                !stderr.contains(secret),
                "{name}: {secret} on stderr:\n{stderr}"
            );
        }
    }
    // The invalid scenarios did report problems at the secret keys.
    assert!(
        outputs
            .iter()
            .any(|(_, out, _)| out.contains("/client_secret"))
    );
    assert!(
        outputs
            .iter()
            .any(|(_, out, _)| out.contains("/totp_secret"))
    );
}

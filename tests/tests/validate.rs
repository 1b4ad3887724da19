//! `zoom-adapter validate` end to end: every kind of bad input is refused with
//! exit 2 and the pointer of the offending field; valid examples pass.

use serde_json::Value;
use zoom_adapter_e2e::{repo_root, run_adapter, write_file};

const GOOD_CONNECTION: &str =
    r#"{"account_id":"acct-1","client_id":"cid-1","client_secret":"csec-1"}"#;

/// One invalid input and the pointers it must be reported at.
struct Case {
    name: &'static str,
    connection: String,
    settings: Option<String>,
    env: Vec<(&'static str, &'static str)>,
    pointers: Vec<&'static str>,
}

fn connection_with(extra: &str) -> String {
    let mut value: serde_json::Map<String, Value> =
        serde_json::from_str(GOOD_CONNECTION).unwrap_or_default();
    let patch: serde_json::Map<String, Value> = serde_json::from_str(extra).unwrap_or_default();
    for (key, val) in patch {
        if val == Value::String("<remove>".into()) {
            value.remove(&key);
        } else {
            value.insert(key, val);
        }
    }
    Value::Object(value).to_string()
}

fn conn(name: &'static str, patch: &str, pointers: &[&'static str]) -> Case {
    Case {
        name,
        connection: connection_with(patch),
        settings: None,
        env: vec![],
        pointers: pointers.to_vec(),
    }
}

fn sett(name: &'static str, settings: &str, pointers: &[&'static str]) -> Case {
    Case {
        name,
        connection: GOOD_CONNECTION.to_owned(),
        settings: Some(settings.to_owned()),
        env: vec![],
        pointers: pointers.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    vec![
        conn(
            "missing account_id",
            r#"{"account_id":"<remove>"}"#,
            &["/account_id"],
        ),
        conn(
            "missing client_id",
            r#"{"client_id":"<remove>"}"#,
            &["/client_id"],
        ),
        conn(
            "missing client_secret",
            r#"{"client_secret":"<remove>"}"#,
            &["/client_secret"],
        ),
        conn(
            "empty client_secret",
            r#"{"client_secret":""}"#,
            &["/client_secret"],
        ),
        Case {
            env: vec![("ZOOM_CLIENT_SECRET", "")],
            ..conn(
                "empty ZOOM_CLIENT_SECRET",
                r#"{"client_secret":"<remove>"}"#,
                &["/client_secret"],
            )
        },
        conn(
            "account_id with a space",
            r#"{"account_id":"acct 1"}"#,
            &["/account_id"],
        ),
        conn(
            "account_id with a newline",
            r#"{"account_id":"acct\n"}"#,
            &["/account_id"],
        ),
        conn("empty client_id", r#"{"client_id":""}"#, &["/client_id"]),
        conn(
            "account_id a number",
            r#"{"account_id":12345}"#,
            &["/account_id"],
        ),
        conn(
            "client_secret a number",
            r#"{"client_secret":12345}"#,
            &["/client_secret"],
        ),
        conn(
            "plain http domain",
            r#"{"domain":"http://api.zoom.us"}"#,
            &["/domain"],
        ),
        conn(
            "domain without scheme",
            r#"{"domain":"api.zoom.us"}"#,
            &["/domain"],
        ),
        conn(
            "domain ending in /v2",
            r#"{"domain":"https://api.zoom.us/v2"}"#,
            &["/domain"],
        ),
        conn(
            "domain with credentials",
            r#"{"domain":"https://u:p@api.zoom.us"}"#,
            &["/domain"],
        ),
        conn(
            "oauth_url ftp",
            r#"{"oauth_url":"ftp://zoom.us/oauth/token"}"#,
            &["/oauth_url"],
        ),
        conn(
            "proxy ftp scheme",
            r#"{"https_proxy":"ftp://proxy:21"}"#,
            &["/https_proxy"],
        ),
        conn(
            "proxy not a URL",
            r#"{"https_proxy":"proxy:3128"}"#,
            &["/https_proxy"],
        ),
        conn(
            "verify_ssl a string",
            r#"{"verify_ssl":"yes"}"#,
            &["/verify_ssl"],
        ),
        conn(
            "portal_url missing colon",
            r#"{"portal_url":"https//acme.zoom.us"}"#,
            &["/portal_url"],
        ),
        conn(
            "totp_secret not base32",
            r#"{"totp_secret":"not-base32!"}"#,
            &["/totp_secret"],
        ),
        conn(
            "totp_secret too short",
            r#"{"totp_secret":"JBSWY3DP"}"#,
            &["/totp_secret"],
        ),
        conn(
            "unknown key near miss",
            r#"{"client_secrt":"x"}"#,
            &["/client_secrt"],
        ),
        conn(
            "setting in the connection file",
            r#"{"meeting_days":7}"#,
            &["/meeting_days"],
        ),
        Case {
            settings: Some(r#"{"fetch_settings_and_licenses":true}"#.to_owned()),
            ..conn(
                "portal keys required",
                "{}",
                &["/portal_url", "/username", "/password", "/totp_secret"],
            )
        },
        Case {
            settings: Some(r#"{"fetch_settings_and_licenses":true}"#.to_owned()),
            env: vec![
                ("ZOOM_PASSWORD", "pw"),
                ("ZOOM_TOTP_SECRET", "JBSWY3DPEHPK3PXP"),
            ],
            ..conn(
                "portal keys: env fills secrets only",
                r#"{"portal_url":"https://acme.zoom.us"}"#,
                &["/username"],
            )
        },
        sett(
            "meeting_days zero",
            r#"{"meeting_days":0}"#,
            &["/meeting_days"],
        ),
        sett(
            "meeting_days 181",
            r#"{"meeting_days":181}"#,
            &["/meeting_days"],
        ),
        sett(
            "meeting_days a string",
            r#"{"meeting_days":"7"}"#,
            &["/meeting_days"],
        ),
        sett(
            "meeting_days a fraction",
            r#"{"meeting_days":7.5}"#,
            &["/meeting_days"],
        ),
        sett(
            "unknown device source",
            r#"{"device_sources":["zoom_room"]}"#,
            &["/device_sources/0"],
        ),
        sett(
            "duplicate device source",
            r#"{"device_sources":["zoom_rooms","zoom_rooms"]}"#,
            &["/device_sources"],
        ),
        sett(
            "device_sources a string",
            r#"{"device_sources":"zoom_rooms"}"#,
            &["/device_sources"],
        ),
        sett(
            "typo fetch_device",
            r#"{"fetch_device":true}"#,
            &["/fetch_device"],
        ),
        sett(
            "connection key in settings",
            r#"{"client_id":"x"}"#,
            &["/client_id"],
        ),
        sett(
            "unknown plan",
            r#"{"zoom_plan":"enterprise"}"#,
            &["/zoom_plan"],
        ),
        sett(
            "quota share above 1",
            r#"{"max_daily_quota_share":1.5}"#,
            &["/max_daily_quota_share"],
        ),
        sett(
            "quota share zero",
            r#"{"max_daily_quota_share":0}"#,
            &["/max_daily_quota_share"],
        ),
        sett(
            "page_size above 300",
            r#"{"page_size":500}"#,
            &["/page_size"],
        ),
        sett(
            "boolean as string",
            r#"{"fetch_devices":"true"}"#,
            &["/fetch_devices"],
        ),
        sett(
            "boolean as null",
            r#"{"activity_logs":null}"#,
            &["/activity_logs"],
        ),
        sett("settings an array", r#"[]"#, &[""]),
        sett("settings not JSON", r#"{meeting_days: 7}"#, &[""]),
        Case {
            connection: "\"just a string\"".to_owned(),
            ..conn("connection not an object", "{}", &[""])
        },
        Case {
            connection: String::new(),
            ..conn("connection empty", "{}", &[""])
        },
        sett(
            "page_size a fraction",
            r#"{"page_size":299.5}"#,
            &["/page_size"],
        ),
        sett(
            "max_retries a negative whole float",
            r#"{"max_retries":-1.0}"#,
            &["/max_retries"],
        ),
        Case {
            connection: r#"{"account_id":"a","client_id":"c","client_secret":"s","domain":"https://api.zoom.us","domain":"http://evil.example"}"#.to_owned(),
            ..conn("domain given twice", "{}", &["/domain"])
        },
        sett(
            "nested key given twice",
            r#"{"device_sources":["zoom_rooms"],"x":{"y":[{"z":1,"z":2}]}}"#,
            &["/x/y/0/z"],
        ),
        conn(
            "account_id with NUL",
            r#"{"account_id":"acct\u00001"}"#,
            &["/account_id"],
        ),
        conn(
            "client_id with DEL",
            r#"{"client_id":"cid\u007f"}"#,
            &["/client_id"],
        ),
        conn(
            "username with escape",
            r#"{"username":"bot@acme.example\u001b[2J"}"#,
            &["/username"],
        ),
        conn(
            "domain with a tab",
            r#"{"domain":"https://api.zo\tom.us"}"#,
            &["/domain"],
        ),
        conn(
            "client_secret with a carriage return",
            r#"{"client_secret":"csec-1\r"}"#,
            &["/client_secret"],
        ),
        Case {
            connection: format!("\u{feff}{GOOD_CONNECTION}"),
            ..conn("connection with a byte-order mark", "{}", &[""])
        },
    ]
}

fn pointers_of(report: &Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_invalid_input_exits_2_with_the_offending_pointer() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let connection = write_file(&dir, "connection.json", &case.connection);
        let mut args = vec!["validate", "--connection", connection.as_str(), "--json"];
        let settings = case
            .settings
            .as_ref()
            .map(|s| write_file(&dir, "settings.json", s));
        if let Some(settings) = &settings {
            args.extend(["--settings", settings.as_str()]);
        }
        let run = run_adapter(&args, "", &case.env);
        let report = run.json();
        let got = pointers_of(&report);
        let messages_ok = report["errors"].as_array().is_some_and(|errors| {
            errors
                .iter()
                .all(|e| e["message"].as_str().is_some_and(|m| m.len() > 10))
        });
        if run.code != 2 || report["valid"] != false || got != case.pointers || !messages_ok {
            failures.push(format!(
                "{}: exit {} pointers {got:?} (want {:?})\n{}",
                case.name, run.code, case.pointers, run.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn one_input_with_many_problems_reports_them_all() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let connection = write_file(
        &dir,
        "c.json",
        r#"{"domain":"http://api.zoom.us","account_id":"a b","client_id":"","totp_secret":"xyz!","colour":1}"#,
    );
    let settings = write_file(
        &dir,
        "s.json",
        r#"{"meeting_days":365,"fetch_device":true,"device_sources":["zoom_room","h323_devices","h323_devices"],"fetch_settings_and_licenses":true}"#,
    );
    let run = run_adapter(
        &[
            "validate",
            "--connection",
            &connection,
            "--settings",
            &settings,
            "--json",
        ],
        "",
        &[],
    );
    assert_eq!(run.code, 2);
    let mut got = pointers_of(&run.json());
    got.sort();
    let mut want = vec![
        "/account_id",
        "/client_id",
        "/client_secret",
        "/colour",
        "/domain",
        "/totp_secret",
        "/portal_url",
        "/username",
        "/password",
        "/meeting_days",
        "/fetch_device",
        "/device_sources/0",
        "/device_sources",
    ];
    want.sort_unstable();
    assert_eq!(got, want, "{}", run.stdout);
}

#[test]
fn near_misses_get_a_suggestion_and_misplaced_keys_a_destination() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let connection = write_file(&dir, "c.json", &connection_with(r#"{"meeting_days":7}"#));
    let settings = write_file(
        &dir,
        "s.json",
        r#"{"fetch_device":true,"device_sources":["zoom_room"],"Fetch inactive users":true}"#,
    );
    let run = run_adapter(
        &[
            "validate",
            "--connection",
            &connection,
            "--settings",
            &settings,
        ],
        "",
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("did you mean \"fetch_devices\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean \"zoom_rooms\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean \"fetch_inactive_users\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("move it to the settings file"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("/fetch_device"), "{}", run.stdout);
}

#[test]
fn file_errors_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let huge = write_file(&dir, "huge.json", &" ".repeat(1024 * 1024 + 10));
    let missing = dir
        .path()
        .join("missing.json")
        .to_string_lossy()
        .into_owned();
    let directory = dir.path().to_string_lossy().into_owned();
    for (path, expected) in [
        (missing.as_str(), "does not exist"),
        (huge.as_str(), "larger than 1 MiB"),
        (directory.as_str(), "is a directory"),
    ] {
        let run = run_adapter(&["validate", "--connection", path], "", &[]);
        assert_eq!(run.code, 2, "{path}");
        assert!(run.stdout.contains(expected), "{path}: {}", run.stdout);
    }
}

#[test]
fn stdin_is_read_for_dash() {
    let run = run_adapter(
        &["validate", "--connection", "-", "--json"],
        GOOD_CONNECTION,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json(), serde_json::json!({"valid": true, "errors": []}));
    let both = run_adapter(
        &["validate", "--connection", "-", "--settings", "-"],
        GOOD_CONNECTION,
        &[],
    );
    assert_eq!(both.code, 2);
}

#[test]
fn secrets_may_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let connection = write_file(
        &dir,
        "c.json",
        r#"{"account_id":"a","client_id":"c","portal_url":"https://acme.zoom.us","username":"u@acme.example"}"#,
    );
    let settings = write_file(&dir, "s.json", r#"{"fetch_settings_and_licenses":true}"#);
    let env = [
        ("ZOOM_CLIENT_SECRET", "cs"),
        ("ZOOM_PASSWORD", "pw"),
        ("ZOOM_TOTP_SECRET", "jbsw y3dp ehpk 3pxp"),
    ];
    let run = run_adapter(
        &[
            "validate",
            "--connection",
            &connection,
            "--settings",
            &settings,
        ],
        "",
        &env,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let without = run_adapter(
        &[
            "validate",
            "--connection",
            &connection,
            "--settings",
            &settings,
            "--json",
        ],
        "",
        &[],
    );
    assert_eq!(
        pointers_of(&without.json()),
        ["/client_secret", "/password", "/totp_secret"]
    );
}

#[test]
fn checked_in_examples_behave_as_their_folder_says() {
    let examples = repo_root().join("schemas/examples");
    let full = examples
        .join("valid/full.connection.json")
        .to_string_lossy()
        .into_owned();
    let mut seen = 0;
    for (folder, want) in [("valid", 0), ("invalid", 2)] {
        let mut entries: Vec<_> = std::fs::read_dir(examples.join(folder))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let file = path.to_string_lossy().into_owned();
            let args: Vec<&str> = if file.ends_with(".settings.json") {
                vec!["validate", "--connection", &full, "--settings", &file]
            } else {
                vec!["validate", "--connection", &file]
            };
            let run = run_adapter(&args, "", &[]);
            assert_eq!(run.code, want, "{file}: {}", run.stdout);
            seen += 1;
        }
    }
    assert!(seen >= 5);
}

/// `validate` with a connection and optional settings file, `--json` or not.
fn validate_files(connection: &str, settings: Option<&str>, json: bool) -> zoom_adapter_e2e::Run {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let connection = write_file(&dir, "connection.json", connection);
    let mut args = vec!["validate", "--connection", connection.as_str()];
    let settings = settings.map(|s| write_file(&dir, "settings.json", s));
    if let Some(settings) = &settings {
        args.extend(["--settings", settings.as_str()]);
    }
    if json {
        args.push("--json");
    }
    run_adapter(&args, "", &[])
}

#[test]
fn whole_number_floats_are_accepted_for_integer_settings() {
    let run = validate_files(
        GOOD_CONNECTION,
        Some(
            r#"{"meeting_days":7.0,"page_size":3e2,"max_concurrency":8.0,"max_retries":0.0,
                "request_timeout_secs":6e1,"connect_timeout_secs":10.0,"activity_lookback_hours":24.0}"#,
        ),
        true,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json(), serde_json::json!({"valid": true, "errors": []}));
}

#[test]
fn a_fractional_integer_setting_is_a_problem_with_a_fix_not_a_bug() {
    let run = validate_files(GOOD_CONNECTION, Some(r#"{"meeting_days":7.5}"#), true);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = run.json();
    assert_eq!(pointers_of(&report), ["/meeting_days"]);
    let message = report["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("whole number"), "{message}");
    assert!(!message.contains("bug"), "{message}");
}

#[test]
fn duplicate_keys_are_refused_at_their_pointer_without_their_values() {
    let connection = r#"{"account_id":"a","client_id":"c","client_secret":"FIRST-dup-secret-1a2b","client_secret":"SECOND-dup-secret-3c4d"}"#;
    for json in [true, false] {
        let run = validate_files(connection, None, json);
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(run.stdout.contains("/client_secret"), "{}", run.stdout);
        assert!(run.stdout.contains("more than once"), "{}", run.stdout);
        for secret in ["FIRST-dup-secret-1a2b", "SECOND-dup-secret-3c4d"] {
            assert!(!run.stdout.contains(secret), "{}", run.stdout);
            assert!(!run.stderr.contains(secret), "{}", run.stderr);
        }
    }
    // Keys that differ only in escapes are the same key.
    let escaped = r#"{"account_id":"a","client_id":"c","client_secret":"s","domain":"https://api.zoom.us","\u0064omain":"https://other.example"}"#;
    let run = validate_files(escaped, None, true);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(pointers_of(&run.json()), ["/domain"]);
}

#[test]
fn control_characters_in_ids_are_named_with_a_fix() {
    let run = validate_files(
        &connection_with(r#"{"account_id":"acct\u00001","client_id":"cid\u0007"}"#),
        None,
        true,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = run.json();
    assert_eq!(pointers_of(&report), ["/account_id", "/client_id"]);
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["message"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(messages[0].contains("U+0000"), "{messages:?}");
    assert!(messages[1].contains("U+0007"), "{messages:?}");
    assert!(
        messages.iter().all(|m| m.contains("copy the value again")),
        "{messages:?}"
    );
}

#[test]
fn an_absurdly_long_unknown_key_is_shortened_everywhere() {
    let key = "k".repeat(100_000);
    let connection = connection_with(&format!(r#"{{"{key}": 1}}"#));
    let nested = format!(r#"{{"device_sources": ["zoom_rooms"], "\u001b[31m{key}": 1}}"#);
    for (connection, settings) in [
        (connection.as_str(), None),
        (GOOD_CONNECTION, Some(nested.as_str())),
    ] {
        for json in [true, false] {
            let run = validate_files(connection, settings, json);
            assert_eq!(run.code, 2, "{}", &run.stdout[..run.stdout.len().min(500)]);
            let longest = run.stdout.lines().map(str::len).max().unwrap_or_default();
            assert!(longest < 1_000, "a {longest}-byte line");
            assert!(
                run.stdout.contains("(100000 characters)")
                    || run.stdout.contains("(100005 characters)"),
                "{}",
                run.stdout
            );
            assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
        }
    }
}

#[test]
fn a_byte_order_mark_is_named_with_the_fix() {
    for json in [true, false] {
        let run = validate_files(&format!("\u{feff}{GOOD_CONNECTION}"), None, json);
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(
            run.stdout.contains("starts with a byte-order mark"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("UTF-8 without BOM"), "{}", run.stdout);
        assert!(!run.stdout.contains("syntax"), "{}", run.stdout);
    }
}

#[test]
fn json_errors_name_their_document_and_common_mistakes_get_the_fix() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let connection = write_file(
        &dir,
        "c.json",
        &connection_with(
            r#"{"username":"sim-admin","portal_url":"https://acme.zoom.us","password":"pw","totp_secret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}"#,
        ),
    );
    let settings = write_file(
        &dir,
        "s.json",
        r#"{"zoom_plan":"enterprise","fetch_settings_and_licenses":true}"#,
    );
    let run = run_adapter(
        &[
            "validate",
            "--connection",
            &connection,
            "--settings",
            &settings,
            "--json",
        ],
        "",
        &[],
    );
    assert_eq!(run.code, 2);
    let report = run.json();
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    let by_pointer = |pointer: &str| {
        errors
            .iter()
            .find(|e| e["pointer"] == pointer)
            .cloned()
            .unwrap_or_else(|| panic!("no {pointer}: {report}"))
    };
    let username = by_pointer("/username");
    assert_eq!(username["document"], "connection");
    assert!(
        username["message"]
            .as_str()
            .unwrap_or_default()
            .contains("not an email")
    );
    let plan = by_pointer("/zoom_plan");
    assert_eq!(plan["document"], "settings");
    assert!(
        plan["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean \"business\""),
        "{plan}"
    );
}

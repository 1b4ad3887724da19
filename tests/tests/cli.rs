//! The describing commands: `manifest`, `schema`, `--help`; their output is
//! exactly the checked-in generated files, and the schemas are valid Draft 2020-12.

use serde_json::Value;
use zoom_adapter_e2e::{repo_root, run_adapter};

fn checked_in(path: &str) -> Value {
    let text =
        std::fs::read_to_string(repo_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn schema_command_prints_the_checked_in_schemas_which_are_valid_draft_2020_12() {
    for (which, path) in [
        ("connection", "schemas/connection.schema.json"),
        ("settings", "schemas/settings.schema.json"),
        ("record", "schemas/records/record.schema.json"),
    ] {
        let run = run_adapter(&["schema", which], "", &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let printed = run.json();
        assert_eq!(printed, checked_in(path), "{which}");
        let verdict = jsonschema::draft202012::meta::validate(&printed);
        assert!(verdict.is_ok(), "{which}: {verdict:?}");
        assert!(
            jsonschema::draft202012::new(&printed).is_ok(),
            "{which} does not compile"
        );
    }
    let unknown = run_adapter(&["schema", "nonsense"], "", &[]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn manifest_command_prints_the_checked_in_manifest() {
    let run = run_adapter(&["manifest"], "", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest = run.json();
    assert_eq!(manifest, checked_in("adapter-manifest.json"));
    assert_eq!(manifest["id"], "zoom");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    for path in [
        &manifest["schemas"]["connection"],
        &manifest["schemas"]["settings"],
    ] {
        let path = path.as_str().unwrap_or_default();
        assert!(repo_root().join(path).exists(), "{path}");
    }
    let kinds: Vec<&str> = manifest["asset_types"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| t["kinds"].as_array().into_iter().flatten())
        .filter_map(|k| k["kind"].as_str())
        .collect();
    assert_eq!(kinds.len(), 16, "{kinds:?}");
    let actions: Vec<&str> = manifest["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "create-user",
            "delete-user",
            "update-user-group",
            "send-message"
        ]
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        &["--help"][..],
        &["manifest", "--help"],
        &["schema", "--help"],
        &["validate", "--help"],
        &["check", "--help"],
        &["fetch", "--help"],
        &["serve", "--help"],
        &["demo", "--help"],
        &["action", "--help"],
    ] {
        let run = run_adapter(args, "", &[]);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("Example"), "{args:?}: {}", run.stdout);
    }
    let run = run_adapter(&["validate"], "", &[]);
    assert_eq!(run.code, 2, "missing --connection is a usage error");
    assert!(run.stderr.contains("--connection"));
}

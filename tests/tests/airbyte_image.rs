//! The Airbyte image's contract, without Docker (none runs here): the
//! Dockerfile's entrypoint is `zoom-adapter airbyte`, `AIRBYTE_ENTRYPOINT`
//! says the same, the `io.airbyte.*` labels name the connector at the
//! crate's version, and that entrypoint, run as the engine runs it with the
//! image's environment, answers `spec` with a SPEC.

use zoom_adapter_e2e::{adapter_command, repo_root};

fn dockerfile() -> String {
    std::fs::read_to_string(repo_root().join("Dockerfile"))
        .unwrap_or_else(|e| panic!("Dockerfile: {e}"))
}

/// The value of `ENV NAME=…` (quotes removed).
fn env(text: &str, name: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("ENV "))
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .map(|v| v.trim().trim_matches('"').to_owned())
}

#[test]
fn the_image_runs_zoom_adapter_airbyte_as_airbyte_expects() {
    let text = dockerfile();
    let entrypoint: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ENTRYPOINT "))
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("ENTRYPOINT is not an exec array: {e}"))
        })
        .next_back()
        .expect("an ENTRYPOINT");
    assert_eq!(entrypoint, ["zoom-adapter", "airbyte"]);
    assert_eq!(
        env(&text, "AIRBYTE_ENTRYPOINT").as_deref(),
        Some("zoom-adapter airbyte")
    );
    assert!(text.contains("io.airbyte.name=\"zoom-adapter/source-zoom\""));
    assert!(
        text.contains(&format!(
            "io.airbyte.version=\"{}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "io.airbyte.version is the crate's version"
    );
    let state_home = env(&text, "XDG_STATE_HOME").expect("the image sets XDG_STATE_HOME");
    assert!(
        text.contains(&format!("--home-dir {state_home}")),
        "the state directory exists in the image"
    );

    // The entrypoint as the engine runs it: `<entrypoint> spec`.
    let output = adapter_command()
        .args(&entrypoint[1..])
        .arg("spec")
        .env("XDG_STATE_HOME", zoom_adapter_e2e::fresh_state_home())
        .output()
        .unwrap();
    assert!(output.status.success());
    let spec: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(spec["type"], "SPEC");
    assert!(
        spec["spec"]["connectionSpecification"]["properties"]["client_secret"]["airbyte_secret"]
            == true
    );
}

//! Tidy checks (rust-analyzer's habit): conventions that reviews would
//! otherwise have to catch, run as ordinary tests.

use std::path::{Path, PathBuf};

use zoom_adapter_e2e::repo_root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n != "target" && n != "snapshots")
        {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    rust_files(&repo_root().join("tests"), &mut files);
    assert!(files.len() > 50);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap_or_default()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` doc comment first: {missing:?}"
    );
}

#[test]
fn library_code_never_prints_and_never_unwraps() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    let mut offenders = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "src"))
    {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Unit tests live at the end of a file, after `#[cfg(test)]`.
        let product = text.split("#[cfg(test)]").next().unwrap_or_default();
        let is_main = file.ends_with("main.rs");
        for (number, line) in product.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let prints = !is_main
                && (code.contains("println!(")
                    || code.contains("print!(")
                    || code.contains("eprintln!("));
            if prints || code.contains(".unwrap()") || code.contains(".expect(") {
                offenders.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "product code must return errors and write through its output module:\n{}",
        offenders.join("\n")
    );
}

/// A workspace package and its dependencies, as `cargo metadata` lists them.
struct Package {
    name: String,
    dependencies: Vec<Dependency>,
}

/// One dependency of a workspace package.
struct Dependency {
    name: String,
    /// A dev-dependency.
    dev: bool,
    /// Behind a feature.
    optional: bool,
}

fn workspace_packages() -> Vec<Package> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--manifest-path",
        ])
        .arg(repo_root().join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("cargo metadata is not json: {e}"));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    metadata["packages"]
        .as_array()
        .unwrap_or_else(|| panic!("cargo metadata lists no packages"))
        .iter()
        .map(|package| Package {
            name: text(&package["name"]),
            dependencies: package["dependencies"]
                .as_array()
                .map(|deps| {
                    deps.iter()
                        .map(|d| Dependency {
                            name: text(&d["name"]),
                            dev: d["kind"] == "dev",
                            optional: d["optional"] == true,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// The packages `from` builds on: its direct dependencies of any kind, then
/// those of each workspace package reached (normal and build only: a
/// dependency's dev-dependencies are not built for it).
fn reaches(packages: &[Package], from: &str) -> Vec<String> {
    let deps_of = |name: &str, with_dev: bool| -> Vec<String> {
        packages
            .iter()
            .filter(|package| package.name == name)
            .flat_map(|package| &package.dependencies)
            .filter(|dep| with_dev || !dep.dev)
            .map(|dep| dep.name.clone())
            .collect()
    };
    let mut reached: Vec<String> = deps_of(from, true);
    let mut next = 0;
    while next < reached.len() {
        for dep in deps_of(&reached[next].clone(), false) {
            if !reached.contains(&dep) {
                reached.push(dep);
            }
        }
        next += 1;
    }
    reached
}

#[test]
fn settings_and_the_zoom_client_do_not_depend_on_each_other() {
    // zoom-settings is the configuration's types and validation, zoom-api the
    // HTTP client; zoom-adapter (connect.rs) maps one onto the other.
    let packages = workspace_packages();
    for name in ["zoom-settings", "zoom-api"] {
        assert!(
            packages.iter().any(|package| package.name == name),
            "{name} is not a workspace package"
        );
    }
    for (from, to) in [("zoom-settings", "zoom-api"), ("zoom-api", "zoom-settings")] {
        let reached = reaches(&packages, from);
        assert!(
            !reached.iter().any(|dep| dep == to),
            "{from} depends on {to} (directly or through another workspace crate: {reached:?}); \
             map settings onto client options in crates/zoom-adapter/src/connect.rs instead"
        );
    }
    // The check itself sees dependencies.
    assert!(
        reaches(&packages, "zoom-adapter")
            .iter()
            .any(|d| d == "zoom-api")
    );
    assert!(
        reaches(&packages, "zoom-adapter")
            .iter()
            .any(|d| d == "zoom-settings")
    );
}

/// The shipped product path does not need the simulator: zoom-adapter's
/// normal dependency on zoom-sim is optional (the `demo` feature), and
/// nothing else of the product depends on it.
#[test]
fn the_simulator_is_optional_for_the_product() {
    for package in workspace_packages() {
        if matches!(package.name.as_str(), "zoom-sim" | "zoom-adapter-e2e") {
            continue;
        }
        for dependency in &package.dependencies {
            if dependency.name == "zoom-sim" && !dependency.dev {
                assert_eq!(
                    package.name, "zoom-adapter",
                    "{} depends on zoom-sim",
                    package.name
                );
                assert!(dependency.optional, "zoom-adapter needs zoom-sim");
            }
        }
    }
}

/// Code and docs cite the repository's own docs, never the design brief or
/// the API notes that sit outside it.
#[test]
fn nothing_cites_files_outside_the_repository() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    rust_files(&repo_root().join("tests"), &mut files);
    for dir in ["docs", "examples"] {
        if let Ok(entries) = std::fs::read_dir(repo_root().join(dir)) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    files.push(repo_root().join("README.md"));
    let outside = [
        "DESIGN §",
        "DESIGN.md",
        "REFERENCE §",
        "REFERENCE.md",
        "../shared",
    ];
    let citing: Vec<String> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tidy.rs"))
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            outside
                .iter()
                .find(|needle| text.contains(*needle))
                .map(|needle| format!("{} cites {needle}", f.display()))
        })
        .collect();
    assert!(citing.is_empty(), "{citing:#?}");
}

//! The files generated from the Rust types and checked in: the schemas, the
//! manifest and `docs/settings.md`. The drift test
//! (`cargo test -p zoom-adapter --test generated_files`) rewrites any that
//! differ and fails, so a stale copy never lands.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::manifest::{AdapterManifest, Field};

/// A generated file: its path from the repository root and its contents.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// Path relative to the repository root.
    pub path: String,
    /// The exact contents it must have.
    pub contents: String,
}

/// Every generated file, freshly rendered.
pub fn generated_files() -> Vec<GeneratedFile> {
    let manifest = AdapterManifest::build();
    let file = |path: &str, contents: String| GeneratedFile {
        path: path.to_owned(),
        contents,
    };
    let mut files = vec![
        file(
            "schemas/connection.schema.json",
            pretty(&zoom_settings::connection_schema()),
        ),
        file(
            "schemas/settings.schema.json",
            pretty(&zoom_settings::settings_schema()),
        ),
        file("adapter-manifest.json", pretty(&manifest)),
        file("docs/settings.md", settings_doc(&manifest)),
        file("docs/normalization.md", zoom_normalize::normalization_doc()),
    ];
    for (name, schema) in asset_schema::record_schemas() {
        files.push(file(&format!("schemas/records/{name}"), pretty(&schema)));
    }
    for action in crate::actions::ActionName::ALL {
        files.push(file(
            &format!("schemas/actions/{}.schema.json", action.as_str()),
            pretty(&action.schema()),
        ));
    }
    for (name, schema) in crate::protocol::protocol_schemas() {
        files.push(file(&format!("schemas/protocol/{name}"), pretty(&schema)));
    }
    files
}

/// Pretty JSON with a final newline, the form every generated JSON file has.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|_| unreachable!("manifest and schemas are plain JSON values"));
    text.push('\n');
    text
}

/// `docs/settings.md`: every parameter and setting, from the schemas.
fn settings_doc(manifest: &AdapterManifest) -> String {
    let mut doc = String::from(
        "<!-- Generated from the Rust types by `cargo test -p zoom-adapter --test generated_files`; do not edit. -->\n\
         # Connection parameters and advanced settings\n\n\
         Two JSON objects configure the adapter: the **connection** (`schemas/connection.schema.json`) and the \
         **advanced settings** (`schemas/settings.schema.json`). Check both with \
         `zoom-adapter validate --connection F --settings F`.\n\n\
         ## Connection parameters\n\n\
         Secrets are write-only: they are never printed, logged or serialized in clear. Each may come from an \
         environment variable instead of the file; a value in the file wins.\n\n",
    );
    table(&mut doc, &manifest.parameters, true);
    doc.push_str(
        "\n## Advanced settings\n\nEvery setting is optional; a missing one takes its default. The first eleven are the \
         product documents' settings, the rest are operator settings.\n\n",
    );
    table(&mut doc, &manifest.settings, false);
    doc
}

fn table(doc: &mut String, fields: &[Field], connection: bool) {
    if connection {
        doc.push_str("| Key | Title | Required | Default | Meaning |\n|---|---|---|---|---|\n");
    } else {
        doc.push_str("| Key | Title | Default | Meaning |\n|---|---|---|---|\n");
    }
    for field in fields {
        let default = field
            .default
            .as_ref()
            .map(render_default)
            .unwrap_or_else(|| "—".to_owned());
        let mut meaning = field.description.clone();
        if let Some(var) = field.env {
            let _ = write!(meaning, " Secret; environment variable `{var}`.");
        }
        if connection {
            let required = match (field.required, field.required_when) {
                (true, _) => "yes".to_owned(),
                (false, Some(when)) => format!("when `{when}`"),
                (false, None) => "no".to_owned(),
            };
            let _ = writeln!(
                doc,
                "| `{}` | {} | {required} | {default} | {meaning} |",
                field.key, field.title
            );
        } else {
            let _ = writeln!(
                doc,
                "| `{}` | {} | {default} | {meaning} |",
                field.key, field.title
            );
        }
    }
}

fn render_default(value: &Value) -> String {
    format!("`{value}`").replace('|', "\\|")
}

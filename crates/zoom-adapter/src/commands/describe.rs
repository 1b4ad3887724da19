//! `manifest` and `schema`: print what the adapter is and accepts.

use std::io::Write;

use crate::cli::SchemaName;
use crate::exit::Exit;
use crate::generated::pretty;
use crate::manifest::AdapterManifest;

/// `zoom-adapter manifest`.
pub(crate) fn manifest() -> Result<Exit, crate::Error> {
    std::io::stdout()
        .lock()
        .write_all(pretty(&AdapterManifest::build()).as_bytes())?;
    Ok(Exit::Ok)
}

/// `zoom-adapter schema connection|settings|record`.
pub(crate) fn schema(which: SchemaName) -> Result<Exit, crate::Error> {
    let schema = match which {
        SchemaName::Connection => zoom_settings::connection_schema(),
        SchemaName::Settings => zoom_settings::settings_schema(),
        SchemaName::Record => asset_schema::record_schema(),
    };
    std::io::stdout()
        .lock()
        .write_all(pretty(&schema).as_bytes())?;
    Ok(Exit::Ok)
}

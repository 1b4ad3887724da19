//! `manifest` and `schema`: print what the adapter is and accepts.

use std::io::Write;

use crate::actions::ActionName;
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

/// `zoom-adapter schema connection|settings|record|action NAME`.
pub(crate) fn schema(which: SchemaName, action: Option<ActionName>) -> Result<Exit, crate::Error> {
    let schema = match (which, action) {
        (SchemaName::Connection, None) => zoom_settings::connection_schema(),
        (SchemaName::Settings, None) => zoom_settings::settings_schema(),
        (SchemaName::Record, None) => asset_schema::record_schema(),
        (SchemaName::Action, Some(action)) => action.schema(),
        (_, _) => {
            writeln!(
                std::io::stderr().lock(),
                "zoom-adapter: an action name goes only with `schema action` (e.g. `schema action delete-user`)"
            )?;
            return Ok(Exit::Invalid);
        }
    };
    std::io::stdout()
        .lock()
        .write_all(pretty(&schema).as_bytes())?;
    Ok(Exit::Ok)
}

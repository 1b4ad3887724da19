//! [`Secret`]: the one type for every credential, and [`SecretEnv`], the
//! environment variables that may supply them instead of a file.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a [`Secret`] prints and serializes as, in place of its value.
pub(crate) const REDACTED: &str = "[redacted]";

/// A credential (client secret, password, TOTP secret).
///
/// Debug prints `[redacted]`, there is no Display, serialization writes
/// `"[redacted]"`, and the JSON Schema marks it `writeOnly` with format
/// `password`, so a host never echoes it. The value is zeroized on drop.
/// It reaches the Zoom client wrapped, through [`Secret::to_secret_string`];
/// [`Secret::expose`] is for validation's checks.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The clear value: call it only to check or send the credential.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The credential as the [`SecretString`] the Zoom client takes, still
    /// wrapped (a copy, zeroized on drop like this one).
    pub fn to_secret_string(&self) -> SecretString {
        self.0.clone()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

impl JsonSchema for Secret {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "format": "password",
            "writeOnly": true
        })
    }
}

/// The environment variables that may hold the connection's secrets, so they
/// stay out of files: `ZOOM_CLIENT_SECRET`, `ZOOM_PASSWORD`, `ZOOM_TOTP_SECRET`.
///
/// A value in the connection file wins; a variable fills a key the file leaves
/// out. Built from the process environment or, in tests, from explicit values.
#[derive(Clone, Default)]
pub struct SecretEnv {
    vars: Vec<(&'static str, &'static str, Secret)>,
}

impl SecretEnv {
    /// Each secret key of the connection and the variable that may supply it.
    pub const VARIABLES: [(&'static str, &'static str); 3] = [
        ("client_secret", "ZOOM_CLIENT_SECRET"),
        ("password", "ZOOM_PASSWORD"),
        ("totp_secret", "ZOOM_TOTP_SECRET"),
    ];

    /// Reads the variables from the process environment.
    pub fn from_process() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let vars = Self::VARIABLES
            .iter()
            .filter_map(|&(key, var)| lookup(var).map(|value| (key, var, Secret::new(value))))
            .collect();
        Self { vars }
    }

    /// The secret for connection key `key`, with the variable it came from.
    pub fn get(&self, key: &str) -> Option<(&'static str, &Secret)> {
        self.vars
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, var, secret)| (*var, secret))
    }
}

impl fmt::Debug for SecretEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.vars.iter().map(|(_, var, _)| *var).collect();
        f.debug_struct("SecretEnv").field("set", &names).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_serialization_never_show_the_value() {
        let secret = Secret::new("hunter2-distinctive");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(
            serde_json::to_string(&secret).unwrap_or_default(),
            "\"[redacted]\""
        );
        assert_eq!(secret.expose(), "hunter2-distinctive");
    }

    #[test]
    fn env_debug_names_variables_only() {
        let env = SecretEnv::from_lookup(|name| {
            (name == "ZOOM_PASSWORD").then(|| "pw-distinctive".to_owned())
        });
        let shown = format!("{env:?}");
        assert!(shown.contains("ZOOM_PASSWORD"));
        assert!(!shown.contains("pw-distinctive"));
        assert!(env.get("password").is_some());
        assert!(env.get("client_secret").is_none());
    }
}

//! What to write in each key: the "fix" half of a [`crate::Problem`].

use crate::document::Document;

/// How to fill `key` of `document` correctly, in a few words.
pub(crate) fn hint(document: Document, key: &str) -> &'static str {
    match (document, key) {
        (Document::Connection, "domain") => {
            "use https://api.zoom.us (the default) or your Zoom API host, without /v2"
        }
        (Document::Connection, "account_id") => {
            "copy the Account ID from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace"
        }
        (Document::Connection, "client_id") => {
            "copy the Client ID from the App Credentials page of your Server-to-Server OAuth app"
        }
        (Document::Connection, "client_secret") => {
            "copy the Client secret from the App Credentials page of your Server-to-Server OAuth app, or export ZOOM_CLIENT_SECRET"
        }
        (Document::Connection, "oauth_url") => {
            "use https://zoom.us/oauth/token (the default) unless Zoom gave you another token URL"
        }
        (Document::Connection, "verify_ssl") => "write true or false without quotes",
        (Document::Connection, "https_proxy") => {
            "write the proxy as http://host:port, https://host:port or socks5://host:port, or leave the key out"
        }
        (Document::Connection, "portal_url") => {
            "write the account's web-portal URL, such as https://acme.zoom.us"
        }
        (Document::Connection, "username") => {
            "write the sign-in email of the dedicated Zoom user created for the adapter"
        }
        (Document::Connection, "password") => {
            "write that Zoom user's password, or export ZOOM_PASSWORD"
        }
        (Document::Connection, "totp_secret") => {
            "paste the secret key Zoom shows under \"Can't scan QR code?\" when 2FA is set up, or export ZOOM_TOTP_SECRET"
        }
        (Document::Settings, "meeting_days") => {
            "use a whole number of days from 1 to 180 (Zoom keeps six months of dashboard data)"
        }
        (Document::Settings, "device_sources") => {
            "list some of h323_devices, meeting_devices, zoom_rooms, zoom_room_devices, managed_devices, each once"
        }
        (Document::Settings, "directory_sources") => "list some of groups, roles, each once",
        (Document::Settings, "user_settings") => {
            "use differing (only the leaves that differ from the account's) or all"
        }
        (Document::Settings, "zoom_plan") => {
            "use auto, free, pro or business (business also stands for Business Plus, Education, Enterprise and Partners: they share its limits)"
        }
        (Document::Settings, "max_daily_quota_share") => {
            "use a fraction of the daily quota such as 0.5 (at least 0.01, at most 1)"
        }
        (Document::Settings, "activity_lookback_hours") => {
            "use a whole number of hours from 1 to 4320 (180 days)"
        }
        (Document::Settings, "max_concurrency") => "use a whole number from 1 to 64",
        (Document::Settings, "page_size") => {
            "use a whole number from 1 to 300 (300, Zoom's maximum, makes the fewest requests)"
        }
        (Document::Settings, "request_timeout_secs") => {
            "use a whole number of seconds from 1 to 600"
        }
        (Document::Settings, "connect_timeout_secs") => {
            "use a whole number of seconds from 1 to 120"
        }
        (Document::Settings, "max_retries") => "use a whole number from 0 to 10",
        (Document::Settings, "max_cycle_minutes") => {
            "use a whole number of minutes from 1 to 10080 (a week)"
        }
        (Document::Settings, _) => "write true or false without quotes",
        (Document::Connection, _) => "see docs/settings.md for the connection keys",
    }
}

/// The allowed value a well-known other name stands for: Zoom's plans above
/// Business share its limits (`enterprise` → `business`), Basic is Free.
pub(crate) fn value_alias(document: Document, key: &str, given: &str) -> Option<&'static str> {
    if (document, key) != (Document::Settings, "zoom_plan") {
        return None;
    }
    match given
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
        .as_str()
    {
        "enterprise" | "enterprise_plus" | "education" | "partner" | "partners"
        | "business_plus" => Some("business"),
        "basic" => Some("free"),
        _ => None,
    }
}

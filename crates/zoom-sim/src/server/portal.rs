//! The web-portal emulation's router, served under `/portal` (the ready line's
//! `portal_url`). The portal login with TOTP is a later issue: it adds its
//! routes here and reads the ready line's `username`, `password` and
//! `totp_secret`. Until then the router holds no route and every `/portal`
//! request gets 404.

use std::sync::Arc;

use axum::Router;

use super::Sim;

/// The portal router (no routes yet).
pub(crate) fn router() -> Router<Arc<Sim>> {
    Router::new()
}

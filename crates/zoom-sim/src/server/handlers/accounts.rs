//! Accounts: the account's settings and its plan usage.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;

use super::Res;
use crate::model::org::{account_settings_json, plan_usage_json};
use crate::model::rooms;
use crate::server::Sim;
use crate::server::response::ZoomError;

fn check_account(sim: &Sim, id: &str) -> Result<(), ZoomError> {
    if id == "me" || id == sim.acc.account_id {
        Ok(())
    } else {
        Err(ZoomError::new(
            StatusCode::NOT_FOUND,
            2001,
            format!("Account does not exist: {id}."),
        ))
    }
}

/// GET /accounts/{accountId}/settings — scope account:read:admin — Medium; paid plans.
/// The `option` views are not simulated: the full settings are returned.
pub(crate) async fn account_settings(
    State(sim): State<Arc<Sim>>,
    Path(account_id): Path<String>,
) -> Res {
    check_account(&sim, &account_id)?;
    Ok(axum::Json(account_settings_json(&sim.acc)).into_response())
}

/// GET /accounts/{accountId}/plans/usage — scope account:read:admin — Heavy.
pub(crate) async fn plan_usage(State(sim): State<Arc<Sim>>, Path(account_id): Path<String>) -> Res {
    check_account(&sim, &account_id)?;
    let rooms_in_use = (0..sim.acc.counts.rooms)
        .filter(|&r| !rooms::core(sim.acc.seed, r).calendar_only)
        .count() as u64;
    Ok(axum::Json(plan_usage_json(
        &sim.acc,
        sim.acc.licensed_active,
        rooms_in_use,
    ))
    .into_response())
}

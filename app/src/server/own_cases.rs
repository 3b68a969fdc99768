//! What a citizen guardian's account reaches: the cases of their own appointments, and within
//! them only what their work needs. A case a guardian was never appointed to does not exist for
//! them (404, the same answer as for a case id that exists nowhere).

use crate::api::AppError;
use crate::domain::access::Role;
use crate::server::auth::Authorized;
use crate::server::entities::appointment;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The register entry behind a guardian's account; `None` for centre staff.
pub fn guardian_of(authorized: &Authorized) -> Option<Uuid> {
    match authorized.actor.role {
        Role::Guardian => authorized.actor.guardian_id,
        _ => None,
    }
}

/// The guardian's appointment on a case, the active one when there is one. Ended
/// appointments still reach the case: the settlement of accounts and the after-death affairs
/// come after the end.
pub async fn appointment_on(
    db: &impl ConnectionTrait,
    guardian_id: Uuid,
    case_id: Uuid,
) -> Result<appointment::Model, AppError> {
    appointment::Entity::find()
        .filter(appointment::Column::GuardianId.eq(guardian_id))
        .filter(appointment::Column::CaseId.eq(case_id))
        .order_by_asc(appointment::Column::EndedOn.is_not_null())
        .order_by_desc(appointment::Column::EffectiveOn)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The guardian's active appointment on a case: what logging work on it requires.
pub async fn active_appointment_on(
    db: &impl ConnectionTrait,
    guardian_id: Uuid,
    case_id: Uuid,
) -> Result<appointment::Model, AppError> {
    let made = appointment_on(db, guardian_id, case_id).await?;
    if made.ended_on.is_some() {
        return Err(AppError::field("case", "appointment_ended"));
    }
    Ok(made)
}

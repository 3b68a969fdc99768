//! Which case files a request may reach. Every query over persons, consultations and cases
//! goes through [`CaseScope::condition`] (or checks [`CaseScope::covers`] on an office), so a
//! record outside the scope is never fetched.

use crate::api::AppError;
use crate::domain::access::{Access, Area, Scope, authorize};
use crate::server::auth::Authorized;
use crate::server::read_cache::read_cache;
use sea_orm::{
    ConnectionTrait,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};
use uuid::Uuid;

/// The setting that widens what coordinators read from their own office to the whole centre.
pub const COORDINATORS_READ_ALL_OFFICES: &str = "coordinators_read_all_offices";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseScope {
    All,
    Office(Uuid),
    /// Nothing yet: a guardian's cases arrive with the appointments (guardian register).
    Nothing,
}

impl CaseScope {
    /// The cases an authorized request may reach with `access`. Coordinators read every
    /// office's cases when the centre chose so; they change only their own office's. A request
    /// authorized to read asks here what it could change too (to offer the forms): the policy
    /// decides again for that access, so a manager's write scope is nothing.
    pub async fn of(
        db: &impl ConnectionTrait,
        authorized: &Authorized,
        access: Access,
    ) -> Result<CaseScope, AppError> {
        let scope = match authorize(Some(&authorized.actor), Area::Cases, access) {
            Ok(scope) => scope,
            Err(_) => return Ok(CaseScope::Nothing),
        };
        Ok(match scope {
            Scope::All => CaseScope::All,
            Scope::Office(office) => {
                let widened = access == Access::Read
                    && read_cache().flag(db, COORDINATORS_READ_ALL_OFFICES).await?.enabled;
                if widened { CaseScope::All } else { CaseScope::Office(office) }
            }
            Scope::OwnAppointments(_) | Scope::OwnAccount(_) => CaseScope::Nothing,
        })
    }

    /// A WHERE condition on a table's office column.
    pub fn condition(self, office_column: Expr) -> SimpleExpr {
        match self {
            CaseScope::All => Expr::value(true),
            CaseScope::Office(office) => office_column.eq(office),
            CaseScope::Nothing => Expr::value(false),
        }
    }

    pub fn covers(self, office: Uuid) -> bool {
        match self {
            CaseScope::All => true,
            CaseScope::Office(own) => own == office,
            CaseScope::Nothing => false,
        }
    }

    /// The office new records are filed under: the coordinator's own.
    pub fn office_for_new_records(self, authorized: &Authorized) -> Result<Uuid, AppError> {
        match (self, authorized.actor.office_id) {
            (CaseScope::Office(office), _) => Ok(office),
            (CaseScope::All, Some(office)) => Ok(office),
            _ => Err(AppError::Forbidden),
        }
    }
}

use super::rng::Rng;
use super::tables::DISTRICTS;
use anyhow::ensure;
use app::domain::categories::OrganisationKind;
use app::server::entities::{district, family_court, partner_organisation, user};
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Details: persons, contacts, cases and their work

pub(super) struct OfficeStaff {
    pub(super) id: Uuid,
    pub(super) coordinators: Vec<Uuid>,
}

/// What the generator reads from the database once.
pub(super) struct Context {
    pub(super) seed: u64,
    pub(super) today: NaiveDate,
    pub(super) last: NaiveDate,
    pub(super) offices: Vec<OfficeStaff>,
    /// Id, ward name, weight.
    pub(super) districts: Vec<(Uuid, String, u32)>,
    pub(super) courts: Vec<(Uuid, u32)>,
    pub(super) organisations: Vec<partner_organisation::Model>,
}

impl Context {
    pub(super) async fn load(
        db: &DatabaseConnection,
        seed: u64,
        today: NaiveDate,
    ) -> anyhow::Result<Context> {
        let offices = app::server::offices::list_active(db).await?;
        ensure!(
            !offices.is_empty(),
            "there is no active office: run `koken-desk seed-demo` or create an office first"
        );
        let coordinators = user::Entity::find()
            .filter(user::Column::Role.eq(app::domain::access::Role::Coordinator.as_str()))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::LoginId)
            .all(db)
            .await?;
        let offices = offices
            .into_iter()
            .map(|office| OfficeStaff {
                id: office.id,
                coordinators: coordinators
                    .iter()
                    .filter(|user| user.office_id == Some(office.id))
                    .map(|user| user.id)
                    .collect(),
            })
            .collect();
        let districts = district::Entity::find()
            .filter(district::Column::Active.eq(true))
            .order_by_asc(district::Column::SortOrder)
            .order_by_asc(district::Column::Code)
            .all(db)
            .await?
            .into_iter()
            .map(|district| {
                let weight = DISTRICTS
                    .iter()
                    .find(|(code, _, _)| *code == district.code)
                    .map_or(30, |(_, _, weight)| *weight);
                (district.id, district.name, weight)
            })
            .collect();
        let courts = family_court::Entity::find()
            .filter(family_court::Column::Active.eq(true))
            .order_by_asc(family_court::Column::SortOrder)
            .order_by_asc(family_court::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|court| {
                let weight = if court.name.contains("相模原") {
                    90
                } else if court.parent_id.is_none() {
                    7
                } else {
                    3
                };
                (court.id, weight)
            })
            .collect();
        let organisations = partner_organisation::Entity::find()
            .filter(partner_organisation::Column::Active.eq(true))
            .order_by_asc(partner_organisation::Column::Kind)
            .order_by_asc(partner_organisation::Column::Name)
            .all(db)
            .await?;
        Ok(Context {
            seed,
            today,
            last: today - Duration::days(1),
            offices,
            districts,
            courts,
            organisations,
        })
    }

    /// An organisation of the kind, preferring those in the ward and whose name has `hint`.
    pub(super) fn organisation(
        &self,
        rng: &mut Rng,
        kind: OrganisationKind,
        ward: &str,
        hint: Option<&str>,
    ) -> Option<&partner_organisation::Model> {
        let of_kind: Vec<&partner_organisation::Model> =
            self.organisations.iter().filter(|org| org.kind == kind.code()).collect();
        let narrowed = |keep: &dyn Fn(&partner_organisation::Model) -> bool| {
            of_kind.iter().copied().filter(|org| keep(org)).collect::<Vec<_>>()
        };
        let hinted = match hint {
            Some(hint) => narrowed(&|org| org.name.contains(hint)),
            None => of_kind.clone(),
        };
        let candidates = if hinted.is_empty() { of_kind } else { hinted };
        let in_ward: Vec<_> =
            candidates.iter().copied().filter(|org| org.address.contains(ward)).collect();
        let pool = if in_ward.is_empty() || rng.percent(20) { candidates } else { in_ward };
        (!pool.is_empty()).then(|| pool[rng.below(pool.len() as u64) as usize])
    }
}

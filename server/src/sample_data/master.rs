use super::STREAM_MASTER;
use super::rng::Rng;
use super::rows::insert_rows;
use super::tables::{BRANCH_COURTS, DISTRICTS, MAIN_COURT, ORGANISATIONS};
use app::domain::search::normalize_for_search;
use app::server::entities::{district, family_court, partner_organisation};
use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

// ---------------------------------------------------------------------------------------------
// Master data

/// Creates districts, family courts and partner organisations where their table is empty;
/// returns whether it created any.
pub(super) async fn ensure_master_data(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let now = Utc::now();
    // Master data ids do not depend on the seed: every sample database has the same ones.
    let mut rng = Rng::stream(0, STREAM_MASTER, 0);
    let mut created = false;
    let txn = app::server::begin_write(db).await?;
    if district::Entity::find().count(&txn).await? == 0 {
        let rows: Vec<district::Model> = DISTRICTS
            .iter()
            .zip(1..)
            .map(|((code, name, _), sort_order)| district::Model {
                id: rng.uuid(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                sort_order,
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            })
            .collect();
        insert_rows::<district::ActiveModel, _>(&txn, &rows).await?;
        created = true;
    }
    if family_court::Entity::find().count(&txn).await? == 0 {
        let main_id = rng.uuid();
        let court = |id, parent_id, name: &str, sort_order| family_court::Model {
            id,
            parent_id,
            name: name.to_owned(),
            sort_order,
            active: true,
            // Yearly reports, due at the end of the month after the decision's month.
            report_reference: Some("decision_date".to_owned()),
            report_fixed_month: None,
            report_interval_months: Some(12),
            report_offset_months: Some(1),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        // The main court first: its branches refer to it.
        insert_rows::<family_court::ActiveModel, _>(&txn, &[court(main_id, None, MAIN_COURT, 1)])
            .await?;
        let branches: Vec<family_court::Model> = BRANCH_COURTS
            .iter()
            .zip(2..)
            .map(|(name, sort_order)| court(rng.uuid(), Some(main_id), name, sort_order))
            .collect();
        insert_rows::<family_court::ActiveModel, _>(&txn, &branches).await?;
        created = true;
    }
    if partner_organisation::Entity::find().count(&txn).await? == 0 {
        let rows: Vec<partner_organisation::Model> = ORGANISATIONS
            .iter()
            .map(|(kind, name, phone, address)| partner_organisation::Model {
                id: rng.uuid(),
                kind: kind.code().to_owned(),
                name: (*name).to_owned(),
                name_search: normalize_for_search(name),
                phone: (*phone).to_owned(),
                address: (*address).to_owned(),
                notes: String::new(),
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            })
            .collect();
        insert_rows::<partner_organisation::ActiveModel, _>(&txn, &rows).await?;
        created = true;
    }
    txn.commit().await?;
    Ok(created)
}

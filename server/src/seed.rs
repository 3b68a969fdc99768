//! Demonstration data, so a fresh installation shows something on every screen.

use app::server::offices::{self, NewOffice};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};

/// The offices of a fictional centre (names in the style of a city with three wards).
const DEMO_OFFICES: [(&str, &str); 3] = [
    ("center", "成年後見支援センター（本所）"),
    ("midori", "緑区 相談窓口"),
    ("minami", "南区 相談窓口"),
];

/// Loads the demonstration data if the database holds no office yet; returns whether it did.
/// All or nothing, in one transaction.
pub async fn load_demo_data(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let existing = app::server::entities::office::Entity::find().count(db).await?;
    if existing > 0 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    for (position, (code, name)) in DEMO_OFFICES.into_iter().enumerate() {
        let sort_order = i32::try_from(position)? + 1;
        offices::create(&txn, NewOffice { code, name, sort_order }).await?;
    }
    txn.commit().await?;
    Ok(true)
}

//! Demonstration data, so a fresh installation shows something on every screen and every role
//! can be tried.

use app::domain::access::Role;
use app::server::accounts::{AccountRequest, create_account};
use app::server::offices::{self, NewOffice};
use app::server::request::RequestMeta;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

/// The offices of a fictional centre (names in the style of a city with three wards).
const DEMO_OFFICES: [(&str, &str); 3] = [
    ("center", "成年後見支援センター（本所）"),
    ("midori", "緑区 相談窓口"),
    ("minami", "南区 相談窓口"),
];

/// One account per role; all share [`DEMO_PASSWORD`].
/// The two ward offices have coordinators of their own, so the sample cases there have one.
const DEMO_USERS: [(&str, &str, Role, Option<&str>); 6] = [
    ("admin", "デモ 管理者", Role::Admin, None),
    ("manager", "デモ センター長", Role::Manager, None),
    ("coordinator", "デモ コーディネーター", Role::Coordinator, Some("center")),
    ("midori-coordinator", "デモ 緑区コーディネーター", Role::Coordinator, Some("midori")),
    ("minami-coordinator", "デモ 南区コーディネーター", Role::Coordinator, Some("minami")),
    ("guardian", "デモ 市民後見人", Role::Guardian, None),
];

/// Public by design: these accounts exist only in demonstration databases.
pub const DEMO_PASSWORD: &str = "koken-desk-demo";

/// Persons (each with a case) generated for the demonstration, and the seed that draws them.
const DEMO_SAMPLE_PERSONS: u32 = 300;
const DEMO_SAMPLE_SEED: u64 = 1;

/// Loads the demonstration data if the database holds no office yet; returns whether it did:
/// the offices and accounts, then sample case files ([`crate::sample_data`]).
pub async fn load_demo_data(db: &DatabaseConnection) -> anyhow::Result<bool> {
    if !load_demo_accounts(db).await? {
        return Ok(false);
    }
    crate::sample_data::generate(
        db,
        crate::sample_data::SampleOptions::new(DEMO_SAMPLE_PERSONS, DEMO_SAMPLE_SEED),
    )
    .await?;
    link_demo_guardian(db).await?;
    Ok(true)
}

/// Links the demonstration guardian's account to the citizen guardian of the register with the
/// most cases in office, so "my work" shows something.
pub(crate) async fn link_demo_guardian(db: &DatabaseConnection) -> anyhow::Result<()> {
    use app::domain::guardians::GuardianKind;
    use app::server::entities::{appointment, guardian, user};
    use sea_orm::{
        ActiveModelTrait,
        ActiveValue::Set,
        ColumnTrait, QueryFilter, QueryOrder, QuerySelect,
        sea_query::{Expr, ExprTrait},
    };
    let counts: Vec<(uuid::Uuid, i64)> = appointment::Entity::find()
        .select_only()
        .column(appointment::Column::GuardianId)
        .column_as(appointment::Column::Id.count(), "cases")
        .filter(appointment::Column::EndedOn.is_null())
        .filter(
            appointment::Column::GuardianId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(guardian::Column::Id)
                    .from(guardian::Entity)
                    .and_where(Expr::col(guardian::Column::Kind).eq(GuardianKind::Citizen.code()))
                    .to_owned(),
            ),
        )
        .group_by(appointment::Column::GuardianId)
        .order_by_desc(appointment::Column::Id.count())
        .order_by_asc(appointment::Column::GuardianId)
        .limit(1)
        .into_tuple()
        .all(db)
        .await?;
    let (Some((guardian_id, _)), Some(account)) = (
        counts.first(),
        user::Entity::find().filter(user::Column::LoginId.eq("guardian")).one(db).await?,
    ) else {
        return Ok(());
    };
    user::ActiveModel {
        id: Set(account.id),
        guardian_id: Set(Some(*guardian_id)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Loads the demonstration offices and accounts (no case data) if the database holds no office
/// yet; returns whether it did.
pub async fn load_demo_accounts(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let existing = app::server::entities::office::Entity::find().count(db).await?;
    if existing > 0 {
        return Ok(false);
    }
    let txn = app::server::begin_write(db).await?;
    for (position, (code, name)) in DEMO_OFFICES.into_iter().enumerate() {
        let sort_order = i32::try_from(position)? + 1;
        offices::create(&txn, NewOffice { code, name, sort_order }).await?;
    }
    txn.commit().await?;

    let meta = RequestMeta { request_id: Some("demo-data".to_owned()), client_ip: None };
    for (login_id, name, role, office) in DEMO_USERS {
        let request = AccountRequest {
            login_id: login_id.to_owned(),
            display_name: name.to_owned(),
            role,
            office_code: office.map(str::to_owned),
            password: DEMO_PASSWORD.to_owned(),
            must_change_password: false,
        };
        create_account(db, chrono::Utc::now(), None, &meta, request).await?;
    }
    Ok(true)
}

/// Prints the demonstration sign-ins on the terminal (not in the log).
pub fn print_demo_sign_ins() {
    println!("\nKōken Desk demo sign-ins (password: {DEMO_PASSWORD})");
    for (login_id, name, role, _) in DEMO_USERS {
        println!("  {login_id:<12} {:<12} {name}", role.as_str());
    }
    println!();
}

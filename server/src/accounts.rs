//! `koken-desk add-user`: the way to create the first administrator, and any account from a
//! shell. The password comes from `KOKEN_NEW_USER_PASSWORD` or a prompt that does not echo; it
//! is never printed or logged.

use crate::config::AddUserArgs;
use app::server::accounts::{AccountRequest, create_account};
use app::server::request::RequestMeta;
use sea_orm::DatabaseConnection;

pub const PASSWORD_VARIABLE: &str = "KOKEN_NEW_USER_PASSWORD";

pub async fn add_user(db: &DatabaseConnection, args: AddUserArgs) -> anyhow::Result<()> {
    let password = match std::env::var(PASSWORD_VARIABLE) {
        Ok(password) if !password.is_empty() => password,
        _ => prompt_password()?,
    };
    let request = AccountRequest {
        login_id: args.login_id,
        display_name: args.name,
        role: args.role.into(),
        office_code: args.office,
        password,
        must_change_password: false,
    };
    let login_id = request.login_id.clone();
    let meta = RequestMeta { request_id: Some("command-line".to_owned()), client_ip: None };
    create_account(db, chrono::Utc::now(), None, &meta, request).await?;
    println!("created the account {login_id:?}");
    Ok(())
}

fn prompt_password() -> anyhow::Result<String> {
    let first = rpassword::prompt_password("password (at least 12 characters): ")?;
    let second = rpassword::prompt_password("the same password again: ")?;
    if first != second {
        anyhow::bail!("the two passwords differ");
    }
    Ok(first)
}

/// Logs how to create the first administrator when there is none (a fresh installation).
pub async fn warn_if_no_admin(db: &DatabaseConnection) -> anyhow::Result<()> {
    if !app::server::users::has_active_admin(db).await? {
        tracing::warn!(
            "no active administrator account: create one with \
             `koken-desk add-user --role admin --login-id <id> --name <name>` \
             (password from {PASSWORD_VARIABLE} or a prompt)"
        );
    }
    Ok(())
}

//! Concurrent writers: each saves one case of the coordinator's office again and again through
//! the case form's server function (the case and its audit row in one transaction), with the
//! version the last save returned, so a refusal is a real failure, not a conflict.

use super::client::Client;
use super::timing::Timings;
use anyhow::Context as _;
use app::server::entities::case;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub async fn run(
    db: &DatabaseConnection,
    address: SocketAddr,
    cookie: &str,
    office: Uuid,
    writers: usize,
    duration: Duration,
) -> anyhow::Result<Timings> {
    let cases = case::Entity::find()
        .filter(case::Column::OfficeId.eq(office))
        .filter(case::Column::Stage.eq("consultation"))
        .order_by_asc(case::Column::CaseNumber)
        .limit(writers as u64)
        .all(db)
        .await?;
    anyhow::ensure!(cases.len() == writers, "{writers} consultation cases in the office");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (writer, case) in cases.into_iter().enumerate() {
        let mut client = Client::connect(address).await?;
        client.cookie = Some(cookie.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut version = case.version;
            let mut save = 0;
            while started.elapsed() < duration {
                save += 1;
                let asked = Instant::now();
                let fields = form(&case, version, writer, save);
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
                let response = client.post_form("/api/cases/update", &fields).await?;
                latencies.push(asked.elapsed());
                if response.status.is_success() {
                    version = serde_json::from_slice(&response.body)
                        .context("the new version of the case")?;
                } else {
                    errors += 1;
                    if errors == 1 {
                        eprintln!(
                            "writer {writer}: {} {}",
                            response.status,
                            String::from_utf8_lossy(&response.body)
                        );
                    }
                }
            }
            anyhow::Ok((latencies, errors))
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (some, failed) = task.await??;
        latencies.extend(some);
        errors += failed;
    }
    Ok(Timings::of(latencies, started.elapsed(), errors))
}

/// The case form as the case page posts it: every field as stored, the notes changed.
fn form(
    case: &case::Model,
    version: i32,
    writer: usize,
    save: usize,
) -> Vec<(&'static str, String)> {
    let date = |date: Option<chrono::NaiveDate>| date.map(|d| d.to_string()).unwrap_or_default();
    let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    let mut fields = vec![
        ("id", case.id.to_string()),
        ("version", version.to_string()),
        ("case_type", case.case_type.clone()),
        ("coordinator_id", id(case.coordinator_id)),
        ("petitioner", case.petitioner.clone().unwrap_or_default()),
        ("family_court_id", id(case.family_court_id)),
        ("petition_date", date(case.petition_date)),
        ("decision_date", date(case.decision_date)),
        ("final_date", date(case.final_date)),
        ("notes", format!("負荷試験 {writer}-{save}")),
    ];
    for motive in case.motives.split(',').filter(|motive| !motive.is_empty()) {
        fields.push(("motives[]", motive.to_owned()));
    }
    fields
}

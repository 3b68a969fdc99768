//! Covering indexes for the figures the dashboard and the statistics count on every request,
//! and for the case list's most common view (an office's cases at one stage, latest first).
//! Each aggregate reads one small index instead of the cases table (whose rows carry the notes
//! and every date), and the joins from deadlines and activities to their case find the case's
//! office and coordinator in an index too. Measured on 10,000 cases (SQLite): the coordinators'
//! open cases by stage 29 → 1.3 ms, the activities of the last three months per author
//! 49 → 12 ms, the medians 8 → 2 ms (README, Performance).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Name, table and columns of each index.
const INDEXES: [(&str, &str, &[&str]); 8] = [
    // The case list's default order within an office and a stage, and its count.
    ("ix_cases_office_stage_updated", "cases", &["office_id", "stage", "updated_at"]),
    ("ix_cases_stage_coordinator", "cases", &["stage", "coordinator_id", "office_id"]),
    ("ix_cases_opened_on", "cases", &["opened_on", "office_id", "petition_date"]),
    (
        "ix_cases_petition_date",
        "cases",
        &["petition_date", "office_id", "opened_on", "decision_date"],
    ),
    ("ix_cases_decision_date", "cases", &["decision_date", "office_id", "petition_date"]),
    // The case's scope for rows joined to it by id (deadlines, activities, appointments).
    ("ix_cases_scope", "cases", &["id", "office_id", "coordinator_id"]),
    ("ix_activities_occurred", "activities", &["occurred_on", "recorded_by", "case_id"]),
    // A guardian's last contact per case ("my cases"): 130 ms → an index range on 100,000 rows.
    ("ix_activities_guardian", "activities", &["guardian_id", "case_id", "occurred_on"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table));
            for column in columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

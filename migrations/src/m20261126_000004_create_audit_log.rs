use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit trail is append-only: the database itself refuses to change or remove a row, so
/// neither a bug nor an intruder with the application's credentials can rewrite history.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    // UUIDv7: ordered by time of writing.
                    .col(pk_uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::OccurredAt))
                    .col(uuid_null(AuditLog::ActorUserId))
                    .col(string_len_null(AuditLog::ActorRole, 16))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len_null(AuditLog::EntityType, 64))
                    .col(string_len_null(AuditLog::EntityId, 64))
                    // JSON: names of changed fields, values only for non-sensitive ones.
                    .col(text_null(AuditLog::Details))
                    .col(string_len_null(AuditLog::RequestId, 64))
                    .col(string_len_null(AuditLog::ClientIp, 64))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_audit_log_occurred_at", AuditLog::OccurredAt),
            ("ix_audit_log_actor", AuditLog::ActorUserId),
            ("ix_audit_log_action", AuditLog::Action),
        ] {
            manager
                .create_index(
                    Index::create().name(name).table(AuditLog::Table).col(column).to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_entity")
                    .table(AuditLog::Table)
                    .col(AuditLog::EntityType)
                    .col(AuditLog::EntityId)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_log_no_{lower} BEFORE {event} ON audit_log \
                         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                        lower = event.to_lowercase()
                    ))
                    .await?;
                }
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
                )
                .await?;
            }
            other => {
                return Err(DbErr::Migration(format!("unsupported database backend {other:?}")));
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")
                .await?;
        }
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    ActorUserId,
    ActorRole,
    Action,
    EntityType,
    EntityId,
    Details,
    RequestId,
    ClientIp,
}

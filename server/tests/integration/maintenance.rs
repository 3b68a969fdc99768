//! The server's own rounds of work: periodic reports generated as the horizon moves on, and
//! expired sessions deleted, on both databases.

use crate::cases::consultation_opening_a_case;
use crate::guardians::{appoint_alone, citizen, periodic_reports};
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn the_next_periodic_report_appears_as_time_passes_without_any_edit(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "地平 守", "ちへい まもる").await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "時間 花", "じかん はな").await;
        assert_eq!(appoint_alone(&app, &coordinator, &case_id, &volunteer, "").await.status, StatusCode::OK);
        let before = periodic_reports(&app, &coordinator, &case_id).await;
        assert!(!before.is_empty());

        // Nothing is stale today: a round syncs no case.
        let now = app.clock.now();
        assert_eq!(app::server::deadlines::extend_horizons(&app.db, now).await.unwrap(), 0);

        // An appointment made before the column existed (the migration marks it long past):
        // the next round computes its next report and leaves it alone after that.
        {
            use app::server::entities::appointment;
            use sea_orm::{EntityTrait, sea_query::Expr};
            appointment::Entity::update_many()
                .col_expr(appointment::Column::NextReportOn, Expr::value(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)))
                .exec(&app.db)
                .await
                .unwrap();
            assert_eq!(app::server::deadlines::extend_horizons(&app.db, now).await.unwrap(), 1);
            assert_eq!(app::server::deadlines::extend_horizons(&app.db, now).await.unwrap(), 0);
            assert_eq!(periodic_reports(&app, &coordinator, &case_id).await, before);
        }

        // Two years on, nobody having touched the case: the round adds the reports now within
        // the horizon, each a year after the last, and a second round finds nothing to do.
        app.clock.advance(chrono::Duration::days(730));
        let later = app.clock.now();
        let coordinator = app.sign_in("test-coordinator").await;
        assert_eq!(app::server::deadlines::extend_horizons(&app.db, later).await.unwrap(), 1);
        let after = periodic_reports(&app, &coordinator, &case_id).await;
        assert_eq!(after.len(), before.len() + 2, "{before:?} → {after:?}");
        assert_eq!(after[..before.len()], before[..]);
        let horizon = app::domain::deadlines::horizon(app::domain::dates::japan_date(later));
        assert!(after.iter().all(|due| due.parse::<chrono::NaiveDate>().unwrap() <= horizon));
        assert_eq!(app::server::deadlines::extend_horizons(&app.db, later).await.unwrap(), 0);
    }
}

db_test! {
    async fn a_maintenance_round_deletes_expired_sessions_only(app) {
        use app::server::entities::session;
        use sea_orm::{EntityTrait, PaginatorTrait};
        let _old = app.signed_in_as(Role::Coordinator).await;
        app.clock.advance(chrono::Duration::days(3));
        let fresh = app.signed_in_as(Role::Manager).await;
        assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 2);
        server::maintenance::run_once(&app.db, &app.clock.as_app_clock()).await;
        assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1);
        assert_eq!(app.call_with(Some(&fresh), "/api/inbox", &[]).await.status, StatusCode::OK);
    }
}

db_test! {
    async fn a_round_gives_the_database_the_statistics_it_plans_queries_with(app) {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        app.create_user("statistics-coordinator", Role::Coordinator).await;
        let backend = app.db.get_database_backend();
        // Tables never analysed: no rows in sqlite_stat1; PostgreSQL's reltuples is -1.
        let analysed_users = match backend {
            DbBackend::Sqlite => "SELECT COUNT(DISTINCT tbl) AS n FROM sqlite_stat1 WHERE tbl = 'users'",
            _ => "SELECT COUNT(*) AS n FROM pg_class WHERE relname = 'users' AND reltuples >= 0",
        };
        let count = || async {
            if backend == DbBackend::Sqlite
                && app
                    .db
                    .query_one_raw(Statement::from_string(
                        backend,
                        "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'",
                    ))
                    .await
                    .expect("the schema")
                    .is_none()
            {
                return 0;
            }
            app.db
                .query_one_raw(Statement::from_string(backend, analysed_users))
                .await
                .expect("the statistics")
                .expect("a count")
                .try_get::<i64>("", "n")
                .expect("a number")
        };
        assert_eq!(count().await, 0, "not analysed before the round");
        server::maintenance::run_once(&app.db, &app.clock.as_app_clock()).await;
        assert_eq!(count().await, 1, "the round analysed the users table");
    }
}

//! Administration of accounts, offices and settings, and browsing the audit trail.

use crate::support::{TEST_PASSWORD, TestApp, db_test};
use app::domain::access::Role;
use http::StatusCode;
use sea_orm::EntityTrait;
use uuid::Uuid;

async fn version_of(app: &TestApp, user_id: Uuid) -> String {
    app::server::entities::user::Entity::find_by_id(user_id)
        .one(&app.db)
        .await
        .expect("a query")
        .expect("the user")
        .version
        .to_string()
}

db_test! {
    async fn an_administrator_creates_an_account_with_a_one_time_password(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let created = app
            .call_with(Some(&admin), "/api/admin/users/create", &[
                ("login_id", "Sato.Jiro"),
                ("display_name", "佐藤 次郎"),
                ("role", "guardian"),
                ("office_code", ""),
            ])
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let account: serde_json::Value = serde_json::from_str(&created.body).unwrap();
        assert_eq!(account["login_id"], "sato.jiro");
        let password = account["one_time_password"].as_str().expect("a password");

        let signed_in = app.submit_sign_in("sato.jiro", password, None).await;
        assert!(signed_in.session_cookie().is_some());
        let user = app::server::users::find_by_login_id(&app.db, &app::domain::accounts::LoginId::parse("sato.jiro").unwrap())
            .await.unwrap().unwrap();
        assert!(user.must_change_password);
        assert_ne!(user.password_hash, password, "only the hash is stored");

        let again = app
            .call_with(Some(&admin), "/api/admin/users/create", &[
                ("login_id", "sato.jiro"), ("display_name", "別人"), ("role", "guardian"), ("office_code", ""),
            ])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("login_id_taken"), "{}", again.body);
        let coordinator_without_office = app
            .call_with(Some(&admin), "/api/admin/users/create", &[
                ("login_id", "kato"), ("display_name", "加藤"), ("role", "coordinator"), ("office_code", ""),
            ])
            .await;
        assert!(coordinator_without_office.body.contains("office_required"), "{}", coordinator_without_office.body);
    }
}

db_test! {
    async fn an_edit_on_a_stale_version_is_refused_and_changes_nothing(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let user_id = app.create_user("tanaka", Role::Guardian).await;
        let seen = version_of(&app, user_id).await;
        let id = user_id.to_string();
        let edit = |name: &'static str| {
            [("id", id.clone()), ("version", seen.clone()), ("display_name", name.to_owned()), ("role", "manager".to_owned()), ("office_code", String::new())]
        };
        let first = edit("田中 一郎");
        let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call_with(Some(&admin), "/api/admin/users/update", &first).await.status, StatusCode::OK);
        let second = edit("田中 二郎");
        let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let conflict = app.call_with(Some(&admin), "/api/admin/users/update", &second).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT);

        let user = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(user.display_name, "田中 一郎");
        assert_eq!(user.role, "manager");
        let entry = app::server::entities::audit_entry::Entity::find()
            .all(&app.db).await.unwrap().into_iter()
            .rfind(|entry| entry.action == "user.updated").expect("an audit row");
        let details = entry.details.unwrap();
        assert!(details.contains("display_name") && details.contains("\"role\":\"manager\""), "{details}");
        assert!(!details.contains("田中"), "names are personal data: only the field is named");
    }
}

db_test! {
    async fn disabling_an_account_ends_its_sessions_and_enabling_lets_it_back(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let user_id = app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        let id = user_id.to_string();
        let version = version_of(&app, user_id).await;
        let disabled = app
            .call_with(Some(&admin), "/api/admin/users/set_active", &[("id", &id), ("version", &version), ("active", "false")])
            .await;
        assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie(), None);

        let version = version_of(&app, user_id).await;
        app.call_with(Some(&admin), "/api/admin/users/set_active", &[("id", &id), ("version", &version), ("active", "true")]).await;
        assert!(app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().is_some());
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"user.disabled".to_owned()) && actions.contains(&"user.enabled".to_owned()));
    }
}

db_test! {
    async fn administrators_cannot_demote_or_disable_themselves(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let me = app::server::users::find_by_login_id(&app.db, &app::domain::accounts::LoginId::parse("test-admin").unwrap())
            .await.unwrap().unwrap();
        let id = me.id.to_string();
        let version = me.version.to_string();
        let disable = app
            .call_with(Some(&admin), "/api/admin/users/set_active", &[("id", &id), ("version", &version), ("active", "false")])
            .await;
        assert_eq!(disable.status, StatusCode::UNPROCESSABLE_ENTITY);
        let demote = app
            .call_with(Some(&admin), "/api/admin/users/update", &[
                ("id", &id), ("version", &version), ("display_name", "管理者"), ("role", "guardian"), ("office_code", ""),
            ])
            .await;
        assert!(demote.body.contains("own_account"), "{}", demote.body);
        assert_eq!(app.get_as(&admin, "/admin/users").await.status, StatusCode::OK);
    }
}

db_test! {
    async fn an_administrator_ends_every_session_of_an_account(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let user_id = app.create_user("tanaka", Role::Guardian).await;
        let one = app.sign_in("tanaka").await;
        let two = app.sign_in("tanaka").await;
        let detail = app.call_with(Some(&admin), "/api/admin/user", &[("id", &user_id.to_string())]).await;
        let detail: serde_json::Value = serde_json::from_str(&detail.body).unwrap();
        assert_eq!(detail["sessions"].as_array().map(Vec::len), Some(2));

        let ended = app.call_with(Some(&admin), "/api/admin/users/end_sessions", &[("id", &user_id.to_string())]).await;
        assert_eq!(ended.body, "2");
        for session in [&one, &two] {
            assert_eq!(app.get_as(session, "/").await.status, StatusCode::SEE_OTHER);
        }
    }
}

db_test! {
    async fn offices_are_registered_renamed_and_closed_with_their_history(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let created = app
            .call_with(Some(&admin), "/api/admin/offices/create", &[("code", "Kita"), ("name", "北部窓口"), ("sort_order", "5")])
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let id: Uuid = serde_json::from_str(&created.body).unwrap();
        let taken = app
            .call_with(Some(&admin), "/api/admin/offices/create", &[("code", "kita"), ("name", "重複"), ("sort_order", "5")])
            .await;
        assert!(taken.body.contains("office_code_taken"), "{}", taken.body);

        let closed = app
            .call_with(Some(&admin), "/api/admin/offices/update", &[
                ("id", &id.to_string()), ("version", "1"), ("name", "北部窓口（旧）"), ("sort_order", "9"), ("active", "false"),
            ])
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let stale = app
            .call_with(Some(&admin), "/api/admin/offices/update", &[
                ("id", &id.to_string()), ("version", "1"), ("name", "上書き"), ("sort_order", "1"), ("active", "true"),
            ])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);

        let open = app::server::offices::list_active(&app.db).await.unwrap();
        assert!(open.iter().all(|office| office.code != "kita"), "a closed office leaves the lists");
        let all: Vec<serde_json::Value> = serde_json::from_str(&app.call(Some(&admin), "/api/admin/offices").await.body).unwrap();
        let kita = all.iter().find(|office| office["code"] == "kita").expect("kept for history");
        assert_eq!(kita["name"], "北部窓口（旧）");
        assert_eq!(kita["active"], false);
    }
}

db_test! {
    async fn the_audit_trail_is_filtered_by_actor_action_and_date(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        app.create_user("tanaka", Role::Guardian).await;
        app.submit_sign_in("tanaka", "wrong password, twice", None).await;
        let tanaka = app.sign_in("tanaka").await;
        let today = app::domain::dates::japan_date(app.clock.now()).to_string();

        let search = |args: Vec<(&'static str, String)>| {
            let mut all = vec![
                ("query[actor]", String::new()),
                ("query[action]", String::new()),
                ("query[entity_type]", String::new()),
                ("query[entity_id]", String::new()),
                ("query[page]", "0".to_owned()),
            ];
            for (key, value) in args {
                all.retain(|(k, _)| *k != key);
                all.push((key, value));
            }
            all
        };
        let run = |args: Vec<(&'static str, String)>| {
            let admin = admin.clone();
            let app = &app;
            async move {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let response = app.call_with(Some(&admin), "/api/admin/audit", &args).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                serde_json::from_str::<serde_json::Value>(&response.body).unwrap()
            }
        };

        let failed = run(search(vec![("query[action]", "sign_in.failed".to_owned())])).await;
        assert_eq!(failed["total"], 1);
        let by_tanaka = run(search(vec![("query[actor]", "TANAKA".to_owned())])).await;
        assert_eq!(by_tanaka["rows"][0]["action"], "sign_in.succeeded");
        assert_eq!(by_tanaka["rows"][0]["actor_login_id"], "tanaka");
        let today_only = run(search(vec![("query[from]", today.clone()), ("query[to]", today)])).await;
        assert!(today_only["total"].as_u64().unwrap() >= 4);
        let tomorrow = app::domain::dates::japan_date(app.clock.now() + chrono::Duration::days(1)).to_string();
        let nothing = run(search(vec![("query[from]", tomorrow)])).await;
        assert_eq!(nothing["total"], 0);

        let unknown_actor = app
            .call_with(Some(&admin), "/api/admin/audit", &[("query[actor]", "nobody"), ("query[action]", ""), ("query[entity_type]", ""), ("query[entity_id]", ""), ("query[page]", "0")])
            .await;
        assert!(unknown_actor.body.contains("unknown_login_id"), "{}", unknown_actor.body);
        drop(tanaka);
    }
}

db_test! {
    async fn reading_a_case_file_is_recorded_with_who_and_whose(app) {
        let session = app.signed_in_as(Role::Coordinator).await;
        drop(session);
        let coordinator = app::server::users::find_by_login_id(&app.db, &app::domain::accounts::LoginId::parse("test-coordinator").unwrap())
            .await.unwrap().unwrap();
        let actor = app::server::users::actor_of(&coordinator).unwrap();
        let person = Uuid::now_v7();
        app::server::audit::record_case_file_read(&app.db, app.clock.now(), &actor, &Default::default(), person, "summary")
            .await
            .expect("recorded");
        let entry = app::server::entities::audit_entry::Entity::find().all(&app.db).await.unwrap().pop().unwrap();
        assert_eq!(entry.action, "case_file.read");
        assert_eq!(entry.actor_user_id, Some(coordinator.id));
        assert_eq!(entry.actor_role.as_deref(), Some("coordinator"));
        assert_eq!(entry.entity_type.as_deref(), Some("person"));
        assert_eq!(entry.entity_id, Some(person.to_string()));
    }
}

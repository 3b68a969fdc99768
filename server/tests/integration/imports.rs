//! Importing ledgers through the upload route and the check and commit functions, on both
//! databases: the dry run writes nothing, one bad row refuses the whole commit, the same file
//! twice adds nothing, an edit made after the check is never overwritten, a name and birth
//! date match is written only when confirmed, and the refusals (size, role, another's batch,
//! a field mapped twice), and uploads never imported discarded after a week.

use crate::cases::{json, problem_code};
use crate::statistics::{Filed, adjust_case, file, office_of};
use crate::support::{Session, TestApp, TestResponse, db_test};
use app::api::imports::MAX_IMPORT_BYTES;
use app::domain::access::Role;
use app::server::entities::{
    appointment, audit_entry, case, case_event, deadline, guardian, import_batch, person, user,
};
use http::StatusCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde_json::Value;

const CASE_HEADINGS: &str =
    "ケース番号,本人氏名,フリガナ,生年月日,性別,類型,申立人,申立ての動機,開始日,申立日,審判日";

/// A cases CSV: the template's headings (some of them) and these rows.
fn cases_csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{CASE_HEADINGS}\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

const HANAKO: &str = "L-1,山田　花子,ヤマダ　ハナコ,昭和15年3月2日,女,後見,子,預貯金等の管理・解約、身上保護,2024/4/1,R6.5.10,";
const ICHIRO: &str =
    "L-2,佐藤 一郎,さとう いちろう,1938-11-30,男性,保佐,市長,介護保険契約,2024/6/3,,";
const JIRO: &str = "L-3,鈴木　次郎,,,,補助,本人,,２０２４／７／１,,";

async fn upload(
    app: &TestApp,
    session: &Session,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> TestResponse {
    app.call_multipart(Some(session), "/imports/upload", &[("kind", kind)], Some((name, bytes)))
        .await
}

/// Uploads and checks with the suggested mapping; the check's answer.
async fn upload_and_check(app: &TestApp, session: &Session, kind: &str, bytes: &[u8]) -> Value {
    let uploaded = upload(app, session, kind, "ledger.csv", bytes).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    let sheet = json(&uploaded.body);
    let checked = check(app, session, &sheet, None).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    json(&checked.body)
}

/// Checks an uploaded sheet with its suggested mapping, or with `mapping`.
async fn check(
    app: &TestApp,
    session: &Session,
    sheet: &Value,
    mapping: Option<Vec<&str>>,
) -> TestResponse {
    let batch = sheet["batch_id"].as_str().unwrap().to_owned();
    let codes: Vec<String> = match mapping {
        Some(codes) => codes.into_iter().map(str::to_owned).collect(),
        None => sheet["mapping"]
            .as_array()
            .unwrap()
            .iter()
            .map(|code| code.as_str().unwrap_or_default().to_owned())
            .collect(),
    };
    let mut fields: Vec<(&str, &str)> = vec![("batch_id", &batch)];
    fields.extend(codes.iter().map(|code| ("mapping[]", code.as_str())));
    app.call_with(Some(session), "/api/imports/check", &fields).await
}

async fn commit(app: &TestApp, session: &Session, report: &Value, confirm: bool) -> TestResponse {
    let version = report["version"].to_string();
    app.call_with(
        Some(session),
        "/api/imports/commit",
        &[
            ("batch_id", report["batch_id"].as_str().unwrap()),
            ("version", &version),
            ("confirm_matches", if confirm { "true" } else { "false" }),
        ],
    )
    .await
}

fn counts(report: &Value) -> [u64; 5] {
    let count = |name: &str| report["counts"][name].as_u64().unwrap();
    [count("new"), count("updated"), count("unchanged"), count("matched"), count("invalid")]
}

async fn case_count(app: &TestApp) -> u64 {
    case::Entity::find().count(&app.db).await.unwrap()
}

async fn person_count(app: &TestApp) -> u64 {
    person::Entity::find().count(&app.db).await.unwrap()
}

async fn imports_audited(app: &TestApp) -> Vec<Value> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("import.committed"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| json(entry.details.as_deref().unwrap_or("null")))
        .collect()
}

async fn case_numbered(app: &TestApp, number: &str) -> case::Model {
    case::Entity::find()
        .filter(case::Column::CaseNumber.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("case {number}"))
}

db_test! {
    async fn a_ledger_is_checked_then_committed_and_the_same_file_again_adds_nothing(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let ledger = cases_csv(&[HANAKO, ICHIRO, JIRO]);

        let uploaded = upload(&app, &coordinator, "cases", "ledger.csv", &ledger).await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
        let sheet = json(&uploaded.body);
        assert_eq!(sheet["row_count"], 3);
        assert_eq!(sheet["remembered"], false);
        let mapping: Vec<&str> =
            sheet["mapping"].as_array().unwrap().iter().map(|code| code.as_str().unwrap()).collect();
        assert_eq!(
            mapping,
            ["case_number", "person_name", "person_kana", "date_of_birth", "sex", "case_type",
             "petitioner", "motives", "opened_on", "petition_date", "decision_date"]
        );

        // The dry run writes nothing but its report.
        let (cases, persons) = (case_count(&app).await, person_count(&app).await);
        let checked = check(&app, &coordinator, &sheet, None).await;
        assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
        let report = json(&checked.body);
        assert_eq!(counts(&report), [3, 0, 0, 0, 0]);
        assert_eq!((case_count(&app).await, person_count(&app).await), (cases, persons));
        // Every conversion is listed: the era date, the alias 女, the full-width date.
        let notes: Vec<(u64, String)> = report["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| (line["row"].as_u64().unwrap(), line["code"].as_str().unwrap().to_owned()))
            .collect();
        assert!(notes.contains(&(2, "converted_era".to_owned())), "{notes:?}");
        assert!(notes.contains(&(2, "alias".to_owned())), "{notes:?}");
        assert!(notes.contains(&(4, "converted_full_width".to_owned())), "{notes:?}");

        let committed = commit(&app, &coordinator, &report, false).await;
        assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
        assert_eq!(case_count(&app).await, cases + 3);
        let hanako = case_numbered(&app, "L-1").await;
        assert_eq!(hanako.office_id, office);
        assert_eq!(hanako.stage, "awaiting_decision", "a petition date, no decision yet");
        assert_eq!(hanako.motives, "savings_management,personal_welfare");
        assert_eq!(hanako.petition_date, Some("2024-05-10".parse().unwrap()));
        let person = person::Entity::find_by_id(hanako.person_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(person.date_of_birth, Some("1940-03-02".parse().unwrap()));
        assert_eq!(person.sex.as_deref(), Some("female"));
        let ichiro = case_numbered(&app, "L-2").await;
        let person = person::Entity::find_by_id(ichiro.person_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(person.name, "佐藤　一郎");
        assert_eq!(person.name_kana, "サトウ　イチロウ");
        let events = case_event::Entity::find()
            .filter(case_event::Column::CaseId.eq(hanako.id))
            .filter(case_event::Column::Kind.eq("imported"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(events, 1);
        let audited = imports_audited(&app).await;
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0]["file_name"], "ledger.csv");
        assert_eq!((audited[0]["rows"].as_u64(), audited[0]["new"].as_u64()), (Some(3), Some(3)));
        // The batch keeps its counts, not the cells.
        let batch = import_batch::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!((batch.status.as_str(), batch.cells.as_str()), ("committed", "[]"));
        let again = commit(&app, &coordinator, &report, false).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
        assert_eq!(problem_code(&again.body, "batch").as_deref(), Some("import_committed"));

        // The same file again: every row unchanged, nothing added; the mapping remembered.
        let uploaded = upload(&app, &coordinator, "cases", "ledger.csv", &ledger).await;
        assert_eq!(json(&uploaded.body)["remembered"], true);
        let report = json(&check(&app, &coordinator, &json(&uploaded.body), None).await.body);
        assert_eq!(counts(&report), [0, 0, 3, 0, 0]);
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        assert_eq!(case_count(&app).await, cases + 3);
        assert_eq!(person_count(&app).await, persons + 3);

        // A decision date added in the ledger updates that case, and only that field.
        let decided = HANAKO.replace("R6.5.10,", "R6.5.10,2024/7/1");
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[&decided, ICHIRO, JIRO])).await;
        assert_eq!(counts(&report), [0, 1, 2, 0, 0]);
        assert_eq!(report["updates"][0]["changes"], serde_json::json!(["decision_date"]));
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let updated = case_numbered(&app, "L-1").await;
        assert_eq!(updated.decision_date, Some("2024-07-01".parse().unwrap()));
        assert_eq!(updated.version, hanako.version + 1);
        assert_eq!(imports_audited(&app).await.len(), 3);
    }
}

db_test! {
    async fn one_bad_row_refuses_the_whole_import(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let cases = case_count(&app).await;
        let bad = "L-9,田中　三郎,,2023/2/29,,後見,,,2024/4/1,,";
        let near_miss = "L-10,田中　四郎,,,,保左,,,2024/4/1,,";
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[HANAKO, bad, near_miss])).await;
        assert_eq!(counts(&report), [1, 0, 0, 0, 2]);
        let errors: Vec<&Value> =
            report["lines"].as_array().unwrap().iter().filter(|line| line["error"] == true).collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            (&errors[0]["row"], &errors[0]["column"], &errors[0]["value"], &errors[0]["field"]),
            (&serde_json::json!(3), &serde_json::json!(4), &serde_json::json!("2023/2/29"), &serde_json::json!("date_of_birth"))
        );
        assert_eq!((&errors[1]["code"], &errors[1]["detail"]), (&serde_json::json!("near_miss"), &serde_json::json!("保佐")));
        let refused = commit(&app, &coordinator, &report, false).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert_eq!(problem_code(&refused.body, "batch").as_deref(), Some("import_has_errors"));
        assert_eq!(case_count(&app).await, cases, "not even the good row");
        assert!(imports_audited(&app).await.is_empty());
    }
}

db_test! {
    async fn an_edit_made_after_the_check_is_not_overwritten(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[HANAKO])).await;
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let decided = HANAKO.replace("R6.5.10,", "R6.5.10,2024/7/1");
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[&decided])).await;
        assert_eq!(counts(&report), [0, 1, 0, 0, 0]);

        // Someone corrects the petition date meanwhile.
        let before = case_numbered(&app, "L-1").await;
        adjust_case(&app, before.id, |model| {
            model.petition_date = Set(Some("2024-05-11".parse().unwrap()));
            model.version = Set(before.version + 1);
        })
        .await;
        let refused = commit(&app, &coordinator, &report, false).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        let after = case_numbered(&app, "L-1").await;
        assert_eq!(after.petition_date, Some("2024-05-11".parse().unwrap()), "the edit stands");
        assert_eq!(after.decision_date, None, "the import wrote nothing");
        assert_eq!(imports_audited(&app).await.len(), 1);

        // A number another office took since the check: refused too, nothing written.
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[JIRO])).await;
        assert_eq!(counts(&report), [1, 0, 0, 0, 0]);
        app.create_user("other", Role::Coordinator).await;
        let other_office = office_of(&app, "other").await;
        file(&app, other_office, "L-3", Filed {
            case_type: "guardianship", petitioner: None, sex: None, born: None,
            condition: None, motives: "", petition: None,
        })
        .await;
        let cases = case_count(&app).await;
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::CONFLICT);
        assert_eq!(case_count(&app).await, cases);
        // Checked again, the row says whose number it is.
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[JIRO])).await;
        assert_eq!(counts(&report), [0, 0, 0, 0, 1]);
        assert_eq!(report["lines"][0]["code"], "number_taken");
    }
}

db_test! {
    async fn a_person_found_by_name_and_birth_date_is_updated_only_when_confirmed(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        // Entered by hand before the import: 統計 2024-0001, born 1940-03-02.
        let existing = file(&app, office, "2024-0001", Filed {
            case_type: "guardianship", petitioner: None, sex: None, born: Some("1940-03-02"),
            condition: None, motives: "", petition: None,
        })
        .await;
        let row = "L-1,統計 2024-0001,,1940/3/2,,後見,,,2024/1/10,,2024/8/1";
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[row])).await;
        assert_eq!(counts(&report), [0, 0, 0, 1, 0]);
        assert_eq!(report["matches"][0]["record"], "2024-0001 統計 2024-0001");
        let cases = case_count(&app).await;
        // Not confirmed: left out.
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        assert_eq!(case_count(&app).await, cases);
        assert_eq!(case::Entity::find_by_id(existing).one(&app.db).await.unwrap().unwrap().decision_date, None);
        assert_eq!(imports_audited(&app).await[0]["skipped"], 1);
        // Confirmed: that case is updated, keeping its number; no second person.
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[row])).await;
        assert_eq!(commit(&app, &coordinator, &report, true).await.status, StatusCode::OK);
        let updated = case::Entity::find_by_id(existing).one(&app.db).await.unwrap().unwrap();
        assert_eq!(updated.decision_date, Some("2024-08-01".parse().unwrap()));
        assert_eq!(updated.case_number, "2024-0001");
        assert_eq!(case_count(&app).await, cases);
    }
}

db_test! {
    async fn two_cases_of_one_person_change_together(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let first = file(&app, office, "P-1", Filed {
            case_type: "guardianship", petitioner: None, sex: None, born: Some("1940-03-02"),
            condition: None, motives: "", petition: None,
        })
        .await;
        // Her earlier case, closed (a person has one open case at a time): the same person.
        let mut second = case::Entity::find_by_id(first).one(&app.db).await.unwrap().unwrap();
        second.id = uuid::Uuid::now_v7();
        second.case_number = "P-2".into();
        second.stage = "closed".into();
        case::Entity::insert(second.clone().into_active_model()).exec(&app.db).await.unwrap();
        let person_before =
            person::Entity::find_by_id(second.person_id).one(&app.db).await.unwrap().unwrap();

        // One row gives her a sex the record lacks, the other her kana; each case a decision
        // date. Both changes to her are written.
        let rows = [
            "P-1,統計 P-1,,1940/3/2,女,後見,,,2024/1/10,,2024/8/1",
            "P-2,統計 P-1,トウケイ　ハナ,1940/3/2,,後見,,,2024/1/10,,2024/9/1",
        ];
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&rows)).await;
        assert_eq!(counts(&report), [0, 2, 0, 0, 0]);
        let committed = commit(&app, &coordinator, &report, false).await;
        assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
        let person = person::Entity::find_by_id(second.person_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(person.sex.as_deref(), Some("female"));
        assert_eq!(person.name_kana, "トウケイ　ハナ");
        assert_eq!(person.version, person_before.version + 1, "the person written once");
        assert_eq!(case_numbered(&app, "P-1").await.decision_date, Some("2024-08-01".parse().unwrap()));
        assert_eq!(case_numbered(&app, "P-2").await.decision_date, Some("2024-09-01".parse().unwrap()));
    }
}

db_test! {
    async fn the_register_imports_and_the_template_reads_clean(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let register = "登録番号,後見人氏名,後見人フリガナ,後見人の種別,受任可能件数,登録日\r\n\
                        G-1,高橋　和子,タカハシ　カズコ,市民,2,2023/4/1\r\n\
                        ,伊藤　誠,イトウ　マコト,弁護士,,\r\n\
                        ,田中　実,,司法書士,,\r\n";
        let report = upload_and_check(&app, &coordinator, "guardians", register.as_bytes()).await;
        assert_eq!(counts(&report), [3, 0, 0, 0, 0]);
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let takahashi = guardian::Entity::find()
            .filter(guardian::Column::RegistrationNumber.eq("G-1"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((takahashi.kind.as_str(), takahashi.capacity), ("citizen", Some(2)));
        assert_eq!(takahashi.registration.as_deref(), Some("registered"));
        // Again, in Shift_JIS as Japanese Excel saves it: the same two, unchanged.
        let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode(register);
        let report = upload_and_check(&app, &coordinator, "guardians", &shift_jis).await;
        // The unnumbered ones are found by name and kana, or by name where the ledger has no
        // kana; as nothing changes, nothing to confirm, and nobody is registered twice.
        assert_eq!(counts(&report), [0, 0, 3, 0, 0]);

        // The template's example row imports as it stands.
        let template = app.get_as(&coordinator, "/imports/template.xlsx").await;
        assert_eq!(template.status, StatusCode::OK);
        let uploaded = upload(&app, &coordinator, "cases", "template.xlsx", &template.bytes).await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
        let sheet = json(&uploaded.body);
        assert_eq!(sheet["sheet_name"], "ケース");
        assert!(sheet["mapping"].as_array().unwrap().iter().all(|code| code.is_string()));
        let report = json(&check(&app, &coordinator, &sheet, None).await.body);
        assert_eq!(counts(&report), [1, 0, 0, 0, 0]);
    }
}

db_test! {
    async fn imports_are_refused_with_a_reason(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let ledger = cases_csv(&[HANAKO]);
        // Too large: 413 and the message's code; nothing stored.
        let huge = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let refused = upload(&app, &coordinator, "cases", "huge.csv", &huge).await;
        assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(problem_code(&refused.body, "file").as_deref(), Some("import_file_too_large"));
        assert_eq!(import_batch::Entity::find().count(&app.db).await.unwrap(), 0);
        // Not a workbook, though named one; not a kind of sheet.
        let refused = upload(&app, &coordinator, "cases", "ledger.xlsx", b"plain text").await;
        assert_eq!(problem_code(&refused.body, "file").as_deref(), Some("import_workbook"));
        let refused = upload(&app, &coordinator, "persons", "ledger.csv", &ledger).await;
        assert_eq!(problem_code(&refused.body, "kind").as_deref(), Some("invalid"));

        // A number longer than the column holds: the row's error, not the database's.
        let long = HANAKO.replacen("L-1", &"9".repeat(33), 1);
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[&long])).await;
        assert_eq!(counts(&report), [0, 0, 0, 0, 1]);
        assert_eq!(report["lines"][0]["code"], "too_long");

        // A field mapped to two columns.
        let sheet = json(&upload(&app, &coordinator, "cases", "ledger.csv", &ledger).await.body);
        let twice = vec!["case_number", "person_name", "person_name", "", "", "case_type", "", "", "opened_on", "", ""];
        let refused = check(&app, &coordinator, &sheet, Some(twice)).await;
        assert_eq!(problem_code(&refused.body, "mapping").as_deref(), Some("mapped_twice"));
        let unmapped = vec!["case_number", "person_name", "", "", "", "", "", "", "opened_on", "", ""];
        let refused = check(&app, &coordinator, &sheet, Some(unmapped)).await;
        assert_eq!(problem_code(&refused.body, "mapping").as_deref(), Some("required_unmapped"));

        // Another coordinator cannot see or commit this batch.
        app.create_user("other", Role::Coordinator).await;
        let other = app.sign_in("other").await;
        let refused = check(&app, &other, &sheet, None).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);

        // The uploader moved to the other office since: the batch was for the office before.
        let moved = user::Entity::find()
            .filter(user::Column::LoginId.eq("test-coordinator"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut moving = moved.clone().into_active_model();
        moving.office_id = Set(Some(office_of(&app, "other").await));
        moving.update(&app.db).await.unwrap();
        let refused = check(&app, &coordinator, &sheet, None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        let mut back = moved.clone().into_active_model();
        back.office_id = Set(moved.office_id);
        back.update(&app.db).await.unwrap();

        // Guardians and managers do not import; the refusal is audited.
        let manager = app.signed_in_as(Role::Manager).await;
        let denials = |app: &TestApp| {
            let db = app.db.clone();
            async move {
                audit_entry::Entity::find()
                    .filter(audit_entry::Column::Action.eq("permission.denied"))
                    .count(&db)
                    .await
                    .unwrap()
            }
        };
        let before = denials(&app).await;
        let refused = upload(&app, &manager, "cases", "ledger.csv", &ledger).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(denials(&app).await, before + 1);
        let anonymous =
            app.call_multipart(None, "/imports/upload", &[("kind", "cases")], Some(("l.csv", &ledger[..]))).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }
}

db_test! {
    async fn uploads_never_imported_are_discarded_after_a_week(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let report = upload_and_check(&app, &coordinator, "cases", &cases_csv(&[HANAKO])).await;
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        // Left at the mapping step, and left after the dry run.
        upload(&app, &coordinator, "cases", "left.csv", &cases_csv(&[ICHIRO])).await;
        upload_and_check(&app, &coordinator, "cases", &cases_csv(&[JIRO])).await;
        let discard = || app::server::imports::discard_stale(&app.db, app.clock.now());
        assert_eq!(discard().await.unwrap(), 0, "a week to come back to them");
        app.clock.advance(chrono::Duration::days(8));
        assert_eq!(discard().await.unwrap(), 2);
        let kept = import_batch::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].status, "committed", "an import's counts stay");
    }
}

const APPOINTMENT_HEADINGS: &str =
    "ケース番号,後見人登録番号,役割,選任の形態,選任審判日,効力発生日,終了日";

fn appointments_csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{APPOINTMENT_HEADINGS}\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// Imports the template's sheet of this kind as it stands.
async fn import_template(app: &TestApp, session: &Session, kind: &str) -> Value {
    let template = app.get_as(session, "/imports/template.xlsx").await;
    let uploaded = upload(app, session, kind, "template.xlsx", &template.bytes).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    let report = json(&check(app, session, &json(&uploaded.body), None).await.body);
    let committed = commit(app, session, &report, false).await;
    assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
    report
}

db_test! {
    async fn appointments_come_in_once_their_cases_and_guardians_are_here(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        // Before the cases and guardians: both numbers unknown, nothing to commit.
        let template = app.get_as(&coordinator, "/imports/template.xlsx").await;
        let uploaded = upload(&app, &coordinator, "appointments", "template.xlsx", &template.bytes).await;
        let sheet = json(&uploaded.body);
        assert_eq!(sheet["sheet_name"], "選任");
        let report = json(&check(&app, &coordinator, &sheet, None).await.body);
        assert_eq!(counts(&report), [0, 0, 0, 0, 1]);
        let codes: Vec<(&str, &str)> = report["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|line| line["error"] == true)
            .map(|line| (line["field"].as_str().unwrap(), line["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [("appointed_case_number", "not_found"), ("appointed_registration_number", "not_found")]
        );

        assert_eq!(counts(&import_template(&app, &coordinator, "cases").await), [1, 0, 0, 0, 0]);
        assert_eq!(counts(&import_template(&app, &coordinator, "guardians").await), [1, 0, 0, 0, 0]);
        assert_eq!(counts(&import_template(&app, &coordinator, "appointments").await), [1, 0, 0, 0, 0]);
        let case = case_numbered(&app, "2024-0001").await;
        let made = appointment::Entity::find()
            .filter(appointment::Column::CaseId.eq(case.id))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(made.len(), 1);
        let today = app::domain::dates::japan_date(app.clock.now());
        assert_eq!((made[0].role.as_str(), made[0].mode.as_str()), ("guardian", "sole"));
        assert_eq!(made[0].effective_on, "2024-07-20".parse().unwrap());
        assert_eq!(made[0].tracked_from, Some(today));

        // Its deadlines follow in the background: none due before the import, the reports
        // still to come there.
        let marker: chrono::NaiveDate = "2000-01-01".parse().unwrap();
        let mut synced = false;
        for _ in 0..100 {
            let now = appointment::Entity::find_by_id(made[0].id).one(&app.db).await.unwrap().unwrap();
            if now.next_report_on != Some(marker) {
                synced = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(synced, "the imported appointment's deadlines were generated");
        let due = deadline::Entity::find()
            .filter(deadline::Column::CaseId.eq(case.id))
            .all(&app.db)
            .await
            .unwrap();
        assert!(!due.is_empty(), "the next periodic report");
        assert!(due.iter().all(|deadline| deadline.due_on >= today), "{due:?}");

        // The same sheet again changes nothing; its end, later, ends it.
        assert_eq!(counts(&import_template(&app, &coordinator, "appointments").await), [0, 0, 1, 0, 0]);
        let ended = format!("2024-0001,G-0001,成年後見人,単独,2024/7/1,2024/7/20,{}", today.format("%Y/%m/%d"));
        let report = upload_and_check(&app, &coordinator, "appointments", &appointments_csv(&[&ended])).await;
        assert_eq!(counts(&report), [0, 1, 0, 0, 0]);
        assert_eq!(report["updates"][0]["changes"], serde_json::json!(["ended_on"]));
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let after = appointment::Entity::find_by_id(made[0].id).one(&app.db).await.unwrap().unwrap();
        assert_eq!((after.ended_on, after.end_reason.as_deref()), (Some(today), Some("other")));

        // A role the case type does not have, and two guardians at once in different modes.
        let curator = "2024-0001,G-0001,保佐人,単独,2025/1/6,2025/1/20,";
        let report = upload_and_check(&app, &coordinator, "appointments", &appointments_csv(&[curator])).await;
        assert_eq!(counts(&report), [0, 0, 0, 0, 1]);
        assert_eq!(report["lines"][0]["code"], "role_does_not_fit_case");
        let register = "登録番号,後見人氏名,後見人フリガナ,後見人の種別\r\nG-0002,伊藤　誠,イトウ　マコト,市民\r\nG-0003,高橋　和子,タカハシ　カズコ,市民\r\n";
        let report = upload_and_check(&app, &coordinator, "guardians", register.as_bytes()).await;
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let two = [
            "2024-0001,G-0002,成年後見人,単独,2025/1/6,2025/1/20,",
            "2024-0001,G-0003,成年後見人,共同,2025/1/6,2025/1/20,",
        ];
        let report = upload_and_check(&app, &coordinator, "appointments", &appointments_csv(&two)).await;
        assert_eq!(counts(&report), [0, 0, 0, 0, 2]);
        assert!(report["lines"].as_array().unwrap().iter().all(|line| line["code"] == "modes_differ"));
        assert_eq!(appointment::Entity::find().count(&app.db).await.unwrap(), 1);
    }
}

db_test! {
    async fn a_merged_heading_maps_its_first_column_and_leaves_the_rest_unmapped(app) {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        // A ledger as offices lay them out: 本人 merged over the name and a remarks column,
        // the age a formula.
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("台帳").unwrap();
        sheet.write_string(0, 0, "ケース番号").unwrap();
        sheet.merge_range(0, 1, 0, 2, "本人氏名", &Format::new()).unwrap();
        sheet.write_string(0, 3, "類型").unwrap();
        sheet.write_string(0, 4, "開始日").unwrap();
        sheet.write_string(0, 5, "受付からの日数").unwrap();
        sheet.write_string(1, 0, "M-1").unwrap();
        sheet.write_string(1, 1, "山田　花子").unwrap();
        sheet.write_string(1, 2, "要配慮").unwrap();
        sheet.write_string(1, 3, "後見").unwrap();
        sheet.write_string(1, 4, "2024/4/1").unwrap();
        sheet.write_formula(1, 5, Formula::new("=TODAY()-E2").set_result("900")).unwrap();
        let bytes = book.save_to_buffer().unwrap();

        let uploaded = upload(&app, &coordinator, "cases", "ledger.xlsx", &bytes).await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
        let sheet = json(&uploaded.body);
        assert_eq!(sheet["headings"], serde_json::json!(["ケース番号", "本人氏名", "", "類型", "開始日", "受付からの日数"]));
        assert_eq!(
            sheet["mapping"],
            serde_json::json!(["case_number", "person_name", null, "case_type", "opened_on", null])
        );
        let report = json(&check(&app, &coordinator, &sheet, None).await.body);
        assert_eq!(counts(&report), [1, 0, 0, 0, 0]);
        assert_eq!(commit(&app, &coordinator, &report, false).await.status, StatusCode::OK);
        let case = case_numbered(&app, "M-1").await;
        let person = person::Entity::find_by_id(case.person_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(person.name, "山田　花子", "the merged heading's first column is the name");
        assert_eq!(person.notes, "", "the column under no heading is not imported");
    }
}

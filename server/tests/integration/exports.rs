//! The exports read back as Excel and a CSV reader would read them, on both databases: the
//! headings and rows the page shows, the list's filters and the asker's scope, a name typed as
//! a formula kept as text, the audit row of every download, and the refusals.

use crate::statistics::{Filed, adjust_case, file, office_of, register, user_id};
use crate::support::{Session, TestApp, TestResponse, db_test};
use app::domain::access::Role;
use app::server::entities::{audit_entry, user};
use calamine::{Data, Reader, Xlsx};
use http::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, QueryOrder, Set};
use std::io::Cursor;
use uuid::Uuid;

const FORMULA_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

/// A case filed with its petition on `petition`, led by `coordinator`.
async fn case_led_by(
    app: &TestApp,
    office: Uuid,
    number: &str,
    petition: &'static str,
    coordinator: Option<Uuid>,
) -> Uuid {
    let id = file(
        app,
        office,
        number,
        Filed {
            case_type: "guardianship",
            petitioner: Some("child"),
            sex: Some("female"),
            born: Some("1940-05-01"),
            condition: Some("dementia"),
            motives: "savings_management",
            petition: Some(petition),
        },
    )
    .await;
    adjust_case(app, id, |model| model.coordinator_id = Set(coordinator)).await;
    id
}

/// Two offices: "alpha" (two cases, one led by a coordinator whose name looks like a formula)
/// and "beta" (one case, numbered with letters as a centre's own numbering may be).
async fn two_offices(app: &TestApp) -> (Session, Session) {
    app.create_user("alpha", Role::Coordinator).await;
    app.create_user("beta", Role::Coordinator).await;
    let alpha = user_id(app, "alpha").await;
    let mut renamed = user::Entity::find_by_id(alpha).one(&app.db).await.unwrap().unwrap();
    renamed.display_name = FORMULA_NAME.into();
    renamed.into_active_model().reset_all().update(&app.db).await.unwrap();
    let (alpha_office, beta_office) = (office_of(app, "alpha").await, office_of(app, "beta").await);
    case_led_by(app, alpha_office, "2024-0001", "2024-04-01", Some(alpha)).await;
    case_led_by(app, alpha_office, "2024-0002", "2024-03-31", None).await;
    case_led_by(app, beta_office, "B-0001", "2024-06-10", None).await;
    (app.sign_in("beta").await, app.signed_in_as(Role::Manager).await)
}

/// The CSV's lines without the byte-order mark, each split into fields (no field here holds
/// a comma or a line break, apart from the quoted formula).
fn csv_lines(response: &TestResponse) -> Vec<String> {
    assert_eq!(&response.bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    let text = String::from_utf8(response.bytes[3..].to_vec()).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "CRLF line ends");
    text.split("\r\n").filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

/// Every sheet of a workbook as rows of cell texts (numbers as integers, dates as ISO).
fn workbook(response: &TestResponse) -> Vec<(String, Vec<Vec<String>>)> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes.clone())).expect("an xlsx");
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("a sheet");
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell {
                            Data::Float(number) => format!("{number}"),
                            Data::DateTime(moment) => moment
                                .as_datetime()
                                .map(|moment| moment.format("%Y-%m-%d %H:%M:%S").to_string())
                                .unwrap_or_default(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

async fn last_export_details(app: &TestApp) -> serde_json::Value {
    let entry = audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an audit row");
    assert_eq!(entry.action, "export.downloaded");
    serde_json::from_str(entry.details.as_deref().expect("details")).expect("details as JSON")
}

db_test! {
    async fn the_case_list_exports_under_its_filters_and_the_askers_scope(app) {
        let (beta, manager) = two_offices(&app).await;

        let csv = app.get_as(&manager, "/exports/cases.csv?sort=number&dir=asc").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(csv.header("cache-control"), Some("private, no-store"));
        assert_eq!(csv.header("content-security-policy"), Some("default-src 'none'; sandbox"));
        let disposition = csv.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment; filename=\"koken-cases-"), "{disposition}");
        let lines = csv_lines(&csv);
        assert_eq!(
            lines[0],
            "ケース番号,類型,段階,本人氏名,フリガナ,窓口,担当,地区,開始日,更新"
        );
        assert_eq!(lines.len(), 4, "{lines:?}");
        // The formula stays text: an apostrophe first, and quoted for its commas and quotes.
        assert!(
            lines[1].starts_with("2024-0001,後見,審判待ち,統計 2024-0001,とうけい,テスト窓口,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,2024-01-10,"),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("2024-0002,"));
        assert!(lines[3].starts_with("B-0001,"));
        let details = last_export_details(&app).await;
        assert_eq!(details["kind"], "cases");
        assert_eq!(details["format"], "csv");
        assert_eq!(details["rows"], 3);

        // The page number is the screen's: the file holds every page the filters match.
        let filtered = app.get_as(&manager, "/exports/cases.csv?q=2024-000&page=7").await;
        assert_eq!(csv_lines(&filtered).len(), 3);
        let details = last_export_details(&app).await;
        assert_eq!(details["filters"]["q"], "2024-000");
        assert_eq!(details["rows"], 2);

        // A coordinator's export holds their office's cases only.
        let own = app.get_as(&beta, "/exports/cases.csv").await;
        let lines = csv_lines(&own);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].starts_with("B-0001,"));
        // Searched in lower case, as typed: the number is found on both databases.
        assert_eq!(csv_lines(&app.get_as(&beta, "/exports/cases.csv?q=b-0001").await).len(), 2);

        // The workbook: headings bold-frozen aside, the same cells, the formula a string.
        let xlsx = app.get_as(&manager, "/exports/cases.xlsx?sort=number&dir=asc").await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert_eq!(
            xlsx.header("content-type"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        let sheets = workbook(&xlsx);
        assert_eq!(sheets.len(), 1);
        let (name, rows) = &sheets[0];
        assert_eq!(name, "ケース一覧");
        assert_eq!(rows[0][0], "ケース番号");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][0], "2024-0001");
        assert_eq!(rows[1][6], FORMULA_NAME, "text as typed, no apostrophe in the cell");
        assert_eq!(rows[1][8], "2024-01-10 00:00:00", "a date cell");
        let mut reader: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.bytes.clone())).unwrap();
        let formulas = reader.worksheet_formula(name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, formula)| formula.is_empty()), "no formulas");
        assert_eq!(last_export_details(&app).await["format"], "xlsx");
    }
}

db_test! {
    async fn the_statistics_and_the_workload_export_what_their_pages_show(app) {
        let (beta, manager) = two_offices(&app).await;

        // 2024年度 begins on 1 April: 2024-0001 and B-0001 count, 2024-0002 (31 March) does not.
        let csv = app.get_as(&manager, "/exports/statistics.csv?period=fy2024").await;
        assert_eq!(csv.status, StatusCode::OK);
        let lines = csv_lines(&csv);
        assert_eq!(lines[0], "申立ての種類 令和6年度（2024年度）");
        assert_eq!(lines[1], "区分,件数");
        assert_eq!(lines[2], "後見開始,2");
        assert!(lines.contains(&"子,2".to_owned()), "{lines:?}");
        assert!(lines.iter().any(|line| line.starts_with("センターの実績")), "{lines:?}");
        assert_eq!(last_export_details(&app).await["period"], "fy2024");

        // In English when the user chose English; a coordinator counts their own office.
        let english = app
            .get_with(
                "/exports/statistics.xlsx?period=fy2024",
                &[("cookie", &format!("{}; koken_locale=en", beta.cookie))],
            )
            .await;
        let sheets = workbook(&english);
        assert_eq!(sheets.len(), 7);
        let (_, case_types) = &sheets[0];
        assert!(case_types[0][0].starts_with("Case type FY2024"), "{:?}", case_types[0]);
        assert_eq!(case_types[1], ["Category", "Count"]);
        assert_eq!(case_types[2], ["Start of guardianship", "1"]);

        // The workload table: the coordinator's name stays text, counts are numbers.
        let workload = app.get_as(&manager, "/exports/dashboard.xlsx").await;
        let sheets = workbook(&workload);
        let (_, rows) = &sheets[0];
        assert_eq!(rows[0][0], "担当者");
        let led = rows.iter().find(|row| row[0] == FORMULA_NAME).expect("alpha's row");
        assert_eq!(led.iter().filter(|cell| *cell == "1").count(), 2, "{led:?}: 1 open, 1 in stage");
        let csv = app.get_as(&manager, "/exports/dashboard.csv").await;
        assert!(csv_lines(&csv).iter().any(|line| line.starts_with("\"'=HYPERLINK(")));
    }
}

db_test! {
    async fn exports_refuse_who_may_not_and_what_is_not(app) {
        let (_, manager) = two_offices(&app).await;
        // A citizen guardian, linked to their register entry: they read their own cases on
        // their portal, never a list, a table or a count.
        let entry = register(&app, "citizen").await;
        let guardian = app.signed_in_as_guardian("citizen-1", &entry.to_string()).await;
        let before = app.audit_actions().await.len();

        for path in ["/exports/cases.csv", "/exports/statistics.xlsx", "/exports/dashboard.csv"] {
            let refused = app.get_as(&guardian, path).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
            assert!(refused.bytes.len() < 200 && !refused.body.contains("2024-0001"), "{path}");
            // Nobody signed in: to the login page, as for every page.
            let anonymous = app.get(path).await;
            assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{path}");
            assert!(anonymous.header("location").unwrap().starts_with("/login"), "{path}");
        }
        let actions = app.audit_actions().await;
        assert_eq!(
            actions[before..].iter().filter(|action| *action == "permission.denied").count(),
            3,
            "every refusal audited"
        );
        assert!(!actions.contains(&"export.downloaded".to_owned()));

        assert_eq!(app.get_as(&manager, "/exports/users.csv").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get_as(&manager, "/exports/cases.pdf").await.status, StatusCode::NOT_FOUND);
        let wrong_period = app.get_as(&manager, "/exports/statistics.csv?period=fy20x4").await;
        assert_eq!(wrong_period.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong_period.body, "入力内容を確認してください。");
    }
}

db_test! {
    async fn the_import_template_reads_back_as_a_clean_import(app) {
        use app::domain::import::fields::{SheetKind, suggest_mapping};
        use app::domain::import::rows::{MasterData, read_appointment_row, read_case_row, read_guardian_row};
        use app::server::import_files::read_xlsx;

        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let response = app.get_as(&coordinator, "/imports/template.xlsx").await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.header("cache-control"), Some("private, no-store"));
        let sheets = read_xlsx(&response.bytes).expect("a workbook");
        let names: Vec<&str> = sheets.iter().map(|sheet| sheet.name.as_str()).collect();
        assert_eq!(names, ["ケース", "後見人", "選任"]);
        let today = app::domain::dates::japan_date(app.clock.now());
        for (kind, sheet) in SheetKind::ALL.into_iter().zip(&sheets) {
            let text = |row: usize| -> Vec<String> { sheet.rows[row].1.iter().map(|cell| cell.text()).collect() };
            // The headings map to every field without asking; the example row imports clean.
            let mapping = suggest_mapping(kind, &text(0));
            assert_eq!(mapping, kind.fields().iter().copied().map(Some).collect::<Vec<_>>());
            let master = MasterData::default();
            let mut example = text(1);
            example.resize(mapping.len(), String::new());
            let clean = match kind {
                SheetKind::Cases => read_case_row(&example, &mapping, &master, today).1.is_empty(),
                SheetKind::Guardians => read_guardian_row(&example, &mapping, &master).1.is_empty(),
                SheetKind::Appointments => read_appointment_row(&example, &mapping).1.is_empty(),
            };
            assert!(clean, "{kind:?}: {example:?}");
        }

        let entry = register(&app, "citizen").await;
        let guardian = app.signed_in_as_guardian("citizen-2", &entry.to_string()).await;
        assert_eq!(app.get_as(&guardian, "/imports/template.xlsx").await.status, StatusCode::FORBIDDEN);
        let manager = app.signed_in_as(Role::Manager).await;
        assert_eq!(app.get_as(&manager, "/imports/template.xlsx").await.status, StatusCode::FORBIDDEN);
    }
}

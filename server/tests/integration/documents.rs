//! Documents on a case through the upload function and the download route, on both
//! databases: the type is read from the content, the size limit refuses with a message and
//! stores nothing, versions are kept, and a guardian opens only their own case's papers.

use crate::cases::{consultation_opening_a_case, json, problem_code};
use crate::guardians::{appoint_alone, citizen};
use crate::support::{Session, TestApp, db_test};
use app::domain::access::Role;
use app::domain::documents::MAX_DOCUMENT_BYTES;
use http::StatusCode;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    session: &Session,
    case_id: &str,
    kind: &str,
    title: &str,
    replaces: &str,
    file: (&str, &[u8]),
) -> crate::support::TestResponse {
    app.call_multipart(
        Some(session),
        "/documents/upload",
        &[("case_id", case_id), ("kind", kind), ("title", title), ("replaces", replaces)],
        Some(file),
    )
    .await
}

async fn document_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    app::server::entities::case_document::Entity::find().count(&app.db).await.unwrap()
}

db_test! {
    async fn documents_are_checked_kept_in_versions_and_opened_only_by_those_entitled(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "書類 守", "しょるい まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "書類 花子", "しょるい はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);

        // A text file renamed to .pdf is refused; so is a file past the limit (413); nothing is kept.
        let fake = upload(&app, &coordinator, &own_case, "ruling", "審判書", "", ("審判書.pdf", b"just some text, not a PDF")).await;
        assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", fake.body);
        assert_eq!(problem_code(&fake.body, "file").as_deref(), Some("file_type"));
        let mut large = PDF.to_vec();
        large.resize(MAX_DOCUMENT_BYTES + 1, b' ');
        let oversized = upload(&app, &coordinator, &own_case, "ruling", "審判書", "", ("big.pdf", &large)).await;
        assert_eq!(oversized.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", oversized.body);
        assert_eq!(problem_code(&oversized.body, "file").as_deref(), Some("file_too_large"));
        // Far past the limit: the body is cut off while it is read, with the same message.
        large.resize(MAX_DOCUMENT_BYTES + 2 * 1024 * 1024, b' ');
        let huge = upload(&app, &coordinator, &own_case, "ruling", "審判書", "", ("huge.pdf", &large)).await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", huge.body);
        assert_eq!(problem_code(&huge.body, "file").as_deref(), Some("file_too_large"));
        assert_eq!(document_count(&app).await, 0);
        assert!(!app.audit_actions().await.iter().any(|a| a == "document.uploaded"));

        let ruling = upload(&app, &coordinator, &own_case, "ruling", "後見開始の審判書", "", ("scan.pdf", PDF)).await;
        assert_eq!(ruling.status, StatusCode::OK, "{}", ruling.body);
        let ruling = json(&ruling.body).as_str().unwrap().to_owned();
        let letter = upload(&app, &coordinator, &own_case, "letter", "親族への通知", "", ("letter.pdf", PDF)).await;
        let letter = json(&letter.body).as_str().unwrap().to_owned();
        // A corrected scan becomes version 2; version 1 stays.
        let mut corrected = PDF.to_vec();
        corrected.extend_from_slice(b"% corrected\n");
        let second = upload(&app, &coordinator, &own_case, "ruling", "後見開始の審判書（確定証明付き）", &ruling, ("scan2.pdf", &corrected)).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.body);
        let second = json(&second.body).as_str().unwrap().to_owned();
        let listed = json(&app.call_with(Some(&coordinator), "/api/documents/case", &[("case_id", &own_case)]).await.body);
        let documents = listed["documents"].as_array().unwrap();
        assert_eq!(documents.len(), 2, "{listed}");
        let series = documents.iter().find(|d| d["latest"]["id"] == second.as_str()).unwrap();
        assert_eq!(series["latest"]["version_number"], 2);
        assert_eq!(series["older"][0]["id"], ruling.as_str());
        assert_eq!(series["latest"]["file_type"], "Pdf");

        // The centre downloads both versions, byte for byte, as attachments.
        let first = app.get_as(&coordinator, &format!("/documents/{ruling}")).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.bytes, PDF);
        assert_eq!(first.header("content-type"), Some("application/pdf"));
        assert!(first.header("content-disposition").unwrap().starts_with("attachment;"));
        assert_eq!(first.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(app.get_as(&coordinator, &format!("/documents/{second}")).await.bytes, corrected);

        // The case's guardian opens the court's papers, not the centre's letter.
        let guardian = app.signed_in_as_guardian("shorui", &volunteer).await;
        let theirs = json(&app.call_with(Some(&guardian), "/api/documents/case", &[("case_id", &own_case)]).await.body);
        assert_eq!(theirs["documents"].as_array().unwrap().len(), 1, "{theirs}");
        assert_eq!(app.get_as(&guardian, &format!("/documents/{second}")).await.bytes, corrected);
        assert_eq!(app.get_as(&guardian, &format!("/documents/{letter}")).await.status, StatusCode::NOT_FOUND);
        // A guardian's own report on their case: uploaded, and theirs to open.
        let report = upload(&app, &guardian, &own_case, "report", "定期報告書", "", ("report.pdf", PDF)).await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);

        // Another guardian: no list, no download, no upload, and no hint that anything exists.
        let other = app.signed_in_as_guardian("tanin", &stranger).await;
        let list = app.call_with(Some(&other), "/api/documents/case", &[("case_id", &own_case)]).await;
        assert_eq!(list.status, StatusCode::NOT_FOUND);
        for id in [&ruling, &second, &letter] {
            let refused = app.get_as(&other, &format!("/documents/{id}")).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND);
            assert!(!refused.bytes.starts_with(b"%PDF"));
        }
        let planted = upload(&app, &other, &own_case, "report", "報告", "", ("r.pdf", PDF)).await;
        assert_eq!(planted.status, StatusCode::NOT_FOUND);
        // Nobody signed in uploads nothing; a manager reads and changes nothing.
        let anonymous_upload = app.call_multipart(None, "/documents/upload", &[("case_id", own_case.as_str()), ("kind", "report"), ("title", "x")], Some(("r.pdf", PDF))).await;
        assert_eq!(anonymous_upload.status, StatusCode::UNAUTHORIZED, "{}", anonymous_upload.body);
        let manager = app.signed_in_as(Role::Manager).await;
        let manager_upload = upload(&app, &manager, &own_case, "report", "報告", "", ("r.pdf", PDF)).await;
        assert_eq!(manager_upload.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get_as(&manager, &format!("/documents/{ruling}")).await.bytes, PDF);
        // Nobody signed in: no file either.
        let anonymous = app.get(&format!("/documents/{ruling}")).await;
        assert_ne!(anonymous.status, StatusCode::OK);
        assert!(!anonymous.bytes.starts_with(b"%PDF"));

        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "document.uploaded").count(), 4);
        assert_eq!(actions.iter().filter(|a| *a == "document.downloaded").count(), 4);
    }
}

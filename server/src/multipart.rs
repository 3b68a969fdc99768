//! Reading a multipart form with one file, up to a size limit and no further: the file stops
//! being read one byte past the limit (and the route's body limit cuts off anything larger),
//! so an oversized upload costs no more than the limit. Documents and ledger imports use it.

use app::api::AppError;
use axum::Json;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::collections::HashMap;

/// Longest text field read from an upload form, in bytes (a title is at most 200 characters).
const FIELD_MAX_BYTES: usize = 4 * 1024;

/// The form's text fields and its file (the field named `file`).
pub struct UploadForm {
    pub fields: HashMap<String, String>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl UploadForm {
    /// A text field's value, empty when the form lacks it.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }
}

/// The refusal of a file over the limit (field `file`, code `file_too_large`).
pub fn too_large() -> AppError {
    AppError::field("file", "file_too_large")
}

pub async fn read_form(mut form: Multipart, max_file_bytes: usize) -> Result<UploadForm, AppError> {
    let mut fields: HashMap<String, String> = HashMap::new();
    let (mut file_name, mut bytes, mut truncated) = (String::new(), Vec::new(), false);
    let over_limit = |error: &MultipartError| error.status() == StatusCode::PAYLOAD_TOO_LARGE;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if over_limit(&error) => {
                truncated = true;
                break;
            }
            Err(_) => return Err(AppError::field("file", "invalid")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file_name = field.file_name().unwrap_or_default().to_owned();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > max_file_bytes {
                            truncated = true;
                            break;
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(error) if over_limit(&error) => {
                        truncated = true;
                        break;
                    }
                    Err(_) => return Err(AppError::field("file", "invalid")),
                }
            }
            if truncated {
                break;
            }
        } else {
            let mut value = Vec::new();
            while let Some(chunk) =
                field.chunk().await.map_err(|_| AppError::field(&name, "invalid"))?
            {
                if value.len() + chunk.len() > FIELD_MAX_BYTES {
                    return Err(AppError::field(&name, "too_long"));
                }
                value.extend_from_slice(&chunk);
            }
            fields.insert(name, String::from_utf8_lossy(&value).into_owned());
        }
    }
    // Past the limit the form may not have been read at all (the body limit answers before the
    // first field when the length says so): the size is all there is to say.
    if truncated {
        return Err(too_large());
    }
    Ok(UploadForm { fields, file_name, bytes })
}

/// A refusal as a server function answers it: the status and the error as JSON (a file over
/// the limit as 413 Payload Too Large).
pub fn json_refusal(error: &AppError) -> Response {
    let status = if error.code_for("file").is_some_and(|code| code.ends_with("file_too_large")) {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    };
    (status, Json(error)).into_response()
}

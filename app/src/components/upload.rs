//! Posting a form with a file to one of the server's own upload routes (documents, ledgers):
//! the form's data sent with fetch, the answer decoded like a server function's (the value as
//! JSON, or the refusal with its field problems and its status).

use crate::api::AppError;
use leptos::web_sys::FormData;

#[cfg(feature = "hydrate")]
pub async fn post_form<T: serde::de::DeserializeOwned>(
    path: &str,
    data: FormData,
) -> Result<T, AppError> {
    use leptos::server_fn::codec::JsonEncoding;
    use leptos::server_fn::{Bytes, Decodes};
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Headers, RequestInit, Response};
    use wasm_bindgen_futures::JsFuture;
    let unreachable = |_| AppError::Unreachable;
    let headers = Headers::new().map_err(unreachable)?;
    headers.set("Accept", "application/json").map_err(unreachable)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&data);
    init.set_headers(&headers);
    let window = leptos::prelude::window();
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(unreachable)?
        .dyn_into()
        .map_err(unreachable)?;
    let text = JsFuture::from(response.text().map_err(unreachable)?)
        .await
        .map_err(unreachable)?
        .as_string()
        .unwrap_or_default();
    let body = Bytes::from(text);
    if response.ok() {
        <JsonEncoding as Decodes<T>>::decode(body).map_err(|_| AppError::Internal)
    } else {
        Err(<JsonEncoding as Decodes<AppError>>::decode(body).unwrap_or(AppError::Internal))
    }
}

/// Rendered on the server, a form is never sent from here (the browser posts it).
#[cfg(not(feature = "hydrate"))]
pub async fn post_form<T>(_path: &str, _data: FormData) -> Result<T, AppError> {
    Err(AppError::Unreachable)
}

//! Keeps what a user has typed into a form when the session ends under them, and puts it back
//! after they sign in again: a long decision-support record must never be lost to a timeout.
//!
//! While a page is open, every edit of a form field saves the page's fields to the tab's
//! `sessionStorage` (it dies with the tab and is never sent anywhere). The draft is put back
//! only when the session ended on that page (the idle warning ran out, or a form was refused
//! with 401) and the same user signs in again in the same tab; any other load of the page
//! forgets it, and signing out forgets them all. Passwords, hidden fields and files are never
//! kept.

/// Storage keys: one draft per page path, and the page whose draft is due back.
#[cfg(feature = "hydrate")]
const DRAFT_PREFIX: &str = "koken:draft:";
#[cfg(feature = "hydrate")]
const RESTORE_KEY: &str = "koken:restore";

/// Starts keeping drafts for the signed-in user, and brings back this page's draft if the
/// session ended on it. Browser only; called once by the application shell.
pub fn keep_drafts(user_id: uuid::Uuid) {
    #[cfg(feature = "hydrate")]
    browser::install(user_id);
    #[cfg(not(feature = "hydrate"))]
    let _ = user_id;
}

/// The session has ended on this page: its draft comes back after the next sign-in.
pub fn restore_after_sign_in() {
    #[cfg(feature = "hydrate")]
    browser::mark_current_page();
}

/// Forgets every draft of this tab (at sign-out).
pub fn forget_all() {
    #[cfg(feature = "hydrate")]
    browser::forget_all();
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{DRAFT_PREFIX, RESTORE_KEY};
    use leptos::prelude::{document, set_timeout, window};
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage};

    /// The fields whose text is kept.
    const KEPT_FIELDS: &str = "textarea[name], select[name], input[name]:not([type=password]):not([type=hidden]):not([type=file]):not([type=checkbox]):not([type=radio]):not([type=submit])";
    /// A page's form may render after its data arrives: try again for a few seconds.
    const RESTORE_ATTEMPTS: u32 = 20;
    const RESTORE_INTERVAL: Duration = Duration::from_millis(250);

    fn storage() -> Option<Storage> {
        window().session_storage().ok().flatten()
    }

    fn current_path() -> String {
        window().location().pathname().unwrap_or_default()
    }

    fn draft_key(path: &str) -> String {
        format!("{DRAFT_PREFIX}{path}")
    }

    /// A field's name on the page: its id, or its form's id and its own name, or the form's
    /// position among the page's forms and its name. Ids first: forms above it in a list
    /// loaded later would shift a position.
    fn field_key(element: &Element) -> Option<String> {
        if !element.id().is_empty() {
            return Some(format!("#{}", element.id()));
        }
        let name = element.get_attribute("name")?;
        if let Some(form_id) = element.get_attribute("form") {
            return Some(format!("{form_id}/{name}"));
        }
        let form = element.closest("form").ok().flatten()?;
        if !form.id().is_empty() {
            return Some(format!("{}/{name}", form.id()));
        }
        let forms = document().query_selector_all("form").ok()?;
        let position = (0..forms.length())
            .find(|i| forms.item(*i).is_some_and(|node| node.is_same_node(Some(form.as_ref()))))?;
        Some(format!("{position}/{name}"))
    }

    fn value_of(element: &Element) -> Option<String> {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            Some(input.value())
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            Some(area.value())
        } else {
            element.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value)
        }
    }

    fn set_value(element: &Element, value: &str) {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value);
        }
        // Components that listen for input learn of the restored text as of typed text.
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = element.dispatch_event(&event);
        }
    }

    fn kept_fields() -> Vec<Element> {
        let Ok(list) = document().query_selector_all(KEPT_FIELDS) else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|node| node.dyn_into::<Element>().ok()))
            .collect()
    }

    /// Saves the page's fields, with the user they belong to.
    fn save(user_id: &str) {
        let Some(storage) = storage() else { return };
        let draft = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&draft, &"user".into(), &user_id.into());
        let fields = js_sys::Object::new();
        for element in kept_fields() {
            if let (Some(key), Some(value)) = (field_key(&element), value_of(&element)) {
                let _ = js_sys::Reflect::set(&fields, &key.into(), &value.into());
            }
        }
        let _ = js_sys::Reflect::set(&draft, &"fields".into(), &fields);
        if let Ok(json) = js_sys::JSON::stringify(&draft) {
            let _ = storage.set_item(&draft_key(&current_path()), &String::from(json));
        }
    }

    /// Puts the draft's values into the fields found so far; true when all were found.
    fn restore(fields: &js_sys::Object) -> bool {
        let wanted = js_sys::Object::keys(fields).length();
        let mut found = 0;
        for element in kept_fields() {
            let Some(key) = field_key(&element) else { continue };
            let Ok(value) = js_sys::Reflect::get(fields, &key.into()) else { continue };
            if let Some(value) = value.as_string() {
                found += 1;
                if value_of(&element).as_deref() != Some(value.as_str()) {
                    set_value(&element, &value);
                }
            }
        }
        found >= wanted
    }

    fn restore_with_retries(fields: js_sys::Object, attempts_left: u32) {
        if restore(&fields) || attempts_left == 0 {
            return;
        }
        set_timeout(move || restore_with_retries(fields, attempts_left - 1), RESTORE_INTERVAL);
    }

    pub fn install(user_id: uuid::Uuid) {
        let Some(storage) = storage() else { return };
        let user_id = user_id.to_string();
        let path = current_path();
        let due = storage.get_item(RESTORE_KEY).ok().flatten();
        let _ = storage.remove_item(RESTORE_KEY);
        let saved = storage.get_item(&draft_key(&path)).ok().flatten();
        let _ = storage.remove_item(&draft_key(&path));
        if due.as_deref() == Some(path.as_str())
            && let Some(saved) = saved
            && let Ok(draft) = js_sys::JSON::parse(&saved)
            && js_sys::Reflect::get(&draft, &"user".into()).ok().and_then(|u| u.as_string())
                == Some(user_id.clone())
            && let Ok(fields) = js_sys::Reflect::get(&draft, &"fields".into())
            && let Ok(fields) = fields.dyn_into::<js_sys::Object>()
        {
            restore_with_retries(fields, RESTORE_ATTEMPTS);
        }
        let on_edit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let is_kept = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .is_some_and(|element| element.matches(KEPT_FIELDS).unwrap_or(false));
            if is_kept && !is_sign_in_page(&current_path()) {
                save(&user_id);
            }
        });
        for kind in ["input", "change"] {
            let _ =
                document().add_event_listener_with_callback(kind, on_edit.as_ref().unchecked_ref());
        }
        // Listens for the life of the page.
        on_edit.forget();
    }

    /// The sign-in pages are where a draft is waited for, never where one is written.
    fn is_sign_in_page(path: &str) -> bool {
        path.starts_with("/login")
    }

    pub fn mark_current_page() {
        let path = current_path();
        if let Some(storage) = storage()
            && !is_sign_in_page(&path)
        {
            let _ = storage.set_item(RESTORE_KEY, &path);
        }
    }

    pub fn forget_all() {
        let Some(storage) = storage() else { return };
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with("koken:"))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

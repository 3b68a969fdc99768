//! Kōken Desk, the web application: pages and components (rendered on the server and hydrated
//! in the browser), the server functions they call, and the domain rules both sides share.
//!
//! Features decide what each build sees: `ssr` for the server binary (database access lives
//! in [`server`], compiled only there), `hydrate` for the wasm bundle.

// The view types of the larger pages nest deeper than the compiler's default limit of 128 when
// it lays out their hydration futures in the release wasm build.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser entry point: attach the client-side app to the HTML the server rendered. The
/// pages are lazily loaded wasm chunks (see `app::lazy_pages!`), so hydration waits for the
/// opened page's chunk before it takes over (what `leptos::mount::hydrate_lazy` does), and only
/// then is the page marked hydrated.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        app::mark_hydrated();
    });
}

/// Room for wasm-split (cargo-leptos `--split`) to lay out the chunks' static data. It moves each
/// page's strings and tables into that page's chunk, laid out anew with their alignments, and if
/// the new layout would be longer than the linker's data segment (by 114 bytes in December
/// 2026) it gives up and leaves the whole segment in the initial module, which then carries
/// every page's texts (240 KB brotli became 325 KB). These bytes lengthen the segment and belong
/// to no chunk (nothing refers to them; `#[used]` keeps them through the linker), so the layout
/// fits. `tools/wasm-size.sh` fails if the fallback returns.
#[cfg(feature = "hydrate")]
#[used]
static WASM_SPLIT_SLACK: [u8; 4096] = [0xa5; 4096];

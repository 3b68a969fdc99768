//! Putting the application together: database, routes, layers, and the listening socket.
//! `build_app` is what `main` and the integration tests both call.

use crate::auth::{self, AuthSettings, SessionCookie, SignInLimiter, TrustedProxies};
use crate::config::Config;
use crate::csrf::{self, SiteOrigin};
use crate::{
    assets, calendar, database, documents, exports, health, import_template, imports, locale,
    middleware,
};
use app::app::{App, shell};
use app::server::clock::Clock;
use app::server::read_cache::ReadCache;
use axum::Router;
use axum::extract::FromRef;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use std::convert::Infallible;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;
use tower::util::BoxCloneSyncService;

/// Must match `output-name` in the workspace's `[[workspace.metadata.leptos]]`.
const OUTPUT_NAME: &str = "koken_desk";

/// The application, ready to serve.
pub struct Application {
    pub router: Router,
    pub db: DatabaseConnection,
}

/// What handlers can ask for with `State<…>`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub auth: Arc<AuthSettings>,
    /// Sessions, settings, case lists and figures while the data is unchanged; the same cache
    /// the server functions find in their context.
    pub read_cache: ReadCache,
}

/// Opens (and, for the default SQLite file, creates) the database, applies the migrations, and
/// builds the router.
pub async fn build_app(config: &Config) -> anyhow::Result<Application> {
    let db = open_database(config).await?;
    let router = router(config, db.clone(), Clock::system());
    Ok(Application { router, db })
}

/// Opens the configured database, up to date. The default SQLite file's directory is created
/// on first start.
pub async fn open_database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.uses_default_database() {
        std::fs::create_dir_all(&config.data_dir).map_err(|error| {
            anyhow::anyhow!(
                "cannot create the data directory {}: {error}",
                config.data_dir.display()
            )
        })?;
    }
    database::connect_and_migrate(&config.database_url()).await
}

/// The routes: health check, language form, sign-in and sign-out, the Leptos pages and server
/// functions (with the database and the clock in their context) behind the session layer, and
/// the static files.
pub fn router(config: &Config, db: DatabaseConnection, clock: Clock) -> Router {
    let leptos_options = leptos_options(config);
    let auth = AuthSettings {
        policy: config.session_policy(),
        cookie: SessionCookie::new(config.serves_https()),
        trusted_proxies: TrustedProxies::new(config.trusted_proxies.clone()),
        limiter: SignInLimiter::default(),
    };
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        clock: clock.clone(),
        auth: Arc::new(auth),
        read_cache: ReadCache::new(&db),
    };
    let read_cache = state.read_cache.clone();
    let provide_request_context = move || {
        provide_context(db.clone());
        provide_context(clock.clone());
        provide_context(read_cache.clone());
    };
    let render_shell = {
        let options = leptos_options.clone();
        move || shell(options.clone())
    };
    let sessions = from_fn_with_state(state.clone(), auth::session_layer);

    let routes = generate_route_list(App);
    let pages = Router::new()
        .route("/auth/sign-in", post(auth::sign_in))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/auth/two-factor", post(auth::second_factor))
        .route("/documents/{id}", get(documents::download))
        .route("/exports/{file}", get(exports::download))
        .route("/imports/template.xlsx", get(import_template::template))
        .route("/documents/upload", post(documents::upload).layer(documents::upload_body_limit()))
        .route("/imports/upload", post(imports::upload).layer(imports::upload_body_limit()))
        .leptos_routes_with_context(
            &state,
            routes,
            provide_request_context.clone(),
            render_shell.clone(),
        )
        .layer(from_fn(auth::require_sign_in_for_pages))
        .layer(from_fn_with_state(state.clone(), auth::audit_denied_records))
        .layer(sessions.clone());
    let open = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/calendar/{file}", get(calendar::feed))
        .route("/locale", post(locale::set_locale));

    let not_found = not_found_page(provide_request_context, render_shell, sessions);
    let site_root = PathBuf::from(leptos_options.site_root.as_ref());
    let files = assets::routes(&site_root, leptos_options.hash_files, not_found);

    let site = pages
        .merge(open)
        .merge(files)
        .with_state(state)
        .layer(from_fn_with_state(
            SiteOrigin::from_public_url(config.public_url.as_deref()),
            csrf::reject_cross_site,
        ))
        // Outermost of the site's own layers: an oversized body costs no session lookup.
        .layer(from_fn(crate::body_limit::limit_server_function_bodies));
    middleware::wrap(site, config.serves_https())
}

/// Unknown paths render the application, whose router shows the "not found" page with a 404
/// (behind the session layer, so a signed-in user keeps their header).
fn not_found_page<IV: leptos::IntoView + 'static, L>(
    provide_request_context: impl Fn() + Clone + Send + Sync + 'static,
    render_shell: impl Fn() -> IV + Clone + Send + Sync + 'static,
    sessions: L,
) -> BoxCloneSyncService<http::Request<axum::body::Body>, axum::response::Response, Infallible>
where
    L: tower::Layer<
            BoxCloneSyncService<
                http::Request<axum::body::Body>,
                axum::response::Response,
                Infallible,
            >,
        >,
    L::Service: tower::Service<
            http::Request<axum::body::Body>,
            Response = axum::response::Response,
            Error = Infallible,
        > + Clone
        + Send
        + Sync
        + 'static,
    <L::Service as tower::Service<http::Request<axum::body::Body>>>::Future: Send + 'static,
{
    let render =
        leptos_axum::render_app_to_stream_with_context(provide_request_context, render_shell);
    let page = BoxCloneSyncService::new(tower::service_fn(move |request| {
        let response = render(request);
        async move { Ok::<_, Infallible>(response.await) }
    }));
    BoxCloneSyncService::new(sessions.layer(page))
}

fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .env(if cfg!(debug_assertions) { Env::DEV } else { Env::PROD })
        .hash_files(hash_file_exists())
        .build()
}

/// cargo-leptos writes `hash.txt` (the content hashes in the JS, wasm and CSS file names) next
/// to the server binary it builds. Test binaries and plain `cargo build`s have none: they link
/// the unhashed names.
fn hash_file_exists() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .is_some_and(|dir| dir.join("hash.txt").is_file())
}

/// Binds the listening socket.
pub async fn bind(address: std::net::SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {address}: {error}"))
}

/// Serves until `shutdown` completes, then stops accepting and lets running requests finish.
///
/// Every accepted connection gets TCP_NODELAY: without it, small responses on a keep-alive
/// connection wait ~40 ms for the peer's delayed ACK (Nagle's algorithm).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "cannot set TCP_NODELAY");
        }
    });
    // The peer's address reaches handlers as `ConnectInfo`, for the audit trail and rate limit.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|error| anyhow::anyhow!("the server stopped: {error}"))
}

/// Completes on Ctrl-C or SIGTERM (what systemd and container runtimes send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

//! The HTML document and the application shell: header, navigation, routes and footer.

use crate::components::title::DocumentTitle;
use crate::components::{
    footer::SiteFooter,
    header::SiteHeader,
    skip_link::{MAIN_ID, SkipLink},
};
use crate::i18n::{I18nContextProvider, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, Locale};
use crate::pages::admin::{
    AdminPage,
    audit::AuditLogPage,
    master_data::{CourtsPage, DistrictsPage, OrganisationsPage},
    offices::OfficesPage,
    user::UserPage,
    users::UsersPage,
};
use crate::pages::cases::{detail::CaseDetailPage, list::CaseListPage};
use crate::pages::consultations::{
    edit::EditConsultationPage, log::ConsultationLogPage, new::NewConsultationPage,
};
use crate::pages::dashboard::DashboardPage;
use crate::pages::deadlines::DeadlinesPage;
use crate::pages::guardians::{
    detail::GuardianPage, form::NewGuardianPage, list::GuardianListPage,
};
use crate::pages::imports::ImportPage;
use crate::pages::inbox::InboxPage;
use crate::pages::outreach::{EventPage, EventsPage};
use crate::pages::persons::PersonPage;
use crate::pages::portal::{MyCasePage, MyWorkPage};
use crate::pages::statistics::StatisticsPage;
use crate::pages::support::{SupportPage, SupportThreadPage};
use crate::pages::{
    account::AccountPage, home::HomePage, login::LoginPage, not_found::NotFoundPage,
    second_factor::SecondFactorPage,
};
use leptos::lazy;
use leptos::prelude::*;
use leptos_i18n::context::{CookieOptions, UseLocalesOptions};
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::security::set_page_policy();
    let scripts_options = without_chunk_preloads(&options);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=scripts_options />
                <leptos_meta::HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The options for `HydrationScripts`, with a site root where the wasm split manifest cannot be
/// found, so that no page links the wasm chunks as preloads.
///
/// With the manifest, Leptos (leptos_integration_utils 0.8.9) adds a `<link rel="preload">` for
/// every chunk the page's route and its lazily loaded sections might need (132 on a case page,
/// 19 KB of HTML) to some renders and not to others: it looks the manifest up outside the
/// request's reactive owner, so the answer depends on which render ran last on that thread.
/// Never preloading is the deterministic choice, and the lighter one for old office PCs: a
/// page's chunks load when its code asks for them (one round trip after the initial module on
/// a first visit; the server's HTML is readable and its forms work before that). The site root
/// is read for nothing else here: the scripts' and styles' names come from the hash file.
fn without_chunk_preloads(options: &LeptosOptions) -> LeptosOptions {
    let mut options = options.clone();
    // Below a file, so no directory of that name can exist.
    options.site_root = "/dev/null/no-split-manifest".into();
    options
}

/// The language cookie: for the whole site, kept a year, not sent to other sites' requests.
fn locale_cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(LOCALE_COOKIE_MAX_AGE_SECONDS * 1000)
        .same_site(leptos_use::SameSite::Lax)
}

/// Japanese unless the user chose otherwise: the browser's Accept-Language is ignored, because
/// staff PCs are often set to English while the centre works in Japanese.
fn ignore_accept_language() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| None)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::api::session::provide_current_user();

    view! {
        <I18nContextProvider
            cookie_name=LOCALE_COOKIE
            cookie_options=locale_cookie_options()
            ssr_lang_header_getter=ignore_accept_language()
        >
            <DocumentTitle />
            <Router>
                <SkipLink />
                <SiteHeader />
                {crate::api::session::use_current_user().map(|user| view! {
                    <crate::components::session_keeper::SessionKeeper user />
                })}
                <main id=MAIN_ID tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                        <Route path=path!("/login/two-factor") view={Lazy::<SecondFactorRoute>::new()} />
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
                        <Route path=path!("/cases") view={Lazy::<CaseListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/cases/:id") view={Lazy::<CaseDetailRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/consultations") view={Lazy::<ConsultationLogRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/persons/:id") view={Lazy::<PersonRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/consultations/new") view={Lazy::<NewConsultationRoute>::new()} />
                        <Route path=path!("/consultations/:id") view={Lazy::<EditConsultationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/guardians") view={Lazy::<GuardianListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/imports") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/guardians/new") view={Lazy::<NewGuardianRoute>::new()} />
                        <Route path=path!("/guardians/:id") view={Lazy::<GuardianRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/my") view={Lazy::<MyWorkRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/my/cases/:id") view={Lazy::<MyCaseRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/inbox") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/support") view={Lazy::<SupportRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/support/:id") view={Lazy::<SupportThreadRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events") view={Lazy::<EventsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events/:id") view={Lazy::<EventRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/deadlines") view={Lazy::<DeadlinesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/statistics") view={Lazy::<StatisticsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} />
                        <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()} />
                        <Route path=path!("/admin/users/:id") view={Lazy::<UserRoute>::new()} />
                        <Route path=path!("/admin/offices") view={Lazy::<OfficesRoute>::new()} />
                        <Route path=path!("/admin/districts") view={Lazy::<DistrictsRoute>::new()} />
                        <Route path=path!("/admin/courts") view={Lazy::<CourtsRoute>::new()} />
                        <Route path=path!("/admin/organisations") view={Lazy::<OrganisationsRoute>::new()} />
                        <Route path=path!("/admin/audit") view={Lazy::<AuditLogRoute>::new()} />
                    </Routes>
                </main>
                <SiteFooter />
            </Router>
        </I18nContextProvider>
    }
}

/// Declares the pages, in groups whose code loads on demand: with `cargo leptos build --split`
/// each group's `#[lazy]` function is a split point, and its code a few wasm chunks fetched when
/// a page of the group is first opened (or, on a full page load, with the page). The first
/// download carries the shell and not every page of the application.
///
/// Groups rather than one split point per page: wasm-split cuts the code by the set of split
/// points that reach it, so with a split point per page the case page alone preloaded 538
/// files (a `<link rel="preload">` each in its head, and as many requests on a first visit);
/// pages that are used together load together instead.
/// The pages load their own data, so a route's data half only names its page. Each group also
/// names the preloading function `#[lazy]` generates beside its function (`__preload_` and the
/// function's name): `macro_rules!` cannot put that identifier together itself.
macro_rules! lazy_page_groups {
    ($(
        $(#[$doc:meta])*
        $pages:ident, preloaded by $preload:ident, as $group:ident {
            $($route:ident => $page:ident,)+
        }
    )+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        enum $group {
            $($route,)+
        }

        #[lazy]
        fn $pages(page: $group) -> AnyView {
            match page {
                $($group::$route => view! { <$page /> }.into_any(),)+
            }
        }

        $(
            #[derive(Debug)]
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    $pages($group::$route).await
                }

                async fn preload() {
                    // Fetches the group's chunks while the router prepares the route (the
                    // preloader exists only in the split wasm build).
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )+
    )+};
}

lazy_page_groups! {
    /// Signing in, the home page and the account: what anyone opens first.
    pages_entry, preloaded by __preload_pages_entry, as EntryPage {
        HomeRoute => HomePage,
        LoginRoute => LoginPage,
        SecondFactorRoute => SecondFactorPage,
        AccountRoute => AccountPage,
    }
    /// The case files: the list, a case, a person.
    pages_case_files, preloaded by __preload_pages_case_files, as CaseFilePage {
        CaseListRoute => CaseListPage,
        CaseDetailRoute => CaseDetailPage,
        PersonRoute => PersonPage,
    }
    /// Intake: the consultation log, its forms, and ledger imports.
    pages_intake, preloaded by __preload_pages_intake, as IntakePage {
        ConsultationLogRoute => ConsultationLogPage,
        NewConsultationRoute => NewConsultationPage,
        EditConsultationRoute => EditConsultationPage,
        ImportRoute => ImportPage,
    }
    /// The guardian register and the training and outreach events.
    pages_guardians, preloaded by __preload_pages_guardians, as GuardianRegisterPage {
        GuardianListRoute => GuardianListPage,
        NewGuardianRoute => NewGuardianPage,
        GuardianRoute => GuardianPage,
        EventsRoute => EventsPage,
        EventRoute => EventPage,
    }
    /// A guardian's own pages and the support threads between guardians and the centre.
    pages_portal, preloaded by __preload_pages_portal, as PortalPage {
        MyWorkRoute => MyWorkPage,
        MyCaseRoute => MyCasePage,
        SupportRoute => SupportPage,
        SupportThreadRoute => SupportThreadPage,
    }
    /// Monitoring: the coordinator's inbox, the deadlines, the manager's dashboard and the
    /// council's statistics.
    pages_monitoring, preloaded by __preload_pages_monitoring, as MonitoringPage {
        InboxRoute => InboxPage,
        DeadlinesRoute => DeadlinesPage,
        StatisticsRoute => StatisticsPage,
        DashboardRoute => DashboardPage,
    }
    /// Administration: accounts, offices, master data and the audit trail.
    pages_admin, preloaded by __preload_pages_admin, as AdminAreaPage {
        AdminRoute => AdminPage,
        UsersRoute => UsersPage,
        UserRoute => UserPage,
        OfficesRoute => OfficesPage,
        DistrictsRoute => DistrictsPage,
        CourtsRoute => CourtsPage,
        OrganisationsRoute => OrganisationsPage,
        AuditLogRoute => AuditLogPage,
    }
}

/// Sets `data-hydrated` on `<body>` once the wasm has taken over the server's HTML, the opened
/// page's lazily loaded part included. Only the browser entry point calls it, so the attribute
/// never appears in server-rendered HTML: browser tests wait for it before they test
/// client-side behaviour.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

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
use leptos::prelude::*;
use leptos_i18n::context::{CookieOptions, UseLocalesOptions};
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Router, Routes},
    lazy_route, path,
};

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::security::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <leptos_meta::HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
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

/// Declares a page whose code loads on demand: with `cargo leptos build --split` each becomes a
/// wasm chunk of its own, fetched when the page is first opened (or, on a full page load, with
/// the page), so the first download carries the shell and not every page of the application.
/// The pages load their own data, so the route's data half is empty.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident;)+) => {$(
        #[derive(Debug)]
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )+};
}

lazy_pages! {
    HomeRoute => HomePage;
    LoginRoute => LoginPage;
    SecondFactorRoute => SecondFactorPage;
    AccountRoute => AccountPage;
    CaseListRoute => CaseListPage;
    CaseDetailRoute => CaseDetailPage;
    ConsultationLogRoute => ConsultationLogPage;
    PersonRoute => PersonPage;
    NewConsultationRoute => NewConsultationPage;
    EditConsultationRoute => EditConsultationPage;
    GuardianListRoute => GuardianListPage;
    NewGuardianRoute => NewGuardianPage;
    GuardianRoute => GuardianPage;
    ImportRoute => ImportPage;
    MyWorkRoute => MyWorkPage;
    MyCaseRoute => MyCasePage;
    DeadlinesRoute => DeadlinesPage;
    StatisticsRoute => StatisticsPage;
    DashboardRoute => DashboardPage;
    InboxRoute => InboxPage;
    SupportRoute => SupportPage;
    SupportThreadRoute => SupportThreadPage;
    EventsRoute => EventsPage;
    EventRoute => EventPage;
    AdminRoute => AdminPage;
    UsersRoute => UsersPage;
    UserRoute => UserPage;
    OfficesRoute => OfficesPage;
    DistrictsRoute => DistrictsPage;
    CourtsRoute => CourtsPage;
    OrganisationsRoute => OrganisationsPage;
    AuditLogRoute => AuditLogPage;
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

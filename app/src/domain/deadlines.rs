//! What a guardian owes the family court, and when, from an appointment's dates:
//!
//! - the initial inventory (財産目録, 民法853条): one month after the office began, counted by the
//!   Civil Code's rules on periods, extendable by the court; owed by 成年後見人, and by 保佐人 and
//!   補助人 when the court gave them powers over property (it usually asks the same);
//! - periodic reports (定期報告) by the court's rule, kept per court or branch: a reference
//!   (decision date, date of effect, the person's birthday, or a fixed month), an interval and an
//!   offset in months, due at the end of that month; or a first date set for the appointment;
//! - the settlement of accounts (管理の計算, 民法870条) two months after the office ended; a
//!   voluntary guardian reports at the end without delay (due the day the office ended);
//! - optionally a fee petition (報酬付与) with each periodic report.
//!
//! Supervisors owe none of them. A due date on a day the court is closed moves to its next open
//! day. Everything here is recomputed from the dates whenever they change.

use crate::domain::appointments::AppointmentRole;
use crate::domain::categories::{Category, category};
use crate::domain::paging;
use crate::domain::periods::{end_of_month, months_after, next_open_day};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

category! {
    /// What is due.
    DeadlineKind {
        Inventory => "inventory", "財産目録の提出", "Initial inventory";
        PeriodicReport => "periodic_report", "定期報告", "Periodic report";
        Settlement => "settlement", "管理の計算（終了報告）", "Settlement of accounts";
        FinalReport => "final_report", "終了の報告（任意後見）", "Final report (voluntary)";
        FeePetition => "fee_petition", "報酬付与の申立て", "Fee petition";
    }
}

category! {
    /// What a court's periodic-report rule counts from.
    ReportReference {
        DecisionDate => "decision_date", "審判日", "Decision date";
        EffectiveDate => "effective_date", "効力発生日", "Date it took effect";
        Birthday => "birthday", "本人の誕生日", "The person's birthday";
        FixedMonth => "fixed_month", "毎年決まった月", "A fixed month";
    }
}

/// A court's (or branch's) rule for periodic reports: due at the end of the month that is
/// `offset_months` after the reference month, then every `interval_months`. "Yearly, at the
/// end of the month after the decision's month" is `DecisionDate`, 12, 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRule {
    pub reference: ReportReference,
    /// For `FixedMonth`: the month (1–12).
    pub fixed_month: Option<u32>,
    pub interval_months: u32,
    pub offset_months: u32,
}

impl Default for ReportRule {
    fn default() -> ReportRule {
        ReportRule {
            reference: ReportReference::DecisionDate,
            fixed_month: None,
            interval_months: 12,
            offset_months: 1,
        }
    }
}

/// The dates of an appointment the deadlines come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentDates {
    pub role: AppointmentRole,
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub person_birthday: Option<NaiveDate>,
    /// For 保佐人 and 補助人: whether the court gave powers over property (it then asks for
    /// the inventory too).
    pub property_powers: bool,
    /// A first periodic report date the court set for this appointment, replacing its rule.
    pub first_report_on: Option<NaiveDate>,
    pub fee_petitions: bool,
    /// Deadlines due before this day are not kept here (an appointment imported from a ledger
    /// that kept them before).
    pub tracked_from: Option<NaiveDate>,
}

/// What the court decided about an appointment's reports, as a coordinator records it after
/// the decision (or a later letter from the court).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingSettings {
    /// For 保佐人 and 補助人 only: powers over property (the inventory is then owed).
    pub property_powers: bool,
    /// A first periodic report date the court set, replacing its rule.
    pub first_report_on: Option<NaiveDate>,
    /// A fee petition (報酬付与) with each periodic report.
    pub fee_petitions: bool,
}

/// Checks reporting settings for an appointment: only an active principal's office owes
/// reports, and a first report cannot come before the office began. Returns the settings as
/// stored (powers over property are recorded for curators and assistants only), or the
/// problems as (form field, message code).
pub fn check_reporting(
    role: AppointmentRole,
    effective_on: NaiveDate,
    ended: bool,
    settings: ReportingSettings,
) -> Result<ReportingSettings, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    if ended {
        problems.push(("appointment_id", "appointment_ended"));
    } else if role.is_supervisor() {
        problems.push(("appointment_id", "no_reports_owed"));
    }
    if settings.first_report_on.is_some_and(|first| first <= effective_on) {
        problems.push(("first_report_on", "first_report_before_start"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let powers_recorded = matches!(role, AppointmentRole::Curator | AppointmentRole::Assistant);
    Ok(ReportingSettings {
        property_powers: settings.property_powers && powers_recorded,
        ..settings
    })
}

/// A deadline as generated; `sequence` numbers the periodic ones (1, 2, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub sequence: u32,
    pub due_on: NaiveDate,
}

fn owes_inventory(dates: &AppointmentDates) -> bool {
    match dates.role {
        AppointmentRole::Guardian => true,
        AppointmentRole::Curator | AppointmentRole::Assistant => dates.property_powers,
        _ => false,
    }
}

/// The first day of the month `months` after `date`'s month.
fn month_start(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.with_day(1)?.checked_add_months(Months::new(months))
}

/// The periodic report dates the rule gives, from the first one on, while the office lasts
/// (month ends, or the day the court set, before moving past closed days).
fn periodic(dates: &AppointmentDates, rule: &ReportRule) -> impl Iterator<Item = NaiveDate> {
    let interval = rule.interval_months.max(1);
    let first = match dates.first_report_on {
        Some(first) => Some(first),
        None => {
            // The month the rule counts from: in the year the office began (or the last
            // occurrence before it, for a birthday or a fixed month).
            let anchor = match rule.reference {
                ReportReference::DecisionDate => Some(dates.decided_on),
                ReportReference::EffectiveDate => Some(dates.effective_on),
                ReportReference::Birthday | ReportReference::FixedMonth => {
                    let month = match rule.reference {
                        ReportReference::Birthday => dates.person_birthday.map(|b| b.month()),
                        _ => rule.fixed_month.filter(|m| (1..=12).contains(m)),
                    };
                    month.and_then(|month| {
                        let this_year =
                            NaiveDate::from_ymd_opt(dates.effective_on.year(), month, 1)?;
                        if this_year <= dates.effective_on {
                            Some(this_year)
                        } else {
                            this_year.checked_sub_months(Months::new(12))
                        }
                    })
                }
            };
            // The first report comes one interval after the anchor: the inventory covers the
            // start.
            anchor
                .and_then(|anchor| month_start(anchor, rule.offset_months + interval))
                .map(end_of_month)
        }
    };
    let set_day = dates.first_report_on.is_some();
    let ended_on = dates.ended_on;
    first
        .into_iter()
        .flat_map(move |first| {
            (0..).map_while(move |k: u32| {
                let start =
                    first.with_day(1)?.checked_add_months(Months::new(k.checked_mul(interval)?))?;
                // A date set for the appointment keeps its day; the rule's fall at month ends.
                Some(if set_day {
                    start.with_day(first.day()).unwrap_or_else(|| end_of_month(start))
                } else {
                    end_of_month(start)
                })
            })
        })
        .take_while(move |date| ended_on.is_none_or(|ended| *date < ended))
}

/// Whether the appointment owes periodic reports at all (a voluntary guardian reports through
/// the supervisor, unless the court set a date).
fn owes_periodic_reports(dates: &AppointmentDates) -> bool {
    !dates.role.is_supervisor()
        && (dates.role != AppointmentRole::VoluntaryGuardian || dates.first_report_on.is_some())
}

/// The first periodic report after `until` (before moving past closed days): what a
/// generation up to `until` leaves for later, or none when no more are owed.
pub fn next_report_after(
    dates: &AppointmentDates,
    rule: &ReportRule,
    until: NaiveDate,
) -> Option<NaiveDate> {
    if !owes_periodic_reports(dates) {
        return None;
    }
    periodic(dates, rule).find(|date| *date > until)
}

/// Every deadline of an appointment up to `until` (periodic reports run on while the office
/// does), each due date moved to the court's next open day.
pub fn deadlines(dates: &AppointmentDates, rule: &ReportRule, until: NaiveDate) -> Vec<Deadline> {
    if dates.role.is_supervisor() {
        return Vec::new();
    }
    let mut all = Vec::new();
    if owes_inventory(dates) {
        all.push(Deadline {
            kind: DeadlineKind::Inventory,
            sequence: 1,
            due_on: next_open_day(months_after(dates.effective_on, 1)),
        });
    }
    if owes_periodic_reports(dates) {
        for (index, due) in periodic(dates, rule).take_while(|due| *due <= until).enumerate() {
            let sequence = index as u32 + 1;
            let due_on = next_open_day(due);
            all.push(Deadline { kind: DeadlineKind::PeriodicReport, sequence, due_on });
            if dates.fee_petitions {
                all.push(Deadline { kind: DeadlineKind::FeePetition, sequence, due_on });
            }
        }
    }
    if let Some(ended) = dates.ended_on {
        let deadline = if dates.role == AppointmentRole::VoluntaryGuardian {
            Deadline { kind: DeadlineKind::FinalReport, sequence: 1, due_on: next_open_day(ended) }
        } else {
            Deadline {
                kind: DeadlineKind::Settlement,
                sequence: 1,
                due_on: next_open_day(months_after(ended, 2)),
            }
        };
        all.push(deadline);
    }
    if let Some(from) = dates.tracked_from {
        all.retain(|deadline| deadline.due_on >= from);
    }
    all.sort_by_key(|deadline| (deadline.due_on, deadline.kind.code(), deadline.sequence));
    all
}

/// How far ahead periodic reports are generated: a little over a year, so that every active
/// appointment shows its next report whatever the court's interval (up to a year).
pub const HORIZON_DAYS: u64 = 400;

/// The last due date generated on `today`.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(HORIZON_DAYS)).unwrap_or(NaiveDate::MAX)
}

/// How far ahead a deadline counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// Where a deadline stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineStatus {
    Done,
    Overdue { days: i64 },
    DueSoon { days_left: i64 },
    Upcoming,
}

/// The status of a deadline due on `due_on` (or on the date the court extended it to).
pub fn status(
    due_on: NaiveDate,
    extended_to: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    today: NaiveDate,
) -> DeadlineStatus {
    if done_on.is_some() {
        return DeadlineStatus::Done;
    }
    let due = extended_to.map_or(due_on, |extended| extended.max(due_on));
    let days_left = (due - today).num_days();
    if days_left < 0 {
        DeadlineStatus::Overdue { days: -days_left }
    } else if days_left <= DUE_SOON_DAYS {
        DeadlineStatus::DueSoon { days_left }
    } else {
        DeadlineStatus::Upcoming
    }
}

/// Which open deadlines a list shows, by how soon they are due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueWindow {
    Overdue,
    /// Overdue and due within 30 days.
    Soon,
    /// Overdue and due within 90 days: the usual view.
    #[default]
    Quarter,
    /// Every open deadline.
    All,
}

impl DueWindow {
    pub const ALL: [DueWindow; 4] =
        [DueWindow::Overdue, DueWindow::Soon, DueWindow::Quarter, DueWindow::All];

    pub fn code(self) -> &'static str {
        match self {
            DueWindow::Overdue => "overdue",
            DueWindow::Soon => "soon",
            DueWindow::Quarter => "90",
            DueWindow::All => "all",
        }
    }

    /// Unknown values give the usual view, as a bookmarked list should keep working.
    pub fn parse(code: &str) -> DueWindow {
        DueWindow::ALL.into_iter().find(|w| w.code() == code).unwrap_or_default()
    }

    /// The last due date the window shows on `today` (none: no limit).
    pub fn last_day(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            DueWindow::Overdue => today.pred_opt(),
            DueWindow::Soon => Some(today + chrono::Days::new(DUE_SOON_DAYS as u64)),
            DueWindow::Quarter => Some(today + chrono::Days::new(90)),
            DueWindow::All => None,
        }
    }
}

/// Rows a page of the open-deadlines list shows: a screen's worth, and cheap to render.
pub const LIST_PAGE_SIZE: u64 = 50;

/// The open-deadlines list as it stands in the URL: `due=<window>&page=<n>`, pages counted from
/// one there and from zero here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeadlineListQuery {
    pub window: DueWindow,
    pub page: u64,
}

impl DeadlineListQuery {
    /// Reads the query from URL parameters; anything unknown gives the first page of the usual
    /// view, as a bookmarked list should keep working.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = DeadlineListQuery::default();
        for (key, value) in pairs {
            match key {
                "due" => query.window = DueWindow::parse(value.trim()),
                "page" => query.page = paging::page_from_url(value),
                _ => {}
            }
        }
        query
    }

    /// The URL parameters of this query, defaults left out.
    pub fn to_pairs(self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.window != DueWindow::default() {
            pairs.push(("due", self.window.code().to_owned()));
        }
        if let Some(page) = paging::page_to_url(self.page) {
            pairs.push(("page", page));
        }
        pairs
    }

    /// The same window on another page.
    pub fn on_page(self, page: u64) -> Self {
        DeadlineListQuery { page, ..self }
    }

    /// The first row of the page, counted from zero; none past any list this app could hold,
    /// so a page number typed into the URL cannot overflow the query.
    pub fn offset(self) -> Option<u64> {
        paging::first_row(self.page, LIST_PAGE_SIZE)
    }
}

/// A court's periodic-report rule as an administrator enters it; empty fields are none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleForm {
    /// None: the court follows the centre's default rule.
    pub reference: Option<ReportReference>,
    pub fixed_month: Option<u32>,
    pub interval_months: Option<u32>,
    pub offset_months: Option<u32>,
}

/// The rule a form states (`None`: the centre's default), or every problem by form field. An
/// interval runs from one month to two years, an offset from none to 23 months; a fixed month
/// belongs only to the fixed-month reference.
pub fn rule_from_form(
    form: RuleForm,
) -> Result<Option<ReportRule>, Vec<(&'static str, &'static str)>> {
    let Some(reference) = form.reference else { return Ok(None) };
    let mut problems = Vec::new();
    let fixed_month = match (reference, form.fixed_month) {
        (ReportReference::FixedMonth, None) => {
            problems.push(("report_fixed_month", "required"));
            None
        }
        (ReportReference::FixedMonth, Some(month)) if !(1..=12).contains(&month) => {
            problems.push(("report_fixed_month", "month_of_year"));
            None
        }
        (ReportReference::FixedMonth, month) => month,
        (_, Some(_)) => {
            problems.push(("report_fixed_month", "fixed_month_only"));
            None
        }
        (_, None) => None,
    };
    let interval_months = match form.interval_months {
        None => {
            problems.push(("report_interval_months", "required"));
            0
        }
        Some(months) if !(1..=24).contains(&months) => {
            problems.push(("report_interval_months", "months_range"));
            0
        }
        Some(months) => months,
    };
    let offset_months = form.offset_months.unwrap_or(0);
    if offset_months > 23 {
        problems.push(("report_offset_months", "offset_range"));
    }
    if problems.is_empty() {
        Ok(Some(ReportRule { reference, fixed_month, interval_months, offset_months }))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn what_a_generation_leaves_for_later_comes_due_exactly_when_it_enters_the_horizon() {
        // Day by day over three years, for monthly to yearly rules (month ends from 28
        // February to 31 December, some moved past closed days), and for a date the court
        // set: a generation up to the horizon plus the next report after it tell, on any
        // later day, whether a fresh generation would add anything.
        let rules = [1, 3, 6, 12]
            .map(|interval| ReportRule { interval_months: interval, ..ReportRule::default() });
        let mut set_date = guardian("2024-02-10", "2024-02-29");
        set_date.first_report_on = Some(day("2024-08-31"));
        let cases = rules
            .iter()
            .map(|rule| (guardian("2024-02-10", "2024-02-29"), *rule))
            .chain([(set_date, ReportRule::default())]);
        for (dates, rule) in cases {
            let mut today = day("2024-03-01");
            let mut generated = deadlines(&dates, &rule, horizon(today));
            let mut next = next_report_after(&dates, &rule, horizon(today));
            while today < day("2027-03-01") {
                today = today.succ_opt().unwrap();
                let fresh = deadlines(&dates, &rule, horizon(today));
                let due = next.is_some_and(|next| next <= horizon(today));
                assert_eq!(fresh != generated, due, "{rule:?}, {today}");
                if due {
                    generated = fresh;
                    next = next_report_after(&dates, &rule, horizon(today));
                }
            }
        }
        // An ended office owes no more.
        let mut ended = guardian("2024-02-10", "2024-02-29");
        ended.ended_on = Some(day("2025-01-15"));
        assert_eq!(next_report_after(&ended, &ReportRule::default(), day("2025-01-01")), None);
        // Its first report would have been due on 31 March 2025, after the end.
        assert_eq!(next_report_after(&ended, &ReportRule::default(), day("2024-03-01")), None);
        let open = guardian("2024-02-10", "2024-02-29");
        assert_eq!(
            next_report_after(&open, &ReportRule::default(), day("2024-03-01")),
            Some(day("2025-03-31"))
        );
    }

    #[test]
    fn reporting_settings_are_checked_against_the_appointment() {
        let settings = ReportingSettings {
            property_powers: true,
            first_report_on: Some(day("2026-09-30")),
            fee_petitions: true,
        };
        let start = day("2026-03-20");
        // A curator keeps the powers; a guardian always owes the inventory, so none recorded.
        assert_eq!(check_reporting(AppointmentRole::Curator, start, false, settings), Ok(settings));
        assert_eq!(
            check_reporting(AppointmentRole::Guardian, start, false, settings),
            Ok(ReportingSettings { property_powers: false, ..settings })
        );
        assert_eq!(
            check_reporting(AppointmentRole::GuardianSupervisor, start, false, settings),
            Err(vec![("appointment_id", "no_reports_owed")])
        );
        assert_eq!(
            check_reporting(AppointmentRole::Guardian, start, true, settings),
            Err(vec![("appointment_id", "appointment_ended")])
        );
        let early = ReportingSettings { first_report_on: Some(start), ..settings };
        assert_eq!(
            check_reporting(AppointmentRole::Assistant, start, false, early),
            Err(vec![("first_report_on", "first_report_before_start")])
        );
        let none = ReportingSettings { first_report_on: None, ..settings };
        assert_eq!(check_reporting(AppointmentRole::Assistant, start, false, none), Ok(none));
    }

    fn guardian(decided: &str, effective: &str) -> AppointmentDates {
        AppointmentDates {
            role: AppointmentRole::Guardian,
            decided_on: day(decided),
            effective_on: day(effective),
            ended_on: None,
            person_birthday: Some(day("1940-06-15")),
            property_powers: false,
            first_report_on: None,
            fee_petitions: false,
            tracked_from: None,
        }
    }

    #[test]
    fn an_imported_appointment_owes_only_what_falls_due_from_the_import_on() {
        let rule = ReportRule::default();
        let mut dates = guardian("2019-03-01", "2019-03-20");
        let all = deadlines(&dates, &rule, day("2027-12-31"));
        assert!(all.iter().any(|d| d.kind == DeadlineKind::Inventory));
        dates.tracked_from = Some(day("2026-11-28"));
        let kept = deadlines(&dates, &rule, day("2027-12-31"));
        assert!(!kept.is_empty(), "the reports still to come");
        assert!(kept.iter().all(|d| d.due_on >= day("2026-11-28")), "{kept:?}");
        let later: Vec<&Deadline> = all.iter().filter(|d| d.due_on >= day("2026-11-28")).collect();
        assert_eq!(kept.iter().collect::<Vec<_>>(), later, "the same ones as before, from then on");
    }

    fn due(list: &[Deadline], kind: DeadlineKind) -> Vec<NaiveDate> {
        list.iter().filter(|d| d.kind == kind).map(|d| d.due_on).collect()
    }

    #[test]
    fn the_deadline_table() {
        let rule = ReportRule::default();
        let until = day("2028-12-31");
        // (decided, took effect, rule, expected inventory, expected periodic reports)
        let table: Vec<(&str, &str, ReportRule, &str, Vec<&str>)> = vec![
            // Yearly, at the end of the month after the decision's month.
            ("2026-04-01", "2026-04-20", rule, "2026-05-20", vec!["2027-05-31", "2028-05-31"]),
            // Took effect on 31 January: the month ends with February (2027: the 28th, a
            // Sunday → Monday 1 March); the report at the end of February 2028, a leap year.
            ("2027-01-10", "2027-01-31", rule, "2027-03-01", vec!["2028-02-29"]),
            // 2028 is a leap year: 29 February is a Tuesday.
            ("2028-01-10", "2028-01-31", rule, "2028-02-29", vec![]),
            // Took effect on 30 November: the inventory falls on 31 December, in the year-end
            // closure → 4 January; so do the reports at the end of December.
            ("2026-11-10", "2026-11-30", rule, "2027-01-04", vec!["2028-01-04", "2029-01-04"]),
            // By the date of effect, every six months, with no offset.
            (
                "2026-04-01",
                "2026-04-20",
                ReportRule {
                    reference: ReportReference::EffectiveDate,
                    fixed_month: None,
                    interval_months: 6,
                    offset_months: 0,
                },
                "2026-05-20",
                // Month ends on a weekend move to the Monday.
                vec!["2026-11-02", "2027-04-30", "2027-11-01", "2028-05-01", "2028-10-31"],
            ),
            // Every June (the month is before the office began: first the next June).
            (
                "2026-08-03",
                "2026-08-20",
                ReportRule {
                    reference: ReportReference::FixedMonth,
                    fixed_month: Some(6),
                    interval_months: 12,
                    offset_months: 0,
                },
                "2026-09-24",
                vec!["2027-06-30", "2028-06-30"],
            ),
            // By the person's birthday month (June), one month later.
            (
                "2026-03-02",
                "2026-03-20",
                ReportRule {
                    reference: ReportReference::Birthday,
                    fixed_month: None,
                    interval_months: 12,
                    offset_months: 1,
                },
                "2026-04-20",
                vec!["2026-07-31", "2027-08-02", "2028-07-31"],
            ),
        ];
        for (decided, effective, rule, inventory, reports) in table {
            let list = deadlines(&guardian(decided, effective), &rule, until);
            assert_eq!(
                due(&list, DeadlineKind::Inventory),
                vec![day(inventory)],
                "{decided} {effective}"
            );
            let reports: Vec<NaiveDate> = reports.into_iter().map(day).collect();
            assert_eq!(
                due(&list, DeadlineKind::PeriodicReport),
                reports,
                "{decided} {effective} {rule:?}"
            );
        }
    }

    #[test]
    fn a_changed_final_date_moves_the_deadlines_with_it() {
        let rule =
            ReportRule { reference: ReportReference::EffectiveDate, ..ReportRule::default() };
        let before = deadlines(&guardian("2026-04-01", "2026-04-20"), &rule, day("2027-12-31"));
        let after = deadlines(&guardian("2026-04-01", "2026-04-27"), &rule, day("2027-12-31"));
        assert_eq!(due(&before, DeadlineKind::Inventory), vec![day("2026-05-20")]);
        assert_eq!(due(&after, DeadlineKind::Inventory), vec![day("2026-05-27")]);
        assert_eq!(due(&after, DeadlineKind::PeriodicReport), vec![day("2027-05-31")]);
    }

    #[test]
    fn an_ended_appointment_owes_the_settlement_and_no_further_reports() {
        let mut ended = guardian("2024-04-01", "2024-04-20");
        ended.ended_on = Some(day("2026-06-30"));
        let list = deadlines(&ended, &ReportRule::default(), day("2030-12-31"));
        // 31 May 2025 and 2026 fall on a weekend; none is due once the office has ended.
        assert_eq!(
            due(&list, DeadlineKind::PeriodicReport),
            vec![day("2025-06-02"), day("2026-06-01")]
        );
        assert_eq!(due(&list, DeadlineKind::Settlement), vec![day("2026-08-31")]);
        // A voluntary guardian reports without delay.
        let mut voluntary = ended;
        voluntary.role = AppointmentRole::VoluntaryGuardian;
        let list = deadlines(&voluntary, &ReportRule::default(), day("2030-12-31"));
        assert_eq!(due(&list, DeadlineKind::FinalReport), vec![day("2026-06-30")]);
        assert!(due(&list, DeadlineKind::Inventory).is_empty());
        assert!(due(&list, DeadlineKind::PeriodicReport).is_empty());
    }

    #[test]
    fn supervisors_owe_nothing_and_curators_the_inventory_only_with_property_powers() {
        let mut supervisor = guardian("2026-04-01", "2026-04-20");
        supervisor.role = AppointmentRole::GuardianSupervisor;
        assert!(deadlines(&supervisor, &ReportRule::default(), day("2030-12-31")).is_empty());
        let mut curator = guardian("2026-04-01", "2026-04-20");
        curator.role = AppointmentRole::Curator;
        let list = deadlines(&curator, &ReportRule::default(), day("2027-12-31"));
        assert!(due(&list, DeadlineKind::Inventory).is_empty());
        assert_eq!(due(&list, DeadlineKind::PeriodicReport), vec![day("2027-05-31")]);
        curator.property_powers = true;
        let list = deadlines(&curator, &ReportRule::default(), day("2027-12-31"));
        assert_eq!(due(&list, DeadlineKind::Inventory), vec![day("2026-05-20")]);
    }

    #[test]
    fn a_date_set_for_the_appointment_replaces_the_rule_and_fees_follow_reports() {
        let mut set = guardian("2026-04-01", "2026-04-20");
        set.first_report_on = Some(day("2027-02-15"));
        set.fee_petitions = true;
        let list = deadlines(&set, &ReportRule::default(), day("2028-03-31"));
        assert_eq!(
            due(&list, DeadlineKind::PeriodicReport),
            vec![day("2027-02-15"), day("2028-02-15")]
        );
        assert_eq!(
            due(&list, DeadlineKind::FeePetition),
            vec![day("2027-02-15"), day("2028-02-15")]
        );
    }

    #[test]
    fn a_deadline_is_due_soon_overdue_extended_or_done() {
        let today = day("2026-11-27");
        assert_eq!(
            status(day("2026-12-27"), None, None, today),
            DeadlineStatus::DueSoon { days_left: 30 }
        );
        assert_eq!(status(day("2026-12-28"), None, None, today), DeadlineStatus::Upcoming);
        assert_eq!(
            status(day("2026-11-27"), None, None, today),
            DeadlineStatus::DueSoon { days_left: 0 }
        );
        assert_eq!(
            status(day("2026-11-26"), None, None, today),
            DeadlineStatus::Overdue { days: 1 }
        );
        assert_eq!(
            status(day("2026-11-26"), Some(day("2027-01-31")), None, today),
            DeadlineStatus::Upcoming,
            "the court extended it"
        );
        assert_eq!(
            status(day("2026-11-01"), None, Some(day("2026-11-02")), today),
            DeadlineStatus::Done
        );
    }

    #[test]
    fn a_list_window_ends_where_its_name_says() {
        let today = day("2026-11-27");
        assert_eq!(DueWindow::Overdue.last_day(today), Some(day("2026-11-26")));
        assert_eq!(DueWindow::Soon.last_day(today), Some(day("2026-12-27")));
        assert_eq!(DueWindow::Quarter.last_day(today), Some(day("2027-02-25")));
        assert_eq!(DueWindow::All.last_day(today), None);
        for window in DueWindow::ALL {
            assert_eq!(DueWindow::parse(window.code()), window);
        }
        assert_eq!(DueWindow::parse("nonsense"), DueWindow::Quarter);
    }

    #[test]
    fn the_list_query_reads_back_what_it_writes_and_shrugs_off_nonsense() {
        let parse = |pairs: &[(&'static str, &'static str)]| {
            DeadlineListQuery::from_pairs(pairs.iter().copied())
        };
        let query = parse(&[("due", "soon"), ("page", "3")]);
        assert_eq!(query, DeadlineListQuery { window: DueWindow::Soon, page: 2 });
        assert_eq!(query.offset(), Some(2 * LIST_PAGE_SIZE));
        let pairs = query.to_pairs();
        let again: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(DeadlineListQuery::from_pairs(again), query);
        assert_eq!(DeadlineListQuery::default().to_pairs(), Vec::new());
        assert_eq!(
            parse(&[("due", "x"), ("page", "0"), ("page", "-1")]),
            DeadlineListQuery::default()
        );
        assert_eq!(parse(&[("page", "18446744073709551615")]).offset(), None);
    }

    #[test]
    fn a_court_rule_form_states_a_rule_or_the_centres_default() {
        assert_eq!(rule_from_form(RuleForm::default()), Ok(None));
        let yearly = RuleForm {
            reference: Some(ReportReference::DecisionDate),
            interval_months: Some(12),
            offset_months: Some(1),
            ..RuleForm::default()
        };
        assert_eq!(rule_from_form(yearly), Ok(Some(ReportRule::default())));
        let june = RuleForm {
            reference: Some(ReportReference::FixedMonth),
            fixed_month: Some(6),
            interval_months: Some(12),
            offset_months: None,
        };
        assert_eq!(
            rule_from_form(june),
            Ok(Some(ReportRule {
                reference: ReportReference::FixedMonth,
                fixed_month: Some(6),
                interval_months: 12,
                offset_months: 0,
            }))
        );
    }

    #[test]
    fn a_court_rule_form_names_every_problem() {
        let no_month = RuleForm {
            reference: Some(ReportReference::FixedMonth),
            interval_months: None,
            offset_months: Some(24),
            ..RuleForm::default()
        };
        assert_eq!(
            rule_from_form(no_month),
            Err(vec![
                ("report_fixed_month", "required"),
                ("report_interval_months", "required"),
                ("report_offset_months", "offset_range"),
            ])
        );
        let thirteenth = RuleForm { fixed_month: Some(13), interval_months: Some(12), ..no_month };
        assert_eq!(
            rule_from_form(RuleForm { offset_months: None, ..thirteenth }),
            Err(vec![("report_fixed_month", "month_of_year")])
        );
        let stray_month = RuleForm {
            reference: Some(ReportReference::Birthday),
            fixed_month: Some(4),
            interval_months: Some(25),
            offset_months: None,
        };
        assert_eq!(
            rule_from_form(stray_month),
            Err(vec![
                ("report_fixed_month", "fixed_month_only"),
                ("report_interval_months", "months_range"),
            ])
        );
    }
}

use super::context::Context;
use super::details::{PersonFacts, given_name, mobile_phone, written_name};
use super::names::{
    CHILDREN, FAMILY_NAMES, NEPHEWS, PARENTS, Relative, SIBLINGS_OF_ELDER, SIBLINGS_OF_YOUNG,
};
use super::rng::Rng;
use super::rows::Rows;
use app::domain::categories::{
    Condition, ContactKind, LivingSituation, OrganisationKind, Petitioner,
};
use app::server::entities::{partner_organisation, person_contact};
use chrono::{DateTime, Utc};

impl Context {
    /// One to three people around the person: the relative who petitions (or another), and
    /// the professional of the place the person lives.
    pub(super) fn contacts(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        petitioner: Petitioner,
        ward: &str,
        created_at: DateTime<Utc>,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let relative: Option<Relative> = match petitioner {
            Petitioner::Child => Some(rng.pick(&CHILDREN)),
            Petitioner::Spouse => {
                Some(if facts.male { ("妻", false, true, 100) } else { ("夫", true, true, 100) })
            }
            Petitioner::Sibling if facts.young => Some(rng.pick(&SIBLINGS_OF_YOUNG)),
            Petitioner::Sibling => Some(rng.pick(&SIBLINGS_OF_ELDER)),
            Petitioner::Parent => Some(rng.pick(&PARENTS)),
            Petitioner::OtherRelative => Some(rng.pick(&NEPHEWS)),
            // A mayor's petition: no relative able or willing; sometimes a distant one is known.
            Petitioner::Mayor => rng.percent(30).then(|| rng.pick(&NEPHEWS)),
            _ if facts.young => rng.percent(70).then(|| rng.pick(&PARENTS)),
            _ => rng.percent(60).then(|| rng.pick(&CHILDREN)),
        };
        // `relation` is a relative's (長男, 妹 …); a professional's role goes into the notes.
        let make = |kind: ContactKind,
                    name: String,
                    relation_or_role: &str,
                    organisation: Option<&partner_organisation::Model>,
                    phone: String,
                    rng: &mut Rng| {
            let (relation, notes) = if kind == ContactKind::Relative {
                (relation_or_role.to_owned(), String::new())
            } else {
                (String::new(), relation_or_role.to_owned())
            };
            person_contact::Model {
                id: rng.uuid(),
                person_id: facts.id,
                kind: kind.code().to_owned(),
                name,
                relation,
                organisation_id: organisation.map(|org| org.id),
                phone,
                notes,
                created_at,
                removed_at: None,
                removed_by: None,
            }
        };
        let staff_name = |rng: &mut Rng| {
            let male = rng.percent(40);
            written_name(rng.pick(&FAMILY_NAMES), given_name(rng, male, false))
        };
        let mut contacts = Vec::with_capacity(3);
        if let Some((relation, male, elder, same_family)) = relative {
            let family =
                if rng.percent(same_family) { facts.family } else { rng.pick(&FAMILY_NAMES) };
            let name = written_name(family, given_name(rng, male, elder))?;
            let phone = mobile_phone(rng);
            contacts.push(make(ContactKind::Relative, name, relation, None, phone, rng));
        }
        match facts.living {
            LivingSituation::Facility => {
                let hint = if facts.young { "障害" } else { "老人" };
                if let Some(org) =
                    self.organisation(rng, OrganisationKind::Facility, ward, Some(hint))
                {
                    let (name, phone) = (org.name.clone(), org.phone.clone());
                    contacts.push(make(ContactKind::Facility, name, "", Some(org), phone, rng));
                }
            }
            LivingSituation::Hospital => {
                let hint = (facts.condition == Condition::Schizophrenia).then_some("こころ");
                if let Some(org) = self.organisation(rng, OrganisationKind::Hospital, ward, hint) {
                    let name = staff_name(rng)?;
                    let phone = org.phone.clone();
                    contacts.push(make(ContactKind::Doctor, name, "主治医", Some(org), phone, rng));
                }
            }
            LivingSituation::Home if !facts.young => {
                if let Some(org) = self.organisation(rng, OrganisationKind::CareAgency, ward, None)
                {
                    let name = staff_name(rng)?;
                    let phone = org.phone.clone();
                    contacts.push(make(
                        ContactKind::CareManager,
                        name,
                        "担当ケアマネジャー",
                        Some(org),
                        phone,
                        rng,
                    ));
                }
            }
            _ => {}
        }
        if contacts.is_empty() || (contacts.len() < 3 && rng.percent(30)) {
            if facts.young {
                let name = staff_name(rng)?;
                let phone = String::new();
                contacts.push(make(ContactKind::Other, name, "相談支援専門員", None, phone, rng));
            } else if let Some(org) =
                self.organisation(rng, OrganisationKind::CommunityCentre, ward, None)
            {
                let name = staff_name(rng)?;
                let phone = org.phone.clone();
                contacts.push(make(
                    ContactKind::Other,
                    name,
                    "地域包括支援センター 担当",
                    Some(org),
                    phone,
                    rng,
                ));
            }
        }
        rows.contacts.extend(contacts);
        Ok(())
    }
}

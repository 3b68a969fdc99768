use super::context::Context;
use super::details::{PersonFacts, given_name, written_name};
use super::names::{FAMILY_NAMES, NEPHEWS, SIBLINGS_OF_ELDER, SIBLINGS_OF_YOUNG};
use super::plan::Timeline;
use super::rng::Rng;
use super::rows::Rows;
use app::domain::cases::Stage;
use app::domain::categories::{
    DocumentStatus, KinshipAnswer, LivingSituation, PetitionDocument, Petitioner,
};
use app::server::entities::{kinship_entry, petition_document};
use uuid::Uuid;

impl Context {
    /// The petition checklist: ready once filed, mixed while being prepared.
    pub(super) fn petition_documents(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        case_id: Uuid,
        petitioner: Petitioner,
        rows: &mut Rows,
    ) {
        let filed = timeline.reached > Stage::PetitionSupport;
        let family_side = match petitioner {
            Petitioner::Mayor => "センター",
            Petitioner::Person => "本人",
            Petitioner::VoluntaryGuardian => "任意後見受任者",
            Petitioner::Prosecutor => "センター",
            _ => "親族",
        };
        let end = timeline.pre_petition_end(self.last);
        for document in PetitionDocument::ALL.iter().copied() {
            if document == PetitionDocument::Other {
                continue;
            }
            let prepared_by = match document {
                PetitionDocument::Petition if petitioner == Petitioner::Mayor => "市",
                PetitionDocument::Petition => family_side,
                PetitionDocument::PersonInformationSheet => match facts.living {
                    LivingSituation::Hospital => "医療ソーシャルワーカー",
                    _ if facts.young => "相談支援専門員",
                    _ => "ケアマネジャー",
                },
                PetitionDocument::MedicalCertificate => "主治医",
                PetitionDocument::AssetInventory | PetitionDocument::IncomeExpensePlan => {
                    if rng.percent(20) { "候補者" } else { family_side }
                }
                PetitionDocument::FamilyTree => {
                    if petitioner == Petitioner::Mayor || rng.percent(50) {
                        "センター"
                    } else {
                        "親族"
                    }
                }
                PetitionDocument::FamilyRegister if petitioner == Petitioner::Mayor => "市",
                _ => family_side,
            };
            let status = if filed {
                DocumentStatus::Ready
            } else {
                rng.weighted(&[
                    (DocumentStatus::NotStarted, 25),
                    (DocumentStatus::InProgress, 35),
                    (DocumentStatus::Ready, 40),
                ])
            };
            let note = match (document, status) {
                (PetitionDocument::MedicalCertificate, DocumentStatus::InProgress) => {
                    "主治医に依頼済み"
                }
                (PetitionDocument::FamilyRegister, DocumentStatus::InProgress) => "郵送で請求中",
                _ => "",
            };
            let day = rng.date_between(timeline.opened, end);
            rows.documents.push(petition_document::Model {
                id: rng.uuid(),
                case_id,
                document: document.code().to_owned(),
                prepared_by: prepared_by.to_owned(),
                status: status.code().to_owned(),
                note: note.to_owned(),
                updated_at: rng.office_hours(day),
                version: 1,
            });
        }
    }

    /// The kinship survey of a mayor's petition: one to three relatives and their answers.
    pub(super) fn kinship_survey(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        case_id: Uuid,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let filed = timeline.reached > Stage::PetitionSupport;
        let end = timeline.pre_petition_end(self.last);
        for _ in 0..rng.range(1, 3) {
            let (relation, male, elder, same_family) = if facts.young {
                rng.pick(&SIBLINGS_OF_YOUNG)
            } else {
                rng.pick(&[NEPHEWS[0], NEPHEWS[1], SIBLINGS_OF_ELDER[2], SIBLINGS_OF_ELDER[3]])
            };
            let family =
                if rng.percent(same_family) { facts.family } else { rng.pick(&FAMILY_NAMES) };
            let name = written_name(family, given_name(rng, male, elder))?;
            let answer = if filed {
                rng.weighted(&[
                    (KinshipAnswer::NoObjection, 45),
                    (KinshipAnswer::NoAnswer, 30),
                    (KinshipAnswer::Unreachable, 18),
                    (KinshipAnswer::Objects, 7),
                ])
            } else {
                rng.weighted(&[
                    (KinshipAnswer::NotContacted, 30),
                    (KinshipAnswer::NoAnswer, 25),
                    (KinshipAnswer::NoObjection, 30),
                    (KinshipAnswer::Unreachable, 15),
                ])
            };
            let contacted_on = (answer != KinshipAnswer::NotContacted)
                .then(|| rng.date_between(timeline.opened, end));
            let note = match answer {
                KinshipAnswer::NoAnswer => "照会文書を送付、回答期限を経過",
                KinshipAnswer::Unreachable => "宛所不明で返送",
                KinshipAnswer::Objects => "市長申立に反対の意向。理由を聴取",
                _ => "",
            };
            let created_at = rng.office_hours(contacted_on.unwrap_or(timeline.opened));
            rows.kinship.push(kinship_entry::Model {
                id: rng.uuid(),
                case_id,
                name,
                relation: relation.to_owned(),
                contacted_on,
                answer: answer.code().to_owned(),
                note: note.to_owned(),
                created_at,
            });
        }
        Ok(())
    }
}

"""A demo breach as a view-model: the payroll provider of the sample register (Group S).

Used by the tests and the mass-letter benchmark; mirrors `examples/group-s.yaml`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from documents.viewmodels import (
    ActivityView,
    BreachView,
    CommunicationView,
    Contact,
    CrossBorder,
    FreeText,
    LetterRecipient,
    Measures,
    Name,
    Party,
    RiskView,
    SeverityView,
    StatementView,
    Timeline,
)
from rules.codes import (
    Availability,
    Band,
    Completeness,
    Confidentiality,
    DataCode,
    Filing,
    IncidentType,
    Integrity,
    Language,
    Nature,
    Risk,
)

NL, FR, DE, EN = Language.NL, Language.FR, Language.DE, Language.EN

SECRETARIAT = Party(
    name="Group S - Sociaal Secretariaat vzw",
    kbo="0407.214.017",
    address="Ursulinenstraat 2, 1000 Brussel",
    email="dpo@groups.be",
)
BAKKERIJ = Party(
    name="Bakkerij Peeters bv",
    kbo="0526.541.437",
    address="Mechelsesteenweg 112, 2018 Antwerpen",
    email="hr@bakkerij-peeters.be",
)
DPO = Contact(
    name=Name(
        "Data Protection Officer of Group S",
        {
            NL: "Functionaris voor gegevensbescherming van Group S",
            FR: "Délégué à la protection des données de Group S",
            DE: "Datenschutzbeauftragter von Group S",
        },
    ),
    email="dpo@groups.be",
    phone="+32 2 507 00 00",
    address="Ursulinenstraat 2, 1000 Brussel",
)


def demo_breach_view() -> BreachView:
    """Payslips of Bakkerij Peeters' staff sent to the wrong mailbox by the payroll provider.

    Written on the client's behalf: Bakkerij Peeters is the controller, Group S its processor.
    """
    return BreachView(
        reference="BF-2026-0042",
        version=1,
        filing=Filing.NEW,
        completeness=Completeness.PART1,
        controller=BAKKERIJ,
        our_entity=SECRETARIAT,
        reporting_person=Contact(
            name="Ann Janssens",
            function="HR manager",
            email="ann.janssens@bakkerij-peeters.be",
            phone="+32 3 555 12 12",
        ),
        dpo=DPO,
        other_parties=(Party(name=SECRETARIAT.name, kbo=SECRETARIAT.kbo, role="processor"),),
        activities=(
            ActivityView(
                id="payroll-bakkerij-peeters",
                name=Name(
                    "Payroll and social declarations for Bakkerij Peeters",
                    {
                        NL: "Loonverwerking en sociale aangiften voor Bakkerij Peeters",
                        FR: "Calcul des salaires et déclarations sociales pour Bakkerij Peeters",
                        DE: "Lohnabrechnung und Sozialmeldungen für Bakkerij Peeters",
                    },
                ),
                role="processor",
                client="bakkerij-peeters",
            ),
        ),
        timeline=Timeline(
            occurred_from=datetime(2026, 3, 26, 15, 30, tzinfo=UTC),
            detected_at=datetime(2026, 3, 27, 8, 10, tzinfo=UTC),
            detection_how=FreeText(
                {
                    NL: "Een werknemer meldde een loonbrief van een collega.",
                    FR: "Un travailleur a signalé la fiche de paie d'un collègue.",
                },
                original=NL,
            ),
            aware_at=datetime(2026, 3, 27, 9, 0, tzinfo=UTC),
            deadline=datetime(2026, 3, 30, 9, 0, tzinfo=UTC),
            late=False,
        ),
        description=FreeText(
            {
                NL: "Door een fout in de mailing van loonbrieven ontvingen 37 werknemers de "
                "loonbrief van een collega, met naam, adres, rijksregisternummer, loon en "
                "bankrekeningnummer.",
                FR: "À la suite d'une erreur dans l'envoi des fiches de paie, 37 travailleurs "
                "ont reçu la fiche de paie d'un collègue, avec nom, adresse, numéro de "
                "registre national, salaire et numéro de compte.",
            },
            original=NL,
        ),
        nature=(Nature.CONFIDENTIALITY,),
        confidentiality=Confidentiality.KNOWN_RECIPIENTS,
        integrity=Integrity.NOT_AFFECTED,
        availability=Availability.NOT_AFFECTED,
        incident_type=IncidentType.EMAIL_MISDIRECTED,
        malicious=False,
        cause="internal",
        systems=(
            Name(
                "payslip mailing",
                {
                    NL: "verzending van loonbrieven",
                    FR: "envoi des fiches de paie",
                    DE: "Versand der Lohnabrechnungen",
                },
            ),
        ),
        subject_categories=("employees",),
        subject_count=37,
        subject_count_exactness="exact",
        vulnerable=False,
        data=(
            DataCode.BASIC_IDENTITY,
            DataCode.CONTACT,
            DataCode.NATIONAL_ID_NUMBER,
            DataCode.FINANCIAL,
        ),
        record_count=37,
        measures_before=Measures(codes=("access_control", "logging", "staff_training")),
        consequences=("identity_theft", "phishing", "financial_loss"),
        risk=RiskView(
            outcome=Risk.HIGH,
            severity=SeverityView(dpc=3.0, ei=1.0, cb=0.25, score=3.25, band=Band.HIGH),
            reasons=(
                StatementView("outcome.notify_authority", (("hours", 72),), (("gdpr", "33(1)"),)),
                StatementView("outcome.tell_people", (), (("gdpr", "34(1)"),)),
                StatementView(
                    "confidentiality.known_recipients.wide",
                    (("codes", ("financial", "national_id_number")), ("threshold", 5)),
                    (("edpb_01_2021", "14"),),
                ),
                StatementView(
                    "policy.wide_disclosure", (("threshold", 5),), (("breachflow_policy", ""),)
                ),
            ),
            notify_supervisory_authority=True,
            notify_data_subjects=True,
        ),
        measures_taken=Measures(codes=("recipient_deletion", "contained")),
        measures_planned=Measures(
            codes=("process_review",),
            free=FreeText({NL: "Vier-ogencontrole op elke mailing van loonbrieven."}, original=NL),
        ),
        communication=CommunicationView(status="planned", basis="high", public=False),
        other_authorities=(),
        cross_border=CrossBorder(applies=False),
        created_at=datetime(2026, 3, 27, 9, 30, tzinfo=UTC),
    )


def demo_recipients() -> list[LetterRecipient]:
    """One person per language, with names outside Latin-1 among them."""
    return [
        LetterRecipient(
            name="Jan Peeters",
            address_lines=("Kerkstraat 12",),
            postcode="2000",
            city="Antwerpen",
            country="BE",
            language=NL,
        ),
        LetterRecipient(
            name="Françoise Lefèvre",
            address_lines=("Rue de la Gare 3", "Boîte 2"),
            postcode="4000",
            city="Liège",
            country="BE",
            language=FR,
        ),
        LetterRecipient(
            name="Jürgen Weiß",
            address_lines=("Aachener Straße 5",),
            postcode="4700",
            city="Eupen",
            country="BE",
            language=DE,
            data=(DataCode.BASIC_IDENTITY, DataCode.FINANCIAL),
        ),
        LetterRecipient(
            name="Łukasz Wiśniewski",
            address_lines=("ul. Świętokrzyska 14",),
            postcode="00-050",
            city="Warszawa",
            country="PL",
            language=EN,
        ),
    ]

"""Coded phrase catalogues: likely consequences, measures and advice, in nl, fr, de, en.

The rules and the DPO choose phrases by code; documents print the translated sentence. Free
text stays possible beside them (`viewmodels.Measures.free`), but these cover the usual cases
so most documents need no translation work at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from documents.i18n import _INDEX, Entry
from rules.codes import DataCode, Language

CONSEQUENCES: dict[str, Entry] = {
    "identity_theft": (
        "identiteitsfraude: iemand kan zich voor u uitgeven",
        "usurpation d'identité : quelqu'un peut se faire passer pour vous",
        "Identitätsdiebstahl: jemand kann sich als Sie ausgeben",
        "identity theft: someone may pretend to be you",
    ),
    "phishing": (
        "gerichte phishing: valse berichten die echt lijken",
        "hameçonnage ciblé : de faux messages qui semblent authentiques",
        "gezieltes Phishing: gefälschte Nachrichten, die echt wirken",
        "targeted phishing: fake messages that look genuine",
    ),
    "financial_loss": (
        "financieel verlies door fraude",
        "perte financière due à une fraude",
        "finanzieller Verlust durch Betrug",
        "financial loss through fraud",
    ),
    "account_takeover": (
        "misbruik van uw accounts",
        "utilisation abusive de vos comptes",
        "Missbrauch Ihrer Konten",
        "misuse of your accounts",
    ),
    "discrimination": (
        "discriminatie of stigmatisering",
        "discrimination ou stigmatisation",
        "Diskriminierung oder Stigmatisierung",
        "discrimination or stigma",
    ),
    "reputational_damage": (
        "schade aan uw reputatie",
        "atteinte à votre réputation",
        "Rufschädigung",
        "damage to your reputation",
    ),
    "loss_of_confidentiality": (
        "verlies van de vertrouwelijkheid van gegevens die onder beroepsgeheim vallen",
        "perte de confidentialité de données couvertes par le secret professionnel",
        "Verlust der Vertraulichkeit berufsgeheimnisgeschützter Daten",
        "loss of confidentiality of data protected by professional secrecy",
    ),
    "service_disruption": (
        "vertraging of onderbreking van een dienst (bijvoorbeeld de uitbetaling van uw loon)",
        "retard ou interruption d'un service (par exemple le paiement de votre salaire)",
        "Verzögerung oder Unterbrechung einer Leistung (zum Beispiel der Lohnzahlung)",
        "delay or interruption of a service (for example the payment of your wages)",
    ),
    "spam": (
        "ongewenste berichten (spam)",
        "messages non sollicités (spam)",
        "unerwünschte Nachrichten (Spam)",
        "unsolicited messages (spam)",
    ),
}

MEASURES: dict[str, Entry] = {
    "encryption_at_rest": (
        "versleuteling van de opgeslagen gegevens",
        "chiffrement des données stockées",
        "Verschlüsselung der gespeicherten Daten",
        "encryption of stored data",
    ),
    "access_control": (
        "toegangsbeheer volgens het need-to-know-principe",
        "gestion des accès selon le besoin d'en connaître",
        "Zugriffskontrolle nach dem Need-to-know-Prinzip",
        "access control on a need-to-know basis",
    ),
    "mfa": (
        "tweestapsverificatie",
        "authentification à deux facteurs",
        "Zwei-Faktor-Authentifizierung",
        "two-factor authentication",
    ),
    "backups": (
        "regelmatige back-ups, offline bewaard",
        "sauvegardes régulières conservées hors ligne",
        "regelmäßige, offline aufbewahrte Sicherungen",
        "regular backups kept offline",
    ),
    "logging": (
        "logging en monitoring van toegang",
        "journalisation et surveillance des accès",
        "Protokollierung und Überwachung der Zugriffe",
        "logging and monitoring of access",
    ),
    "staff_training": (
        "opleiding van het personeel over informatiebeveiliging",
        "formation du personnel à la sécurité de l'information",
        "Schulung der Beschäftigten in Informationssicherheit",
        "staff training in information security",
    ),
    "contained": (
        "het lek is gedicht en de betrokken systemen zijn beveiligd",
        "la fuite a été colmatée et les systèmes concernés ont été sécurisés",
        "das Leck wurde geschlossen und die betroffenen Systeme wurden gesichert",
        "the leak has been closed and the systems involved secured",
    ),
    "passwords_reset": (
        "de wachtwoorden van de betrokken accounts zijn opnieuw ingesteld",
        "les mots de passe des comptes concernés ont été réinitialisés",
        "die Passwörter der betroffenen Konten wurden zurückgesetzt",
        "the passwords of the accounts concerned have been reset",
    ),
    "recipient_deletion": (
        "de ontvangers is gevraagd de gegevens te wissen en dat te bevestigen",
        "les destinataires ont été priés de supprimer les données et de le confirmer",
        "die Empfänger wurden gebeten, die Daten zu löschen und dies zu bestätigen",
        "the recipients were asked to delete the data and to confirm it",
    ),
    "police_report": (
        "klacht ingediend bij de politie",
        "plainte déposée auprès de la police",
        "Anzeige bei der Polizei erstattet",
        "report filed with the police",
    ),
    "forensic_investigation": (
        "forensisch onderzoek door een gespecialiseerd bedrijf",
        "enquête forensique par une entreprise spécialisée",
        "forensische Untersuchung durch ein Fachunternehmen",
        "forensic investigation by a specialist firm",
    ),
    "monitoring_misuse": (
        "toezicht op misbruik van de gelekte gegevens",
        "surveillance de l'utilisation abusive des données divulguées",
        "Überwachung auf Missbrauch der offengelegten Daten",
        "monitoring for misuse of the leaked data",
    ),
    "restored_from_backup": (
        "de gegevens zijn hersteld vanuit een back-up",
        "les données ont été restaurées à partir d'une sauvegarde",
        "die Daten wurden aus einer Sicherung wiederhergestellt",
        "the data have been restored from a backup",
    ),
    "process_review": (
        "herziening van de werkwijze om herhaling te voorkomen",
        "révision des procédures pour éviter que cela se reproduise",
        "Überprüfung der Abläufe, um eine Wiederholung zu verhindern",
        "review of procedures to prevent a recurrence",
    ),
}

# Advice per data type (DOMAIN.md §4: concrete advice matched to the data involved).
ADVICE: dict[str, Entry] = {
    "credentials": (
        "Wijzig uw wachtwoord, ook op andere websites waar u hetzelfde wachtwoord gebruikt, "
        "en schakel tweestapsverificatie in waar dat kan.",
        "Changez votre mot de passe, aussi sur les autres sites où vous utilisez le même, "
        "et activez l'authentification à deux facteurs lorsque c'est possible.",
        "Ändern Sie Ihr Passwort, auch auf anderen Websites, auf denen Sie dasselbe verwenden, "
        "und aktivieren Sie wo möglich die Zwei-Faktor-Authentifizierung.",
        "Change your password, also on other websites where you use the same one, and turn on "
        "two-factor authentication where you can.",
    ),
    "financial": (
        "Controleer uw bankafschriften op onbekende verrichtingen. Betaal geen facturen of "
        "verzoeken om een nieuw rekeningnummer zonder ze te controleren: wij vragen u nooit "
        "om uw bankgegevens per e-mail of telefoon. Bewaar loonbrieven veilig.",
        "Vérifiez vos extraits bancaires pour repérer toute opération inconnue. Ne payez "
        "aucune facture et ne suivez aucune demande de changement de numéro de compte sans "
        "vérification : nous ne vous demandons jamais vos coordonnées bancaires par e-mail ou "
        "par téléphone. Conservez vos fiches de paie en lieu sûr.",
        "Prüfen Sie Ihre Kontoauszüge auf unbekannte Buchungen. Zahlen Sie keine Rechnungen "
        "und folgen Sie keiner Bitte um eine neue Kontonummer ohne Prüfung: Wir fragen nie "
        "per E-Mail oder Telefon nach Ihren Bankdaten. Bewahren Sie Lohnabrechnungen sicher "
        "auf.",
        "Check your bank statements for payments you do not recognise. Do not pay invoices or "
        "act on requests to change an account number without checking: we never ask for your "
        "bank details by e-mail or phone. Keep payslips safe.",
    ),
    "payment_card": (
        "Laat uw betaalkaart blokkeren via Card Stop (078 170 170) als u verdachte "
        "betalingen ziet, en controleer uw kaartuitgaven.",
        "Faites bloquer votre carte via Card Stop (078 170 170) si vous voyez des paiements "
        "suspects, et vérifiez vos dépenses par carte.",
        "Lassen Sie Ihre Karte über Card Stop (078 170 170) sperren, wenn Sie verdächtige "
        "Zahlungen sehen, und prüfen Sie Ihre Kartenumsätze.",
        "Have your card blocked through Card Stop (078 170 170) if you see suspicious "
        "payments, and check your card spending.",
    ),
    "national_id_number": (
        "Wees op uw hoede voor identiteitsfraude: deel uw rijksregisternummer niet met wie u "
        "ongevraagd contacteert, en meld een verloren of misbruikte identiteitskaart via "
        "DOC STOP (00800 2123 2123).",
        "Soyez vigilant face à l'usurpation d'identité : ne communiquez pas votre numéro de "
        "registre national à qui vous contacte sans y être invité, et signalez une carte "
        "d'identité perdue ou utilisée abusivement via DOC STOP (00800 2123 2123).",
        "Achten Sie auf Identitätsbetrug: Geben Sie Ihre Nationalregisternummer nicht an "
        "Personen weiter, die Sie unaufgefordert kontaktieren, und melden Sie einen verlorenen "
        "oder missbrauchten Ausweis über DOC STOP (00800 2123 2123).",
        "Watch out for identity fraud: do not give your national register number to anyone "
        "who contacts you unasked, and report a lost or misused identity card through "
        "DOC STOP (00800 2123 2123).",
    ),
    "official_documents": (
        "Meld misbruik van uw identiteitsdocumenten via DOC STOP (00800 2123 2123) en bij "
        "uw gemeente.",
        "Signalez l'usage abusif de vos documents d'identité via DOC STOP (00800 2123 2123) "
        "et à votre commune.",
        "Melden Sie den Missbrauch Ihrer Ausweisdokumente über DOC STOP (00800 2123 2123) und "
        "bei Ihrer Gemeinde.",
        "Report misuse of your identity documents through DOC STOP (00800 2123 2123) and to "
        "your municipality.",
    ),
    "health": (
        "Gezondheidsgegevens zijn bijzonder gevoelig. Reageer niet op berichten die naar uw "
        "gezondheid verwijzen en die u niet verwacht, en bespreek uw vragen met ons of met uw "
        "arts.",
        "Les données de santé sont particulièrement sensibles. Ne répondez pas aux messages "
        "inattendus qui font référence à votre santé, et posez vos questions à nous ou à "
        "votre médecin.",
        "Gesundheitsdaten sind besonders sensibel. Reagieren Sie nicht auf unerwartete "
        "Nachrichten, die sich auf Ihre Gesundheit beziehen, und besprechen Sie Fragen mit uns "
        "oder Ihrem Arzt.",
        "Health data are particularly sensitive. Do not respond to unexpected messages that "
        "refer to your health, and discuss your questions with us or your doctor.",
    ),
    "contact": (
        "Wees alert op phishing: klik niet op links in onverwachte e-mails of sms'en, ook niet "
        "als ze uw naam vermelden, en geef nooit codes of wachtwoorden door.",
        "Méfiez-vous de l'hameçonnage : ne cliquez pas sur les liens d'e-mails ou de SMS "
        "inattendus, même s'ils mentionnent votre nom, et ne communiquez jamais de codes ou de "
        "mots de passe.",
        "Seien Sie wachsam bei Phishing: Klicken Sie nicht auf Links in unerwarteten E-Mails "
        "oder SMS, auch wenn sie Ihren Namen nennen, und geben Sie nie Codes oder Passwörter "
        "weiter.",
        "Watch out for phishing: do not click links in unexpected e-mails or text messages, "
        "even if they use your name, and never give out codes or passwords.",
    ),
}

# Which advice a data type calls for; data types without entry get the general advice.
_ADVICE_FOR: dict[DataCode, str] = {
    DataCode.CREDENTIALS: "credentials",
    DataCode.FINANCIAL: "financial",
    DataCode.PAYMENT_CARD: "payment_card",
    DataCode.NATIONAL_ID_NUMBER: "national_id_number",
    DataCode.OFFICIAL_DOCUMENTS: "official_documents",
    DataCode.HEALTH: "health",
    DataCode.EMPLOYMENT_HEALTH: "health",
    DataCode.GENETIC: "health",
    DataCode.BIOMETRIC: "health",
    DataCode.CONTACT: "contact",
    DataCode.BASIC_IDENTITY: "contact",
}

CATALOGUES: dict[str, dict[str, Entry]] = {
    "consequence": CONSEQUENCES,
    "measure": MEASURES,
    "advice": ADVICE,
}


def phrase(language: Language, catalogue: str, code: str) -> str:
    """The phrase `code` of `catalogue` in `language`; KeyError for an unknown code."""
    return CATALOGUES[catalogue][code][_INDEX[language]]


def advice_codes(data: Iterable[DataCode]) -> list[str]:
    """Advice matched to the data types, each once, in catalogue order; phishing always."""
    wanted = {_ADVICE_FOR[code] for code in data if code in _ADVICE_FOR} | {"contact"}
    return [code for code in ADVICE if code in wanted]

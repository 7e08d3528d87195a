"""Translation tables: every label and fixed sentence, keyed by stable codes, in nl, fr, de, en.

Each entry is a 4-tuple in `LANGUAGES` order, so a missing language is a syntax-level mistake
and `tests/unit/documents/test_i18n.py` checks that every code of `rules.codes` has a label.
A key that does not exist raises `KeyError` at render time: the test suite renders every
document kind in every language, so a missing translation fails the tests, not the user.
Sentences may hold `{name}` fields filled by `t(..., **fields)`.
"""

from __future__ import annotations

from collections.abc import Mapping

from rules.codes import Language

LANGUAGES: tuple[Language, ...] = (Language.NL, Language.FR, Language.DE, Language.EN)
_INDEX = {lang: i for i, lang in enumerate(LANGUAGES)}

Entry = tuple[str, str, str, str]

LABELS: dict[str, Entry] = {
    # --- markers and small words ----------------------------------------------------------
    "unknown": ("onbekend", "inconnu", "unbekannt", "unknown"),
    "yes": ("ja", "oui", "ja", "yes"),
    "no": ("nee", "non", "nein", "no"),
    "none": ("geen", "aucun", "keine", "none"),
    "not_translated": (
        "Niet vertaald; oorspronkelijke tekst ({original})",
        "Non traduit ; texte original ({original})",
        "Nicht übersetzt; Originaltext ({original})",
        "Not translated; original text ({original})",
    ),
    "page": ("pagina", "page", "Seite", "page"),
    "reference": ("Referentie", "Référence", "Aktenzeichen", "Reference"),
    "version": ("Versie", "Version", "Version", "Version"),
    "draft": ("ONTWERP", "PROJET", "ENTWURF", "DRAFT"),
    "from": ("van", "du", "vom", "from"),
    "to": ("tot", "au", "bis", "to"),
    "name": ("Naam", "Nom", "Name", "Name"),
    "kbo": (
        "Ondernemingsnummer (KBO)",
        "Numéro d'entreprise (BCE)",
        "Unternehmensnummer (ZDU)",
        "Enterprise number (KBO/BCE)",
    ),
    "address": ("Adres", "Adresse", "Anschrift", "Address"),
    "email": ("E-mail", "E-mail", "E-Mail", "E-mail"),
    "phone": ("Telefoon", "Téléphone", "Telefon", "Phone"),
    "function": ("Functie", "Fonction", "Funktion", "Position"),
    "role": ("Rol", "Rôle", "Rolle", "Role"),
    "date": ("Datum", "Date", "Datum", "Date"),
    "field": ("Gegeven", "Champ", "Feld", "Field"),
    "before": ("Vorige melding", "Notification précédente", "Vorherige Meldung", "Previous filing"),
    "after": ("Nu", "Maintenant", "Jetzt", "Now"),
    # --- GBA notification -----------------------------------------------------------------
    "gba.title": (
        "Melding van een gegevenslek aan de Gegevensbeschermingsautoriteit (art. 33 AVG)",
        "Notification d'une fuite de données à l'Autorité de protection des données (art. 33 RGPD)",
        "Meldung einer Datenschutzverletzung an die Datenschutzbehörde (Art. 33 DSGVO)",
        "Notification of a personal data breach to the Data Protection Authority (Art. 33 GDPR)",
    ),
    "gba.intro": (
        "Ontwerp om over te nemen in het meldingsportaal van de GBA. Velden die nog niet "
        "gekend zijn, staan als \u201conbekend\u201d vermeld en worden later aangevuld "
        "(art. 33, lid 4 AVG).",
        "Projet à reprendre dans le portail de notification de l'APD. Les champs encore "
        "inconnus sont indiqués \u00ab\u00a0inconnu\u00a0\u00bb et seront complétés plus tard "
        "(art. 33, § 4 RGPD).",
        "Entwurf zur Übernahme in das Meldeportal der Datenschutzbehörde. Noch unbekannte "
        "Felder sind als \u201eunbekannt\u201c gekennzeichnet und werden später ergänzt "
        "(Art. 33 Abs. 4 DSGVO).",
        "Draft to be typed into the DPA's notification portal. Fields not yet known are "
        "marked \u201cunknown\u201d and will be completed later (Art. 33(4) GDPR).",
    ),
    "sec.notification": (
        "Type melding",
        "Type de notification",
        "Art der Meldung",
        "Type of notification",
    ),
    "sec.controller": (
        "Verwerkingsverantwoordelijke",
        "Responsable du traitement",
        "Verantwortlicher",
        "Controller",
    ),
    "sec.reporting_person": (
        "Melder",
        "Personne qui notifie",
        "Meldende Person",
        "Reporting person",
    ),
    "sec.dpo": (
        "Functionaris voor gegevensbescherming",
        "Délégué à la protection des données",
        "Datenschutzbeauftragter",
        "Data protection officer",
    ),
    "sec.other_parties": (
        "Betrokken verwerkers of gezamenlijk verantwoordelijken",
        "Sous-traitants ou responsables conjoints concernés",
        "Beteiligte Auftragsverarbeiter oder gemeinsam Verantwortliche",
        "Processors or joint controllers involved",
    ),
    "sec.timeline": ("Tijdlijn", "Chronologie", "Zeitlicher Ablauf", "Timeline"),
    "sec.nature": (
        "Aard van het gegevenslek",
        "Nature de la fuite de données",
        "Art der Verletzung",
        "Nature of the breach",
    ),
    "sec.systems": (
        "Betrokken systemen",
        "Systèmes concernés",
        "Betroffene Systeme",
        "Systems involved",
    ),
    "sec.subjects": (
        "Betrokkenen",
        "Personnes concernées",
        "Betroffene Personen",
        "People concerned",
    ),
    "sec.data": (
        "Persoonsgegevens",
        "Données à caractère personnel",
        "Personenbezogene Daten",
        "Personal data",
    ),
    "sec.measures_before": (
        "Maatregelen die vooraf golden",
        "Mesures en place avant la fuite",
        "Vorher bestehende Maßnahmen",
        "Measures in place before",
    ),
    "sec.consequences": (
        "Waarschijnlijke gevolgen",
        "Conséquences probables",
        "Wahrscheinliche Folgen",
        "Likely consequences",
    ),
    "sec.risk": ("Risicobeoordeling", "Évaluation du risque", "Risikobewertung", "Risk assessment"),
    "sec.measures": (
        "Genomen en geplande maatregelen",
        "Mesures prises et prévues",
        "Ergriffene und geplante Maßnahmen",
        "Measures taken and planned",
    ),
    "sec.communication": (
        "Mededeling aan de betrokkenen",
        "Communication aux personnes concernées",
        "Benachrichtigung der betroffenen Personen",
        "Communication to the people concerned",
    ),
    "sec.other_authorities": (
        "Andere ingelichte instanties",
        "Autres autorités informées",
        "Andere informierte Behörden",
        "Other authorities told",
    ),
    "sec.cross_border": (
        "Grensoverschrijdende aspecten",
        "Aspects transfrontaliers",
        "Grenzüberschreitende Aspekte",
        "Cross-border aspects",
    ),
    "sec.changes": (
        "Wijzigingen sinds de vorige melding",
        "Modifications depuis la notification précédente",
        "Änderungen seit der vorherigen Meldung",
        "Changes since the previous filing",
    ),
    "f.filing": ("Soort melding", "Type", "Art", "Filing"),
    "f.completeness": ("Volledigheid", "Complétude", "Vollständigkeit", "Completeness"),
    "f.previous_reference": (
        "Referentie vorige melding",
        "Référence de la notification précédente",
        "Aktenzeichen der vorherigen Meldung",
        "Previous reference",
    ),
    "f.gba_reference": (
        "Dossiernummer GBA",
        "Numéro de dossier APD",
        "Aktenzeichen der Behörde",
        "DPA case reference",
    ),
    "f.occurred": (
        "Tijdstip van het lek",
        "Moment de la fuite",
        "Zeitpunkt der Verletzung",
        "Occurrence",
    ),
    "f.detected_at": ("Ontdekt op", "Découverte le", "Entdeckt am", "Detected at"),
    "f.detection_how": ("Hoe ontdekt", "Comment découverte", "Wie entdeckt", "How detected"),
    "f.aware_at": (
        "Kennisname (start 72 uur)",
        "Prise de connaissance (début des 72 heures)",
        "Kenntnisnahme (Beginn der 72 Stunden)",
        "Awareness (72-hour clock starts)",
    ),
    "f.deadline": (
        "Uiterste meldingsdatum",
        "Date limite de notification",
        "Meldefrist",
        "Notification deadline",
    ),
    "f.late": (
        "Laattijdige melding",
        "Notification tardive",
        "Verspätete Meldung",
        "Late notification",
    ),
    "f.delay_reasons": (
        "Redenen voor de vertraging",
        "Motifs du retard",
        "Gründe für die Verzögerung",
        "Reasons for the delay",
    ),
    "f.description": ("Beschrijving", "Description", "Beschreibung", "Description"),
    "f.nature": (
        "Geschonden beveiligingsaspecten",
        "Propriétés de sécurité atteintes",
        "Verletzte Schutzziele",
        "Security properties lost",
    ),
    "f.confidentiality": (
        "Vertrouwelijkheid",
        "Confidentialité",
        "Vertraulichkeit",
        "Confidentiality",
    ),
    "f.integrity": ("Integriteit", "Intégrité", "Integrität", "Integrity"),
    "f.availability": ("Beschikbaarheid", "Disponibilité", "Verfügbarkeit", "Availability"),
    "f.incident_type": ("Soort incident", "Type d'incident", "Art des Vorfalls", "Incident type"),
    "f.cause": ("Oorzaak", "Cause", "Ursache", "Cause"),
    "f.malicious": ("Kwaad opzet", "Intention malveillante", "Böswillige Absicht", "Malicious"),
    "f.subject_categories": ("Categorieën", "Catégories", "Kategorien", "Categories"),
    "f.subject_count": ("Aantal", "Nombre", "Anzahl", "Number"),
    "f.count_exactness": ("Aard van het aantal", "Nature du nombre", "Art der Anzahl", "Number is"),
    "f.vulnerable": (
        "Kwetsbare personen",
        "Personnes vulnérables",
        "Schutzbedürftige Personen",
        "Vulnerable people",
    ),
    "f.data_types": ("Soorten gegevens", "Types de données", "Datenarten", "Types of data"),
    "f.record_count": (
        "Aantal records",
        "Nombre d'enregistrements",
        "Anzahl Datensätze",
        "Number of records",
    ),
    "f.outcome": ("Uitkomst", "Résultat", "Ergebnis", "Outcome"),
    "f.rules_outcome": (
        "Uitkomst van de beslissingstabel (door de DPO gewijzigd)",
        "Résultat de la table de décision (modifié par le DPD)",
        "Ergebnis der Entscheidungstabelle (vom DSB geändert)",
        "Outcome of the decision table (changed by the DPO)",
    ),
    "f.method": ("Methode", "Méthode", "Methode", "Method"),
    "f.method_text": (
        "Beslissingstabel volgens EDPB-richtsnoeren 9/2022 en 01/2021; ernstschaal ENISA 2013 "
        "(SE = DPC \u00d7 EI + CB)",
        "Table de décision selon les lignes directrices 9/2022 et 01/2021 de l'EDPB ; échelle "
        "de gravité ENISA 2013 (SE = DPC \u00d7 EI + CB)",
        "Entscheidungstabelle nach den EDSA-Leitlinien 9/2022 und 01/2021; "
        "Schweregradskala ENISA 2013 (SE = DPC \u00d7 EI + CB)",
        "Decision table after EDPB Guidelines 9/2022 and 01/2021; ENISA 2013 severity scale "
        "(SE = DPC \u00d7 EI + CB)",
    ),
    "f.severity": ("Ernst (ENISA)", "Gravité (ENISA)", "Schweregrad (ENISA)", "Severity (ENISA)"),
    "f.adjustments": ("Aanpassingen", "Ajustements", "Anpassungen", "Adjustments"),
    "f.reasons": ("Motivering", "Motivation", "Begründung", "Reasons"),
    "f.assumptions": (
        "Aannames voor onbekende feiten",
        "Hypothèses pour les faits inconnus",
        "Annahmen für unbekannte Tatsachen",
        "Assumptions for unknown facts",
    ),
    "f.measures_taken": (
        "Genomen maatregelen",
        "Mesures prises",
        "Ergriffene Maßnahmen",
        "Measures taken",
    ),
    "f.measures_planned": (
        "Geplande maatregelen",
        "Mesures prévues",
        "Geplante Maßnahmen",
        "Measures planned",
    ),
    "f.communication_status": ("Stand", "Statut", "Stand", "Status"),
    "f.communication_at": ("Datum", "Date", "Datum", "Date"),
    "f.communication_reason": ("Reden", "Motif", "Grund", "Reason"),
    "f.exemptions": (
        "Uitzonderingen (art. 34, lid 3)",
        "Exceptions (art. 34, § 3)",
        "Ausnahmen (Art. 34 Abs. 3)",
        "Exemptions (Art. 34(3))",
    ),
    "f.public": (
        "Openbare mededeling",
        "Communication publique",
        "Öffentliche Bekanntmachung",
        "Public communication",
    ),
    "f.cross_border_applies": (
        "Grensoverschrijdend",
        "Transfrontalier",
        "Grenzüberschreitend",
        "Cross-border",
    ),
    "f.lead_authority": (
        "Leidende toezichthoudende autoriteit",
        "Autorité chef de file",
        "Federführende Aufsichtsbehörde",
        "Lead supervisory authority",
    ),
    "f.countries": (
        "Betrokken landen",
        "Pays concernés",
        "Betroffene Länder",
        "Countries concerned",
    ),
    "f.activities": (
        "Betrokken verwerkingsactiviteiten",
        "Activités de traitement concernées",
        "Betroffene Verarbeitungstätigkeiten",
        "Processing activities concerned",
    ),
    "f.gba_notified": ("GBA ingelicht", "APD informée", "Behörde informiert", "DPA notified"),
    "f.subjects_told": (
        "Betrokkenen ingelicht",
        "Personnes concernées informées",
        "Betroffene informiert",
        "People concerned told",
    ),
    "f.not_notified_reason": (
        "Waarom niet gemeld",
        "Pourquoi non notifiée",
        "Warum nicht gemeldet",
        "Why not notified",
    ),
    # --- values -----------------------------------------------------------------------------
    "exactness.exact": ("exact", "exact", "genau", "exact"),
    "exactness.approximate": ("bij benadering", "approximatif", "ungefähr", "approximate"),
    "exactness.unknown": ("onbekend", "inconnu", "unbekannt", "unknown"),
    "cause.internal": ("intern", "interne", "intern", "internal"),
    "cause.external": ("extern", "externe", "extern", "external"),
    "party_role.processor": ("verwerker", "sous-traitant", "Auftragsverarbeiter", "processor"),
    "party_role.joint_controller": (
        "gezamenlijk verwerkingsverantwoordelijke",
        "responsable conjoint",
        "gemeinsam Verantwortlicher",
        "joint controller",
    ),
    "party_role.controller": (
        "verwerkingsverantwoordelijke",
        "responsable du traitement",
        "Verantwortlicher",
        "controller",
    ),
    "communication.done": ("gebeurd", "effectuée", "erfolgt", "done"),
    "communication.planned": ("gepland", "prévue", "geplant", "planned"),
    "communication.not_needed": (
        "niet nodig",
        "pas nécessaire",
        "nicht erforderlich",
        "not needed",
    ),
    "communication.exemption": (
        "uitzondering van toepassing",
        "exception applicable",
        "Ausnahme anwendbar",
        "exemption applies",
    ),
    "authority.police": ("politie", "police", "Polizei", "police"),
    "authority.ccb": (
        "Centrum voor Cybersecurity België (CCB)",
        "Centre pour la Cybersécurité Belgique (CCB)",
        "Zentrum für Cybersicherheit Belgien (CCB)",
        "Centre for Cybersecurity Belgium (CCB)",
    ),
    "authority.fsma": ("FSMA", "FSMA", "FSMA", "FSMA"),
    "authority.nbb": (
        "Nationale Bank van België",
        "Banque nationale de Belgique",
        "Belgische Nationalbank",
        "National Bank of Belgium",
    ),
    "authority.coc": (
        "Controleorgaan op de politionele informatie (COC)",
        "Organe de contrôle de l'information policière (COC)",
        "Kontrollorgan für polizeiliche Informationen (COC)",
        "Supervisory Body for Police Information (COC)",
    ),
    "authority.other": ("andere", "autre", "andere", "other"),
    # --- processor notice -------------------------------------------------------------------
    "notice.title": (
        "Kennisgeving van een inbreuk in verband met persoonsgegevens aan de "
        "verwerkingsverantwoordelijke (art. 33, lid 2 AVG)",
        "Notification d'une violation de données au responsable du traitement (art. 33, § 2 RGPD)",
        "Meldung einer Verletzung des Schutzes personenbezogener Daten an den Verantwortlichen "
        "(Art. 33 Abs. 2 DSGVO)",
        "Notice of a personal data breach to the controller (Art. 33(2) GDPR)",
    ),
    "notice.to": ("Aan", "À", "An", "To"),
    "notice.from": (
        "Van (verwerker)",
        "De (sous-traitant)",
        "Von (Auftragsverarbeiter)",
        "From (processor)",
    ),
    "notice.intro": (
        "Als uw verwerker melden wij u onverwijld een inbreuk die persoonsgegevens raakt "
        "waarvoor u de verwerkingsverantwoordelijke bent. Dit bericht bevat alles wat wij tot "
        "nu toe weten over uw gegevens; wij vullen het aan zodra wij meer weten.",
        "En tant que sous-traitant, nous vous notifions sans délai une violation touchant des "
        "données dont vous êtes le responsable du traitement. Ce message contient tout ce que "
        "nous savons à ce jour sur vos données ; nous le compléterons dès que nous en saurons "
        "davantage.",
        "Als Ihr Auftragsverarbeiter melden wir Ihnen unverzüglich eine Verletzung, die "
        "personenbezogene Daten betrifft, für die Sie der Verantwortliche sind. Diese "
        "Mitteilung enthält alles, was wir bisher über Ihre Daten wissen; wir ergänzen sie, "
        "sobald wir mehr wissen.",
        "As your processor we notify you without undue delay of a breach affecting personal "
        "data for which you are the controller. This notice holds everything we know so far "
        "about your data; we will complete it as soon as we know more.",
    ),
    "notice.decision": (
        "U bent de verwerkingsverantwoordelijke: u beslist of u de Gegevensbeschermingsautoriteit "
        "(art. 33 AVG) en de betrokkenen (art. 34 AVG) inlicht. Uw termijn van 72 uur loopt in "
        "de regel vanaf het ogenblik waarop u dit bericht ontvangt. Wij helpen u daarbij "
        "(art. 28, lid 3, f AVG).",
        "Vous êtes le responsable du traitement : c'est vous qui décidez de notifier l'Autorité "
        "de protection des données (art. 33 RGPD) et d'informer les personnes concernées "
        "(art. 34 RGPD). Votre délai de 72 heures court en principe à partir de la réception "
        "de ce message. Nous vous assistons (art. 28, § 3, f RGPD).",
        "Sie sind der Verantwortliche: Sie entscheiden, ob Sie die Datenschutzbehörde "
        "(Art. 33 DSGVO) und die betroffenen Personen (Art. 34 DSGVO) benachrichtigen. Ihre "
        "Frist von 72 Stunden läuft in der Regel ab dem Erhalt dieser Mitteilung. Wir "
        "unterstützen Sie dabei (Art. 28 Abs. 3 Buchst. f DSGVO).",
        "You are the controller: you decide whether to notify the Data Protection Authority "
        "(Art. 33 GDPR) and the people concerned (Art. 34 GDPR). Your 72 hours normally run "
        "from the moment you receive this notice. We will assist you (Art. 28(3)(f) GDPR).",
    ),
    "notice.sec.what": (
        "Wat er gebeurde",
        "Ce qui s'est passé",
        "Was geschehen ist",
        "What happened",
    ),
    "notice.sec.your_data": (
        "Uw gegevens en uw betrokkenen",
        "Vos données et vos personnes concernées",
        "Ihre Daten und Ihre betroffenen Personen",
        "Your data and your people",
    ),
    "notice.sec.next": ("Volgende stappen", "Prochaines étapes", "Nächste Schritte", "Next steps"),
    "notice.sec.contact": ("Contact", "Contact", "Kontakt", "Contact"),
    "notice.next_default": (
        "Wij onderzoeken het incident verder en sturen u een aangevulde kennisgeving zodra "
        "nieuwe feiten bekend zijn. Laat ons weten welke informatie u voor uw eigen melding "
        "nodig hebt.",
        "Nous poursuivons l'enquête et vous enverrons une notification complétée dès que de "
        "nouveaux faits seront connus. Dites-nous quelles informations il vous faut pour votre "
        "propre notification.",
        "Wir untersuchen den Vorfall weiter und senden Ihnen eine ergänzte Mitteilung, sobald "
        "neue Tatsachen bekannt sind. Teilen Sie uns mit, welche Angaben Sie für Ihre eigene "
        "Meldung benötigen.",
        "We are investigating further and will send you a completed notice as soon as new "
        "facts are known. Tell us which information you need for your own notification.",
    ),
    # --- letters ------------------------------------------------------------------------------
    "letter.our_reference": ("Ons kenmerk", "Notre référence", "Unser Zeichen", "Our reference"),
    "letter.subject": (
        "Betreft: een inbreuk in verband met uw persoonsgegevens",
        "Objet : une violation de vos données à caractère personnel",
        "Betreff: eine Verletzung des Schutzes Ihrer personenbezogenen Daten",
        "Subject: a breach affecting your personal data",
    ),
    "letter.salutation": ("Beste {name},", "Bonjour {name},", "Guten Tag {name},", "Dear {name},"),
    "letter.intro": (
        "Met deze brief laten wij u weten dat een beveiligingsincident persoonsgegevens over u "
        "heeft getroffen. {controller} is verantwoordelijk voor die gegevens.",
        "Par ce courrier, nous vous informons qu'un incident de sécurité a touché des données "
        "personnelles vous concernant. {controller} est responsable de ces données.",
        "Mit diesem Schreiben teilen wir Ihnen mit, dass ein Sicherheitsvorfall "
        "personenbezogene Daten über Sie betroffen hat. {controller} ist für diese Daten "
        "verantwortlich.",
        "We are writing to let you know that a security incident has affected personal data "
        "about you. {controller} is responsible for these data.",
    ),
    "letter.on_behalf": (
        "Wij, {processor}, schrijven u namens {controller}, de verwerkingsverantwoordelijke. "
        "Wij verwerken uw gegevens in zijn opdracht als verwerker.",
        "Nous, {processor}, vous écrivons au nom de {controller}, le responsable du "
        "traitement. Nous traitons vos données pour son compte en tant que sous-traitant.",
        "Wir, {processor}, schreiben Ihnen im Namen von {controller}, dem Verantwortlichen. "
        "Wir verarbeiten Ihre Daten in dessen Auftrag als Auftragsverarbeiter.",
        "We, {processor}, are writing on behalf of {controller}, the controller. We process "
        "your data on its behalf as its processor.",
    ),
    "letter.processor_line": (
        "Verwerker die deze brief verstuurt: {processor}",
        "Sous-traitant qui envoie ce courrier : {processor}",
        "Auftragsverarbeiter, der dieses Schreiben versendet: {processor}",
        "Processor sending this letter: {processor}",
    ),
    "letter.on_behalf_sign": (
        "namens deze, {processor}, verwerker",
        "pour ordre, {processor}, sous-traitant",
        "im Auftrag, {processor}, Auftragsverarbeiter",
        "on its behalf, {processor}, processor",
    ),
    "letter.sec.what": (
        "Wat is er gebeurd?",
        "Que s'est-il passé ?",
        "Was ist geschehen?",
        "What happened?",
    ),
    "letter.when": (
        "Het incident vond vermoedelijk plaats op {occurred}. Wij stelden het vast op {aware}.",
        "L'incident a vraisemblablement eu lieu le {occurred}. Nous l'avons constaté le {aware}.",
        "Der Vorfall ereignete sich vermutlich am {occurred}. Wir haben ihn am {aware} "
        "festgestellt.",
        "The incident probably took place on {occurred}. We established it on {aware}.",
    ),
    "letter.sec.data": (
        "Welke gegevens over u?",
        "Quelles données vous concernant ?",
        "Welche Daten über Sie?",
        "Which of your data?",
    ),
    "letter.data_intro": (
        "Het gaat om de volgende gegevens over u:",
        "Il s'agit des données suivantes vous concernant :",
        "Es handelt sich um folgende Daten über Sie:",
        "The following data about you are involved:",
    ),
    "letter.sec.consequences": (
        "Wat kan dit voor u betekenen?",
        "Quelles conséquences pour vous ?",
        "Was kann das für Sie bedeuten?",
        "What could this mean for you?",
    ),
    "letter.sec.measures": (
        "Wat hebben wij gedaan?",
        "Qu'avons-nous fait ?",
        "Was haben wir unternommen?",
        "What have we done?",
    ),
    "letter.measures_planned": (
        "Wat wij nog zullen doen:",
        "Ce que nous allons encore faire :",
        "Was wir noch tun werden:",
        "What we will also do:",
    ),
    "letter.sec.advice": (
        "Wat kunt u zelf doen?",
        "Que pouvez-vous faire ?",
        "Was können Sie selbst tun?",
        "What can you do yourself?",
    ),
    "letter.sec.contact": ("Vragen?", "Des questions ?", "Fragen?", "Questions?"),
    "letter.contact": (
        "Neem contact op met onze functionaris voor gegevensbescherming, {dpo}:",
        "Contactez notre délégué à la protection des données, {dpo} :",
        "Wenden Sie sich an unseren Datenschutzbeauftragten, {dpo}:",
        "Contact our data protection officer, {dpo}:",
    ),
    "letter.complaint": (
        "U kunt ook een klacht indienen bij de Gegevensbeschermingsautoriteit, Drukpersstraat "
        "35, 1000 Brussel, contact@apd-gba.be, +32 2 274 48 00.",
        "Vous pouvez aussi introduire une plainte auprès de l'Autorité de protection des "
        "données, rue de la Presse 35, 1000 Bruxelles, contact@apd-gba.be, +32 2 274 48 00.",
        "Sie können auch Beschwerde bei der Datenschutzbehörde einlegen, Rue de la Presse 35, "
        "1000 Brüssel, contact@apd-gba.be, +32 2 274 48 00.",
        "You may also lodge a complaint with the Data Protection Authority, Rue de la Presse "
        "35, 1000 Brussels, contact@apd-gba.be, +32 2 274 48 00.",
    ),
    "letter.apology": (
        "Wij betreuren dit incident en de ongerustheid die het kan veroorzaken.",
        "Nous regrettons cet incident et l'inquiétude qu'il peut susciter.",
        "Wir bedauern diesen Vorfall und die Sorge, die er auslösen kann.",
        "We regret this incident and the concern it may cause.",
    ),
    "letter.closing": (
        "Met vriendelijke groeten,",
        "Veuillez agréer nos salutations distinguées.",
        "Mit freundlichen Grüßen",
        "Kind regards,",
    ),
    "public.title": (
        "Openbare mededeling over een inbreuk in verband met persoonsgegevens (art. 34, lid 3, "
        "c AVG)",
        "Communication publique relative à une violation de données à caractère personnel "
        "(art. 34, § 3, c RGPD)",
        "Öffentliche Bekanntmachung einer Verletzung des Schutzes personenbezogener Daten "
        "(Art. 34 Abs. 3 Buchst. c DSGVO)",
        "Public communication about a personal data breach (Art. 34(3)(c) GDPR)",
    ),
    "public.intro": (
        "{controller} laat het publiek weten dat een beveiligingsincident persoonsgegevens "
        "heeft getroffen. Omdat wij niet iedere betrokkene afzonderlijk kunnen bereiken, "
        "informeren wij u op deze manier.",
        "{controller} informe le public qu'un incident de sécurité a touché des données à "
        "caractère personnel. Comme nous ne pouvons pas joindre chaque personne concernée "
        "individuellement, nous vous informons de cette manière.",
        "{controller} teilt der Öffentlichkeit mit, dass ein Sicherheitsvorfall "
        "personenbezogene Daten betroffen hat. Da wir nicht jede betroffene Person einzeln "
        "erreichen können, informieren wir auf diesem Weg.",
        "{controller} informs the public that a security incident has affected personal data. "
        "As we cannot reach each person concerned individually, we inform you in this way.",
    ),
    "public.who": (
        "Wie is betrokken?",
        "Qui est concerné ?",
        "Wer ist betroffen?",
        "Who is concerned?",
    ),
    "public.data_intro": (
        "De volgende soorten gegevens zijn getroffen:",
        "Les types de données suivants sont touchés :",
        "Folgende Datenarten sind betroffen:",
        "The following types of data are affected:",
    ),
    # --- register -----------------------------------------------------------------------------
    "register.title": (
        "Register van inbreuken in verband met persoonsgegevens (art. 33, lid 5 AVG)",
        "Registre des violations de données à caractère personnel (art. 33, § 5 RGPD)",
        "Verzeichnis der Verletzungen des Schutzes personenbezogener Daten (Art. 33 Abs. 5 DSGVO)",
        "Register of personal data breaches (Art. 33(5) GDPR)",
    ),
    "register.entry": (
        "Registervermelding",
        "Inscription au registre",
        "Verzeichniseintrag",
        "Register entry",
    ),
    "register.facts": ("Feiten", "Faits", "Sachverhalt", "Facts"),
    "register.effects": ("Gevolgen", "Effets", "Auswirkungen", "Effects"),
    "register.remedial": (
        "Herstelmaatregelen",
        "Mesures correctrices",
        "Abhilfemaßnahmen",
        "Remedial action",
    ),
    "register.notifications": ("Meldingen", "Notifications", "Meldungen", "Notifications"),
    "register.organisation": ("Organisatie", "Organisation", "Organisation", "Organisation"),
    "register.generated_at": ("Opgemaakt op", "Établi le", "Erstellt am", "Generated at"),
    "register.count": (
        "Aantal inbreuken",
        "Nombre de violations",
        "Anzahl Verletzungen",
        "Number of breaches",
    ),
}

# Labels of the stable codes of `rules.codes`, by code family.
CODES: dict[str, dict[str, Entry]] = {
    "data": {
        "basic_identity": (
            "identiteitsgegevens (naam, geboortedatum)",
            "données d'identité (nom, date de naissance)",
            "Identitätsdaten (Name, Geburtsdatum)",
            "identity data (name, date of birth)",
        ),
        "contact": (
            "contactgegevens (adres, e-mail, telefoon)",
            "coordonnées (adresse, e-mail, téléphone)",
            "Kontaktdaten (Anschrift, E-Mail, Telefon)",
            "contact details (address, e-mail, phone)",
        ),
        "professional": (
            "beroepsgegevens",
            "données professionnelles",
            "berufliche Daten",
            "professional data",
        ),
        "education": (
            "opleidingsgegevens",
            "données de formation",
            "Ausbildungsdaten",
            "education data",
        ),
        "pseudonymous_identifier": (
            "klant- of personeelsnummer",
            "numéro de client ou de membre du personnel",
            "Kunden- oder Personalnummer",
            "customer or staff number",
        ),
        "family": ("gezinsgegevens", "données familiales", "Familiendaten", "family data"),
        "location": (
            "locatiegegevens",
            "données de localisation",
            "Standortdaten",
            "location data",
        ),
        "communications_metadata": (
            "communicatiegegevens (metadata)",
            "métadonnées de communication",
            "Kommunikationsmetadaten",
            "communications metadata",
        ),
        "preferences_habits": (
            "voorkeuren en gewoonten",
            "préférences et habitudes",
            "Vorlieben und Gewohnheiten",
            "preferences and habits",
        ),
        "purchase_history": (
            "aankoopgeschiedenis",
            "historique d'achats",
            "Kaufhistorie",
            "purchase history",
        ),
        "financial": (
            "financiële gegevens (loon, loonbrieven, bankrekeningnummer)",
            "données financières (salaire, fiches de paie, numéro de compte)",
            "Finanzdaten (Lohn, Lohnabrechnungen, Kontonummer)",
            "financial data (pay, payslips, bank account number)",
        ),
        "payment_card": (
            "betaalkaartgegevens",
            "données de carte de paiement",
            "Zahlungskartendaten",
            "payment card data",
        ),
        "credentials": (
            "gebruikersnamen en wachtwoorden",
            "identifiants et mots de passe",
            "Benutzernamen und Passwörter",
            "user names and passwords",
        ),
        "national_id_number": (
            "rijksregisternummer",
            "numéro de registre national",
            "Nationalregisternummer",
            "national register number",
        ),
        "official_documents": (
            "officiële documenten (identiteitskaart, paspoort)",
            "documents officiels (carte d'identité, passeport)",
            "amtliche Dokumente (Personalausweis, Reisepass)",
            "official documents (identity card, passport)",
        ),
        "health": ("gezondheidsgegevens", "données de santé", "Gesundheitsdaten", "health data"),
        "employment_health": (
            "gezondheidsgegevens in verband met het werk (ziekte, arbeidsongeval)",
            "données de santé liées au travail (maladie, accident du travail)",
            "arbeitsbezogene Gesundheitsdaten (Krankheit, Arbeitsunfall)",
            "work-related health data (sickness, accident at work)",
        ),
        "biometric": (
            "biometrische gegevens",
            "données biométriques",
            "biometrische Daten",
            "biometric data",
        ),
        "genetic": (
            "genetische gegevens",
            "données génétiques",
            "genetische Daten",
            "genetic data",
        ),
        "racial_ethnic": (
            "ras of etnische afkomst",
            "origine raciale ou ethnique",
            "rassische oder ethnische Herkunft",
            "racial or ethnic origin",
        ),
        "political": (
            "politieke opvattingen",
            "opinions politiques",
            "politische Meinungen",
            "political opinions",
        ),
        "religious": (
            "godsdienstige of levensbeschouwelijke overtuigingen",
            "convictions religieuses ou philosophiques",
            "religiöse oder weltanschauliche Überzeugungen",
            "religious or philosophical beliefs",
        ),
        "trade_union": (
            "vakbondslidmaatschap",
            "affiliation syndicale",
            "Gewerkschaftszugehörigkeit",
            "trade union membership",
        ),
        "sex_life": (
            "seksueel gedrag of seksuele gerichtheid",
            "vie sexuelle ou orientation sexuelle",
            "Sexualleben oder sexuelle Orientierung",
            "sex life or sexual orientation",
        ),
        "criminal": (
            "strafrechtelijke gegevens",
            "données judiciaires",
            "strafrechtliche Daten",
            "criminal records data",
        ),
    },
    "incident_type": {
        "ransomware": ("ransomware", "rançongiciel", "Ransomware", "ransomware"),
        "hacking_malware": (
            "hacking of malware",
            "piratage ou logiciel malveillant",
            "Hacking oder Schadsoftware",
            "hacking or malware",
        ),
        "phishing_social_engineering": (
            "phishing of social engineering",
            "hameçonnage ou ingénierie sociale",
            "Phishing oder Social Engineering",
            "phishing or social engineering",
        ),
        "credential_stuffing": (
            "misbruik van gelekte wachtwoorden (credential stuffing)",
            "réutilisation d'identifiants volés (credential stuffing)",
            "Missbrauch gestohlener Zugangsdaten (Credential Stuffing)",
            "credential stuffing",
        ),
        "insider_misuse": (
            "misbruik door een medewerker",
            "abus par un membre du personnel",
            "Missbrauch durch Beschäftigte",
            "insider misuse",
        ),
        "device_lost_stolen": (
            "toestel verloren of gestolen",
            "appareil perdu ou volé",
            "Gerät verloren oder gestohlen",
            "device lost or stolen",
        ),
        "paper_lost_stolen": (
            "papieren documenten verloren of gestolen",
            "documents papier perdus ou volés",
            "Papierdokumente verloren oder gestohlen",
            "paper documents lost or stolen",
        ),
        "mail_misdelivered": (
            "post naar de verkeerde persoon",
            "courrier mal adressé",
            "Post falsch zugestellt",
            "mail sent to the wrong person",
        ),
        "email_misdirected": (
            "e-mail naar de verkeerde ontvanger",
            "e-mail envoyé au mauvais destinataire",
            "E-Mail an falsche Empfänger",
            "e-mail sent to the wrong recipient",
        ),
        "open_distribution_list": (
            "e-mail met zichtbare verzendlijst",
            "e-mail avec liste de destinataires visible",
            "E-Mail mit offener Verteilerliste",
            "e-mail with open distribution list",
        ),
        "unintended_publication": (
            "onbedoelde publicatie",
            "publication involontaire",
            "unbeabsichtigte Veröffentlichung",
            "unintended publication",
        ),
        "wrong_data_shown": (
            "verkeerde gegevens getoond",
            "mauvaises données affichées",
            "falsche Daten angezeigt",
            "wrong data shown",
        ),
        "misconfiguration": (
            "foute configuratie",
            "mauvaise configuration",
            "Fehlkonfiguration",
            "misconfiguration",
        ),
        "technical_failure": (
            "technisch defect",
            "défaillance technique",
            "technischer Fehler",
            "technical failure",
        ),
        "improper_disposal": (
            "onveilige vernietiging",
            "élimination inappropriée",
            "unsachgemäße Entsorgung",
            "improper disposal",
        ),
        "verbal_disclosure": (
            "mondelinge onthulling",
            "divulgation orale",
            "mündliche Offenlegung",
            "verbal disclosure",
        ),
        "data_deleted": ("gegevens gewist", "données supprimées", "Daten gelöscht", "data deleted"),
        "other": ("ander incident", "autre incident", "anderer Vorfall", "other incident"),
    },
    "nature": {
        "confidentiality": (
            "vertrouwelijkheid",
            "confidentialité",
            "Vertraulichkeit",
            "confidentiality",
        ),
        "integrity": ("integriteit", "intégrité", "Integrität", "integrity"),
        "availability": ("beschikbaarheid", "disponibilité", "Verfügbarkeit", "availability"),
    },
    "confidentiality": {
        "not_affected": ("niet getroffen", "non affectée", "nicht betroffen", "not affected"),
        "no_evidence_of_access": (
            "blootgesteld, geen bewijs van inzage",
            "exposées, aucune preuve de consultation",
            "offengelegt, kein Nachweis eines Zugriffs",
            "exposed, no evidence of access",
        ),
        "known_recipients": (
            "bekendgemaakt aan gekende ontvangers",
            "communiquées à des destinataires connus",
            "an bekannte Empfänger offengelegt",
            "disclosed to known recipients",
        ),
        "unknown_recipients": (
            "in handen van onbekenden",
            "entre les mains de destinataires inconnus",
            "in den Händen Unbekannter",
            "taken by unknown parties",
        ),
    },
    "integrity": {
        "not_affected": ("niet getroffen", "non affectée", "nicht betroffen", "not affected"),
        "altered_recovered": (
            "gewijzigd en hersteld",
            "modifiées et restaurées",
            "verändert und wiederhergestellt",
            "altered and recovered",
        ),
        "altered_recoverable": (
            "gewijzigd, herstelbaar",
            "modifiées, récupérables",
            "verändert, wiederherstellbar",
            "altered, recoverable",
        ),
        "altered_unrecoverable": (
            "gewijzigd, niet herstelbaar",
            "modifiées, irrécupérables",
            "verändert, nicht wiederherstellbar",
            "altered, not recoverable",
        ),
    },
    "availability": {
        "not_affected": ("niet getroffen", "non affectée", "nicht betroffen", "not affected"),
        "recovered_without_difficulty": (
            "zonder moeite hersteld",
            "rétablie sans difficulté",
            "ohne Schwierigkeiten wiederhergestellt",
            "recovered without difficulty",
        ),
        "temporary": (
            "tijdelijk niet beschikbaar",
            "temporairement indisponibles",
            "vorübergehend nicht verfügbar",
            "temporarily unavailable",
        ),
        "permanent": (
            "blijvend verloren",
            "perdues définitivement",
            "dauerhaft verloren",
            "permanently lost",
        ),
    },
    "risk": {
        "unlikely": (
            "geen risico waarschijnlijk (enkel documenteren)",
            "risque improbable (documenter seulement)",
            "Risiko unwahrscheinlich (nur dokumentieren)",
            "unlikely to result in a risk (document only)",
        ),
        "risk": (
            "risico (melden aan de GBA)",
            "risque (notifier l'APD)",
            "Risiko (Meldung an die Behörde)",
            "risk (notify the DPA)",
        ),
        "high": (
            "hoog risico (melden aan de GBA en de betrokkenen)",
            "risque élevé (notifier l'APD et les personnes concernées)",
            "hohes Risiko (Meldung an die Behörde und die Betroffenen)",
            "high risk (notify the DPA and the people concerned)",
        ),
    },
    "band": {
        "low": ("laag", "faible", "niedrig", "low"),
        "medium": ("gemiddeld", "moyen", "mittel", "medium"),
        "high": ("hoog", "élevé", "hoch", "high"),
        "very_high": ("zeer hoog", "très élevé", "sehr hoch", "very high"),
    },
    "exemption": {
        "art34_3_a": (
            "art. 34, lid 3, a: gegevens onbegrijpelijk (versleuteld)",
            "art. 34, § 3, a : données inintelligibles (chiffrées)",
            "Art. 34 Abs. 3 Buchst. a: Daten unverständlich (verschlüsselt)",
            "Art. 34(3)(a): data unintelligible (encrypted)",
        ),
        "art34_3_b": (
            "art. 34, lid 3, b: latere maatregelen nemen het hoge risico weg",
            "art. 34, § 3, b : mesures ultérieures écartant le risque élevé",
            "Art. 34 Abs. 3 Buchst. b: spätere Maßnahmen beseitigen das hohe Risiko",
            "Art. 34(3)(b): later measures remove the high risk",
        ),
        "art34_3_c": (
            "art. 34, lid 3, c: onevenredige inspanning, openbare mededeling",
            "art. 34, § 3, c : efforts disproportionnés, communication publique",
            "Art. 34 Abs. 3 Buchst. c: unverhältnismäßiger Aufwand, öffentliche Bekanntmachung",
            "Art. 34(3)(c): disproportionate effort, public communication",
        ),
    },
    "filing": {
        "new": ("nieuwe melding", "nouvelle notification", "neue Meldung", "new notification"),
        "follow_up": (
            "aanvullende melding",
            "notification complémentaire",
            "Folgemeldung",
            "follow-up",
        ),
        "withdrawal": ("intrekking", "retrait", "Rücknahme", "withdrawal"),
    },
    "completeness": {
        "complete": (
            "volledige melding",
            "notification complète",
            "vollständige Meldung",
            "complete",
        ),
        "part1": (
            "deel 1 (binnen 72 uur)",
            "partie 1 (dans les 72 heures)",
            "Teil 1 (innerhalb von 72 Stunden)",
            "Part 1 (within 72 hours)",
        ),
        "part2": (
            "deel 2 (binnen 21 dagen na deel 1)",
            "partie 2 (dans les 21 jours après la partie 1)",
            "Teil 2 (innerhalb von 21 Tagen nach Teil 1)",
            "Part 2 (within 21 days after Part 1)",
        ),
    },
    "role": {
        "controller": (
            "verwerkingsverantwoordelijke",
            "responsable du traitement",
            "Verantwortlicher",
            "controller",
        ),
        "processor": ("verwerker", "sous-traitant", "Auftragsverarbeiter", "processor"),
        "joint_controller": (
            "gezamenlijk verwerkingsverantwoordelijke",
            "responsable conjoint",
            "gemeinsam Verantwortlicher",
            "joint controller",
        ),
    },
    # Subject categories of the register and the intake form; other words are shown as typed.
    "subject": {
        "employees": ("werknemers", "travailleurs", "Arbeitnehmer", "employees"),
        "former_employees": (
            "gewezen werknemers",
            "anciens travailleurs",
            "ehemalige Arbeitnehmer",
            "former employees",
        ),
        "applicants": ("sollicitanten", "candidats", "Bewerber", "applicants"),
        "customers": ("klanten", "clients", "Kunden", "customers"),
        "patients": ("patiënten", "patients", "Patienten", "patients"),
        "children": ("kinderen", "enfants", "Kinder", "children"),
        "members": ("leden", "membres", "Mitglieder", "members"),
        "self-employed members": (
            "aangesloten zelfstandigen",
            "indépendants affiliés",
            "angeschlossene Selbstständige",
            "self-employed members",
        ),
        "course participants": (
            "cursisten",
            "participants aux formations",
            "Kursteilnehmer",
            "course participants",
        ),
        "jobseekers": ("werkzoekenden", "demandeurs d'emploi", "Arbeitsuchende", "jobseekers"),
    },
    "language": {
        "nl": ("Nederlands", "néerlandais", "Niederländisch", "Dutch"),
        "fr": ("Frans", "français", "Französisch", "French"),
        "de": ("Duits", "allemand", "Deutsch", "German"),
        "en": ("Engels", "anglais", "Englisch", "English"),
    },
}


def t(language: Language, key: str, **fields: str) -> str:
    """The label `key` in `language`; raises KeyError for a key no table has."""
    text = LABELS[key][_INDEX[language]]
    return text.format(**fields) if fields else text


def code_label(language: Language, family: str, code: str) -> str:
    """The label of a stable code; raises KeyError for an unknown family or code."""
    return CODES[family][str(code)][_INDEX[language]]


def soft_code_label(language: Language, family: str, code: str) -> str:
    """Label for an open vocabulary (subject categories): the word itself when untranslated."""
    entry = CODES[family].get(str(code))
    return entry[_INDEX[language]] if entry else str(code).replace("_", " ")


def all_entries() -> Mapping[str, Entry]:
    """Every entry of every table, for the completeness test."""
    flat: dict[str, Entry] = dict(LABELS)
    for family, table in CODES.items():
        flat.update({f"{family}.{code}": entry for code, entry in table.items()})
    return flat

"""Deutsche Texte der Intake (dieselben Schlüssel wie en.py)."""

# One message per line reads better than strings wrapped at 100 columns.
# ruff: noqa: E501

MESSAGES: dict[str, str] = {
    "lang.name": "Deutsch",
    "app.title": "Eine Datenpanne melden",
    "app.org_prefix": "Meldung für",
    "app.security": "Sicherheitsteam",
    "app.language": "Sprache",
    "nav.home": "Meine Meldungen",
    "nav.report": "Eine Panne melden",
    "nav.overview": "Offene Datenpannen",
    "unknown": "Ich weiß es nicht",
    "yes": "Ja",
    "no": "Nein",
    "optional": "optional",
    "required": "Pflichtfeld",
    "form.intro": (
        "Teilen Sie uns so schnell wie möglich mit, was Sie wissen, auch wenn es noch wenig ist. "
        "Antworten Sie „Ich weiß es nicht“, wenn Sie unsicher sind: Sie können später Fakten "
        "ergänzen."
    ),
    "form.errors": "Einige Antworten brauchen Ihre Aufmerksamkeit. Sie sind unten markiert.",
    "form.section.reporter": "Wer meldet",
    "form.section.what": "Was ist passiert",
    "form.section.when": "Wann",
    "form.section.data": "Welche Daten und welche Personen",
    "form.section.exposure": "Schutz und Offenlegung",
    "form.section.now": "Jetzt",
    "form.section.attachments": "Nachweise",
    "form.reporter_name": "Ihr Name",
    "form.reporter_email": "Ihre E-Mail-Adresse",
    "form.reporter_email.help": "Hierhin senden wir die Eingangsbestätigung und unsere Fragen.",
    "form.reporter_phone": "Telefonnummer, unter der wir Sie erreichen",
    "form.description": "Was ist passiert?",
    "form.description.help": (
        "Beschreiben Sie es mit Ihren Worten: was schiefging, wie, und was Sie gesehen haben."
    ),
    "form.incident_type": "Welcher Art von Vorfall kommt es am nächsten?",
    "form.occurred": "Wann ist es passiert?",
    "form.occurred.at": "Zu einem bekannten Zeitpunkt",
    "form.occurred.between": "Irgendwann zwischen zwei Zeitpunkten",
    "form.occurred_at": "Zeitpunkt",
    "form.occurred_from": "Von",
    "form.occurred_to": "Bis",
    "form.detected": "Wann wurde es entdeckt?",
    "form.detected.at": "Zu diesem Zeitpunkt",
    "form.detected_at": "Zeitpunkt der Entdeckung",
    "form.how_discovered": "Wie wurde es entdeckt?",
    "form.how_discovered.help": (
        "Zum Beispiel: eine Kollegin bemerkte es, ein Kunde rief an, eine Warnmeldung."
    ),
    "form.systems": "Welche Systeme, Dateien oder Dokumente sind betroffen?",
    "form.systems.help": "Zum Beispiel: das Lohnportal, eine Excel-Liste, eine Papierakte.",
    "form.data": "Welche Arten von Daten sind betroffen?",
    "form.data.help": "Kreuzen Sie alles an, was betroffen sein kann.",
    "form.subjects_count": "Wie viele Personen sind ungefähr betroffen?",
    "form.subjects_count.help": "Eine grobe Schätzung genügt.",
    "form.subject_groups": "Welche Personengruppen?",
    "form.encrypted": "Waren die Daten verschlüsselt?",
    "form.encrypted.help": (
        "Antworten Sie nur mit Ja, wenn die Daten verschlüsselt waren und der Schlüssel oder "
        "das Passwort noch sicher ist."
    ),
    "form.encrypted.yes": "Ja, und der Schlüssel oder das Passwort ist sicher",
    "form.encrypted.no": "Nein",
    "form.encrypted.key_compromised": "Ja, aber auch der Schlüssel oder das Passwort wurde offengelegt",
    "form.disclosure": (
        "Wurden die Daten an jemanden gesendet oder jemandem gezeigt, der sie nicht haben darf?"
    ),
    "form.disclosure.not_affected": "Nein, niemand sonst hat sie gesehen oder erhalten",
    "form.disclosure.no_evidence_of_access": (
        "Sie sind verloren oder gestohlen, aber nichts deutet darauf hin, dass jemand sie ansah"
    ),
    "form.disclosure.known_recipients": "Ja, an Personen oder Organisationen, die wir kennen",
    "form.disclosure.unknown_recipients": (
        "Ja, möglicherweise an Unbekannte (gehackt, veröffentlicht, gestohlen und gelesen)"
    ),
    "form.recipients": "An wen?",
    "form.recipients_count": "Wie viele Empfänger?",
    "form.deletion_confirmed": (
        "Haben die Empfänger bestätigt, dass sie die Daten gelöscht oder zurückgegeben haben?"
    ),
    "form.malicious": "Glauben Sie, dass jemand das absichtlich getan hat?",
    "form.malicious.help": "Zum Beispiel Diebstahl, Hacking oder Betrug statt eines Versehens.",
    "form.ongoing": "Dauert es noch an?",
    "form.measures": "Was wurde bereits getan?",
    "form.measures.help": (
        "Zum Beispiel: Passwort geändert, Empfänger um Löschung gebeten, Laptop gelöscht."
    ),
    "form.attachments": "Anhänge",
    "form.attachments.help": (
        "Optional: Bildschirmfotos oder Dokumente, höchstens {count} Dateien mit je {size} MB "
        "(PDF, PNG, JPEG, Text, CSV oder E-Mail-Dateien)."
    ),
    "form.submit": "Meldung absenden",
    "data.identity": "Namen, Geburtsdaten, Adressen",
    "data.contact": "E-Mail-Adressen und Telefonnummern",
    "data.work": "Funktion, Arbeitszeiten, Beurteilungen",
    "data.education": "Diplome und Ausbildungen",
    "data.family": "Familiensituation (Partner, Kinder)",
    "data.national_id": "Nationalregisternummern",
    "data.bank": "Kontonummern, Löhne, Lohnzettel",
    "data.card": "Zahlungskartennummern",
    "data.login": "Passwörter oder Zugangscodes",
    "data.id_documents": "Kopien von Personalausweisen oder Reisepässen",
    "data.location": "Standort-, Badge- oder Kameradaten",
    "data.sick_leave": "Krankmeldungen, ärztliche Atteste, Arbeitsmedizin",
    "data.health": "Andere Gesundheits- oder medizinische Daten",
    "data.biometric": "Fingerabdrücke oder Gesichtsscans",
    "data.union": "Gewerkschaftszugehörigkeit",
    "data.criminal": "Strafregister oder Straftaten",
    "data.beliefs": "Religion, Herkunft, politische Meinung oder Sexualleben",
    "group.employees": "Arbeitnehmer",
    "group.former_employees": "Ehemalige Arbeitnehmer",
    "group.applicants": "Bewerber",
    "group.customers": "Kunden",
    "group.children": "Kinder",
    "group.patients": "Patienten",
    "group.self_employed": "Angeschlossene Selbständige",
    "group.other": "Andere",
    "incident.ransomware": "Dateien durch Ransomware gesperrt",
    "incident.hacking_malware": "Hacking oder ein Computervirus",
    "incident.phishing_social_engineering": "Eine Phishing-Mail oder ein betrügerischer Anruf",
    "incident.credential_stuffing": "Jemand meldete sich mit gestohlenen Passwörtern an",
    "incident.insider_misuse": "Ein Kollege sah Daten ohne Grund ein oder nahm sie mit",
    "incident.device_lost_stolen": "Ein Laptop, Handy oder USB-Stick verloren oder gestohlen",
    "incident.paper_lost_stolen": "Papierdokumente verloren oder gestohlen",
    "incident.mail_misdelivered": "Ein Brief an die falsche Adresse geschickt",
    "incident.email_misdirected": "Eine E-Mail an die falsche Person geschickt",
    "incident.open_distribution_list": "Eine E-Mail, in der alle Empfänger sichtbar waren",
    "incident.unintended_publication": "Daten versehentlich veröffentlicht (Website, geteilter Ordner)",
    "incident.wrong_data_shown": "Jemand sah die Daten einer anderen Person in einer Anwendung",
    "incident.misconfiguration": "Eine falsche Einstellung ließ Daten offen",
    "incident.technical_failure": "Ein technischer Defekt (Daten verloren oder unerreichbar)",
    "incident.improper_disposal": "Dokumente oder Geräte ohne Löschung entsorgt",
    "incident.verbal_disclosure": "Informationen der falschen Person erzählt",
    "incident.data_deleted": "Daten versehentlich gelöscht",
    "incident.other": "Etwas anderes",
    "error.required": "Bitte beantworten Sie diese Frage (oder kreuzen Sie „Ich weiß es nicht“ an).",
    "error.email": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
    "error.datetime": "Bitte geben Sie Datum und Uhrzeit ein.",
    "error.future": "Dieser Zeitpunkt liegt in der Zukunft.",
    "error.order": "Das Ende liegt vor dem Anfang.",
    "error.number": "Bitte geben Sie eine ganze Zahl ein (oder „Ich weiß es nicht“).",
    "error.choice": "Bitte wählen Sie eine der Möglichkeiten.",
    "error.too_long": "Diese Antwort ist zu lang.",
    "error.invalid": "Diese Antwort enthält Zeichen, die wir nicht speichern können.",
    "error.too_many_files": "Zu viele Dateien: höchstens {count}.",
    "error.file_too_large": "{name} ist zu groß: höchstens {size} MB.",
    "error.file_type": "{name} ist kein zulässiger Dateityp.",
    "error.csrf": "Dieses Formular ist abgelaufen. Bitte senden Sie es erneut.",
    "error.activity": "Unbekannte Verarbeitungstätigkeit.",
    "error.before_gdpr": (
        "Dieser Zeitpunkt liegt vor dem 25. Mai 2018, ab dem die DSGVO gilt. Bitte prüfen Sie"
        " das Jahr."
    ),
    "error.after_detection": (
        "Die Verletzung kann nicht nach ihrer Entdeckung begonnen haben. Bitte prüfen Sie "
        "beide Zeitpunkte."
    ),
    "error.count_range": (
        "Diese Zahl ist größer als glaubhaft (höchstens {maximum}). Bitte prüfen Sie sie."
    ),
    "error.encoding": (
        "Diese Antwort kam mit Zeichen an, die wir nicht lesen können. Bitte geben Sie sie "
        "erneut ein."
    ),
    "error.disk_full": (
        "Wir konnten Ihre Meldung nicht speichern, weil der Speicherplatz unseres Servers "
        "voll ist. Es wurde nichts gespeichert. Bitte versuchen Sie es später erneut; rufen "
        "Sie in dringenden Fällen das Sicherheitsteam an."
    ),
    "ack.title": "Danke: Ihre Meldung ist eingegangen",
    "ack.reference": "Referenz",
    "ack.received": "Eingegangen",
    "ack.next": "Wie es weitergeht",
    "ack.next.text": (
        "Unser Datenschutzbeauftragter prüft Ihre Meldung jetzt. Möglicherweise melden wir uns "
        "mit Fragen. Betrifft die Panne Daten, die wir für Sie verarbeiten, teilen wir Ihnen "
        "unsere Erkenntnisse mit, damit Sie entscheiden können, ob Sie die "
        "Datenschutzbehörde innerhalb Ihrer 72 Stunden benachrichtigen."
    ),
    "ack.mail_sent": "Sie erhalten diese Bestätigung auch per E-Mail.",
    "ack.status_link": "Die Meldung auf ihrer Statusseite verfolgen",
    "ack.mail.subject": "Meldung einer Datenpanne {reference} eingegangen",
    "ack.mail.greeting": "Guten Tag {name},",
    "ack.mail.body": "Wir haben Ihre Meldung am {received} erhalten. Ihre Referenz ist {reference}.",
    "ack.mail.status": "Statusseite: {url}",
    "status.title": "Meldung {reference}",
    "status.state": "Status",
    "status.next": "Nächster Schritt",
    "status.received": "Eingegangen",
    "status.occurred": "Geschehen",
    "status.sent": "Was wir Ihnen gesendet haben",
    "status.sent.none": "Noch nichts.",
    "status.description": "Ihre Beschreibung",
    "status.attachments": "Anhänge",
    "status.activities": "Betroffene Verarbeitungstätigkeiten",
    "status.not_found": "Diese Meldung gibt es nicht, oder Sie dürfen sie nicht sehen.",
    "home.title": "Meldungen",
    "home.empty": "Noch keine Meldungen.",
    "home.reference": "Referenz",
    "home.state": "Status",
    "home.received": "Eingegangen",
    "home.relation.reporter": "von Ihnen gemeldet",
    "home.relation.controller": "betrifft Ihre Daten",
    "home.relation.security": "",
    "auth.title": "Zugang erforderlich",
    "auth.text": (
        "Öffnen Sie den erhaltenen Link, um eine Datenpanne zu melden. Der Link wurde "
        "möglicherweise widerrufen."
    ),
    "auth.wait": (
        "Zu viele Versuche mit einem unbekannten Link von Ihrer Adresse. Bitte warten Sie "
        "{seconds} Sekunden und versuchen Sie es erneut."
    ),
    "state.received": "Eingegangen, wartet auf eine erste Bewertung",
    "state.assessed": "Bewertet, wartet auf die Prüfung durch unseren Beauftragten",
    "state.awaiting_review": "Wartet auf die Prüfung durch unseren Datenschutzbeauftragten",
    "state.drafting": "Die Meldungen werden vorbereitet",
    "state.awaiting_approval": "Die Meldungen warten auf Freigabe",
    "state.approved": "Meldungen freigegeben, werden gleich versandt",
    "state.filed": "Gemeldet; der Fall wird abgeschlossen",
    "state.part2_due": "Erster Teil gemeldet; die vollständige Meldung folgt",
    "state.closed": "Abgeschlossen",
    "state.withdrawn": "Zurückgezogen",
    "next.received": "Die Fakten werden innerhalb von Minuten automatisch bewertet.",
    "next.assessed": "Unser Datenschutzbeauftragter prüft die Bewertung.",
    "next.awaiting_review": "Unser Datenschutzbeauftragter prüft die Bewertung.",
    "next.drafting": "Die Meldungen und Briefe werden verfasst.",
    "next.awaiting_approval": "Die Entwürfe werden freigegeben oder korrigiert.",
    "next.approved": "Die Meldungen werden eingereicht und versandt.",
    "next.filed": "Der Fall wird abgeschlossen, sobald die Ursachen behoben sind.",
    "next.part2_due": "Die vollständige Meldung wird innerhalb von 21 Tagen eingereicht.",
    "next.closed": "Nichts: der Fall ist abgeschlossen.",
    "next.withdrawn": "Nichts: die Meldung wurde zurückgezogen.",
    "document.gba_notification": "Meldung an die Datenschutzbehörde",
    "document.processor_notice": "Mitteilung an Sie als Verantwortlichen",
    "document.subject_letter": "Brief an die betroffenen Personen",
    "document.public_communication": "Öffentliche Bekanntmachung",
    "document.register_entry": "Eintrag im Register der Datenpannen",
    "document.other": "Dokument",
    "overview.title": "Offene Datenpannen",
    "overview.csv": "Das Register der Datenpannen herunterladen (CSV)",
    "overview.empty": "Keine offenen Datenpannen.",
    "overview.deadline": "Nächste Frist",
    "overview.hours_left": "noch {hours} Std.",
    "overview.overdue": "{hours} Std. überfällig",
    "overview.no_deadline": "keine Frist",
    "overview.obligations": "Pflichten",
    "overview.documents": "Dokumente",
    "overview.timeline": "Audit-Verlauf",
    "overview.prefect": "Die wartende Entscheidung in Prefect öffnen",
    "overview.client": "Kunde",
    "overview.party": "Partei",
    "overview.due": "Frist",
    "overview.state": "Stand",
    "overview.none": "Noch keine.",
    "obligation.open": "offen",
    "obligation.done": "erledigt",
    "obligation.cancelled": "storniert",
    "kind.register_entry": "Eintrag im Register (Art. 33(5))",
    "kind.authority_notification": "Meldung an die Datenschutzbehörde (Art. 33)",
    "kind.authority_part2": "Datenschutzbehörde Teil 2",
    "kind.subject_communication": "Die betroffenen Personen benachrichtigen (Art. 34)",
    "kind.public_communication": "Öffentliche Bekanntmachung (Art. 34(3)(c))",
    "kind.processor_notice": "Den Kunden als Verantwortlichen benachrichtigen (Art. 33(2))",
    "kind.assist_controller": "Den Kunden als Verantwortlichen unterstützen (Art. 28(3)(f))",
    "kind.scope_check": "Andere Kunden und eigene Daten prüfen",
    "kind.joint_partner_notice": "Den gemeinsam Verantwortlichen informieren (Art. 26)",
    "kind.ccb_early_warning": "CCB Frühwarnung (NIS2)",
    "kind.ccb_incident_notification": "CCB Vorfallmeldung (NIS2)",
    "kind.ccb_final_report": "CCB Abschlussbericht (NIS2)",
}

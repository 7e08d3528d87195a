"""The documents' messages in English, keyed by code: the source of the `documents` domain.

Every label and sentence of the PDFs (GBA notification draft, processor notice, letters,
public communication, breach register) is a code here with its English text; each language
reads its translation from `locales/<lang>/LC_MESSAGES/documents.po` (msgctxt = the code).
Families: plain labels (`sec.*` section titles, `f.*` field labels), code labels
(`<family>.<code>` for the stable codes of `rules.codes` and `rules.measures`), sentences with
`{fields}`; `consequence.*` says the likely consequences as an authority or a controller reads
them, `consequence.you.*` as the person concerned does; `summary.*` tells what happened from
the coded facts; `cite.*` writes a GDPR article the way each language cites it.
"""

from __future__ import annotations

from locales import N_

MESSAGES: dict[str, str] = {
    "unknown": N_("unknown"),
    "yes": N_("yes"),
    "no": N_("no"),
    "none": N_("none"),
    "not_translated": N_("Not translated; original text ({original})"),
    "page": N_("page"),
    "reference": N_("Reference"),
    "version": N_("Version"),
    "draft": N_("DRAFT"),
    "name": N_("Name"),
    "kbo": N_("Enterprise number (KBO/BCE)"),
    "address": N_("Address"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "function": N_("Position"),
    "role": N_("Role"),
    "date": N_("Date"),
    "field": N_("Field"),
    "before": N_("Previous filing"),
    "after": N_("Now"),
    "gba.title": N_(
        "Notification of a personal data breach to the Data Protection Authority (Art. 33 GDPR)"
    ),
    "gba.intro": N_(
        "Draft to be typed into the DPA's notification portal. Fields not yet known are "
        "marked “unknown” and will be completed later (Art. 33(4) GDPR)."
    ),
    "sec.notification": N_("Type of notification"),
    "sec.controller": N_("Controller"),
    "sec.reporting_person": N_("Reporting person"),
    "sec.dpo": N_("Data protection officer"),
    "sec.other_parties": N_("Processors or joint controllers involved"),
    "sec.timeline": N_("Timeline"),
    "sec.nature": N_("Nature of the breach"),
    "sec.systems": N_("Systems involved"),
    "sec.subjects": N_("People concerned"),
    "sec.data": N_("Personal data"),
    "sec.measures_before": N_("Measures in place before"),
    "sec.consequences": N_("Likely consequences"),
    "sec.risk": N_("Risk assessment"),
    "sec.measures": N_("Measures taken and planned"),
    "sec.communication": N_("Communication to the people concerned"),
    "sec.other_authorities": N_("Other authorities told"),
    "sec.cross_border": N_("Cross-border aspects"),
    "sec.changes": N_("Changes since the previous filing"),
    "f.filing": N_("Filing"),
    "f.completeness": N_("Completeness"),
    "f.previous_reference": N_("Previous reference"),
    "f.gba_reference": N_("DPA case reference"),
    "f.occurred": N_("Occurrence"),
    "f.detected_at": N_("Detected at"),
    "f.detection_how": N_("How detected"),
    "f.aware_at": N_("Awareness (72-hour clock starts)"),
    "f.deadline": N_("Notification deadline"),
    "f.late": N_("Late notification"),
    "f.delay_reasons": N_("Reasons for the delay"),
    "f.description": N_("Description"),
    "f.nature": N_("Security properties lost"),
    "f.confidentiality": N_("Confidentiality"),
    "f.integrity": N_("Integrity"),
    "f.availability": N_("Availability"),
    "f.incident_type": N_("Incident type"),
    "f.cause": N_("Cause"),
    "f.malicious": N_("Malicious"),
    "f.subject_categories": N_("Categories"),
    "f.subject_count": N_("Number"),
    "f.vulnerable": N_("Vulnerable people"),
    "f.data_types": N_("Types of data"),
    "f.record_count": N_("Number of records"),
    "f.outcome": N_("Outcome"),
    "f.rules_outcome": N_("Outcome of the decision table (changed by the DPO)"),
    "f.method": N_("Method"),
    "f.method_text": N_(
        "Decision table after EDPB Guidelines 9/2022 and 01/2021; ENISA 2013 severity "
        "scale (SE = DPC \u00d7 EI + CB)"
    ),
    "f.severity": N_("Severity (ENISA)"),
    "f.adjustments": N_("Adjustments"),
    "f.reasons": N_("Reasons"),
    "f.assumptions": N_("Assumptions for unknown facts"),
    "f.measures_taken": N_("Measures taken"),
    "f.measures_planned": N_("Measures planned"),
    "f.communication_status": N_("Status"),
    "f.communication_reason": N_("Reason"),
    "f.exemptions": N_("Exemptions (Art. 34(3))"),
    "f.public": N_("Public communication"),
    "f.cross_border_applies": N_("Cross-border"),
    "f.lead_authority": N_("Lead supervisory authority"),
    "f.countries": N_("Countries concerned"),
    "f.activities": N_("Processing activities concerned"),
    "f.gba_notified": N_("DPA notified"),
    "f.subjects_told": N_("People concerned told"),
    "f.not_notified_reason": N_("Why not notified"),
    "cause.internal": N_("internal"),
    "cause.external": N_("external"),
    "communication.done": N_("done"),
    "communication.planned": N_("planned"),
    "communication.not_needed": N_("not needed"),
    "communication.exemption": N_("exemption applies"),
    "authority.police": N_("police"),
    "authority.ccb": N_("Centre for Cybersecurity Belgium (CCB)"),
    "authority.fsma": N_("FSMA"),
    "authority.nbb": N_("National Bank of Belgium"),
    "authority.coc": N_("Supervisory Body for Police Information (COC)"),
    "authority.other": N_("other"),
    "notice.title": N_("Notice of a personal data breach to the controller (Art. 33(2) GDPR)"),
    "notice.to": N_("To"),
    "notice.from": N_("From (processor)"),
    "notice.intro": N_(
        "As your processor we notify you without undue delay of a breach affecting "
        "personal data for which you are the controller. This notice holds everything we "
        "know so far about your data; we will complete it as soon as we know more."
    ),
    "notice.decision": N_(
        "You are the controller: you decide whether to notify the Data Protection "
        "Authority (Art. 33 GDPR) and the people concerned (Art. 34 GDPR). Your 72 hours "
        "normally run from the moment you receive this notice. We will assist you (Art. "
        "28(3)(f) GDPR)."
    ),
    "notice.sec.what": N_("What happened"),
    "notice.sec.your_data": N_("Your data and your people"),
    "notice.sec.next": N_("Next steps"),
    "notice.sec.contact": N_("Contact"),
    "notice.next_default": N_(
        "We are investigating further and will send you a completed notice as soon as new"
        " facts are known. Tell us which information you need for your own notification."
    ),
    "letter.subject": N_("Subject: a breach affecting your personal data"),
    "letter.salutation": N_("Dear {name},"),
    "letter.intro": N_(
        "We are writing to let you know that a security incident has affected personal "
        "data about you. {controller} is responsible for these data."
    ),
    "letter.on_behalf": N_(
        "We, {processor}, are writing on behalf of {controller}, the controller. We "
        "process your data on its behalf as its processor."
    ),
    "letter.processor_line": N_("Processor sending this letter: {processor}"),
    "letter.on_behalf_sign": N_("on its behalf, {processor}, processor"),
    "letter.sec.what": N_("What happened?"),
    "letter.sec.data": N_("Which of your data?"),
    "letter.data_intro": N_("The following data about you are involved:"),
    "letter.sec.consequences": N_("What could this mean for you?"),
    "letter.sec.measures": N_("What have we done?"),
    "letter.measures_planned": N_("What we will also do:"),
    "letter.sec.advice": N_("What can you do yourself?"),
    "letter.sec.contact": N_("Questions?"),
    "letter.contact": N_("Contact our data protection officer:"),
    "letter.complaint": N_(
        "You may also lodge a complaint with the Data Protection Authority, Rue de la "
        "Presse 35, 1000 Brussels, contact@apd-gba.be, +32 2 274 48 00."
    ),
    "letter.apology": N_("We regret this incident and the concern it may cause."),
    "letter.closing": N_("Kind regards,"),
    "public.title": N_("Public communication about a personal data breach (Art. 34(3)(c) GDPR)"),
    "public.intro": N_(
        "{controller} informs the public that a security incident has affected personal "
        "data. As we cannot reach each person concerned individually, we inform you in "
        "this way."
    ),
    "public.who": N_("Who is concerned?"),
    "public.data_intro": N_("The following types of data are affected:"),
    "register.title": N_("Register of personal data breaches (Art. 33(5) GDPR)"),
    "register.entry": N_("Register entry"),
    "register.facts": N_("Facts"),
    "register.effects": N_("Effects"),
    "register.remedial": N_("Remedial action"),
    "register.notifications": N_("Notifications"),
    "register.organisation": N_("Organisation"),
    "register.generated_at": N_("Generated at"),
    "register.count": N_("Number of breaches"),
    "data.basic_identity": N_("identity data (name, date of birth)"),
    "data_short.basic_identity": N_("identity data"),
    "data.contact": N_("contact details (address, e-mail, phone)"),
    "data_short.contact": N_("contact details"),
    "data.professional": N_("professional data"),
    "data_short.professional": N_("professional data"),
    "data.education": N_("education data"),
    "data_short.education": N_("education data"),
    "data.pseudonymous_identifier": N_("customer or staff number"),
    "data_short.pseudonymous_identifier": N_("customer or staff number"),
    "data.family": N_("family data"),
    "data_short.family": N_("family data"),
    "data.location": N_("location data"),
    "data_short.location": N_("location data"),
    "data.communications_metadata": N_("communications metadata"),
    "data_short.communications_metadata": N_("communications metadata"),
    "data.preferences_habits": N_("preferences and habits"),
    "data_short.preferences_habits": N_("preferences and habits"),
    "data.purchase_history": N_("purchase history"),
    "data_short.purchase_history": N_("purchase history"),
    "data.financial": N_("financial data (pay, payslips, bank account number)"),
    "data_short.financial": N_("financial data"),
    "data.payment_card": N_("payment card data"),
    "data_short.payment_card": N_("payment card data"),
    "data.credentials": N_("user names and passwords"),
    "data_short.credentials": N_("user names and passwords"),
    "data.national_id_number": N_("national register number"),
    "data_short.national_id_number": N_("national register number"),
    "data.official_documents": N_("official documents (identity card, passport)"),
    "data_short.official_documents": N_("official documents"),
    "data.health": N_("health data"),
    "data_short.health": N_("health data"),
    "data.employment_health": N_("work-related health data (sickness, accident at work)"),
    "data_short.employment_health": N_("work-related health data"),
    "data.biometric": N_("biometric data"),
    "data_short.biometric": N_("biometric data"),
    "data.genetic": N_("genetic data"),
    "data_short.genetic": N_("genetic data"),
    "data.racial_ethnic": N_("racial or ethnic origin"),
    "data_short.racial_ethnic": N_("racial or ethnic origin"),
    "data.political": N_("political opinions"),
    "data_short.political": N_("political opinions"),
    "data.religious": N_("religious or philosophical beliefs"),
    "data_short.religious": N_("religious or philosophical beliefs"),
    "data.trade_union": N_("trade union membership"),
    "data_short.trade_union": N_("trade union membership"),
    "data.sex_life": N_("sex life or sexual orientation"),
    "data_short.sex_life": N_("sex life or sexual orientation"),
    "data.criminal": N_("criminal records data"),
    "data_short.criminal": N_("criminal records data"),
    "incident_type.ransomware": N_("ransomware"),
    "incident_type.hacking_malware": N_("hacking or malware"),
    "incident_type.phishing_social_engineering": N_("phishing or social engineering"),
    "incident_type.credential_stuffing": N_("credential stuffing"),
    "incident_type.insider_misuse": N_("insider misuse"),
    "incident_type.device_lost_stolen": N_("device lost or stolen"),
    "incident_type.paper_lost_stolen": N_("paper documents lost or stolen"),
    "incident_type.mail_misdelivered": N_("mail sent to the wrong person"),
    "incident_type.email_misdirected": N_("e-mail sent to the wrong recipient"),
    "incident_type.open_distribution_list": N_("e-mail with open distribution list"),
    "incident_type.unintended_publication": N_("unintended publication"),
    "incident_type.wrong_data_shown": N_("wrong data shown"),
    "incident_type.misconfiguration": N_("misconfiguration"),
    "incident_type.technical_failure": N_("technical failure"),
    "incident_type.improper_disposal": N_("improper disposal"),
    "incident_type.verbal_disclosure": N_("verbal disclosure"),
    "incident_type.data_deleted": N_("data deleted"),
    "incident_type.other": N_("other incident"),
    "nature.confidentiality": N_("confidentiality"),
    "nature.integrity": N_("integrity"),
    "nature.availability": N_("availability"),
    "confidentiality.not_affected": N_("not affected"),
    "confidentiality.no_evidence_of_access": N_("exposed, no evidence of access"),
    "confidentiality.known_recipients": N_("disclosed to known recipients"),
    "confidentiality.unknown_recipients": N_("taken by unknown parties"),
    "integrity.not_affected": N_("not affected"),
    "integrity.altered_recovered": N_("altered and recovered"),
    "integrity.altered_recoverable": N_("altered, recoverable"),
    "integrity.altered_unrecoverable": N_("altered, not recoverable"),
    "availability.not_affected": N_("not affected"),
    "availability.recovered_without_difficulty": N_("recovered without difficulty"),
    "availability.temporary": N_("temporarily unavailable"),
    "availability.permanent": N_("permanently lost"),
    "risk.unlikely": N_("unlikely to result in a risk (document only)"),
    "risk.risk": N_("risk (notify the DPA)"),
    "risk.high": N_("high risk (notify the DPA and the people concerned)"),
    "band.low": N_("low"),
    "band.medium": N_("medium"),
    "band.high": N_("high"),
    "band.very_high": N_("very high"),
    "exemption.art34_3_a": N_("Art. 34(3)(a): data unintelligible (encrypted)"),
    "exemption.art34_3_b": N_("Art. 34(3)(b): later measures remove the high risk"),
    "exemption.art34_3_c": N_("Art. 34(3)(c): disproportionate effort, public communication"),
    "filing.new": N_("new notification"),
    "filing.follow_up": N_("follow-up"),
    "filing.withdrawal": N_("withdrawal"),
    "completeness.complete": N_("complete"),
    "completeness.part1": N_("Part 1 (within 72 hours)"),
    "completeness.part2": N_("Part 2 (within 21 days after Part 1)"),
    "role.controller": N_("controller"),
    "role.processor": N_("processor"),
    "role.joint_controller": N_("joint controller"),
    "subject.employees": N_("employees"),
    "subject.former_employees": N_("former employees"),
    "subject.applicants": N_("applicants"),
    "subject.customers": N_("customers"),
    "subject.patients": N_("patients"),
    "subject.children": N_("children"),
    "subject.members": N_("members"),
    "subject.self-employed members": N_("self-employed members"),
    "subject.course participants": N_("course participants"),
    "subject.jobseekers": N_("jobseekers"),
    "language.nl": N_("Dutch"),
    "language.fr": N_("French"),
    "language.de": N_("German"),
    "language.en": N_("English"),
    "consequence.you.identity_theft": N_("identity theft: someone may pretend to be you"),
    "consequence.you.phishing": N_("targeted phishing: fake messages that look genuine"),
    "consequence.you.financial_loss": N_("financial loss through fraud"),
    "consequence.you.account_takeover": N_("misuse of your accounts"),
    "consequence.you.discrimination": N_("discrimination or stigma"),
    "consequence.you.reputational_damage": N_("damage to your reputation"),
    "consequence.you.service_disruption": N_(
        "delay or interruption of a service (for example the payment of your wages)"
    ),
    "consequence.you.spam": N_("unsolicited messages (spam)"),
    "measure.encryption_at_rest": N_("encryption of stored data"),
    "measure.access_control": N_("access control on a need-to-know basis"),
    "measure.mfa": N_("two-factor authentication"),
    "measure.backups": N_("regular backups kept offline"),
    "measure.logging": N_("logging and monitoring of access"),
    "measure.staff_training": N_("staff training in information security"),
    "measure.contained": N_("the leak has been closed and the systems involved secured"),
    "measure.passwords_reset": N_("the passwords of the accounts concerned have been reset"),
    "measure.recipient_deletion": N_(
        "the recipients were asked to delete the data and to confirm it"
    ),
    "measure.police_report": N_("report filed with the police"),
    "measure.forensic_investigation": N_("forensic investigation by a specialist firm"),
    "measure.monitoring_misuse": N_("monitoring for misuse of the leaked data"),
    "measure.restored_from_backup": N_("the data have been restored from a backup"),
    "measure.process_review": N_("review of procedures to prevent a recurrence"),
    "advice.credentials": N_(
        "Change your password, also on other websites where you use the same one, and "
        "turn on two-factor authentication where you can."
    ),
    "advice.financial": N_(
        "Check your bank statements for payments you do not recognise. Do not pay "
        "invoices or act on requests to change an account number without checking: we "
        "never ask for your bank details by e-mail or phone. Keep payslips safe."
    ),
    "advice.payment_card": N_(
        "Have your card blocked through Card Stop (078 170 170) if you see suspicious "
        "payments, and check your card spending."
    ),
    "advice.national_id_number": N_(
        "Watch out for identity fraud: do not give your national register number to "
        "anyone who contacts you unasked, and report a lost or misused identity card "
        "through DOC STOP (00800 2123 2123)."
    ),
    "advice.official_documents": N_(
        "Report misuse of your identity documents through DOC STOP (00800 2123 2123) and "
        "to your municipality."
    ),
    "advice.health": N_(
        "Health data are particularly sensitive. Do not respond to unexpected messages "
        "that refer to your health, and discuss your questions with us or your doctor."
    ),
    "advice.contact": N_(
        "Watch out for phishing: do not click links in unexpected e-mails or text "
        "messages, even if they use your name, and never give out codes or passwords."
    ),
    "cite.article": N_("Art. {article}"),
    "cite.paragraph": N_("Art. {article}({paragraph})"),
    "cite.point": N_("Art. {article}({paragraph})({point})"),
    "cite.gdpr": N_("{articles} GDPR"),
    "reason.with_sources": N_("{text} ({sources})"),
    "risk_short.unlikely": N_("unlikely to result in a risk"),
    "risk_short.risk": N_("risk"),
    "risk_short.high": N_("high risk"),
    "identifiability.negligible": N_("negligible"),
    "identifiability.limited": N_("limited"),
    "identifiability.significant": N_("significant"),
    "identifiability.maximum": N_("maximum"),
    "service_impact.none": N_("none"),
    "service_impact.minor": N_("minor"),
    "service_impact.significant": N_("significant"),
    "service_impact.critical": N_("critical (health, safety or income)"),
    "adjustment.vulnerable": N_(
        "vulnerable people concerned (ENISA: characteristics of the people)"
    ),
    "adjustment.step": N_("DPC {step}: {reason}"),
    "severity.formula": N_("DPC {dpc} \u00d7 EI {ei} + CB {cb} = {score} ({band})"),
    "count.approximate": N_("about {count}"),
    "count.scope_unknown": N_("not known yet (the breach as a whole concerns {total} people)"),
    "f.summary": N_("Summary"),
    "summary.incident.ransomware": N_(
        "Ransomware encrypted systems holding personal data and made them unusable."
    ),
    "summary.incident.hacking_malware": N_(
        "An attacker or malicious software gained access to systems holding personal data."
    ),
    "summary.incident.phishing_social_engineering": N_(
        "Someone obtained access or data through a phishing message or another deception."
    ),
    "summary.incident.credential_stuffing": N_(
        "Someone logged in to accounts with passwords stolen elsewhere."
    ),
    "summary.incident.insider_misuse": N_(
        "A member of staff consulted or took personal data without a legitimate reason."
    ),
    "summary.incident.device_lost_stolen": N_(
        "A device holding personal data (a laptop, phone or storage medium) was lost or stolen."
    ),
    "summary.incident.paper_lost_stolen": N_(
        "Paper documents holding personal data were lost or stolen."
    ),
    "summary.incident.mail_misdelivered": N_(
        "A letter holding personal data was sent to the wrong address."
    ),
    "summary.incident.email_misdirected": N_(
        "An e-mail holding personal data was sent to the wrong recipient."
    ),
    "summary.incident.open_distribution_list": N_(
        "An e-mail showed the addresses of all its recipients to each of them."
    ),
    "summary.incident.unintended_publication": N_(
        "Personal data were published or shared by mistake (on a website, in a shared folder)."
    ),
    "summary.incident.wrong_data_shown": N_(
        "An application showed personal data to a person who should not see them."
    ),
    "summary.incident.misconfiguration": N_(
        "A wrong setting left personal data open to people who should not have access to them."
    ),
    "summary.incident.technical_failure": N_(
        "A technical failure made personal data unavailable or damaged them."
    ),
    "summary.incident.improper_disposal": N_(
        "Documents or equipment holding personal data were thrown away without being "
        "destroyed or wiped."
    ),
    "summary.incident.verbal_disclosure": N_(
        "Personal data were told to a person who should not have them."
    ),
    "summary.incident.data_deleted": N_("Personal data were deleted by mistake."),
    "summary.incident.other": N_("A security incident affected personal data."),
    "summary.incident.unknown": N_(
        "A security incident affected personal data; how it happened is still being investigated."
    ),
    "summary.confidentiality.no_evidence_of_access": N_(
        "Nothing shows that anyone looked at the data, but that cannot be ruled out."
    ),
    "summary.confidentiality.known_recipients": N_(
        "The data reached known recipients who should not have them."
    ),
    "summary.confidentiality.unknown_recipients": N_(
        "The data may be in the hands of unknown people."
    ),
    "summary.integrity.altered_recovered": N_("Data were altered and have been restored."),
    "summary.integrity.altered_recoverable": N_(
        "Data were altered and may have been misused; they can be restored."
    ),
    "summary.integrity.altered_unrecoverable": N_("Data were altered and cannot be restored."),
    "summary.availability.recovered_without_difficulty": N_(
        "The data were unavailable for a while and were restored without difficulty."
    ),
    "summary.availability.temporary": N_("The data are temporarily unavailable."),
    "summary.availability.permanent": N_("The data are permanently lost."),
    "consequence.identity_theft": N_(
        "the people concerned may fall victim to identity fraud: someone may pretend to be them"
    ),
    "consequence.phishing": N_(
        "the people concerned may receive targeted phishing messages that look genuine"
    ),
    "consequence.financial_loss": N_(
        "the people concerned may suffer financial loss through fraud"
    ),
    "consequence.account_takeover": N_("the accounts of the people concerned may be misused"),
    "consequence.discrimination": N_("the people concerned may face discrimination or stigma"),
    "consequence.reputational_damage": N_("the reputation of the people concerned may be damaged"),
    "consequence.loss_of_confidentiality": N_(
        "the people concerned lose control over their personal data and their confidentiality"
    ),
    "consequence.service_disruption": N_(
        "a service to the people concerned may be delayed or interrupted (for example the"
        " payment of wages)"
    ),
    "consequence.spam": N_("the people concerned may receive unsolicited messages (spam)"),
    "consequence.you.loss_of_confidentiality": N_(
        "you lose control over your personal data and their confidentiality"
    ),
    "communication.basis.high": N_("the risk to the people concerned is high (Art. 34(1) GDPR)"),
    "communication.basis.public": N_(
        "the risk to the people concerned is high, and reaching each of them would take "
        "disproportionate effort: a public communication instead (Art. 34(3)(c) GDPR)"
    ),
    "communication.basis.not_high": N_(
        "the risk to the people concerned is not high: no communication to them is "
        "required (Art. 34(1) GDPR)"
    ),
    "communication.basis.exemption": N_("an exemption of Art. 34(3) GDPR applies: {exemptions}"),
    "letter.occurred": N_("The incident probably took place on {occurred}."),
    "letter.occurred_between": N_("The incident probably took place between {start} and {end}."),
    "letter.occurred_unknown": N_("We do not know yet exactly when the incident took place."),
    "letter.aware": N_("We established it on {aware}."),
    "notice.sec.deadlines": N_("Deadlines"),
    "notice.window": N_("Notice window under our contract"),
    "notice.window_text": N_("{hours} hours after we became aware, so by {due} at the latest"),
    "notice.window_at_once": N_("at once, without undue delay (Art. 33(2) GDPR)"),
    "notice.your_deadline": N_("Your own deadline"),
    "notice.your_deadline_text": N_(
        "72 hours from the moment you become aware, normally when you receive this notice"
        " (Art. 33(1) GDPR)"
    ),
    "notice.sec.assessment": N_("Our assessment of the risk to your people"),
    "notice.assessment_note": N_(
        "This is our assessment as your processor, to help you decide. You assess your "
        "own breach and decide whether to notify the Data Protection Authority and your "
        "people."
    ),
    "sec.attachments": N_("Attachments"),
    "attachment.evidence": N_(
        "Evidence sent with the internal report ({count} files), available to the "
        "authority on request"
    ),
    "attachment.register_extract": N_(
        "Extract of the register of processing activities for the activities concerned "
        "(Art. 30 GDPR), available on request"
    ),
    "cross_border.belgium_only": N_("no: every establishment concerned is in Belgium"),
    "authority.gba": N_("Data Protection Authority (GBA/APD)"),
    "sec.changes_part2": N_("Changes since Part 1"),
    "before_part1": N_("Part 1"),
    "f.reporting_role": N_("Data protection officer, who files this notification"),
    "register.event": N_("On the occasion of"),
    "register.event.drafting": N_("the drafts prepared for approval"),
    "register.event.filed": N_("the notification filed"),
    "register.event.amended": N_("the notification completed or amended"),
    "register.event.closed": N_("the case closed"),
    "register.closing": N_("Closing"),
    "f.root_cause": N_("Root cause"),
    "f.lessons_learned": N_("Lessons learned"),
    "f.gba_part2_at": N_("Part 2 filed with the GBA"),
    "count.exact": N_("{count}"),
    "f.occurred_from": N_("Occurrence"),
    "f.data": N_("Types of data"),
    "notice.our_awareness": N_("When we became aware"),
    "letter.reference_line": N_("Our reference: {reference}"),
    "data.more_possible": N_("other types of data may be involved; this is being checked"),
    "letter.data_more": N_(
        "Other data about you may be involved too; we will let you know as soon as we know."
    ),
}

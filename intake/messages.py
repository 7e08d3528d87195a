"""The web pages' and e-mails' messages in English, keyed by code: the source of the
`intake` domain (`locales/<lang>/LC_MESSAGES/intake.po`, msgctxt = the code).
"""

from __future__ import annotations

from locales import N_

MESSAGES: dict[str, str] = {
    "lang.name": N_("English"),
    "app.title": N_("Report a data breach"),
    "app.org_prefix": N_("Reporting for"),
    "app.security": N_("Security team"),
    "app.language": N_("Language"),
    "nav.home": N_("My reports"),
    "nav.report": N_("Report a breach"),
    "nav.overview": N_("Open breaches"),
    "unknown": N_("I don't know"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "optional": N_("optional"),
    "required": N_("required"),
    "form.intro": N_(
        'Tell us as soon as possible what you know, even if it is not much yet. Answer "I '
        "don't know\" where you are not sure: you can add facts later."
    ),
    "form.errors": N_("Some answers need your attention. They are marked below."),
    "form.section.reporter": N_("Who is reporting"),
    "form.section.what": N_("What happened"),
    "form.section.when": N_("When"),
    "form.section.data": N_("Which data and which people"),
    "form.section.exposure": N_("Protection and exposure"),
    "form.section.now": N_("Now"),
    "form.section.attachments": N_("Evidence"),
    "form.reporter_name": N_("Your name"),
    "form.reporter_email": N_("Your e-mail address"),
    "form.reporter_email.help": N_("We send the acknowledgement and our questions here."),
    "form.reporter_phone": N_("Phone number where we can reach you"),
    "form.description": N_("What happened?"),
    "form.description.help": N_(
        "Describe it in your own words: what went wrong, how, and what you saw."
    ),
    "form.incident_type": N_("What kind of incident is it closest to?"),
    "form.occurred": N_("When did it happen?"),
    "form.occurred.at": N_("At a known time"),
    "form.occurred.between": N_("Somewhere between two times"),
    "form.occurred_at": N_("Time"),
    "form.occurred_from": N_("From"),
    "form.occurred_to": N_("To"),
    "form.detected": N_("When was it discovered?"),
    "form.detected.at": N_("At this time"),
    "form.detected_at": N_("Time of discovery"),
    "form.how_discovered": N_("How was it discovered?"),
    "form.how_discovered.help": N_(
        "For example: a colleague noticed, a customer called, an alert."
    ),
    "form.systems": N_("Which systems, files or documents are involved?"),
    "form.systems.help": N_("For example: the payroll portal, an Excel list, a paper file."),
    "form.data": N_("Which kinds of data are involved?"),
    "form.data.help": N_("Tick everything that may be involved."),
    "form.subjects_count": N_("Roughly how many people are affected?"),
    "form.subjects_count.help": N_("A rough estimate is fine."),
    "form.subject_groups": N_("Which groups of people?"),
    "form.encrypted": N_("Was the data encrypted?"),
    "form.encrypted.help": N_(
        "Only answer yes if the data was protected by encryption and the key or password is "
        "still safe."
    ),
    "form.encrypted.yes": N_("Yes, and the key or password is safe"),
    "form.encrypted.no": N_("No"),
    "form.encrypted.key_compromised": N_("Yes, but the key or password was exposed too"),
    "form.disclosure": N_("Was the data sent or shown to someone who should not have it?"),
    "form.disclosure.not_affected": N_("No, nobody else saw or received it"),
    "form.disclosure.no_evidence_of_access": N_(
        "It was lost or stolen, but there is no sign that anyone looked at it"
    ),
    "form.disclosure.known_recipients": N_("Yes, to people or organisations we know"),
    "form.disclosure.unknown_recipients": N_(
        "Yes, possibly to unknown people (hacked, published, stolen and read)"
    ),
    "form.recipients": N_("To whom?"),
    "form.recipients_count": N_("How many recipients?"),
    "form.deletion_confirmed": N_("Did the recipients confirm that they deleted or returned it?"),
    "form.malicious": N_("Do you think someone did this on purpose?"),
    "form.malicious.help": N_("For example theft, hacking or fraud, as opposed to a mistake."),
    "form.ongoing": N_("Is it still going on?"),
    "form.measures": N_("What has been done already?"),
    "form.measures.help": N_(
        "For example: password changed, recipient asked to delete, laptop wiped."
    ),
    "form.attachments": N_("Attachments"),
    "form.attachments.help": N_(
        "Optional: screenshots or documents, at most {count} files of {size} MB each (PDF, "
        "PNG, JPEG, text, CSV or e-mail files)."
    ),
    "form.submit": N_("Send the report"),
    "data.identity": N_("Names, dates of birth, addresses"),
    "data.contact": N_("E-mail addresses and phone numbers"),
    "data.work": N_("Job, work schedules, evaluations"),
    "data.education": N_("Diplomas and training"),
    "data.family": N_("Family situation (partner, children)"),
    "data.national_id": N_("National register numbers"),
    "data.bank": N_("Bank account numbers, wages, payslips"),
    "data.card": N_("Payment card numbers"),
    "data.login": N_("Passwords or login codes"),
    "data.id_documents": N_("Copies of identity cards or passports"),
    "data.location": N_("Location, badge or camera data"),
    "data.sick_leave": N_("Sick leave, medical certificates, occupational health"),
    "data.health": N_("Other health or medical data"),
    "data.biometric": N_("Fingerprints or face scans"),
    "data.union": N_("Trade union membership"),
    "data.criminal": N_("Criminal records or offences"),
    "data.beliefs": N_("Religion, origin, political views or sex life"),
    "group.employees": N_("Employees"),
    "group.former_employees": N_("Former employees"),
    "group.applicants": N_("Job applicants"),
    "group.customers": N_("Customers"),
    "group.children": N_("Children"),
    "group.patients": N_("Patients"),
    "group.self_employed": N_("Self-employed members"),
    "group.other": N_("Others"),
    "incident.ransomware": N_("Files locked by ransomware"),
    "incident.hacking_malware": N_("Hacking or a computer virus"),
    "incident.phishing_social_engineering": N_("A phishing e-mail or a fraudulent phone call"),
    "incident.credential_stuffing": N_("Someone logged in with stolen passwords"),
    "incident.insider_misuse": N_("A colleague looked at or took data without a reason"),
    "incident.device_lost_stolen": N_("A laptop, phone or USB stick lost or stolen"),
    "incident.paper_lost_stolen": N_("Paper documents lost or stolen"),
    "incident.mail_misdelivered": N_("A letter sent to the wrong address"),
    "incident.email_misdirected": N_("An e-mail sent to the wrong person"),
    "incident.open_distribution_list": N_("An e-mail showing all recipients' addresses"),
    "incident.unintended_publication": N_("Data published by mistake (website, shared folder)"),
    "incident.wrong_data_shown": N_("Someone saw another person's data in an application"),
    "incident.misconfiguration": N_("A wrong setting left data open"),
    "incident.technical_failure": N_("A technical failure (data lost or unreachable)"),
    "incident.improper_disposal": N_("Documents or equipment thrown away without wiping"),
    "incident.verbal_disclosure": N_("Information told to the wrong person"),
    "incident.data_deleted": N_("Data deleted by mistake"),
    "incident.other": N_("Something else"),
    "error.required": N_('Please answer this question (or tick "I don\'t know").'),
    "error.email": N_("Please enter a valid e-mail address."),
    "error.datetime": N_("Please enter a date and time."),
    "error.future": N_("This time lies in the future."),
    "error.order": N_("The end lies before the start."),
    "error.number": N_('Please enter a whole number (or tick "I don\'t know").'),
    "error.choice": N_("Please choose one of the options."),
    "error.too_long": N_("This answer is too long."),
    "error.invalid": N_("This answer contains characters we cannot store."),
    "error.too_many_files": N_("Too many files: at most {count}."),
    "error.file_too_large": N_("{name} is too large: at most {size} MB."),
    "error.file_type": N_("{name} is not a type we accept."),
    "error.csrf": N_("This form has expired. Please send it again."),
    "error.activity": N_("Unknown activity."),
    "error.before_gdpr": N_(
        "This time lies before 25 May 2018, when the GDPR began to apply. Please check the year."
    ),
    "error.after_detection": N_(
        "The breach cannot have begun after it was discovered. Please check both times."
    ),
    "error.count_range": N_(
        "This number is larger than we can believe (at most {maximum}). Please check it."
    ),
    "error.encoding": N_(
        "This answer arrived with characters we cannot read. Please type it again."
    ),
    "error.disk_full": N_(
        "We could not store your report because our server has run out of storage space. "
        "Nothing was stored. Please try again later; if it is urgent, call the security team."
    ),
    "ack.title": N_("Thank you: your report was received"),
    "ack.reference": N_("Reference"),
    "ack.received": N_("Received"),
    "ack.next": N_("What happens next"),
    "ack.next.text": N_(
        "Our data protection officer reviews your report now. We may contact you with "
        "questions. If the breach concerns data we process for you, we tell you what we find "
        "so that you can decide whether to notify the Data Protection Authority within your "
        "72 hours."
    ),
    "ack.mail_sent": N_("You will also receive this acknowledgement by e-mail."),
    "ack.status_link": N_("Follow the report on its status page"),
    "ack.mail.subject": N_("Breach report {reference} received"),
    "ack.mail.greeting": N_("Dear {name},"),
    "ack.mail.body": N_(
        "We received your breach report on {received}. Its reference is {reference}."
    ),
    "ack.mail.status": N_("Status page: {url}"),
    "status.title": N_("Report {reference}"),
    "status.state": N_("Status"),
    "status.next": N_("Next step"),
    "status.received": N_("Received"),
    "status.occurred": N_("Happened"),
    "status.sent": N_("What we sent you"),
    "status.sent.none": N_("Nothing yet."),
    "status.description": N_("Your description"),
    "status.attachments": N_("Attachments"),
    "status.activities": N_("Processing activities concerned"),
    "status.not_found": N_("There is no such report, or you may not see it."),
    "home.title": N_("Reports"),
    "home.empty": N_("No reports yet."),
    "home.reference": N_("Reference"),
    "home.state": N_("Status"),
    "home.received": N_("Received"),
    "home.relation.reporter": N_("reported by you"),
    "home.relation.controller": N_("concerns your data"),
    "auth.title": N_("Access needed"),
    "auth.text": N_(
        "Open the link you received to report a breach. The link may have been revoked."
    ),
    "auth.wait_title": N_("Too many attempts"),
    "auth.wait": N_(
        "Too many attempts with an unknown link from your address. Please wait {seconds} "
        "seconds and try again."
    ),
    "state.received": N_("Received, waiting for a first assessment"),
    "state.assessed": N_("Assessed, waiting for review by our data protection officer"),
    "state.awaiting_review": N_("Waiting for review by our data protection officer"),
    "state.drafting": N_("Notifications are being prepared"),
    "state.awaiting_approval": N_("Notifications waiting for approval"),
    "state.approved": N_("Notifications approved, about to be sent"),
    "state.filed": N_("Notified; the case is being wrapped up"),
    "state.part2_due": N_("First part notified; the full notification follows"),
    "state.closed": N_("Closed"),
    "state.withdrawn": N_("Withdrawn"),
    "state.merged": N_("Merged into another report of the same incident"),
    "next.received": N_("The facts are assessed automatically within minutes."),
    "next.assessed": N_("Our data protection officer checks the assessment."),
    "next.awaiting_review": N_("Our data protection officer checks the assessment."),
    "next.drafting": N_("The notifications and letters are drafted."),
    "next.awaiting_approval": N_("The drafts are approved or corrected."),
    "next.approved": N_("The notifications are filed and sent."),
    "next.filed": N_("The case is closed once the causes are dealt with."),
    "next.part2_due": N_("The complete notification is filed within 21 days."),
    "next.closed": N_("Nothing: the case is closed."),
    "next.withdrawn": N_("Nothing: the notification was withdrawn."),
    "next.merged": N_(
        "Nothing here: the incident is followed up in the report it was merged into."
    ),
    "document.gba_notification": N_("Notification to the Data Protection Authority"),
    "document.processor_notice": N_("Notice to you as controller"),
    "document.subject_letter": N_("Letter to the people concerned"),
    "document.public_communication": N_("Public communication"),
    "document.register_entry": N_("Breach register entry"),
    "document.other": N_("Document"),
    "overview.title": N_("Open breaches"),
    "overview.csv": N_("Download the register of breaches (CSV)"),
    "overview.empty": N_("No open breaches."),
    "overview.deadline": N_("Nearest deadline"),
    "overview.hours_left": N_("{hours} h left"),
    "overview.overdue": N_("{hours} h overdue"),
    "overview.no_deadline": N_("no deadline"),
    "overview.obligations": N_("Obligations"),
    "overview.documents": N_("Documents"),
    "overview.timeline": N_("Audit timeline"),
    "overview.prefect": N_("Open the waiting decision in Prefect"),
    "overview.duplicate": N_("Possibly the same incident as {reference} ({why})."),
    "overview.link": N_("Link this report into {reference}"),
    "overview.client": N_("Client"),
    "overview.party": N_("Party"),
    "overview.due": N_("Due"),
    "overview.state": N_("State"),
    "overview.none": N_("None yet."),
    "obligation.open": N_("open"),
    "obligation.done": N_("done"),
    "obligation.cancelled": N_("cancelled"),
    "kind.register_entry": N_("Breach register entry (Art. 33(5))"),
    "kind.authority_notification": N_("Notify the GBA/APD (Art. 33)"),
    "kind.authority_part2": N_("GBA/APD part 2"),
    "kind.subject_communication": N_("Tell the people concerned (Art. 34)"),
    "kind.public_communication": N_("Public communication (Art. 34(3)(c))"),
    "kind.processor_notice": N_("Notify the client controller (Art. 33(2))"),
    "kind.assist_controller": N_("Assist the client controller (Art. 28(3)(f))"),
    "kind.scope_check": N_("Check other clients and our own data"),
    "kind.joint_partner_notice": N_("Inform the joint controller (Art. 26)"),
    "kind.ccb_early_warning": N_("CCB early warning (NIS2)"),
    "kind.ccb_incident_notification": N_("CCB incident notification (NIS2)"),
    "kind.ccb_final_report": N_("CCB final report (NIS2)"),
    # The people's pages: sign-in, the decision list and the decision pages (issue 16).
    "nav.decisions": N_("Decisions"),
    "nav.logout": N_("Sign out"),
    "role.dpo": N_("Data protection officer"),
    "role.security": N_("Security team"),
    "role.legal": N_("Legal"),
    "role.viewer": N_("Reader"),
    "login.title": N_("Sign in"),
    "login.email": N_("E-mail address"),
    "login.password": N_("Password"),
    "login.submit": N_("Sign in"),
    "login.refused": N_(
        "The e-mail address or the password is not right, or the account is locked for a "
        "while after too many attempts."
    ),
    "login.password_set": N_("Your password is set. You can sign in now."),
    "password.title": N_("Choose your password"),
    "password.help": N_("At least {count} characters. A sentence you can remember works well."),
    "password.new": N_("New password"),
    "password.confirm": N_("The same password again"),
    "password.submit": N_("Set the password"),
    "password.mismatch": N_("The two passwords differ."),
    "password.too_short": N_("The password needs at least {count} characters."),
    "password.too_long": N_("The password is too long."),
    "password.link": N_(
        "This link is unknown, already used or expired. Ask the administrator for a new one."
    ),
    "decisions.title": N_("Waiting decisions"),
    "decisions.empty": N_("No decision is waiting."),
    "decisions.kind": N_("Decision"),
    "decisions.you": N_("Your part"),
    "decisions.may": N_("you decide"),
    "decisions.may_not": N_("for information"),
    "decide.kind.review": N_("Review of the assessment"),
    "decide.kind.approval": N_("Approval of the drafts"),
    "decide.kind.filing": N_("Filing and notices sent"),
    "decide.kind.part2": N_("Part 2 of the notification"),
    "decide.kind.closing": N_("Closing the case"),
    "decide.errors": N_("The decision was not recorded. Every point to correct is marked below."),
    "decide.role": N_("Your role lets you read this decision, not take it."),
    "decide.outcome": N_("Outcome"),
    "decide.overridden": N_("set by {name}"),
    "decide.severity": N_("Severity (ENISA)"),
    "decide.aware_at": N_("Awareness (the 72-hour clock starts)"),
    "decide.detected_at": N_("Detected"),
    "decide.reasons": N_("Reasons"),
    "decide.assumptions": N_("Assumptions to check (unknown facts, worst case taken)"),
    "decide.duty": N_("Duty"),
    "decide.facts": N_("Facts"),
    "decide.drafts": N_("Drafts (round {round})"),
    "decide.form": N_("Your decision"),
    "decide.submit": N_("Record the decision"),
    "decide.unknown": N_("not known yet"),
    "decide.gone_title": N_("This decision no longer waits"),
    "decide.gone": N_(
        "It was taken meanwhile, or the breach has moved on. The list shows what waits now."
    ),
    "decide.next_title": N_("Decision recorded"),
    "decide.next": N_(
        "The next step of {reference} is being prepared. This page opens the next "
        "decision as soon as it is ready."
    ),
    "decide.f.aware_at": N_("Awareness time (Brussels time)"),
    "decide.h.aware_at": N_(
        "When the organisation had a reasonable degree of certainty that personal data "
        "were compromised. The 72 hours to notify the GBA/APD run from here."
    ),
    "decide.f.aware_gap_reason": N_("Why awareness came later than detection"),
    "decide.f.outcome": N_("Outcome"),
    "decide.c.outcome.accept": N_("Accept the assessed outcome"),
    "decide.c.outcome.override_to_unlikely": N_(
        "Change to: unlikely to result in a risk (document only)"
    ),
    "decide.c.outcome.override_to_risk": N_("Change to: risk (notify the GBA/APD)"),
    "decide.c.outcome.override_to_high": N_(
        "Change to: high risk (notify the GBA/APD and the people concerned)"
    ),
    "decide.f.override_reason": N_("Reason for changing the outcome"),
    "decide.f.completeness": N_("Notification to the GBA/APD"),
    "decide.c.completeness.complete": N_("Complete notification"),
    "decide.c.completeness.part1": N_("Part 1 now, Part 2 within 21 days (Art. 33(4))"),
    "decide.f.measures_taken": N_("Measures taken"),
    "decide.f.measures_planned": N_("Measures planned"),
    "decide.f.client_description": N_("Description for the client notices"),
    "decide.h.client_description": N_(
        "Fit for every client that receives a notice; the reporter's own words are never sent."
    ),
    "decide.f.late_reason": N_("Reasons for the delay (when past the deadline)"),
    "decide.f.confirm_before_gdpr": N_("I confirm times before 25 May 2018"),
    "decide.f.action": N_("The drafts"),
    "decide.c.action.approve": N_("Approve them as they are"),
    "decide.c.action.send_back": N_("Send them back with what to change"),
    "decide.f.remarks": N_("What to change"),
    "decide.f.filed_at": N_("Filed at (Brussels time)"),
    "decide.f.gba_reference": N_("Case reference from the GBA/APD portal (DBN...)"),
    "decide.f.processor_notices_sent": N_("The notices to the client controllers have been sent"),
    "decide.f.root_cause": N_("Root cause"),
    "decide.f.lessons_learned": N_("Lessons learned"),
    "decide.fact.identifiability": N_("Ease of identification"),
    "decide.fact.unintelligible": N_("Data unintelligible (e.g. encrypted, key safe)"),
    "decide.fact.recipients_count": N_("Number of recipients"),
    "decide.fact.recipients_trusted": N_(
        "Recipients trusted (bound to secrecy, deletion confirmed)"
    ),
    "decide.fact.unavailable_hours": N_("Hours unavailable"),
    "decide.fact.service_impact": N_("Impact on the service"),
    "decide.f.activities": N_("Affected processing activities"),
    "decide.h.activities": N_(
        "None ticked keeps those recorded; a report that named none is assessed on every "
        "activity for its client, the worst case, until you name the affected ones here."
    ),
    # The DPO's desk: the overview's outcome, decisions and people; status pages refresh.
    "actor.typed": N_("not authenticated ({name})"),
    "actor.security": N_("security team"),
    "actor.unknown_token": N_("a token no longer known"),
    "outcome.unlikely": N_(
        "Unlikely to result in a risk: recorded in the breach register only (Art. 33(5))"
    ),
    "outcome.risk": N_("Risk: notify the GBA/APD (Art. 33)"),
    "outcome.high": N_("High risk: notify the GBA/APD and tell the people concerned (Art. 33, 34)"),
    "overview.outcome": N_("Outcome in force"),
    "overview.not_assessed": N_("not assessed yet"),
    "overview.overridden_by": N_("set by the DPO's decision of"),
    "overview.activities": N_("Activities"),
    "overview.decisions": N_("Decisions"),
    "overview.decided_by": N_("Decided by"),
    "overview.when": N_("When"),
    "overview.decision": N_("Decision"),
    "overview.waiting_decisions": N_("Decisions waiting in breachflow"),
    "overview.open_pdf": N_("open the PDF"),
    "overview.same_activities": N_("the same activity: {names}"),
    "overview.same_systems": N_("the same systems: {names}"),
    "overview.export": N_(
        "Download the accountability export (zip: every document version, decision and audit "
        "event, with their SHA-256 sums)"
    ),
    "decision.review": N_("Review of the assessment"),
    "decision.approval": N_("Drafts approved or sent back"),
    "decision.approval.approve": N_("Drafts approved"),
    "decision.approval.send_back": N_("Drafts sent back to drafting"),
    "decision.filing": N_("Filing recorded"),
    "decision.part2": N_("Part 2 prepared"),
    "decision.closing": N_("Case closed"),
    "decision.withdrawal": N_("Notification withdrawn"),
    "decision.follow_up": N_("New facts after filing: follow-up"),
    "decision.redraft": N_("New facts: drafts made anew"),
    "decision.link": N_("Report linked to the same incident"),
    "status.refresh": N_("This page refreshes itself every 30 seconds."),
}

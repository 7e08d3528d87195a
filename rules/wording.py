"""The one English rendering of the rules' codes (reasons, assumptions, warnings, sources).

Every template is wrapped in `N_()` so a gettext extraction (`pybabel extract -k N_`) finds
it; catalogs for nl, fr and de render the same codes at the edge later. Templates take named
parameters only; a code with no template is a programming error, caught by a unit test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any


def N_(message: str) -> str:  # the gettext name for a deferred message
    """Marks a message for extraction; translation happens where it is shown."""
    return message


ENGLISH: Mapping[str, str] = {
    # Confidentiality rows of the decision table.
    "confidentiality.not_affected": N_(
        "confidentiality not affected: no disclosure of or access to the data"
    ),
    "confidentiality.unintelligible": N_(
        "the data were unintelligible to anyone not authorised (state-of-the-art encryption "
        "or keyed hashing, key safe)"
    ),
    "confidentiality.unknown_recipients.negligible": N_(
        "unknown recipients, but the people can hardly be identified from the data and no "
        "high-value data other than credentials is involved"
    ),
    "confidentiality.unknown_recipients.high_value": N_(
        "high-value data ({codes}) taken by or open to unknown parties"
    ),
    "confidentiality.unknown_recipients.malicious_identity": N_(
        "malicious access by unknown parties to identity with contact data: phishing and "
        "identity fraud are likely"
    ),
    "confidentiality.unknown_recipients.malicious_many": N_(
        "malicious access by unknown parties to data of many people: phishing and identity "
        "fraud are likely"
    ),
    "confidentiality.unknown_recipients.otherwise": N_(
        "personal data taken by or open to unknown parties"
    ),
    "confidentiality.known_recipients.trusted": N_(
        "the known recipients are trusted: bound to secrecy and confirmed deletion or return"
    ),
    "confidentiality.known_recipients.malicious": N_(
        "known recipients acting with malicious intent"
    ),
    "confidentiality.known_recipients.malicious_high_value": N_(
        "known recipients acting with malicious intent on high-value data ({codes})"
    ),
    "confidentiality.known_recipients.wide": N_(
        "high-value data ({codes}) sent to more than {threshold} untrusted recipients"
    ),
    "confidentiality.known_recipients.minor": N_(
        "only everyday data of a few people disclosed to a few known recipients"
    ),
    "confidentiality.known_recipients.otherwise": N_(
        "personal data disclosed to known, untrusted recipients"
    ),
    "confidentiality.no_evidence_of_access.many": N_(
        "readable data lost or stolen, no evidence of access, a large number of people"
    ),
    "confidentiality.no_evidence_of_access.special_vulnerable": N_(
        "readable data lost or stolen, no evidence of access, special-category data of "
        "vulnerable people"
    ),
    "confidentiality.no_evidence_of_access.otherwise": N_(
        "readable data lost or stolen; access cannot be ruled out"
    ),
    # Availability and integrity rows.
    "availability.not_affected": N_("availability not affected or restored without difficulty"),
    "availability.critical": N_(
        "the loss of availability touches the people's health, safety or income"
    ),
    "availability.lasting_special_vulnerable": N_(
        "lasting loss of special-category data of vulnerable people"
    ),
    "availability.lasting_or_significant": N_(
        "lasting loss of availability or a significant effect on services"
    ),
    "availability.short": N_("a short loss of availability with no or minor effect on services"),
    "integrity.not_affected": N_(
        "integrity not affected, or the data were restored before any use"
    ),
    "integrity.recoverable": N_("data altered and possibly misused, but recoverable"),
    "integrity.unrecoverable": N_("data altered and not recoverable"),
    # breachflow's thresholds.
    "policy.many_people": N_("{threshold:,} people is breachflow's threshold for a large breach"),
    "policy.wide_disclosure": N_(
        "more than {threshold} recipients is breachflow's threshold for a wide disclosure"
    ),
    "policy.minor_disclosure": N_(
        "at most {threshold} people and at most {threshold} recipients is breachflow's "
        "threshold for a minor disclosure"
    ),
    "policy.lasting": N_("unavailable more than {hours} hours, or permanently, counts as lasting"),
    "policy.short": N_("{hours} hours or less counts as short"),
    # Outcomes, exemptions, notes.
    "outcome.unlikely": N_(
        "unlikely to result in a risk: document in the breach register, no notification"
    ),
    "outcome.notify_authority": N_("notify the GBA within {hours} hours of awareness"),
    "outcome.tell_people": N_("high risk: tell the people concerned without undue delay"),
    "exemption.art34_3_a": N_(
        "the data were unintelligible to unauthorised persons: the people need not be told"
    ),
    "exemption.art34_3_b": N_(
        "later measures ensure the high risk is no longer likely to materialise: the people "
        "need not be told"
    ),
    "exemption.art34_3_c": N_(
        "telling each person would take disproportionate effort: a public communication instead"
    ),
    "enisa.disagrees": N_(
        "the ENISA band ({band}, score {score:g}) suggests '{suggested}' but the EDPB decision "
        "table gives '{risk}': the table decides; look twice"
    ),
    "dpo.override": N_(
        "the DPO set the outcome to '{risk}' (the rules gave '{rules_risk}'): {reason}"
    ),
    "scope.processor_view": N_(
        "our assessment as processor, to help the controller decide: the controller assesses "
        "its own breach and decides on notifying the GBA and the people"
    ),
    "scope.joint_partner_view": N_(
        "our assessment for the joint controller that notifies under the arrangement: it "
        "decides on notifying the GBA and the people"
    ),
    # Assumptions: the value each unknown fact was taken at.
    "assumed.aware_at.now": N_(
        "{fact} unknown: the time of this assessment ({at}) taken as the moment of awareness"
    ),
    "assumed.nature.unknown": N_(
        "{fact} unknown: confidentiality, integrity and availability each taken as possibly lost"
    ),
    "assumed.nature.open": N_(
        "{fact}: {named} and perhaps more: {others} also taken as possibly lost"
    ),
    "assumed.dimension.not_named": N_(
        "{fact} taken as not affected: the report names only {named}"
    ),
    "assumed.code": N_("{fact} unknown: taken as {value}"),
    "assumed.malicious.yes": N_("{fact} unknown: taken as a deliberate act"),
    "assumed.malicious.no": N_("{fact} unknown: taken as an error"),
    "assumed.vulnerable.yes": N_("{fact} unknown: taken as vulnerable people"),
    "assumed.vulnerable.no": N_("{fact} unknown: taken as people who are not vulnerable"),
    "assumed.recipients_trusted.yes": N_("{fact} unknown: taken as trusted"),
    "assumed.recipients_trusted.no": N_("{fact} unknown: taken as untrusted"),
    "assumed.number": N_("{fact} unknown: taken as {value:,}"),
    "assumed.number.at_least": N_("{fact} unknown: taken as {value:,} or more"),
    "assumed.number.of_total": N_(
        "{fact} of this scope unknown: taken as {value:,} (the whole breach concerns {total:,})"
    ),
    "assumed.hours.lasting": N_("{fact} unknown: taken as more than {hours} hours"),
    "assumed.hours.short": N_("{fact} unknown: taken as {hours} hours or less"),
    "assumed.data.unknown": N_("{fact} unknown: taken as including {added}"),
    "assumed.data.open": N_("{fact}: {known} and perhaps more: taken as also including {added}"),
    "assumed.data.as_known": N_("{fact}: taken as no more than those named ({known})"),
    "assumed.differs": N_("{fact} differs between the scopes ({values}): taken as {value}"),
    "assumed.no_effect": N_("{fact} unknown: no value of it would raise the outcome"),
    "assumed.measures.not_neutralising": N_(
        "{fact} unknown: the high risk is taken as not neutralised"
    ),
    "assumed.contactable.yes": N_("{fact} unknown: individual letters are planned"),
    "assumed.nis2.significant": N_("{fact} unknown: the CCB clocks are started"),
    "assumed.severity.worst": N_(
        "ENISA severity: unknown facts taken at their highest score (DPC {dpc}, EI {ei:g}, "
        "CB {cb:g})"
    ),
    "assumed.for_dimension": N_("{text} (for {dimension})"),
    "assumed.activities.of_client": N_(
        "{fact} not named by the reporter: every activity we carry out for {client} taken as "
        "affected ({activities}) until the DPO names the affected ones at review"
    ),
    # Deadline warnings.
    "warning.gba_portal_maintenance": N_(
        "falls in the GBA portal's planned maintenance (second Wednesday of the month, "
        "{start}-{end} Brussels time): file before {start}"
    ),
    # Sources.
    "source.gdpr": N_("Art. {ref} GDPR"),
    "source.edpb_01_2021.one": N_("EDPB Guidelines 01/2021, case {ref}"),
    "source.edpb_01_2021.many": N_("EDPB Guidelines 01/2021, cases {ref}"),
    "source.edpb_9_2022": N_("EDPB Guidelines 9/2022"),
    "source.wp250": N_("WP250rev.01 Annex B {ref}"),
    "source.enisa_2013": N_("ENISA 2013"),
    "source.be_nis2_law": N_("Belgian NIS2 law of 26 April 2024"),
    "source.gba_procedure": N_("GBA procedure"),
    "source.breachflow_policy": N_("breachflow policy"),
    "source.dpo_decision": N_("DPO decision"),
}

# The facts by their path in the cases format, as a reader calls them.
FACT_LABELS: Mapping[str, str] = {
    "aware_at": N_("moment of awareness"),
    "activities": N_("affected processing activities"),
    "nature": N_("nature of the breach"),
    "incident_type": N_("incident type"),
    "malicious": N_("malicious intent"),
    "data": N_("data types"),
    "subjects.count": N_("number of people"),
    "subjects.vulnerable": N_("vulnerability of the people"),
    "identifiability": N_("identifiability"),
    "unintelligible": N_("encryption"),
    "confidentiality": N_("confidentiality"),
    "recipients_count": N_("number of recipients"),
    "recipients_trusted": N_("trust in the recipients"),
    "integrity": N_("integrity"),
    "availability": N_("availability"),
    "unavailable_hours": N_("duration of unavailability"),
    "service_impact": N_("service impact"),
    "measures_neutralise_high_risk": N_("effect of later measures"),
    "subjects_contactable": N_("whether each person can be reached"),
    "nis2_significant": N_("NIS2 significance"),
}

# Values that read badly as bare codes, by fact.
VALUE_LABELS: Mapping[tuple[str, str], str] = {
    ("unintelligible", "no"): N_("readable"),
    ("unintelligible", "yes"): N_("unintelligible, key safe"),
    ("unintelligible", "key_compromised"): N_("encrypted with a compromised key"),
}

# Parameters shown as given: free text, instants, identifiers.
_VERBATIM = frozenset({"reason", "at", "activity", "activities", "client", "start", "end", "ref"})
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _words(value: str) -> str:
    """A code as English words (`unknown_recipients` -> `unknown recipients`)."""
    return value.replace("_", " ") if _CODE.match(value) else value


def _shown(name: str, value: Any) -> Any:
    if name in ("fact", "dimension"):
        return FACT_LABELS.get(value, _words(value))
    if isinstance(value, tuple | list):
        return ", ".join(_shown(name, v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and name not in _VERBATIM:
        return _words(value)
    return value


def english(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence for `code` with its named parameters."""
    shown = {name: _shown(name, value) for name, value in params.items()}
    label = VALUE_LABELS.get((str(params.get("fact")), str(params.get("value"))))
    if label is not None:
        shown["value"] = label
    text = ENGLISH[code].format(**shown)
    if "for_dimension" in params:
        return ENGLISH["assumed.for_dimension"].format(
            text=text, dimension=_shown("dimension", params["for_dimension"])
        )
    return text


def english_source(authority: str, ref: str) -> str:
    if authority == "edpb_01_2021":
        return ENGLISH[f"source.edpb_01_2021.{'many' if ',' in ref else 'one'}"].format(ref=ref)
    return ENGLISH[f"source.{authority}"].format(ref=ref).strip()


def english_sources(cites: Sequence[tuple[str, str]]) -> str:
    """Sources joined by semicolons, in the order given."""
    return "; ".join(english_source(authority, ref) for authority, ref in cites)

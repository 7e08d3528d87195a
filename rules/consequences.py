"""Likely consequences for the people concerned, as codes of the documents' phrase catalogue.

Art. 33(3)(c) and 34(2) GDPR require the likely consequences in the notification and the
letters; EDPB Guidelines 9/2022 list the usual ones (identity theft or fraud, financial loss,
discrimination, damage to reputation, loss of confidentiality). The DPO can add or drop any.
"""

from __future__ import annotations

from rules.codes import Availability, Confidentiality, DataCode, Integrity, is_special_category
from rules.worst_case import Resolved

_IDENTITY = {DataCode.NATIONAL_ID_NUMBER, DataCode.OFFICIAL_DOCUMENTS}
_MONEY = {DataCode.FINANCIAL, DataCode.PAYMENT_CARD}


def likely_consequences(facts: Resolved) -> tuple[str, ...]:
    """Codes in the order a reader weighs them: the gravest first."""
    codes: list[str] = []
    disclosed = facts.confidentiality is not Confidentiality.NOT_AFFECTED
    if disclosed:
        if facts.data & _IDENTITY:
            codes.append("identity_theft")
        if facts.data & _MONEY:
            codes.append("financial_loss")
        if DataCode.CREDENTIALS in facts.data:
            codes.append("account_takeover")
        if any(is_special_category(d) for d in facts.data):
            codes += ["discrimination", "reputational_damage"]
        if DataCode.CONTACT in facts.data:
            codes.append("phishing")
        codes.append("loss_of_confidentiality")
    lost = facts.availability not in (
        Availability.NOT_AFFECTED,
        Availability.RECOVERED_WITHOUT_DIFFICULTY,
    ) or facts.integrity not in (Integrity.NOT_AFFECTED, Integrity.ALTERED_RECOVERED)
    if lost:
        codes.append("service_disruption")
    return tuple(codes)

"""The register of processing activities (Art. 30 GDPR): where roles live.

Parsing collects every problem with its place in the file (path and line) instead of stopping
at the first, so `breachflow register check` can show them all at once.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from rules.codes import DataCode, Language

_KBO_DIGITS = re.compile(r"^\d{10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Role(StrEnum):
    """Our role for one processing activity (Art. 4(7), 4(8), 26 GDPR)."""

    CONTROLLER = "controller"
    PROCESSOR = "processor"
    JOINT_CONTROLLER = "joint_controller"


class JointNotifier(StrEnum):
    """Who the Art. 26 arrangement makes responsible for notifying."""

    OURS = "ours"
    CLIENT = "client"


@dataclass(frozen=True)
class Label:
    """A name in the register, in one language or several (`name: {nl: ..., fr: ..., en: ...}`).

    Documents show it in their reader's language; `default` (the English label, else the
    first given, or the plain string) serves a language without its own label.
    """

    default: str
    texts: tuple[tuple[Language, str], ...] = ()

    def get(self, language: Language) -> str:
        return dict(self.texts).get(language) or self.default

    def __str__(self) -> str:
        return self.default


@dataclass(frozen=True)
class Dpo:
    name: str
    email: str
    phone: str | None = None
    address: str | None = None
    # `name` per language when the register gives one (a function rather than a person).
    label: Label | None = None


@dataclass(frozen=True)
class LegalEntity:
    id: str
    name: str
    kbo: str
    address: str
    language: Language


@dataclass(frozen=True)
class Client:
    """An organisation for which we process as processor or with which we are joint controller."""

    id: str
    name: str
    kbo: str
    email: str
    address: str | None
    language: Language
    notice_window_hours: float


@dataclass(frozen=True)
class Arrangement:
    """The Art. 26 arrangement of a joint-controller activity."""

    notifies: JointNotifier
    notice_window_hours: float


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    entity: str
    role: Role
    client: str | None
    data: tuple[DataCode, ...]
    subjects: tuple[str, ...]
    systems: tuple[str, ...]
    arrangement: Arrangement | None = None
    # `name` and `systems` in each language the register gives (`name` is the default label).
    label: Label | None = None
    system_labels: tuple[Label, ...] = ()

    @property
    def name_label(self) -> Label:
        return self.label or Label(self.name)

    @property
    def systems_labelled(self) -> tuple[Label, ...]:
        return self.system_labels or tuple(Label(s) for s in self.systems)


@dataclass(frozen=True)
class ProcessingRegister:
    organisation: str
    dpo: Dpo
    languages: tuple[Language, ...]
    nis2_entity: bool
    entities: Mapping[str, LegalEntity]
    clients: Mapping[str, Client]
    activities: Mapping[str, Activity]
    sha256: str = ""
    # Who may approve drafts: the DPO always; `legal` too when `organisation.approvers` says so.
    approvers: tuple[str, ...] = ("dpo",)

    def entity(self, entity_id: str) -> LegalEntity:
        return self.entities[entity_id]

    def client(self, client_id: str) -> Client:
        return self.clients[client_id]

    def activity(self, activity_id: str) -> Activity:
        return self.activities[activity_id]

    def activities_for_client(self, client_id: str) -> list[Activity]:
        return [a for a in self.activities.values() if a.client == client_id]

    def party_name(self, code: str) -> str:
        """An obligation's party by name: a client's or one of our entities'; empty for the
        supervisory authority (`gba`), which each reader names in their own language."""
        if code in self.clients:
            return self.clients[code].name
        if code in self.entities:
            return self.entities[code].name
        return "" if code == "gba" else code


@dataclass(frozen=True)
class RegisterProblem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.path}: {self.message}"


class ProcessingRegisterError(ValueError):
    """The register file is not usable; carries every problem found."""

    def __init__(self, problems: Sequence[RegisterProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def kbo_is_valid(kbo: str) -> bool:
    """Belgian enterprise number check: 97 - (first 8 digits mod 97) equals the last 2."""
    digits = re.sub(r"[.\s]", "", kbo)
    if not _KBO_DIGITS.match(digits):
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def format_kbo(kbo: str) -> str:
    """The usual 0123.456.789 spelling."""
    d = re.sub(r"[.\s]", "", kbo)
    return f"{d[:4]}.{d[4:7]}.{d[7:]}"


def _line_index(text: str) -> dict[str, int]:
    """Map each path (`activities[2].client`) to its 1-based line in the YAML text."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return lines


class _Reader:
    """Typed access to the raw YAML that records problems instead of raising."""

    def __init__(self, lines: Mapping[str, int]) -> None:
        self.lines = lines
        self.problems: list[RegisterProblem] = []

    def problem(self, path: str, message: str) -> None:
        line = self.lines.get(path)
        parent = path
        while line is None and ("." in parent or "[" in parent):
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", parent)
            line = self.lines.get(parent)
        self.problems.append(RegisterProblem(path, line, message))

    def text(self, raw: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}.{key}", "is required")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(f"{path}.{key}", f"must be text, got {type(value).__name__}")
            return ""
        return str(value).strip()

    def ident(self, raw: Mapping[str, Any], path: str) -> str:
        value = self.text(raw, "id", path)
        if value and not _ID.match(value):
            self.problem(f"{path}.id", f"{value!r} must be lower-case letters, digits and dashes")
        return value

    def language(self, raw: Mapping[str, Any], path: str) -> Language:
        value = self.text(raw, "language", path)
        try:
            return Language(value.lower())
        except ValueError:
            if value:
                self.problem(
                    f"{path}.language",
                    f"unknown language {value!r} (expected one of nl, fr, de, en)",
                )
            return Language.NL

    def kbo(self, raw: Mapping[str, Any], path: str) -> str:
        value = self.text(raw, "kbo", path)
        if value and not kbo_is_valid(value):
            self.problem(
                f"{path}.kbo",
                f"KBO/BCE number {value!r} fails its check "
                "(10 digits; 97 - first 8 digits mod 97 must equal the last 2)",
            )
        return format_kbo(value) if value and kbo_is_valid(value) else value

    def hours(self, raw: Mapping[str, Any], key: str, path: str, default: float) -> float:
        """A contract's notice window in hours; 0 means at once (Art. 33(2): without undue
        delay), not the default."""
        value = raw.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
            or value < 0
        ):
            self.problem(
                f"{path}.{key}", f"must be a number of hours, 0 (at once) or more, got {value!r}"
            )
            return default
        return float(value)

    def label(self, value: Any, path: str, needed: Sequence[Language]) -> Label:
        """A plain name, or a mapping of language to name that has every `needed` language."""
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return Label(str(value).strip())
        if not isinstance(value, Mapping) or not value:
            self.problem(path, "must be a name, or a mapping of language (nl, fr, de, en) to name")
            return Label("")
        texts: dict[Language, str] = {}
        for code, text in value.items():
            try:
                language = Language(str(code).lower())
            except ValueError:
                self.problem(f"{path}.{code}", f"unknown language {code!r} (nl, fr, de or en)")
                continue
            if not isinstance(text, str) or not text.strip():
                self.problem(f"{path}.{code}", "must be a non-empty name")
                continue
            texts[language] = text.strip()
        missing = [lang.value for lang in dict.fromkeys(needed) if lang not in texts]
        if texts and missing:
            self.problem(path, f"names no label in {', '.join(missing)} (read in that language)")
        order = [Language.EN, *Language]
        default = next((texts[lang] for lang in order if lang in texts), "")
        return Label(default, tuple(texts.items()))

    def labels(
        self, raw: Mapping[str, Any], key: str, path: str, needed: Sequence[Language]
    ) -> tuple[Label, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", "must be a list of names")
            return ()
        return tuple(self.label(v, f"{path}.{key}[{i}]", needed) for i, v in enumerate(value))

    def strings(self, raw: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{path}.{key}", "must be a list of text")
            return ()
        return tuple(value)

    def items(self, raw: Mapping[str, Any], key: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            self.problem(key, "must be a non-empty list")
            return
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                yield f"{key}[{i}]", item
            else:
                self.problem(f"{key}[{i}]", "must be a mapping")


def _unique(reader: _Reader, seen: dict[str, str], value: str, path: str, what: str) -> None:
    if value in seen:
        reader.problem(f"{path}.id", f"duplicate {what} id {value!r} (first at {seen[value]})")
    elif value:
        seen[value] = path


def _parse_entities(reader: _Reader, raw: Mapping[str, Any]) -> dict[str, LegalEntity]:
    entities: dict[str, LegalEntity] = {}
    seen: dict[str, str] = {}
    for path, item in reader.items(raw, "entities"):
        ident = reader.ident(item, path)
        _unique(reader, seen, ident, path, "entity")
        entities.setdefault(
            ident,
            LegalEntity(
                id=ident,
                name=reader.text(item, "name", path),
                kbo=reader.kbo(item, path),
                address=reader.text(item, "address", path),
                language=reader.language(item, path),
            ),
        )
    return entities


def _parse_clients(reader: _Reader, raw: Mapping[str, Any]) -> dict[str, Client]:
    clients: dict[str, Client] = {}
    seen: dict[str, str] = {}
    for path, item in reader.items(raw, "clients"):
        ident = reader.ident(item, path)
        _unique(reader, seen, ident, path, "client")
        email = reader.text(item, "email", path)
        if email and not _EMAIL.match(email):
            reader.problem(f"{path}.email", f"{email!r} is not an e-mail address")
        clients.setdefault(
            ident,
            Client(
                id=ident,
                name=reader.text(item, "name", path),
                kbo=reader.kbo(item, path),
                email=email,
                address=reader.text(item, "address", path, required=False) or None,
                language=reader.language(item, path),
                # Art. 33(2): "without undue delay"; 24 hours when the contract sets nothing
                # (breachflow policy, the usual window of a data processing agreement).
                notice_window_hours=reader.hours(item, "notice_window_hours", path, 24.0),
            ),
        )
    return clients


def _parse_data(reader: _Reader, item: Mapping[str, Any], path: str) -> tuple[DataCode, ...]:
    codes: list[DataCode] = []
    for i, value in enumerate(reader.strings(item, "data", path)):
        try:
            codes.append(DataCode(value))
        except ValueError:
            reader.problem(f"{path}.data[{i}]", f"unknown data code {value!r}")
    if not codes and "data" in item:
        reader.problem(f"{path}.data", "names no data type")
    return tuple(codes)


def _parse_arrangement(reader: _Reader, item: Mapping[str, Any], path: str) -> Arrangement | None:
    raw = item.get("arrangement")
    if raw is None:
        reader.problem(f"{path}.arrangement", "a joint_controller activity needs its arrangement")
        return None
    if not isinstance(raw, Mapping):
        reader.problem(f"{path}.arrangement", "must be a mapping")
        return None
    notifies = str(raw.get("notifies", ""))
    try:
        who = JointNotifier(notifies)
    except ValueError:
        reader.problem(f"{path}.arrangement.notifies", f"{notifies!r} must be 'ours' or 'client'")
        who = JointNotifier.OURS
    window = reader.hours(raw, "notice_window_hours", f"{path}.arrangement", 24.0)
    return Arrangement(notifies=who, notice_window_hours=window)


def _parse_activity(
    reader: _Reader,
    item: Mapping[str, Any],
    path: str,
    entities: Mapping[str, LegalEntity],
    clients: Mapping[str, Client],
    languages: Sequence[Language],
) -> Activity:
    ident = reader.ident(item, path)
    entity = reader.text(item, "entity", path)
    if entity and entity not in entities:
        reader.problem(f"{path}.entity", f"names unknown entity {entity!r}")
    role_text = reader.text(item, "role", path)
    try:
        role = Role(role_text)
    except ValueError:
        if role_text:
            reader.problem(
                f"{path}.role",
                f"unknown role {role_text!r} (controller, processor or joint_controller)",
            )
        role = Role.CONTROLLER
    client = reader.text(item, "client", path, required=False) or None
    if client and client not in clients:
        reader.problem(f"{path}.client", f"names unknown client {client!r}")
    if role in (Role.PROCESSOR, Role.JOINT_CONTROLLER) and not client:
        reader.problem(f"{path}.client", f"a {role} activity must name its client")
    if role is Role.CONTROLLER and client:
        reader.problem(f"{path}.client", "a controller activity has no client controller")
    arrangement = _parse_arrangement(reader, item, path) if role is Role.JOINT_CONTROLLER else None
    # A name given per language is read in the organisation's languages and the client's.
    needed = [*languages, *([clients[client].language] if client and client in clients else [])]
    if item.get("name") in (None, ""):
        reader.problem(f"{path}.name", "is required")
        label = Label("")
    else:
        label = reader.label(item["name"], f"{path}.name", needed)
    system_labels = reader.labels(item, "systems", path, needed)
    return Activity(
        id=ident,
        name=label.default,
        entity=entity,
        role=role,
        client=client,
        data=_parse_data(reader, item, path),
        subjects=reader.strings(item, "subjects", path),
        systems=tuple(s.default for s in system_labels),
        arrangement=arrangement,
        label=label,
        system_labels=system_labels,
    )


def _parse_dpo(reader: _Reader, org: Mapping[str, Any], languages: Sequence[Language]) -> Dpo:
    raw = org.get("dpo")
    if not isinstance(raw, Mapping):
        reader.problem("organisation.dpo", "is required (name, email)")
        return Dpo(name="", email="")
    path = "organisation.dpo"
    email = reader.text(raw, "email", path)
    if email and not _EMAIL.match(email):
        reader.problem(f"{path}.email", f"{email!r} is not an e-mail address")
    if raw.get("name") in (None, ""):
        reader.problem(f"{path}.name", "is required")
        label = Label("")
    else:
        label = reader.label(raw["name"], f"{path}.name", languages)
    return Dpo(
        name=label.default,
        label=label,
        email=email,
        phone=reader.text(raw, "phone", path, required=False) or None,
        address=reader.text(raw, "address", path, required=False) or None,
    )


def parse_processing_register(text: str) -> ProcessingRegister:
    """Parse and validate a register; raise `ProcessingRegisterError` listing every problem."""
    try:
        raw = yaml.safe_load(text)
        lines = _line_index(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ProcessingRegisterError(
            [RegisterProblem("(file)", line, f"not valid YAML: {exc}")]
        ) from exc
    reader = _Reader(lines)
    if not isinstance(raw, Mapping):
        raise ProcessingRegisterError([RegisterProblem("(file)", 1, "must be a YAML mapping")])
    org = raw.get("organisation")
    if not isinstance(org, Mapping):
        reader.problem("organisation", "is required (name, dpo, languages)")
        org = {}
    languages: list[Language] = []
    for i, code in enumerate(reader.strings(org, "languages", "organisation")):
        try:
            languages.append(Language(code))
        except ValueError:
            reader.problem(f"organisation.languages[{i}]", f"unknown language {code!r}")
    nis2 = org.get("nis2_entity", False)
    if not isinstance(nis2, bool):
        reader.problem("organisation.nis2_entity", "must be true or false")
        nis2 = False
    dpo = _parse_dpo(reader, org, languages)
    approvers = _parse_approvers(reader, org)
    entities = _parse_entities(reader, raw)
    clients = _parse_clients(reader, raw)
    activities: dict[str, Activity] = {}
    seen: dict[str, str] = {}
    for path, item in reader.items(raw, "activities"):
        activity = _parse_activity(reader, item, path, entities, clients, languages)
        _unique(reader, seen, activity.id, path, "activity")
        activities.setdefault(activity.id, activity)
    if reader.problems:
        raise ProcessingRegisterError(reader.problems)
    return ProcessingRegister(
        organisation=reader.text(org, "name", "organisation"),
        dpo=dpo,
        languages=tuple(languages) or (Language.NL,),
        nis2_entity=nis2,
        entities=entities,
        clients=clients,
        activities=activities,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        approvers=approvers,
    )


APPROVER_ROLES = ("dpo", "legal")


def _parse_approvers(reader: _Reader, org: Mapping[str, Any]) -> tuple[str, ...]:
    """`organisation.approvers`: the roles that approve drafts (default: the DPO alone; the
    DPO always may, as breachflow's policy)."""
    if "approvers" not in org:
        return ("dpo",)
    named = reader.strings(org, "approvers", "organisation")
    for i, role in enumerate(named):
        if role not in APPROVER_ROLES:
            reader.problem(f"organisation.approvers[{i}]", f"one of {', '.join(APPROVER_ROLES)}")
    return tuple(dict.fromkeys(["dpo", *(r for r in named if r in APPROVER_ROLES)]))


def load_processing_register(path: Path) -> ProcessingRegister:
    """Read a register file; the hash recorded is the file's own."""
    return parse_processing_register(path.read_text(encoding="utf-8"))

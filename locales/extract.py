"""Babel extraction method for keyed message tables (`babel.cfg`: `[keyed: ...]`).

A module's English source is a dict literal whose values are `N_("...")` calls:
`"letter.salutation": N_("Dear {name},")`. Each entry becomes a message with msgctxt = its key
(tuple keys joined with dots) and msgid = the English text, so a code's translation is found
by its meaning and two codes with the same English words stay two messages. A comment line
starting `# TRANSLATORS:` right above an entry goes to the translator.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

Extracted = tuple[int, str, tuple[str, str], list[str]]


def _key(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Tuple) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return ".".join(str(e.value) for e in node.elts if isinstance(e, ast.Constant))
    return None


def _message(node: ast.expr) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def keyed_messages(source: str) -> Iterator[Extracted]:
    """(line, "pgettext", (key, English), translator comments) for every keyed `N_` entry."""
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            key, message = _key(key_node), _message(value_node)
            if key is None or message is None:
                continue
            line = key_node.lineno if key_node is not None else value_node.lineno
            comment = lines[line - 2].strip() if line >= 2 else ""
            notes = [comment[2:].strip()] if comment.startswith("# TRANSLATORS:") else []
            yield line, "pgettext", (key, message), notes


def extract_keyed(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel's extraction-method signature; `keywords` must include `pgettext` (a default)."""
    yield from keyed_messages(fileobj.read().decode(options.get("encoding", "utf-8")))

"""Reading a posted form strictly: a field whose bytes are not valid text is named, not guessed.

Starlette decodes forms leniently: an URL-encoded value with invalid UTF-8 becomes replacement
characters (U+FFFD) and a multipart one falls back to Latin-1, so a reporter's words would be
changed silently before anyone reads them. These parsers decode strictly; a field that does not
decode gets an empty value and its name is listed, so the form asks for it again.

They subclass Starlette's parsers and override one callback each (Starlette is pinned through
FastAPI, see pyproject.toml); everything else (limits, files, spooling) stays Starlette's.
"""

from __future__ import annotations

from contextlib import aclosing
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request, status
from starlette.datastructures import FormData
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

MULTIPART = "multipart/form-data"
URL_ENCODED = "application/x-www-form-urlencoded"


def _decoded(raw: bytes | bytearray, charset: str = "utf-8") -> str | None:
    try:
        return bytes(raw).decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        return None


class _StrictUrlEncoded(FormParser):
    undecodable: list[str]

    def on_field_end(self) -> None:
        self._current_fields += 1
        if self._current_fields > self.max_fields:
            raise MultiPartException(
                f"Too many fields. Maximum number of fields is {self.max_fields}."
            )
        name = _decoded(unquote_to_bytes(bytes(self._field_name).replace(b"+", b" ")))
        value = _decoded(unquote_to_bytes(bytes(self._field_value).replace(b"+", b" ")))
        if name is None:
            return  # no field of ours has such a name
        if value is None:
            self.undecodable.append(name)
            value = ""
        self._items.append((name, value))


class _StrictMultiPart(MultiPartParser):
    undecodable: list[str]

    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is not None:
            super().on_part_end()
            return
        value = _decoded(part.data, self._charset)
        if value is None:
            self.undecodable.append(part.field_name)
            value = ""
        self.items.append((part.field_name, value))


async def read_form(
    request: Request, *, max_files: int, max_fields: int
) -> tuple[FormData, list[str]]:
    """The posted form and the names of its fields whose bytes are not valid text.

    Any other content type gives an empty form (as `Request.form` does); a malformed body is
    400."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in (MULTIPART, URL_ENCODED):
        return FormData(), []
    async with aclosing(request.stream()) as stream:
        parser: _StrictMultiPart | _StrictUrlEncoded
        if media_type == MULTIPART:
            parser = _StrictMultiPart(
                request.headers, stream, max_files=max_files, max_fields=max_fields
            )
        else:
            parser = _StrictUrlEncoded(request.headers, stream, max_fields=max_fields)
        parser.undecodable = []
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=exc.message) from exc
    return form, parser.undecodable

"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests, with optional STARTTLS, TLS and AUTH.

    with SmtpServer() as smtp:
        notifier = SmtpMailNotifier(smtp.url(), from_addr="dpo@example.be")
        ...
        [mail] = smtp.messages

`self_signed_certificate(folder)` makes a certificate for 127.0.0.1 with `cryptography`, for the
STARTTLS and `smtps://` paths; give the client `ssl.create_default_context(cafile=cert)`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["ReceivedMail", "SmtpServer", "self_signed_certificate"]

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMail:
    """One accepted e-mail: envelope, raw bytes, parsed message, and how it came in."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    tls: bool
    login: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # policy.default parses into EmailMessage
        return parsed


@dataclass
class _Recorder:
    """aiosmtpd handler: keeps every message; can refuse recipients or defer the next DATA."""

    messages: list[ReceivedMail] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    defer_data: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            if self.defer_data > 0:
                self.defer_data -= 1
                return "451 4.3.0 Try again later"
            auth = session.auth_data
            self.messages.append(
                ReceivedMail(
                    mail_from=str(envelope.mail_from),
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    data=bytes(cast(bytes, envelope.original_content)),
                    tls=session.ssl is not None or _is_tls(server),
                    login=auth.login.decode() if isinstance(auth, LoginPassword) else None,
                )
            )
        return "250 Message accepted"


def _is_tls(server: SMTP) -> bool:
    """Implicit TLS (smtps): aiosmtpd leaves `session.ssl` unset, the transport knows."""
    transport = server.transport
    return transport is not None and transport.get_extra_info("ssl_object") is not None


class _PortZeroController(Controller):
    """aiosmtpd's Controller, bound to a free port chosen by the OS (port 0)."""

    def _trigger_server(self) -> None:
        server = cast(asyncio.Server, self.server)
        self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


class SmtpServer:
    """Start/stop a local SMTP server; `messages` lists what it accepted.

    `starttls_cert` offers STARTTLS with that (cert, key); `implicit_tls_cert` serves `smtps://`;
    `credentials` requires AUTH LOGIN/PLAIN with that user and password (only after TLS).
    """

    def __init__(
        self,
        *,
        starttls_cert: tuple[Path, Path] | None = None,
        implicit_tls_cert: tuple[Path, Path] | None = None,
        require_starttls: bool = False,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self._recorder = _Recorder()
        self._running = False
        self.credentials = credentials
        self.implicit_tls = implicit_tls_cert is not None
        self.starttls = starttls_cert is not None
        kwargs: dict[str, Any] = {}
        if starttls_cert is not None:
            kwargs["tls_context"] = _server_context(*starttls_cert)
            kwargs["require_starttls"] = require_starttls
        if implicit_tls_cert is not None:
            kwargs["ssl_context"] = _server_context(*implicit_tls_cert)
            # aiosmtpd only counts STARTTLS as TLS for AUTH; here the whole socket is TLS.
            kwargs["auth_require_tls"] = False
        if credentials is not None:
            kwargs["authenticator"] = self._authenticate
            kwargs["auth_required"] = True
        self._controller = _PortZeroController(self._recorder, hostname=HOST, port=0, **kwargs)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._recorder.lock:
            return list(self._recorder.messages)

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user") -> None:
        """Answer RCPT TO for this address with `reply` (a 4xx or 5xx line)."""
        self._recorder.refuse[address] = reply

    def defer_next(self, count: int = 1) -> None:
        """Answer the next `count` DATA commands with 451 (a temporary failure)."""
        with self._recorder.lock:
            self._recorder.defer_data += count

    def url(self, *, sender: str | None = None) -> str:
        """An `smtp://` / `smtps://` URL for this server, for `SmtpMailNotifier`."""
        scheme = "smtps" if self.implicit_tls else "smtp"
        auth = f"{self.credentials[0]}:{self.credentials[1]}@" if self.credentials else ""
        query = []
        if self.starttls:
            query.append("starttls=true")
        if sender:
            query.append(f"from={sender}")
        return f"{scheme}://{auth}{HOST}:{self.port}" + ("?" + "&".join(query) if query else "")

    def start(self) -> SmtpServer:
        self._controller.start()
        self._running = True
        return self

    def stop(self) -> None:
        """Stop the server; stopping one already stopped (in a test) is fine."""
        if self._running:
            self._running = False
            self._controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert self.credentials is not None
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login.decode(), auth_data.password.decode()) == self.credentials
        return AuthResult(success=ok, auth_data=auth_data)


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 and localhost, valid for a day: (cert, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path

"""Reading an IMAP mailbox (imapclient), so that nothing is read twice and nothing is missed.

The mailbox is opened read-only (EXAMINE) and messages are fetched with
BODY.PEEK[]: reading changes nothing there, not even the \\Seen flag, so the
secretariat's own mail client still shows what is new and nothing is ever
deleted. Which messages are new is remembered in `MailboxState`: with
UIDVALIDITY unchanged, the UIDs above `last_uid`. `last_uid` moves past a
message only once its caller has taken it (stored it) and asks for the next,
so a run killed in between reads that message again; the store keeps one copy.
"""

import contextlib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from casebook.core.services import record_event

from .models import MailboxState
from .sources import RawMessage

DEFAULT_PORTS = {"imap": 143, "imaps": 993}
DEFAULT_FOLDER = "INBOX"
TIMEOUT_SECONDS = 60


class MailboxError(Exception):
    """The mailbox cannot be reached or read; the message is one Chinese line."""


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    ssl: bool
    user: str
    password: str
    folder: str = DEFAULT_FOLDER

    @property
    def source(self) -> str:
        """The mailbox's name in the database and the output: its URL without the password."""
        scheme = "imaps" if self.ssl else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"


def parse_imap_url(url: str) -> ImapConfig:
    """imaps://user:password@host:993/INBOX → ImapConfig. A user or password
    holding @ : / is written percent-encoded (intake%40example.cn)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or not parts.username:
        raise MailboxError(_("邮箱地址“%(url)s”的格式不对，应形如 imaps://用户名:密码@服务器:993/INBOX。")
                           % {"url": _without_password(url)})
    folder = unquote(parts.path.lstrip("/")) or DEFAULT_FOLDER
    return ImapConfig(host=parts.hostname, port=parts.port or DEFAULT_PORTS[parts.scheme],
                      ssl=parts.scheme == "imaps", user=unquote(parts.username),
                      password=unquote(parts.password or ""), folder=folder)


def _without_password(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def configured_mailboxes() -> list[tuple[ImapConfig, str | None]]:
    """The mailboxes the settings name: INTAKE_IMAP_URL (its messages find
    their call by the address they were sent to) and INTAKE_IMAP_CALL_URLS
    (one mailbox per call slug), each with its call's slug or None."""
    boxes = [(parse_imap_url(url), slug) for slug, url in settings.INTAKE_IMAP_CALL_URLS.items()]
    if settings.INTAKE_IMAP_URL:
        boxes.insert(0, (parse_imap_url(settings.INTAKE_IMAP_URL), None))
    return boxes


def mailbox_for_call(slug: str) -> ImapConfig | None:
    """The mailbox `casebook intake --call SLUG --imap` reads: the call's own, else the shared one."""
    url = settings.INTAKE_IMAP_CALL_URLS.get(slug) or settings.INTAKE_IMAP_URL
    return parse_imap_url(url) if url else None


class ImapMailbox:
    """The new messages of one mailbox folder, as a context manager:

        with ImapMailbox(config) as box:
            print(len(box), "new")
            for message in box:
                store(message)   # last_uid moves past it when the loop asks for the next
    """

    def __init__(self, config: ImapConfig, *, batch_size: int | None = None):
        self.config = config
        self.batch_size = batch_size or settings.INTAKE_IMAP_BATCH
        self.client: IMAPClient | None = None
        self.state: MailboxState | None = None
        self.uids: list[int] = []

    def __enter__(self) -> "ImapMailbox":
        self.state, _created = MailboxState.objects.get_or_create(source=self.config.source)
        try:
            self.client = self._connect()
            selected = self.client.select_folder(self.config.folder, readonly=True)
            self._check_uidvalidity(int(selected[b"UIDVALIDITY"]))
            last = self.state.last_uid
            self.uids = sorted(uid for uid in self.client.search(["UID", f"{last + 1}:*"])
                               if uid > last)  # "n:*" always matches the newest message
        except (IMAPClientError, OSError) as error:
            self._logout()
            self._fail(error)
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._logout()
        if exc_type is None:
            MailboxState.objects.filter(pk=self.state.pk).update(checked_at=timezone.now(),
                                                                 last_error="")

    def _logout(self) -> None:
        if self.client is not None:
            # The server may have gone first; what was read is recorded already.
            with contextlib.suppress(IMAPClientError, OSError):
                self.client.logout()
            self.client = None

    def __len__(self) -> int:
        return len(self.uids)

    def __iter__(self) -> Iterator[RawMessage]:
        for start in range(0, len(self.uids), self.batch_size):
            batch = self.uids[start:start + self.batch_size]
            try:
                fetched = self.client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
            except (IMAPClientError, OSError) as error:
                self._fail(error)
            for uid in batch:
                data = fetched.get(uid)
                if data is None:  # expunged by someone else meanwhile: nothing to read
                    continue
                yield RawMessage(self.config.source, str(uid), data[b"BODY[]"],
                                 data.get(b"INTERNALDATE"))
                self._advance(uid)

    def _connect(self) -> IMAPClient:
        context = None
        if self.config.ssl:
            context = ssl.create_default_context(cafile=settings.INTAKE_IMAP_CAFILE or None)
        client = IMAPClient(self.config.host, port=self.config.port, ssl=self.config.ssl,
                            ssl_context=context, timeout=TIMEOUT_SECONDS)
        client.normalise_times = False  # INTERNALDATE with its own time zone
        client.login(self.config.user, self.config.password)
        return client

    def _check_uidvalidity(self, uidvalidity: int) -> None:
        """A new UIDVALIDITY means the UIDs were renumbered (the folder was
        recreated or restored): start again from the first message. Messages
        read before are then recognised by their content and come out as duplicates."""
        state = self.state
        if state.uidvalidity == uidvalidity:
            return
        with transaction.atomic():
            if state.uidvalidity is not None:
                record_event(actor=None, action="intake.uidvalidity_changed", subject=state,
                             source=state.source, before=state.uidvalidity, after=uidvalidity,
                             last_uid=state.last_uid)
            state.uidvalidity, state.last_uid = uidvalidity, 0
            state.save(update_fields=["uidvalidity", "last_uid"])

    def _advance(self, uid: int) -> None:
        MailboxState.objects.filter(pk=self.state.pk, last_uid__lt=uid).update(last_uid=uid)
        self.state.last_uid = max(self.state.last_uid, uid)

    def _fail(self, error: Exception):
        reason = _("无法读取邮箱 %(source)s：%(error)s") % {"source": self.config.source,
                                                          "error": _describe(error)}
        MailboxState.objects.filter(pk=self.state.pk).update(checked_at=timezone.now(),
                                                             last_error=reason)
        raise MailboxError(reason) from error


def _describe(error: Exception) -> str:
    if isinstance(error, ssl.SSLError):
        return _("SSL 连接失败（%(error)s）") % {"error": error}
    if isinstance(error, ConnectionRefusedError):
        return _("服务器拒绝连接")
    if isinstance(error, TimeoutError):
        return _("连接超时")
    if isinstance(error, LoginError):
        return _("用户名或密码不正确（%(error)s）") % {"error": error}
    return str(error) or type(error).__name__

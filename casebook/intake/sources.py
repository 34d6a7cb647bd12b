"""Where raw messages come from: .eml files, Maildirs, mbox files and folders of these.

Each source yields `RawMessage`s: the bytes exactly as they were stored, with
the source they came from (`maildir:/srv/mail`, `mbox:/srv/export.mbox`,
`eml:/srv/a.eml`) and where in it (a Maildir key, a message number). Nothing
here parses a message: the bytes are stored before anyone looks inside
(`services.receive_raw`). The IMAP mailbox is in `imap.py`.

Finding the messages (`find_messages`) is separate from reading them
(`Envelope.read`), so that a command knows how many there are before it
starts and holds one message in memory at a time.
"""

import mailbox
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

MESSAGE_SUFFIXES = {".eml"}
MBOX_SUFFIXES = {".mbox", ".mbx"}
# An mbox starts with a "From " separator line; a message file with a header line.
MBOX_START = b"From "
HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")
HEAD_BYTES = 1024


class SourceError(Exception):
    """A path that is no message source; the message is one Chinese line naming it."""


class RawMessage(NamedTuple):
    source: str
    source_key: str
    raw: bytes
    # When the mailbox says the message arrived (IMAP INTERNALDATE), if it says so.
    arrived_at: datetime | None = None

    @property
    def location(self) -> str:
        return location(self.source, self.source_key)


def location(source: str, source_key: str) -> str:
    """Where one message is, for people and the `--json` output: a file path,
    `export.mbox#3`, or an IMAP URL with its UID."""
    kind, _colon, where = source.partition(":")
    if kind == "maildir":
        return os.path.join(where, source_key)
    if kind == "mbox":
        return f"{where}#{source_key}"
    if kind == "eml":
        return where
    return f"{source};UID={source_key}" if source_key else source


@dataclass(frozen=True)
class Envelope:
    """One message found in a source, not read yet."""

    source: str
    source_key: str
    reader: Callable[[], bytes]

    def read(self) -> RawMessage:
        return RawMessage(self.source, self.source_key, self.reader())

    @property
    def location(self) -> str:
        return location(self.source, self.source_key)


def find_messages(paths: Iterable[str | Path], *, skipped: list[Path] | None = None) -> list[Envelope]:
    """Every message under `paths`, in a stable order (each path in turn, then
    by name). A folder is a Maildir when it has cur/ and new/, otherwise it is
    searched for .eml files, mbox files and Maildirs (recursively); files there
    that are neither are passed over and listed in `skipped`.

    Raises SourceError for a path that does not exist or cannot be read, and
    for a file given by name that is no message and no mbox.
    """
    found: list[Envelope] = []
    for path in map(Path, paths):
        found += _in_path(path.absolute(), named=True, skipped=skipped)
    return found


def read_messages(paths: Iterable[str | Path]) -> Iterator[RawMessage]:
    """The messages under `paths`, read one at a time."""
    for envelope in find_messages(paths):
        yield envelope.read()


def _in_path(path: Path, *, named: bool, skipped: list[Path] | None) -> list[Envelope]:
    try:
        if path.is_dir():
            return _maildir(path) if is_maildir(path) else _folder(path, skipped)
        kind = _file_kind(path)
    except OSError as error:
        raise SourceError(_("无法读取“%(path)s”：%(error)s")
                          % {"path": path, "error": error.strerror or error}) from error
    if kind == "mbox":
        return _mbox(path)
    if kind == "eml":
        return [Envelope(f"eml:{path}", "", path.read_bytes)]
    if named:
        raise SourceError(_("“%(path)s”不是邮件文件（.eml）、mbox 文件或 Maildir 文件夹。")
                          % {"path": path})
    if skipped is not None:
        skipped.append(path)
    return []


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _folder(path: Path, skipped: list[Path] | None) -> list[Envelope]:
    found: list[Envelope] = []
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):  # .DS_Store, editors' files, Maildir++ state
            continue
        found += _in_path(child, named=False, skipped=skipped)
    return found


def _file_kind(path: Path) -> str:
    """eml, mbox or "" — from the first bytes, with the name only as a hint."""
    if not path.exists():
        raise FileNotFoundError(2, _("没有这个文件或文件夹"))
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if head.startswith(MBOX_START):
        return "mbox"
    if path.suffix.lower() in MBOX_SUFFIXES and not head.strip():
        return "mbox"  # an empty mailbox: no messages, but no error either
    if path.suffix.lower() in MESSAGE_SUFFIXES or HEADER_LINE.match(head):
        return "eml"
    return ""


def _maildir(path: Path) -> list[Envelope]:
    """New and current messages (tmp/ holds deliveries still being written)."""
    source = f"maildir:{path}"
    found = []
    for subdir in ("new", "cur"):
        for entry in sorted(os.scandir(path / subdir), key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith("."):
                found.append(Envelope(source, f"{subdir}/{entry.name}", Path(entry.path).read_bytes))
    return found


def _mbox(path: Path) -> list[Envelope]:
    box = mailbox.mbox(path, factory=None, create=False)
    source = f"mbox:{path}"
    # Keys are positions in the file's table of contents; numbered from 1 for people.
    return [Envelope(source, str(number), _mbox_reader(box, key))
            for number, key in enumerate(sorted(box.keys()), start=1)]


def _mbox_reader(box: mailbox.mbox, key) -> Callable[[], bytes]:
    return lambda: box.get_bytes(key)

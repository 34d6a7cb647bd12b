"""Ingesting many messages with every core of the machine.

Most of a message's cost is reading it (MIME, charsets, archives, the form's
parse, libmagic, thumbnails), a pure function of its bytes; settling it is a
short transaction. `ingest_all` reads the messages ahead in worker processes
while this process stores and settles them one by one, in order, so each
outcome is the one `services.ingest` gives one message at a time.

The store-first rule holds: this process stores each message (`receive_raw`)
as it takes it from its source, before asking for the next (an IMAP mailbox
moves past a message only then) and before any worker reads it. A worker
never touches the database (its process starts fresh: spawned, not forked);
one that dies on a message (a crash in a C decoder, memory exhausted) takes
only that message's reading with it: the message is quarantined with the
reason, the others are read again.
"""

import dataclasses
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import django
from django.conf import settings
from django.utils import translation

from casebook.calls.models import Call
from casebook.documents.parsing import SectionSpec

from .message import DecodedMessage
from .models import InboundMessage
from .reading import Submission
from .routing import recipients
from .selectors import call_for_addresses
from .services import (
    Outcome,
    Reading,
    ReadingFailed,
    Unread,
    ingest,
    read_message,
    receive_raw,
    sections_of,
    settle,
    with_parts,
)
from .sources import RawMessage

# Messages read ahead per worker process: enough to keep it busy while this
# process settles, few enough that memory does not grow with the batch.
AHEAD_PER_WORKER = 4


class ReaderCrashed(ReadingFailed):
    """The process reading a message died: the message is quarantined with this reason."""

    def __init__(self):
        super().__init__("读取这封邮件的进程意外退出，可能是附件损坏或过大")


def ingest_all(raw_messages: Iterable[RawMessage], call: Call | None, *, workers: int) -> Iterator[Outcome]:
    """`services.ingest` each message of `raw_messages` in order, yielding its
    outcome as soon as it is settled. With `workers` > 1 the messages are read
    in `workers` - 1 processes ahead of this one, which stores and settles
    them; 1 reads them here."""
    call = with_parts(call)
    if workers <= 1:
        for raw_message in raw_messages:
            yield ingest(raw_message=raw_message, call=call)
        return
    with _ReadAhead(workers - 1) as ahead:
        for raw_message in raw_messages:
            ahead.add(raw_message, call)
            if len(ahead) > AHEAD_PER_WORKER * (workers - 1):
                yield ahead.settle_next()
        while len(ahead):
            yield ahead.settle_next()


@dataclasses.dataclass
class _Taken:
    """One message taken from its source and stored, its reading under way."""

    raw_message: RawMessage
    message: InboundMessage | None  # None: stored before, handled by `ingest` in its turn
    call: Call | None = None
    sections: tuple[SectionSpec, ...] = ()
    future: Future | None = None


class _ReadAhead:
    """The messages in hand, in order, and the processes reading them."""

    def __init__(self, processes: int):
        self.processes = processes
        self.taken: deque[_Taken] = deque()
        self.sections: dict[int | None, tuple[SectionSpec, ...]] = {}
        self.pool = self._start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.pool.shutdown(cancel_futures=True)

    def __len__(self):
        return len(self.taken)

    def _start(self) -> ProcessPoolExecutor:
        # Spawned, not forked: no database connection or lock is shared, and
        # the processes are this one's children (their CPU time is counted as its).
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=django.setup)

    def add(self, raw_message: RawMessage, call: Call | None) -> None:
        message, created = receive_raw(raw=raw_message.raw, source=raw_message.source,
                                       source_key=raw_message.source_key, call=call,
                                       arrived_at=raw_message.arrived_at)
        if not created:  # the same bytes again: whatever became of them, `ingest` says in turn
            self.taken.append(_Taken(raw_message, None, call))
            return
        # The call `process_message` will settle it in: a new message's row names only the one given.
        call = call or call_for_addresses(recipients(raw_message.raw))
        item = _Taken(raw_message, message, call, self._sections(call))
        item.future = self._submit(item)
        self.taken.append(item)

    def _sections(self, call: Call | None) -> tuple[SectionSpec, ...]:
        key = call.pk if call else None
        if key not in self.sections:
            self.sections[key] = tuple(SectionSpec(s.key, s.title, s.short_title, s.number, s.guidance)
                                       for s in sections_of(call))
        return self.sections[key]

    def _submit(self, item: _Taken) -> Future:
        try:
            return self.pool.submit(_read, item.raw_message.raw, item.sections)
        except BrokenProcessPool as error:  # a message in hand killed a reader: its turn tells which
            future = Future()
            future.set_exception(error)
            return future

    def settle_next(self) -> Outcome:
        item = self.taken.popleft()
        if item.message is None:
            return ingest(raw_message=item.raw_message, call=item.call)
        return settle(item.message, item.raw_message, call=item.call, reading=self._reading(item))

    def _reading(self, item: _Taken) -> Reading | Unread:
        try:
            return self._result(item, item.future)
        except BrokenProcessPool:
            # A message in hand killed its process, and the pool with it:
            # read alone, this one tells whether it was the one.
            self._restart()
            try:
                reading = self._result(item, self._submit(item))
            except BrokenProcessPool:
                self._restart()
                reading = Unread(item.call, ReaderCrashed())
            for other in self.taken:
                if other.future is not None:
                    other.future = self._submit(other)
            return reading

    @staticmethod
    def _result(item: _Taken, future: Future) -> Reading | Unread:
        try:
            decoded, submission = future.result()
        except BrokenProcessPool:
            raise
        except Exception as error:  # the reading's own error: `process_message` quarantines
            return Unread(item.call, error)
        return Reading(raw=item.raw_message.raw, decoded=decoded, submission=submission, call=item.call)

    def _restart(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.pool = self._start()


def _read(raw: bytes, sections: tuple[SectionSpec, ...]) -> tuple[DecodedMessage, Submission]:
    """In a worker: `services.read_message`, its reasons in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        reading = read_message(raw, None, sections=sections)
    return reading.decoded, reading.submission

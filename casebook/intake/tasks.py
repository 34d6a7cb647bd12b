"""Background jobs of the intake: polling the configured mailboxes, and finishing
messages a killed process left pending. Thin: they call the services."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from casebook.integrity.services import scans_deferred

from .imap import ImapMailbox, configured_mailboxes
from .selectors import pending_messages
from .services import ingest, process_message

# A message pending longer than this was left by a process that died (one
# message takes well under a minute); younger ones may still be in hand.
ABANDONED_AFTER = timedelta(minutes=10)


def _every_n_minutes():
    minutes = max(1, min(59, settings.INTAKE_IMAP_POLL_MINUTES))
    return crontab(minute=f"*/{minutes}")


@db_periodic_task(_every_n_minutes())
@lock_task("intake-poll-mailboxes")
def task_poll_mailboxes() -> None:
    """Read new mail from each configured mailbox (none: nothing to do), then
    finish what a killed run left. One poll at a time across all workers."""
    from casebook.calls.models import Call

    with scans_deferred():  # one near-duplicate scan per call for the whole poll
        for config, slug in configured_mailboxes():
            call = Call.objects.filter(slug=slug).first() if slug else None
            with ImapMailbox(config) as mailbox:
                for raw_message in mailbox:
                    ingest(raw_message=raw_message, call=call)
        finish_abandoned()


def finish_abandoned() -> int:
    """Process the messages left pending by a process that died; how many."""
    left = pending_messages().filter(updated_at__lt=timezone.now() - ABANDONED_AFTER)
    count = 0
    with scans_deferred():
        for message in left:
            process_message(message=message)
            count += 1
    return count

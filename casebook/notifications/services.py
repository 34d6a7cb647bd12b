from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationStatus


def queue_email(*, key: str, to: str, subject: str, body: str, call=None) -> Notification:
    """Put an email in the outbox once per `key` and send it after the
    transaction commits. Queuing the same key again returns the first one."""
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"to": to, "subject": subject, "body": body, "call": call},
    )
    if created:
        from .tasks import task_send_notification

        transaction.on_commit(lambda: task_send_notification(notification.pk))
    return notification


def send_notification(*, notification_id: int) -> Notification | None:
    """Send one queued email; a failure is kept on the row with its reason."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update()
                        .filter(pk=notification_id, status__in=[NotificationStatus.QUEUED,
                                                                NotificationStatus.FAILED])
                        .first())
        if notification is None:  # already sent, or gone
            return None
        notification.attempts += 1
        try:
            EmailMessage(notification.subject, notification.body, to=[notification.to]).send()
        except Exception as error:  # any transport failure: keep it for a retry
            notification.status = NotificationStatus.FAILED
            notification.error = f"{type(error).__name__}: {error}"
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.error = ""
        notification.save()
    return notification

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Notification, NotificationStatus
from .services import send_notification

MAX_ATTEMPTS = 5


@db_task()
def task_send_notification(notification_id: int) -> None:
    send_notification(notification_id=notification_id)


@db_periodic_task(crontab(minute="*/10"))
def task_retry_failed_notifications() -> None:
    """Failed sends stay in the outbox; the worker tries them again a few times."""
    for pk in Notification.objects.filter(status=NotificationStatus.FAILED,
                                          attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        send_notification(notification_id=pk)

from huey.contrib.djhuey import db_task

from casebook.calls.models import Call

from .services import scan_call


@db_task()
def task_scan_call(call_id: int) -> None:
    """Scan a call for near-duplicates (queued on commit after each submission)."""
    call = Call.objects.filter(pk=call_id).first()
    if call is not None:  # the call may be gone by the time the job runs
        scan_call(call=call)

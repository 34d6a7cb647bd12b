from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casebook.accounts.admin_base import CallScopedAdmin, ReadOnlyMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, CallScopedAdmin):
    """The audit trail, to read: services write it and nobody edits it."""

    list_display = ["occurred_at", "action", "subject_type", "subject_id", "actor", "call"]
    list_filter = ["action", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["action", "subject_type", "subject_id", "actor__email", "actor__name"]
    list_select_related = ["actor", "call"]
    date_hierarchy = "occurred_at"


admin.site.site_header = _("案例征集评选管理后台")
admin.site.site_title = _("管理后台")
admin.site.index_title = _("数据管理")

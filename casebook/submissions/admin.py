from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casebook.accounts.admin_base import CallScopedAdmin, ReadOnlyMixin, TabularInline

from .models import Attachment, Case, CaseUnit, EligibilityProblem, LateAccess

by_call = ("call", admin.RelatedOnlyFieldListFilter)
by_case_call = ("case__call", admin.RelatedOnlyFieldListFilter)


class CaseUnitInline(TabularInline):
    model = CaseUnit
    fields = ["order", "organization"]
    autocomplete_fields = ["organization"]


class AttachmentInline(ReadOnlyMixin, TabularInline):
    model = Attachment
    fields = ["kind", "original_name", "content_type", "size", "created_at"]
    readonly_fields = fields


class EligibilityProblemInline(ReadOnlyMixin, TabularInline):
    model = EligibilityProblem
    fields = ["code", "message", "overridden_at", "overridden_by", "override_reason"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(CallScopedAdmin):
    list_display = ["number", "title", "lead_organization", "call", "status", "channel",
                    "submitted_at"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "channel", by_call]
    search_fields = ["number", "title", "lead_organization__name", "summary"]
    list_select_related = ["lead_organization", "call"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["lead_organization"]
    # A status moves only through the services, which check the transition and
    # write the audit trail: the admin shows it and never sets it.
    readonly_fields = ["status", "status_reason", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["call", "number", "title", "lead_organization", "domain",
                           "start_date", "channel", "submitted_at", "declaration_accepted"]}),
        (_("状态"), {"fields": ["status", "status_reason"]}),
        (_("申报书内容"), {"fields": ["summary", "sections"]}),
        (_("记录"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CaseUnitInline, AttachmentInline, EligibilityProblemInline]


@admin.register(CaseUnit)
class CaseUnitAdmin(CallScopedAdmin):
    call_path = "case__call"
    part_of, part_of_path = "submissions.case", "case"
    list_display = ["organization", "case", "order"]
    search_fields = ["organization__name", "case__title", "case__number"]
    list_select_related = ["organization", "case"]
    autocomplete_fields = ["case", "organization"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyMixin, CallScopedAdmin):
    """Stored files keep their checksum and sniffed type: uploads go through the services."""

    call_path = "case__call"
    part_of, part_of_path = "submissions.case", "case"
    list_display = ["original_name", "kind", "case", "content_type", "size", "created_at"]
    list_filter = ["kind", by_case_call]
    search_fields = ["original_name", "sha256", "case__title", "case__number"]
    list_select_related = ["case"]


@admin.register(EligibilityProblem)
class EligibilityProblemAdmin(ReadOnlyMixin, CallScopedAdmin):
    """Found by the eligibility run; overriding one needs a written reason (the service)."""

    call_path = "case__call"
    part_of, part_of_path = "submissions.case", "case"
    list_display = ["case", "code", "detected_at", "overridden_at", "overridden_by"]
    list_filter = ["code", by_case_call]
    search_fields = ["case__title", "case__number", "message"]
    list_select_related = ["case", "overridden_by"]


@admin.register(LateAccess)
class LateAccessAdmin(ReadOnlyMixin, CallScopedAdmin):
    """Granted through the service, which records who decided and why."""

    part_of, part_of_path = "calls.call", "call"
    list_display = ["organization", "call", "until", "granted_by", "reason"]
    list_filter = [by_call]
    search_fields = ["organization__name", "reason"]
    list_select_related = ["organization", "call", "granted_by"]

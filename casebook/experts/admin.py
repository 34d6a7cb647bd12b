from django.contrib import admin

from casebook.accounts.admin_base import CallScopedAdmin, ReadOnlyMixin, RulesModelAdmin
from casebook.organizations.models import OrganizationLink

from .models import CallExpert, ConflictOfInterest, Expert


@admin.register(Expert)
class ExpertAdmin(RulesModelAdmin):
    list_display = ["name", "title", "affiliation", "province", "email", "user"]
    list_filter = ["province"]
    search_fields = ["name", "email", "affiliation__name"]
    list_select_related = ["affiliation", "user"]
    autocomplete_fields = ["affiliation", "user"]


@admin.register(CallExpert)
class CallExpertAdmin(ReadOnlyMixin, CallScopedAdmin):
    """The pools, to read: the secretariat invites and imports on the experts page."""

    list_display = ["expert", "call", "status", "invited_at", "answered_at"]
    list_filter = ["status", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["expert__name", "expert__email"]
    list_select_related = ["expert", "call"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyMixin, CallScopedAdmin):
    """Conflicts, to read: they are refreshed and added on the conflicts page (audited)."""

    list_display = ["case", "expert", "source", "kind", "reason", "created_by", "created_at"]
    list_filter = ["source", "kind", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case__number", "case__title", "expert__name"]
    list_select_related = ["case", "expert", "created_by"]


# The organisation graph serves the conflicts only, so it is edited here; superusers
# only until the organizations app gives it rules of its own.
@admin.register(OrganizationLink)
class OrganizationLinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    search_fields = ["source__name", "target__name"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]

from django.contrib import admin

from casebook.accounts.admin_base import CallScopedAdmin, ReadOnlyMixin

from .models import SimilarityMatch


@admin.register(SimilarityMatch)
class SimilarityMatchAdmin(ReadOnlyMixin, CallScopedAdmin):
    """Pairs found by the scans, to read: decisions are taken on the integrity page."""

    list_display = ["case_a", "case_b", "jaccard", "containment", "reference", "same_unit",
                    "status", "found_at"]
    list_filter = ["status", "reference", "same_unit", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case_a__number", "case_a__title", "case_b__number", "case_b__title"]
    list_select_related = ["case_a", "case_b"]

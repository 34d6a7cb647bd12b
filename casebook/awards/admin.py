from django.contrib import admin

from casebook.accounts.admin_base import CallScopedAdmin

from .models import Award


@admin.register(Award)
class AwardAdmin(CallScopedAdmin):
    call_path = "category__call"
    list_display = ["category", "rank", "case", "organization", "verification_code"]
    list_filter = [("category__call", admin.RelatedOnlyFieldListFilter), "category__kind"]
    search_fields = ["case__title", "case__number", "organization__name", "category__name",
                     "verification_code"]
    # Until certificates are printed by the system, the secretariat reads the code here.
    readonly_fields = ["verification_code"]
    list_select_related = ["category", "case", "organization"]
    autocomplete_fields = ["case", "organization"]

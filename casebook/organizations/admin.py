from django.contrib import admin

from casebook.accounts.admin_base import RulesModelAdmin, TabularInline
from casebook.accounts.selectors import organizations_of_managed_calls

from .models import Membership, Organization, UnitType


@admin.register(UnitType)
class UnitTypeAdmin(RulesModelAdmin):
    list_display = ["name", "key", "description", "order"]
    search_fields = ["name", "key"]


class MembershipInline(TabularInline):
    model = Membership
    fields = ["user", "is_admin", "confirmed"]
    autocomplete_fields = ["user"]


class OrganizationScopedAdmin(RulesModelAdmin):
    """Non-superusers see the units that applied to the calls they manage."""

    unit_path = ""  # from the model to its Organization

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.unit_path}__in" if self.unit_path else "pk__in"
        return queryset.filter(**{lookup: organizations_of_managed_calls(request.user)})


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    # The credit code is checked by Organization.clean (GB 32100-2015), whose
    # Chinese messages the form shows next to the field.
    list_display = ["name", "credit_code", "province", "city", "unit_type", "contact_name"]
    list_filter = ["province", "unit_type"]
    search_fields = ["name", "name_key", "credit_code", "contact_name", "contact_email"]
    list_select_related = ["unit_type"]
    fields = ["name", "credit_code", "province", "city", "unit_type",
              ("contact_name", "contact_phone", "contact_email")]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    unit_path = "organization"
    list_display = ["user", "organization", "is_admin", "confirmed", "created_at"]
    list_filter = ["is_admin", "confirmed"]
    search_fields = ["user__email", "user__name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
    part_of, part_of_path = "organizations.organization", "organization"

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .admin_base import RulesModelAdmin
from .models import User
from .selectors import people_of_managed_calls


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "phone")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(RulesModelAdmin, auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("个人信息"), {"fields": ["name", "phone"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                "user_permissions"]}),
        (_("重要日期"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"],
                "fields": ["email", "name", "phone", "usable_password", "password1",
                           "password2"]}),
    ]
    list_display = ["email", "name", "phone", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name", "phone"]
    ordering = ["email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or _is_autocomplete(request):
            return queryset
        return queryset.filter(pk__in=people_of_managed_calls(request.user).values("pk"))


def _is_autocomplete(request) -> bool:
    # The secretariat picks experts and members from all users by email or name
    # (the widget shows a name, nothing more); the user list itself stays
    # limited to the people of its own calls.
    match = request.resolver_match
    return bool(match) and match.url_name == "autocomplete"

"""Admin classes that answer permissions from the rules and scope rows by call.

A secretariat member is a staff user with no Django model permissions: what
they may see and edit comes from their CallStaff roles through the rules in each
app's rules.py. Superusers see everything.
"""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from casebook.calls.models import Call
from casebook.organizations.models import Organization

from .rules import follow
from .selectors import calls_managed_by, organizations_of_managed_calls


def choices_for(model, user):
    """Rows of `model` a non-superuser may pick in a form, or None when unrestricted
    (users: the secretariat adds experts and members from everyone registered)."""
    if model is Call:
        return calls_managed_by(user)
    if model is Organization:
        return organizations_of_managed_calls(user)
    if any(f.name == "call" for f in model._meta.concrete_fields):
        return model._default_manager.filter(call__in=calls_managed_by(user))
    return None


class ScopedChoicesMixin:
    """Foreign-key choices limited to the user's calls (a section of *their* call)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            queryset = choices_for(db_field.related_model, request.user)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RulesModelAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Permissions asked of the rules, with the object when there is one."""

    part_of: str | None = None
    """"app_label.model" whose view/change permissions cover this model's rows,
    for rows that are part of another object (a case's co-organising units)."""
    part_of_path = ""  # from a row to that object

    def permission_for(self, action: str, obj) -> tuple[str, object]:
        """The permission to ask and the object to ask it on."""
        if self.part_of is None:
            return f"{self.opts.app_label}.{action}_{self.opts.model_name}", obj
        app_label, model_name = self.part_of.split(".")
        codename = "view" if action == "view" else "change"
        return f"{app_label}.{codename}_{model_name}", follow(obj, self.part_of_path)

    def _may(self, request, action: str, obj=None) -> bool:
        perm, target = self.permission_for(action, obj)
        return request.user.has_perm(perm, target)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_add_permission(self, request):
        return self._may(request, "add")

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)


class CallScopedAdmin(RulesModelAdmin):
    """A model that belongs to a call: non-superusers see the rows of the calls they manage."""

    call_path = "call"  # from the model to its Call; "" for the Call itself

    def scope(self, queryset, user):
        lookup = f"{self.call_path}__in" if self.call_path else "pk__in"
        return queryset.filter(**{lookup: calls_managed_by(user)})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else self.scope(queryset, request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Another call's row answers like a missing one: no redirect that hints it exists.
            raise Http404(_("没有找到这条记录，或者您无权查看。"))
        return obj


class CallPartAdmin(CallScopedAdmin):
    """Part of a call's configuration: editing it is changing the call."""

    list_select_related = ["call"]
    part_of = "calls.call"

    @property
    def part_of_path(self):
        return self.call_path


class ParentScopedInline(ScopedChoicesMixin):
    """Rows edited inline are as visible and editable as the object they belong to."""

    def _parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)


class TabularInline(ParentScopedInline, admin.TabularInline):
    extra = 0


class StackedInline(ParentScopedInline, admin.StackedInline):
    extra = 0


class ReadOnlyMixin:
    """Rows that only services write (audit trail, stored files, recorded
    decisions): the admin shows them to whoever may view them, and that is all."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

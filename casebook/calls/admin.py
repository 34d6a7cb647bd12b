from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from casebook.accounts.admin_base import (
    CallPartAdmin,
    CallScopedAdmin,
    StackedInline,
    TabularInline,
)
from casebook.core.regions import Province

from . import models

by_call = ("call", admin.RelatedOnlyFieldListFilter)


class CallForm(forms.ModelForm):
    eligible_provinces = forms.MultipleChoiceField(
        label=_("可申报省份"), choices=Province.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("不选表示不限省份。"),
    )

    class Meta:
        model = models.Call
        fields = ["eligible_provinces", "eligible_unit_types"]  # CallAdmin's fieldsets add the rest
        widgets = {"eligible_unit_types": forms.CheckboxSelectMultiple}


class OrganiserInline(TabularInline):
    model = models.Organiser
    fields = ["order", "name", "role"]


class ContactInline(TabularInline):
    model = models.Contact
    fields = ["order", "name", "phone", "email", "note"]


class SectionInline(StackedInline):
    model = models.Section
    fields = [("order", "number", "key"), ("title", "short_title"), "guidance",
              ("min_chars", "max_chars")]


class EvidenceRequirementInline(TabularInline):
    model = models.EvidenceRequirement
    fields = ["order", "kind", "label", "required", "description"]


class DomainInline(TabularInline):
    model = models.Domain
    fields = ["order", "key", "name", "parent"]


class RoundInline(TabularInline):
    model = models.Round
    fields = ["order", "key", "name", "kind", "blind", "reviewers_per_case"]
    show_change_link = True  # criteria are edited on the round's own page


class StageInline(TabularInline):
    model = models.Stage
    fields = ["order", "key", "name", "starts_on", "ends_on", "round"]


class AwardCategoryInline(TabularInline):
    model = models.AwardCategory
    fields = ["order", "key", "name", "kind", "quota", "description"]


class CallDocumentInline(TabularInline):
    model = models.CallDocument
    fields = ["order", "title", "file", "generator", "description"]


class CallStaffInline(TabularInline):
    model = models.CallStaff
    fields = ["user", "role"]
    autocomplete_fields = ["user"]


@admin.register(models.Call)
class CallAdmin(CallScopedAdmin):
    form = CallForm
    call_path = ""
    list_display = ["title", "slug", "phase_display", "opens_at", "deadline_display",
                    "published", "case_count"]
    list_filter = ["published", "web_submission", "blind_review"]
    search_fields = ["title", "short_title", "slug", "theme"]
    date_hierarchy = "opens_at"
    fieldsets = [
        (_("基本信息"), {"fields": [
            "title", "short_title", "title_en", "slug", "case_number_prefix", "theme",
            "summary", "notice", "host_introduction", "published", "source_url",
        ]}),
        (_("时间"), {"fields": ["opens_at", "closes_at", "extended_until"]}),
        (_("申报条件"), {"fields": [
            "eligible_provinces", "eligible_unit_types", "eligibility_text",
            "max_cases_per_unit", "min_running_months",
        ]}),
        (_("申报要求"), {"fields": [
            "case_requirements", "writing_requirements", "integrity_clause",
        ]}),
        (_("申报方式"), {"fields": [
            "web_submission", "submission_instructions", "intake_emails",
            "email_subject_format",
        ]}),
        (_("评审与结果"), {"fields": [
            "blind_review", "results_published_at", "results_title", "results_intro",
            "reported_submission_count", "publication_note",
        ]}),
    ]
    inlines = [
        OrganiserInline, ContactInline, SectionInline, EvidenceRequirementInline,
        DomainInline, RoundInline, StageInline, AwardCategoryInline, CallDocumentInline,
        CallStaffInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("阶段"))
    def phase_display(self, call):
        return call.phase().label

    @admin.display(description=_("截止时间"), ordering="closes_at")
    def deadline_display(self, call):
        return call.deadline

    @admin.display(description=_("案例数"), ordering="case_count")
    def case_count(self, call):
        return call.case_count


@admin.register(models.CallStaff)
class CallStaffAdmin(CallPartAdmin):
    list_display = ["user", "role", "call"]
    list_filter = ["role", by_call]
    search_fields = ["user__email", "user__name", "call__title"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "call"]


@admin.register(models.Organiser)
class OrganiserAdmin(CallPartAdmin):
    list_display = ["name", "role", "call", "order"]
    list_filter = ["role", by_call]
    search_fields = ["name", "call__title"]


@admin.register(models.Contact)
class ContactAdmin(CallPartAdmin):
    list_display = ["name", "phone", "email", "note", "call"]
    list_filter = [by_call]
    search_fields = ["name", "phone", "email"]


@admin.register(models.Section)
class SectionAdmin(CallPartAdmin):
    list_display = ["__str__", "key", "min_chars", "max_chars", "call", "order"]
    list_filter = [by_call]
    search_fields = ["title", "key", "guidance"]


@admin.register(models.EvidenceRequirement)
class EvidenceRequirementAdmin(CallPartAdmin):
    list_display = ["label", "kind", "required", "call"]
    list_filter = ["kind", "required", by_call]
    search_fields = ["label", "description"]


@admin.register(models.Domain)
class DomainAdmin(CallPartAdmin):
    list_display = ["name", "key", "parent", "call", "order"]
    list_filter = [by_call]
    search_fields = ["name", "key", "description"]
    list_select_related = ["parent", "call"]


class CriterionInline(TabularInline):
    model = models.Criterion
    fields = ["order", "key", "name", "description", "weight", "max_score"]


@admin.register(models.Round)
class RoundAdmin(CallPartAdmin):
    list_display = ["name", "key", "kind", "blind", "reviewers_per_case", "call", "order"]
    list_filter = ["kind", "blind", by_call]
    search_fields = ["name", "key"]
    inlines = [CriterionInline]


@admin.register(models.Criterion)
class CriterionAdmin(CallPartAdmin):
    call_path = "round__call"
    list_display = ["name", "key", "weight", "max_score", "round", "order"]
    list_filter = [("round__call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "key", "description"]
    list_select_related = ["round"]


@admin.register(models.Stage)
class StageAdmin(CallPartAdmin):
    list_display = ["name", "key", "starts_on", "ends_on", "round", "call"]
    list_filter = [by_call]
    search_fields = ["name", "key"]


@admin.register(models.AwardCategory)
class AwardCategoryAdmin(CallPartAdmin):
    list_display = ["name", "key", "kind", "quota", "call"]
    list_filter = ["kind", by_call]
    search_fields = ["name", "key"]


@admin.register(models.CallDocument)
class CallDocumentAdmin(CallPartAdmin):
    list_display = ["title", "generator", "file", "call"]
    list_filter = ["generator", by_call]
    search_fields = ["title", "description"]

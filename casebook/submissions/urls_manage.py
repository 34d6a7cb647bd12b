"""The secretariat's pages, under /manage/<call slug>/."""

from django.urls import path

from .views import secretariat

app_name = "manage"
urlpatterns = [
    path("<slug:slug>/cases/", secretariat.case_list, name="cases"),
    path("<slug:slug>/cases/<str:ref>/", secretariat.case_detail, name="case"),
    path("<slug:slug>/cases/<str:ref>/recheck/", secretariat.recheck_case, name="recheck_case"),
    path("<slug:slug>/cases/<str:ref>/problems/<slug:code>/override/",
         secretariat.override_problem, name="override_problem"),
    path("<slug:slug>/cases/<str:ref>/ruling/", secretariat.rule_on_case, name="rule_on_case"),
    path("<slug:slug>/cases/<str:ref>/confirm-unit/", secretariat.confirm_lead_unit,
         name="confirm_lead_unit"),
    path("<slug:slug>/deadline/", secretariat.deadline, name="deadline"),
    path("<slug:slug>/deadline/extend/", secretariat.extend, name="extend"),
    path("<slug:slug>/deadline/late-access/", secretariat.grant_late_access,
         name="grant_late_access"),
    path("<slug:slug>/recheck/", secretariat.recheck_all, name="recheck_all"),
]

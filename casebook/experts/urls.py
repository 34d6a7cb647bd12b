"""The secretariat's experts pages under /manage/<call slug>/experts/, and the
invited expert's page under /experts/."""

from django.urls import path

from .views import expert, secretariat

app_name = "experts"
urlpatterns = [
    path("manage/<slug:slug>/experts/", secretariat.pool, name="pool"),
    path("manage/<slug:slug>/experts/add/", secretariat.add, name="add"),
    path("manage/<slug:slug>/experts/<int:pk>/invite/", secretariat.invite, name="invite"),
    path("manage/<slug:slug>/experts/template.xlsx", secretariat.sheet_template, name="template"),
    path("manage/<slug:slug>/experts/import/", secretariat.import_sheet, name="import"),
    path("manage/<slug:slug>/experts/conflicts/", secretariat.conflicts, name="conflicts"),
    path("manage/<slug:slug>/experts/conflicts/refresh/", secretariat.refresh_conflicts,
         name="refresh_conflicts"),
    path("manage/<slug:slug>/experts/conflicts/add/", secretariat.add_conflict, name="add_conflict"),
    path("experts/invitations/<str:token>/", expert.invitation, name="invitation"),
]

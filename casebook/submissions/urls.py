from django.urls import include, path

from .views import applicant

app_name = "submissions"
urlpatterns: list = [
    path("", applicant.my_cases, name="mine"),
    path("new/<slug:slug>/", applicant.create, name="create"),
    path("<int:pk>/", applicant.detail, name="detail"),
    path("<int:pk>/edit/", applicant.edit, name="edit"),
    path("<int:pk>/submit/", applicant.submit, name="submit"),
    path("<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    # Evidence files and the receipt (casebook.submissions.views.attachments, .receipt).
    path("", include("casebook.submissions.urls_attachments")),
]

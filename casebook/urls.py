from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("casebook.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calls/", include("casebook.calls.urls")),
    path("units/", include("casebook.organizations.urls")),
    path("cases/", include("casebook.submissions.urls")),
    path("manage/", include("casebook.submissions.urls_manage")),
    path("manage/", include("casebook.intake.urls")),
    path("manage/", include("casebook.integrity.urls")),
    path("manage/", include("casebook.review.urls")),
    path("", include("casebook.experts.urls")),
    path("awards/", include("casebook.awards.urls")),
    path("", include("casebook.publishing.urls")),
]

if settings.STORAGE_BACKEND == "local":
    # Public call documents only; case attachments get their own checked views.
    urlpatterns.append(
        path("media/calls/documents/<path:path>", serve,
             {"document_root": settings.MEDIA_ROOT / "calls" / "documents"}),
    )

"""The inbox pages, mounted under /manage/ beside the secretariat's case pages:
a call's inbox at /manage/<call slug>/inbox/, the mail that found no call
(superusers) at /manage/inbox/unassigned/."""

from django.urls import include, path

from . import views

app_name = "intake"

# The same pages for a call's messages and for those of no call.
message_patterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.message, name="message"),
    path("<int:pk>/raw/", views.raw_message, name="raw"),
    path("<int:pk>/attachments/<int:index>/", views.attachment, name="attachment"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/assign/", views.assign, name="assign"),
]

urlpatterns = [
    path("inbox/unassigned/", include(message_patterns), {"slug": None}),
    path("<slug:slug>/inbox/", include(message_patterns)),
]

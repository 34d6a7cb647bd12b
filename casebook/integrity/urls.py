"""The secretariat's integrity pages, under /manage/<call slug>/."""

from django.urls import path

from . import views

app_name = "integrity"
urlpatterns = [
    path("<slug:slug>/integrity/", views.match_list, name="matches"),
    path("<slug:slug>/integrity/scan/", views.scan, name="scan"),
    path("<slug:slug>/integrity/<int:pk>/", views.match_detail, name="match"),
    path("<slug:slug>/integrity/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<slug:slug>/cases/<str:ref>/disqualify/", views.disqualify, name="disqualify"),
]

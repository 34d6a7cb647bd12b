"""The secretariat's review pages under /manage/<call slug>/review/<round key>/."""

from django.urls import path

from .views import secretariat

app_name = "review"
urlpatterns = [
    path("<slug:slug>/review/<slug:key>/assignment/", secretariat.assignment, name="assignment"),
    path("<slug:slug>/review/<slug:key>/assignment/solve/", secretariat.solve, name="solve"),
    path("<slug:slug>/review/<slug:key>/assignment/<int:pk>/pin/", secretariat.pin, name="pin"),
    path("<slug:slug>/review/<slug:key>/assignment/<int:pk>/swap/", secretariat.swap, name="swap"),
]

from django.urls import path

from .views import public

app_name = "calls"
urlpatterns = [
    path("<slug:slug>/", public.notice, name="notice"),
    path("<slug:slug>/results/", public.results, name="results"),
    path("<slug:slug>/documents/<int:pk>/", public.document, name="document"),
]

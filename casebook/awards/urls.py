from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]

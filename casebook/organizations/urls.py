from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.my_units, name="mine"),
    path("new/", views.register, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/requests/<int:membership_pk>/", views.answer_request, name="answer_request"),
]

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("mijn/", views.my_courses, name="my_courses"),
]

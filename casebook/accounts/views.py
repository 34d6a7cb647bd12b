from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import dashboard_for


@login_required
def home(request):
    """The signed-in person's page: what each of their roles has to do."""
    return render(request, "accounts/home.html", {"dashboard": dashboard_for(request.user)})

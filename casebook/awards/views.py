"""Public pages of the awards app: checking a certificate by its code (证书查验)."""

from django.shortcuts import redirect, render

from . import selectors
from .forms import VerifyForm


def verify_form(request):
    """A code typed in: a well-formed one goes to its page, which answers for it."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("awards:verify", code=form.cleaned_data["code"])
    return render(request, "awards/verify_form.html", {"form": form})


def verify(request, code):
    verification = selectors.verify_award(code)
    if verification is None:
        return render(request, "awards/verify_not_found.html",
                      {"code": code, "form": VerifyForm()}, status=404)
    return render(request, "awards/verify.html", {"verification": verification, "form": VerifyForm()})

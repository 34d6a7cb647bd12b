"""Public pages of the publishing app: the home page and the archive search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from casebook.calls.selectors import calls_for_home

from . import selectors
from .forms import SearchForm

HITS_PER_PAGE = 20


def home(request):
    return render(request, "publishing/home.html", {"calls": calls_for_home()})


def search(request):
    form = SearchForm(request.GET, filters=selectors.search_filters())
    result = page = None
    if form.is_valid():
        data = form.cleaned_data
        result = selectors.search_published_cases(
            query=data["q"], call=data["call"], category=data["category"], domain=data["domain"],
        )
        page = Paginator(result.hits, HITS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "result": result, "page": page}
    response = render(request, _search_template(request), context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _search_template(request) -> str:
    """htmx swaps in just the results; a history restore needs the whole page."""
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request")
    return "publishing/_search_results.html" if partial else "publishing/search.html"

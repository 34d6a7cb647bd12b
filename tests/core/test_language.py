from django.conf import settings
from django.utils.translation import get_language


def _language_of(rf, **cookies):
    from casebook.core.middleware import ChineseFirstLocaleMiddleware

    seen = {}

    def view(request):
        seen["language"] = get_language()
        from django.http import HttpResponse

        return HttpResponse()

    request = rf.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    request.COOKIES.update(cookies)
    ChineseFirstLocaleMiddleware(view)(request)
    return seen["language"]


def test_an_english_browser_still_gets_chinese(rf):
    assert _language_of(rf) == "zh-hans"


def test_the_language_switcher_cookie_chooses_english(rf):
    assert _language_of(rf, **{settings.LANGUAGE_COOKIE_NAME: "en"}) == "en"


def test_an_unknown_language_cookie_falls_back_to_chinese(rf):
    assert _language_of(rf, **{settings.LANGUAGE_COOKIE_NAME: "fr"}) == "zh-hans"

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Speak Simplified Chinese unless the visitor chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, but many
    office PCs in China run English-language browsers; the audience reads
    Chinese, so only an explicit choice (the language cookie set by the switcher)
    changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

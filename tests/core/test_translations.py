"""The English catalogue: complete, compiled, and what an English visitor sees.

Source strings are Simplified Chinese; English lives in
casebook/locale/en/LC_MESSAGES/django.po and is served from the compiled
django.mo beside it. The .mo is checked for agreement with the .po entry by
entry rather than by file times, which a fresh checkout does not keep.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file as {"msgid", "msgid_plural"?, "msgstr" | "msgstr[n]", "flags"}.

    Uses polib when it is installed; otherwise a small reader that is enough for
    what makemessages writes (no obsolete or previous-msgid lines are needed).
    """
    try:
        import polib
    except ImportError:
        polib = None
    if polib is not None:
        entries = []
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            item = {"msgid": entry.msgid, "flags": list(entry.flags)}
            if entry.msgid_plural:
                item["msgid_plural"] = entry.msgid_plural
                item.update({f"msgstr[{n}]": text for n, text in entry.msgstr_plural.items()})
            else:
                item["msgstr"] = entry.msgstr
            entries.append(item)
        return entries

    entries, current, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current is not None and "msgid" in current:
                entries.append(current)
            current, key = None, None
            continue
        current = current if current is not None else {"flags": []}
        if line.startswith("#~"):
            current = {"flags": [], "obsolete": True}
            continue
        if line.startswith("#,"):
            current["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _space, quoted = line.partition(" ")
            current[key] = ast.literal_eval(quoted)
    return [entry for entry in entries if entry["msgid"] and not entry.get("obsolete")]


@pytest.fixture(scope="module")
def po_entries():
    return read_po(MESSAGES / "django.po")


@pytest.fixture(scope="module")
def mo_catalogue():
    with open(MESSAGES / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests and translation.activate() leave a language set on the thread."""
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


def _msgstrs(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_po_file_has_entries(po_entries):
    assert len(po_entries) > 300


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    untranslated = [entry["msgid"] for entry in po_entries
                    if not all(text.strip() for text in _msgstrs(entry))]
    fuzzy = [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders_of_their_source(po_entries):
    wrong = []
    for entry in po_entries:
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in _msgstrs(entry):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file(po_entries, mo_catalogue):
    """A .po edited without running compilemessages (make messages) fails here."""
    stale = []
    for entry in po_entries:
        if "msgid_plural" in entry:
            compiled = [mo_catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                        for n in (1, 2)]
            expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            compiled = [mo_catalogue.gettext(entry["msgid"])]
            expected = [entry["msgstr"]]
        if compiled != expected:
            stale.append((entry["msgid"], compiled, expected))
    assert stale == []


def test_key_strings_read_in_english():
    with translation.override("en"):
        assert _("案例检索") == "Case search"
        assert _("评选活动") == "Competition"
        assert _("申报单位") == "Applicant unit"
        assert _("组委会") == "Secretariat"
        assert _("评审专家") == "Expert reviewer"
        assert ngettext("共找到 %(count)s 个案例", "共找到 %(count)s 个案例", 1) % {"count": 1} \
            == "1 case found"
        assert ngettext("共找到 %(count)s 个案例", "共找到 %(count)s 个案例", 3) % {"count": 3} \
            == "3 cases found"
    with translation.override("zh-hans"):
        assert _("案例检索") == "案例检索"


def test_english_dates_are_unambiguous():
    import datetime as dt

    from casebook.core.templatetags.casebook import cn_date

    with translation.override("en"):
        assert cn_date(dt.date(2023, 9, 30)) == "2023-09-30"
        assert cn_date(dt.date(2024, 1, 5)) == "2024-01-05"
    with translation.override("zh-hans"):
        assert cn_date(dt.date(2023, 9, 30)) == "2023年9月30日"


@pytest.mark.django_db
def test_the_language_cookie_shows_the_home_page_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert ">Case search</a>" in page
    assert ">Home</a>" in page
    assert "案例检索" not in page


@pytest.mark.django_db
def test_without_the_cookie_the_home_page_is_chinese(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="zh-CN">' in page
    assert ">案例检索</a>" in page
    assert "Case search" not in page

"""Verification codes: unguessable, unambiguous on paper, one per award."""

import re

import pytest

from casebook.awards.codes import ALPHABET, new_verification_code, normalise_verification_code
from tests.factories import AwardCategoryFactory, AwardFactory

CODE = re.compile(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}")


def test_the_alphabet_has_no_look_alikes():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("01OI") & set(ALPHABET)


def test_new_codes_are_twelve_characters_of_the_alphabet_and_differ():
    codes = [new_verification_code() for _ in range(2000)]

    assert all(CODE.fullmatch(code) for code in codes)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(("typed", "stored"), [
    ("7kq4m9txh2wc", "7KQ4M9TXH2WC"),
    (" 7KQ4-M9TX-H2WC ", "7KQ4M9TXH2WC"),
    ("７ｋｑ４　ｍ９ｔｘ－ｈ２ｗｃ", "7KQ4M9TXH2WC"),  # typed with a Chinese input method
])
def test_typed_codes_are_normalised(typed, stored):
    assert normalise_verification_code(typed) == stored


@pytest.mark.django_db
def test_each_award_gets_its_own_code_when_created():
    category = AwardCategoryFactory()
    awards = AwardFactory.create_batch(20, category=category)

    codes = [award.verification_code for award in awards]
    assert all(CODE.fullmatch(code) for code in codes)
    assert len(set(codes)) == 20

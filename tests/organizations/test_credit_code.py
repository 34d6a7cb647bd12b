"""Unified social credit codes (统一社会信用代码, GB 32100-2015)."""

import pytest
from django.core.exceptions import ValidationError

from casebook.organizations import credit_code
from casebook.organizations.models import Organization
from casebook.organizations.validators import validate_credit_code

# Codes published by real organisations (business licences on their websites).
REAL_CODES = ["91330100799655058B", "9144030071526726XG", "91110000100006485K"]


def full_width(text: str) -> str:
    """As typed with a Chinese input method in full-width mode."""
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


def messages(code, **kwargs) -> list[str]:
    return [p.message for p in credit_code.problems(code, **kwargs)]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_valid(code):
    assert credit_code.problems(code) == []
    assert credit_code.problems(code, province=code[2:4]) == []
    validate_credit_code(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_every_single_wrong_character_is_caught(code):
    """GB 32100's weights (3^i mod 31) make any one substitution change the sum."""
    for position in range(17):
        for other in credit_code.ALPHABET:
            if other == code[position]:
                continue
            typo = code[:position] + other + code[position + 1:]
            assert "check" in {p.code for p in credit_code.problems(typo)}, typo


def test_a_copying_mistake_names_the_check_character():
    # 3301 → 3201: still a well-formed division code, so only the check character tells.
    assert messages("91320100799655058B") == ["最后一位校验码不正确，请核对是否抄错。"]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_left_out_of_the_alphabet_are_rejected(letter):
    code = "9133010079965505" + letter + "B"

    assert messages(code) == [
        f"统一社会信用代码含有不允许的字符：{letter}（不使用 I、O、S、V、Z）。"
    ]


@pytest.mark.parametrize(("code", "length"), [("9133010079965505", 16),
                                               ("91330100799655058B1", 19), ("", 0)])
def test_the_length_must_be_18(code, length):
    assert messages(code) == [f"统一社会信用代码应为18位，当前为{length}位。"]


def test_full_width_input_and_spaces_are_normalised():
    assert credit_code.normalise("９１３３ ０１００ ７９９６５５０５８ｂ") == "91330100799655058B"
    assert credit_code.normalise(" 9144030071526726xg\n") == "9144030071526726XG"
    assert credit_code.normalise(full_width("91110000100006485K")) == "91110000100006485K"
    validate_credit_code(full_width("91110000100006485K"))


def test_a_code_registered_in_another_province_is_reported_in_chinese():
    assert messages("91330100799655058B", province="31") == [
        "第3至8位行政区划码 330100 不属于所选省份（应以 31 开头）。"
    ]


def test_the_division_code_must_be_digits():
    first17 = "91A30100799655058"
    code = first17 + credit_code.check_character(first17)

    assert messages(code) == ["第3至8位行政区划码应为数字。"]


def test_the_organisation_codes_own_check_character_is_verified():
    # Digit 17 is the GB 11714 check of digits 9–16 (79965505 → 8). A 9 there with
    # the final check character recomputed passes the outer check, not the inner one.
    first17 = "91330100799655059"
    code = first17 + credit_code.check_character(first17)

    assert credit_code.organisation_code_check("79965505") == "8"
    assert messages(code) == ["第9至17位组织机构代码的校验位不正确。"]


def test_the_organisation_code_check_uses_x_for_ten():
    assert credit_code.organisation_code_check("71526726") == "X"


def test_the_form_validator_keeps_each_problems_code():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91330100799655058C")

    assert caught.value.messages == ["最后一位校验码不正确，请核对是否抄错。"]
    assert [e.code for e in caught.value.error_list] == ["check"]


@pytest.mark.django_db
def test_organization_full_clean_reports_the_credit_code_in_chinese():
    unit = Organization(name="杭州市示例区卫生健康局", province="33",
                        credit_code="91330100799655058C")

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert caught.value.message_dict["credit_code"] == ["最后一位校验码不正确，请核对是否抄错。"]


@pytest.mark.django_db
def test_organization_full_clean_checks_the_province_and_normalises():
    unit = Organization(name="示例单位", province="31",
                        credit_code=full_width("91330100799655058b"))

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert caught.value.message_dict["credit_code"] == [
        "第3至8位行政区划码 330100 不属于所选省份（应以 31 开头）。"
    ]
    assert unit.credit_code == "91330100799655058B"

"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), organisation type (1),
administrative division (6, GB/T 2260), organisation code (9, GB 11714, with its
own check character) and a check character over the first 17. The alphabet
leaves out I, O, S, V and Z so that codes survive handwriting.
"""

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ...
_ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True)
class CreditCodeProblem:
    code: str
    message: str


def normalise(raw: str) -> str:
    """Upper-case, drop spaces and turn full-width characters half-width."""
    text = "".join(
        chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in (raw or "")
    )
    return "".join(text.split()).upper()


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check(first8: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first8, _ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def problems(code: str, *, province: str | None = None) -> list[CreditCodeProblem]:
    """Everything wrong with `code`, in the order a person would fix it."""
    if len(code) != 18:
        return [CreditCodeProblem("length", f"统一社会信用代码应为18位，当前为{len(code)}位。")]
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return [CreditCodeProblem(
            "alphabet",
            f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）。",
        )]
    found = []
    if not code[2:8].isdigit():
        found.append(CreditCodeProblem("division", "第3至8位行政区划码应为数字。"))
    elif province and code[2:4] != province:
        found.append(CreditCodeProblem(
            "province",
            f"第3至8位行政区划码 {code[2:8]} 不属于所选省份（应以 {province} 开头）。",
        ))
    if code[16] != organisation_code_check(code[8:16]):
        found.append(CreditCodeProblem("organisation_code", "第9至17位组织机构代码的校验位不正确。"))
    if code[17] != check_character(code[:17]):
        found.append(CreditCodeProblem("check", "最后一位校验码不正确，请核对是否抄错。"))
    return found

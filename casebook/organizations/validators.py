from django.core.exceptions import ValidationError

from . import credit_code


def validate_credit_code(value: str) -> None:
    found = credit_code.problems(credit_code.normalise(value))
    if found:
        raise ValidationError([p.message for p in found], code=found[0].code)

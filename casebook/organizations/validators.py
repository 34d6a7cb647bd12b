from django.core.exceptions import ValidationError

from . import credit_code


def validate_credit_code(value: str) -> None:
    found = credit_code.problems(credit_code.normalise(value))
    if found:
        # One error per problem, each keeping its code (a list of plain strings loses them).
        raise ValidationError([ValidationError(p.message, code=p.code) for p in found])

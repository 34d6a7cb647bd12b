"""Award.verification_code, step 1: the column, nullable, and a code for every
award already on record. Step 2 (0004) makes it required and unique: on
PostgreSQL the rows written here must be committed before that ALTER TABLE, so
the two steps are separate migrations (each runs in its own transaction)."""

import secrets

from django.db import migrations, models

# Frozen copy of casebook.awards.codes as it was when this migration was written.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12


def fill_codes(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    taken = set(Award.objects.exclude(verification_code=None).values_list("verification_code", flat=True))
    awards = list(Award.objects.filter(verification_code=None).only("pk"))
    for award in awards:
        code = None
        while code is None or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        taken.add(code)
        award.verification_code = code
    Award.objects.bulk_update(awards, ["verification_code"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0002_award_revoked'),
    ]

    operations = [
        migrations.AddField(
            model_name='award',
            name='verification_code',
            field=models.CharField(editable=False, max_length=12, null=True, verbose_name='证书编号'),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop, elidable=True),
    ]

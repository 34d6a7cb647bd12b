"""Evidence upload and receipt timings.

Stores a phone-sized JPEG photo (12 MP, about 5 MB, EXIF-rotated) through
`store_attachment` (hash, libmagic sniff, thumbnail, storage write, row, audit,
eligibility) and renders the receipt PDF with WeasyPrint, each several times on
a throw-away SQLite database, and prints the median and the slowest run.

    python bench/uploads.py [--runs 5] [--json]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def _timed(function, runs: int) -> dict:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return {"median_ms": round(statistics.median(seconds) * 1000, 1),
            "max_ms": round(max(seconds) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="casebook-bench-media-"))
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)

    from casebook.submissions.enums import CaseStatus
    from casebook.submissions.receipts import build_receipt, render_receipt_pdf
    from casebook.submissions.uploads import store_attachment
    from tests.factories import CaseFactory, MembershipFactory, SectionFactory
    from tests.factories.files import jpeg_bytes, upload

    photo = jpeg_bytes((4000, 3000), orientation=6, noise=True, quality=55)
    member = MembershipFactory()
    case = CaseFactory(lead_organization=member.organization, status=CaseStatus.DRAFT)
    for key in ("background", "measures", "outcomes", "outlook"):
        SectionFactory(call=case.call, key=key, min_chars=300)

    def store_photo():
        # A fresh byte at the end keeps the SHA-256 new, so no run is a duplicate.
        data = photo + os.urandom(8)
        store_attachment(case=case, kind="photo", uploaded_file=upload("现场.jpg", data),
                         actor=member.user)

    upload_figures = _timed(store_photo, args.runs)
    # The first render in a process loads WeasyPrint and the CJK fonts.
    first = _timed(lambda: render_receipt_pdf(build_receipt(case)), 1)
    pdf_figures = _timed(lambda: render_receipt_pdf(build_receipt(case)), args.runs)
    figures = {"photo_bytes": len(photo), "photo_pixels": "4000x3000",
               "store_photo": upload_figures, "receipt_pdf": pdf_figures,
               "receipt_pdf_first_in_process": first}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"照片 {len(photo) / 1024 / 1024:.1f} MB（4000×3000，EXIF 旋转）"
              f" 上传+缩略图：中位 {upload_figures['median_ms']} ms，最慢 {upload_figures['max_ms']} ms")
        print(f"回执 PDF：进程内首次 {first['max_ms']} ms；"
              f"之后中位 {pdf_figures['median_ms']} ms，最慢 {pdf_figures['max_ms']} ms")


if __name__ == "__main__":
    main()

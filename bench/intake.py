"""Email intake throughput and memory.

For each N, on a fresh database (a SQLite file, and PostgreSQL too when
DATABASE_URL is set): generates N messages as units send them into a Maildir —
the call's own application form (.docx, filled in), two JPEG photos of about
200 KB, in mixed encodings (UTF-8; GBK under a gb2312 label, with encoded,
raw 8-bit and RFC 2231 filenames; Big5 subjects and filenames; RFC 2231
continuations) — then ingests them through the intake pipeline and prints
messages per second and peak memory. Generation is not timed.

    python bench/intake.py [--n 1000 10000] [--workers 2] [--json] [--breakdown]
                           [--run-jobs] [--tracemalloc] [--profile FILE]
                           [--what-if thumbnails-later]

Each phase runs in a process of its own, so that the ingest's peak resident
memory (getrusage maxrss) is the ingest's alone. Besides the rate, each run
reports the CPU time per message (this process and its workers), which
holds when other work shares the machine and the rate does not.

The ingest is `casebook intake`'s own: `batch.ingest_all` with --workers K
(1: `services.ingest` per message, in this process; K > 1: the messages
read — MIME, charsets, archives, the form's parse, libmagic, thumbnails — in
K-1 worker processes while this process stores and settles each in order).

--breakdown times the pipeline's stages and counts SQL statements per
message. --what-if patches in a proposed fix for the run, to measure it
before it is made (see WHAT_IF); its figures are not the shipped code's.

Jobs the pipeline queues on commit (the reply email, the call's integrity
scan) are queued as production queues them for its workers and not run;
--run-jobs runs them in-process as the embedded default does.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUG = "yrd-health-4"
PHOTO_SIZE = (1024, 768)
# One encoding style per message, in turn: (charset, header style, filename style).
STYLES = [
    ("utf-8", "b", "rfc2231"),
    ("gb2312", "b", "rfc2047"),  # Foxmail, Outlook: GBK bytes, B words in quotes
    ("gb2312", "raw", "raw"),  # old clients: raw 8-bit GBK header and filenames
    ("big5", "b", "rfc2231-continuation"),  # Hong Kong, Taiwan
    ("utf-8", "split", "rfc2231-continuation"),  # webmail cutting words mid-character
]


# --- The parent: one prepare and one ingest process per N and database -----------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=1,
                        help="1: one process; K: K-1 reading processes and this one writing")
    parser.add_argument("--json", action="store_true", help="one JSON line per run")
    parser.add_argument("--run-jobs", action="store_true",
                        help="run queued jobs (reply email, integrity scan) in-process")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace the Python heap's peak (slows the ingest)")
    parser.add_argument("--what-if", nargs="+", default=[], choices=sorted(WHAT_IF),
                        help="measure proposed fixes, patched in for this run only: "
                             + "; ".join(f"{name}: {fix.__doc__}" for name, fix in WHAT_IF.items()))
    parser.add_argument("--breakdown", action="store_true",
                        help="time the pipeline's stages and count SQL statements per message")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of the ingest to FILE (the last run's)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"prepare": _prepare, "ingest": _ingest}[args.child](args)
        return
    databases = [("sqlite", None)]
    if os.environ.get("DATABASE_URL"):
        databases.append(("postgresql", os.environ["DATABASE_URL"]))
    for n in args.n:
        for engine, url in databases:
            result = _run(n, engine, url, args)
            print(json.dumps(result, ensure_ascii=False) if args.json else _line(result),
                  flush=True)


def _run(n: int, engine: str, url: str | None, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="casebook-bench-intake-") as folder:
        database = _create_database(url, folder)
        try:
            env = {**os.environ, "DATABASE_URL": database, "CASEBOOK_DATA_DIR": folder,
                   "SECRET_KEY": "bench-" + "x" * 40, "HTTPS": "false", "JOB_BACKEND": "inprocess",
                   "EMAIL_URL": "dummymail://", "DJANGO_SETTINGS_MODULE": "casebook.settings"}
            common = [sys.executable, __file__, "--folder", folder, "--n", str(n),
                      "--workers", str(args.workers)]
            flags = [flag for flag, on in (("--run-jobs", args.run_jobs),
                                           ("--tracemalloc", args.tracemalloc)) if on]
            if args.what_if:
                flags += ["--what-if", *args.what_if]
            if args.breakdown:
                flags.append("--breakdown")
            if args.profile:
                flags += ["--profile", args.profile]
            prepared = _child([*common, "--child", "prepare"], env)
            result = _child([*common, "--child", "ingest", *flags], env)
        finally:
            _drop_database(url, database)
    return {"n": n, "database": engine, "workers": args.workers, "what_if": args.what_if,
            **prepared, **result}


def _child(command: list[str], env: dict) -> dict:
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _create_database(url: str | None, folder: str) -> str:
    if url is None:
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    base, _slash, _name = url.rpartition("/")
    name = f"casebook_bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _drop_database(url: str | None, database: str) -> None:
    if url is None:
        return
    import psycopg

    base, _slash, name = database.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _line(result: dict) -> str:
    statuses = "、".join(f"{status} {count}" for status, count in result["statuses"].items())
    heap = (f"，Python 堆峰值 {result['tracemalloc_peak_mb']} MB"
            if "tracemalloc_peak_mb" in result else "")
    what_if = f" what-if={','.join(result['what_if'])}" if result["what_if"] else ""
    breakdown = "".join(f"\n    {name:<48} {value:>7}" for name, value in
                        result.get("breakdown_ms", {}).items())
    return (f"N={result['n']:>6} {result['database']:<10} workers={result['workers']}{what_if}："
            f"{result['rate']:.1f} 封/秒（{result['seconds']:.1f} 秒，"
            f"每封 CPU {result['cpu_ms_per_message']} ms），"
            f"峰值内存 {result['maxrss_mb']} MB{heap}；"
            f"内存 {' → '.join(str(mb) for mb in result['rss_mb'])} MB；"
            f"生成 {result['generated_mb']} MB 用时 {result['generate_seconds']} 秒；{statuses}"
            + breakdown)


# --- Proposed fixes, measured before they are made -------------------------------------------


def _thumbnails_later() -> None:
    """Each photo is decoded and a thumbnail encoded while the message is read;
    they could be made when first shown instead. (Measures the intake without
    them: the check that an image decodes goes too.)"""
    from casebook.submissions import uploads

    uploads.make_thumbnail = lambda image_file, *, name: None


WHAT_IF = {"thumbnails-later": _thumbnails_later}


# --- Prepare: database, call, messages ---------------------------------------------------


def _setup_django() -> None:
    import django

    django.setup()


def _prepare(args) -> None:
    _setup_django()
    from django.core.management import call_command

    from casebook.calls.models import Call
    from casebook.calls.seeding import load_seed_calls
    from casebook.documents.application_form import build_application_form

    call_command("migrate", verbosity=0)
    load_seed_calls(original_timeline=True)
    template = _placeholder_form(build_application_form(Call.objects.get(slug=SLUG)))
    maildir = Path(args.folder) / "maildir"
    for part in ("cur", "new", "tmp"):
        (maildir / part).mkdir(parents=True)
    started = time.perf_counter()
    from concurrent.futures import ProcessPoolExecutor

    n = args.n[0]
    chunks = [range(start, min(start + 250, n)) for start in range(0, n, 250)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sizes = list(pool.map(_write_messages, [(maildir, template, chunk) for chunk in chunks]))
    print(json.dumps({"generate_seconds": round(time.perf_counter() - started, 1),
                      "generated_mb": round(sum(sizes) / 2**20)}))


# Placeholders typed into the template once; each message replaces them in document.xml.
TOKENS = {"title": "@@TITLE@@", "unit": "@@UNIT@@", "code": "@@CODE@@", "email": "@@EMAIL@@",
          "number": "@@N@@"}
FIELDS = {"案例名称": TOKENS["title"], "申报单位": TOKENS["unit"], "合作单位": "@@UNIT@@疾病预防控制中心",
          "统一社会信用代码": TOKENS["code"], "所在省份": "上海市", "单位类型": "卫生健康委员会",
          "项目开始时间": "2021年3月", "联系人": "王晓明", "联系电话": "021-58881234",
          "电子邮箱": TOKENS["email"]}
SENTENCES = {
    "一": "本区常住人口约120万，60岁及以上老年人口占比达28.6%，高血压、糖尿病患者超过20万人，"
          "慢病规范管理率长期在60%左右，第@@N@@号案例由此起步。",
    "二": "在居委会和园区设置健康驿站86个，居民刷医保卡即可测量血压、血糖，检测数据实时上传区健康信息平台，"
          "异常结果推送给家庭医生，形成“驿站—中心—医院”联动机制。",
    "三": "驿站累计服务居民52万人次，高血压规范管理率由61%提高到78%，糖尿病规范管理率由58%提高到74%，"
          "居民满意度达到96.3%。",
    "四": "基层治理与健康服务融合是提高慢病管理可及性的有效途径，下一步将推进驿站智能化改造，"
          "把更多慢病纳入管理。",
}


def _placeholder_form(template: bytes) -> bytes:
    """The call's form filled in as a unit does in Word (the table and four
    sections of 5 paragraphs), with placeholders where each message differs."""
    from io import BytesIO

    import docx

    document = docx.Document(BytesIO(template))
    for row in document.tables[0].rows:
        row.cells[1].text = FIELDS.get(row.cells[0].text, "")
    paragraphs = list(document.paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.style.name == "Heading 1" and paragraph.text[:1] in SENTENCES:
            blank = next(p for p in paragraphs[index + 1:] if not p.text)
            for _ in range(5):
                blank.insert_paragraph_before(SENTENCES[paragraph.text[:1]] * 2)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _filled_form(template: bytes, values: dict[str, str]) -> bytes:
    import zipfile
    from io import BytesIO
    from xml.sax.saxutils import escape

    source, out = zipfile.ZipFile(BytesIO(template)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                for key, token in TOKENS.items():
                    text = text.replace(token, escape(values[key]))
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _photos() -> list[bytes]:
    """Eight distinct Pillow JPEGs of 1024×768 and about 200 KB each, which
    compress and decode like phone photos sent at reduced size (a smooth
    scene with sensor noise)."""
    import random
    from io import BytesIO

    from PIL import Image

    photos = []
    for seed in range(8):
        scene = Image.frombytes("RGB", (32, 24), random.Random(seed).randbytes(32 * 24 * 3))
        scene = scene.resize(PHOTO_SIZE, Image.BICUBIC)
        noisy = Image.blend(scene, Image.effect_noise(PHOTO_SIZE, 40).convert("RGB"), 0.25)
        out = BytesIO()
        noisy.save(out, "JPEG", quality=80)
        photos.append(out.getvalue())
    return photos


def _unique_jpeg(photo: bytes, label: str) -> bytes:
    """The photo with a JPEG comment (COM segment) naming it: a file of its own,
    as every unit's photos are, and still a valid JPEG."""
    comment = label.encode("utf-8")
    return photo[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + photo[2:]


def _write_messages(job) -> int:
    import datetime as dt

    from tests.factories.organizations import make_credit_code
    from tests.intake.mails import DOCX, Attachment, build_message

    maildir, template, numbers = job
    photos = _photos()
    written = 0
    for n in numbers:
        charset, header_style, filename_style = STYLES[n % len(STYLES)]
        big5 = charset == "big5"
        unit_number = n // 2  # two cases per unit, the YRD quota
        title = (f"社區健康治理創新實踐{n:05d}" if big5 else f"社区健康治理创新实践{n:05d}")
        unit = (f"台北市第{unit_number}區衛生所" if big5 else f"上海市第{unit_number}社区卫生服务中心")
        email = f"unit{unit_number}@example.cn"
        form = _filled_form(template, {"title": title, "unit": unit, "email": email,
                                       "code": make_credit_code(unit_number + 10), "number": str(n)})
        files = [Attachment(f"{title}{'申報書' if big5 else '申报书'}.docx", form, DOCX,
                            filename_style, charset)]
        files += [Attachment(f"现场照片{k}.jpg" if not big5 else f"現場照片{k}.jpg",
                             _unique_jpeg(photos[(n + k) % len(photos)], f"{n}-{k}"),
                             "image/jpeg", filename_style, charset) for k in (1, 2)]
        received = dt.datetime(2023, 9, 20, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        raw = build_message(
            subject=f"{title}+{unit}", sender=("申報聯絡人" if big5 else "申报联系人", email),
            charset=charset,
            header_encoding=header_style,
            body=("您好！附件是我單位的案例申報書及照片，請查收。" if big5
                  else "您好！附件是我单位的案例申报书及照片，请查收。"),
            attachments=files, message_id=f"<{n}.bench@mail.example.cn>",
            received=[received + dt.timedelta(seconds=10 * n)])
        (Path(maildir) / "new" / f"{1695168000 + n}.{n}.bench").write_bytes(raw)
        written += len(raw)
    return written


# --- Ingest ----------------------------------------------------------------------------------


def _ingest(args) -> None:
    import resource

    _setup_django()
    from casebook.calls.models import Call
    from casebook.intake.sources import find_messages

    if not args.run_jobs:
        _queue_jobs_without_running()
    for name in args.what_if:
        WHAT_IF[name]()
    stages = _Stages() if args.breakdown else None
    call = Call.objects.get(slug=SLUG)
    envelopes = find_messages([Path(args.folder) / "maildir"])
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    profiler = _profiler(args.profile)
    started, cpu = time.perf_counter(), _cpu_seconds()
    statuses, rss = _ingest_all(envelopes, call, args.workers)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    result = {"seconds": round(seconds, 2), "rate": round(len(envelopes) / seconds, 1),
              "cpu_ms_per_message": round(cpu * 1000 / max(1, len(envelopes)), 1),
              "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "rss_mb": rss, "statuses": dict(sorted(statuses.items())), **_counts(call)}
    if args.tracemalloc:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    if stages:
        result["breakdown_ms"] = stages.per_message(len(envelopes))
    print(json.dumps(result))


# Where a message's time goes: (label, module, function), nested stages indented.
STAGES = [
    ("receive_raw (store the bytes, the row)", "casebook.intake.services", "receive_raw"),
    ("decode_message", "casebook.intake.services", "decode_message"),
    ("read_submission (form parse, libmagic)", "casebook.intake.services", "read_submission"),
    ("  parse_application_form", "casebook.intake.reading", "parse_application_form"),
    ("_settle (one transaction)", "casebook.intake.services", "_settle"),
    ("  save_case", "casebook.submissions.services", "save_case"),
    ("  _store_evidence", "casebook.intake.services", "_store_evidence"),
    ("    inspect_upload (sha256, libmagic)", "casebook.submissions.uploads", "inspect_upload"),
    ("      make_thumbnail", "casebook.submissions.uploads", "make_thumbnail"),
    ("    _refuse_duplicate", "casebook.submissions.uploads", "_refuse_duplicate"),
    ("  record_case_received", "casebook.submissions.services", "record_case_received"),
    ("    run_eligibility", "casebook.submissions.services", "run_eligibility"),
    ("  _finish (status, audit, reply)", "casebook.intake.services", "_finish"),
    ("    queue_reply", "casebook.intake.services", "queue_reply"),
    ("record_event (all)", "casebook.core.services", "record_event"),
]


class _Stages:
    """Wall time spent in each of STAGES (inclusive), and SQL statements run."""

    def __init__(self):
        import importlib

        from django.db import connection

        self.seconds = {label: 0.0 for label, _module, _name in STAGES}
        self.queries = 0
        importlib.import_module("casebook.intake.batch")  # which imports some stages by name
        for label, module_name, name in STAGES:
            module = importlib.import_module(module_name)
            self._everywhere(getattr(module, name), self._timed(label, getattr(module, name)))
        connection.execute_wrappers.append(self._count)

    def _timed(self, label, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
        return timed

    @staticmethod
    def _everywhere(function, timed):
        """`timed` instead of `function` in every module that imported it by name."""
        for module in list(sys.modules.values()):
            if not getattr(module, "__name__", "").startswith("casebook."):
                continue
            for name, value in list(vars(module).items()):
                if value is function:
                    setattr(module, name, timed)

    def _count(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def per_message(self, n: int) -> dict:
        times = {label: round(seconds * 1000 / max(1, n), 1) for label, seconds in self.seconds.items()}
        return {**times, "SQL statements per message": round(self.queries / max(1, n), 1)}


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished workers: what a message
    costs, whatever else the machine is doing meanwhile."""
    import resource

    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF),
                             resource.getrusage(resource.RUSAGE_CHILDREN)))


def _profiler(path: str | None):
    if not path:
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _queue_jobs_without_running() -> None:
    """Jobs queued on commit go to an in-memory queue that is emptied as it
    fills, as a production worker would take them; they are not run here."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False


def _drain_jobs() -> None:
    from huey.contrib.djhuey import HUEY

    if not HUEY.immediate:
        HUEY.storage.flush_queue()


class _Progress:
    """Resident memory at each quarter of the run, and a line on stderr now and then."""

    def __init__(self, total: int):
        self.total, self.done, self.rss = total, 0, []
        self.marks = {max(1, total * q // 4) for q in (1, 2, 3, 4)}
        self.started = time.perf_counter()

    def step(self) -> None:
        self.done += 1
        if self.done % 100 == 0:
            _drain_jobs()
        if self.done in self.marks:
            self.rss.append(_rss_mb())
            rate = self.done / (time.perf_counter() - self.started)
            print(f"  {self.done}/{self.total}  {rate:.1f}/s  rss {self.rss[-1]} MB",
                  file=sys.stderr, flush=True)


def _rss_mb() -> int:
    with open("/proc/self/statm") as statm:
        return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)


def _ingest_all(envelopes, call, workers):
    """What `casebook intake --call SLUG --workers K PATH` does."""
    from collections import Counter

    from casebook.intake.batch import ingest_all

    statuses, progress = Counter(), _Progress(len(envelopes))
    for outcome in ingest_all((envelope.read() for envelope in envelopes), call, workers=workers):
        statuses[outcome.status] += 1
        progress.step()
    return statuses, progress.rss


def _counts(call) -> dict:
    from casebook.submissions.models import Attachment

    return {"cases": call.cases.count(),
            "attachments": Attachment.objects.filter(case__call=call).count()}


if __name__ == "__main__":
    main()

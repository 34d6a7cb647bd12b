"""Converting office files with LibreOffice headless (.doc/.wps → .docx, .docx → .pdf …).

Each conversion runs its own soffice with a private user profile in a
temporary folder: soffice processes sharing a profile wait on each other's
lock or hand the job to the first one, so parallel web workers and job
workers would collide.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

SOFFICE_NAMES = ("soffice", "libreoffice")
# A cold start with a fresh profile takes a few seconds; a form that takes
# minutes is broken or hostile.
DEFAULT_TIMEOUT = 120


class ConversionError(Exception):
    """LibreOffice is missing or could not convert the file; the message is
    one Chinese line naming the problem."""


def soffice_path() -> str | None:
    return next(filter(None, map(shutil.which, SOFFICE_NAMES)), None)


def convert(data: bytes, *, suffix: str, target: str = "docx", label: str | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """`data`, a file of the type `suffix` (".doc", ".rtf", ".docx" …), converted
    to `target` (a LibreOffice --convert-to argument such as "docx" or "pdf").

    `label` names the file type in error messages (".doc/.wps"); the suffix by default.
    """
    label = label or suffix.lower()
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(_("未安装 LibreOffice，无法读取 %(label)s 文件") % {"label": label})
    with tempfile.TemporaryDirectory(prefix="casebook-convert-") as folder:
        work = Path(folder)
        source = work / f"source{suffix.lower()}"
        source.write_bytes(data)
        outdir = work / "out"
        _run(_command(soffice, work, source, outdir, target), timeout=timeout)
        produced = list(outdir.glob("source.*"))
        if not produced:
            raise ConversionError(
                _("LibreOffice 无法转换该 %(label)s 文件，文件可能已损坏或设置了密码")
                % {"label": label})
        return produced[0].read_bytes()


def _command(soffice: str, work: Path, source: Path, outdir: Path, target: str) -> list[str]:
    return [
        soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
        "--convert-to", target, "--outdir", str(outdir), str(source),
    ]


def _run(command: list[str], *, timeout: float) -> None:
    try:
        # Its own process group: soffice starts soffice.bin, and a timeout must
        # end both, not leave a converter running per stuck upload.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        raise ConversionError(_("无法启动 LibreOffice：%(error)s") % {"error": error}) from error
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionError(_("LibreOffice 转换超时（超过 %(seconds)s 秒）")
                              % {"seconds": f"{timeout:g}"}) from error

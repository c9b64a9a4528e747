"""The LMS exports built from the banks."""

from __future__ import annotations

import io
import time
import zipfile

from tests.unit.test_bank import GOOD_SINGLE, HEAD, load
from textbook import export_lms
from textbook.bank import Library


def test_the_qti_package_is_the_same_bytes_whenever_it_is_built(tmp_path, monkeypatch):
    bank, errors = load(tmp_path, HEAD + GOOD_SINGLE)
    assert errors == []
    library = Library({bank.path: bank})
    first, report = export_lms.qti_package(library, lambda text: text)
    later = time.localtime(time.time() + 3 * 86400)
    monkeypatch.setattr(zipfile.time, "localtime", lambda *_: later)  # a build three days later
    again, _ = export_lms.qti_package(library, lambda text: text)
    assert again == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.namelist() == ["bank-01/bank-01.xml", "imsmanifest.xml", "qti-report.txt"]
        assert package.testzip() is None
        assert package.read("qti-report.txt").decode("utf-8") == report
        assert b"Which?" in package.read("bank-01/bank-01.xml")
        assert all(info.external_attr >> 16 == 0o644 for info in package.infolist())

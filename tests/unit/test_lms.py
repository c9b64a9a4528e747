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


def test_gift_escapes_its_special_characters_in_every_field(tmp_path):
    question = """\
  - id: q1
    type: single
    objectives: [o1]
    prompt: "Which: {this} = that?"
    options:
      - text: "A ~ one"
        correct: true
        feedback: "Because #1."
      - text: B
        feedback: "Not: B."
    explanation: "See 50% = half."
"""
    bank, errors = load(tmp_path, HEAD + question)
    assert errors == []
    text = export_lms.gift(Library({bank.path: bank}), lambda s: s)
    assert (
        "::q1::[html]Which\\: \\{this\\} \\= that? {\n"
        "\t=A \\~ one#Because \\#1.\n"
        "\t~B#Not\\: B.\n"
        "\t####See 50% \\= half.\n"
        "}"
    ) in text
    assert "$CATEGORY: $course$/The Therapeutic Alliance/Chapter 01 A chapter" in text

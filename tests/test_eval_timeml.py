"""TimeML reading and the TimeBank acceptance check for find_dates."""

from __future__ import annotations

import io
import tarfile

import pytest

from eventwire.evaluate.timeml import evaluate, iter_timeml, parse_timeml

SAMPLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>sample_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-04-12" functionInDocument="CREATION_TIME">04/12/2001</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> Bunia <TIMEX3 tid="t1" type="DATE" value="2001-04-10">Tuesday</TIMEX3>
after <TIMEX3 tid="t2" type="DURATION" value="P3M">three months</TIMEX3> of calm &amp; talks.
</TEXT>
</TimeML>
"""


def test_parse_timeml_offsets():
    doc = parse_timeml("sample_1", SAMPLE)
    assert doc.dct == "2001-04-12"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Tuesday", "DATE", "2001-04-10"),
        ("three months", "DURATION", "P3M"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "calm & talks" in doc.text


def test_evaluate_on_a_tar(tmp_path):
    path = tmp_path / "mini.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = SAMPLE.encode("utf-8")
        info = tarfile.TarInfo("mini/sample_1.tml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert [d.id for d in iter_timeml(path)] == ["sample_1"]
    report = evaluate(str(path))
    assert report["relaxed"]["f1"] == 1.0
    assert report["strict"]["f1"] == 1.0
    assert report["date_value_accuracy"] == 1.0


@pytest.mark.shared
def test_timebank_floors(shared_dir):
    """A 40-document subset of the TimeBank dev set stays above the issue's floors."""
    report = evaluate(str(shared_dir / "eval" / "dev" / "timebank.tar.gz"), limit=40)
    assert report["documents"] == 40
    assert report["relaxed"]["f1"] >= 0.85
    assert report["date_value_accuracy"] >= 0.85

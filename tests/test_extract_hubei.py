"""hubei-2019.txt gives sections 三 and 四 only in prose, for two scopes at once."""

import pytest

from govaudit import extract
from tests.conftest import corpus_file

ROWS = [
    # key, 全省, 省本级 (corpus README and the report's line 88)
    ("new_received", 9378, 1730),
    ("carried_over", 139, 10),
    ("total_processed", 9355, 1675),
    ("carried_forward", 159, 38),
    ("granted", 4689, 792),
    ("partially_granted", 611, 201),
    ("withheld.state_secret", 57, 7),
    ("withheld.prohibited_by_law", 22, 5),
    ("withheld.security_stability", 51, 9),
    ("withheld.third_party", 92, 11),
    ("withheld.internal_affairs", 67, 9),
    ("withheld.process_info", 72, 8),
    ("withheld.enforcement_file", 61, 9),
    ("withheld.inquiry", 80, 5),
    ("unavailable.not_held", 2300, 477),
    ("unavailable.needs_creation", 61, 16),
    ("unavailable.unclear", 46, 5),
    ("not_processed.petition", 347, 44),
    ("not_processed.duplicate", 305, 11),
    ("not_processed.publication", 6, 6),
    ("not_processed.excessive", 20, 2),
    ("not_processed.confirmation", 11, 0),
    ("other", 446, 58),
]
T4 = [
    ("review.total", 443, 40),
    ("review.upheld", 232, 27),
    ("review.corrected", 63, 7),
    ("review.other", 90, 3),
    ("review.pending", 59, 4),
    ("litigation.total", 453, 20),
    ("suit_direct.total", 344, 5),
    ("suit_direct.upheld", 170, 5),
    ("suit_direct.corrected", 42, 0),
    ("suit_direct.other", 94, 0),
    ("suit_direct.pending", 38, 0),
    ("suit_after_review.total", 109, 15),
    ("suit_after_review.upheld", 63, 12),
    ("suit_after_review.corrected", 1, 0),
    ("suit_after_review.other", 24, 1),
    ("suit_after_review.pending", 21, 2),
]


@pytest.fixture(scope="module")
def hubei():
    return extract(corpus_file("hubei-2019.txt"))


def test_sections_title_year_issuer(hubei):
    seg = hubei.segmentation
    assert [(s.number, s.title, s.location.line) for s in seg.sections] == [
        ("一", "总体情况", 12),
        ("二", "行政机关主动公开政府信息情况", 81),
        ("三", "行政机关收到和处理政府信息公开申请情况", 86),
        ("四", "因政府信息公开工作被申请行政复议、提起行政诉讼情况", 91),
        ("五", "政府信息公开工作存在的问题及改进情况", 96),
        ("六", "其他需要报告的事项", 115),
    ]
    assert (seg.year, seg.issuer, seg.issuer_kind, seg.profile) == (2019, "湖北省", "government", "2019")
    assert seg.published == "2019-07-07"
    assert seg.stats_period is None
    assert hubei.tables == {"t2": [], "t3": [], "t4": []}


@pytest.mark.parametrize("prefix,rows", [("t3", ROWS), ("t4", T4)])
def test_every_prose_figure_for_both_scopes(hubei, prefix, rows):
    text = {(f.key, f.scope): f for f in hubei.facts if f.source == "text"}
    for row, whole, own in rows:
        key = f"{prefix}.{row}.total" if prefix == "t3" else f"{prefix}.{row}"
        assert text[(key, "全省")].value == whole, key
        assert text[(key, "省本级")].value == own, key
        assert text[(key, "全省")].location.line == (88 if prefix == "t3" else 93)


def test_prose_facts_are_located_to_the_column(hubei):
    facts = {(f.key, f.scope): f for f in hubei.facts}
    first = facts[("t3.new_received.total", "全省")]
    assert (first.location.line, first.location.column) == (88, 17)  # 9378 begins at character 17
    own = facts[("t4.review.total", "省本级")]
    assert (own.location.line, own.location.column) == (93, 24)  # (省本级40件): 40 at 24
    assert facts[("t3.carried_over.total", "全省")].raw == "上年结转139份"


def test_library_lookup_by_key_and_scope(hubei):
    assert hubei.get("t3.new_received.total", scope="全省").value == 9378
    assert hubei.get("t4.review.total", scope="省本级", source="text").value == 40
    assert hubei.get("t3.new_received.total") is None  # no scope-less figure in this report
    assert hubei.get("t3.new_received.total", scope="全省", source="table") is None


def test_no_stray_prose_facts(hubei):
    keys = [(f.key, f.scope) for f in hubei.facts]
    assert len(keys) == len(set(keys)) == 2 * (len(ROWS) + len(T4))

"""The summary page in a real browser: headless Chromium driven over the
DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ending
in NUL on file descriptors 3 and 4), so no websocket library, no port and
no Node are needed.

Skipped where Chromium is absent, unless CI is set: then it must run.
Debian packages: chromium, fonts-noto-cjk (without the fonts Chinese renders as boxes).
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import corpus_file

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
    "--window-size=1280,900",
)


def chromium_path() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI 环境中没有 chromium：请安装 Debian 软件包 chromium 和 fonts-noto-cjk")
    pytest.skip("没有 chromium（Debian：apt-get install chromium fonts-noto-cjk），跳过浏览器测试")


class Browser:
    """A minimal DevTools client: send commands, collect events."""

    def __init__(self, executable: str, profile: Path):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Move the child's ends above 10 so that placing them on 3 and 4 cannot clobber each other.
        child_in, child_out = _high(to_chrome_r), _high(from_chrome_w)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def place_pipes():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # our own fds are close-on-exec; 3 and 4 must survive
            preexec_fn=place_pipes,
        )
        os.close(child_in)
        os.close(child_out)
        self.write_fd, self.read_fd = to_chrome_w, from_chrome_r
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium 没有在时限内应答")
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if ready:
                chunk = os.read(self.read_fd, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium 已退出")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read_message(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.write_fd)
        os.close(self.read_fd)


def _high(fd: int) -> int:
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 11)


def open_page(browser: Browser, url: str) -> str:
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page"):
        browser.send(f"{domain}.enable", session=session)
    browser.send(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session
    )
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired")
    return session


def evaluate(browser: Browser, session: str, expression: str):
    result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    if "exceptionDetails" in result:
        raise AssertionError(f"页面脚本出错：{result['exceptionDetails']}")
    return result["result"].get("value")


def cjk_glyphs(browser: Browser, session: str, selector: str) -> tuple[int, list]:
    """(glyphs drawn with a CJK font, all fonts used) in the first element matching `selector`."""
    browser.send("DOM.enable", session=session)
    browser.send("CSS.enable", session=session)
    root = browser.send("DOM.getDocument", session=session)["root"]["nodeId"]
    node = browser.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session=session)["nodeId"]
    fonts = browser.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
    cjk = [f for f in fonts if re.search(r"CJK|Han|Hei|Song|Ming|Kai|WenQuanYi|PingFang|YaHei|SC|TC|JP", f["familyName"])]
    return sum(f["glyphCount"] for f in cjk), fonts


def console_errors(browser: Browser) -> list[str]:
    errors = []
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(json.dumps(params["exceptionDetails"], ensure_ascii=False)[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append(json.dumps(params.get("args"), ensure_ascii=False)[:300])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            errors.append(params["entry"].get("text", "")[:300])  # CSP refusals land here
    return errors


HOSTILE = """# <script>window.pwned=1</script>示例\"><img src=x onerror="window.pwned=2">县人民政府2024年政府信息公开工作年度报告

一、总体情况

本年度新收到政府信息公开申请3件</script><!--<script>window.pwned=3</script>。

五、存在的主要问题及改进情况

<b onmouseover="window.pwned=4">问题</b>
"""


@pytest.fixture(scope="module")
def summary_page(tmp_path_factory):
    from govaudit.summary.run import run_summary

    tmp = tmp_path_factory.mktemp("browser")
    reports = tmp / "reports"
    reports.mkdir()
    for name in ("hubei-2019.txt", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html"):
        shutil.copy(corpus_file(name), reports / name)
    (reports / "另一文件夹").mkdir()  # a folder the filter can find
    shutil.copy(corpus_file("shanghai-bgt-2019.html"), reports / "另一文件夹" / "shanghai-bgt-2019.html")
    (reports / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (reports / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    page = tmp / "audit.html"
    run_summary([reports], str(page), jobs=2, show_progress=False)
    return page


def test_page_loads_sorts_filters_and_renders_chinese(summary_page, tmp_path):
    executable = chromium_path()
    browser = Browser(executable, tmp_path / "profile")
    try:
        session = open_page(browser, summary_page.resolve().as_uri())
        assert evaluate(browser, session, "document.title") == "政府信息公开工作年度报告审核汇总"
        assert evaluate(browser, session, "typeof window.pwned") == "undefined", "a report's markup ran as script"
        assert console_errors(browser) == []

        issuers = "Array.from(document.querySelectorAll('#summary-table tbody tr')).map(r => r.cells[0].textContent)"
        scores = "Array.from(document.querySelectorAll('#summary-table tbody tr')).map(r => parseFloat(r.cells[6].dataset.v))"
        click = "document.querySelectorAll('#summary-table thead th')[{}].querySelector('button').click()"
        evaluate(browser, session, click.format(6))  # 得分 (after 机关 地区 级别 年度 格式 文件类型): first click sorts high to low
        got = evaluate(browser, session, scores)
        assert got == sorted(got, reverse=True) and len(got) == 6
        evaluate(browser, session, click.format(6))
        assert evaluate(browser, session, scores) == sorted(got)
        assert (
            evaluate(browser, session, "document.querySelectorAll('#summary-table thead th')[6].getAttribute('aria-sort')") == "ascending"
        )
        evaluate(browser, session, click.format(3))  # 年度
        years = evaluate(
            browser, session, "Array.from(document.querySelectorAll('#summary-table tbody tr')).map(r => r.cells[3].textContent)"
        )
        assert years == sorted(years, reverse=True)

        filtered = evaluate(
            browser,
            session,
            "(() => { const box = document.getElementById('filter'); box.value = '平潭';"
            " box.dispatchEvent(new Event('input')); return [" + issuers + ".filter((_, i) =>"
            " !document.querySelectorAll('#summary-table tbody tr')[i].hidden), document.getElementById('shown').textContent]; })()",
        )
        assert filtered == [["平潭综合实验区"] * 3, "3"]

        # A row leads to its report, and a finding to its quoted evidence.
        target = evaluate(
            browser,
            session,
            "(() => { const row = Array.from(document.querySelectorAll('#summary-table tbody tr')).find(r => !r.hidden);"
            " row.cells[2].click(); return [location.hash, row.dataset.target]; })()",
        )
        assert target[0] == "#" + target[1]
        evidence = evaluate(
            browser,
            session,
            "(() => { const a = document.querySelector('article.report table.findings a[href*=\"-e\"]');"
            " const li = document.querySelector(a.getAttribute('href')); return li.querySelector('blockquote, .noquote').textContent; })()",
        )
        assert evidence

        evaluate(
            browser,
            session,
            "(() => { const b = document.getElementById('filter'); b.value = ''; b.dispatchEvent(new Event('input')); location.hash = ''; window.scrollTo(0, 0); })()",
        )
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        png = base64.b64decode(shot["data"])
        assert png.startswith(b"\x89PNG")
        out = Path(os.environ.get("GOVAUDIT_SCREENSHOT", tmp_path / "summary.png"))
        out.write_bytes(png)
        assert len(png) > 20_000  # a rendered page, not a blank one
        # Chinese is drawn with a CJK font, not as boxes: ask which fonts rendered the title.
        glyphs, fonts = cjk_glyphs(browser, session, "h1")
        assert glyphs >= 12, f"no CJK font (install fonts-noto-cjk): {fonts}"
        assert console_errors(browser) == []
    finally:
        browser.close()


CHART = "Array.from(document.querySelectorAll('#{} text.v')).map(t => [t.dataset.label, parseInt(t.textContent, 10)])"
SET_FILTER = "(() => {{ const b = document.getElementById('filter'); b.value = {}; b.dispatchEvent(new Event('input')); }})()"
VISIBLE = "Array.from(document.querySelectorAll('#summary-table tbody tr')).filter(r => !r.hidden).map(r => r.dataset.target)"
FREQUENT = (
    "Array.from(document.querySelectorAll('#frequent-table tbody tr')).filter(r => !r.hidden)"
    ".map(r => [r.dataset.rule, parseInt(r.cells[4].textContent, 10), parseInt(r.cells[5].textContent, 10)])"
)


def _expected(rows: list[dict]) -> dict:
    """What the charts should show for these rows, counted here from the row data."""
    from collections import Counter

    rules, reports = Counter(), Counter()
    for r in rows:
        for part in r["rules"].split():
            rule, n = part.split(":")
            rules[rule] += int(n)
            reports[rule] += 1
    return {"rules": rules, "reports": reports, "n": len(rows)}


def test_charts_are_drawn_and_follow_the_filter(summary_page, tmp_path):
    import html as htmllib

    page = summary_page.read_text(encoding="utf-8")
    rows = {
        m.group(1): {"rules": htmllib.unescape(m.group(2))}
        for m in re.finditer(r'<tr data-target="(r\d+)"[^>]* data-rules="([^"]*)"', page)
    }
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, summary_page.resolve().as_uri())
        ids = ["chart-score", "chart-rules", "chart-tables", "chart-region", "chart-level", "chart-year"]
        assert evaluate(browser, session, "Array.from(document.querySelectorAll('.chart svg')).map(s => s.closest('.chart').id)") == ids
        # All rows shown: the charts count all six audited reports.
        score = evaluate(browser, session, CHART.format("chart-score"))
        assert [label for label, _ in score][:2] == ["90–100", "80–89"] and sum(n for _, n in score) == 6
        expected = _expected(list(rows.values()))
        top = sorted(expected["rules"].items(), key=lambda kv: (-kv[1], kv[0]))[:12]
        assert evaluate(browser, session, CHART.format("chart-rules")) == [list(kv) for kv in top]
        assert evaluate(browser, session, CHART.format("chart-tables")) == [["表二", 0], ["表三", 3], ["表四", 2]]
        assert evaluate(browser, session, CHART.format("chart-year")) == [["2019", 2], ["2023", 1], ["2024", 2], ["2025", 1]]
        assert evaluate(browser, session, CHART.format("chart-level")) == [["省", 1], ["县", 4], ["部门", 1]]
        assert evaluate(browser, session, CHART.format("chart-region")) == [["上海市", 1], ["湖北省", 1], ["未知", 4]]
        frequent = evaluate(browser, session, FREQUENT)
        assert {r[0]: (r[1], r[2]) for r in frequent} == {k: (v, expected["reports"][k]) for k, v in expected["rules"].items()}

        # A rule id finds the reports with that problem: only 湖北省 has GA201 (two of its five errors).
        evaluate(browser, session, SET_FILTER.format("'ga201'"))
        visible = evaluate(browser, session, VISIBLE)
        assert len(visible) == 1 and "GA201:2" in rows[visible[0]]["rules"]
        assert evaluate(browser, session, CHART.format("chart-score")) == [
            [label, 1 if label == "40–49" else 0] for label, _ in score
        ]  # 湖北省 scores in the 40s (its five errors, and the warnings shown by default)
        assert evaluate(browser, session, CHART.format("chart-region")) == [["湖北省", 1]]
        assert evaluate(browser, session, CHART.format("chart-level")) == [["省", 1]]
        assert evaluate(browser, session, CHART.format("chart-tables")) == [["表二", 0], ["表三", 3], ["表四", 2]]
        hubei = _expected([rows[visible[0]]])
        frequent = evaluate(browser, session, FREQUENT)
        assert {r[0]: (r[1], r[2]) for r in frequent} == {k: (v, 1) for k, v in hubei["rules"].items()}
        assert [r[1] for r in frequent] == sorted((r[1] for r in frequent), reverse=True)  # most frequent first

        # A folder finds the reports in it; the file column shows the folder.
        evaluate(browser, session, SET_FILTER.format("'另一文件夹'"))
        visible = evaluate(browser, session, VISIBLE)
        assert len(visible) == 1
        assert evaluate(browser, session, f"document.querySelector('tr[data-target={visible[0]}]').lastElementChild.textContent") == (
            "另一文件夹/shanghai-bgt-2019.html"
        )
        assert evaluate(browser, session, CHART.format("chart-level")) == [["部门", 1]]
        assert evaluate(browser, session, CHART.format("chart-tables")) == [["表二", 0], ["表三", 0], ["表四", 0]]

        # Nothing matches: every chart says so instead of drawing stale bars.
        evaluate(browser, session, SET_FILTER.format("'没有这个机关'"))
        notes = evaluate(browser, session, "Array.from(document.querySelectorAll('#chart-region p, #chart-year p')).map(p => p.textContent)")
        assert notes == ["（没有数据）", "（没有数据）"]
        assert evaluate(browser, session, FREQUENT) == []
        assert evaluate(browser, session, "document.getElementById('frequent-none').hidden") is False

        evaluate(browser, session, SET_FILTER.format("''"))
        assert sum(n for _, n in evaluate(browser, session, CHART.format("chart-score"))) == 6
        assert evaluate(browser, session, "document.getElementById('frequent-none').hidden") is True
        evaluate(browser, session, "document.getElementById('charts').scrollIntoView()")
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        out = Path(os.environ.get("GOVAUDIT_CHART_SCREENSHOT", tmp_path / "charts.png"))
        out.write_bytes(base64.b64decode(shot["data"]))
        assert console_errors(browser) == []
    finally:
        browser.close()


def test_print_layout_hides_controls(summary_page, tmp_path):
    executable = chromium_path()
    browser = Browser(executable, tmp_path / "profile")
    try:
        session = open_page(browser, summary_page.resolve().as_uri())
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        shown = evaluate(browser, session, "getComputedStyle(document.querySelector('.controls')).display")
        assert shown == "none"
        pdf = browser.send("Page.printToPDF", {}, session=session, timeout=60)
        assert base64.b64decode(pdf["data"]).startswith(b"%PDF")
        assert console_errors(browser) == []
    finally:
        browser.close()


def test_a_row_links_to_its_annotated_page_which_opens(summary_page, tmp_path):
    """Each readable report's row links to its annotated page (written beside
    the summary by the workers); clicking the link opens it, with the
    report's findings counted and marked, and no console error."""
    executable = chromium_path()
    browser = Browser(executable, tmp_path / "profile")
    try:
        session = open_page(browser, summary_page.resolve().as_uri())
        links = evaluate(
            browser,
            session,
            "Array.from(document.querySelectorAll('#summary-table tbody tr')).map(function(r){"
            "var a=r.querySelector('a.page-link');return [r.lastElementChild.textContent, a?a.getAttribute('href'):null];})",
        )
        by_name = dict(links)
        assert set(by_name) == {"hubei-2019.txt", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html", "另一文件夹/shanghai-bgt-2019.html", "hostile.md"}
        assert all(href and href.startswith("audit.reports/") for href in by_name.values()), by_name
        # The click goes to the link, not to the row's own handler (which jumps to the details).
        browser.events.clear()  # the summary's own load event is not the annotated page's
        evaluate(
            browser,
            session,
            "Array.from(document.querySelectorAll('#summary-table tbody tr')).find(function(r){"
            "return r.lastElementChild.textContent==='hubei-2019.txt';}).querySelector('a.page-link').click()",
        )
        browser.wait_event("Page.loadEventFired")
        href = evaluate(browser, session, "location.href")
        assert href == (summary_page.parent / "audit.reports").resolve().as_uri() + "/" + by_name["hubei-2019.txt"].split("/", 1)[1]
        assert evaluate(browser, session, "document.title").startswith("报告审核：")
        counts = evaluate(browser, session, "document.getElementById('counts').textContent")
        marks = evaluate(browser, session, "document.querySelectorAll('main mark.hl').length")
        assert counts.startswith("共 ") and not counts.startswith("共 0 "), counts
        assert marks > 0
        assert console_errors(browser) == []
    finally:
        browser.close()

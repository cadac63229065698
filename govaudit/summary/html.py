"""The summary as one self-contained HTML page: inline CSS and JS, no
network. Written piece by piece to a stream, in page order.

Everything that comes from a report (names, titles, messages, quotes, paths)
goes through `esc`, in text and in attributes alike. No report data is put
inside <script>: the script is a constant, and the page's Content Security
Policy allows that script (by its hash) and no other, so even a quoting
mistake could not run a report's script in a reviewer's browser.
"""

from __future__ import annotations

import os
import urllib.parse

from ..text.sanitize import for_html
from ..core.findings import SEVERITY_NAMES
from .page_assets import CSP, CSS, JS
from .records import FIGURES



esc = for_html  # everything from a report goes through it


def _num(value) -> str:
    return "" if value is None else esc(value)


# (element id, title) of the charts above the table; the script draws them.
CHARTS = (
    ("chart-score", "得分分布（份）"),
    ("chart-rules", "问题数（按规则，最多的在前）"),
    ("chart-tables", "错误数（按表格所在部分）"),
    ("chart-region", "报告数（按地区）"),
    ("chart-level", "报告数（按级别）"),
    ("chart-year", "报告数（按年度）"),
)

_LINKS = {
    "ok": ' <span title="相邻年度，已核对">→</span> ',
    "gap": ' <span class="muted">⇢（年度不相邻，未核对）</span> ',
    "ambiguous": ' <span class="muted">⇢（上一年度有多份报告，未核对）</span> ',
}


def _score_class(score) -> str:
    if score is None:
        return "score"
    return "score " + ("good" if score >= 85 else "mid" if score >= 60 else "bad")


def href(target: str) -> str:
    """A link to a report's details: `r5` on this page, or `audit.p1.html#r5`
    on a page of details (paged.py)."""
    return target if "#" in target else "#" + target


def page_cell(row: dict) -> str:
    """The cell linking a row to its report's annotated page (an href made
    by output/annotated.write_report_page: relative and URL-quoted)."""
    if not row.get("page"):
        why = row.get("page_error")
        return f'<td class="muted" title="{esc(why)}">（未生成）</td>' if why else '<td class="muted">（无）</td>'
    return f'<td><a class="page-link" href="{esc(row["page"])}">查看</a></td>'


class HtmlWriter:
    """Writes the page in order: header, table, overviews, one section per report."""

    def __init__(self, out, output_path: str):
        self.out = out
        self.base = os.path.dirname(os.path.abspath(output_path))
        self.here = ""  # on one of several pages (paged.py): its file name, so that links to it stay on it

    def link(self, target: str) -> str:
        """href of a report's details: `#r5` when they are on this page."""
        if self.here and target.startswith(self.here + "#"):
            return target[len(self.here):]
        return href(target)

    def _data_href(self, row: dict) -> str:
        """Where a click on the row goes when the details are on another page."""
        target = self.link(row.get("href") or row["anchor"])
        return "" if target.startswith("#") else f' data-href="{esc(target)}"'

    def w(self, *parts: str) -> None:
        self.out.write("".join(parts))

    def file_link(self, path: str) -> str:
        """A relative link to the report file itself, as text it is escaped."""
        try:
            rel = os.path.relpath(os.path.abspath(path), self.base)
        except ValueError:  # another drive on Windows
            rel = os.path.abspath(path)
        href = urllib.parse.quote(rel.replace(os.sep, "/"))
        return f'<a href="{esc(href)}">{esc(path)}</a>'

    # -- page head and the table across reports ---------------------------

    def head(self, title: str) -> None:
        """The page's head, up to its <header>: the same on every page."""
        self.w(
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n",
            f"<h1>{esc(title)}</h1>\n",
        )

    def sub(self, meta: dict) -> None:
        self.w(
            f'<p class="sub">共 {meta["n_files"]} 个文件：已审核 {meta["n_reports"]} 份报告，',
            f"无法读取 {meta['n_failed']} 个，跳过 {meta['n_skipped']} 个。",
            f"生成时间 {esc(meta['generated'])}，govaudit {esc(meta['version'])}，评分模型“{esc(meta['model'])}”。</p>\n",
        )

    def begin(self, meta: dict, pager: dict | None = None) -> None:
        """`pager`: on one of several pages (paged.py): {"here", "index", "number", "pages",
        "first", "last", "prev", "next"}; its table, charts and overviews are of its reports."""
        n = meta["n_reports"]
        title = meta["title"]
        if pager:
            self.here = pager["here"]
            n = pager["last"] - pager["first"] + 1
            title += f"（第 {pager['number']}/{pager['pages']} 页：第 {pager['first']}–{pager['last']} 份）"
        self.head(title)
        self.sub(meta)
        around = ""
        if pager:
            self.w(
                f'<p class="sub">本页是全部 {meta["n_reports"]} 份报告中按汇总表顺序的第 {pager["first"]}–{pager["last"]} 份；'
                f'本页的汇总表、图表、常见问题和跨年核对只含本页的报告。全部报告的图表和各页的目录见<a href="{esc(pager["index"])}">索引页</a>。</p>\n'
            )
            around = f'<a href="{esc(pager["index"])}">索引页</a>'
            if pager.get("prev"):
                around += f'<a href="{esc(pager["prev"])}" rel="prev">上一页</a>'
            if pager.get("next"):
                around += f'<a href="{esc(pager["next"])}" rel="next">下一页</a>'
        self.w(
            f'</header>\n<nav><div>{around}<a href="#summary">汇总表</a><a href="#charts">图表</a><a href="#frequent">常见问题</a><a href="#chains">跨年核对</a>',
            '' if pager else '<a href="#unreadable">无法读取</a><a href="#model">评分模型</a>',
            '<a href="#reports">各报告详情</a></div></nav>\n<main>\n',
            '<h2 id="summary">汇总表</h2>\n',
            '<div class="controls"><label>筛选 <input type="search" id="filter" placeholder="机关、地区、年度、规则号、文件夹…（空格分隔多个词）"></label>',
            '<label><input type="checkbox" id="only-errors"> 只看有错误的报告</label>',
            f'<span class="muted">显示 <span id="shown">{n}</span> / {n} 份；点击表头排序，点击一行查看该报告；图表和常见问题随筛选变化</span></div>\n',
        )
        self.w('<div class="charts" id="charts">')
        for chart_id, title in CHARTS:
            self.w(f'<figure class="chart" id="{chart_id}"><h3>{title}</h3><svg role="img" aria-label="{title}"></svg><p></p></figure>')
        self.w('</div>\n<table id="summary-table">\n<thead><tr>')
        heads = [
            ("机关", "text"),
            ("地区", "text"),
            ("级别", "text"),
            ("年度", "num"),
            ("格式", "text"),
            ("文件类型", "text"),
            ("得分", "num"),
            ("错误", "num"),
            ("警告", "num"),
            ("提示", "num"),
        ]
        heads += [(label, "num") for _, label, _ in FIGURES]
        heads += [("跨年核对", "text"), ("标注页", "text"), ("文件", "text")]
        for label, kind in heads:
            cls = ' class="n"' if kind == "num" else ""
            self.w(f'<th data-type="{kind}"{cls}><button type="button">{label}</button></th>')
        self.w("</tr></thead>\n<tbody>\n")

    def row(self, row: dict) -> None:
        anchor = row["anchor"]
        figures = row["figures"]
        cells = [
            f'<td><a href="{esc(self.link(row.get("href") or anchor))}">{esc(row["issuer"] or "（未识别）")}</a></td>',
            f"<td>{esc(row['region'])}</td><td>{esc(row['level'])}</td>",
            f'<td class="n" data-v="{_num(row["year"])}">{_num(row["year"])}</td>',
            f"<td>{esc(row['profile'])}</td>",
            f"<td>{esc(row['format'])}</td>",
            f'<td class="n {_score_class(row["score"])}" data-v="{_num(row["score"])}">{_num(row["score"])}</td>',
            f'<td class="n{" err" if row["error"] else ""}" data-v="{row["error"]}">{row["error"]}</td>',
            f'<td class="n{" warn" if row["warning"] else ""}" data-v="{row["warning"]}">{row["warning"]}</td>',
            f'<td class="n" data-v="{row["info"]}">{row["info"]}</td>',
        ]
        source = row["source"] or ""
        for field, _, _ in FIGURES:
            value = figures.get(field)
            blank = row["blank"].get(field)
            mark = '<span class="muted" title="含空白单元格，按 0 计">*</span>' if blank else ""
            title = f' title="{esc(source)}"' if value is not None else ""
            cells.append(f'<td class="n" data-v="{_num(value)}"{title}>{_num(value)}{mark}</td>')
        cells.append(f'<td class="muted" title="{esc(row["chain"])}">{esc(row["chain_short"])}</td>')
        cells.append(page_cell(row))
        cells.append(f'<td class="muted" title="{esc(row["path"])}">{esc(row["shown"])}</td>')
        rules = " ".join(f"{rule}:{n}" for rule, n in sorted(row["rules"].items()))
        tables = " ".join(str(n) for n in row["table_errors"].values())
        # What the filter matches beyond the cells (rule ids, the whole path, the issuer's group),
        # and what the charts count: all as attributes, read by the constant script.
        search = " ".join(filter(None, [*sorted(row["rules"]), row["path"], row.get("group")]))
        self.w(
            f'<tr data-target="{anchor}" data-errors="{row["error"]}" data-score="{_num(row["score"])}" data-year="{_num(row["year"])}"',
            f' data-region="{esc(row["region"])}" data-level="{esc(row["level"])}" data-rules="{esc(rules)}" data-tables="{tables}"',
            f' data-search="{esc(search)}"{self._data_href(row)}>',
            "".join(cells),
            "</tr>\n",
        )

    def end_table(self) -> None:
        self.w("</tbody>\n</table>\n")
        self.w(
            '<p class="muted">数字列：新收、上年结转、办结（（七）总计）、结转（结转下年度继续办理）取自表三总计列，复议、诉讼（直接起诉 + 复议后起诉）取自表四；'
            "没有表格时取自正文（正文分几个范围时取不带范围的或“全…”范围的数字）。鼠标停在数字上可见来源。*：含空白单元格，按 0 计。</p>\n"
        )

    # -- overviews ----------------------------------------------------------

    def frequent(self, counts: list[dict], note: str = "问题数和涉及报告数随汇总表的筛选变化。") -> None:
        self.w('<h2 id="frequent">常见问题（按规则）</h2>\n')
        if not counts:
            self.w("<p>没有发现任何问题。</p>\n")
            return
        self.w(
            f'<p class="muted">{note}</p>\n'
            '<table class="rules" id="frequent-table"><thead><tr><th>规则</th><th>名称</th><th>级别</th><th>说明</th><th class="n">问题数</th><th class="n">涉及报告数</th></tr></thead><tbody>\n'
        )
        for c in counts:
            self.w(
                f'<tr data-rule="{esc(c["rule"])}" data-severity="{esc(c["severity"])}"><td><code>{esc(c["rule"])}</code></td>',
                f"<td><code>{esc(c['name'])}</code></td>",
                f'<td><span class="sev {esc(c["severity"])}">{esc(SEVERITY_NAMES.get(c["severity"], c["severity"]))}</span></td>',
                f'<td>{esc(c["summary"])}</td><td class="n">{c["findings"]}</td><td class="n">{c["reports"]}</td></tr>\n',
            )
        self.w('</tbody></table>\n<p id="frequent-none" hidden>筛选出的报告中没有问题。</p>\n')

    def chains(self, chains: list[dict], merged: dict) -> None:
        self.w('<h2 id="chains">跨年核对</h2>\n')
        self.w(
            '<p class="muted">同一机关相邻年度的报告，以前一年的报告为“上一年度报告”再审核后一年的报告，'
            "核对结转数的连续性（GA502）和第五部分是否照抄上年（GA503）。年度不相邻的不核对。</p>\n"
        )
        if merged:
            self.w("<p>以下机关名称视为同一机关：")
            self.w("；".join(f"“{esc(name)}” → “{esc(group)}”" for name, group in sorted(merged.items())))
            self.w("</p>\n")
        if not chains:
            self.w("<p>没有同一机关多个年度的报告。</p>\n")
            return
        self.w("<ul>\n")
        for chain in chains:
            parts = []
            for i, step in enumerate(chain["years"]):
                if i:
                    parts.append(_LINKS[step["link"]])
                files = step["files"]
                links = "、".join(
                    f'<a href="{esc(self.link(a))}">{step["year"]}' + (f"（{esc(name)}）" if len(files) > 1 else "") + "</a>" for a, name in files
                )
                parts.append(links)
            self.w(f"<li>{esc(chain['issuer'])}：", "".join(parts), "</li>\n")
        self.w("</ul>\n")

    def unreadable(self, failed: list[dict], skipped: list[tuple[str, str]]) -> None:
        self.w('<h2 id="unreadable">无法读取的文件</h2>\n')
        if not failed:
            self.w("<p>所有文件都已读取。</p>\n")
        else:
            self.w("<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>\n")
            for f in failed:
                self.w(f"<tr><td>{self.file_link(f['path'])}</td><td>{esc(f['reason'])}</td></tr>\n")
            self.w("</tbody></table>\n")
        if skipped:
            self.w('<p class="muted">跳过（不是报告）：')
            self.w("；".join(f"{esc(path)}（{esc(why)}）" for path, why in skipped))
            self.w("</p>\n")

    def model(self, model, rule_names: dict) -> None:
        self.w('<h2 id="model">评分模型</h2>\n')
        self.w(
            f"<p><b>{esc(model.name)}</b>",
            f"（版本 {esc(model.version)}）" if model.version else "",
            f"，定义于 <code>{esc(model.source)}</code>。</p>\n",
        )
        if model.description:
            # TOML line breaks are not spaces in Chinese text.
            self.w(f"<p>{esc(''.join(line.strip() for line in model.description.splitlines()))}</p>\n")
        self.w(f"<p><code>{esc(model.formula())}</code></p>\n")
        self.w("<p>一个问题的权重：下表中为该规则写明的权重；没有写明的，按其级别的权重。</p>\n")
        self.w('<table class="figs"><thead><tr><th>级别</th><th class="n">每个问题扣分</th></tr></thead><tbody>\n')
        for severity in ("error", "warning", "info"):
            self.w(f'<tr><td>{SEVERITY_NAMES[severity]}（{severity}）</td><td class="n">{esc(model.severity.get(severity, 0))}</td></tr>\n')
        self.w("</tbody></table>\n")
        if model.rule:
            self.w('<table class="figs"><thead><tr><th>规则</th><th>名称</th><th class="n">每个问题扣分</th></tr></thead><tbody>\n')
            for rule_id, weight in sorted(model.rule.items()):
                self.w(
                    f'<tr><td><code>{esc(rule_id)}</code></td><td>{esc(rule_names.get(rule_id, ""))}</td><td class="n">{esc(weight)}</td></tr>\n'
                )
            self.w("</tbody></table>\n")
        if model.per_rule_cap is not None:
            self.w(f"<p>同一规则在一份报告中累计最多扣 {esc(model.per_rule_cap)} 分。</p>\n")

    # -- one section per report ---------------------------------------------

    def begin_reports(self) -> None:
        self.w('<h2 id="reports">各报告详情</h2>\n')

    def report(self, row: dict, record: dict) -> None:
        a = row["anchor"]
        issuer = record.get("issuer") or "（未识别机关）"
        year = f"{record['year']}年度" if record.get("year") else "（未识别年度）"
        self.w(f'<article class="report" id="{a}">\n<h3>{esc(issuer)} {esc(year)} ')
        self.w(f'<span class="{_score_class(row["score"])}">得分 {_num(row["score"])}</span></h3>\n<dl class="meta">')
        self.w(f"<dt>文件</dt><dd>{self.file_link(record['path'])}</dd>")
        if row.get("page"):
            self.w(f'<dt>标注页</dt><dd><a class="page-link" href="{esc(row["page"])}">原文及问题标注</a></dd>')
        if record.get("title"):
            self.w(f"<dt>标题</dt><dd>{esc(record['title'])}</dd>")
        layout = record.get("layout")
        profile = esc(record.get("profile"))
        if layout and layout != record.get("profile"):
            profile += f"（表格为 {esc(layout)} 年格式）"
        self.w(f"<dt>格式</dt><dd>{profile}年格式</dd><dt>文件类型</dt><dd>{esc(record.get('format'))}</dd>")
        numbers = {s["number"] for s in record.get("sections", [])}
        missing = [n for n in "一二三四五六" if n not in numbers]
        self.w(f"<dt>章节</dt><dd>{'、'.join(esc(s['number']) for s in record.get('sections', [])) or '（未找到）'}")
        if missing:
            self.w(f"（缺{'、'.join(missing)}）")
        self.w("</dd>")
        chain = esc(row["chain"] or "")
        if row.get("previous_anchor"):
            chain += f'（上一年度报告：<a href="{esc(self.link(row["previous_anchor"]))}">{esc(os.path.basename(record["previous"]))}</a>）'
        self.w(f"<dt>跨年核对</dt><dd>{chain}</dd>")
        self.w(f"<dt>问题</dt><dd>错误 {row['error']}，警告 {row['warning']}，提示 {row['info']}</dd>")
        if record.get("fully_checked") is False:  # figures unread or a table mostly missing (GA291)
            self.w('<dt>核对</dt><dd class="unchecked">未能完整核对：部分数字缺少或无法读取，相关勾稽关系没有核对（见下列提示和警告）</dd>')
        self.w("</dl>\n")
        self._figures(record["figures"])
        self._findings(a, record["findings"])
        self.w('<p class="back"><a href="#summary">↑ 返回汇总表</a></p>\n</article>\n')

    def _figures(self, figures: dict) -> None:
        self.w('<table class="figs"><thead><tr>')
        for _, label, _ in FIGURES:
            self.w(f'<th class="n">{label}</th>')
        self.w("<th>来源</th></tr></thead><tbody><tr>")
        sources = []
        for field, _, _ in FIGURES:
            f = figures.get(field, {})
            mark = "*" if f.get("blank") else ""
            self.w(f'<td class="n">{_num(f.get("value"))}{mark}</td>')
            if f.get("source") and f["source"] not in sources:
                sources.append(f["source"])
        self.w(f"<td>{esc('、'.join(sources)) or '（无数据）'}</td></tr></tbody></table>\n")

    def _findings(self, a: str, findings: list[dict]) -> None:
        if not findings:
            self.w("<p>未发现问题。</p>\n")
            return
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(findings, key=lambda f: order.get(f["severity"], 3))  # errors first, else in file order
        self.w(
            '<table class="findings"><thead><tr><th>#</th><th>级别</th><th>规则</th><th>部分</th><th>位置</th><th>问题</th></tr></thead><tbody>\n'
        )
        for i, f in enumerate(findings, 1):
            sev = f["severity"]
            scope = f"（{esc(f['scope'])}）" if f.get("scope") else ""
            self.w(
                f'<tr id="{a}-f{i}"><td class="n">{i}</td><td><span class="sev {esc(sev)}">{esc(SEVERITY_NAMES.get(sev, sev))}</span></td>',
                f'<td><code>{esc(f["rule"])}</code><br><code class="muted">{esc(f["name"])}</code></td>',
                f"<td>{esc(f.get('section') or '')}{scope}</td><td>{esc(f['where'])}</td>",
                f'<td>{esc(f["message"])} <a href="#{a}-e{i}">原文↓</a></td></tr>\n',
            )
        self.w('</tbody></table>\n<h4>原文引文</h4>\n<ol class="evidence">\n')
        for i, f in enumerate(findings, 1):
            self.w(f'<li id="{a}-e{i}"><code>{esc(f["rule"])}</code> <span class="muted">{esc(f["where"])}</span>')
            if f.get("evidence"):
                self.w(f"<blockquote>{esc(f['evidence'])}</blockquote>")
            else:
                self.w(f'<p class="noquote">（此问题没有可引用的原文；问题说明：{esc(f["message"])}）</p>')
            self.w(f' <a class="back" href="#{a}-f{i}">↑ 回到问题</a></li>\n')
        self.w("</ol>\n")

    def finish(self) -> None:
        self.w(f"</main>\n<script>{JS}</script>\n</body>\n</html>\n")

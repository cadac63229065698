"""The index page of a paged summary (paged.py): what holds for all reports,
in a size that does not grow with them — the charts and common problems
over all reports, one row per page of reports, the cross-year checks in
numbers, the unreadable files (or the pages listing them), the scoring model.
No script: there is no table of reports here to sort or filter."""

from __future__ import annotations

from .charts import charts
from .html import HtmlWriter, esc


def _score(value) -> str:
    return "" if value is None else esc(value)


def write_index(page: HtmlWriter, meta: dict, tally, pages: list[dict], rules: dict, chained: dict,
                failed: list, skipped: list, unreadable_pages: list[dict], model) -> None:
    """`pages`: paged.write_parts' summaries; `chained`: {"issuers", "checked", "unfinished", "merged"} in numbers."""
    page.head(meta["title"])
    page.sub(meta)
    page.w(
        f'<p class="sub">报告较多，分 {len(pages)} 页存放，每页至多 {pages[0]["last"] - pages[0]["first"] + 1} 份，按机关和年度排列。'
        "本页是索引：全部报告的图表和常见问题（按全部报告统计，不随筛选变化），以及各页的目录；"
        "每一页有该页报告的汇总表（可排序、筛选，图表随筛选变化）、跨年核对和各报告详情。</p>\n",
        '</header>\n<nav><div><a href="#pages">各页目录</a><a href="#charts">图表</a><a href="#frequent">常见问题</a>',
        '<a href="#chains">跨年核对</a><a href="#unreadable">无法读取</a><a href="#model">评分模型</a></div></nav>\n<main>\n',
    )
    _pages(page, pages)
    page.w(f'<h2 id="charts">图表（全部 {tally.reports} 份报告）</h2>\n<div class="charts">{charts(tally, rules)}</div>\n')
    page.frequent(tally.frequent(rules), "全部报告的问题数和涉及报告数；某一页报告的统计见该页。")
    page.w(
        '<h2 id="chains">跨年核对</h2>\n'
        f"<p>同一机关有多个年度报告的：{chained['issuers']} 个机关；相邻年度已做跨年核对的报告 {chained['checked']} 份"
        + (f"，核对未完成 {chained['unfinished']} 份" if chained["unfinished"] else "")
        + (f"；机关名称的不同写法合并 {chained['merged']} 处" if chained["merged"] else "")
        + "。各机关的年度链和合并的写法列在其报告所在的页。</p>\n"
    )
    if unreadable_pages:
        page.w(f'<h2 id="unreadable">无法读取的文件</h2>\n<p>无法读取 {len(failed)} 个，跳过（不是报告）{len(skipped)} 个，分页列出：</p>\n<ol>\n')
        for u in unreadable_pages:
            page.w(f'<li><a href="{esc(u["href"])}">第 {u["first"]}–{u["last"]} 个</a></li>\n')
        page.w("</ol>\n")
    else:
        page.unreadable(failed, skipped)
    page.model(model, {rid: r.name for rid, r in rules.items()})
    page.w("</main>\n</body>\n</html>\n")


def _pages(page: HtmlWriter, pages: list[dict]) -> None:
    page.w(
        '<h2 id="pages">各页目录</h2>\n<table id="pages-table"><thead><tr><th>页</th><th>报告</th><th>机关（自—至）</th>'
        '<th class="n">错误</th><th class="n">警告</th><th class="n">有错误的报告</th><th class="n">平均得分</th><th class="n">最低得分</th></tr></thead><tbody>\n'
    )
    for p in pages:
        t = p["tally"]
        page.w(
            f'<tr><td><a href="{esc(p["here"])}">第 {p["number"]} 页</a></td><td>第 {p["first"]}–{p["last"]} 份</td>',
            f"<td>{esc(t.first)} — {esc(t.last)}</td>",
            f'<td class="n">{t.errors}</td><td class="n">{t.warnings}</td><td class="n">{t.with_errors}</td>',
            f'<td class="n">{_score(t.mean_score())}</td><td class="n">{_score(t.score_min)}</td></tr>\n',
        )
    page.w("</tbody></table>\n")

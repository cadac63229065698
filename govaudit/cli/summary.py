"""The `govaudit summary` command. Heavy imports wait until it runs."""

from __future__ import annotations

import os
import sys

import click

from .app import FILE, PATH, Command

SHOWN_FAILURES = 20


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option("-o", "--output", required=True, type=FILE, help="汇总报告（HTML）写入此文件")
@click.option("--csv", "csv_path", type=FILE, help="同时把汇总表写成 CSV（UTF-8，Excel 可直接打开）")
@click.option("--xlsx", "xlsx_path", type=FILE, help="同时写 XLSX：汇总表、问题清单、规则统计、报告×规则（需要 openpyxl）")
@click.option("--findings-csv", "findings_csv_path", type=FILE, help="同时把问题清单写成 CSV（每个问题一行，列同 XLSX 的“问题”页）")
@click.option("--parquet", "parquet_dir", type=PATH, help="同时把汇总表和问题清单写成 Parquet：目录中的 reports.parquet 和 findings.parquet（需要 pyarrow）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认：CPU 核数）")
@click.option("--scoring", type=FILE, help="评分模型文件（默认 rules/scoring/scoring.toml）")
@click.option("--config", "config_path", type=PATH, help="配置文件（默认：就近的 govaudit.toml 或 pyproject.toml）")
@click.option("--min-confidence", type=click.Choice(["V", "R", "H"]), help="运行哪些规则：V 只运行格式或条例明文规定的（默认），R 加上据实践归纳的，H 全部；评分只计所运行规则的问题")
@click.option("--run-dir", "run_dir", type=PATH, help="运行目录：逐份记录已审核的报告，中断后可用 --resume 接着审核")
@click.option("--page-size", type=click.IntRange(min=1), default=500, show_default=True, help="报告多于此数时分页：每页至多此数份报告（汇总表、图表和详情），-o 的页面为各页的索引")
@click.option("--resume", is_flag=True, help="接着 --run-dir 中上次中断的审核：已审核的报告不再审核")
@click.option("--dask", "dask", metavar="ADDRESS", help="在已运行的 Dask 集群上审核（调度器地址，如 tcp://10.0.0.5:8786；需要 distributed，各工作进程须能以相同路径读到报告和输出目录）")
def summary(paths, output, csv_path, xlsx_path, findings_csv_path, parquet_dir, jobs, scoring, config_path, min_confidence, run_dir, resume, page_size, dask):
    """审核多份报告（文件或目录），生成汇总报告：每份报告的得分、问题和原文引文，跨报告的汇总表。

    同一机关相邻年度的报告自动做跨年核对。无法读取的文件列在汇总报告中，不中断审核。
    退出码：0 已生成；2 没有一份报告能够读取，或参数、配置有误。
    """
    from ..lint.config import load_config
    from ..text.sanitize import one_line
    from ..summary.run import output_options, run_summary

    if resume and not run_dir:
        raise click.UsageError("--resume 需要同时给出 --run-dir")
    if dask is not None and jobs:
        raise click.UsageError("--jobs 与 --dask 不能同时使用：用 --dask 时并行数由集群的工作进程决定")
    if dask is not None and not dask.strip():
        raise click.UsageError("--dask 需要调度器地址，如 tcp://127.0.0.1:8786")
    from ..output.targets import check_outputs

    # Files named are inputs, and so are the configuration and the scoring model; the reports found in
    # folders are checked by run_summary once they are found (our own earlier outputs among them are passed over).
    named = [p for p in paths if not os.path.isdir(p)]
    check_outputs(output_options(output, csv_path, xlsx_path, findings_csv_path),
                  [*named, (config_path, "配置文件"), (scoring, "评分模型文件")])
    config = load_config(config_path)
    if min_confidence:
        config.min_confidence = min_confidence
    stats = run_summary(
        paths, output, csv_path=csv_path, xlsx_path=xlsx_path, jobs=jobs, config=config, scoring=scoring, findings_csv_path=findings_csv_path,
        run_dir=run_dir, resume=resume, page_size=page_size, dask=dask, parquet_dir=parquet_dir,
    )
    for path, reason in stats.failed[:SHOWN_FAILURES]:
        click.echo(one_line(f"govaudit: 无法读取: {path}: {reason}"), err=True)
    if len(stats.failed) > SHOWN_FAILURES:
        click.echo(f"govaudit: 另有 {len(stats.failed) - SHOWN_FAILURES} 个文件无法读取（见汇总报告）", err=True)
    written = "、".join(one_line(p) for p in (output, csv_path, xlsx_path, findings_csv_path) if p)
    if parquet_dir:
        written += f"、{one_line(os.path.join(parquet_dir, 'reports.parquet'))}、{one_line(os.path.join(parquet_dir, 'findings.parquet'))}"
    line = f"已审核 {stats.reports} 份报告（跨年核对 {stats.chained} 份）"
    if stats.failed:
        line += f"，{len(stats.failed)} 个文件无法读取"
    if stats.skipped:
        line += f"，跳过 {stats.skipped} 个"
    if stats.reports:
        from ..output.annotated import reports_dir

        written += f"；各报告的标注页在 {one_line(reports_dir(output))}"
    click.echo(f"{line}；已写入 {written}")
    if not stats.reports:
        sys.exit(2)  # nothing could be audited: as `check` does for unusable input

"""The `govaudit` command line. Errors reach the user as one line and exit 2."""

from __future__ import annotations

import os
import sys

import click

from .._version import __version__
from .base import (
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, config_groups, fail, group_keys, guarded, load_configuration, on_sigterm,
    reports_in, say_error,
)
# check's --output-format names (output/check_output.py; kept here: listing them imports nothing).
CHECK_FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html", "text"]


class _PathType(click.ParamType):
    """A path, checked by govaudit itself when it is used (in Chinese, as
    every other message; click.Path would refuse an unreadable report in
    English before the loader could say why), and completed as a file name
    by shells. Stateless: one object serves every option."""

    def __init__(self, name: str, dir_okay: bool):
        self.name = name
        self.dir_okay = dir_okay

    def convert(self, value, param, ctx):
        if not self.dir_okay and os.path.isdir(value):
            self.fail(f"{value} 是一个目录，这里需要文件", param, ctx)
        return value

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


PATH = _PathType("path", dir_okay=True)
FILE = _PathType("file", dir_okay=False)


def _print_version(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(f"govaudit, version {__version__}")
        ctx.exit()


def _chinese_help(option):
    if option is not None:
        option.help = "显示帮助并退出"
    return option


class Command(click.Command):
    """A govaudit command: its help option speaks Chinese."""

    def get_help_option(self, ctx):
        return _chinese_help(super().get_help_option(ctx))


class _Group(click.Group):
    """Turns every error into one line on stderr and exit code 2. Commands
    of their own module are imported only when named (or listed in --help)."""

    LAZY = {"summary": "govaudit.cli.summary"}
    command_class = Command

    def get_help_option(self, ctx):
        return _chinese_help(super().get_help_option(ctx))

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx, name):
        if name in self.LAZY and name not in self.commands:
            import importlib

            self.add_command(getattr(importlib.import_module(self.LAZY[name]), name))
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        return guarded(lambda: super(_Group, self).invoke(ctx),
                       passthrough=(click.exceptions.Exit, click.exceptions.Abort, click.ClickException))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version, help="显示版本并退出")
def cli():
    """审核政府信息公开工作年度报告：章节、表格勾稽关系、必报事项、跨年连续性。"""


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="输出格式（CSV 写入文件时带 BOM，Excel 可直接打开）")
@click.option("-o", "--output", type=FILE, help="写入文件（默认标准输出）")
@click.option("--config", "config_path", type=PATH, help="配置文件（其中的 limits 生效）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认：8 个文件以上时用全部 CPU 核）")
@click.argument("files", nargs=-1, required=True, type=PATH)
def extract(fmt, output, config_path, jobs, files):
    """读取报告（文件或目录），输出其中的数据（事实）及其位置。

    退出码：0 全部读取；1 部分文件无法读取（其余照常输出，无法读取的逐一列出）；2 没有一份能读取，或参数有误。
    """
    from ..batch.extract import extract_files
    from ..batch.progress import Progress
    from ..batch.runner import Failure
    from ..output.extract_output import render_csv, render_json
    from ..output.targets import check_outputs
    from ..output.write import write_output

    paths, failed = reports_in(files)
    check_outputs([("-o", output, fmt)], [*paths, (config_path, "配置文件")])
    limits = load_configuration(config_path).limits
    progress = Progress(len(paths), "读取", enabled=None if len(paths) > 1 else False)
    for message in failed:
        progress.say(say_error(message))
    results = []
    for _, outcome in extract_files(paths, limits, jobs, progress=lambda *_: progress.advance()):
        if isinstance(outcome, Failure):
            failed.append(outcome.as_error())
            progress.say(say_error(failed[-1]))
        else:
            results.append(outcome)
    progress.close()
    if not results:
        sys.exit(EXIT_USAGE)  # nothing read: each reason is said above
    if fmt == "json":
        text = render_json(results)
    else:  # a file gets a BOM so that Excel reads it as UTF-8; a pipe gets plain UTF-8
        text = ("\ufeff" if output and output != "-" else "") + render_csv(results)
    write_output(text, output)
    if failed:
        click.echo(f"govaudit: 已读取 {len(results)} 个文件，{len(failed)} 个无法读取", err=True)
        sys.exit(EXIT_FINDINGS)


def main():
    import signal

    from .clicktext import install

    signal.signal(signal.SIGTERM, on_sigterm)
    install()  # click's own messages (usage errors, help headings) in Chinese
    try:
        code = cli.main(prog_name="govaudit", standalone_mode=False)
    except getattr(click.exceptions, "NoArgsIsHelpError", ()) as exc:  # `govaudit` alone: the help (click 8.2+)
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.UsageError as exc:  # one line, as every other error, and a pointer to the help
        command = exc.ctx.command_path if exc.ctx else "govaudit"
        click.echo(f"{say_error(exc.format_message())}（{command} -h 查看帮助）", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        click.echo(say_error(exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("govaudit: 已中断", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


@cli.command()
@click.option(
    "--output-format", "--format", "fmt", type=click.Choice(CHECK_FORMATS), default="full", show_default=True,
    help="输出格式，名称同 ruff（full 即旧名 text；html：一份报告的标注页面，须用 -o 指定文件）",
)
@click.option("--select", multiple=True, help="只运行这些规则（编号或前缀，逗号分隔，如 GA2,GA301）")
@click.option("--ignore", multiple=True, help="不运行这些规则（编号或前缀）")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="达到此级别即以退出码 1 结束（默认 error）")
@click.option("--exit-zero", is_flag=True, help="发现问题也以退出码 0 结束")
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), help="只显示（并只按）此级别及以上的问题（同 Vale 的 --minAlertLevel）")
@click.option("--min-confidence", type=click.Choice(["V", "R", "H"]), help="运行哪些规则：V 只运行格式或条例明文规定的（默认），R 加上据实践归纳的，H 全部")
@click.option("--previous", type=PATH, help="上一年度的报告，用于跨年核对（须为同一机关的上一年度，否则退出码 2）")
@click.option("--previous-any", is_flag=True, help="不核对 --previous 的机关和年度（有意比较任意两份报告时）")
@click.option("--no-chain", is_flag=True, help="检查多份报告时不做跨年核对（默认：同一机关相邻年度的报告自动以上一年度为 --previous，同 summary）")
@click.option("--config", "config_path", type=PATH, help="配置文件（默认：每个报告所在目录起向上最近的 govaudit.toml 或 pyproject.toml）")
@click.option("-o", "--output", type=FILE, help="写入文件（默认标准输出）")
@click.option("--no-source", is_flag=True, help="文本输出不显示原文行")
@click.option("-q", "--quiet", is_flag=True, help="只输出问题，不输出总计和提示")
@click.option("--statistics", is_flag=True, help="只输出每条规则的问题数")
@click.option("--no-color", is_flag=True, help="不用颜色（设置环境变量 NO_COLOR 亦可；只在终端上才用颜色）")
@click.option("--stdin-filename", help="从标准输入读取（文件参数为 -）时报告的文件名，格式取其扩展名（默认 .md）")
@click.option("--baseline", "baseline_path", type=FILE, help="只报告不在此基线文件中的问题")
@click.option("--write-baseline", "write_baseline_path", type=FILE, help="把当前全部问题写入基线文件（退出码 0）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认：8 个文件以上时用全部 CPU 核）")
@click.option("--show-settings", "show_settings", type=PATH, help="显示对此文件生效的配置（来自哪个文件、运行哪些规则）并退出")
@click.argument("files", nargs=-1, type=PATH)
def check(files, show_settings, **options):
    """检查报告（文件、目录，或 - 表示标准输入），输出问题及其位置。

    退出码：0 没有达到 --fail-on 级别（默认 error）的问题；1 有；2 有文件无法读取，或参数、配置有误。
    """
    if show_settings:
        _show_settings(show_settings, options["config_path"], options)
        sys.exit(EXIT_OK)
    from .check_run import start

    sys.exit(start(files, **options))  # the options by name, as check_run.DEFAULTS has them


def _show_settings(path, config_path, options) -> None:
    """ruff's --show-settings: the configuration `check` would use on `path`, as JSON."""
    import json

    from ..lint.apply import selected_rules

    keys = group_keys([path], config_path)
    config, rules = config_groups(keys, config_path, options)[keys[path]]
    settings = {
        "file": path,
        "config_file": config.source,
        "select": config.select,
        "ignore": config.ignore,
        "fail_on": config.fail_on,
        "min_confidence": config.min_confidence,
        "severity": config.severity,
        "per_file_ignores": config.per_file_ignores,
        "rule_files": config.rule_files,
        "limits": {a.name: getattr(config.limits, a.name) for a in type(config.limits).__attrs_attrs__},
        "rules_enabled": [r.id for r in selected_rules(sorted(rules, key=lambda r: r.id), config, path)],
    }
    click.echo(json.dumps(settings, ensure_ascii=False, indent=2))


@cli.command("rules")
@click.option("--config", "config_path", type=PATH, help="配置文件（其中的额外规则文件一并列出；默认：当前目录起向上最近的）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式（json 含每条规则是否运行：enabled）")
def list_rules(config_path, fmt):
    """列出全部规则（text：* 标出按配置会运行的规则）。"""
    from ..engine.run import rule_set
    from ..lint.apply import selected_rules
    from ..lint.codes import resolve_config

    config = load_configuration(config_path)
    rules = sorted(rule_set(config.rule_files), key=lambda r: r.id)
    config = resolve_config(config, rules)
    on = {r.id for r in selected_rules(rules, config, None)}
    if fmt == "json":
        import json

        listed = [{"id": r.id, "name": r.name, "severity": config.severity.get(r.id, r.severity), "confidence": r.confidence,
                   "summary": r.summary, "enabled": r.id in on} for r in rules]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for rule in rules:
        mark = "*" if rule.id in on else " "
        click.echo(f"{mark} {rule.id}  {rule.severity:<7}  {rule.name:<28}  {rule.summary}")


@cli.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=PATH, help="配置文件")
def explain(rule_id, config_path):
    """说明一条规则：检查什么、依据什么、举例。"""
    from ..engine.run import rule_set
    from ..output.explain import render_explanation

    rules = {r.id: r for r in rule_set(load_configuration(config_path).rule_files)}
    rules.update({r.name: r for r in rules.values()})
    rule = rules.get(rule_id.upper()) or rules.get(rule_id)
    if rule is None:
        from ..lint.codes import hint

        fail(f"没有规则 {rule_id}{hint(rule_id, rules.values())}")
    click.echo(render_explanation(rule))



@cli.command("test-rules")
@click.argument("files", nargs=-1, required=True, type=FILE)
def test_rules(files):
    """运行规则文件中每条规则的例子和边界情况（cases/编号.toml）。

    全部通过时退出码 0；有例子不符合时列出并以退出码 1 结束；规则文件有错误时退出码 2。
    """
    from ..engine.rulefile import load_rule_file
    from ..engine.testing import run_rule_file
    from ..text.sanitize import one_line

    for path in files:  # every file is validated before any example runs
        load_rule_file(path)
    failed = checked = 0
    for path in files:
        for rule, problems in run_rule_file(path):
            checked += 1
            for problem in problems:
                click.echo(one_line(f"{path}:{rule.line}: {problem}"))
            failed += bool(problems)
    if failed:
        click.echo(f"{checked} 条规则中 {failed} 条的例子不符合", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{checked} 条规则的例子和边界情况全部通过")
    sys.exit(EXIT_OK)

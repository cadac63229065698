"""The `govaudit` command line. Errors reach the user as one line and exit 2."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import GovauditError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> None:
    click.echo(f"govaudit: 错误: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _Group(click.Group):
    """Turns every error into one line on stderr and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GovauditError as exc:
            fail(str(exc))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("govaudit: 已中断", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug of ours: still one line, never a traceback
            fail(f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govaudit")
def cli():
    """审核政府信息公开工作年度报告：章节、表格勾稽关系、必报事项、跨年连续性。"""


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="输出格式")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件（默认标准输出）")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def extract(fmt, output, files):
    """读取报告，输出其中的数据（事实）及其位置。"""
    from .api import extract as extract_one
    from .report.extract_output import render_csv, render_json
    from .report.write import write_output

    results = [extract_one(path) for path in files]
    text = render_json(results) if fmt == "json" else render_csv(results)
    write_output(text, output)


def main():
    cli(prog_name="govaudit")

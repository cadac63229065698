"""What the commands share that needs no click: exit codes, one-line errors,
the guard around a command, and finding reports and their configurations.

Kept apart from app.py (the click commands) so that `govaudit check PATH…`,
which has no option to parse, runs without importing click (console.py).
"""

from __future__ import annotations

import os
import sys

from ..core.errors import GovauditError, internal_error

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def echo_error(line: str) -> None:
    """A line on stderr (click.echo's `err=True`, without click)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def say_error(message) -> str:
    """`govaudit: 错误: …` on one line: a file name's line breaks and escape
    sequences are shown as \\xNN, never let through to the terminal."""
    from ..text.sanitize import one_line

    return f"govaudit: 错误: {one_line(message)}"


def fail(message: str) -> None:
    echo_error(say_error(message))
    sys.exit(EXIT_USAGE)


class Terminated(SystemExit):
    """SIGTERM as an exception: `finally` blocks and atexit handlers run, so
    temporary files (ours beside the outputs, openpyxl's in the temp folder)
    are removed and no output is left half written."""


def on_sigterm(signum, frame):
    raise Terminated(128 + signum)


def guarded(call, passthrough: tuple = ()):
    """call()'s value, with every error turned into one line on stderr and
    an exit code: ours (GovauditError) 2, an interrupt 130, a bug of ours
    still one line, never a traceback. `passthrough`: exceptions the caller
    handles itself (click's own)."""
    try:
        return call()
    except GovauditError as exc:
        fail(str(exc))
    except Terminated:
        echo_error("govaudit: 已终止")
        raise
    except (SystemExit, *passthrough):
        raise
    except KeyboardInterrupt:
        echo_error("govaudit: 已中断")
        sys.exit(130)
    except Exception as exc:
        fail(internal_error(exc))


def load_configuration(config_path, start=None):
    from ..lint.config import load_config

    return load_config(config_path, start=start)


def _split_ids(values) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]  # as typed: quoted back so in errors


def reports_in(files):
    """The report files named or found in the folders named, and an
    InputError for each folder holding none."""
    from ..batch.collect import collect

    paths, _ = collect(files)
    folders = EmptyFolders(files)
    for path in paths:
        folders.found(path)
    return paths, folders.errors()


class EmptyFolders:
    """The folders named that hold no report, told each report found (check finds them one at a time)."""

    def __init__(self, files):
        self.folders = [folder for folder in files if os.path.isdir(folder)]
        self.empty = {folder: os.path.realpath(folder) + os.sep for folder in self.folders}  # none found in them yet

    def found(self, path: str) -> None:
        if self.empty:
            real = os.path.realpath(path)
            for folder in [f for f, inside in self.empty.items() if real.startswith(inside)]:
                del self.empty[folder]

    def errors(self) -> list:
        """An InputError for each folder named that held no report, in the order named."""
        from ..core.errors import InputError
        from ..load import SUPPORTED

        return [InputError(folder, f"目录中没有报告文件（{SUPPORTED}）") for folder in self.folders if folder in self.empty]


def configured(config, options):
    """`config` with the command line's options over it, and its rule set;
    an unknown rule code is exit 2, the options' under their own names."""
    from ..engine.run import rule_set
    from ..lint.codes import resolve_all, resolve_config

    rules = rule_set(config.rule_files)  # rule-file errors surface before any report is read
    config = resolve_config(config, rules)
    if options["select"]:
        config.select = resolve_all(_split_ids(options["select"]), rules, "--select", "命令行")
    if options["ignore"]:
        config.ignore = config.ignore + resolve_all(_split_ids(options["ignore"]), rules, "--ignore", "命令行")
    if options["fail_on"]:
        config.fail_on = options["fail_on"]
    if options["min_confidence"]:
        config.min_confidence = options["min_confidence"]
    return config, rules


def group_keys(paths, config_path) -> dict[str, str]:
    """{path: which configuration it takes}: --config for all, else the nearest
    above its own folder (as ruff), else the nearest above the current folder
    (a report outside the project: as before), keyed by that file ("" for none).
    Each folder is looked up once, however many reports it holds."""
    by_folder: dict[str, str] = {}
    return {path: config_key(path, config_path, by_folder) for path in paths}


def config_key(path: str, config_path, by_folder: dict) -> str:
    """group_keys of one path; `by_folder`: the keys of the folders met so far (filled here)."""
    if config_path:
        return config_path
    from ..lint.config import find_config

    folder = os.path.dirname(os.path.abspath(path))
    if folder not in by_folder:
        found = find_config(folder)
        if found is None:  # the current folder's, looked up once: what it gives is its own entry
            here = os.getcwd()
            if here not in by_folder:
                by_folder[here] = find_config(here) or ""
            found = by_folder[here]
        by_folder[folder] = found or ""
    return by_folder[folder]


def config_groups(keys: dict, config_path, options, configs: dict | None = None) -> dict:
    """{key: (config, rules)} for the configurations the reports take (`keys`: group_keys), in order of first use;
    `configs`: those configurations, already read (configurations())."""
    if configs is None:
        configs = configurations(keys, config_path)
    return {key: configured(config, options) for key, config in configs.items()}


def configurations(keys: dict, config_path) -> dict:
    """{key: Config} for the configurations the reports take (`keys`: group_keys), in order of first use; no rules yet."""
    from ..lint.config import Config

    configs: dict = {}
    for key in list(keys.values()) or [config_path or ""]:
        if key not in configs:
            configs[key] = load_configuration(key) if key else Config()
    return configs

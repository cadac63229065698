"""click's own messages in Chinese, as every other message of govaudit.

click looks its messages up through gettext (`_()` and `ngettext()` in each
of its modules), with the English text as the key: the hook a translation
catalogue uses. govaudit ships no .mo file and sets no locale, so it hands
click a lookup of its own over this table instead. A message missing here
stays English: the table is keyed by click's exact templates.
"""

from __future__ import annotations

TEXT = {
    "Error: {message}": "错误: {message}",
    "Try '{command} {option}' for help.": "用 “{command} {option}” 查看帮助。",
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Aborted!": "已中断",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "integer": "整数",
    "float": "数",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Show this message and exit.": "显示帮助并退出",
    "Show the version and exit.": "显示版本并退出",
    "default: {default}": "默认：{default}",
    "required": "必需",
    "(dynamic)": "（动态）",
}

PLURAL = {
    "Got unexpected extra argument ({args})": ("多余的参数（{args}）", "多余的参数（{args}）"),
    "Did you mean {possibility}?": ("您是否想用 {possibility}？", "（您是否想用其中之一：{possibilities}？）"),
    "Option {name!r} requires an argument.": ("选项 {name!r} 需要一个值。", "选项 {name!r} 需要 {nargs} 个值。"),
    "{value!r} is not {choice}.": ("{value!r} 不是 {choice}。", "{value!r} 不是 {choices} 之一。"),
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 个值，但给了 1 个。", "需要 {nargs} 个值，但给了 {len} 个。"),
}


def gettext(message: str) -> str:
    return TEXT.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Point click's message lookups at this table (before any command runs)."""
    import importlib

    for name in ("core", "exceptions", "parser", "types", "formatting", "decorators"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext

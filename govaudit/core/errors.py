"""Errors that reach the user as one line and exit code 2, never a traceback."""


class GovauditError(Exception):
    """Base class: anything the CLI turns into `govaudit: 错误: …` and exit 2."""


class InputError(GovauditError):
    """An input file that cannot be used (missing, empty, binary, broken, too big…)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self):  # across a worker's pipe: rebuilt from its fields, not its message
        return type(self), (self.path, self.problem)


class ConfigError(GovauditError):
    """A configuration or rule file that cannot be used."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem

    def __reduce__(self):
        return type(self), (self.path, self.problem, self.line)


def internal_error(exc: BaseException) -> str:
    """A bug of ours (or of a library) said in one line, never a traceback."""
    return f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}"

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


# Why the system refused, in Chinese (strerror is English whatever the locale).
_OS_REASONS = {
    "ENOENT": "文件或目录不存在",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EROFS": "文件系统只读",
    "EISDIR": "这是一个目录",
    "ENOTDIR": "路径中有一项不是目录",
    "ENAMETOOLONG": "文件名太长",
    "EEXIST": "文件已存在",
    "EIO": "读写出错（输入输出错误）",
    "EMFILE": "打开的文件过多",
    "ETXTBSY": "文件正被使用",
    "EBUSY": "文件正被使用",
}


def os_reason(exc: OSError) -> str:
    """An OSError's reason in Chinese; an unusual one by its code (ESTALE)."""
    import errno

    code = errno.errorcode.get(exc.errno or 0)
    return _OS_REASONS.get(code) or f"系统错误 {code or exc.errno or type(exc).__name__}"

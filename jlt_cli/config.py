"""Configuration: the packaged defaults, extended by a jlt.yaml.

Like MkDocs, config is data with a schema: the defaults file *is* the schema.
A user file may only use keys the defaults have (except in the open maps listed
below); vocabulary lists are appended to, everything else replaces.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAME = "jlt.yaml"

# Lists the user extends rather than replaces.
EXTEND_PATHS = {
    ("title_labels",),
    ("units", "district"),
    ("units", "towns"),
    ("units", "universities"),
    ("units", "extra"),
    ("waivers",),
    ("duplicate", "waived_pairs"),
}
EXTEND_PATTERNS = {("sections", "*", "synonyms"), ("types", "*", "aliases"), ("metadata_labels", "*")}
# Maps whose keys are the user's own (rule ids, unit aliases, type terms).
OPEN_MAPS = {("rules",), ("units", "aliases"), ("types", "*", "terms")}
RULE_LEVELS = ("off", "warning", "error")


class ConfigError(Exception):
    """A config file that cannot be used; the message is Chinese and names file and line."""


def _matches(path: tuple, patterns: set[tuple]) -> bool:
    for pat in patterns:
        if len(pat) == len(path) and all(p == "*" or p == k for p, k in zip(pat, path)):
            return True
    return False


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__lines__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def load_defaults() -> dict:
    text = resources.files("jlt_cli").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _merge(base: dict, user: dict, source: Path, path: tuple = ()) -> None:
    lines = user.get("__lines__", {})
    for key, value in user.items():
        if key == "__lines__":
            continue
        here = path + (key,)
        where = f"{source}:{lines.get(key, '?')}"
        dotted = ".".join(str(k) for k in here)
        if key not in base and not _matches(path, OPEN_MAPS):
            known = "、".join(str(k) for k in base if not str(k).startswith("_"))
            raise ConfigError(f"{where}: 未知的配置项“{dotted}”。可用的配置项：{known}")
        if key in base and isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: “{dotted}”应为键值表（映射），而不是 {type(value).__name__}")
            _merge(base[key], value, source, here)
            continue
        clean = _strip_lines(value)
        if key in base and isinstance(base[key], list):
            if not isinstance(clean, list):
                raise ConfigError(f"{where}: “{dotted}”应为列表")
            if here == ("waivers",):
                _check_waivers(value, source, lines.get(key, "?"))
            elif here == ("duplicate", "waived_pairs"):
                _check_pairs(clean, where)
            if here in EXTEND_PATHS or _matches(here, EXTEND_PATTERNS):
                base[key] = base[key] + [v for v in clean if v not in base[key]]
            else:
                base[key] = clean
            continue
        # YAML reads yes/no as booleans, and bool is an int in Python: refuse it where a number is meant
        bad_bool = isinstance(clean, bool) and key in base and not isinstance(base[key], bool)
        if bad_bool or key in base and base[key] is not None and not isinstance(clean, type(base[key])):
            # ints are acceptable where floats are expected
            if not (isinstance(base[key], float) and isinstance(clean, int)):
                raise ConfigError(
                    f"{where}: “{dotted}”的值 {clean!r} 类型不对，应与默认值 {base[key]!r} 同类"
                )
        if path == ("rules",) and clean is False:
            clean = "off"  # YAML 1.1 reads a bare off as false
        if path == ("rules",) and clean not in RULE_LEVELS:
            raise ConfigError(f"{where}: 规则“{key}”的级别应为 off、warning 或 error，而不是 {clean!r}")
        if path == ("rules",):
            _check_rule_id(str(key), where)
        _check_range(here, clean, where, dotted)
        base[key] = clean


# Numeric settings and the values they may take: (lowest, highest, lowest allowed itself).
RANGES = {
    ("duplicate", "threshold"): (0.0, 1.0, False),
    ("brochure", "image_max_px"): (1, None, True),
}
WAIVER_KEYS = ("file", "rule", "reason")


def _check_range(here: tuple, value: Any, where: str, dotted: str) -> None:
    if here[:1] == ("limits",):
        low, high, inclusive = (0, None, True) if here[-1] in ("min_chars", "section_min_chars") else (0, None, False)
    elif here in RANGES:
        low, high, inclusive = RANGES[here]
    else:
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    too_low = value < low or (value == low and not inclusive)
    if too_low or (high is not None and value > high):
        span = f"大于{'等于' if inclusive else ''} {low}" + (f" 且不超过 {high}" if high is not None else "")
        raise ConfigError(f"{where}: “{dotted}”的值 {value!r} 超出范围，应{span}")


def known_rule_ids() -> set[str] | None:
    """Ids of every registered rule, or None when the registry cannot be loaded (then ids are not checked)."""
    try:
        import importlib

        import jlt_cli.pipeline  # noqa: F401 - registers reader, structure and editorial rules
        from jlt_cli.checks.registry import RULES
        from jlt_cli.commands import COMMANDS

        for name in COMMANDS:  # commands may register rules of their own (build)
            try:
                importlib.import_module(f"jlt_cli.commands.{name}")
            except ImportError:
                pass
    except ImportError:
        return None
    return set(RULES)


def _check_rule_id(rule: str, where: str) -> None:
    known = known_rule_ids()
    if known is None or rule in known:
        return
    import difflib

    close = difflib.get_close_matches(rule.replace("_", "-"), sorted(known), n=1)
    hint = f"是否指“{close[0]}”？" if close else ""
    raise ConfigError(f"{where}: 未知的规则“{rule}”。{hint}可运行 jlt rules 查看全部规则编号。")


def _check_waivers(items: list, source: Path, line: Any) -> None:
    """waivers: [{file, rule, reason}] — a waiver without a reason would hide a problem silently."""
    for n, item in enumerate(items, 1):
        item_lines = item.get("__lines__", {}) if isinstance(item, dict) else {}
        where = f"{source}:{min(item_lines.values()) if item_lines else line}"
        example = "例如 - {file: 某某镇.docx, rule: unknown-unit, reason: 经核实为受邀单位}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: waivers 的第 {n} 项应为包含 file、rule、reason 的键值表，{example}")
        for key in item:
            if key != "__lines__" and key not in WAIVER_KEYS:
                raise ConfigError(f"{source}:{item_lines.get(key, line)}: waivers 的第 {n} 项有未知的键“{key}”，只能是 file、rule、reason")
        for key in WAIVER_KEYS:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: waivers 的第 {n} 项缺少“{key}”（应为非空文字），{example}")
        _check_rule_id(item["rule"], f"{source}:{item_lines.get('rule', line)}")


def _check_pairs(pairs: list, where: str) -> None:
    for n, pair in enumerate(pairs, 1):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair)):
            raise ConfigError(f"{where}: duplicate.waived_pairs 的第 {n} 项应为两个文件名组成的列表，例如 [甲.docx, 乙.docx]")


def find_config(start: Path) -> Path | None:
    """jlt.yaml in ``start`` or the nearest parent that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


@dataclass
class Config:
    data: dict
    source: Path | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    @property
    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    def rule_severity(self, rule_id: str) -> str | None:
        return (self.data.get("rules") or {}).get(rule_id)

    def waiver_for(self, display_path: str, rule_id: str) -> str | None:
        name = Path(display_path).name
        for w in self.data.get("waivers") or []:
            if not isinstance(w, dict):
                continue
            target = str(w.get("file", ""))
            if w.get("rule") == rule_id and target in (display_path, name):
                return str(w.get("reason") or "已人工复核")
        return None


_YAML_PROBLEMS = (
    ("mapping values are not allowed here", "这里不能出现“键: 值”（常见原因：上一行缩进不对、冒号后漏了空格，或值里含冒号却没加引号）"),
    ("expected ',' or ']'", "方括号列表没有闭合（缺少“]”或逗号）"),
    ("expected ',' or '}'", "花括号没有闭合（缺少“}”或逗号）"),
    ("found character '\\t'", "用了制表符（Tab）缩进，请改用空格"),
    ("could not find expected ':'", "缺少冒号“:”（键和值之间要用半角冒号加空格）"),
    ("found undefined alias", "引用了未定义的别名（*…）"),
    ("found unexpected end of stream", "文件在引号或括号中途结束（引号没有配对）"),
)


def _yaml_problem(exc: Exception) -> str:
    problem = str(getattr(exc, "problem", "") or exc)
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return chinese
    return problem


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Defaults, then ``explicit`` or the jlt.yaml found from ``cwd`` upward."""
    data = load_defaults()
    source = explicit if explicit is not None else find_config(cwd or Path.cwd())
    if source is None:
        return Config(data)
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件：{source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {source}：{exc}") from None
    try:
        user = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        for n, raw in enumerate(text.splitlines(), 1):
            # the usual slip when typing in a Chinese input method: 键：值 instead of 键: 值
            if re.match(r"^\s*[-\w\u4e00-\u9fff]+\s*：", raw) and not re.match(r"^\s*[-\w\u4e00-\u9fff]+\s*:", raw):
                raise ConfigError(f"{source}:{n}: 这一行用了全角冒号“：”，YAML 的键后面要用半角冒号“:”再加一个空格。") from None
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{source}{line}: 配置文件不是有效的 YAML：{_yaml_problem(exc)}") from None
    if user is None:
        return Config(data, Path(source))
    if not isinstance(user, dict):
        raise ConfigError(f"{source}: 配置文件的顶层应为键值表（例如 brochure: …）")
    _merge(data, user, Path(source))
    limits = data.get("limits") or {}
    if isinstance(limits.get("min_chars"), int) and isinstance(limits.get("max_chars"), int) \
            and limits["min_chars"] >= limits["max_chars"]:
        limit_lines = (user.get("limits") or {}).get("__lines__") or {}
        line = limit_lines.get("max_chars", limit_lines.get("min_chars", "?"))
        raise ConfigError(
            f"{source}:{line}: limits.min_chars（{limits['min_chars']}）应小于 limits.max_chars（{limits['max_chars']}）"
        )
    return Config(copy.deepcopy(data), Path(source))

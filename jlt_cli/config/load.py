"""Reading a jlt.yaml on top of the packaged defaults, with errors that name file and line.

Like MkDocs, configuration is data with a schema, and the defaults file *is* the schema: a user file may
only use keys the defaults have (except in the open maps below); vocabulary lists are appended to,
everything else replaces. Rule ids are not checked here (this layer does not know the rules): the
positions of every rule id are kept so that the layer that does can say where a wrong one was written.
"""

from __future__ import annotations

import copy
import re
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
# Maps whose keys are the user's own (rule ids, unit names, type terms, file names).
OPEN_MAPS = {("rules",), ("units", "aliases"), ("units", "full_names"), ("units", "branches"), ("types", "*", "terms"), ("files",)}
# Maps whose new entries must have the shape of a template: a new case type, a per-file decision.
TEMPLATED_MAPS = {("types",): "type_template", ("files",): "file_template"}
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
    """The packaged defaults, as plain data (templates for open maps removed)."""
    data = _raw_defaults()
    for template_key in TEMPLATED_MAPS.values():
        data.pop(template_key, None)
    return data


def defaults_text() -> str:
    return resources.files("jlt_cli.config").joinpath("defaults.yaml").read_text(encoding="utf-8")


def _raw_defaults() -> dict:
    return yaml.safe_load(defaults_text())


class _Merger:
    def __init__(self, source: Path, templates: dict[tuple, dict], types: dict):
        self.source = source
        self.templates = templates
        self.types = types  # the merged types (a file's decision may name a type the same file adds)
        self.positions: dict[str, str] = {}

    def merge(self, base: dict, user: dict, path: tuple = ()) -> None:
        lines = user.get("__lines__", {})
        for key, value in user.items():
            if key == "__lines__":
                continue
            here = path + (key,)
            where = f"{self.source}:{lines.get(key, '?')}"
            dotted = ".".join(str(k) for k in here)
            if key not in base and path in self.templates:
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: “{dotted}”应为键值表（映射），例如 {self._example(path)}")
                base[key] = copy.deepcopy(self.templates[path])
                self.positions[dotted] = where
                self.merge(base[key], value, here)
                self._check_entry(path, key, base[key], value, where)
                continue
            if key not in base and not _matches(path, OPEN_MAPS):
                known = "、".join(str(k) for k in base if not str(k).startswith("_"))
                raise ConfigError(f"{where}: 未知的配置项“{dotted}”。可用的配置项：{known}")
            if key in base and isinstance(base[key], dict):
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: “{dotted}”应为键值表（映射），而不是 {type(value).__name__}")
                self.merge(base[key], value, here)
                continue
            clean = _strip_lines(value)
            if key in base and isinstance(base[key], list):
                if not isinstance(clean, list):
                    raise ConfigError(f"{where}: “{dotted}”应为列表")
                if here == ("waivers",):
                    self._check_waivers(value, lines.get(key, "?"))
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
                # a number is a number: 0.5 is a fine max_file_mb, 2 a fine threshold
                numbers = (int, float)
                if not (isinstance(base[key], numbers) and isinstance(clean, numbers) and not isinstance(clean, bool)):
                    raise ConfigError(f"{where}: “{dotted}”的值 {clean!r} 类型不对，应与默认值 {base[key]!r} 同类")
            if path == ("rules",):
                if clean is False:
                    clean = "off"  # YAML 1.1 reads a bare off as false
                if clean not in RULE_LEVELS:
                    raise ConfigError(f"{where}: 规则“{key}”的级别应为 off、warning 或 error，而不是 {clean!r}")
                self.positions[f"rules.{key}"] = where
            if _matches(path, {("types", "*", "terms")}) and (
                    not isinstance(clean, (int, float)) or isinstance(clean, bool)):
                raise ConfigError(f"{where}: 类型特征词“{key}”的权重应为数字（例如 2），而不是 {clean!r}")
            _check_range(here, clean, where, dotted)
            base[key] = clean

    @staticmethod
    def _example(path: tuple) -> str:
        if path == ("types",):
            return "{full_name: 心理健康教育案例, terms: {心理健康: 3}}"
        return "{type: 困境儿童, reason: 经与单位确认改列}"

    def _check_entry(self, path: tuple, key: Any, entry: dict, given: dict, where: str) -> None:
        if path == ("types",):
            if not str(entry.get("full_name") or "").strip():
                raise ConfigError(f"{where}: 新增的案例类型“{key}”缺少 full_name（全名，例如“{key}案例”）")
            if not entry.get("terms"):
                raise ConfigError(f"{where}: 新增的案例类型“{key}”缺少 terms（内容特征词及权重），否则无法判断哪些案例属于它")
        elif path == ("files",):
            decisions = [k for k in ("type", "unit", "title", "include") if k in given]
            if not decisions:
                raise ConfigError(f"{where}: files 中“{key}”没有写任何决定（type、unit、title 或 include）")
            if not str(entry.get("reason") or "").strip():
                raise ConfigError(f"{where}: files 中“{key}”的决定缺少 reason（理由），例如 reason: 经与单位确认改列")
            wanted = str(entry.get("type") or "").strip()
            if wanted and not _names_a_type(wanted, self.types):
                raise ConfigError(f"{where}: files 中“{key}”的 type“{wanted}”不是已配置的案例类型，可用：{'、'.join(self.types)}")

    def _check_waivers(self, items: list, line: Any) -> None:
        """waivers: [{file, rule, reason}] — a waiver without a reason would hide a problem silently."""
        for n, item in enumerate(items, 1):
            item_lines = item.get("__lines__", {}) if isinstance(item, dict) else {}
            where = f"{self.source}:{min(item_lines.values()) if item_lines else line}"
            example = "例如 - {file: 某某镇.docx, rule: unknown-unit, reason: 经核实为受邀单位}"
            if not isinstance(item, dict):
                raise ConfigError(f"{where}: waivers 的第 {n} 项应为包含 file、rule、reason 的键值表，{example}")
            for key in item:
                if key != "__lines__" and key not in WAIVER_KEYS:
                    raise ConfigError(f"{self.source}:{item_lines.get(key, line)}: waivers 的第 {n} 项有未知的键“{key}”，只能是 file、rule、reason")
            for key in WAIVER_KEYS:
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise ConfigError(f"{where}: waivers 的第 {n} 项缺少“{key}”（应为非空文字），{example}")
            self.positions[f"waivers.{n}"] = f"{self.source}:{item_lines.get('rule', line)}"


# Settings that take one of a few words.
CHOICES = {("units", "print"): ("full", "short")}
# Numeric settings and the values they may take: (lowest, highest, lowest allowed itself).
RANGES = {
    ("duplicate", "threshold"): (0.0, 1.0, False),
    ("brochure", "image_max_px"): (1, None, True),
}
WAIVER_KEYS = ("file", "rule", "reason")


def _names_a_type(text: str, types: dict) -> bool:
    """A type written by its short name, full name or one of its aliases."""
    return any(text == name or text == str(spec.get("full_name")) or text in (spec.get("aliases") or [])
               for name, spec in types.items())


def _check_range(here: tuple, value: Any, where: str, dotted: str) -> None:
    if here in CHOICES and value not in CHOICES[here]:
        raise ConfigError(f"{where}: “{dotted}”的值 {value!r} 不可用，应为 {' 或 '.join(CHOICES[here])}")
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


def _check_pairs(pairs: list, where: str) -> None:
    for n, pair in enumerate(pairs, 1):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair)):
            raise ConfigError(f"{where}: duplicate.waived_pairs 的第 {n} 项应为两个文件名组成的列表，例如 [甲.docx, 乙.docx]")


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


def read_user_file(source: Path) -> dict | None:
    """The user's jlt.yaml as data with key lines, or None when it is empty."""
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件：{source}") from None
    except IsADirectoryError:
        raise ConfigError(f"配置文件应是一个文件，而“{source}”是文件夹") from None
    except UnicodeDecodeError:
        raise ConfigError(f"无法读取配置文件 {source}：不是 UTF-8 编码，请用记事本另存为 UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {source}：{exc.strerror or exc}") from None
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
        return None
    if not isinstance(user, dict):
        raise ConfigError(f"{source}: 配置文件的顶层应为键值表（例如 brochure: …）")
    return user


def merged(user: dict | None, source: Path) -> tuple[dict, dict[str, str]]:
    """Defaults with ``user`` merged in, and the positions (file:line) of rule ids and decisions."""
    raw = _raw_defaults()
    templates = {path: raw.pop(key) for path, key in TEMPLATED_MAPS.items()}
    data = raw
    merger = _Merger(source, templates, data["types"])
    if user:
        # types first: a decision under files: may name a type this very file adds
        ordered = {**({"types": user["types"]} if "types" in user else {}), **user}
        merger.merge(data, ordered)
        _check_limits(data, user, source)
    return data, merger.positions


def _check_limits(data: dict, user: dict, source: Path) -> None:
    limits = data["limits"]
    if limits["min_chars"] >= limits["max_chars"]:
        limit_lines = (user.get("limits") or {}).get("__lines__") or {}
        line = limit_lines.get("max_chars", limit_lines.get("min_chars", "?"))
        raise ConfigError(
            f"{source}:{line}: limits.min_chars（{limits['min_chars']}）应小于 limits.max_chars（{limits['max_chars']}）"
        )

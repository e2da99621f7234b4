"""What a recogniser finds: a Match, with what it is, how sure, why, and what prints instead."""

from __future__ import annotations

import re
from dataclasses import dataclass


from jlt_cli.understand.personnames import (DOUBLE_SURNAMES)


@dataclass(frozen=True)
class Match:
    kind: str  # id / mobile / landline / bank / wechat / qq / email / address / name (/ school / class)
    start: int
    end: int
    value: str
    certain: bool  # an error when certain; a name that may be a child's is a warning for staff
    reason: str  # why, in Chinese: 与“四年级1班”同时出现 / 校验位正确的18位身份证号
    printed: str  # what the brochure prints instead (王某, （电话略）, the village without its group)
    whose: str = ""  # for names: child / parent

    @property
    def masked(self) -> str:
        """How a message names the match: enough to find it in the file, too little to identify anyone.

        A name shows its surname only (刘××): 刘*语 beside a school and class still points at one child. A number
        keeps its first and last digits, an address its words (合阳大道**号*栋).
        """
        v = self.value
        if self.kind in ("school", "class"):
            return self.printed  # 某小学, 四年级: the value itself is what is kept back
        if self.kind == "name":
            surname = self.printed[:-1]  # 刘某 → 刘
            return surname + "×" * (len(v) - len(surname))
        if self.kind in ("id", "bank"):
            return _mask_digits(v, 4, 4)
        if self.kind == "mobile":
            return _mask_digits(v, 3 + max(0, len(re.sub(r"\D", "", v)) - 11), 4)
        if self.kind == "landline":
            digits = re.sub(r"\D", "", v)
            return _mask_digits(v, 3 if digits[:2] in ("01", "02") else 4 if digits[:1] == "0" else 0, 4)
        if self.kind == "address":
            v = re.sub(r"[0-9０-９]", "*", v)
            # the lookbehind starts a run only at its first numeral: linear on a long run of numerals
            return re.sub(r"(?<![一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]+(?=号|栋|幢|单元|楼|层|室|组|社|队)",
                          lambda m: "*" * len(m.group()), v)
        if self.kind == "email":
            local, _, domain = v.partition("@")
            return local[:1] + "*" * max(1, len(local) - 1) + "@" + domain
        return v[:2] + "*" * max(1, len(v) - 4) + v[-2:]  # 微信号、QQ号

    @property
    def label(self) -> str:
        if self.kind == "name":
            return {"child": "儿童真实姓名", "parent": "家长真实姓名"}.get(self.whose, "姓名")
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "id": "身份证号",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank": "银行卡号",
    "wechat": "微信号",
    "qq": "QQ号",
    "email": "电子邮箱",
    "address": "家庭住址",
    "name": "姓名",
    # what --redact also takes out beside a child's name (privacy/details.py); never reported as a finding
    "school": "学校名称",
    "class": "班号",
}
KIND_ADVICE = {
    "id": "请删去身份证号",
    "mobile": "请删去该电话号码（单位联系电话只写在文首“联系电话”一行）",
    "landline": "请删去该电话号码（单位联系电话只写在文首“联系电话”一行）",
    "bank": "请删去银行卡号",
    "wechat": "请删去微信号",
    "qq": "请删去QQ号",
    "email": "请删去个人邮箱",
    "address": "请删去村组、楼栋和门牌号，住址最多写到镇街或村（社区）",
    "name": "请改用化名（如“小明”“王某”）并注明“化名”，不要与学校、班级或住址同时出现",
}
PRINTED = {"id": "（身份证号略）", "mobile": "（电话略）", "landline": "（电话略）", "bank": "（卡号略）",
           "wechat": "（微信号略）", "qq": "（QQ号略）", "email": "（邮箱略）"}


def _mask_digits(value: str, head: int, tail: int) -> str:
    digits = [i for i, c in enumerate(value) if c.isdigit() or c in "Xx"]
    keep = set(digits[:head]) | set(digits[len(digits) - tail :] if tail else [])
    return "".join(c if (i in keep or i not in digits) else "*" for i, c in enumerate(value))


def pseudonym(name: str) -> str:
    """王小明 → 王某, 欧阳娜娜 → 欧阳某: how case reports write a name they keep back."""
    return (name[:2] if name[:2] in DOUBLE_SURNAMES else name[:1]) + "某"



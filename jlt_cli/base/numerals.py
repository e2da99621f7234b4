"""Chinese numerals, as Word draws list labels and official documents write numbers and dates."""

from __future__ import annotations

import datetime

DIGITS = "零一二三四五六七八九"
DATE_DIGITS = "〇一二三四五六七八九"  # a year is written 二〇二五, not 二零二五


def chinese(n: int) -> str:
    """Counting numerals: 一, 十, 十一, 二十, 一百零一 (digits for 0, negatives and 100,000 and above)."""
    if n <= 0 or n >= 100000:
        return str(n)
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十")):
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            if not (value == 10 and digit == 1 and not out):  # 10-19 read 十, 十一
                out.append(DIGITS[digit])
            out.append(unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(DIGITS[rest])
    return "".join(out)


def ordinal_label(n: int) -> str:
    """The label of the n-th item of a list (1-based): 一 … 九十九, digits beyond."""
    return chinese(n) if 1 <= n < 100 else str(n)


def chinese_date(day: datetime.date) -> str:
    """二〇二五年七月二十五日, as official documents date themselves."""
    def number(n: int) -> str:
        return chinese(n)

    year = "".join(DATE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


def chinese_month(day: datetime.date) -> str:
    """二〇二五年九月."""
    year = "".join(DATE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese(day.month)}月"


def roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)

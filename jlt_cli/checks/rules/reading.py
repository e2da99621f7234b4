"""Rules reported while a file is read. Readers report them as problems; they are documented here.

Their severity comes from jlt.yaml like any other rule's (``rules: {tracked-changes: off}``). A file that
cannot be read at all has no content to check, so its reading rule cannot be switched off.
"""

from __future__ import annotations

from jlt_cli.checks.registry import reading_rule
from jlt_cli.model import Severity

# The rules whose finding means the file has no content: they always count, whatever jlt.yaml says.
UNSKIPPABLE = frozenset({"unreadable", "unsupported-format", "empty-file", "file-too-large", "internal-error"})

reading_rule("unreadable", Severity.ERROR, """文件损坏、加密或无法解析

为什么：jlt 读不出文字，就无法检查和汇编。常见原因：文件传输不完整、加了密码、是扫描件（只有图片）、
文本文件的编码无法识别，或被恶意构造。
怎么改：消息中写明了原因；一般用 Word/WPS 打开后另存为 .docx（去除密码），文本文件另存为 UTF-8 后重新提交。
示例：“文件已加密，请去除密码后重新提交。”
""")

reading_rule("unsupported-format", Severity.ERROR, """不支持的文件格式（.doc/.wps/.rtf/.odt/.pdf、压缩包等）

为什么：jlt 读取 Word（.docx）和 Markdown/文本文件；旧格式和 PDF 无法可靠读出案例结构，压缩包不会自动解压。
怎么改：用 Word/WPS 另存为 .docx 后重新提交；压缩包请解压后放入收件文件夹。工作人员装有 LibreOffice 时，
也可用 --convert 临时转换旧格式。
示例：“这是旧版 Word 文档（.doc 格式）。请用 Word/WPS 另存为 .docx 后重新提交。”
""")

reading_rule("empty-file", Severity.ERROR, """文件为空或没有可读的文字

为什么：空文件或空白文档多半是发错了附件。
怎么改：检查后重新提交案例的 Word 文件。
示例：0 字节的“案例.docx”。
""")

reading_rule("file-too-large", Severity.ERROR, """文件超过配置的大小上限

为什么：过大的文件（多为未压缩的照片）拖慢审核和汇编，也可能是异常文件；文字、行、段落、表格单元格、
脚注或链接多到远超一篇案例所需（大量重复的符号或粘贴的台账）的文件同样只报这一条，不拖垮整次审核。
怎么改：压缩图片后重新提交；只提交案例本身，删去台账、名单和重复的内容。确需审核时，工作人员可在 jlt.yaml 的
limits 中调高对应的上限（消息中写明是哪一项，如 limits.max_file_mb、limits.max_text_chars）。
示例：插入了二十张原图的 45 MB 文档；粘贴了十万行台账的 Markdown 文件。
""")

reading_rule("macro-document", Severity.WARNING, """启用宏的文档：只读取文字，宏不会运行

为什么：.docm 文件带有宏代码，jlt 只读文字，从不运行宏；宏文档在单位之间传递有安全风险。
怎么改：在 Word/WPS 中另存为不含宏的 .docx 后重新提交。
示例：“案例.docm”。
""")

reading_rule("tracked-changes", Severity.WARNING, """文档中仍有未处理的修订或批注

为什么：带修订痕迹的文档，在不同电脑上显示的内容可能不同；jlt 按“接受全部修订”后的文字读取。
怎么改：在 Word 中“接受所有修订”（或拒绝）、删除批注后重新提交。
示例：审阅时留下的删除线和批注框。
""")

reading_rule("bad-image", Severity.WARNING, """图片损坏、过大、为外部链接或找不到，已略去

为什么：损坏或链接到外部文件的图片无法印出；jlt 从不下载外部内容。
怎么改：在 Word 中用“插入 → 图片”把图片嵌入文档（不要选“链接到文件”），或重新插入损坏的图片。
示例：Word 中显示为红叉的图片。
""")

reading_rule("converted", Severity.WARNING, """旧格式文件经 LibreOffice 转换后读取（--convert）

为什么：转换可能改变版式或丢失内容，读到的文字需要核对。
怎么改：请单位另存为 .docx 后重新提交；或由工作人员核对 jlt show 的结果。
示例：“该文件由 LibreOffice 从 .doc 转换后读取，请核对内容”。
""")

reading_rule("internal-error", Severity.ERROR, """jlt 处理该文件时出现内部错误

为什么：文件触发了 jlt 自身的缺陷。这一个文件报此问题，其余文件照常处理。
怎么改：请把该文件报告给维护者；单位可先另存为 .docx 重新提交试试。
示例：“jlt 内部错误（IndexError: …），请把此文件报告给维护者。”
""")

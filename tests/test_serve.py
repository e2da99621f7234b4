"""jlt serve (issue 13), in-process: the API gives what the CLI prints, uploads never overwrite and never choose a
path, decisions land in jlt.yaml with its comments and the CLI obeys them, every request needs the token and
every form the CSRF token. The browser and load tests are in test_serve_browser.py and test_serve_load.py."""

from __future__ import annotations

import io
import json
import re
import time
import warnings
import zipfile

import pytest
from click.testing import CliRunner

from casebuilder import case_markdown, write
from jlt_cli.actions.init import init
from jlt_cli.cli import app as cli_app

starlette = pytest.importorskip("starlette")
pytest.importorskip("httpx")
with warnings.catch_warnings():  # starlette 1.x suggests httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from jlt_cli.web.app import create_app  # noqa: E402

TOKEN = "test-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
SAFE_SCHOOL_TEXTS = {  # a 护校安园 case, unlike the others (no similar-case between them)
    "basic": "盐井街道辖区有中小学和幼儿园14所，学生1.2万余人，学校周边道路狭窄、上下学时段人车混行，交通安全隐患突出，"
             "校园周边流动摊贩较多，食品安全和治安防控压力较大，家长对孩子上下学安全十分关心。",
    "measures": "街道联合派出所、交巡警、市场监管所和各学校建立护校安园联席会议制度，在14所学校设立护学岗，民警、网格员、"
                "家长志愿者每天上下学时段到岗值守；开展校园周边环境综合整治，清理流动摊贩，规范停车秩序；法治副校长每学期"
                "开展法治教育和防溺水、防欺凌、防诈骗安全教育，组织应急疏散演练，对重点家庭开展走访帮扶。",
    "results": "辖区学校周边交通事故和治安案件数量明显下降，学生安全意识普遍提高，家长满意度达到97%，两所学校被评为平安校园。",
    "plans": "下一步，街道将完善护校安园长效机制，推动智慧安防建设，扩大家长志愿者队伍，持续守护学生平安成长。",
}
LEFT_BEHIND = "清平镇-社区学校建设案例.md"
LEFT_BEHIND_TEXTS = {  # a case about left-behind children that declares 社区学校 (type-mismatch)
    "basic": "清平镇有留守儿童326名、困境儿童58名，其中事实无人抚养儿童12名，部分孩子由祖辈照看，缺少关爱和监护，"
             "心理健康问题较为突出，亟需建立帮扶机制，镇里依托社区学校开展关爱活动。",
    "measures": "建立留守儿童和困境儿童一人一档、一人一策，儿童主任逐户走访，开展心理疏导和送教上门，落实低保、临时救助等政策，"
                "组织爱心妈妈与困境儿童结对帮扶，定期开展关爱活动，对监护缺失的儿童落实委托照护和临时监护措施。",
    "results": "全镇困境儿童帮扶覆盖率达到100%，留守儿童心理健康状况明显改善，结对帮扶家庭满意度达到98%，多名困境儿童重返校园。",
    "plans": "下一步将继续完善困境儿童关爱帮扶机制，扩大结对帮扶覆盖面，为留守儿童和困境儿童提供更加精准的关爱服务。",
}


@pytest.fixture
def round_dir(tmp_path, monkeypatch):
    root = tmp_path / "2026征集"
    init(root)
    inbox = root / "收件"
    write(inbox, "钱塘镇-家长学校.md", case_markdown())
    write(inbox, LEFT_BEHIND, case_markdown(title="情暖留守儿童", unit="合川区清平镇人民政府", declared="社区学校建设案例",
                                            texts=LEFT_BEHIND_TEXTS))
    write(inbox, "缺少题目.md", case_markdown(title=None, unit="合川区盐井街道办事处", texts=SAFE_SCHOOL_TEXTS))
    monkeypatch.chdir(root)  # as `jlt serve` does: 收件/… named as `jlt validate 收件` names them
    return root


@pytest.fixture
def client(round_dir):
    with TestClient(create_app(round_dir, TOKEN), base_url="http://127.0.0.1:8765") as c:
        yield c


def cli_json(*args: str) -> dict:
    res = CliRunner().invoke(cli_app, ["validate", *args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def signed_in(client) -> str:
    """Visit with ?token= like a person opening the printed address; returns the page's CSRF token."""
    res = client.get(f"/?token={TOKEN}")
    assert res.status_code == 200 and str(res.url).endswith("/")  # the token left the address bar
    return re.search(r'name="csrf-token" content="([0-9a-f]+)"', res.text).group(1)


def test_api_cases_is_exactly_what_jlt_validate_prints(client, round_dir):
    res = client.get("/api/cases", headers=BEARER)
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/json")
    cli = CliRunner().invoke(cli_app, ["validate", "收件", "--format", "json"])
    assert res.text == cli.output
    doc = res.json()
    assert doc["summary"]["files"] == 3 and doc["summary"]["invalid"] == 1
    # the second visit comes from the cache and the remembered run: the same document
    assert client.get("/api/cases", headers=BEARER).text == cli.output


def test_every_request_needs_the_token(client):
    for path in ("/", "/inbox", "/api/cases", "/static/style.css", "/api/jobs/x", "/download/x"):
        res = client.get(path)
        assert res.status_code == 401, path
        assert "令牌" in res.text
    assert client.get("/api/cases", headers={"Authorization": "Bearer wrong-token-000"}).status_code == 401
    assert client.post("/api/files", files={"file": ("a.md", b"x")}).status_code == 401
    assert client.get("/?token=wrong").status_code == 401


def test_the_token_once_then_the_cookie_and_strict_headers(client):
    res = client.get(f"/inbox?token={TOKEN}&status=invalid", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/inbox?status=invalid"
    cookie = res.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and TOKEN not in cookie
    page = client.get("/inbox?status=invalid")
    assert page.status_code == 200 and "缺少题目.md" in page.text and "钱塘镇-家长学校.md" not in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "same-origin"


def test_forms_without_the_csrf_token_or_from_another_site_change_nothing(client, round_dir):
    csrf = signed_in(client)
    before = (round_dir / "jlt.yaml").read_bytes()
    form = {"path": f"收件/{LEFT_BEHIND}", "action": "decide", "type": "困境儿童", "reason": "经与单位确认改列"}
    assert client.post("/case/decide", data=form).status_code == 403
    assert client.post("/case/decide", data={**form, "csrf": "0" * 64}).status_code == 403
    res = client.post("/case/decide", data={**form, "csrf": csrf}, headers={"Origin": "http://evil.example"})
    assert res.status_code == 403 and "CSRF" in res.text
    assert client.post("/api/files", files={"file": ("a.md", b"# x")}).status_code == 403  # cookie, no header
    assert client.post("/api/build", json={"format": "pdf"}).status_code == 403
    assert (round_dir / "jlt.yaml").read_bytes() == before
    assert sorted(p.name for p in (round_dir / "收件").iterdir()) == sorted(["缺少题目.md", LEFT_BEHIND, "钱塘镇-家长学校.md"])


def test_a_type_decision_is_written_to_jlt_yaml_with_its_comments_and_the_cli_obeys(client, round_dir):
    csrf = signed_in(client)
    assert cli_json("收件")["files"][0]["path"] == f"收件/{LEFT_BEHIND}"
    res = client.post("/case/decide", data={"csrf": csrf, "path": f"收件/{LEFT_BEHIND}", "action": "decide",
                                            "type": "困境儿童", "reason": "内容为留守儿童帮扶，经与单位确认改列"},
                      follow_redirects=True)
    assert res.status_code == 200 and "已写入 jlt.yaml" in res.text
    assert "工作人员决定：改列“困境儿童帮扶案例”（理由：内容为留守儿童帮扶，经与单位确认改列）" in res.text
    text = (round_dir / "jlt.yaml").read_text(encoding="utf-8")
    assert "# jlt 配置文件（由 jlt init 生成）" in text and "# 工作人员对单个文件的决定" in text  # comments kept
    assert f"  {LEFT_BEHIND}:\n    type: 困境儿童\n    reason: 内容为留守儿童帮扶，经与单位确认改列\n" in text
    case = {f["path"]: f for f in cli_json("收件")["files"]}[f"收件/{LEFT_BEHIND}"]
    assert case["type"] == "困境儿童" and case["decision"]["reason"] == "内容为留守儿童帮扶，经与单位确认改列"
    # and the API says the same as the CLI after the change
    assert client.get("/api/cases", headers=BEARER).json() == cli_json("收件")


def test_a_waiver_and_its_removal_and_a_decision_without_reason_is_refused(client, round_dir):
    csrf = signed_in(client)
    target = "收件/缺少题目.md"
    res = client.post("/case/decide", data={"csrf": csrf, "path": target, "action": "decide", "include": "no", "reason": " "})
    assert res.status_code == 400 and "理由" in res.text
    res = client.post("/case/decide", data={"csrf": csrf, "path": target, "action": "waive", "rule": "missing-title",
                                            "reason": "题目在封面图片中，已人工核对"}, follow_redirects=True)
    assert res.status_code == 200 and "已豁免（理由：题目在封面图片中，已人工核对）" in res.text
    assert "- {file: 缺少题目.md, rule: missing-title, reason: 题目在封面图片中，已人工核对}" in (round_dir / "jlt.yaml").read_text("utf-8")
    case = {f["path"]: f for f in cli_json("收件")["files"]}[target]
    assert case["status"] == "valid" and case["findings"][0]["waived"] == "题目在封面图片中，已人工核对"
    client.post("/case/decide", data={"csrf": csrf, "path": target, "action": "unwaive", "rule": "missing-title"})
    assert {f["path"]: f for f in cli_json("收件")["files"]}[target]["status"] == "invalid"
    # a rule the file does not have cannot be waived from the page
    res = client.post("/case/decide", data={"csrf": csrf, "path": target, "action": "waive", "rule": "personal-info",
                                            "reason": "x"})
    assert res.status_code == 400


def test_a_decision_written_by_hand_in_jlt_yaml_is_shown(client, round_dir):
    with open(round_dir / "jlt.yaml", "a", encoding="utf-8") as fh:
        fh.write('\nfiles:\n  "钱塘镇-家长学校.md":\n    include: false\n    reason: 与区级案例重复，本轮不收录\n')
    signed_in(client)
    page = client.get("/case", params={"path": "收件/钱塘镇-家长学校.md"})
    assert "工作人员决定：不收入汇编（理由：与区级案例重复，本轮不收录）" in page.text
    inbox = client.get("/inbox").text
    assert "工作人员决定" in inbox and "不收录 1" in inbox
    # the status filter knows the state every other output shows
    only = client.get("/inbox", params={"status": "excluded"}).text
    assert "钱塘镇-家长学校.md" in only and 'class="status excluded"' in only
    assert "钱塘镇-家长学校.md" not in client.get("/inbox", params={"status": "valid"}).text
    assert 'class="status excluded"' in page.text


def docx_bytes(text: str = "案例") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_uploads_keep_the_sent_name_as_data_and_choose_their_own_name(client, round_dir):
    inbox = round_dir / "收件"
    res = client.post("/api/files", headers=BEARER, files=[
        ("file", ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")),
        ("file", ("..\\..\\windows\\win.ini", b"[fonts]\n")),
        ("file", ("钱塘镇/.hidden 案例.docx", docx_bytes())),
        ("file", ("伪装.docx", b"MZ\x90\x00" + bytes(range(256)) * 4)),
        ("file", ("图片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)),
        ("file", ("新闻稿.pdf", b"%PDF-1.4\n%...")),
    ])
    assert res.status_code == 200
    got = {f["name"]: f for f in res.json()["files"]}
    assert got["../../etc/passwd"]["stored"] == "收件/etc-passwd.txt"  # the folder part is data, flattened
    assert got["..\\..\\windows\\win.ini"]["stored"] == "收件/windows-win.txt"
    assert got["钱塘镇/.hidden 案例.docx"]["stored"] == "收件/钱塘镇-hidden 案例.docx"
    assert got["伪装.docx"]["stored"] == "收件/伪装.docx"  # kept: the reader says it is not a Word file
    assert "error" in got["图片.png"] and got["图片.png"]["stored"] is None
    assert got["新闻稿.pdf"]["stored"] == "收件/新闻稿.pdf" and got["新闻稿.pdf"]["kind"] == "pdf"
    names = sorted(p.name for p in inbox.iterdir())
    assert "etc-passwd.txt" in names and not any(n.startswith(".") for n in names)
    assert not (round_dir.parent / "etc").exists()
    doc = client.get("/api/cases", headers=BEARER).json()
    by = {f["path"]: f for f in doc["files"]}
    assert by["收件/伪装.docx"]["status"] == "invalid" and by["收件/伪装.docx"]["findings"][0]["rule"] == "unreadable"
    assert doc == cli_json("收件")
    # the inbox page shows the name it was sent under
    signed_in(client)
    assert "上传时名为 ../../etc/passwd" in client.get("/inbox").text


def test_a_second_file_of_the_same_name_is_a_later_version_never_an_overwrite(client, round_dir):
    inbox = round_dir / "收件"
    first = (inbox / "钱塘镇-家长学校.md").read_bytes()
    second = case_markdown(title="办好“家门口”的社区家长学校（修改稿）").encode()
    res = client.post("/api/files", headers=BEARER, files=[("file", ("钱塘镇-家长学校.md", second))])
    assert res.json()["files"][0]["stored"] == "收件/钱塘镇-家长学校-2.md" and res.json()["files"][0]["version"] == 2
    assert (inbox / "钱塘镇-家长学校.md").read_bytes() == first
    # the same bytes again are not stored a third time
    again = client.post("/api/files", headers=BEARER, files=[("file", ("钱塘镇-家长学校.md", second))]).json()["files"][0]
    assert again["same_as"] == "收件/钱塘镇-家长学校-2.md"
    assert sorted(p.name for p in inbox.glob("钱塘镇*")) == ["钱塘镇-家长学校-2.md", "钱塘镇-家长学校.md"]
    by = {f["path"]: f for f in client.get("/api/cases", headers=BEARER).json()["files"]}
    assert [f["rule"] for f in by["收件/钱塘镇-家长学校.md"]["findings"]] == ["duplicate"]  # the later version is kept
    assert by["收件/钱塘镇-家长学校-2.md"]["status"] == "valid"
    signed_in(client)
    page = client.get("/case", params={"path": "收件/钱塘镇-家长学校-2.md"}).text
    assert "版本" in page and "钱塘镇-家长学校.md" in page


def test_upload_limits_come_from_jlt_yaml(client, round_dir):
    with open(round_dir / "jlt.yaml", "a", encoding="utf-8") as fh:
        fh.write("\nserve:\n  max_upload_files: 2\n")
    text = (round_dir / "jlt.yaml").read_text("utf-8").replace("max_file_mb: 20 ", "max_file_mb: 0.01")
    (round_dir / "jlt.yaml").write_text(text, encoding="utf-8")
    res = client.post("/api/files", headers=BEARER, files=[("file", (f"{i}.md", b"# x")) for i in range(3)])
    assert res.status_code == 413 and "2 个文件" in res.json()["error"]
    res = client.post("/api/files", headers=BEARER, files=[("file", ("大.md", "字".encode() * 20000))])
    assert "大小上限" in res.json()["files"][0]["error"]
    assert not (round_dir / "收件" / "大.md").exists()


def test_a_page_for_each_part_and_every_file_a_new_file_appears_on_reload(client, round_dir):
    signed_in(client)
    assert "未报送的单位" in client.get("/").text
    page = client.get("/case", params={"path": "收件/缺少题目.md"}).text
    assert "missing-title" in page and "基本情况" in page and "盐井街道辖区有中小学" in page
    write(round_dir / "收件", "南津街街道-护校安园.md", case_markdown(title="织密护校网", unit="合川区南津街街道办事处"))
    assert "南津街街道-护校安园.md" in client.get("/inbox").text
    assert "南津街街道-护校安园.md" in client.get("/inbox?sort=unit&order=desc").text
    assert client.get("/case", params={"path": "/etc/passwd"}).status_code == 404
    assert client.get("/outputs").status_code == 200


def test_the_api_build_answers_a_job_and_refuses_an_unknown_format(client):
    assert client.post("/api/build", headers=BEARER, json={"format": "exe"}).status_code == 400
    assert client.get("/api/jobs/nope", headers=BEARER).status_code == 404
    res = client.post("/api/build", headers=BEARER, json={"format": "html"})
    assert res.status_code == 202
    job = res.json()["job"]
    for _ in range(120):
        state = client.get(f"/api/jobs/{job}", headers=BEARER).json()
        if state["state"] != "running":
            break
        time.sleep(0.25)
    assert state["state"] == "done", state
    assert state["download"] == f"/download/{job}" and state["progress"]["percent"] == 100
    res = client.get(state["download"], headers=BEARER)
    assert res.status_code == 200
    with zipfile.ZipFile(io.BytesIO(res.content)) as zf:
        assert any(n.endswith("/index.html") for n in zf.namelist())


def test_names_and_text_from_files_are_shown_as_text_never_as_markup(client, round_dir):
    hostile = '<script>alert(1)</script>'
    write(round_dir / "收件", '"><img src=x onerror=alert(2)>.md', case_markdown(title=f"标题{hostile}", texts=SAFE_SCHOOL_TEXTS))
    signed_in(client)
    for page in (client.get("/inbox").text,
                 client.get("/case", params={"path": '收件/"><img src=x onerror=alert(2)>.md'}).text):
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page
    stored = client.post("/api/files", headers=BEARER, files=[("file", (f"{hostile}.md", b"# x"))]).json()["files"][0]
    assert "<" not in stored["stored"] and ">" not in stored["stored"]

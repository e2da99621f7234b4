#!/usr/bin/env bash
# One command to get jlt working on a fresh Debian/Ubuntu machine:
#   1. system packages, when missing: Pango, fontconfig and the Chinese fonts WeasyPrint needs (Noto CJK for
#      宋体/黑体, AR PL UKai for 楷体), LibreOffice Writer/Calc (legacy formats, the Word brochure's page numbers,
#      rendering Word and Excel outputs in tests), Chromium (the browser tests of jlt serve) and poppler-utils
#      (PDF pages as images in tests);
#   2. a virtual environment .venv with jlt and its test dependencies;
#   3. the sample brochure built from samples/ (build/案例汇编.pdf).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_pkgs=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if command -v dpkg-query >/dev/null 2>&1; then
  for p in fonts-noto-cjk fonts-arphic-ukai fontconfig libpango-1.0-0 libpangoft2-1.0-0 python3-venv \
           libreoffice-writer-nogui libreoffice-calc-nogui chromium poppler-utils; do
    have_pkg "$p" || need_pkgs+=("$p")
  done
  # python3-venv is only needed when the Python in use cannot make a venv by itself
  if python3 -c 'import venv, ensurepip' 2>/dev/null; then
    need_pkgs=("${need_pkgs[@]/python3-venv}")
  fi
  need_pkgs=($(printf '%s\n' "${need_pkgs[@]}" | grep -v '^$' || true))
fi
# HarfBuzz's subsetter: without it WeasyPrint subsets fonts with fontTools, ~30x slower for CJK fonts.
# Optional (older releases lack the package), so it is only added when apt knows it.
optional_pkgs=()
if command -v dpkg-query >/dev/null 2>&1 && ! have_pkg libharfbuzz-subset0; then
  optional_pkgs+=(libharfbuzz-subset0)
fi
if [ "${#need_pkgs[@]}" -gt 0 ] || [ "${#optional_pkgs[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  for p in "${optional_pkgs[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then need_pkgs+=("$p"); fi
  done
  if [ "${#need_pkgs[@]}" -gt 0 ]; then
    say "安装系统依赖 / installing system packages: ${need_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  say "创建虚拟环境 / creating .venv"
  python3 -m venv .venv
fi
say "安装 jlt 及其依赖 / installing jlt with pip"
.venv/bin/python -m pip install -q --upgrade pip
# an editable install, so that .venv/bin/jlt runs this checkout; setuptools' note that it is one is not news
PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install -q -e '.[test]'

say "用 samples/ 生成示例汇编 / building the sample brochure"
mkdir -p build
if .venv/bin/jlt build --help >/dev/null 2>&1; then
  .venv/bin/jlt build samples/ -o build/案例汇编.pdf
else
  .venv/bin/jlt validate samples/ || true
fi
say "完成 / done. 运行测试：bash scripts/test.sh"

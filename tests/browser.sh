#!/usr/bin/env bash
# Browser test of the exported web page (issue 15): `stance-map export MAP --web OUT.html`
# opened from file:// in headless Chromium, driven by Selenium (tests/browser/test_web_page.py):
# values at every keyframe and between them against the app's sampling rule, the story with
# buttons and keys, a power's evidence, hostile text, the saved view, the 390 px layout, no
# network. Prints first paint and scrubbing times (never fails on them) and checks the sizes.
#
# usage: bash tests/browser.sh   (uses target/release/stance-map, which the real-window test
#                                 builds; runs `cargo build --release` first, a no-op then)
#        STANCE_MAP_BIN=path/to/stance-map bash tests/browser.sh   (uses that binary)
# Needs chromium, chromium-driver (/usr/bin/chromedriver) and Selenium in target/browser-venv
# (.ci/run installs them: apt-get install chromium chromium-driver; python3 -m venv
# target/browser-venv && target/browser-venv/bin/pip install selenium==4.51.0).
# BROWSER_TEST_OUT=DIR keeps the exported pages and the screenshots there (default: a
# temporary folder, removed when the test passes).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
t_start=$SECONDS

python=$repo/target/browser-venv/bin/python
for need in /usr/bin/chromium /usr/bin/chromedriver "$python"; do
  [ -x "$need" ] || { echo "FAIL: $need is missing (see the top of tests/browser.sh)"; exit 1; }
done

if [ -n "${STANCE_MAP_BIN:-}" ]; then
  bin=$(realpath "$STANCE_MAP_BIN")
else
  echo "browser: cargo build --release"
  cargo build --release
  target=${CARGO_TARGET_DIR:-target}
  case $target in /*) ;; *) target=$repo/$target ;; esac
  bin=$target/release/stance-map
fi
[ -x "$bin" ] || { echo "FAIL: no binary at $bin"; exit 1; }

keep=${BROWSER_TEST_OUT:-}
out=${keep:-$(mktemp -d /tmp/stance-map-browser.XXXXXX)}
mkdir -p "$out"

# The stress map (12 powers × 500 keyframes × 3 quotes): the command line cannot make it, an
# ignored test of the files binary (built by `cargo test` before) writes it.
echo "browser: writing the stress map"
# --exact: a filter that matched nothing would pass without writing anything.
STANCE_MAP_STRESS_OUT=$out/stress.ron cargo test -q --test files \
  -- --ignored --exact browser_maps::write_stress_map \
  >"$out/stress.log" 2>&1 || { cat "$out/stress.log"; echo "FAIL: could not write the stress map"; exit 1; }
[ -s "$out/stress.ron" ] || { cat "$out/stress.log"; echo "FAIL: the stress map was not written ($out/stress.ron is missing or empty): is the test browser_maps::write_stress_map still there?"; exit 1; }

status=0
STANCE_MAP_BIN=$bin STANCE_MAP_STRESS=$out/stress.ron BROWSER_TEST_OUT=$out \
  "$python" tests/browser/test_web_page.py || status=$?
if [ "$status" = 0 ] && [ -z "$keep" ]; then
  rm -rf "$out"
else
  echo "browser: pages and screenshots kept in $out"
fi
[ "$status" = 0 ] || { echo "FAIL: browser test"; exit 1; }
echo "PASS: browser test ($((SECONDS - t_start)) s)"

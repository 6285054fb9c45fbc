#!/usr/bin/env bash
# Real-window end-to-end test: the release binary in a virtual X display (Xvfb), driven with
# xdotool like a person would, checked through the files it writes and its window title.
#
#   1. open a copy of assets/serbia.ron, drag Russia's arrow tip on the compass, Ctrl+S, Ctrl+Q:
#      the saved file loads (`stance-map check`), differs from the original in Russia's rows
#      only (`stance-map export --csv`), and map.ron.bak is the original;
#   2. open it again, drag again, wait for the app's own recovery copy
#      (unsaved-<pid>-….ron, with its .lock), kill -9;
#   3. start again: the recovery copy is still there, the "Restore unsaved work?" modal is
#      answered with the keyboard (Tab, Space on "Restore"), the title then marks unsaved work,
#      the copy is taken over by the new app, Ctrl+S writes the second edit and the copy is
#      gone; after Ctrl+Q no copy or lock is left.
#
# usage: bash tests/real_window.sh   (builds with `cargo build --release`)
#        STANCE_MAP_BIN=path/to/stance-map bash tests/real_window.sh   (uses that binary)
# Needs Xvfb, xdotool, xwd and ImageMagick; installs them with apt-get when missing (as root).
# REAL_WINDOW_KEEP=1 keeps the temporary folder (screenshots, logs) even when the test passes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { echo "real_window: $*"; }
pass() { echo "PASS: $*"; }

# ---------------------------------------------------------------- 1. what it needs
need=()
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v xwd >/dev/null || need+=(x11-apps)
{ [ -x /usr/bin/convert ] || command -v convert >/dev/null; } || need+=(imagemagick)
[ -e /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so ] || need+=(libgl1-mesa-dri)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers libvulkan1)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} (and the libraries a winit window needs)"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  if ! { "${sudo[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
      "${need[@]}" libegl1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1 \
      libfontconfig1; } >/dev/null; then
    echo "FAIL: could not install ${need[*]} with apt-get"
    exit 1
  fi
fi
# The real ImageMagick, not a wrapper earlier on PATH.
if [ -x /usr/bin/convert ]; then im=/usr/bin/convert; else im=$(command -v convert); fi

# ---------------------------------------------------------------- 2. the binary
if [ -n "${STANCE_MAP_BIN:-}" ]; then
  bin=$(realpath "$STANCE_MAP_BIN")
else
  say "cargo build --release"
  cargo build --release
  target=${CARGO_TARGET_DIR:-target}
  case $target in /*) ;; *) target=$repo/$target ;; esac
  bin=$target/release/stance-map
fi
[ -x "$bin" ] || { echo "FAIL: no binary at $bin"; exit 1; }
say "binary: $bin"
t_start=$SECONDS

# ---------------------------------------------------------------- 3. an isolated world
work=$(mktemp -d /tmp/stance-map-real-window.XXXXXX)
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config \
  XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/runtime STANCE_MAP_RECOVERY_DIR=$work/recovery
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY   # winit would prefer Wayland over the X display below
# The app's own file dialog, which xdotool can drive (the system's is another program).
export STANCE_MAP_FILE_DIALOG=in-app
cp assets/serbia.ron "$work/map.ron"
cp assets/serbia.ron "$work/original.ron"
map=$work/map.ron
# Each running app keeps its own copy, unsaved-<pid>-<start>.ron, locked by unsaved-….lock.
# Print the copies of process $1 (any process without $1), one a line.
copies() {
  local f
  for f in "$STANCE_MAP_RECOVERY_DIR"/unsaved-"${1:-}"*.ron; do [ -e "$f" ] && echo "$f"; done
  return 0
}
# Print every copy and lock file left in the recovery folder.
leftovers() {
  local f
  for f in "$STANCE_MAP_RECOVERY_DIR"/unsaved-*; do [ -e "$f" ] && echo "$f"; done
  return 0
}
cd "$work"

app= xvfb= failed=1
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; sleep 0.3; kill -9 "$app" 2>/dev/null || true; fi
  if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
  if [ "$failed" = 0 ] && [ -z "${REAL_WINDOW_KEEP:-}" ]; then
    rm -rf "$work"
  else
    echo "real_window: screenshots and logs kept in $work"
  fi
}
trap cleanup EXIT

fail() {
  exec 1>&2   # also when called with stdout redirected to a file
  echo "FAIL: $*"
  if [ -n "$app" ] && [ -n "${DISPLAY:-}" ]; then
    shot "$work/failure.png" 2>/dev/null && echo "real_window: screen at failure: $work/failure.png"
  fi
  for log in "$work"/app*.log; do
    [ -s "$log" ] && { echo "--- last lines of $log"; tail -20 "$log"; }
  done
  exit 1
}

# Wait up to $1 seconds for the command after it to succeed.
wait_for() {
  local limit=$1 t0=$SECONDS
  shift
  until "$@"; do
    [ $((SECONDS - t0)) -lt "$limit" ] || return 1
    sleep 0.2
  done
}

disp=$(((RANDOM % 400) + 100))
while [ -e /tmp/.X11-unix/X$disp ] || [ -e /tmp/.X$disp-lock ]; do disp=$((disp + 1)); done
# -noreset: without it the server resets whenever its last client (an xdotool call) leaves,
# and a client connecting during the reset is refused.
Xvfb :$disp -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb=$!
export DISPLAY=:$disp
wait_for 15 xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on $DISPLAY"
say "Xvfb on $DISPLAY, work folder $work"

shot() { xwd -root -silent | "$im" xwd:- "$1"; }

# Print "x y" of every pixel of the colour $2 (within a small fuzz) in the PNG $1.
pixels_of() {
  "$im" "$1" -crop "$compass_area" +repage -alpha off -fuzz 6% -fill white +opaque "$2" -fill black -opaque "$2" \
    -compress none pbm:- | awk '
    { sub(/#.*/, "") }
    { for (i = 1; i <= NF; i++) {
        t = $i
        if (hdr < 3) { hdr++; if (hdr == 2) w = t + 0; continue }
        n = length(t)
        for (j = 1; j <= n; j++) { if (substr(t, j, 1) == "1") print k % w, int(k / w); k++ }
    } }'
}

# Where the compass is: the top of the 1280×800 screen, above the time controls and the
# timeline, whose lines (and confidence bands) are drawn in the same colours as the arrows.
compass_area=1280x500+0+0

# Read a power's colour and bearing from the map: "COLOR BEARING".
power_style() {
  awk -v id="$2" '
    $0 ~ "id: \"" id "\"" { found = 1 }
    found && /color:/ { gsub(/[",]/, "", $2); c = $2 }
    found && /bearing_deg:/ { gsub(/,/, "", $2); print c, $2; exit }' "$1"
}
read -r russia_color russia_bearing < <(power_style "$map" russia)
read -r china_color china_bearing < <(power_style "$map" china)
[ -n "$russia_bearing" ] && [ -n "$china_bearing" ] || fail "could not read the powers' colours from the map"

# Find Russia's arrow tip in the screenshot $1; prints "TIPX TIPY DX DY" (DX DY: the unit
# vector from the compass centre toward Russia, in screen pixels).
#
# Every arrow starts at the compass centre and lies along its power's bearing, so the line
# through Russia's pixels (the densest line of that colour at Russia's bearing) and the line
# through China's meet at the centre. From there, walk along Russia's bearing while the pixels
# are Russia's colour: the last one is the tip.
locate_tip() {
  pixels_of "$1" "$russia_color" >"$work/russia.px"
  pixels_of "$1" "$china_color" >"$work/china.px"
  awk -v ba="$russia_bearing" -v bb="$china_bearing" '
    function offset(file, b,   nx, ny, x, y, o, k, best, bestk, s, cnt, sum) {
      nx = cos(b * pi / 180); ny = sin(b * pi / 180)
      delete hist; delete vals; cnt = 0
      while ((getline line < file) > 0) {
        split(line, xy, " "); x = xy[1]; y = xy[2]
        o = nx * x + ny * y; vals[++cnt] = o; hist[int(o + 0.5)]++
        if (file == fa) on[x "," y] = 1
      }
      close(file)
      best = -1
      for (k in hist) {
        s = hist[k] + ((k - 1) in hist ? hist[k - 1] : 0) + ((k + 1) in hist ? hist[k + 1] : 0)
        if (s > best) { best = s; bestk = k + 0 }
      }
      if (best < 20) return "none"
      sum = 0; s = 0
      for (k = 1; k <= cnt; k++) if (vals[k] >= bestk - 1.5 && vals[k] <= bestk + 1.5) { sum += vals[k]; s++ }
      return sum / s
    }
    BEGIN {
      pi = atan2(0, -1); fa = ENVIRON["work"] "/russia.px"; fb = ENVIRON["work"] "/china.px"
      oa = offset(fa, ba); ob = offset(fb, bb)
      if (oa == "none" || ob == "none") { print "none"; exit }
      ax = cos(ba * pi / 180); ay = sin(ba * pi / 180)
      bx = cos(bb * pi / 180); by = sin(bb * pi / 180)
      det = ax * by - ay * bx
      cx = (oa * by - ay * ob) / det; cy = (ax * ob - oa * bx) / det
      dx = sin(ba * pi / 180); dy = -cos(ba * pi / 180)
      # Runs of the Russia colour along the bearing (gaps up to 4 px); the arrow is the run with
      # the most pixels (the net-tilt arrow may cut its shaft near the centre; the value label
      # beyond the tip is sparse text). Its far end is the tip.
      best = 0; last = -1; run = 0
      for (t = 0; t < 1200; t++) {
        hit = 0; wt = 0
        for (s = -8; s <= 8; s++) {
          x = int(cx + t * dx + s * ax + 0.5); y = int(cy + t * dy + s * ay + 0.5)
          if ((x "," y) in on) { wt++; if (s >= -2 && s <= 2) hit = 1 }
        }
        if (hit) {
          if (last < 0 || t - last > 4) run = 0
          run += wt; last = t
          if (run > best) { best = run; tipt = t }
        }
      }
      if (best < 40) { print "none"; exit }
      last = tipt
      printf "%d %d %.4f %.4f %d %d\n", cx + last * dx + 0.5, cy + last * dy + 0.5, dx, dy, cx + 0.5, cy + 0.5
    }'
}
export work

# Wait until the app's window shows and its picture is steady; sets $win.
wait_for_window() {
  local log=$1 t0=$SECONDS
  win=
  while [ -z "$win" ]; do
    kill -0 "$app" 2>/dev/null || fail "the app exited before showing a window (output in $log)"
    [ $((SECONDS - t0)) -lt 60 ] || fail "no stance-map window within 60 s"
    win=$(xdotool search --onlyvisible --name stance-map 2>/dev/null | head -1) || true
    [ -n "$win" ] || sleep 0.5
  done
  # Steady: two screenshots half a second apart are the same.
  local prev= cur= n=0
  while :; do
    cur=$(xwd -root -silent | md5sum)
    [ -n "$prev" ] && [ "$cur" = "$prev" ] && break
    n=$((n + 1))
    [ "$n" -lt 60 ] || fail "the window never stopped changing"
    prev=$cur
    sleep 0.5
  done
  xdotool windowfocus --sync "$win" 2>/dev/null || true
}

start_app() {
  local log=$work/app$1.log
  "$bin" "$map" >"$log" 2>&1 &
  app=$!
  wait_for_window "$log"
}

# Wait for the app to exit by itself; returns its status.
wait_exit() {
  local t0=$SECONDS
  while kill -0 "$app" 2>/dev/null; do
    [ $((SECONDS - t0)) -lt "$1" ] || return 124
    sleep 0.2
  done
  local status=0
  wait "$app" || status=$?
  app=
  return "$status"
}

title() { xdotool getwindowname "$win" 2>/dev/null || true; }
title_dirty() { case $(title) in "●"*) return 0 ;; *) return 1 ;; esac; }
title_clean() { case $(title) in "●"*) return 1 ;; *stance-map*) return 0 ;; *) return 1 ;; esac; }

press() {
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  xdotool key --clearmodifiers "$@"
}

# Drag Russia's tip by $2 pixels along its bearing (negative: toward the centre).
drag_russia() {
  local png=$work/$1.png tip
  shot "$png"
  tip=$(locate_tip "$png")
  [ "$tip" != none ] || fail "could not find Russia's arrow in $png"
  local tx ty dx dy cx cy
  read -r tx ty dx dy cx cy <<<"$tip"
  say "Russia's tip at ($tx, $ty), compass centre at ($cx, $cy); dragging it $2 px"
  # Grab a little inside the tip, where the hit area surely is.
  local gx gy
  gx=$(awk -v a="$tx" -v d="$dx" 'BEGIN { printf "%d", a - 3 * d }')
  gy=$(awk -v a="$ty" -v d="$dy" 'BEGIN { printf "%d", a - 3 * d }')
  xdotool mousemove "$gx" "$gy"
  sleep 0.3
  xdotool mousedown 1
  sleep 0.2
  local i steps=8 x y
  for i in $(seq 1 $steps); do
    x=$(awk -v a="$gx" -v d="$dx" -v l="$2" -v i="$i" -v n="$steps" 'BEGIN { printf "%d", a + d * l * i / n }')
    y=$(awk -v a="$gy" -v d="$dy" -v l="$2" -v i="$i" -v n="$steps" 'BEGIN { printf "%d", a + d * l * i / n }')
    xdotool mousemove "$x" "$y"
    sleep 0.1
  done
  sleep 0.2
  xdotool mouseup 1
  sleep 0.3
  xdotool mousemove 5 790   # out of the way, so no tooltip covers the next screenshot
  wait_for 5 title_dirty || fail "after dragging Russia's tip the window title does not mark unsaved changes: '$(title)'"
  shot "$work/$1-after.png"
}

# Russia's keyframes (power, date, year, strength) from a map, through the binary's CSV export.
rows() { # FILE POWER-FILTER(grep -v or not) OUT
  "$bin" export "$1" --csv "$work/rows.csv" >/dev/null || fail "stance-map export failed on $1"
  if [ "$2" = russia ]; then
    grep '^russia,' "$work/rows.csv" | cut -d, -f1-5 | sort -u
  else
    grep -v '^russia,' "$work/rows.csv"
  fi
}

md5() { md5sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------- 4–5. drag, save, quit
say "run 1: open map.ron, drag Russia's tip outward, Ctrl+S, Ctrl+Q"
start_app 1
title_clean || fail "a freshly opened map is marked unsaved: '$(title)'"
drag_russia drag1 60
before=$(md5 "$map")
press ctrl+s
wait_for 10 bash -c '[ "$(md5sum "$1" | cut -d" " -f1)" != "$2" ]' _ "$map" "$before" ||
  fail "Ctrl+S did not change map.ron within 10 s"
wait_for 5 title_clean || fail "after Ctrl+S the title still marks unsaved changes: '$(title)'"
pass "Ctrl+S wrote map.ron and the title no longer marks unsaved changes"
press ctrl+q
status=0
wait_exit 10 || status=$?
[ "$status" != 124 ] || fail "Ctrl+Q did not close the app within 10 s (a Save/Discard prompt means the save did not count)"
[ "$status" = 0 ] || fail "the app exited with status $status after Ctrl+Q"
pass "Ctrl+Q closed the app without asking (exit 0)"

"$bin" check "$map" >"$work/check1.txt" 2>&1 || { cat "$work/check1.txt"; fail "the saved map does not load (stance-map check)"; }
pass "the saved map loads: $(cat "$work/check1.txt")"
rows "$work/original.ron" russia >"$work/russia.original"
rows "$map" russia >"$work/russia.saved1"
if cmp -s "$work/russia.original" "$work/russia.saved1"; then
  fail "the saved map's Russia keyframes are the same as the original's"
fi
pass "Russia's keyframes changed: $(diff "$work/russia.original" "$work/russia.saved1" | grep '^[<>]' | tr '\n' ' ')"
rows "$work/original.ron" other >"$work/other.original"
rows "$map" other >"$work/other.saved1"
cmp -s "$work/other.original" "$work/other.saved1" || fail "the other powers' keyframes changed too"
pass "the other powers' keyframes are unchanged"
[ -f "$map.bak" ] || fail "no map.ron.bak next to the saved map"
cmp -s "$map.bak" "$work/original.ron" || fail "map.ron.bak is not the original map"
pass "map.ron.bak is the original map"
cp "$map" "$work/saved1.ron"

# ---------------------------------------------------------------- 6. recovery after kill -9
say "run 2: open the saved map, drag again, wait for the recovery copy, kill -9"
[ -z "$(leftovers)" ] || fail "a recovery copy or lock is left over after a clean save and exit: $(leftovers)"
start_app 2
drag_russia drag2 -40
t_edit=$SECONDS
wait_for 15 bash -c '[ -s "$(ls "$1"/unsaved-"$2"-*.ron 2>/dev/null | head -1)" ]' _ \
  "$STANCE_MAP_RECOVERY_DIR" "$app" ||
  fail "no recovery copy of process $app in $STANCE_MAP_RECOVERY_DIR within 15 s of the edit"
recovery_file=$(copies "$app-")
[ -e "${recovery_file%.ron}.lock" ] || fail "the recovery copy $recovery_file has no lock file"
say "recovery copy written $((SECONDS - t_edit)) s after the edit"
sleep 1   # the app writes once; make sure nothing is mid-write before the kill
grep -q saved_at_unix_s "$recovery_file" || fail "the recovery copy has no saved_at_unix_s"
kill -9 "$app"
wait "$app" 2>/dev/null || true
app=
[ -s "$recovery_file" ] || fail "the recovery copy did not survive kill -9"
cp "$recovery_file" "$work/recovery-after-kill.ron"
pass "the recovery copy survived kill -9 ($(wc -c <"$recovery_file") bytes)"

say "run 3: start again; answer \"Restore unsaved work?\" with Restore, then Ctrl+S"
start_app 3
sleep 2
[ -s "$recovery_file" ] || fail "starting again removed the recovery copy before the user answered"
title_clean || fail "before answering the offer the title marks unsaved changes: '$(title)'"
[ -z "$(copies "$app-")" ] || fail "the new app wrote a copy of its own before any edit"
shot "$work/offer.png"
# Keys reach only the modal: Tab focuses its first button, "Restore"; Space presses it.
saved1=$(md5 "$map")
press Tab
sleep 0.3
press space
wait_for 5 title_dirty ||
  fail "after Tab, Space on the recovery offer the title does not mark restored unsaved work: '$(title)' (was the offer shown? see $work/offer.png)"
pass "the app offered the recovery copy and Restore brought the unsaved work back"
wait_for 5 bash -c '! test -e "$1"' _ "$recovery_file" ||
  fail "restoring did not take over the killed app's copy $recovery_file"
[ -n "$(copies "$app-")" ] || fail "the restored work has no recovery copy under the new app's name"
pass "the restored copy is now the new app's own: $(copies "$app-")"
press ctrl+s
wait_for 10 bash -c '[ "$(md5sum "$1" | cut -d" " -f1)" != "$2" ]' _ "$map" "$saved1" ||
  fail "Ctrl+S after restoring did not change map.ron"
wait_for 5 title_clean || fail "after Ctrl+S the title still marks unsaved changes: '$(title)'"
# A save removes the recovery copy: saved work must never be offered again after a crash.
wait_for 5 bash -c '[ -z "$(ls "$1"/unsaved-*.ron 2>/dev/null)" ]' _ "$STANCE_MAP_RECOVERY_DIR" ||
  fail "saving the restored work left a recovery copy in place: $(copies)"
pass "saving the restored work removed the recovery copy"
press ctrl+q
status=0
wait_exit 10 || status=$?
[ "$status" = 0 ] || fail "the app did not close cleanly after Ctrl+Q (status $status)"
[ -z "$(leftovers)" ] || fail "a recovery copy or lock is still there after saving and a clean exit: $(leftovers)"
pass "no recovery copy or lock is left after saving and a clean exit"
"$bin" check "$map" >/dev/null 2>&1 || fail "the map saved after restoring does not load"
rows "$map" russia >"$work/russia.saved2"
if cmp -s "$work/russia.saved1" "$work/russia.saved2"; then
  fail "the map saved after restoring lacks the second edit"
fi
pass "the restored edit was saved: $(diff "$work/russia.saved1" "$work/russia.saved2" | grep '^[<>]' | tr '\n' ' ')"
cmp -s "$map.bak" "$work/saved1.ron" || fail "after the second save map.ron.bak is not the first saved map"
pass "map.ron.bak is now the first saved map"

failed=0
echo "PASS: real-window test ($((SECONDS - t_start)) s after the build)"

#!/usr/bin/env bash
# `ona report` in a real browser: writes reports for the built-in synthetic
# organisation, for SNAP email-Eu-core with its departments, and for two
# halves of email-Eu-core-temporal compared; opens each in headless Chromium
# and fails on any console message (errors, uncaught exceptions) or on a
# blank screenshot. Negative checks prove both detectors fire: a page that
# throws must be caught, and a blank page must be rejected.
#
# Needs ../shared/data (as the rest of the suite). Installs Debian's
# chromium if it is missing (root, apt). Set ONA_BIN to use a built `ona`.
set -euo pipefail
start=$(date +%s)
cd "$(dirname "$0")/.."
data=../shared/data/snap
for f in email-Eu-core.txt.gz email-Eu-core-department-labels.txt email-Eu-core-temporal.txt.gz; do
    [ -f "$data/$f" ] || { echo "test-report: missing $data/$f" >&2; exit 1; }
done

if ! command -v chromium >/dev/null 2>&1; then
    echo "test-report: installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [ -z "${ONA_BIN:-}" ]; then
    cargo build -q -p ona-cli
    ONA_BIN="${CARGO_TARGET_DIR:-target}/debug/ona"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# PNG check (stdlib only): decode, count distinct colours and the share of
# the most common one. Non-blank: at least 40 colours and no colour on more
# than 97% of the pixels.
cat > "$work/png_check.py" <<'PY'
import struct, sys, zlib
from collections import Counter

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6) and interlace == 0, f"unsupported PNG {depth} {ctype} {interlace}"
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, out, i = bytearray(stride), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out

w, h, bpp, rows = pixels(sys.argv[1])
count = Counter()
for r in rows[::3]:
    for x in range(0, w * bpp, 3 * bpp):
        count[r[x:x + 3]] += 1
total = sum(count.values())
top = count.most_common(1)[0][1] / total
print(f"{sys.argv[1]}: {w}x{h}, {len(count)} colours, most common {100 * top:.1f}%")
sys.exit(0 if len(count) >= 40 and top <= 0.97 else 1)
PY

# Open $1 (an HTML file) in headless Chromium: screenshot to $1.png, console
# output to $1.log. Fails if Chromium fails or prints any console message.
browse() {
    local page=$1 profile
    profile=$(mktemp -d -p "$work")
    if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
        --window-size=1280,3000 --screenshot="$page.png" "file://$page" >"$page.log" 2>&1; then
        echo "test-report: chromium failed on $page" >&2
        cat "$page.log" >&2
        return 1
    fi
    [ -s "$page.png" ] || { echo "test-report: no screenshot of $page" >&2; return 1; }
    if grep -E ':CONSOLE[:(]|Uncaught' "$page.log" >&2; then
        echo "test-report: console messages on $page" >&2
        return 1
    fi
}

# Every report must render without console messages and look like something.
check() {
    local page=$1
    grep -qiE 'https?://' "$page" && { echo "test-report: $page refers to a URL" >&2; return 1; }
    grep -qi '<script' "$page" && { echo "test-report: $page has a script" >&2; return 1; }
    browse "$page"
    python3 "$work/png_check.py" "$page.png"
}

# Negative checks: the detectors must fire.
printf '<!DOCTYPE html><html><body><h1>ok</h1><script>throw new Error("x")</script></body></html>\n' > "$work/throws.html"
if browse "$work/throws.html" 2>/dev/null; then
    echo "test-report: a page that throws was not caught" >&2
    exit 1
fi
printf '<!DOCTYPE html><html><body></body></html>\n' > "$work/blank.html"
browse "$work/blank.html"
if python3 "$work/png_check.py" "$work/blank.html.png"; then
    echo "test-report: a blank page passed the screenshot check" >&2
    exit 1
fi
echo "test-report: negative checks caught the throwing page and the blank page"

# The built-in synthetic organisation.
"$ONA_BIN" report --quiet -o "$work/demo.html"
check "$work/demo.html"

# email-Eu-core with departments (the labels file: "node dept", CRLF).
gunzip -c "$data/email-Eu-core.txt.gz" > "$work/email.txt"
{ echo "id department"; tr -d '\r' < "$data/email-Eu-core-department-labels.txt"; echo; } | sed '/^$/d' > "$work/departments.txt"
"$ONA_BIN" report --quiet --edges "$work/email.txt" --directed --nodes "$work/departments.txt" --group-by department \
    --title "email-Eu-core" -o "$work/email.html"
check "$work/email.html"
grep -q 'Privacy: ' "$work/email.html" || { echo "test-report: no small-group note on email-Eu-core" >&2; exit 1; }

# email-Eu-core-temporal: the first 400 days against the rest, pseudonymised.
gunzip -c "$data/email-Eu-core-temporal.txt.gz" | awk -v a="$work/early.txt" -v b="$work/late.txt" \
    '{ if ($3 < 400 * 86400) print $1, $2 > a; else print $1, $2 > b }'
"$ONA_BIN" report --quiet --edges "$work/late.txt" --compare "$work/early.txt" --directed --nodes "$work/departments.txt" \
    --pseudonymize 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff --title "email-Eu-core, days 400+ against days 0-399" -o "$work/change.html"
check "$work/change.html"
grep -q 'ties removed' "$work/change.html" || { echo "test-report: no change section" >&2; exit 1; }

echo "test-report: ok in $(($(date +%s) - start)) s"

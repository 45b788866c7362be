#!/usr/bin/env bash
# Builds what analysts install, into dist/out/, and checks it:
#   chiso-VERSION-windows-x86_64.zip  chiso.exe cross-built with MinGW (icon and
#                                     version info embedded), README, licences
#   chiso_VERSION-1_amd64.deb         cargo-deb: /usr/bin/chiso, the desktop
#                                     entry ("Open with chiso" for CSV and
#                                     workbooks), the icon, the fonts
# Both from the `dist` profile (Cargo.toml): release, stripped.
#
# Usage: dist/build.sh [--only windows|linux] [--prune]
#   --only   build one of the two
#   --prune  afterwards delete the dist profile's build directories (about
#            0.6 GB each), for machines short of disk such as CI's
# Needs: rustup target x86_64-pc-windows-gnu, gcc-mingw-w64-x86-64, zip,
# unzip, cargo-deb (`cargo install cargo-deb --locked`), dpkg-deb;
# desktop-file-validate (desktop-file-utils) is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."

only=all
prune=false
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=${2:?--only needs windows or linux}; shift 2 ;;
    --prune) prune=true; shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "dist/build.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in all | windows | linux) ;; *) echo "dist/build.sh: --only takes windows or linux, not $only" >&2; exit 2 ;; esac

version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
target_dir=${CARGO_TARGET_DIR:-target}
windows_triple=x86_64-pc-windows-gnu
out=dist/out
mkdir -p "$out"

fail() { echo "dist/build.sh: $*" >&2; exit 1; }
# Fails naming the first pattern (an extended regex) that no line of the file matches.
expect_lines() { # file, description, patterns…
  local file=$1 what=$2 pattern
  shift 2
  for pattern in "$@"; do
    grep -qE "$pattern" "$file" || fail "$what lacks $pattern (listing: $file)"
  done
}
mebibytes() { awk -v bytes="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MiB", bytes / 1048576 }'; }

build_windows() {
  local started=$SECONDS
  echo "== windows: cargo build --profile dist --target $windows_triple"
  cargo build --locked --profile dist --target "$windows_triple" --bin chiso
  local exe="$target_dir/$windows_triple/dist/chiso.exe"
  local name="chiso-$version-windows-x86_64"
  local zip="$out/$name.zip"
  local stage
  stage=$(mktemp -d)
  mkdir -p "$stage/$name/fonts"
  cp "$exe" README.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"
  cp assets/fonts/LICENSE* "$stage/$name/fonts/"
  rm -f "$zip"
  (cd "$stage" && zip -q -r -9 -X "$OLDPWD/$zip" "$name")
  rm -rf "$stage"

  echo "== windows: check $zip"
  local listing="$out/.windows-check"
  mkdir -p "$listing"
  unzip -Z1 "$zip" > "$listing/zip.txt"
  expect_lines "$listing/zip.txt" "the zip" "^$name/chiso\.exe$" "^$name/README\.md$" \
    "^$name/LICENSE-MIT$" "^$name/LICENSE-APACHE$" "^$name/fonts/LICENSE"
  x86_64-w64-mingw32-objdump -p "$exe" > "$listing/objdump.txt"
  # A 64-bit PE, a GUI program, and in its resources icons (type 3), the icon
  # group (0xe) and the version info (0x10).
  expect_lines "$listing/objdump.txt" "chiso.exe" 'file format pei-x86-64' \
    '^Subsystem.*Windows GUI' 'Resource Directory \[\.rsrc\]' \
    '^0[0-9a-f]{2}   Entry: ID: 0x000003,' \
    '^0[0-9a-f]{2}   Entry: ID: 0x00000e,' '^0[0-9a-f]{2}   Entry: ID: 0x000010,'
  # The version block's strings are UTF-16.
  strings -el "$exe" > "$listing/strings.txt"
  expect_lines "$listing/strings.txt" "chiso.exe's version info" '^OriginalFilename$' '^chiso\.exe$' "^$version\$"
  x86_64-w64-mingw32-objdump -h "$exe" > "$listing/sections.txt"
  if grep -q '\.debug_' "$listing/sections.txt"; then fail "chiso.exe has debug sections: not stripped"; fi
  rm -rf "$listing"
  echo "   chiso.exe $(mebibytes "$exe"), $zip $(mebibytes "$zip") ($((SECONDS - started)) s)"
}

build_linux() {
  local started=$SECONDS
  echo "== linux: cargo deb --profile dist"
  # cargo-deb builds the binary (target/dist/chiso for the asset
  # target/release/chiso in Cargo.toml) and packs the assets listed there.
  local deb
  deb=$(cargo deb --profile dist --output "$out/" -- --locked | tail -1)
  [ -f "$deb" ] || fail "cargo deb did not say where the package is (it said: $deb)"

  echo "== linux: check $deb"
  local listing="$out/.linux-check"
  mkdir -p "$listing"
  dpkg-deb --info "$deb" > "$listing/info.txt"
  expect_lines "$listing/info.txt" "the package's control file" '^ Package: chiso$' "^ Version: $version" \
    '^ Depends: .*libgl1' '^ Depends: .*libxkbcommon-x11-0'
  dpkg-deb --contents "$deb" | awk '{ print $NF }' > "$listing/contents.txt"
  expect_lines "$listing/contents.txt" "the package" '^\./usr/bin/chiso$' \
    '^\./usr/share/applications/chiso\.desktop$' \
    '^\./usr/share/icons/hicolor/scalable/apps/chiso\.svg$' \
    '^\./usr/share/icons/hicolor/256x256/apps/chiso\.png$' \
    '^\./usr/share/icons/hicolor/48x48/apps/chiso\.png$' \
    '^\./usr/share/doc/chiso/copyright$' '^\./usr/share/doc/chiso/fonts/LICENSE'
  local font
  for font in assets/fonts/*.ttf; do
    expect_lines "$listing/contents.txt" "the package" "^\./usr/share/fonts/truetype/chiso/$(basename "$font")\$"
  done
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$listing" ./usr/share/applications/chiso.desktop ./usr/bin/chiso
  local desktop="$listing/usr/share/applications/chiso.desktop"
  expect_lines "$desktop" "the desktop entry" '^Exec=chiso %F$' '^Icon=chiso$' \
    '^MimeType=(.*;)?text/csv;' '^MimeType=(.*;)?application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;'
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop"
  else
    echo "   (desktop-file-validate not installed: desktop entry not validated)"
  fi
  readelf -S "$listing/usr/bin/chiso" > "$listing/sections.txt"
  if grep -qE '\.debug_|\.symtab' "$listing/sections.txt"; then fail "usr/bin/chiso in the package is not stripped"; fi
  local installed_kib
  installed_kib=$(sed -n 's/^ Installed-Size: //p' "$listing/info.txt")
  echo "   usr/bin/chiso $(mebibytes "$listing/usr/bin/chiso"), $deb $(mebibytes "$deb"), installed $((installed_kib / 1024)) MiB ($((SECONDS - started)) s)"
  rm -rf "$listing"
}

if [ "$only" != linux ]; then build_windows; fi
if [ "$only" != windows ]; then build_linux; fi

if $prune; then
  echo "== prune: the dist profile's build directories"
  rm -rf "$target_dir/dist" "$target_dir/$windows_triple/dist" "$target_dir/debian"
fi
echo "== dist/build.sh: done"
ls -l "$out"

#!/usr/bin/env bash
# Writes the seed corpus of `read_validate`: every shipped scenario file, whole, in the
# target's "whole file" form (byte 0 = 0, byte 1 = scenario, byte 2 = file, then the text).
# The folders and the sorted file order are those of build.rs.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-corpus/read_validate}
mkdir -p "$out"
s=0
for folder in crates/hinterland-io/tests/fixtures/tiny scenarios/mali-2024 scenarios/wfp-syria; do
    f=0
    for path in $(cd "../$folder" && LC_ALL=C ls | grep -E '(\.csv|^scenario\.toml)$'); do
        name="seed-$(basename "$folder")-$path"
        { printf "\\x00\\x$(printf %02x $s)\\x$(printf %02x $f)"; cat "../$folder/$path"; } > "$out/$name"
        f=$((f + 1))
    done
    s=$((s + 1))
done
echo "wrote $(ls "$out" | grep -c '^seed-') seeds to $out"

#!/usr/bin/env bash
# The next revision is welcome: in a throwaway copy of this checkout, declare a new column in
# migrations/model.ts, autogenerate its migration as docs/developers.md says, and run
# `npm test`. It must pass with at most five files changed (model, registry, migration, its
# test, and room for the registry test). A manual check, since it takes as long as `npm test`
# (about five minutes on two cores): bash scripts/check-next-revision.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/em-next-revision-XXXXXX")
trap 'rm -rf "$work"' EXIT
copy=$work/repo
mkdir "$copy" "$work/tmp"
# Everything the tools and tests write to the temp folder goes here, and goes with it.
export TMPDIR=$work/tmp

# The tracked files as they are in the working tree; node_modules linked, not copied.
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$copy")
ln -s "$root/node_modules" "$copy/node_modules"
cd "$copy"
git init -q && git add -A && git -c user.name=check -c user.email=check@localhost commit -qm 'before the next revision'

sed -i "/{ name: 'favorite',/a\\      { name: 'lab_notes', type: t.String() }," migrations/model.ts
npm run --silent migration:autogenerate -- -m "add lab notes"
changed=$(git status --porcelain | wc -l)
git status --short

status=0
npm test || status=$?
echo "next revision: npm test exit $status, $changed file(s) changed"
[ "$status" -eq 0 ] && [ "$changed" -le 5 ]

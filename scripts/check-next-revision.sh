#!/usr/bin/env bash
# The next revision in four files, as docs/developers.md promises: in a scratch copy of this
# checkout, declare a new column in migrations/model.ts and autogenerate its migration as a
# developer would. Then exactly four files may have changed (the model, the registry, the
# migration and its test), and the type check and the whole unit suite must pass on them, the
# generated test among them. .ci/run calls it; by hand: bash scripts/check-next-revision.sh
#
# The whole unit suite, not a subset: `vitest --changed` would run only the tests whose imports
# reach the changed files (39 of the 52 test files here) and miss those that run the bundled
# CLI, which carries the chain too, to save about a minute of the suite's four to six.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/em-next-revision-XXXXXX")
trap 'rm -rf "$work"' EXIT
copy=$work/repo
mkdir "$copy" "$work/tmp"
# mktemp makes its folder private; the permission tests run the CLI as another user (nobody),
# who must reach the copy and the temp folder as they reach /tmp.
chmod 755 "$work" "$copy"
chmod 1777 "$work/tmp"
# Everything the tools and tests write to the temp folder goes here, and goes with it.
export TMPDIR=$work/tmp
fail() {
  echo "next revision: $*" >&2
  exit 1
}

# The tracked files as they are in the working tree; node_modules linked, not copied.
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$copy")
ln -s "$root/node_modules" "$copy/node_modules"
cd "$copy"
git init -q && git add -A && git -c user.name=check -c user.email=check@localhost commit -qm 'before the next revision'

# 1. Declare the column (docs/developers.md, "The next Entropy revision", step 1).
sed -i "/{ name: 'favorite',/a\\      { name: 'lab_notes', type: t.String() }," migrations/model.ts
git diff --quiet -- migrations/model.ts && fail "could not declare lab_notes: migrations/model.ts has no favorite column to put it after."

# 2. Autogenerate, without --release (the release is not decided yet).
npm run --silent migration:autogenerate -- -m "add lab notes"

# 3. Only the four files.
mapfile -t changed < <(git status --porcelain --untracked-files=all | cut -c4-)
printf 'changed: %s\n' "${changed[@]}"
unexpected=()
for path in "${changed[@]}"; do
  case $path in
    migrations/model.ts | migrations/index.ts | migrations/*_add_lab_notes.ts | tests/migrations/*.test.ts) ;;
    *) unexpected+=("$path") ;;
  esac
done
((${#unexpected[@]} == 0)) || fail "autogenerate changed more than the four files: ${unexpected[*]}"
((${#changed[@]} == 4)) || fail "expected the model, the registry, the migration and its test to change; ${#changed[@]} file(s) did."

# 4. Nothing else needs to change: every test reads the head, the steps and the words from the chain.
status=0
npm run --silent typecheck || status=$?
if ((status == 0)); then npm test || status=$?; fi
((status == 0)) || fail "the type check or the unit suite failed with the new revision (exit $status)."
echo "next revision: the unit suite passed with only the model, the registry, the migration and its test changed."

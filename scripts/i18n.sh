#!/usr/bin/env bash
# The translation catalogs, managed with Babel (pybabel), one domain per surface:
#   rules      rules/wording.py        reasons, assumptions, warnings, sources
#   documents  documents/messages.py   the PDFs: GBA draft, notices, letters, register
#   intake     intake/messages.py      the web pages and their e-mails
#   slack      notifiers/slack_texts.py  the security team's Slack messages and the watchdog's
#
#   scripts/i18n.sh extract    source -> locales/<domain>.pot
#   scripts/i18n.sh update     .pot -> locales/<lang>/LC_MESSAGES/<domain>.po (new entries empty)
#   scripts/i18n.sh compile    .po -> .mo (also done by setup-venv.sh; breachflow compiles a
#                              missing or stale .mo itself on first use)
#   scripts/i18n.sh            all three
# Then fill the empty msgstr of nl, fr, de and en in any PO editor; the completeness test
# (tests/unit/locales) names every message still missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
[ -x "$PYBABEL" ] || PYBABEL=pybabel
LANGS=(nl fr de en)
declare -A SOURCES=(
  [rules]=rules/wording.py
  [documents]=documents/messages.py
  [intake]=intake/messages.py
  [slack]=notifiers/slack_texts.py
)

extract() {
  for domain in "${!SOURCES[@]}"; do
    "$PYBABEL" -q extract -F babel.cfg --add-location=file --no-wrap \
      --project=breachflow --copyright-holder=breachflow \
      -o "locales/$domain.pot" "${SOURCES[$domain]}"
  done
}

update() {
  for domain in "${!SOURCES[@]}"; do
    for lang in "${LANGS[@]}"; do
      po="locales/$lang/LC_MESSAGES/$domain.po"
      if [ -f "$po" ]; then
        "$PYBABEL" -q update --no-wrap --no-fuzzy-matching -D "$domain" -l "$lang" \
          -i "locales/$domain.pot" -d locales
      else
        "$PYBABEL" -q init --no-wrap -D "$domain" -l "$lang" -i "locales/$domain.pot" -d locales
      fi
    done
  done
}

compile() {
  for domain in "${!SOURCES[@]}"; do
    "$PYBABEL" -q compile -D "$domain" -d locales
  done
}

case "${1:-all}" in
  extract) extract ;;
  update) update ;;
  compile) compile ;;
  all) extract; update; compile ;;
  *) echo "usage: $0 [extract|update|compile]" >&2; exit 2 ;;
esac

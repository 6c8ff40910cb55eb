#!/bin/sh
# The files of site code (the paths listed in .github/CODEOWNERS) that differ between two
# commits: one line each in the job summary, and a warning on each file in the pull
# request's « Files changed », so that a reviewer of content sees them.
# Usage: sh .github/code-changes.sh BASE HEAD
set -eu
owners="$(dirname "$0")/CODEOWNERS"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
prefixes=$(awk '!/^#/ && NF { sub(/^\//, "", $1); print $1 }' "$owners")
changed=$(git -c core.quotePath=false diff --name-only "$1" "$2")
count=0
echo "### Fichiers de code modifiés" >> "$summary"
while IFS= read -r file; do
  [ -n "$file" ] || continue
  for prefix in $prefixes; do
    case "$file" in
      "$prefix"*)
        count=$((count + 1))
        echo "- \`$file\`" >> "$summary"
        # A file name goes into a workflow command: %, new lines, ':' and ',' escaped.
        escaped=$(printf '%s' "$file" | sed -e 's/%/%25/g' -e 's/:/%3A/g' -e 's/,/%2C/g' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/%0A/g' -e 's/\r/%0D/g')
        echo "::warning file=$escaped,title=Code du site modifié::Ce fichier est du code du site, pas du contenu : il demande une relecture de code (.github/CODEOWNERS)."
        break
        ;;
    esac
  done
done <<LIST
$changed
LIST
if [ "$count" -eq 0 ]; then
  echo "Aucun : la proposition ne change que du contenu." >> "$summary"
  echo "Aucun fichier de code modifié : proposition de contenu."
else
  echo "$count fichier(s) de code modifié(s) : relecture de code demandée."
fi

"""Accent-insensitive search: "collectivites" finds "collectivités", "Region" finds "Région".

Material's search runs lunr.js in the browser. Every query term gets a trailing
wildcard and so skips lunr's query pipeline; it is matched, as typed (lowercased),
against the prefixes of the indexed words, which lunr never folds. Folding has to
happen when the index is built, and the only code of ours the search worker loads
is the language support it imports: `assets/javascripts/lunr/min/lunr.<lang>.min.js`.

So the generated tree gets its own copy of that file: Material's own (read from the
installed package, so it always matches the Material in use) followed by a few lines
that wrap the language so that its indexing pipeline ends with a folding step. For
every word that has accents or ligatures the step indexes the word *and* its folded
form at the same position: queries with or without accents both match, and result
snippets and highlights still show the page's real text. Files in the docs folder
take precedence over the theme's, so mkdocs.yml needs no hook nor custom plugin.

Alternatives weighed: the search plugin's `separator` only splits words and its
`pipeline` option only removes lunr steps; folding the query alone cannot work (the
index keeps the accents); appending hidden lists of folded words to every page would
put unaccented duplicates into result snippets, page text, print and copy-paste.
"""

from __future__ import annotations

from importlib import resources

from generator.project import siteconfig

LUNR_DIR = "assets/javascripts/lunr/min"

# Appended to Material's lunr.<lang>.min.js; `__LANG__` is replaced by the language.
FOLD_SCRIPT = """
/* Social Media Gouvernance (generator/render/searchfold.py): accent-insensitive search.
   Each indexed word with accents or ligatures is also indexed unaccented, at the
   same position, so that "collectivites" finds "collectivités". */
;(function (lunr, lang) {
  if (!lunr || !lunr[lang] || lunr[lang].smgFolded) return
  var fold = function (token) {
    var text = token.toString()
    var folded = text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
      .replace(/\\u0153/g, "oe").replace(/\\u00e6/g, "ae")
    return folded === text ? token : [token, token.clone(function () { return folded })]
  }
  lunr.Pipeline.registerFunction(fold, "smgAccentFold-" + lang)
  var language = lunr[lang]
  var folding = function () {
    language.apply(this, arguments)
    this.pipeline.add(fold)
  }
  for (var key in language) folding[key] = language[key]
  folding.smgFolded = true
  lunr[lang] = folding
})(typeof self !== "undefined" ? self.lunr : undefined, "__LANG__");
"""


def search_languages(found: siteconfig.Settings | None) -> list[str]:
    """The languages of Material's search plugin, as set in mkdocs.yml (default: the theme's)."""
    settings = found.model_dump() if found else {}
    theme = settings.get("theme") or {}
    default = [theme.get("language", "en")] if isinstance(theme, dict) else ["en"]
    plugins = settings.get("plugins") or []
    if isinstance(plugins, dict):  # the mapping form of the plugins list
        plugins = [{name: options} for name, options in plugins.items()]
    for plugin in plugins:
        if isinstance(plugin, dict) and "search" in plugin:
            lang = (plugin["search"] or {}).get("lang", default)
            return [lang] if isinstance(lang, str) else list(lang)
    return default


def folding_files(settings: siteconfig.Settings | None) -> dict[str, str]:
    """Files to add to the generated tree: the folding copies of lunr's language support.

    English needs no language file and is not folded (the site is in French).
    """
    source = resources.files("material") / "templates" / LUNR_DIR
    files: dict[str, str] = {}
    for lang in search_languages(settings):
        original = source / f"lunr.{lang}.min.js"
        if lang == "en" or not original.is_file():
            continue
        files[f"{LUNR_DIR}/lunr.{lang}.min.js"] = (original.read_text(encoding="utf-8").rstrip()
                                                   + "\n" + FOLD_SCRIPT.replace("__LANG__", lang))
    return files

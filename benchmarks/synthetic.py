"""Deterministic synthetic case studies: realistic French text, varied fields, all valid."""

from __future__ import annotations

import functools
import json
import random
import re
from pathlib import Path

from generator.format import models, vocab

CITIES = ["Rennes", "Nantes", "Bordeaux", "Lille", "Toulouse", "Montpellier", "Lyon", "Marseille",
          "Strasbourg", "Grenoble", "Dijon", "Angers", "Brest", "Limoges", "Amiens", "Metz", "Nancy",
          "Caen", "Rouen", "Tours", "Orléans", "Besançon", "Poitiers", "Pau", "Nîmes", "Perpignan"]
KINDS = {"commune": "Ville de {city}", "intercommunalite": "{city} Métropole",
         "departement": "Département de {city}", "region": "Région {city}",
         "ministere": "Ministère de la {topic}", "agence": "Agence {topic} de {city}",
         "gouvernement-national": "Gouvernement de {city}", "etat-federe": "État de {city}"}
TOPICS = ["culture", "santé", "transition écologique", "jeunesse", "mobilité", "éducation",
          "solidarité", "sport", "économie", "sécurité", "logement", "agriculture"]
ROOT = Path(__file__).resolve().parent.parent
# The schema's bound: learnt text can make a two-sentence summary longer (E314).
SUMMARY_MAX = min(m.max_length for m in models.CaseStudy.model_fields["summary"].metadata
                  if getattr(m, "max_length", None))
_WORD_RE = re.compile(r"[\w’'-]+|[.,;:!?]")


@functools.cache
def _chain() -> dict[str, list[str]]:
    """Word-to-next-words table learnt from the project's own French prose (case-study
    narratives, guides, training modules), so synthetic text has a real vocabulary and
    compresses like real pages, not 15 times like a handful of repeated phrases."""
    chain: dict[str, list[str]] = {}
    # docs/contribuer is left out: it quotes the scaffold's placeholder, which smg refuses.
    for folder in ("casestudies", "docs/guides", "curricula"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            prose = re.sub(r"`[^`]*`|\[\^[^\]]*\]|\([^)]*\)|[#*>|\[\]_{}<=]", " ", text)
            words = _WORD_RE.findall(prose)
            for current, following in zip(words, words[1:]):
                chain.setdefault(current, []).append(following)
    return chain


def _within(text: str, limit: int) -> str:
    """`text` cut at the last word that keeps it within `limit` characters (a field's bound)."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "."


def sentence(rng: random.Random) -> str:
    """A sentence of 8 to 30 words walked through the word table."""
    chain = _chain()
    starts = [w for w in chain if w[:1].isupper()]
    words = [rng.choice(starts)]
    while len(words) < 30 and (len(words) < 8 or words[-1] not in ".!?"):
        following = chain.get(words[-1]) or ["."]
        words.append(rng.choice(following))
    text = " ".join(words).rstrip(" .!?,;:") + "."
    return re.sub(r" ([.,])", r"\1", text)


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def case_study(index: int, total: int, rng: random.Random) -> tuple[str, str]:
    """(slug, file text) of synthetic case study number `index`."""
    level = rng.choice(list(KINDS) + ["commune", "commune", "panorama"])
    city = rng.choice(CITIES)
    topic = rng.choice(TOPICS)
    name = (KINDS.get(level) or "Les grandes villes de {city}").format(city=city, topic=topic)
    slug = f"cas-{index:05d}"
    start = rng.randint(2008, 2024)
    platforms = rng.sample([p for p in vocab.PLATFORMS if p != "autre"], rng.randint(1, 4))
    practices = rng.sample(list(vocab.practices()), rng.randint(1, 4))
    angles = rng.sample(list(vocab.ANGLES), rng.randint(1, 3))
    headline = sentence(rng)[:60].rstrip(" .")
    lines = ["---", f"title: {json.dumps(f'{name} : {headline}', ensure_ascii=False)}",
             f"administration: {json.dumps(name, ensure_ascii=False)}", f"level: {level}",
             f"country: {rng.choice(['FR', 'FR', 'FR', 'BE', 'CH', 'CA', 'US', 'IS'])}",
             ("population: {value: %d, source: source-1}" % rng.randint(5000, 900000)
              if level != "panorama" else "population:"),
             "period:", f"  start: {start}", f"  end: {rng.choice(['', start + rng.randint(0, 2)])}"]
    if level == "panorama":
        lines += ["coverage:", "  levels: [commune]", f"  count: {rng.randint(5, 200)}",
                  "  description: les villes étudiées"]
    lines.append("platforms:")
    for platform in platforms:
        lines += [f"  - platform: {platform}", f"    account: \"@{slug}-{platform}\"",
                  f"    url: https://exemple.fr/{slug}/{platform}", "    audience:"]
        for _ in range(rng.randint(0, 2)):
            lines += [f"      - value: {rng.randint(100, 200000)}", "        unit: abonnes",
                      f"        as_of: {rng.randint(start, 2025)}", "        source: source-1",
                      "        label: abonnés au compte principal"]
        if lines[-1] == "    audience:":
            lines[-1] = "    audience: []"
    related = sorted({f"cas-{rng.randrange(total):05d}" for _ in range(rng.randint(0, 3))} - {slug})
    lines += [f"angles: [{', '.join(angles)}]", f"practices: [{', '.join(practices)}]",
              f"summary: {json.dumps(_within(paragraph(rng, 2), SUMMARY_MAX), ensure_ascii=False)}", "lessons:"]
    lines += [f"  - {json.dumps(sentence(rng), ensure_ascii=False)}" for _ in range(rng.randint(2, 4))]
    lines += ["sources:"]
    for number in range(1, rng.randint(1, 3) + 1):
        lines += [f"  - id: source-{number}", f"    title: {json.dumps('Étude ' + paragraph(rng, 1)[:80])}",
                  "    author: Observatoire des usages numériques",
                  f"    date: {rng.randint(start, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                  f"    url: https://exemple.fr/sources/{slug}-{number}",
                  f"    consulted: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                  f"    kind: {rng.choice([k for k in vocab.SOURCE_KINDS if number > 1 or k != vocab.VENDOR_KIND])}"]
    lines += [f"related: [{', '.join(related)}]", f"tags: [{rng.choice(['Twitter', 'Facebook', 'vidéo'])}, "
              f"{rng.choice(['grandes villes', 'participation citoyenne', 'régions'])}]",
              "status: published", f"last_reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
              "contributors: [Équipe de test]", "aliases: []", "---", ""]
    body = []
    for heading in ("Contexte", "Démarche", "Résultats", "Limites"):
        body += [f"## {heading}", ""]
        body += [paragraph(rng, 5) + "[^source-1]", "", paragraph(rng, 5), ""]
    return slug, "\n".join(lines + body)


def write_case_studies(folder: Path, count: int, seed: int = 2010) -> list[Path]:
    """Write `count` valid synthetic case studies into `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        slug, text = case_study(index, count, rng)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths

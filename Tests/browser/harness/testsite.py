"""A small site of our own, written into a temporary folder, for the publishing rules
and the exact bytes of the feeds.

It holds, beside published news items and events:

- a draft, a future (``publish_date: 2999-01-01``) and an expired
  (``expiry_date: 2001-01-01``) news item, and the same three for events;
- each of them tagged (a tag shared with published pages and a tag of its own),
  with an alias, and with a marker word in its file name, title, summary and body,
  so that a test can look for it in every output file.

The markers are ASCII words that no other text holds: they stay findable in the
folded words of the search index and in escaped XML or iCalendar text.

Event texts carry commas, semicolons, a backslash, line breaks and long accented
lines, for the escaping and the folding of iCalendar; one event is all-day (over two
days), one is cancelled, one is online; two are long past.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import site as S

PRODUCTION_URL = "https://www.cpts-essai.fr/"

# marker → (file stem of the news item, file stem of the event, the build flag that shows it)
UNPUBLISHED = {
    "zephyrinzz": ("zephyrinzz-brouillon", "zephyrinzz-evenement-brouillon", "--drafts"),
    "quiproquozz": ("quiproquozz-annonce-future", "quiproquozz-evenement-futur", "--future"),
    "xylophonezz": ("xylophonezz-nouvelle-perimee", "xylophonezz-evenement-expire", "--expired"),
}
# The front-matter line that keeps each one out.
_RULE = {
    "zephyrinzz": "draft: true",
    "quiproquozz": "publish_date: 2999-01-01",
    "xylophonezz": "expiry_date: 2001-01-01",
}
ALL_FLAGS = ["--drafts", "--future", "--expired"]

SITE_YAML = f"""\
title: CPTS d’Essai
tagline: Communauté Professionnelle Territoriale de Santé
description: Une CPTS pour les tests du navigateur.
base_url: {PRODUCTION_URL}
language: fr
timezone: Europe/Paris
organization:
  name: CPTS d’Essai
  legal_form: Association loi 1901
  founded: 2020
  address: {{ street: 1 place de l’Essai, postal_code: "86100", city: Châtellerault }}
  phone: "05 49 00 00 00"
  email: contact@cpts-essai.fr
territory:
  name: Territoire d’essai
  department: Vienne (86)
  size: 1
  population: 20000
  professionals: 80
  communes: [Châtellerault, Naintré, Thuré]
menu:
  - {{ title: Actualités, url: /actualites/ }}
  - {{ title: Agenda, url: /agenda/ }}
footer_menu:
  - {{ title: À propos, url: /a-propos/ }}
"""

# A long line of accented text: its iCalendar lines must be folded, never inside a character.
LONG_TEXT = ("Réunion publique d’information : présentation du dispositif « Un médecin près de "
             "chez vous », questions-réponses, échanges avec les élus ; entrée libre, sans inscription, "
             "accessible aux personnes à mobilité réduite")


def _page(front: str, body: str) -> str:
    return f"---\n{front.strip()}\n---\n{body.strip()}\n"


def files() -> dict[str, str]:
    f: dict[str, str] = {
        "site.yaml": SITE_YAML,
        "_index.md": _page("title: CPTS d’Essai\nsummary: La page d’accueil de la CPTS d’essai.",
                           "Bienvenue sur le site de la CPTS d’essai."),
        "a-propos.md": _page("title: À propos\naliases: [/qui-sommes-nous/, /ancien-site/a-propos.html]",
                             "La CPTS d’essai rassemble les professionnels de santé du territoire."),
        "actualites/_index.md": _page("title: Actualités\ntype: news\npaginate: 2", "Les nouvelles de la CPTS."),
        "actualites/premiere-nouvelle.md": _page(
            "title: Première nouvelle publiée\ndate: 2026-01-05\nauthor: Jeanne Martin\n"
            "tags: [vie associative, vaccination]\naliases: [/anciennes-actualites/premiere-nouvelle/]\n"
            "summary: Une nouvelle publiée, avec des liens vers d’autres pages du site.",
            "Lire [l’agenda](/agenda/) et [la réunion publique](../agenda/reunion-publique.md).\n\n"
            "Un texte avec des caractères à échapper : <b>, & et « guillemets »."),
        "actualites/deuxieme-nouvelle.md": _page(
            "title: Deuxième nouvelle publiée\ndate: 2026-02-10T09:30\nupdated: 2026-02-12\n"
            "tags: [vie associative]", "Le deuxième texte publié."),
        "actualites/troisieme-nouvelle.md": _page(
            "title: Troisième nouvelle publiée\ndate: 2026-03-15\ntags: [vaccination]",
            "Le troisième texte publié."),
        "agenda/_index.md": _page("title: Agenda\ntype: event", "Les rendez-vous de la CPTS."),
        "agenda/reunion-publique.md": _page(
            "title: Réunion publique, questions; réponses\n"
            "start: 2026-12-10T17:00\nend: 2026-12-10T19:30\n"
            "location: { name: \"Salle des fêtes, grande salle; aile nord\", address: 2 place de la Mairie, "
            "postal_code: \"86530\", city: Naintré }\n"
            f"summary: \"{LONG_TEXT} \\\\ fin.\"\n"
            "audience: [grand-public]\ntags: [vie associative]",
            "Une réunion pour tous les habitants."),
        "agenda/journee-depistage.md": _page(
            "title: Journées du dépistage\nstart: 2027-04-03\nend: 2027-04-04\n"
            "location: { name: Place du marché, city: Thuré, postal_code: \"86540\" }\n"
            "summary: Deux journées de dépistage, sans rendez-vous.",
            "Dépistages gratuits."),
        "agenda/conference-annulee.md": _page(
            "title: Conférence annulée\nstart: 2026-11-26T18:30\nend: 2026-11-26T20:30\nstatus: cancelled\n"
            "location: { name: Médiathèque, city: Naintré }\nsummary: Cette conférence est annulée.",
            "Elle sera reprogrammée."),
        "agenda/webinaire.md": _page(
            "title: Webinaire des professionnels\nstart: 2027-01-14T20:00\nend: 2027-01-14T21:00\n"
            "online_url: https://visio.example.org/cpts-essai\naudience: [professionnels]\n"
            "summary: Une heure en visioconférence.",
            "En ligne."),
        # Two past events: the agenda lists them under "Passés", newest first.
        "agenda/assemblee-2020.md": _page(
            "title: Assemblée générale 2020\nstart: 2020-06-04T18:00\nend: 2020-06-04T20:00\n"
            "location: { name: Salle des fêtes, city: Naintré }",
            "L’assemblée générale de 2020."),
        "agenda/formation-2019.md": _page(
            "title: Formation 2019\nstart: 2019-03-01\nlocation: { name: Mairie, city: Thuré }",
            "Une formation d’une journée."),
    }
    for marker, (news, event, _flag) in UNPUBLISHED.items():
        rule = _RULE[marker]
        f[f"actualites/{news}.md"] = _page(
            f"title: Nouvelle {marker} à ne pas publier\ndate: 2026-01-20\n{rule}\n"
            f"tags: [vie associative, tag {marker}]\naliases: [/anciennes-actualites/{marker}/]\n"
            f"summary: Le résumé {marker}.",
            f"Le texte {marker} ne doit apparaître nulle part.")
        f[f"agenda/{event}.md"] = _page(
            f"title: Événement {marker}\nstart: 2026-12-20T10:00\nend: 2026-12-20T12:00\n{rule}\n"
            f"tags: [vie associative, tag {marker}]\nsummary: Le résumé {marker}.\n"
            f"location: {{ name: Salle {marker}, city: Naintré }}",
            f"L’événement {marker} ne doit apparaître nulle part.")
    return f


def write(folder: Path) -> Path:
    for rel, text in files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@dataclass
class Build:
    """One build of the test site."""

    source: Path
    output: Path
    base_url: str
    flags: list = field(default_factory=list)
    ok: bool = False
    log: str = ""

    @property
    def base_path(self) -> str:
        from urllib.parse import urlsplit
        return urlsplit(self.base_url).path

    def text(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*") if p.is_file())


def build(source: Path, output: Path, base_url: str, flags=()) -> Build:
    b = Build(source, output, base_url, list(flags))
    proc = S.build_content(source, output, base_url, list(flags))
    b.log = f"$ {' '.join(proc.args)}\n(exit {proc.returncode})\n{proc.stdout}{proc.stderr}"
    b.ok = proc.returncode == 0 and (output / "index.html").is_file()
    return b


"""SYNTHETIC benchmark data, generated here from a seed and never written to data/: articles in the
styles of wire copy, government updates, the Red Cross and defence-ministry bulletins, with figures
of every indicator; and curated figure tables of any size."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

LABEL = "[SYNTHETIC BENCHMARK TEXT - not real reporting]"
PLACES = ["Stepanakert", "Goris", "Kornidzor", "Armenia", "Nagorno-Karabakh", "Lachin", "Yerevan"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEDGES = ["", "more than ", "at least ", "up to ", "about ", "almost ", "nearly ", "some "]

TEMPLATES = [
    "{CITY}, Sept {d} (Wire) - {H}{n:,} people have fled {P} for Armenia, officials said on {DAY}.",
    "At least {k} people were killed and {H}{i:,} injured in the explosion near {P}, officials said.",
    "The death toll from the fuel depot blast rose to {k}, the health ministry said on {DAY}.",
    "{H}{m} people remain missing after the shelling, according to local authorities.",
    "According to the government, as of {d} September, {n:,} forcibly displaced persons had crossed"
    " into Armenia. Of these, {r:,} have been registered and {a:,} have been accommodated.",
    "In the past 24 hours, {H}{x:,} people crossed into Armenia through the Lachin corridor.",
    "The ICRC said a convoy of {v} trucks delivered {t} tonnes of humanitarian aid to {P} on {DAY}.",
    "The European Union announced EUR {e}m in humanitarian assistance for people displaced from {P}.",
    "Washington will provide ${u} million in humanitarian aid, the aid agency chief said in Yerevan.",
    "Switzerland pledged CHF {c} million for the humanitarian response in Armenia.",
    "The Russian Defence Ministry said: as of {d} September, {w} armoured vehicles, {H}{s:,} small"
    " arms, {g} anti-tank weapons and about {q:,} rounds of ammunition have been handed over.",
    "The separatists surrendered {word} armoured vehicles and {H}{s:,} firearms so far, Moscow said.",
    "The region is home to {H}{p:,} ethnic Armenians, {half} of whom are children, the UN said.",
    "Mr Aram Petrosyan, {age}, said he had waited for three days at the checkpoint with his family.",
    "Negotiations on the reintegration of the region continued on {DAY} in the town of Yevlakh.",
    "Between {lo} and {hi:,} people remain in {P}, the UN mission said after a one-day visit.",
    "Food, water, medicine and fuel were scarce, and thousands of people slept in their cars.",
]
WORDS = ["two", "six", "nine", "twelve", "twenty", "two dozen", "forty"]


def article(rng: random.Random, paragraphs: int = 12) -> str:
    """One synthetic article: a label line, then paragraphs built from the templates."""
    lines = [LABEL]
    for _ in range(paragraphs):
        template = rng.choice(TEMPLATES)
        lines.append(
            template.format(
                CITY=rng.choice(["YEREVAN", "GORIS", "KORNIDZOR"]),
                d=rng.randint(19, 30),
                DAY=rng.choice(DAYS),
                H=rng.choice(HEDGES),
                P=rng.choice(PLACES),
                n=rng.randint(1_000, 120_000),
                k=rng.randint(1, 600),
                i=rng.randint(1, 900),
                m=rng.randint(1, 300),
                r=rng.randint(1_000, 90_000),
                a=rng.randint(1_000, 50_000),
                x=rng.randint(100, 30_000),
                v=rng.randint(2, 40),
                t=rng.randint(5, 400),
                e=rng.randint(1, 50),
                u=round(rng.uniform(1, 30), 1),
                c=round(rng.uniform(0.5, 20), 1),
                w=rng.randint(1, 90),
                s=rng.randint(100, 8_000),
                g=rng.randint(5, 200),
                q=rng.randint(1_000, 60_000_000),
                word=rng.choice(WORDS),
                p=rng.randint(50_000, 150_000),
                half=rng.choice(["half", "a third", "a quarter"]),
                age=rng.randint(18, 80),
                lo=rng.randint(10, 100),
                hi=rng.randint(500, 2_000),
            )
        )
    return "\n\n".join(lines) + "\n"


def corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Synthetic articles adding up to about `megabytes` of UTF-8 text."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < megabytes * 1_000_000:
        text = article(rng)
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


TABLE_HEADER = (
    "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,"
    "source_outlet,source_url,published\n"
)
ROWS = [
    ("displaced", "", "people"),
    ("displaced", "daily", "people"),
    ("displaced", "registered", "people"),
    ("casualties", "killed", "people"),
    ("casualties", "injured", "people"),
    ("aid", "tonnage", "tonnes"),
    ("aid", "funding", "USD"),
    ("weapons_surrendered", "small_arms", "items"),
    ("weapons_surrendered", "munitions", "items"),
    ("population", "", "people"),
]
QUALIFIERS = ["exact", "exact", "exact", "more_than", "about", "almost", "at_least", "up_to"]


def write_table(path: Path, rows: int, seed: int = 11) -> Path:
    """A synthetic curated figure table of `rows` rows (valid rows, as a national dataset would be)."""
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(TABLE_HEADER)
        for n in range(rows):
            indicator, subtype, unit = ROWS[n % len(ROWS)]
            day = start + dt.timedelta(days=rng.randint(0, 364))
            fh.write(
                f"{day},{indicator},{subtype},{rng.randint(1, 200_000)},,{unit},"
                f"{rng.choice(QUALIFIERS)},{rng.choice(PLACES)},,Synthetic outlet {n % 97},"
                f"https://example.org/synthetic/{n},{day}\n"
            )
    return path

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
#: Paragraphs without figures: most of a real wire story is context, quotes and background.
PROSE = [
    "The announcement came after a spokeswoman for the authorities in {P} said the humanitarian situation was dire and that talks on the procedure for the departure of civilians were continuing.",
    "International pressure has mounted on both sides to keep the only road open so that supplies and people can move in and out, diplomats said on {DAY}.",
    "\u201cWe left everything behind. We have no idea what will happen to our home,\u201d said a woman who gave only her first name, as she waited in line to register at a centre in {P}.",
    "Aid agencies warned that shelters were filling up quickly and that winter would make conditions harder for families who had arrived with little more than the clothes they were wearing.",
    "The foreign ministry said it was in contact with its partners and called on the international community to support the people affected by the crisis in the region.",
    "Volunteers handed out bread, water and blankets at the border crossing, where cars and buses queued for hours before being allowed through the checkpoint.",
    "Officials said they were working with international organisations to provide temporary housing, medical care and psychological support to those who had arrived in {P}.",
    "The region has been at the centre of a dispute for more than three decades, and a ceasefire agreed earlier in the week was holding, according to observers on the ground.",
    "Reporters at the scene described long queues at petrol stations and said many residents were sleeping in their cars while they waited for permission to leave.",
    "The talks were expected to continue next week, although neither side gave details of when or where the next round would take place.",
]


def article(rng: random.Random, paragraphs: int = 16) -> str:
    """One synthetic article: a label line, then paragraphs built from the templates."""
    lines = [LABEL]
    for _ in range(paragraphs):
        template = rng.choice(TEMPLATES) if rng.random() < 0.3 else rng.choice(PROSE)
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

"""How extraction time and memory grow with article length: one long synthetic article per size.

    python bench/scaling.py [--sizes 25000,50000,100000,200000,400000] [--profile SIZE]

Each size runs in a fresh process (model loaded and warmed first, then one ``extract`` timed);
the table gives wall and CPU seconds (CPU time is the steadier figure on a shared machine),
peak RSS and counts, and the fitted growth exponent ``k`` of ``time ~ n**k`` (n log n over
25k..400k characters is about k = 1.09; quadratic is 2).
The article is built from the hand-written paragraph templates below, filled in with varied
places, dates, numbers, names and quotations (seeded, so every run builds the same text).
``--profile SIZE`` runs cProfile on one size instead and prints the top functions.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLACES = [
    ("Mosul", "Iraq"),
    ("Basra", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Raqqa", "Syria"),
    ("Idlib", "Syria"),
    ("Aleppo", "Syria"),
    ("Sanaa", "Yemen"),
    ("Taiz", "Yemen"),
    ("Aden", "Yemen"),
    ("Marib", "Yemen"),
    ("Tripoli", "Libya"),
    ("Benghazi", "Libya"),
    ("Khartoum", "Sudan"),
    ("El Fasher", "Sudan"),
    ("Lagos", "Nigeria"),
    ("Maiduguri", "Nigeria"),
    ("Kano", "Nigeria"),
    ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Goma", "Democratic Republic of the Congo"),
    ("Bamako", "Mali"),
    ("Gao", "Mali"),
    ("Kabul", "Afghanistan"),
    ("Kandahar", "Afghanistan"),
    ("Peshawar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Dhaka", "Bangladesh"),
    ("Yangon", "Myanmar"),
    ("Mandalay", "Myanmar"),
    ("Kharkiv", "Ukraine"),
    ("Odesa", "Ukraine"),
    ("Caracas", "Venezuela"),
    ("Bogota", "Colombia"),
    ("Port-au-Prince", "Haiti"),
    ("Nairobi", "Kenya"),
    ("Addis Ababa", "Ethiopia"),
]
PEOPLE = [
    ("Amina Yusuf", "a police spokeswoman"),
    ("Karim Haddad", "the provincial governor"),
    ("Laila Nasser", "a local council member"),
    ("Omar Fadel", "an army spokesman"),
    ("Grace Okafor", "a witness"),
    ("Tomas Herrera", "the interior minister"),
    ("Sara Mohammed", "a doctor at the main hospital"),
    ("Daniel Mwangi", "a rights activist"),
    ("Yusuf Rahimi", "a district official"),
    ("Elena Petrenko", "the regional administrator"),
]
GROUPS = [
    "Islamic State",
    "al-Shabaab",
    "the Taliban",
    "Boko Haram",
    "the Houthis",
    "the Rapid Support Forces",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Hand-written news paragraphs; {place}/{country}/{day}/{date}/{n}/{m}/{person}/{role}/{group} vary.
PARAGRAPHS = [
    "Thousands of protesters marched through the centre of {place} on {day}, demanding the release of "
    "detained activists and an end to power cuts, {person}, {role}, said.",
    "At least {n} people were killed and {m} wounded when a car bomb exploded near a market in {place}, "
    "{country}, on {date}, officials said.",
    '"We heard a huge blast and then people were running everywhere," said {person}, {role}. "The '
    'windows of every shop on the street were shattered."',
    "Security forces fired tear gas and rubber bullets to disperse hundreds of students who had gathered "
    "outside the university in {place} on {day}. {person} said {n} students were arrested.",
    "Militants from {group} attacked an army checkpoint on the outskirts of {place} late on {day}, killing "
    "{n} soldiers, according to a statement from the defence ministry.",
    "The government said on {day} that it would open an investigation into the deaths of {n} civilians in "
    "an airstrike on a village north of {place} earlier this month.",
    "“This is a massacre, and those responsible must be held to account,” {person}, {role}, told reporters "
    "in {place} on {date}. “The families deserve answers.”",
    "Clashes between rival armed groups in {place} on {date} left {n} fighters dead, a medical source said, "
    "while residents reported heavy gunfire until the early hours.",
    "{person} denied that troops had opened fire on the crowd, saying that the soldiers had acted in "
    "self-defence after they were attacked with stones.",
    "Police in {place} arrested {n} people on {day} in connection with the bombing of a bus station last "
    "week, {role} {person} said in a statement.",
    "Unidentified gunmen kidnapped {n} aid workers on the road between {place} and the border on {date}. "
    "No group has claimed responsibility for the abduction.",
    "Hundreds of traders closed their shops in {place} on {day} in protest against new taxes. The strike "
    "was peaceful, {person}, {role}, said, and no arrests were made.",
    "A drone strike hit a house in {place}, {country}, on {date}, killing {n} members of one family, "
    "including {m} children, relatives said.",
    "The United Nations said in a report released on {day} that more than {n},000 people had fled the "
    "fighting around {place} since {month}.",
    "Speaking at a news conference in {place}, {person} said: “We will not negotiate with people who bomb "
    "schools.” He added that the army would continue its operations.",
    "Rebels shelled residential areas of {place} on {date}, wounding {n} people, the state news agency "
    "reported, citing {role} {person}.",
    "Farmers and herders clashed over grazing land near {place} on {day}, leaving {n} people dead and "
    "dozens of homes burned, police said on {date}.",
    "Riot police used water cannon against demonstrators who tried to storm the parliament building in "
    "{place} on {day}. {m} officers were injured, the interior ministry said.",
    "{person}, {role}, said the attack on the camp in {place} had been carried out by {group}, which "
    "has been active in the area since {month}.",
    "Residents said that mortar rounds fell on the old quarter of {place} for the second day in a row "
    'on {day}. "Nobody dares to go out," one woman said.',
    "Soldiers and police raided a neighbourhood of {place} before dawn on {date}, detaining {n} young "
    "men whom they accused of links to {group}.",
    "A suicide bomber blew himself up at a mosque in {place}, {country}, during Friday prayers on {date}, "
    "killing at least {n} worshippers, a hospital official said.",
    "The army said on {day} it had recaptured {place} after three days of fighting with {group}, and that "
    "{n} militants had been killed.",
    "Teachers in {place} went on strike on {date} over unpaid salaries, and {person}, {role}, warned that "
    "the schools would stay closed until the government paid them.",
]


def build_text(size: int, seed: int = 7) -> str:
    """A synthetic article of at least ``size`` characters (cut at a paragraph end)."""
    rng = random.Random(seed)
    paras: list[str] = []
    total = 0
    while total < size:
        place, country = rng.choice(PLACES)
        person, role = rng.choice(PEOPLE)
        values = {
            "place": place,
            "country": country,
            "person": person,
            "role": role,
            "group": rng.choice(GROUPS),
            "day": rng.choice(DAYS),
            "month": rng.choice(MONTHS),
            "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
            "n": rng.randint(2, 90),
            "m": rng.randint(2, 40),
        }
        para = rng.choice(PARAGRAPHS).format(**values)
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join(paras)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(size: int) -> dict:
    from eventwire.pipeline import extract, warm_up

    warm_up()
    text = build_text(size)
    rss_before = _peak_rss_mb()
    t, cpu = time.perf_counter(), _cpu_seconds()
    result = extract(text, published="2024-06-15")
    seconds, cpu = time.perf_counter() - t, _cpu_seconds() - cpu
    return {
        "chars": len(text),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
        "rss_before_mb": round(rss_before),
        "events": len(result.events),
        "statements": len(result.statements),
        "places": len(result.places),
        "dates": len(result.dates),
    }


def fit_exponent(rows: list[dict], column: str = "seconds") -> float:
    """Least-squares slope of log(time) against log(chars)."""
    xs = [math.log(r["chars"]) for r in rows]
    ys = [math.log(max(r[column], 1e-3)) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def profile(size: int, top: int) -> None:
    import cProfile
    import pstats

    from eventwire.pipeline import extract, warm_up

    warm_up()
    text = build_text(size)
    prof = cProfile.Profile()
    prof.enable()
    extract(text, published="2024-06-15")
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000,400000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile one size instead")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per size")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    if args.profile:
        profile(args.profile, args.top)
        return
    rows = []
    print(
        f"{'chars':>8} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} {'events':>7} {'stmts':>6} "
        f"{'places':>7} {'dates':>6}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=args.timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            print(f"{size:>8} over {args.timeout} s: stopped")
            break
        except subprocess.CalledProcessError as err:
            print(f"{size:>8} failed:\n{err.stderr[-3000:]}")
            break
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['chars']:>8} {row['seconds']:>8.2f} {row['cpu_seconds']:>8.2f} {row['peak_rss_mb']:>8} "
            f"{row['events']:>7} {row['statements']:>6} {row['places']:>7} {row['dates']:>6}",
            flush=True,
        )
    if len(rows) >= 2:
        for column in ("seconds", "cpu_seconds"):
            steps = [
                math.log(b[column] / a[column]) / math.log(b["chars"] / a["chars"])
                for a, b in zip(rows, rows[1:])
            ]
            print(
                f"{column}: fitted exponent k (time ~ chars**k) {fit_exponent(rows, column):.2f}; "
                "steps " + ", ".join(f"{k:.2f}" for k in steps)
            )


if __name__ == "__main__":
    main()

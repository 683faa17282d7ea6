"""Seeded, made-up patients for the benchmark data sets (and their CSV form)."""
from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from tracker.models import Sex
from tracker.services.patient_import import COLUMNS
from tracker.services.patients import PatientInput

FAMILY = (
    "Abara Adeyemi Ahmed Alvarez Andersen Aoki Bakker Banda Barros Becker Bianchi Brown Castillo Chen Costa Cruz Dahl "
    "Diallo Dubois Eriksen Esposito Farouk Fernandes Fischer Fontaine Garcia Gomez Haddad Hansen Horvat Hughes Ibrahim "
    "Ivanova Jansen Jensen Kaur Keller Khan Kim Kowalski Kruger Larsen Lee Lindqvist Lopez Mahlangu Martin Mensah "
    "Moreau Murphy Nakamura Nguyen Novak Nowak Okafor Okonkwo Oliveira Osei Park Patel Perez Petrov Quinn Rahman Reyes "
    "Ricci Rossi Santos Sato Schmidt Schneider Silva Singh Smith Sokolov Suzuki Tanaka Tran Usman Vargas Walker Wang "
    "Weber Williams Wong Yamamoto Yilmaz Zhang Zulu O'Neill Müller Łukasik Ødegaard Çelik"
).split()
GIVEN = (
    "Aisha Amara Ana Anders Ayodele Beatriz Carlos Chidi Chloe Daniel Declan Dmitri Elena Emma Erik Eva Fatima Freja "
    "Giulia Hana Hiro Ibrahim Imran Ines Isaac Jonas Jose Karim Kenji Kwame Leila Linh Louis Lucia Maria Marco Marta "
    "Mei Minh Mohammed Nadia Noah Olga Omar Pedro Piotr Priya Rafael Sara Siobhan Sofia Tiago Tomas Wei Yuki Zara "
    "Zoë Ólafur"
).split()


def patients(count: int, *, seed: int, chart_prefix: str) -> Iterator[PatientInput]:
    """``count`` distinct patients; the same ``seed`` gives the same people."""
    rng = random.Random(seed)
    today = date.today()
    for n in range(count):
        female = rng.random() < 0.55
        born = today - timedelta(days=rng.randrange(2 * 365, 95 * 365))
        child = (today - born).days < 18 * 365
        yield PatientInput(
            chart_number=f"{chart_prefix}{n + 1:07d}", family_name=rng.choice(FAMILY),
            given_names=" ".join(rng.sample(GIVEN, 1 + (rng.random() < 0.25))), date_of_birth=born,
            sex=Sex.FEMALE if female else Sex.MALE, phone=f"+1 555 {rng.randrange(10**7):07d}",
            email=f"patient{n}@example.org" if rng.random() < 0.4 else None,
            fitzpatrick=rng.randrange(1, 7), allergies="Lidocaine" if rng.random() < 0.03 else None,
            diabetes=not child and rng.random() < 0.08, immunosuppressed=rng.random() < 0.02,
        )


def write_csv(path: Path, rows: list[PatientInput]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for p in rows:
            values = []
            for name in COLUMNS:
                value = getattr(p, name)
                if isinstance(value, bool):
                    value = "yes" if value else "no"
                elif isinstance(value, Sex):
                    value = value.value
                elif isinstance(value, date):
                    value = value.isoformat()
                values.append("" if value is None else value)
            writer.writerow(values)

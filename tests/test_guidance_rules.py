"""The rules as data: every shipped rule is valid and cites a source that really
says it; every piece of guidance in the seed documents is carried by a rule;
mistakes in a rules file are reported with file, line and what is wrong."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tracker.services.guidance.loader import load_ruleset, shipped_rules
from tracker.services.guidance.rule_parser import parse_rules_text
from tracker.services.guidance.sources import SourceDocuments, citation_problem, find_sources_dir, normalise, rule_source_problems
from tracker.services.guidance.rules import Citation

SEED_000 = "000_516ba4fb64f27f14.txt"
SEED_001 = "001_154aa0099504b02a.txt"
SEED_002 = "002_c803091fe200cd6e.txt"

#: Every aftercare and side-effect passage of the seed documents.
SEED_GUIDANCE = {
    SEED_000: [
        "the healthcare professional will clean the area and administer the medication using a fine needle",
        "The process is relatively quick and typically well-tolerated.",
        "it is common to experience mild discomfort, redness, or swelling at the injection site",
        "These side effects are usually temporary and subside within a few days.",
        "It is essential to follow post-procedure care instructions provided by your healthcare provider.",
        "targets specific areas, minimizing side effects on the rest of the body",
        "consult with a qualified healthcare professional to determine if it is the right option for you",
    ],
    SEED_001: [
        "maximizing drug concentration at the site of disease while minimizing systemic exposure",
        "reducing systemic side effects",
        "reducing the systemic side effects associated with oral or intravenous administration",
    ],
    SEED_002: [
        "Visible Results Within 4 Weeks",
        "Many individuals notice visible improvements in hair growth within just a few weeks of starting treatment",
        "ongoing monitoring by a healthcare professional is essential to optimize outcomes and manage any potential side effects",
        "side effects can include pain at the injection site, temporary skin changes, and a small risk of systemic effects like weight gain or mood changes",
        "Long-term use may lead to skin atrophy or changes in skin pigmentation.",
        "It's crucial to discuss the risks and benefits with a healthcare professional and monitor for any adverse reactions during treatment.",
    ],
}

#: What domain.md adds, by the rule expected to carry it.
DOMAIN_GUIDANCE = {
    "fluorouracil.ulceration": "more ulceration",
    "bleomycin.fingers-toes": "avoid fingertips and toes",
    "candida.reaction": "the local reaction peaks at 24-48 hours",
    "general.observation": "Observe 20 minutes after Candida antigen",
    "mmr.course": "MMR vaccine 0.1-0.5 mL every 2-4 weeks",
    "methotrexate.kidneys": "blood count in renal impairment",
    "interferon.schedule": "three times a week for 3 weeks",
    "talimogene.dressing-and-contacts": "airtight dressing for at least a week; risk of herpes transmission to close contacts",
    "keloid.sun": "protect the scar from sun, use sunscreen",
    "site.near-eyes-or-nose": "sudden vision change is an emergency",
    "steroid.diabetes-large-dose": "raised blood glucose in people with diabetes",
}


@pytest.fixture(scope="module")
def docs() -> SourceDocuments:
    folder = find_sources_dir()
    assert folder is not None, (
        "the source documents (shared/seeds and shared/domain.md) were not found beside this checkout "
        f"({Path(__file__).resolve().parents[1]}) or any parent folder; put them there or set TRACKER_SOURCES_DIR"
    )
    return SourceDocuments.load(folder)


def test_shipped_rules_load_without_problems():
    rules, problems, files = shipped_rules()
    assert not problems, "\n".join(map(str, problems))
    assert len(rules) >= 30 and len(files) >= 5
    assert len({r.id for r in rules}) == len(rules)


def test_every_rule_has_a_source_that_exists_and_says_it(docs):
    rules, _, _ = shipped_rules()
    assert all(rule.sources for rule in rules)
    assert rule_source_problems(rules, docs) == []


def test_the_source_check_catches_misquotes_missing_files_and_unsourced_claims(docs):
    assert "not in" in citation_problem(Citation(SEED_000, quote="Rest for a week after the injection."), docs)
    assert "no seed document" in citation_problem(Citation("009_0000.txt", quote="x"), docs)
    assert "no section" in citation_problem(Citation("domain.md", section="Dressings"), docs)
    problem = citation_problem(Citation("domain.md", section="Aftercare (what sheets usually say)", quote="Avoid strenuous activity"), docs)
    assert "[none]" in problem


def test_every_seed_guidance_passage_is_carried_by_a_rule(docs):
    rules, _, _ = shipped_rules()
    for document, passages in SEED_GUIDANCE.items():
        quotes = [normalise(c.quote) for r in rules for c in r.sources if c.document == document and c.quote]
        for passage in passages:
            assert normalise(passage) in normalise(docs.seeds[document]), f"the coverage list misquotes {document}: {passage}"
            assert any(normalise(passage) in q or q in normalise(passage) for q in quotes), f"no rule cites {document}: {passage!r}"


def test_domain_guidance_for_other_agents_sites_and_patients_is_carried(docs):
    rules = {r.id: r for r in shipped_rules()[0]}
    for rule_id, passage in DOMAIN_GUIDANCE.items():
        rule = rules[rule_id]
        assert any(c.is_domain and c.quote and normalise(passage) in normalise(c.quote) for c in rule.sources), rule_id
        assert rule.checklist or rule.aftercare or rule.reminders


def test_no_rule_claims_what_domain_md_marks_unsourced():
    rules, _, _ = shipped_rules()
    texts = [i.text for r in rules for i in r.checklist] + [a.text for r in rules for a in r.aftercare] \
        + [m.title + " " + (m.detail or "") for r in rules for m in r.reminders]
    assert not [t for t in texts if "strenuous" in t.lower() or "exercise" in t.lower()]


def problems_of(text: str) -> list[str]:
    _, problems = parse_rules_text(textwrap.dedent(text), "clinic-rules.yaml")
    return [str(p) for p in problems]


GOOD_SOURCE = f"""\
    sources:
      - seed: {SEED_000}
        quote: These side effects are usually temporary and subside within a few days.
"""


@pytest.mark.parametrize("body, expected", [
    ("  - id: a.rule\n    title: T\n    wen: {agent: tac}\n", "clinic-rules.yaml, line 4: rule 'a.rule': a rule has an unknown entry 'wen'"),
    ("  - id: a.rule\n    title: T\n    when: {agent_class: steroid}\n", "clinic-rules.yaml, line 4: rule 'a.rule': when.agent_class: unknown 'steroid' (choose from antimetabolite, corticosteroid"),
    ("  - id: a.rule\n    title: T\n    when:\n      condition: keloids\n", "clinic-rules.yaml, line 5: rule 'a.rule': when.condition: unknown 'keloids'"),
    ("  - id: a.rule\n    title: T\n    when:\n      region: [scalp, neck]\n", "clinic-rules.yaml, line 5: rule 'a.rule': when.region: unknown 'neck' (choose from acral, face, limb, periocular, scalp, trunk)"),
    ("  - id: a.rule\n    title: T\n    reminders:\n      - {key: r, kind: call, days: soon, title: Call}\n", "clinic-rules.yaml, line 5: rule 'a.rule': reminder days must be a whole number"),
    ("  - id: a.rule\n    title: T\n    checklist:\n      - key: c\n        phase: during\n        text: X\n", "clinic-rules.yaml, line 6: rule 'a.rule': checklist phase must be one of before, after, follow_up"),
    ("  - id: a.rule\n    title: T\n    aftercare:\n      care: ['See {doctor}']\n", "clinic-rules.yaml, line 5: rule 'a.rule': aftercare.care line uses {doctor}, which is not known here"),
    ("  - id: a.rule\n    title: T\n    aftercare:\n      advice: [Rest]\n", "clinic-rules.yaml, line 5: rule 'a.rule': aftercare has an unknown entry 'advice'"),
])
def test_schema_mistakes_name_file_line_and_what_is_wrong(body, expected):
    found = problems_of("rules:\n" + body + GOOD_SOURCE)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_rule_without_sources_or_output_is_refused():
    assert problems_of("""\
        rules:
          - id: no.source
            title: T
            aftercare: {care: [Keep it clean.]}
        """) == ["clinic-rules.yaml, line 2: rule 'no.source' has no 'sources': every rule cites a seed passage or a section of domain.md"]
    assert problems_of(f"""\
        rules:
          - id: seed.without.quote
            title: T
            aftercare: {{care: [Keep it clean.]}}
            sources:
              - seed: {SEED_000}
        """) == [f"clinic-rules.yaml, line 6: rule 'seed.without.quote': a seed source needs the 'quote' it rests on (the passage in {SEED_000})"]


def test_yaml_syntax_errors_and_duplicate_keys_have_lines():
    assert problems_of("rules:\n  - id: x\n    title: [unclosed\n")[0].startswith("clinic-rules.yaml, line 4: not valid YAML")
    assert problems_of("rules:\n  - id: x\n    id: y\n") == ["clinic-rules.yaml, line 3: 'id' is given twice (first on line 2)"]
    assert problems_of("- just a list\n") == ["clinic-rules.yaml, line 1: a rules file holds one entry, 'rules:', with a list of rules"]


def write_clinic_rules(location, text: str):  # noqa: ANN001, ANN201
    location.rules_file.write_text(textwrap.dedent(text), encoding="utf-8")
    return location.rules_file


def test_clinic_rules_add_override_and_switch_off_and_a_broken_one_leaves_the_rest(location):
    path = write_clinic_rules(location, f"""\
        rules:
          - id: keloid.sun
            title: Sun protection (our wording)
            when: {{condition: keloid}}
            aftercare:
              care: [Cover the scar or use a high-factor sunscreen whenever you are outside.]
            sources:
              - domain: Aftercare (what sheets usually say)
                quote: "Keloids: protect the scar from sun, use sunscreen"
          - id: alopecia.relapse
            enabled: false
          - id: clinic.parking
            title: Broken rule
            when: {{agent: triamcinolone}}
            aftercare: {{care: [Park behind the clinic.]}}
            sources:
              - domain: Aftercare (what sheets usually say)
          - id: steroid.systemic
            title: Broken override keeps the shipped rule
            when: {{agent_class: corticosteroid}}
            aftercare: {{what_to_expect: [Steroid may act on the whole body.]}}
        """)
    ruleset = load_ruleset(path)
    shipped = {r.id for r in shipped_rules()[0]}
    assert {r.id for r in ruleset.rules} == shipped  # nothing broken got in, the shipped rules all load
    assert ruleset.by_id("keloid.sun").title == "Sun protection (our wording)"
    assert not ruleset.by_id("alopecia.relapse").enabled
    assert ruleset.by_id("steroid.systemic").file.endswith("20_corticosteroid.yaml")
    messages = [str(p) for p in ruleset.problems]
    assert messages == [
        f"{path}, line 14: rule 'clinic.parking': when.agent: unknown 'triamcinolone' (choose from 5fu, bleomycin, candida, ifn_a2b, methotrexate, mmr, tac, tvec)",
        f"{path}, line 18: rule 'steroid.systemic' has no 'sources': every rule cites a seed passage or a section of domain.md",
    ]
    assert "keloid.sun" in ruleset.overridden

"""The README's table of rules is the table the report uses."""

from __future__ import annotations

from generator.diff.rules import POSITIONS, RULES, SIDED_RULES, rules_table

from .helpers import REPO


def test_the_readme_prints_every_rule_as_the_report_applies_it() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert rules_table() in readme
    assert rules_table().count("\n") == 2 + 2 * len(SIDED_RULES) + len(RULES)


def test_every_position_is_on_a_side() -> None:
    assert set(POSITIONS.values()) == {"request", "response"}

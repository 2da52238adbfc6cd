import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.forms import FieldType
from kiosk.resources import resource_path
from kiosk.settings import SettingsError, SiteConfig, load_site_file, parse_site
from kiosk.settings.loader import site_to_document
from kiosk.settings.migrations import MigrationError, migrate


def document(site: SiteConfig) -> dict[str, Any]:
    return copy.deepcopy(site_to_document(site))


def test_default_site_has_the_case_types_of_the_centre(site: SiteConfig) -> None:
    ids = {c.id for c in site.case_types}
    assert ids == {
        "messaging_recovery",
        "superapp_appeal",
        "wallet_reactivation",
        "minor_spending_refund",
        "merchant_appeal",
        "other",
    }
    minors = site.case_type("minor_spending_refund")
    assert site.queue(minors.queue).specialist
    assert minors.offers_callback
    assert {lang.code for lang in site.languages} >= {"zh_CN", "en"}


def test_every_form_proves_ownership_and_never_asks_for_a_password(site: SiteConfig) -> None:
    for case in site.case_types:
        fields = case.form.fields
        assert fields[-1].id == "description"
        assert any(f.type is FieldType.PHONE for f in fields), case.id
        for f in fields:
            for text in [f.id, *f.label.root.values()]:
                assert "password" not in text.lower()
                assert "密码" not in text


def test_round_trip_through_json_is_lossless(site: SiteConfig) -> None:
    again = parse_site(json.loads(json.dumps(document(site))), "memory")
    assert again == site


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "site.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_unknown_field_is_named_with_its_path_and_the_file(
    site: SiteConfig, tmp_path: Path
) -> None:
    doc = document(site)
    doc["case_types"][2]["form"]["fields"][1]["colour"] = "red"
    path = write(tmp_path, doc)
    with pytest.raises(SettingsError) as caught:
        load_site_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert "case_types[2].form.fields[1].colour: unknown field" in message


def test_wrong_type_is_named_with_its_path(site: SiteConfig, tmp_path: Path) -> None:
    doc = document(site)
    doc["idle"]["timeout_seconds"] = "a minute"
    with pytest.raises(SettingsError) as caught:
        load_site_file(write(tmp_path, doc))
    assert any(p.startswith("idle.timeout_seconds:") for p in caught.value.problems)


def test_broken_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "site_name": ,\n}', encoding="utf-8")
    with pytest.raises(SettingsError, match="line 2, column 16"):
        load_site_file(path)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["case_types"][1].update(prefix="A"),
            "case_types[1].prefix: ticket prefix 'A' is used twice",
        ),
        (
            lambda d: d["queues"][1].update(prefix="B"),
            "prefix B, which already belongs to queue 'wallet'",
        ),
        (lambda d: d["case_types"][0]["name"].pop("en"), "case_types[0].name: no text for en"),
        (
            lambda d: d["counters"][5].update(queues=["general"]),
            "counters: no counter serves queue(s) specialist",
        ),
        (lambda d: d.update(timezone="Mars/Olympus"), "unknown time zone"),
        (
            lambda d: d["case_types"][5]["form"]["fields"].append(
                {
                    "id": "old_password",
                    "type": "text",
                    "label": {"zh_CN": "旧密码", "en": "Old password"},
                }
            ),
            "never collects passwords",
        ),
        (
            lambda d: d["case_types"][5]["form"]["fields"][0].update(pattern="[a-"),
            "pattern is not valid",
        ),
    ],
)
def test_inconsistent_sites_are_refused_with_a_reason(
    site: SiteConfig, mutate: Any, expected: str
) -> None:
    doc = document(site)
    mutate(doc)
    with pytest.raises(SettingsError) as caught:
        parse_site(doc, "edited.json")
    assert expected in str(caught.value)


def test_migrations_bring_old_documents_up_to_date() -> None:
    with pytest.raises(MigrationError, match="≥ 1"):
        migrate({"schema_version": 0})
    current = {"schema_version": 3, "site_name": {"en": "x"}}
    assert migrate(current, steps={}) == current
    with pytest.raises(MigrationError, match="newer than this kiosk"):
        migrate({"schema_version": 99})


def test_a_version_1_site_gets_the_consent_text_and_assistance_options() -> None:
    shipped = json.loads(resource_path("site", "default_site.json").read_text(encoding="utf-8"))
    old = {k: v for k, v in shipped.items() if k not in ("consent", "assistance")}
    old["schema_version"] = 1
    old.pop("security", None)
    site = parse_site(old, "site-v1.json")
    assert site.schema_version == 3
    assert site.security.admin_pin_min == 6  # version 3's sign-in rules, at their defaults
    assert site.consent.version == 1
    assert "{days}" in site.consent.points[2].get("en")
    assert [r.id for r in site.assistance.reasons] == [
        "age_65",
        "disability",
        "pregnancy",
        "with_minor",
    ]


def test_an_assistance_reason_must_give_a_known_priority_class(site: SiteConfig) -> None:
    doc = site.model_dump(mode="json")
    doc["assistance"]["reasons"][0]["priority_class"] = "vip"
    with pytest.raises(SettingsError, match="unknown priority class 'vip'"):
        parse_site(doc, "edited.json")


def test_a_missing_step_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.settings.migrations as migrations

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    calls: list[int] = []

    def step(doc: dict[str, Any]) -> dict[str, Any]:
        calls.append(doc["schema_version"])
        return doc

    assert (
        migrations.migrate({"schema_version": 1}, steps={1: step, 2: step})["schema_version"] == 3
    )
    assert calls == [1, 2]
    with pytest.raises(MigrationError, match="no migration from schema_version 2"):
        migrations.migrate({"schema_version": 1}, steps={1: step})


def test_every_rule_across_sections_is_reported_at_once(site: SiteConfig) -> None:
    doc = document(site)
    doc["case_types"][1]["prefix"] = "A"
    doc["counters"][1]["number"] = 1
    doc["default_language"] = "fr"
    with pytest.raises(SettingsError) as caught:
        parse_site(doc, "edited")
    assert caught.value.problems == [
        "default_language: 'fr' is not one of the languages",
        "case_types[1].prefix: ticket prefix 'A' is used twice",
        "counters[1].number: counter number '1' is used twice",
    ]

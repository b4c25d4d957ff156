"""Load the demo data of `fixtures/demo.json`: creates what is missing and never changes what is there.

The file is keyed by natural keys (strategy and node codes, names, slugs) rather than primary keys, so
it loads into a database that already holds real data, and loading it twice changes nothing.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from common.roles import BOARD_GROUP, STAFF_GROUP, ensure_roles
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Node, Strategy, TargetGroup
from vvg_profile.models import Profile

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
DEMO_PASSWORD = "vvg-demo-2026"
DEMO_ACCOUNTS = [
    ("staff", "Vida", "Darbuotoja", STAFF_GROUP),
    ("board", "Valdas", "Valdybietis", BOARD_GROUP),
]

_INDICATOR_FIELDS = ("name_en", "unit", "target_kind", "source", "figure", "measure", "headline")


def _decimal(value):
    return None if value is None else Decimal(value)


def _load_indicators(strategy, node, items):
    for position, item in enumerate(items):
        indicator, created = Indicator.objects.get_or_create(
            strategy=strategy,
            node=node,
            name=item["name"],
            defaults={
                **{field: item[field] for field in _INDICATOR_FIELDS if field in item},
                "target": _decimal(item.get("target")),
                "target_max": _decimal(item.get("target_max")),
                "position": position,
            },
        )
        if created:
            for value in item.get("values", []):
                ManualValue.objects.create(
                    indicator=indicator, date=value["date"], value=Decimal(value["value"]), note=value["note"]
                )


def _load_nodes(strategy, parent, items):
    for item in items:
        node = Node.objects.filter(strategy=strategy, code=item["code"]).first()
        if node is None:
            node = Node.objects.create(
                strategy=strategy,
                parent=parent,
                code=item["code"],
                title=item["title"],
                description=item.get("description", ""),
            )
        _load_indicators(strategy, node, item.get("indicators", []))
        _load_nodes(strategy, node, item.get("children", []))


def _load_projects(strategy, items, groups):
    for item in items:
        if Project.objects.filter(node__strategy=strategy, title=item["title"]).exists():
            continue
        promoter = Organisation.objects.get(name=item["promoter"]) if "promoter" in item else None
        project = Project.objects.create(
            node=Node.objects.get(strategy=strategy, code=item["node"]),
            title=item["title"],
            description=item.get("description", ""),
            promoter=promoter,
            status=item["status"],
            how_to_join=item.get(
                "how_to_join",
                "Kreipkitės į projektą vykdančią organizaciją arba į Utenos miesto VVG.",
            ),
        )
        for name, role in item.get("partners", []):
            ProjectPartner.objects.create(project=project, organisation=Organisation.objects.get(name=name), role=role)
        for slug in item.get("target_groups", []):
            ProjectTargetGroup.objects.create(project=project, target_group=groups[slug])


def _load_accounts():
    ensure_roles()
    User = get_user_model()
    from django.contrib.auth.models import Group

    for username, first_name, last_name, group_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            # Staff may also use the admin; board members only read through the portal.
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": group_name == STAFF_GROUP},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))


@transaction.atomic
def load_demo(path=DEMO_FILE):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "profile" in data and not Profile.objects.exists():
        Profile.objects.create(**data["profile"])  # a VVG's own profile, once saved, is never overwritten
    for position, (slug, name, name_en) in enumerate(data["target_groups"]):
        TargetGroup.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "position": position})
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for item in data["organisations"]:
        Organisation.objects.get_or_create(
            name=item["name"],
            defaults={"legal_form": item.get("legal_form", ""), "sector": item.get("sector", "")},
        )
    for item in data["strategies"]:
        fields = {k: v for k, v in item.items() if k not in ("code", "nodes", "indicators", "projects")}
        strategy, _ = Strategy.objects.get_or_create(code=item["code"], defaults=fields)
        _load_indicators(strategy, None, item.get("indicators", []))
        _load_nodes(strategy, None, item.get("nodes", []))
        _load_projects(strategy, item.get("projects", []), groups)
    _load_accounts()

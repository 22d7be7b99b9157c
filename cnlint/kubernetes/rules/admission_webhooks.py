"""Kubernetes rules on admission webhooks: what happens to requests while
one is down."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, items, mapping

checks = Checks()

@checks.rule("KM079")
def webhook_failure_policy_ignore(doc, ctx):
    for obj in doc.objects:
        if obj.kind not in ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"):
            continue
        for i, hook in enumerate(items(obj.get(("webhooks",)))):
            if mapping(hook).get("failurePolicy") == "Ignore":
                span = obj.value_span(("webhooks", i, "failurePolicy"))
                yield at(obj, span, f"webhook '{mapping(hook).get('name')}' fails open: while it is down, every request it should check is admitted")

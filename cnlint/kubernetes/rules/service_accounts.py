"""Kubernetes rules on the service account a pod runs as and its token:
which account, whether the token is mounted, how long it lives, the
deprecated field that names it."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Edit, Fix
from cnlint.kubernetes.common import as_int, at, items, mapping, pods
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()

@checks.rule("KM021")
def deprecated_service_account_field(doc, ctx):
    for obj, path, spec in pods(doc):
        old = spec.get("serviceAccount")
        if not isinstance(old, str) or not old:
            continue
        new = spec.get("serviceAccountName")
        key = obj.key_span(path + ("serviceAccount",))
        fix = None
        if new is None and obj.source.line(key.line)[key.column - 1 : key.end_column - 1] == "serviceAccount":
            # The API server copies serviceAccount into serviceAccountName when that is unset.
            fix = Fix((Edit(key, "serviceAccountName"),), "Rename serviceAccount to serviceAccountName")
        if new is not None and str(new) != old:
            message = f"serviceAccount '{old}' is deprecated and contradicts serviceAccountName '{new}', which wins; remove it"
        else:
            message = f"serviceAccount is deprecated; use serviceAccountName: {old}"
        yield at(obj, key, message, fix)


@checks.rule("KM057")
def default_service_account(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        name = spec.get("serviceAccountName", spec.get("serviceAccount"))
        if name not in (None, "", "default"):
            continue
        key = "serviceAccountName" if "serviceAccountName" in spec else "serviceAccount"
        span = obj.value_span(spec_path + (key,)) if name is not None else obj.key_span(spec_path)
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs as the namespace's default service account, which every other pod there shares")


def _account(spec: dict) -> str:
    return str(spec.get("serviceAccountName") or spec.get("serviceAccount") or "default")


@checks.project("KM058")
def automount_service_account_token(project, ctx):
    index = project.view(ObjectIndex)
    for f in project.targets("kubernetes"):
        for obj, spec_path, spec in pods(f):
            value = spec.get("automountServiceAccountToken")
            if value is False:
                continue
            # A pod that says nothing takes its ServiceAccount's setting.
            accounts = index.named("ServiceAccount", _account(spec), obj, group="") if value is None else []
            if any(sa.get(("automountServiceAccountToken",)) is False for _, sa in accounts):
                continue
            span = obj.value_span(spec_path + ("automountServiceAccountToken",)) if value is not None else obj.key_span(spec_path)
            yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' mounts its service account token, which lets anyone inside call the Kubernetes API as it", path=f.path)


@checks.rule("KM081")
def projected_token_long_expiration(doc, ctx):
    for obj, spec_path, spec in pods(doc):
        for i, volume in enumerate(items(spec.get("volumes"))):
            for j, source in enumerate(items(mapping(mapping(volume).get("projected")).get("sources"))):
                seconds = as_int(mapping(mapping(source).get("serviceAccountToken")).get("expirationSeconds"))
                if seconds is not None and seconds > 86400:
                    span = obj.value_span(spec_path + ("volumes", i, "projected", "sources", j, "serviceAccountToken", "expirationSeconds"))
                    yield at(obj, span, f"projected service account token lives {seconds} seconds, over a day: a stolen token stays valid that long")

"""Kubernetes rules on RBAC: roles that grant wildcards or verbs that
escalate privileges, bindings to powerful roles."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, items, label, mapping
from cnlint.kubernetes.index import ObjectIndex

checks = Checks()

RBAC = "rbac.authorization.k8s.io"


def _roles(doc, kinds=("Role", "ClusterRole")):
    for obj in doc.objects:
        if obj.kind in kinds and obj.group == RBAC:
            yield obj


def _rules(obj):
    """Yield (index, rule, verbs, resources, apiGroups) with values as strings."""
    for i, rule in enumerate(items(obj.get(("rules",)))):
        rule = mapping(rule)
        yield i, rule, *({label(v) for v in items(rule.get(key))} for key in ("verbs", "resources", "apiGroups"))


def _role_name(obj) -> str:
    return f"{obj.kind} '{obj.name}'"


@checks.rule("KM069")
def wildcard_in_rules(doc, ctx):
    for obj in _roles(doc):
        for i, rule, *_ in _rules(obj):
            for key in ("verbs", "resources"):
                for j, value in enumerate(items(rule.get(key))):
                    if value == "*":
                        span = obj.value_span(("rules", i, key, j))
                        yield at(obj, span, f"{_role_name(obj)} grants '*' {key}, which also covers every {key[:-1]} added to the API later")


@checks.rule("KM070")
def wildcard_resource_verb_combo(doc, ctx):
    for obj in _roles(doc, ("ClusterRole",)):
        for i, _, verbs, resources, groups in _rules(obj):
            if "*" in verbs and "*" in resources and groups & {"*", ""}:
                yield at(obj, obj.key_span(("rules", i)), f"{_role_name(obj)} grants every verb on every resource, which is cluster-admin under another name")


def _in_groups(groups: set, *wanted: str) -> bool:
    """Whether a rule's apiGroups reach resources of one of the `wanted` groups."""
    return bool(groups & {*wanted, "*"})


@checks.rule("KM071")
def escalating_verb_in_role(doc, ctx):
    for obj in _roles(doc):
        for i, _, verbs, resources, groups in _rules(obj):
            # Roles exist only in the RBAC group.
            if not resources & {"roles", "clusterroles", "*"} or not _in_groups(groups, RBAC):
                continue
            found = []
            if verbs & {"escalate", "*"}:
                found.append("escalate (create roles with more permissions than its own)")
            if verbs & {"bind", "*"}:
                found.append("bind (bind any role, however powerful)")
            if found:
                span = obj.key_span(("rules", i, "verbs"))
                yield at(obj, span, f"{_role_name(obj)} lets its holder {' and '.join(found)}, bypassing RBAC's escalation protection")


def _unrestricted(rule) -> bool:
    return not items(rule.get("resourceNames"))


@checks.rule("KM072")
def impersonate_without_resource_names(doc, ctx):
    for obj in _roles(doc):
        for i, rule, verbs, resources, groups in _rules(obj):
            identities = resources & {"users", "groups", "serviceaccounts", "uids", "*"} or any(r.startswith("userextras") for r in resources)
            if verbs & {"impersonate", "*"} and identities and _in_groups(groups, "", "authentication.k8s.io") and _unrestricted(rule):
                yield at(obj, obj.key_span(("rules", i, "verbs")), f"{_role_name(obj)} may impersonate any user, group or service account, system:masters included")


@checks.rule("KM073")
def approve_signers_without_resource_names(doc, ctx):
    for obj in _roles(doc):
        for i, rule, verbs, resources, groups in _rules(obj):
            if resources & {"signers", "*"} and verbs & {"approve", "*"} and _in_groups(groups, "certificates.k8s.io") and _unrestricted(rule):
                yield at(obj, obj.key_span(("rules", i, "verbs")), f"{_role_name(obj)} may approve certificate requests for any signer, including those that issue cluster credentials")


# The resources deletecollection is reported on, with their API groups.
DELETECOLLECTION = {"secrets": ("",), "pods": ("",), "configmaps": ("",), "namespaces": ("",), "deployments": ("apps", "extensions")}


@checks.rule("KM074")
def deletecollection_verb_in_role(doc, ctx):
    for obj in _roles(doc):
        for i, _, verbs, resources, groups in _rules(obj):
            hit = {r for r in resources if r in DELETECOLLECTION and _in_groups(groups, *DELETECOLLECTION[r])}
            if "*" in resources and _in_groups(groups, "", "apps", "extensions"):
                hit.add("*")
            if "deletecollection" in verbs and hit:
                yield at(obj, obj.key_span(("rules", i, "verbs")), f"{_role_name(obj)} may deletecollection {', '.join(sorted(hit))}, wiping every one of them in a single call")


AGGREGATE = tuple(f"{RBAC}/aggregate-to-{r}" for r in ("admin", "edit", "view"))


@checks.rule("KM075")
def aggregate_to_admin_escalation(doc, ctx):
    for obj in _roles(doc, ("ClusterRole",)):
        labels = mapping(obj.get(("metadata", "labels")))
        target = next((k for k in AGGREGATE if label(labels.get(k)) == "true"), None)
        if target is None:
            continue
        for i, _, verbs, resources, groups in _rules(obj):
            if groups & {"", RBAC, "*"} and verbs & {"*", "create", "delete", "patch"} and resources & {"*", "secrets", "roles", "clusterroles", "clusterrolebindings"}:
                span = obj.key_span(("rules", i))
                granted = ", ".join(sorted(resources & {"*", "secrets", "roles", "clusterroles", "clusterrolebindings"}))
                message = f"{_role_name(obj)} is aggregated into '{target.rsplit('-', 1)[-1]}' and grants write access to {granted}, which every holder of that role then inherits"
                yield at(obj, span, message)


@checks.rule("KM076")
def cluster_admin_role_binding(doc, ctx):
    for obj in doc.objects:
        if obj.kind in ("RoleBinding", "ClusterRoleBinding") and obj.group == RBAC:
            ref = mapping(obj.get(("roleRef",)))
            if ref.get("kind") == "ClusterRole" and ref.get("name") == "cluster-admin":
                scope = "cluster" if obj.kind == "ClusterRoleBinding" else "namespace"
                yield at(obj, obj.value_span(("roleRef", "name")), f"{obj.kind} '{obj.name}' grants cluster-admin, full control of the {scope}")


# The API group of each resource the access rules ask about: a rule grants
# it only if it names that group (or '*').
RESOURCE_GROUPS = {
    "secrets": "", "pods": "", "deployments": "apps", "statefulsets": "apps", "replicasets": "apps",
    "daemonsets": "apps", "jobs": "batch", "cronjobs": "batch",
}


def _grants(role, resources: set, verbs: set):
    for _, _, rule_verbs, rule_resources, groups in _rules(role):
        if not rule_verbs & (verbs | {"*"}):
            continue
        for resource in resources:
            if (resource in rule_resources or "*" in rule_resources) and _in_groups(groups, RESOURCE_GROUPS[resource]):
                return True
    return False


def _role_of(index, binding, ref: dict):
    """The Role or ClusterRole among the inputs that `binding` refers to."""
    kind = ref.get("kind")
    if kind not in ("Role", "ClusterRole"):
        return None
    # A RoleBinding's Role lives in the binding's own namespace.
    found = index.named(kind, ref.get("name"), binding if kind == "Role" else None, group=RBAC)
    return found[0][1] if found else None


def _binding_access(project, resources: set, verbs: set, what: str):
    index = project.view(ObjectIndex)
    for path, obj in index.objects:
        if obj.kind not in ("RoleBinding", "ClusterRoleBinding") or obj.group != RBAC:
            continue
        ref = mapping(obj.get(("roleRef",)))
        role = _role_of(index, obj, ref)
        if ref.get("name") == "cluster-admin" or role is None or not _grants(role, resources, verbs):
            continue  # cluster-admin is KM076's; undefined roles are unknown
        subjects = ", ".join(f"{mapping(s).get('kind')} '{mapping(s).get('name')}'" for s in items(obj.get(("subjects",)))) or "its subjects"
        where = "in every namespace" if obj.kind == "ClusterRoleBinding" else "in its namespace"
        yield at(obj, obj.value_span(("roleRef", "name")), f"{obj.kind} '{obj.name}' lets {subjects} {what} {where} through {ref.get('kind')} '{ref.get('name')}'", path=path)


@checks.project("KM077")
def access_to_secrets(project, ctx):
    yield from _binding_access(project, {"secrets"}, {"get", "list", "watch", "create", "update", "patch", "delete"}, "read or change Secrets")


@checks.project("KM078")
def access_to_create_pods(project, ctx):
    workloads = {"pods", "deployments", "statefulsets", "replicasets", "cronjobs", "jobs", "daemonsets"}
    yield from _binding_access(project, workloads, {"create"}, "create pods or workloads (and so run anything as any service account)")

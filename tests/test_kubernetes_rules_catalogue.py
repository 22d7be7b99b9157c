"""The Kubernetes policy rules as a set: kube-linter's defaults covered, profiles consistent."""

from __future__ import annotations

from cnlint.registry import load_catalogue

CATALOGUE = load_catalogue()
POLICY = [r for r in CATALOGUE if r.code.startswith("KM0")]

# kube-linter's checks that are on by default, apart from those of the schema rules
# (no-extensions-v1beta, schema-validation).
KUBE_LINTER_DEFAULTS = {
    "dangling-service", "deprecated-service-account-field", "docker-sock", "drop-net-raw-capability",
    "duplicate-env-var", "env-var-secret", "host-ipc", "host-network", "host-pid", "invalid-target-ports",
    "latest-tag", "liveness-port", "mismatching-selector", "no-anti-affinity", "no-read-only-root-fs",
    "non-existent-service-account", "pdb-max-unavailable", "pdb-min-available", "pdb-unhealthy-pod-eviction-policy",
    "privilege-escalation-container", "privileged-container", "readiness-port", "run-as-non-root",
    "sensitive-host-mounts", "ssh-port", "startup-port", "unsafe-sysctls", "unset-cpu-requirements",
    "unset-memory-requirements",
}


def test_every_kube_linter_default_check_is_a_default_rule():
    default_aliases = {a for r in POLICY if r.default for a in r.aliases}
    assert sorted(KUBE_LINTER_DEFAULTS - default_aliases) == []


def test_the_default_tag_names_exactly_the_default_rules():
    assert [r.code for r in POLICY if ("default" in r.tags) != r.default] == []


def test_strict_holds_every_default_rule_and_every_rule_has_a_profile():
    assert [r.code for r in POLICY if r.default and "strict" not in r.tags] == []
    assert [r.code for r in POLICY if not r.tags] == []


def test_restricted_holds_baseline():
    assert [r.code for r in POLICY if "pss-baseline" in r.tags and "pss-restricted" not in r.tags] == []


def test_policy_codes_stay_below_the_schema_range():
    assert all(int(r.code[2:]) < 100 for r in POLICY)
    assert [r.code for r in POLICY] == [f"KM{n:03d}" for n in range(1, len(POLICY) + 1)]


# Every built-in check kube-linter has shipped (pkg/builtinchecks/yamls), older
# names of renamed checks included, so its ignore annotations keep working.
KUBE_LINTER_CHECKS = KUBE_LINTER_DEFAULTS | {
    "access-to-create-pods", "access-to-secrets", "aggregate-to-admin-escalation",
    "approve-signers-without-resource-names", "automount-service-account-token", "bind-verb-in-role",
    "cluster-admin-role-binding", "cluster-wide-secrets-access", "configmap-with-credentials", "container-runtime-sock",
    "dangling-horizontalpodautoscaler", "dangling-ingress", "dangling-networkpolicy", "dangling-networkpolicy-rule",
    "dangling-networkpolicypeer-podselector", "dangling-servicemonitor", "default-service-account",
    "deletecollection-verb-in-role", "dnsconfig-options", "env-value-from", "escalate-verb-in-role", "exposed-services",
    "externalname-service-redirect", "hpa-maximum-replicas", "hpa-minimum-three-replicas", "image-not-pinned-by-digest",
    "image-sha", "impersonate-without-resource-names", "init-container-security-gap", "insecure-route-termination",
    "job-ttl-seconds-after-finished", "minimum-three-replicas", "no-extensions-v1beta", "no-liveness-probe",
    "no-node-affinity", "no-readiness-probe", "no-rolling-update-strategy", "no-startup-probe", "non-isolated-pod",
    "pod-disruption-budget", "priority-class-name", "privileged-ports", "probe-port", "projected-token-long-expiration",
    "read-secret-from-env-var", "required-annotation-email", "required-label-owner", "restart-policy",
    "scc-deny-privileged-container", "schema-validation", "sorted-keys", "target-port-specification",
    "unsafe-proc-mount", "unset-ephemeral-storage-requirements", "upgrade-strategy", "use-namespace",
    "volume-mounts", "volumeclaimtemplates", "webhook-failure-policy-ignore", "wildcard-in-rules",
    "wildcard-resource-verb-combo", "writable-host-mount",
}


# kube-linter checks cnlint does not have: duplicate-kinds (no documented
# meaning), kube-chainsaw-rbac (an external RBAC graph analyser),
# stackrox-securedcluster-deprecated-fields (one product's custom resource).
NOT_COVERED = {"duplicate-kinds", "kube-chainsaw-rbac", "stackrox-securedcluster-deprecated-fields"}


def test_every_kube_linter_check_is_an_alias():
    aliases = {a for r in CATALOGUE if r.code.startswith("KM") for a in r.aliases}
    assert sorted(KUBE_LINTER_CHECKS - aliases) == []
    assert sorted(NOT_COVERED & aliases) == []


# Rules past the schema range that act only when their setting is given, so
# they run by default like their Dockerfile twins (trusted-registries: DF027).
SETTING_DRIVEN = {"KM155"}


def test_policy_rules_past_the_schema_range_are_contiguous_and_strict():
    extra = [r for r in CATALOGUE if r.code.startswith("KM") and int(r.code[2:]) >= 150]
    assert [r.code for r in extra] == [f"KM{n}" for n in range(150, 150 + len(extra))]
    assert [r.code for r in extra if r.code not in SETTING_DRIVEN and (r.default or list(r.tags) != ["strict"])] == []
    assert all(CATALOGUE.by_code[c].default for c in SETTING_DRIVEN)

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
